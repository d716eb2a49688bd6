//! Pulling an image onto a node from a registry on this machine, with progress.

use crate::docker_env::{docker, registry};

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_from_local_registry_with_progress() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let a = s.admin_token.clone();
    let reg_dir = tempfile::tempdir().unwrap();
    let reg_port = free_port();
    let _registry = registry(reg_dir.path(), reg_port);
    let host = docker_host();
    let reference = format!("127.0.0.1:{reg_port}/tq/busybox:v{reg_port}");
    docker(&host, &["tag", &docker_env::busybox_image(), &reference]);
    docker(&host, &["push", &reference]);
    docker(&host, &["rmi", &reference]);

    let (_, node) = s
        .post("/api/v1/nodes", &a, node_body("n-pull", &host))
        .await;
    let node_id = node["id"].as_i64().unwrap();
    let (_, image) = s
        .post(
            "/api/v1/images",
            &a,
            json!({"name": "bb-registry", "address": reference}),
        )
        .await;
    let image_id = image["id"].as_i64().unwrap();

    let res = s
        .http
        .post(s.url(&format!("/api/v1/nodes/{node_id}/images/pull")))
        .bearer_auth(&a)
        .json(&json!({"image_id": image_id}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let body = res.text().await.unwrap();
    assert!(body.contains("event: progress"), "{body}");
    assert!(body.contains("\"layer\""), "{body}");
    assert!(body.contains("event: done"), "{body}");
    assert!(!body.contains("event: error"), "{body}");
    docker(&host, &["image", "inspect", &reference]);

    // a tag the registry does not have: the stream ends with an error event
    let (_, missing) = s
        .post(
            "/api/v1/images",
            &a,
            json!({"name": "bb-missing", "address": format!("127.0.0.1:{reg_port}/tq/nothere:x")}),
        )
        .await;
    let res = s
        .http
        .post(s.url(&format!("/api/v1/nodes/{node_id}/images/pull")))
        .bearer_auth(&a)
        .json(&json!({"image_id": missing["id"]}))
        .send()
        .await
        .unwrap();
    let body = res.text().await.unwrap();
    assert!(body.contains("event: error"), "{body}");

    // an unreachable node answers 503 naming it, before any stream
    let (_, dead) = s
        .post(
            "/api/v1/nodes",
            &a,
            node_body("n-gone", "unix:///nonexistent/docker.sock"),
        )
        .await;
    let r = s
        .post(
            &format!("/api/v1/nodes/{}/images/pull", dead["id"]),
            &a,
            json!({"image_id": image_id}),
        )
        .await;
    assert_error(&r, StatusCode::SERVICE_UNAVAILABLE, "unavailable", None);
    assert!(r.1["error"]["message"].as_str().unwrap().contains("n-gone"));
    // bad input
    let r = s
        .post(
            &format!("/api/v1/nodes/{node_id}/images/pull"),
            &a,
            json!({"image_id": 99999}),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("image_id"),
    );
    let r = s
        .post(
            &format!("/api/v1/nodes/{node_id}/images/pull"),
            &a,
            json!({}),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("image_id"),
    );
    docker(&host, &["rmi", &reference]);
    s.finish(site).await;
}
