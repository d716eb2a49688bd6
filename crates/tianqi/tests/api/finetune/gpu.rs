//! A GPU job on this machine's Docker (no NVIDIA runtime): placement grants
//! the asked-for card of a node with (declared) GPUs, the engine refuses the
//! device request, and the job ends `failed` with the reason — its card
//! released, so the same card is granted again. Cards the node lacks are a
//! 422 naming `gpu_devices`, with nothing held.

use reqwest::StatusCode;
use serde_json::json;

use super::{config, create, ended, job, py_catalog};
use crate::harness::{assert_error, Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;

async fn a_gpu_job_fails_cleanly_without_nvidia(site: &Site) {
    let s = TestServer::start_with(config(site), ADMIN_PASSWORD).await;
    let a = s.admin_token.clone();
    let (_, image, _) = py_catalog(
        &s,
        "ft-gpu",
        4.0,
        json!({"gpu_name": "RTX 4090", "gpu_count": 2, "vram_gb_per_card": 24}),
    )
    .await;
    let (st, spec) = s
        .post(
            "/api/v1/specs",
            &a,
            json!({"name": "ft-4090", "gpu_model": "rtx 4090", "gpu_count": 1, "vram_gb": 24,
            "cpu_cores": 1, "memory_gb": 1}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{spec}");
    let spec = spec["id"].as_i64().unwrap();
    let (_, dana) = s.user("dana", "user").await;

    let mut body = job(site, "gpu", image, spec, &["3", "0.1", "0"]);
    body["gpu_devices"] = json!("2");
    let (st, e) = s.post("/api/v1/finetune/jobs", &dana, body.clone()).await;
    assert_error(
        &(st, e.clone()),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("gpu_devices"),
    );
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no card 2"),
        "{e}"
    );

    for attempt in 0..2 {
        body["name"] = json!(format!("gpu{attempt}"));
        body["gpu_devices"] = json!("1");
        let j = create(&s, &dana, body.clone()).await;
        assert_eq!(j["gpus"], json!([1]), "card 1 granted again: {j}");
        let done = ended(&s, j["id"].as_i64().unwrap()).await;
        assert_eq!(done["status"], "failed", "{done}");
        let err = done["error"].as_str().unwrap().to_lowercase();
        assert!(err.contains("nvidia") || err.contains("device"), "{err}");
    }
    // Both cards at once, placed by the cards asked for.
    body["gpu_devices"] = json!("0-1");
    let j = create(&s, &dana, body).await;
    assert_eq!(j["gpus"], json!([0, 1]), "{j}");
    assert_eq!(
        ended(&s, j["id"].as_i64().unwrap()).await["status"],
        "failed"
    );
    let (_, stats) = s.get("/api/v1/finetune/statistics", &dana).await;
    assert_eq!(
        (&stats["total"], &stats["failed"]),
        (&json!(3), &json!(3)),
        "{stats}"
    );
    s.stop().await;
}
on_both!(a_gpu_job_fails_cleanly_without_nvidia);
