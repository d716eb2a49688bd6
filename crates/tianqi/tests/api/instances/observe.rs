//! What the server learns from the engine: reconciliation and orphans, stats
//! and logs.

use super::*;

/// Containers changed behind the platform's back: statuses follow on the next
/// check, a removed container makes the instance `missing` (kept), and a
/// labelled container without an instance is listed as an orphan and removable.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconciliation_and_orphans() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let a = s.admin_token.clone();
    let (node_id, image_id, spec_id) = catalog(&s, "rec", 2.0, 0.2, 0.05).await;
    let (_, inst) = s
        .post(
            "/api/v1/instances",
            &a,
            json!({"name": "rec-1", "image_id": image_id, "spec_id": spec_id}),
        )
        .await;
    let id = inst["id"].as_i64().unwrap();
    let container = inst["container_id"].as_str().unwrap().to_owned();
    let host = docker_host();

    docker(&host, &["stop", "-t", "1", &container]);
    s.call(
        Method::POST,
        &format!("/api/v1/nodes/{node_id}/test"),
        Some(&a),
        None,
    )
    .await;
    let (_, now) = s.get(&format!("/api/v1/instances/{id}"), &a).await;
    assert_eq!(now["status"], "exited", "{now}");
    docker(&host, &["start", &container]);
    s.call(
        Method::POST,
        &format!("/api/v1/nodes/{node_id}/test"),
        Some(&a),
        None,
    )
    .await;
    let (_, now) = s.get(&format!("/api/v1/instances/{id}"), &a).await;
    assert_eq!(now["status"], "running", "{now}");
    docker(&host, &["rm", "-f", &container]);
    s.call(
        Method::POST,
        &format!("/api/v1/nodes/{node_id}/test"),
        Some(&a),
        None,
    )
    .await;
    let (st, now) = s.get(&format!("/api/v1/instances/{id}"), &a).await;
    assert_eq!(
        (st, now["status"].as_str()),
        (StatusCode::OK, Some("missing")),
        "never silently deleted: {now}"
    );
    assert!(!now["status_error"].as_str().unwrap().is_empty());

    // an orphan: our labels, no row
    let install = install_id(&site);
    assert_eq!(install.len(), 8, "install id {install:?}");
    let orphan = docker(
        &host,
        &[
            "run",
            "-d",
            "--label",
            "tianqi.managed=true",
            "--label",
            &format!("tianqi.install={install}"),
            "--label",
            "tianqi.instance=424242",
            &busybox_image(),
            "sleep",
            "300",
        ],
    )
    .trim()
    .to_owned();
    // another installation's container is not ours to report
    let foreign = docker(
        &host,
        &[
            "run",
            "-d",
            "--label",
            "tianqi.managed=true",
            "--label",
            "tianqi.install=someone",
            "--label",
            "tianqi.instance=1",
            &busybox_image(),
            "sleep",
            "300",
        ],
    )
    .trim()
    .to_owned();
    let (st, list) = s.get("/api/v1/admin/orphans", &a).await;
    assert_eq!(st, StatusCode::OK, "{list}");
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["container_id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&orphan.as_str()), "{list}");
    assert!(!ids.contains(&foreign.as_str()), "{list}");
    let (_, user) = s.user("nosy", "user").await;
    assert_error(
        &s.get("/api/v1/admin/orphans", &user).await,
        StatusCode::FORBIDDEN,
        "forbidden",
        None,
    );
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/admin/orphans/{node_id}/{orphan}"),
            Some(&a),
            None,
        )
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT, "{}", r.1);
    let (_, list) = s.get("/api/v1/admin/orphans", &a).await;
    assert!(!list.to_string().contains(&orphan));
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/admin/orphans/{node_id}/{foreign}"),
            Some(&a),
            None,
        )
        .await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found", None);
    docker(&host, &["rm", "-f", &foreign]);
    // the missing instance can still be deleted (its volume goes too)
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/instances/{id}"),
            Some(&a),
            None,
        )
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT, "{}", r.1);
    s.finish(site).await;
}

/// Stats and logs of a real container, for its owner and admins only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stats_and_logs() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let a = s.admin_token.clone();
    let (_, _, spec_id) = catalog(&s, "obs", 2.0, 0.5, 0.125).await;
    let (_, img) = s
        .post("/api/v1/images", &a, json!({"name": "talker", "address": busybox_image(),
            "keep_alive_command": ["sh", "-c", "echo line-one; echo line-two >&2; exec sleep 600"]}))
        .await;
    let (_, carol) = s.user("carol", "user").await;
    let (_, dave) = s.user("dave", "user").await;
    let (_, inst) = s
        .post(
            "/api/v1/instances",
            &carol,
            json!({"name": "talk", "image_id": img["id"], "spec_id": spec_id}),
        )
        .await;
    assert_eq!(inst["status"], "running", "{inst}");
    let id = inst["id"].as_i64().unwrap();

    let (st, stats) = s
        .get(&format!("/api/v1/instances/{id}/stats"), &carol)
        .await;
    assert_eq!(st, StatusCode::OK, "{stats}");
    assert_eq!(stats["mem_limit"], 128 * 1024 * 1024);
    assert!(stats["mem_usage"].as_i64().unwrap() > 0);
    assert!(stats["pids"].as_i64().unwrap() >= 1);
    assert!(stats["cpu_percent"].as_f64().unwrap() >= 0.0);
    for key in ["net_rx", "net_tx", "blk_read", "blk_write", "mem_percent"] {
        assert!(stats.get(key).is_some(), "{key} missing: {stats}");
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let (st, logs) = s
        .get(&format!("/api/v1/instances/{id}/logs?tail=10"), &carol)
        .await;
    assert_eq!(st, StatusCode::OK, "{logs}");
    let lines = logs.as_array().unwrap();
    let one = lines
        .iter()
        .find(|l| l["line"].as_str().unwrap().ends_with("line-one"))
        .expect("stdout line");
    assert_eq!(one["stream"], "stdout");
    assert!(
        one["line"].as_str().unwrap().starts_with("20"),
        "timestamped: {one}"
    );
    let two = lines
        .iter()
        .find(|l| l["line"].as_str().unwrap().ends_with("line-two"))
        .expect("stderr line");
    assert_eq!(two["stream"], "stderr");
    let (_, last) = s
        .get(&format!("/api/v1/instances/{id}/logs?tail=1"), &carol)
        .await;
    assert_eq!(last.as_array().unwrap().len(), 1);
    let r = s
        .get(&format!("/api/v1/instances/{id}/logs?tail=99999"), &carol)
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("tail"),
    );

    // follow: SSE that starts with the existing lines
    let mut res = s
        .http
        .get(s.url(&format!("/api/v1/instances/{id}/logs?follow=true&tail=10")))
        .bearer_auth(&carol)
        .send()
        .await
        .unwrap();
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let mut seen = String::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !seen.contains("line-one") && std::time::Instant::now() < deadline {
        match tokio::time::timeout(std::time::Duration::from_secs(2), res.chunk()).await {
            Ok(Ok(Some(c))) => seen.push_str(&String::from_utf8_lossy(&c)),
            _ => break,
        }
    }
    assert!(
        seen.contains("event: log") && seen.contains("line-one"),
        "{seen}"
    );
    drop(res);
    // the stats stream sends a first sample at once
    let mut res = s
        .http
        .get(s.url(&format!("/api/v1/instances/{id}/stats/stream")))
        .bearer_auth(&a)
        .send()
        .await
        .unwrap();
    let first = tokio::time::timeout(std::time::Duration::from_secs(5), res.chunk())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&first).contains("event: stats"));
    drop(res);

    // someone else's instance: 404 everywhere
    for path in [
        format!("/api/v1/instances/{id}/stats"),
        format!("/api/v1/instances/{id}/logs"),
        format!("/api/v1/instances/{id}/stats/stream"),
    ] {
        assert_error(
            &s.get(&path, &dave).await,
            StatusCode::NOT_FOUND,
            "not_found",
            None,
        );
    }
    let (st, _) = s.get(&format!("/api/v1/instances/{id}/stats"), &a).await;
    assert_eq!(st, StatusCode::OK);
    s.delete(&format!("/api/v1/instances/{id}"), &carol).await;
    s.finish(site).await;
}

/// The last hour's charts: a round samples every running instance (here every
/// second); a busy loop on a half-core quota reads a good part of it, memory
/// in use sits under the spec's limit, rates are per second and never
/// negative; only the owner and admins see it; stopped, it is forgotten.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stats_history_charts_the_last_hour() {
    let site = Site::new(Backend::Sqlite).await;
    let mut config = site.config();
    config.instances.stats_history_interval_secs = 1;
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let a = s.admin_token.clone();
    let (_, _, spec_id) = catalog(&s, "hist", 2.0, 0.5, 0.125).await;
    let (_, img) = s
        .post(
            "/api/v1/images",
            &a,
            json!({"name": "busy", "address": busybox_image(),
            "keep_alive_command": ["sh", "-c", "while :; do :; done"]}),
        )
        .await;
    let (_, erin) = s.user("erin", "user").await;
    let (_, frank) = s.user("frank", "user").await;
    let (_, inst) = s
        .post(
            "/api/v1/instances",
            &erin,
            json!({"name": "busy", "image_id": img["id"], "spec_id": spec_id}),
        )
        .await;
    assert_eq!(inst["status"], "running", "{inst}");
    let id = inst["id"].as_i64().unwrap();
    let path = format!("/api/v1/instances/{id}/stats/history");

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let history = loop {
        let (st, h) = s.get(&path, &erin).await;
        assert_eq!(st, StatusCode::OK, "{h}");
        if h["points"].as_array().is_some_and(|p| p.len() >= 4) {
            break h;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no history after 30 s: {h}"
        );
        // Samples are stamped by the server's clock, which the test drives.
        s.clock.advance(std::time::Duration::from_secs(1));
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    };
    assert_eq!(history["interval_secs"], 1);
    let points = history["points"].as_array().unwrap();
    assert!(
        points[0]["cpu_percent"].is_null(),
        "the first point has no rate: {history}"
    );
    let last = points.last().unwrap();
    let cpu = last["cpu_percent"].as_f64().unwrap();
    // All of its quota on an idle machine; on a busy one (tests run in
    // parallel on 2 cores) still far above an idle instance's ~0 %.
    assert!(
        (10.0..=130.0).contains(&cpu),
        "a busy loop on a 0.5-core quota uses much of it: {cpu} in {history}"
    );
    assert_eq!(last["mem_limit"], 128 * 1024 * 1024, "{last}");
    let used = last["mem_usage"].as_i64().unwrap();
    assert!(used > 0 && used < 128 * 1024 * 1024, "{last}");
    for key in [
        "net_rx_rate",
        "net_tx_rate",
        "blk_read_rate",
        "blk_write_rate",
    ] {
        let v = last[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key}: {last}"));
        assert!(v >= 0.0, "{key}: {last}");
    }
    let times: Vec<&str> = points.iter().map(|p| p["at"].as_str().unwrap()).collect();
    assert!(
        times.windows(2).all(|w| w[0] < w[1]),
        "oldest first: {times:?}"
    );

    let r = s.get(&path, &frank).await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found", None);
    let (st, _) = s.get(&path, &a).await;
    assert_eq!(st, StatusCode::OK);

    let (st, _) = s
        .call(
            Method::POST,
            &format!("/api/v1/instances/{id}/stop"),
            Some(&erin),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (_, h) = s.get(&path, &erin).await;
        if h["points"].as_array().is_some_and(Vec::is_empty) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "a stopped instance keeps its history: {h}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    let (st, _) = s.delete(&format!("/api/v1/instances/{id}"), &erin).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    s.finish(site).await;
}
