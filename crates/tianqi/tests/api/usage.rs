//! Usage metering on a real engine with the server's clock moved by the test:
//! intervals opened and closed by start/stop, a price change between them, a
//! server restart in the middle of one, and one left open by a crash.

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::docker_env::{docker, docker_host};
use crate::fixtures::catalog;
use crate::harness::{assert_error, bodies_with, Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;
use tianqi_core::clock::Clock;

const MIN: Duration = Duration::from_secs(60);

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The usage over [t0 - 1 h, t0 + 1 day) as `token` sees it.
async fn usage(s: &TestServer, token: &str, t0: DateTime<Utc>, by: &str) -> Value {
    let path = format!(
        "/api/v1/usage?group_by={by}&from={}&to={}",
        iso(t0 - chrono::Duration::hours(1)),
        iso(t0 + chrono::Duration::days(1))
    );
    let (st, v) = s.get(&path, token).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v
}

async fn set_price(s: &TestServer, spec_id: i64, price: &str) {
    let (st, v) = s
        .call(
            Method::PATCH,
            &format!("/api/v1/specs/{spec_id}"),
            Some(&s.admin_token),
            Some(json!({"price_per_hour": price})),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
}

async fn node_check(s: &TestServer, node_id: i64) {
    let (st, v) = s
        .call(
            Method::POST,
            &format!("/api/v1/nodes/{node_id}/test"),
            Some(&s.admin_token),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
}

async fn metering_follows_the_instance(site: &Site) {
    let s = TestServer::start(site).await;
    let (node_id, image_id, spec_id) = catalog(&s, "meter", 2.0, 0.5, 0.05).await;
    set_price(&s, spec_id, "2.00").await;
    let (una_id, una) = s.user("una", "user").await;
    let (_, other) = s.user("otto", "user").await;
    let t0 = s.clock.now();
    let (st, inst) = s
        .post(
            "/api/v1/instances",
            &una,
            json!({"name": format!("m1-{:08x}", rand::random::<u32>()), "image_id": image_id, "spec_id": spec_id}),
        )
        .await;
    assert_eq!(
        (st, inst["status"].as_str()),
        (StatusCode::CREATED, Some("running")),
        "{inst}"
    );
    let id = inst["id"].as_i64().unwrap();

    // 30 min at 2.00, stopped; the price rises to 4.00; started again.
    s.clock.advance(30 * MIN);
    let (st, v) = s
        .post(&format!("/api/v1/instances/{id}/stop"), &una, json!({}))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    s.clock.advance(60 * MIN); // stopped: accrues nothing
    set_price(&s, spec_id, "4.00").await;
    let (st, v) = s
        .post(&format!("/api/v1/instances/{id}/start"), &una, json!({}))
        .await;
    assert_eq!(
        (st, v["status"].as_str()),
        (StatusCode::OK, Some("running")),
        "{v}"
    );
    s.clock.advance(15 * MIN);

    let r = usage(&s, &una, t0, "user").await;
    assert_eq!(r["rows"].as_array().unwrap().len(), 1, "{r}");
    let row = &r["rows"][0];
    assert_eq!(row["key"], una_id.to_string());
    assert_eq!(row["label"], "una");
    assert_eq!(row["instance_hours"], 0.75, "{r}");
    assert_eq!(row["cpu_core_hours"], 0.375, "{r}");
    assert_eq!(row["gpu_hours"], 0.0, "{r}");
    // 0.5 h × 2.00 + 0.25 h × 4.00 (the open interval keeps its start price)
    assert_eq!(row["cost"], "2.00", "{r}");
    assert_eq!(r["total"]["cost"], "2.00");
    // a price change while it runs does not touch the open interval
    set_price(&s, spec_id, "100.00").await;
    assert_eq!(usage(&s, &una, t0, "user").await["total"]["cost"], "2.00");

    // The server restarts while the interval is open: it stays open and the
    // reconciler keeps seeing the container.
    let now = s.clock.now();
    s.stop().await;
    let s = TestServer::start_at(site.config(), ADMIN_PASSWORD, now).await;
    s.clock.advance(15 * MIN);
    node_check(&s, node_id).await;
    let r = usage(&s, &una, t0, "spec").await;
    assert_eq!(r["rows"][0]["key"], spec_id.to_string(), "{r}");
    assert_eq!(r["rows"][0]["label"], "meter-small", "{r}");
    assert_eq!(r["rows"][0]["instance_hours"], 1.0, "{r}");
    assert_eq!(r["total"]["cost"], "3.00", "{r}");

    // Users see their own only; admins everyone's, by node or day.
    let r = usage(&s, &other, t0, "user").await;
    assert_eq!(
        (r["rows"].as_array().unwrap().len(), &r["total"]["cost"]),
        (0, &json!("0.00")),
        "{r}"
    );
    let r = usage(&s, &s.admin_token, t0, "node").await;
    assert_eq!(r["rows"][0]["key"], node_id.to_string(), "{r}");
    assert_eq!(r["rows"][0]["label"], "meter", "{r}");
    let day = usage(&s, &s.admin_token, t0, "day").await;
    let hours: f64 = day["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["instance_hours"].as_f64().unwrap())
        .sum();
    assert!((hours - 1.0).abs() < 1e-9, "{day}");
    assert_eq!(day["total"]["cost"], "3.00");

    // CSV: a header, the rows, the total.
    let path = format!(
        "/api/v1/usage?group_by=user&format=csv&from={}&to={}",
        iso(t0 - chrono::Duration::hours(1)),
        iso(t0 + chrono::Duration::days(1))
    );
    let resp = s
        .http
        .get(s.url(&path))
        .bearer_auth(&s.admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = resp.text().await.unwrap();
    assert_eq!(
        csv,
        format!(
            "key,label,instance_hours,gpu_hours,cpu_core_hours,cost,workspace_hours,task_run_hours,\
             finetune_hours,disk_gb_hours\n{una_id},una,1,0,0.5,3.00,0,0,0,5\ntotal,,1,0,0.5,3.00,0,0,0,5\n"
        )
    );

    // Bad input names the field.
    assert_error(
        &s.get("/api/v1/usage?group_by=week", &una).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("group_by"),
    );
    let back = format!(
        "/api/v1/usage?from={}&to={}",
        iso(t0),
        iso(t0 - chrono::Duration::hours(1))
    );
    assert_error(
        &s.get(&back, &una).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("to"),
    );
    assert_error(
        &s.get("/api/v1/usage?from=yesterday", &una).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("from"),
    );
    // Deleting the instance closes its interval; its usage stays.
    let (st, _) = s.delete(&format!("/api/v1/instances/{id}"), &una).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    s.clock.advance(60 * MIN);
    assert_eq!(
        usage(&s, &una, t0, "user").await["total"]["instance_hours"],
        1.0
    );
    s.stop().await;
}
on_both!(metering_follows_the_instance);

/// A stopped instance's disks (system + data) accrue GB-hours at
/// `usage.disk_price_per_gb_hour`, from the stop to the start or the delete;
/// compute does not. Reported apart with `group_by=kind`.
async fn stopped_disks_accrue_at_the_disk_price(site: &Site) {
    let mut config = site.config();
    config.usage.disk_price_per_gb_hour = "0.01".into();
    let s = TestServer::start_with(config, crate::harness::ADMIN_PASSWORD).await;
    let (_, image_id, spec_id) = catalog(&s, "disk", 2.0, 0.5, 0.05).await;
    set_price(&s, spec_id, "1.00").await;
    let (_, vera) = s.user("vera", "user").await;
    let t0 = s.clock.now();
    let (st, inst) = s
        .post(
            "/api/v1/instances",
            &vera,
            json!({"name": format!("d1-{:08x}", rand::random::<u32>()), "image_id": image_id, "spec_id": spec_id}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{inst}");
    let id = inst["id"].as_i64().unwrap();
    let disks = inst["system_disk_gb"].as_i64().unwrap() + inst["data_disk_gb"].as_i64().unwrap();
    assert_eq!(disks, 5, "{inst}");

    // 1 h running, 2 h stopped, 1 h running, 1 h stopped, deleted, 1 h more.
    s.clock.advance(60 * MIN);
    s.post(&format!("/api/v1/instances/{id}/stop"), &vera, json!({}))
        .await;
    s.clock.advance(120 * MIN);
    let (st, v) = s
        .post(&format!("/api/v1/instances/{id}/start"), &vera, json!({}))
        .await;
    assert_eq!(
        (st, v["status"].as_str()),
        (StatusCode::OK, Some("running")),
        "{v}"
    );
    s.clock.advance(60 * MIN);
    s.post(&format!("/api/v1/instances/{id}/stop"), &vera, json!({}))
        .await;
    s.clock.advance(60 * MIN);
    let (st, _) = s.delete(&format!("/api/v1/instances/{id}"), &vera).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    s.clock.advance(60 * MIN);

    let r = usage(&s, &vera, t0, "kind").await;
    let row = |kind: &str| {
        r["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["key"] == kind)
            .cloned()
            .unwrap_or_else(|| panic!("no {kind} row: {r}"))
    };
    let (compute, disk) = (row("instance"), row("disk"));
    assert_eq!(
        (
            &compute["instance_hours"],
            &compute["disk_gb_hours"],
            &compute["cost"]
        ),
        (&json!(2.0), &json!(0.0), &json!("2.00")),
        "{r}"
    );
    // 3 h stopped × 5 GB = 15 GB-h at 0.01 = 0.15; nothing after the delete.
    assert_eq!(
        (
            &disk["disk_gb_hours"],
            &disk["instance_hours"],
            &disk["cpu_core_hours"],
            &disk["cost"]
        ),
        (&json!(15.0), &json!(0.0), &json!(0.0), &json!("0.15")),
        "{r}"
    );
    assert_eq!(r["total"]["cost"], "2.15", "{r}");
    s.stop().await;
}
on_both!(stopped_disks_accrue_at_the_disk_price);

/// The server goes down while an instance runs; the container dies while it
/// is down. The open interval closes at the last time the reconciler saw the
/// container running, not when the server comes back.
async fn crash_left_interval_closes_at_last_seen(site: &Site) {
    let s = TestServer::start(site).await;
    let a = s.admin_token.clone();
    let (node_id, image_id, spec_id) = catalog(&s, "crash", 2.0, 1.0, 0.05).await;
    set_price(&s, spec_id, "1.50").await;
    let t0 = s.clock.now();
    let (st, inst) = s
        .post(
            "/api/v1/instances",
            &a,
            json!({"name": format!("c1-{:08x}", rand::random::<u32>()), "image_id": image_id, "spec_id": spec_id}),
        )
        .await;
    assert_eq!(
        (st, inst["status"].as_str()),
        (StatusCode::CREATED, Some("running")),
        "{inst}"
    );
    let container = inst["container_id"].as_str().unwrap().to_owned();
    s.clock.advance(60 * MIN);
    node_check(&s, node_id).await; // seen running at t0 + 1 h
    let now = s.clock.now();
    s.stop().await;

    docker(&docker_host(), &["kill", &container]);
    let later = now + chrono::Duration::hours(2);
    let s = TestServer::start_at(site.config(), ADMIN_PASSWORD, later).await;
    node_check(&s, node_id).await;
    let (_, v) = s
        .get(&format!("/api/v1/instances/{}", inst["id"]), &s.admin_token)
        .await;
    assert_eq!(v["status"], "exited", "{v}");
    let r = usage(&s, &s.admin_token, t0, "spec").await;
    assert_eq!(r["rows"][0]["instance_hours"], 1.0, "{r}");
    assert_eq!(r["rows"][0]["cpu_core_hours"], 1.0, "{r}");
    assert_eq!(r["total"]["cost"], "1.50", "{r}");
    // closed: time goes on, the sum does not
    s.clock.advance(60 * MIN);
    assert_eq!(
        usage(&s, &s.admin_token, t0, "spec").await["total"]["cost"],
        "1.50"
    );
    let (st, _) = s
        .delete(&format!("/api/v1/instances/{}", inst["id"]), &s.admin_token)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    s.stop().await;
}
on_both!(crash_left_interval_closes_at_last_seen);

async fn create_as(
    s: &TestServer,
    token: &str,
    image_id: i64,
    spec_id: i64,
) -> (StatusCode, Value) {
    let name = format!("q-{:08x}", rand::random::<u32>());
    s.post(
        "/api/v1/instances",
        token,
        json!({"name": name, "image_id": image_id, "spec_id": spec_id}),
    )
    .await
}

async fn put(s: &TestServer, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    s.call(Method::PUT, path, Some(token), Some(body)).await
}

/// 20 concurrent creates against a quota of 3: exactly 3 run, 17 are refused
/// naming the quota and the use. Stopped instances do not count; starting one
/// again does. The default quota applies to everyone else.
async fn quotas_hold_under_concurrent_creates(site: &Site) {
    let s = TestServer::start(site).await;
    let a = s.admin_token.clone();
    let (_, image_id, spec_id) = catalog(&s, "quota", 8.0, 0.1, 0.03).await;
    let (quin_id, quin) = s.user("quin", "user").await;
    let mut ids = Vec::new();

    // One instance first (it makes quin's network), then stopped: it holds
    // its reservation but does not count against "running".
    let (st, first) = create_as(&s, &quin, image_id, spec_id).await;
    assert_eq!(st, StatusCode::CREATED, "{first}");
    let first_id = first["id"].as_i64().unwrap();
    ids.push(first_id);
    let (st, v) = s
        .post(
            &format!("/api/v1/instances/{first_id}/stop"),
            &quin,
            json!({}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");

    let (st, q) = put(
        &s,
        &a,
        &format!("/api/v1/quotas/{quin_id}"),
        json!({"max_instances": 3}),
    )
    .await;
    assert_eq!(
        (st, &q["max_instances"]),
        (StatusCode::OK, &json!(3)),
        "{q}"
    );

    let calls = (0..20).map(|_| create_as(&s, &quin, image_id, spec_id));
    let results = futures::future::join_all(calls).await;
    let created = bodies_with(&results, StatusCode::CREATED);
    let refused = bodies_with(&results, StatusCode::CONFLICT);
    ids.extend(created.iter().map(|b| b["id"].as_i64().unwrap()));
    assert_eq!(created.len(), 3, "{results:?}");
    assert!(
        created.iter().all(|b| b["status"] == "running"),
        "{created:?}"
    );
    assert_eq!(refused.len(), 17, "{results:?}");
    for b in &refused {
        assert_eq!(
            b["error"]["message"], "quota max_instances exceeded: limit 3, in use 3",
            "{b}"
        );
    }
    let (_, mine) = s.get("/api/v1/me/quota", &quin).await;
    assert_eq!(mine["quota"]["max_instances"], 3, "{mine}");
    assert_eq!(mine["in_use"]["instances"], 3, "{mine}");
    assert_eq!(mine["in_use"]["cpu_cores"], 0.3, "{mine}");
    assert_eq!(mine["in_use"]["month_cost"], "0.00", "{mine}");
    // starting the stopped one would be a fourth
    let (st, v) = s
        .post(
            &format!("/api/v1/instances/{first_id}/start"),
            &quin,
            json!({}),
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("max_instances"),
        "{v}"
    );

    // The default quota: everyone without their own.
    let (st, _) = put(
        &s,
        &a,
        "/api/v1/quotas/default",
        json!({"max_cpu_cores": 0.25}),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    let (_, quay) = s.user("quay", "user").await;
    for _ in 0..2 {
        let (st, v) = create_as(&s, &quay, image_id, spec_id).await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
        ids.push(v["id"].as_i64().unwrap());
    }
    let (st, v) = create_as(&s, &quay, image_id, spec_id).await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    assert_eq!(
        v["error"]["message"],
        "quota max_cpu_cores exceeded: limit 0.25 cores, in use 0.2 cores"
    );

    // The admin API: list, validation, 404, 403.
    let (_, list) = s.get("/api/v1/quotas", &a).await;
    assert_eq!(list["default"]["max_cpu_cores"], 0.25, "{list}");
    assert_eq!(list["users"][0]["username"], "quin", "{list}");
    assert_eq!(
        list["users"][0]["quota"]["max_cpu_cores"],
        Value::Null,
        "{list}"
    );
    assert_error(
        &put(&s, &a, "/api/v1/quotas/default", json!({"max_gpus": -1})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("max_gpus"),
    );
    assert_error(
        &put(
            &s,
            &a,
            "/api/v1/quotas/default",
            json!({"max_cpu_cores": -2}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("max_cpu_cores"),
    );
    let (st, _) = put(&s, &a, "/api/v1/quotas/default", json!({"max_things": 1})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let (st, _) = put(&s, &a, "/api/v1/quotas/999999", json!({})).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = put(&s, &quin, &format!("/api/v1/quotas/{quin_id}"), json!({})).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _) = s.delete(&format!("/api/v1/quotas/{quin_id}"), &a).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (st, _) = s.delete(&format!("/api/v1/quotas/{quin_id}"), &a).await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    for id in ids {
        let (st, v) = s.delete(&format!("/api/v1/instances/{id}"), &a).await;
        assert_eq!(st, StatusCode::NO_CONTENT, "{v}");
    }
    s.stop().await;
}
on_both!(quotas_hold_under_concurrent_creates);

/// Starting stopped instances counts against the quota atomically: with a
/// quota of 2 and five stopped instances, 15 concurrent starts and restarts
/// (each instance three times) leave exactly 2 running; a repeated start of
/// one that runs is not refused; the rest name the quota.
async fn quotas_hold_under_concurrent_starts(site: &Site) {
    let s = TestServer::start(site).await;
    let a = s.admin_token.clone();
    let (_, image_id, spec_id) = catalog(&s, "qstart", 8.0, 0.1, 0.03).await;
    let (quen_id, quen) = s.user("quen", "user").await;
    let mut ids = Vec::new();
    for _ in 0..5 {
        let (st, v) = create_as(&s, &quen, image_id, spec_id).await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
        let id = v["id"].as_i64().unwrap();
        let (st, v) = s
            .post(&format!("/api/v1/instances/{id}/stop"), &quen, json!({}))
            .await;
        assert_eq!(st, StatusCode::OK, "{v}");
        ids.push(id);
    }
    let (st, q) = put(
        &s,
        &a,
        &format!("/api/v1/quotas/{quen_id}"),
        json!({"max_instances": 2}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{q}");

    let calls = ids.iter().flat_map(|id| {
        ["start", "restart", "start"]
            .into_iter()
            .map(move |op| (*id, op))
    });
    let results = futures::future::join_all(calls.map(|(id, op)| {
        let s = &s;
        let quen = &quen;
        async move {
            s.post(&format!("/api/v1/instances/{id}/{op}"), quen, json!({}))
                .await
        }
    }))
    .await;
    for b in bodies_with(&results, StatusCode::CONFLICT) {
        assert_eq!(
            b["error"]["message"], "quota max_instances exceeded: limit 2, in use 2",
            "{b}"
        );
    }
    let started: std::collections::BTreeSet<i64> = bodies_with(&results, StatusCode::OK)
        .iter()
        .map(|b| b["id"].as_i64().unwrap())
        .collect();
    let codes: Vec<StatusCode> = results.iter().map(|(st, _)| *st).collect();
    assert_eq!(started.len(), 2, "started {started:?}; answers {codes:?}");
    let mut running = 0;
    for id in &ids {
        let (_, v) = s.get(&format!("/api/v1/instances/{id}"), &quen).await;
        if v["status"] == "running" {
            running += 1;
            assert!(started.contains(id), "{v}");
        }
    }
    assert_eq!(running, 2);
    let (_, mine) = s.get("/api/v1/me/quota", &quen).await;
    assert_eq!(mine["in_use"]["instances"], 2, "{mine}");
    assert!(
        codes
            .iter()
            .all(|c| *c == StatusCode::OK || *c == StatusCode::CONFLICT),
        "{codes:?}"
    );

    for id in ids {
        let (st, v) = s.delete(&format!("/api/v1/instances/{id}"), &a).await;
        assert_eq!(st, StatusCode::NO_CONTENT, "{v}");
    }
    s.stop().await;
}
on_both!(quotas_hold_under_concurrent_starts);
