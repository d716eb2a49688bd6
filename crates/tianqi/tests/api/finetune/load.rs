//! Stops under load: four trainers writing a hundred lines a second each (each catching
//! SIGTERM and exiting 1, as one saving a checkpoint would) are stopped all at
//! once, one of them twice at the same moment; every job ends `stopped`,
//! never `failed`, every container is gone and every core is released.

use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

use super::{
    config, container_name, containers_named, create, ended, free_cpu, job, py_catalog, wait_for,
};
use crate::harness::{Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;

async fn concurrent_stops_all_end_stopped(site: &Site) {
    let s = TestServer::start_with(config(site), ADMIN_PASSWORD).await;
    let (_, image, spec) = py_catalog(&s, "ft-load", 4.0, json!({})).await;
    let (_, dora) = s.user("dora", "user").await;
    let free = free_cpu(&s, image, spec).await;

    let mut ids = Vec::new();
    for i in 0..4 {
        let j = create(
            &s,
            &dora,
            job(
                site,
                &format!("busy-{i}"),
                image,
                spec,
                &["100000", "0.01", "0", "term"],
            ),
        )
        .await;
        ids.push(j["id"].as_i64().unwrap());
    }
    for id in &ids {
        wait_for(&s, *id, "made progress", |j| {
            j["metrics"]["step"].as_i64().unwrap_or(0) >= 5
        })
        .await;
    }
    let mut names = Vec::new();
    for id in &ids {
        names.push(container_name(&s, *id).await);
    }

    // Every stop at once, the first job's twice.
    let stop = |id: i64| {
        let s = &s;
        let dora = dora.clone();
        async move {
            s.post(
                &format!("/api/v1/finetune/jobs/{id}/stop"),
                &dora,
                json!({}),
            )
            .await
        }
    };
    let answers = join_all(ids.iter().copied().chain(std::iter::once(ids[0])).map(stop)).await;
    for (st, body) in &answers {
        assert!(
            *st == StatusCode::ACCEPTED || *st == StatusCode::CONFLICT,
            "a stop answered {st}: {body}"
        );
    }
    assert!(
        answers
            .iter()
            .filter(|(st, _)| *st == StatusCode::ACCEPTED)
            .count()
            >= ids.len(),
        "each job's stop was taken: {answers:?}"
    );
    for id in &ids {
        let done = ended(&s, *id).await;
        assert_eq!(done["status"], "stopped", "{done}");
    }
    for name in &names {
        assert!(containers_named(name).is_empty(), "{name} is still there");
    }
    assert_eq!(free_cpu(&s, image, spec).await, free, "every core released");
    s.stop().await;
}
on_both!(concurrent_stops_all_end_stopped);
