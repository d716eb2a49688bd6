//! A server that stops leaves its jobs running; the next one re-attaches to
//! a job whose container still runs (its figures resumed, no step lost or
//! counted twice) and records the one whose container went away as
//! `failed` with the reason — capacity released either way.

use std::time::Duration;

use serde_json::json;

use super::{
    config, container_name, containers_named, create, ended, free_cpu, job, py_catalog, wait_for,
};
use crate::docker_env::{docker, docker_host};
use crate::harness::{Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;

async fn a_restarted_server_reattaches(site: &Site) {
    let s = TestServer::start_with(config(site), ADMIN_PASSWORD).await;
    let (_, image, spec) = py_catalog(&s, "ft-restart", 4.0, json!({})).await;
    let (_, erin) = s.user("erin", "user").await;
    let free = free_cpu(&s, image, spec).await;
    let keep = create(
        &s,
        &erin,
        job(site, "keep", image, spec, &["40", "0.25", "0"]),
    )
    .await;
    let gone = create(
        &s,
        &erin,
        job(site, "gone", image, spec, &["400", "0.25", "0"]),
    )
    .await;
    let (keep, gone) = (keep["id"].as_i64().unwrap(), gone["id"].as_i64().unwrap());
    for id in [keep, gone] {
        wait_for(&s, id, "made progress", |j| {
            j["metrics"]["step"].as_i64().unwrap_or(0) >= 2
        })
        .await;
    }
    let (keep_name, gone_name) = (
        container_name(&s, keep).await,
        container_name(&s, gone).await,
    );
    s.stop().await;

    // Both keep running without a server; one is removed meanwhile.
    assert_eq!(containers_named(&keep_name).len(), 1);
    docker(&docker_host(), &["rm", "-f", &gone_name]);
    tokio::time::sleep(Duration::from_millis(500)).await;

    let s = TestServer::start_with(config(site), ADMIN_PASSWORD).await;
    let lost = ended(&s, gone).await;
    assert_eq!(lost["status"], "failed", "{lost}");
    assert!(
        lost["error"]
            .as_str()
            .unwrap()
            .contains("container is gone"),
        "{lost}"
    );
    let running = super::get(&s, keep).await;
    assert_eq!(running["status"], "running", "re-attached: {running}");
    let done = ended(&s, keep).await;
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(done["metrics"]["step"], 40, "{done}");
    let (_, m) = s
        .get(&format!("/api/v1/finetune/jobs/{keep}/metrics"), &erin)
        .await;
    let steps: Vec<i64> = m["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["step"].as_i64().unwrap())
        .collect();
    assert_eq!(steps, (1..=40).collect::<Vec<_>>(), "{m}");
    let (_, logs) = s
        .get(
            &format!("/api/v1/finetune/jobs/{keep}/logs?count=10000"),
            &erin,
        )
        .await;
    assert!(logs["lines"].to_string().contains("re-attached"), "{logs}");
    assert!(containers_named(&keep_name).is_empty());
    assert_eq!(free_cpu(&s, image, spec).await, free, "both released");
    s.stop().await;
}
on_both!(a_restarted_server_reattaches);
