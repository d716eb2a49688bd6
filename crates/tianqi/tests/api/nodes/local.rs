//! The `local` node: registered once per database, offered when an engine
//! appears later, not offered without a socket.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_node_registered_once() {
    let site = Site::new(Backend::Sqlite).await;
    let mut config = site.config();
    config.nodes.local_socket = docker_env::docker_socket_path();
    let s = TestServer::start_with(config.clone(), ADMIN_PASSWORD).await;
    let (_, list) = s.get("/api/v1/nodes", &s.admin_token).await;
    assert_eq!(list["total"], 1, "{list}");
    let local = &list["items"][0];
    assert_eq!(
        (local["name"].as_str(), local["docker_status"].as_str()),
        (Some("local"), Some("connected"))
    );
    assert_eq!(local["docker_address"], docker_host());
    let id = local["id"].as_i64().unwrap();
    s.call(
        Method::DELETE,
        &format!("/api/v1/nodes/{id}"),
        Some(&s.admin_token),
        None,
    )
    .await;
    s.stop().await;
    // an admin's deletion sticks: later starts do not register it again
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let (_, list) = s.get("/api/v1/nodes", &s.admin_token).await;
    assert_eq!(list["total"], 0, "{list}");
    s.finish(site).await;
}

/// A Docker Engine that appears after the first start is offered as node
/// `local` (the console's banner) and registered by one call, sized from what
/// the engine reports; once registered it is no longer offered, a second call
/// is a conflict, users cannot see or do either, and an admin's deletion makes
/// it an offer again. The engine "appears" as a symlink to the private dockerd's
/// socket at the configured path.
async fn local_engine_offered_when_it_appears(site: &Site) {
    let sock_dir = tempfile::tempdir().unwrap();
    let socket = sock_dir.path().join("docker.sock");
    let mut config = site.config();
    config.nodes.local_socket = socket.to_str().unwrap().to_owned();
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let a = s.admin_token.clone();
    let (_, list) = s.get("/api/v1/nodes", &a).await;
    assert_eq!(
        list["total"], 0,
        "nothing answered at the first start: {list}"
    );

    let (st, c) = s.get("/api/v1/nodes/local-candidate", &a).await;
    assert_eq!(st, StatusCode::OK, "{c}");
    assert_eq!(
        c,
        json!({"socket": socket.to_str().unwrap(), "answers": false, "node_id": null, "offer": false})
    );
    let (st, e) = s
        .call(Method::POST, "/api/v1/nodes/local", Some(&a), None)
        .await;
    assert_eq!(st, StatusCode::SERVICE_UNAVAILABLE, "{e}");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains(socket.to_str().unwrap()),
        "{e}"
    );

    // The engine appears.
    std::os::unix::fs::symlink(docker_env::docker_socket_path(), &socket).unwrap();
    let (_, c) = s.get("/api/v1/nodes/local-candidate", &a).await;
    assert_eq!(
        (c["answers"].as_bool(), c["offer"].as_bool()),
        (Some(true), Some(true)),
        "{c}"
    );

    let (_, u) = s.user("local-user", "user").await;
    let (st, _) = s.get("/api/v1/nodes/local-candidate", &u).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _) = s
        .call(Method::POST, "/api/v1/nodes/local", Some(&u), None)
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    let (st, n) = s
        .call(Method::POST, "/api/v1/nodes/local", Some(&a), None)
        .await;
    assert_eq!(st, StatusCode::CREATED, "{n}");
    assert_eq!(
        (n["name"].as_str(), n["docker_status"].as_str()),
        (Some("local"), Some("connected")),
        "{n}"
    );
    assert_eq!(n["docker_address"], format!("unix://{}", socket.display()));
    // Sized from the engine: CPUs, memory and the Docker root's disk.
    assert!(n["cpu_cores"].as_f64().unwrap() >= 1.0, "{n}");
    assert!(n["memory_gb"].as_f64().unwrap() > 0.0, "{n}");
    assert!(n["system_disk_gb"].as_i64().unwrap() > 0, "{n}");
    let id = n["id"].as_i64().unwrap();

    // The getting-started list asks whether the sandbox image is there.
    let present = |r: &str| format!("/api/v1/nodes/{id}/images/present?reference={r}");
    let (st, p) = s.get(&present(&docker_env::busybox_image()), &a).await;
    assert_eq!(st, StatusCode::OK, "{p}");
    assert_eq!(p["present"], true, "{p}");
    let (_, p) = s.get(&present("tianqi-test/never-built:none"), &a).await;
    assert_eq!(p["present"], false, "{p}");
    let r = s.get(&present("c%C3%83%F3%90%89%85"), &a).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("reference"),
    );
    let r = s.get(&present(""), &a).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("reference"),
    );
    let (st, _) = s
        .get("/api/v1/nodes/999999/images/present?reference=x", &a)
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = s.get(&present("x"), &u).await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    let (_, c) = s.get("/api/v1/nodes/local-candidate", &a).await;
    assert_eq!(
        (c["node_id"].as_i64(), c["offer"].as_bool()),
        (Some(id), Some(false)),
        "{c}"
    );
    let (st, e) = s
        .call(Method::POST, "/api/v1/nodes/local", Some(&a), None)
        .await;
    assert_error(&(st, e.clone()), StatusCode::CONFLICT, "conflict", None);
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("node {id}")),
        "{e}"
    );
    let (_, list) = s.get("/api/v1/nodes", &a).await;
    assert_eq!(list["total"], 1, "nothing half-created: {list}");

    let (st, _) = s
        .call(
            Method::DELETE,
            &format!("/api/v1/nodes/{id}"),
            Some(&a),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (_, c) = s.get("/api/v1/nodes/local-candidate", &a).await;
    assert_eq!(c["offer"], true, "{c}");
    s.stop().await;
}
on_both!(local_engine_offered_when_it_appears);

/// With `nodes.local_socket` empty nothing is offered and registering is a
/// conflict naming the setting.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_local_socket_no_offer() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let (_, c) = s.get("/api/v1/nodes/local-candidate", &s.admin_token).await;
    assert_eq!(
        c,
        json!({"socket": "", "answers": false, "node_id": null, "offer": false})
    );
    let (st, e) = s
        .call(
            Method::POST,
            "/api/v1/nodes/local",
            Some(&s.admin_token),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT, "{e}");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("nodes.local_socket"),
        "{e}"
    );
    s.finish(site).await;
}
