//! Idle and scheduled shutdown on a real engine: a time to stop at, a run
//! length, and an idle limit judged from real CPU counters and running execs
//! (a sleeping container is idle, a busy loop is not, nor is one with a
//! process started by exec). Checked every second here.

use std::time::{Duration, Instant};

use chrono::SecondsFormat;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tianqi_core::clock::Clock;

use crate::docker_env::{busybox_image, docker, docker_host};
use crate::fixtures::catalog;
use crate::harness::{assert_error, Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;

async fn create(s: &TestServer, token: &str, body: Value) -> i64 {
    let (st, v) = s.post("/api/v1/instances", token, body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(v["status"], "running", "{v}");
    v["id"].as_i64().unwrap()
}

async fn instance(s: &TestServer, token: &str, id: i64) -> Value {
    let (st, v) = s.get(&format!("/api/v1/instances/{id}"), token).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v
}

/// Polls until `done(instance)` holds, for at most `limit`.
async fn wait_for(
    s: &TestServer,
    token: &str,
    id: i64,
    limit: Duration,
    what: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let start = Instant::now();
    loop {
        let v = instance(s, token, id).await;
        if done(&v) {
            return v;
        }
        assert!(start.elapsed() < limit, "{what}: still {v}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

async fn put_auto_stop(s: &TestServer, token: &str, id: i64, body: Value) -> (StatusCode, Value) {
    s.call(
        Method::PUT,
        &format!("/api/v1/instances/{id}/auto-stop"),
        Some(token),
        Some(body),
    )
    .await
}

/// Instance names are container names on the shared test engine: unique
/// per run, so the SQLite and PostgreSQL runs do not meet.
fn name(base: &str) -> String {
    format!("{base}-{:06x}", rand::random::<u32>() & 0xff_ffff)
}

async fn idle_and_scheduled_shutdown(site: &Site) {
    let mut config = site.config();
    config.instances.autostop_interval_secs = 1;
    config.instances.autostop_warn_minutes = 1;
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let a = s.admin_token.clone();
    let (_, image_id, spec_id) = catalog(&s, "idle", 8.0, 0.5, 0.03).await;
    let (st, busy_image) = s
        .post(
            "/api/v1/images",
            &a,
            json!({"name": "idle-busy", "address": busybox_image(),
                   "keep_alive_command": ["sh", "-c", "while :; do :; done"]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{busy_image}");
    let busy_image = busy_image["id"].as_i64().unwrap();
    let (_, alice) = s.user("alice", "user").await;
    let (_, bob) = s.user("bob", "user").await;

    // Bad input names its field; nothing changes.
    let past =
        (s.clock.now() - chrono::Duration::minutes(1)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let (st, v) = s
        .post(
            "/api/v1/instances",
            &alice,
            json!({"name": name("past"), "image_id": image_id, "spec_id": spec_id, "stop_at": past}),
        )
        .await;
    assert_error(
        &(st, v),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("stop_at"),
    );
    let (st, list) = s.get("/api/v1/instances", &alice).await;
    assert_eq!((st, &list["total"]), (StatusCode::OK, &json!(0)), "{list}");
    let (st, v) = s
        .call(
            Method::PATCH,
            &format!("/api/v1/specs/{spec_id}"),
            Some(&a),
            Some(json!({"idle_stop_minutes": -5})),
        )
        .await;
    assert_error(
        &(st, v),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("idle_stop_minutes"),
    );
    let (st, v) = s
        .call(
            Method::PUT,
            "/api/v1/quotas/default",
            Some(&a),
            Some(json!({"idle_stop_minutes": 0})),
        )
        .await;
    assert_error(
        &(st, v),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("idle_stop_minutes"),
    );

    // A time to stop at (in 5 minutes), and a run length of 0.2 h (12 min),
    // on the server's clock, which the test moves.
    let t0 = s.clock.now();
    let at = (t0 + chrono::Duration::minutes(5)).to_rfc3339_opts(SecondsFormat::Millis, true);
    let sched = create(
        &s,
        &alice,
        json!({"name": name("sched"), "image_id": image_id, "spec_id": spec_id, "stop_at": at}),
    )
    .await;
    let runlen = create(
        &s,
        &alice,
        json!({"name": name("runlen"), "image_id": image_id, "spec_id": spec_id, "stop_after_hours": 0.2}),
    )
    .await;
    let due = wait_for(&s, &alice, sched, Duration::from_secs(5), "due", |v| {
        v["auto_stop"]["due_at"].is_string()
    })
    .await;
    assert_eq!(due["auto_stop"]["reason"], "scheduled", "{due}");
    assert_eq!(due["auto_stop"]["warn"], false, "{due}");
    assert_eq!(
        due["auto_stop"]["due_at"], due["auto_stop"]["stop_at"],
        "{due}"
    );
    let due = wait_for(&s, &alice, runlen, Duration::from_secs(5), "due", |v| {
        v["auto_stop"]["due_at"].is_string()
    })
    .await;
    assert_eq!(due["auto_stop"]["reason"], "max_runtime", "{due}");
    assert_eq!(due["auto_stop"]["stop_after_hours"], 0.2, "{due}");
    // bob cannot see or change alice's schedule; bad values name their field
    let (st, _) = put_auto_stop(&s, &bob, sched, json!({"stop_at": null})).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, v) = put_auto_stop(&s, &alice, sched, json!({"stop_after_hours": -1})).await;
    assert_error(
        &(st, v),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("stop_after_hours"),
    );
    let (st, _) = put_auto_stop(&s, &alice, sched, json!({"stop_at": at, "when": 1})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let v = instance(&s, &alice, sched).await;
    assert_eq!(
        v["auto_stop"]["stop_at"].as_str().map(|t| &t[..19]),
        Some(&at[..19]),
        "{v}"
    );

    s.clock.advance(Duration::from_secs(4 * 60 + 30));
    let v = instance(&s, &alice, sched).await;
    assert_eq!(v["auto_stop"]["warn"], true, "warned a minute before: {v}");
    let v = instance(&s, &alice, runlen).await;
    assert_eq!(v["auto_stop"]["warn"], false, "{v}");

    s.clock.advance(Duration::from_secs(60));
    let v = wait_for(
        &s,
        &alice,
        sched,
        Duration::from_secs(20),
        "stopped at its time",
        |v| v["status"] == "exited",
    )
    .await;
    assert_eq!(v["exit_reason"], "auto_stopped", "{v}");
    assert_eq!(v["auto_stop"]["reason"], "scheduled", "{v}");
    assert_eq!(
        v["auto_stop"]["stop_at"],
        Value::Null,
        "the time is used up: {v}"
    );
    assert_eq!(instance(&s, &alice, runlen).await["status"], "running");

    s.clock.advance(Duration::from_secs(7 * 60));
    let v = wait_for(
        &s,
        &alice,
        runlen,
        Duration::from_secs(20),
        "stopped after its run length",
        |v| v["status"] == "exited",
    )
    .await;
    assert_eq!(v["exit_reason"], "auto_stopped", "{v}");
    assert_eq!(v["auto_stop"]["reason"], "max_runtime", "{v}");
    assert_eq!(
        v["auto_stop"]["stop_after_hours"], 0.2,
        "kept for the next start: {v}"
    );

    // Idle for a minute, from the spec. A sleeping container is idle; a busy
    // loop is not; a process started by exec (what a terminal or an SSH
    // session is) counts as use. CPU is read from the engine's counters.
    let (st, v) = s
        .call(
            Method::PATCH,
            &format!("/api/v1/specs/{spec_id}"),
            Some(&a),
            Some(json!({"idle_stop_minutes": 1})),
        )
        .await;
    assert_eq!(
        (st, &v["idle_stop_minutes"]),
        (StatusCode::OK, &json!(1)),
        "{v}"
    );
    let sleeper = create(
        &s,
        &alice,
        json!({"name": name("sleeper"), "image_id": image_id, "spec_id": spec_id}),
    )
    .await;
    let busy = create(
        &s,
        &alice,
        json!({"name": name("busy"), "image_id": busy_image, "spec_id": spec_id}),
    )
    .await;
    let talker = create(
        &s,
        &alice,
        json!({"name": name("talker"), "image_id": image_id, "spec_id": spec_id}),
    )
    .await;
    let container = instance(&s, &alice, talker).await["container_id"]
        .as_str()
        .unwrap()
        .to_owned();
    docker(&docker_host(), &["exec", "-d", &container, "sleep", "600"]);

    let idle = wait_for(&s, &alice, sleeper, Duration::from_secs(15), "idle", |v| {
        v["auto_stop"]["idle_since"].is_string()
    })
    .await;
    assert_eq!(idle["auto_stop"]["reason"], "idle", "{idle}");
    // a few more rounds: the others stay in use
    tokio::time::sleep(Duration::from_secs(3)).await;
    for id in [busy, talker] {
        let v = instance(&s, &alice, id).await;
        assert_eq!(v["auto_stop"]["idle_since"], Value::Null, "{v}");
        assert_eq!(v["auto_stop"]["due_at"], Value::Null, "{v}");
    }
    s.clock.advance(Duration::from_secs(61));
    let stopped = wait_for(
        &s,
        &alice,
        sleeper,
        Duration::from_secs(20),
        "stopped when idle",
        |v| v["status"] == "exited",
    )
    .await;
    assert_eq!(stopped["exit_reason"], "auto_stopped", "{stopped}");
    assert_eq!(stopped["auto_stop"]["reason"], "idle", "{stopped}");
    tokio::time::sleep(Duration::from_secs(2)).await;
    for id in [busy, talker] {
        let v = instance(&s, &alice, id).await;
        assert_eq!(v["status"], "running", "{v}");
        assert_eq!(v["auto_stop"]["idle_since"], Value::Null, "{v}");
    }

    // Each automatic stop is audited with its reason.
    let (st, log) = s
        .get("/api/v1/audit?route=autostop&page_size=100", &a)
        .await;
    assert_eq!(st, StatusCode::OK, "{log}");
    let mut reasons: Vec<String> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let d: Value = serde_json::from_str(e["detail"].as_str().unwrap_or("{}")).unwrap();
            let base = d["instance"].as_str().unwrap().split('-').next().unwrap();
            format!("{base}:{}", d["reason"].as_str().unwrap())
        })
        .collect();
    reasons.sort();
    assert_eq!(
        reasons,
        ["runlen:max_runtime", "sched:scheduled", "sleeper:idle"],
        "{log}"
    );

    // A start begins afresh.
    let (st, v) = s
        .post(
            &format!("/api/v1/instances/{sleeper}/start"),
            &alice,
            json!({}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["auto_stop"]["idle_since"], Value::Null, "{v}");
    assert_eq!(v["exit_reason"], "none", "{v}");

    for id in [sched, runlen, sleeper, busy, talker] {
        let (st, v) = s.delete(&format!("/api/v1/instances/{id}"), &a).await;
        assert_eq!(st, StatusCode::NO_CONTENT, "{v}");
    }
    s.stop().await;
}
on_both!(idle_and_scheduled_shutdown);
