//! Nodes on real Docker Engines over TCP and TLS, the health loop, timeouts,
//! image pulls from a local registry and the `local` node. These exercise the
//! node driver, not the database, so they run on SQLite only (the catalog
//! scenarios in `catalog.rs` cover both databases) — except the `local` offer,
//! which reads and writes node rows on both.

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::docker_env::{
    self, docker, docker_host, free_port, generate_certs, registry, tcp_proxy, tls_dockerd,
};
use crate::harness::{assert_error, Backend, Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;

fn node_body(name: &str, address: &str) -> Value {
    json!({"name": name, "public_ip": "127.0.0.1", "private_ip": "127.0.0.1", "docker_address": address})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tcp_and_tls_nodes() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let a = s.admin_token.clone();
    let certs_dir = tempfile::tempdir().unwrap();
    let certs = generate_certs(certs_dir.path(), "");
    let other = generate_certs(certs_dir.path(), "other-");
    let tls_port = free_port();
    let _tlsd = tls_dockerd(certs_dir.path(), &certs, tls_port);
    let tcp_port = free_port();
    let _proxy = tcp_proxy(tcp_port);

    // plain TCP
    let mut plain = node_body("n-tcp", &format!("tcp://127.0.0.1:{tcp_port}"));
    plain["use_tls"] = json!(false);
    let (st, n) = s.post("/api/v1/nodes", &a, plain).await;
    assert_eq!(
        (st, n["docker_status"].as_str()),
        (StatusCode::CREATED, Some("connected")),
        "{n}"
    );

    // TLS with --tlsverify: connected, material written 0600 for the client
    let mut tls = node_body("n-tls", &format!("tcp://127.0.0.1:{tls_port}"));
    tls["ca_cert"] = json!(certs.ca);
    tls["client_cert"] = json!(certs.client_cert);
    tls["client_key"] = json!(certs.client_key);
    let (st, n) = s.post("/api/v1/nodes", &a, tls.clone()).await;
    assert_eq!(st, StatusCode::CREATED, "{n}");
    assert_eq!(n["docker_status"], "connected", "{n}");
    assert_eq!(
        (n["use_tls"].as_bool(), n["has_client_key"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(n["ca_cert"].as_str(), Some(certs.ca.as_str()));
    assert!(n["docker"]["server_version"]
        .as_str()
        .unwrap()
        .starts_with("20."));
    let tls_id = n["id"].as_i64().unwrap();
    let dir = site.data_dir().join("nodes").join(tls_id.to_string());
    assert_eq!(
        std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
        0o700
    );
    for f in ["ca.pem", "cert.pem", "key.pem"] {
        assert_eq!(
            std::fs::metadata(dir.join(f)).unwrap().permissions().mode() & 0o777,
            0o600,
            "{f}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("key.pem")).unwrap(),
        certs.client_key
    );

    // the key never comes back, and is encrypted at rest
    let key_body: String = certs.client_key.lines().nth(1).unwrap().to_owned();
    let (_, got) = s.get(&format!("/api/v1/nodes/{tls_id}"), &a).await;
    let (_, list) = s.get("/api/v1/nodes", &a).await;
    let (_, audit) = s.get("/api/v1/audit?page_size=200", &a).await;
    for text in [
        n.to_string(),
        got.to_string(),
        list.to_string(),
        audit.to_string(),
    ] {
        assert!(!text.contains(&key_body), "the client key leaked");
    }
    let pool = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        site.data_dir().join("tianqi.db").display()
    ))
    .await
    .unwrap();
    let (stored,): (String,) = sqlx::query_as("SELECT client_key_enc FROM nodes WHERE id = ?")
        .bind(tls_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(
        stored.starts_with("v1:") && !stored.contains("PRIVATE KEY") && !stored.contains(&key_body)
    );
    pool.close().await;

    // wrong CA → failed with a readable reason
    let mut wrong = tls.clone();
    wrong["name"] = json!("n-wrong-ca");
    wrong["ca_cert"] = json!(other.ca);
    let (st, n) = s.post("/api/v1/nodes", &a, wrong).await;
    assert_eq!(
        (st, n["docker_status"].as_str()),
        (StatusCode::CREATED, Some("failed")),
        "{n}"
    );
    let err = n["docker_error"].as_str().unwrap().to_lowercase();
    assert!(
        err.contains("certificate") || err.contains("issuer"),
        "unreadable TLS error: {err}"
    );
    // a client certificate the daemon does not trust → failed too
    let mut wrong_client = tls.clone();
    wrong_client["name"] = json!("n-wrong-client");
    wrong_client["client_cert"] = json!(other.client_cert);
    wrong_client["client_key"] = json!(other.client_key);
    let (_, n) = s.post("/api/v1/nodes", &a, wrong_client).await;
    assert_eq!(n["docker_status"], "failed", "{n}");

    // deleting removes the files
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/nodes/{tls_id}"),
            Some(&a),
            None,
        )
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT);
    assert!(!dir.exists(), "TLS files left behind");
    s.finish(site).await;
}

/// Holds connections open and never answers: the worst kind of dead node.
async fn blackhole() -> (u16, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((sock, _)) = listener.accept().await {
            held.push(sock);
        }
    });
    (port, task)
}

async fn wait_status(s: &TestServer, id: i64, want: &str, within: Duration) -> Value {
    let start = Instant::now();
    loop {
        let (_, n) = s.get(&format!("/api/v1/nodes/{id}"), &s.admin_token).await;
        if n["docker_status"] == want {
            return n;
        }
        assert!(
            start.elapsed() < within,
            "node {id} not {want} within {within:?}: {n}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_loop_timeouts_and_recovery() {
    let site = Site::new(Backend::Sqlite).await;
    let mut config = site.config();
    config.nodes.check_interval_secs = 1;
    config.nodes.timeout_secs = 1;
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let a = s.admin_token.clone();
    let port = free_port();
    let mut proxy = tcp_proxy(port);
    let mut body = node_body("n-proxy", &format!("tcp://127.0.0.1:{port}"));
    body["use_tls"] = json!(false);
    let (_, n) = s.post("/api/v1/nodes", &a, body).await;
    assert_eq!(n["docker_status"], "connected", "{n}");
    let id = n["id"].as_i64().unwrap();

    // a node that accepts and never answers fails within the timeout
    let (hole, _hole_task) = blackhole().await;
    let mut dead = node_body("n-hole", &format!("tcp://127.0.0.1:{hole}"));
    dead["use_tls"] = json!(false);
    let started = Instant::now();
    let (st, d) = s.post("/api/v1/nodes", &a, dead).await;
    let took = started.elapsed();
    assert_eq!(
        (st, d["docker_status"].as_str()),
        (StatusCode::CREATED, Some("failed")),
        "{d}"
    );
    assert!(
        took < Duration::from_millis(2500),
        "a hanging node took {took:?}"
    );
    let hole_id = d["id"].as_i64().unwrap();

    // the daemon goes away: failed on a following tick, while the hanging node
    // keeps timing out beside it
    proxy.stop();
    let failed = wait_status(&s, id, "failed", Duration::from_secs(5)).await;
    assert!(!failed["docker_error"].as_str().unwrap().is_empty());
    // it comes back: connected on a following tick
    let _proxy = tcp_proxy(port);
    let started = Instant::now();
    wait_status(&s, id, "connected", Duration::from_secs(5)).await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "recovery waited on the dead node"
    );
    let (_, hole_now) = s.get(&format!("/api/v1/nodes/{hole_id}"), &a).await;
    assert_eq!(hole_now["docker_status"], "failed");
    s.finish(site).await;
}

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

/// Disks left empty are detected from the Docker root's filesystem when the
/// engine is on this machine (a unix socket), as CPU and memory are; declared
/// sizes are kept; a node whose disks cannot be measured (over TCP) shows them
/// as unknown, and an unknown size does not block placement — the first-run
/// dead end of a `local` node with 0 GB disks and a 10 GB default spec.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disk_sizes_are_detected_and_unknown_ones_do_not_block() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let a = s.admin_token.clone();

    let (st, local) = s
        .post("/api/v1/nodes", &a, node_body("disk-local", &docker_host()))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{local}");
    let facts = &local["docker"];
    let total = facts["root_fs_total_bytes"].as_i64().unwrap();
    assert!(total > 1 << 30, "the root filesystem was measured: {facts}");
    assert!(facts["root_fs_free_bytes"].as_i64().unwrap() <= total);
    assert!(!facts["root_dir"].as_str().unwrap().is_empty(), "{facts}");
    assert_eq!(local["system_disk_gb"], total >> 30, "{local}");
    assert_eq!(local["data_disk_gb"], total >> 30, "{local}");
    // overlay2 enforces sizes only on xfs; whatever this machine has, say it.
    let enforceable = facts["storage_driver"] == "overlay2" && facts["backing_filesystem"] == "xfs";
    assert_eq!(facts["disk_limits_supported"], enforceable, "{facts}");

    let mut declared = node_body("disk-declared", &docker_host());
    declared["system_disk_gb"] = json!(50);
    let (_, declared) = s.post("/api/v1/nodes", &a, declared).await;
    assert_eq!(declared["system_disk_gb"], 50, "a declared size is kept");
    assert_eq!(
        declared["data_disk_gb"],
        total >> 30,
        "an empty one is filled"
    );

    let tcp_port = free_port();
    let _proxy = tcp_proxy(tcp_port);
    let mut remote = node_body("disk-remote", &format!("tcp://127.0.0.1:{tcp_port}"));
    remote["use_tls"] = json!(false);
    let (_, remote) = s.post("/api/v1/nodes", &a, remote).await;
    assert_eq!(remote["docker_status"], "connected", "{remote}");
    assert_eq!(
        (
            remote["system_disk_gb"].as_i64(),
            remote["data_disk_gb"].as_i64()
        ),
        (Some(0), Some(0))
    );
    assert_eq!(
        remote["docker"]["root_fs_total_bytes"], 0,
        "another machine's path is not measured"
    );

    // The console's default spec asks for a 10 GB system disk: it places on the
    // node of unknown size.
    let (_, image) = s
        .post(
            "/api/v1/images",
            &a,
            json!({"name": "disk-bb", "address": docker_env::busybox_image(), "keep_alive_command": ["sleep", "600"]}),
        )
        .await;
    let (_, spec) = s
        .post(
            "/api/v1/specs",
            &a,
            json!({"name": "disk-default", "cpu_cores": 0.5, "memory_gb": 0.25, "system_disk_gb": 10, "data_disk_gb": 20}),
        )
        .await;
    let (st, inst) = s
        .post(
            "/api/v1/instances",
            &a,
            json!({"name": "on-unknown", "image_id": image["id"], "spec_id": spec["id"], "node_id": remote["id"]}),
        )
        .await;
    assert_eq!(
        (st, inst["status"].as_str()),
        (StatusCode::CREATED, Some("running")),
        "{inst}"
    );
    assert_eq!(inst["disk_enforced"], false, "{inst}");
    let (_, cap) = s
        .get(&format!("/api/v1/nodes/{}/capacity", remote["id"]), &a)
        .await;
    assert_eq!(
        cap["system_disk_gb"]["total"], 0.0,
        "unknown stays unknown: {cap}"
    );
    let (st, _) = s
        .delete(&format!("/api/v1/instances/{}", inst["id"]), &a)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
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

fn warning_codes(node: &Value) -> Vec<String> {
    let mut codes: Vec<String> = node["warnings"]
        .as_array()
        .unwrap_or_else(|| panic!("no warnings array: {node}"))
        .iter()
        .map(|w| w["code"].as_str().unwrap_or_default().to_owned())
        .collect();
    codes.sort();
    codes
}

/// Node sanity: a node declared as the engine reports has no warnings; one
/// declaring more CPU, memory and disk than the engine has, GPUs on an engine
/// without the nvidia runtime, and the same Docker address as another node
/// gets one warning for each, with the figures behind it — on the node, the
/// list and after an edit; deleting the twin clears the duplicate warning.
async fn sanity_warnings_compare_declared_with_reported(site: &Site) {
    let s = TestServer::start(site).await;
    let a = s.admin_token.clone();

    let (st, sane) = s
        .post("/api/v1/nodes", &a, node_body("sane", &docker_host()))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{sane}");
    assert_eq!(sane["docker_status"], "connected", "{sane}");
    assert!(warning_codes(&sane).is_empty(), "{sane}");
    let ncpu = sane["docker"]["ncpu"].as_f64().unwrap();
    let root_gb = sane["docker"]["root_fs_total_bytes"].as_i64().unwrap() >> 30;

    let mut big = node_body("big", &docker_host());
    big["cpu_cores"] = json!(ncpu + 64.0);
    big["memory_gb"] = json!(100_000);
    big["data_disk_gb"] = json!(root_gb + 1000);
    big["gpu_name"] = json!("A100");
    big["gpu_count"] = json!(2);
    big["vram_gb_per_card"] = json!(24);
    let (st, big) = s.post("/api/v1/nodes", &a, big).await;
    assert_eq!(st, StatusCode::CREATED, "{big}");
    assert_eq!(
        warning_codes(&big),
        [
            "cpu_over_reported",
            "disk_over_reported",
            "duplicate_docker_address",
            "gpus_without_nvidia_runtime",
            "memory_over_reported"
        ],
        "{big}"
    );
    let w = &big["warnings"];
    let by_code = |code: &str| {
        w.as_array()
            .unwrap()
            .iter()
            .find(|x| x["code"] == code)
            .cloned()
            .unwrap()
    };
    assert_eq!(by_code("cpu_over_reported")["declared"], ncpu + 64.0, "{w}");
    assert_eq!(by_code("cpu_over_reported")["reported"], ncpu, "{w}");
    assert_eq!(
        by_code("disk_over_reported")["reported"].as_f64(),
        Some(root_gb as f64),
        "{w}"
    );
    assert_eq!(by_code("duplicate_docker_address")["other_node"], "sane");
    assert_eq!(by_code("gpus_without_nvidia_runtime")["declared"], 2.0);
    assert!(
        by_code("gpus_without_nvidia_runtime")["message"]
            .as_str()
            .unwrap()
            .contains("runc"),
        "the message names the runtimes there are: {w}"
    );

    // The other side of the pair sees it too, in the list as on its own page.
    let (_, got) = s.get(&format!("/api/v1/nodes/{}", sane["id"]), &a).await;
    assert_eq!(warning_codes(&got), ["duplicate_docker_address"], "{got}");
    assert_eq!(got["warnings"][0]["other_node"], "big");
    let (_, list) = s.get("/api/v1/nodes?page_size=50", &a).await;
    let in_list = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == big["id"])
        .cloned()
        .unwrap();
    assert_eq!(warning_codes(&in_list), warning_codes(&big));

    // Declaring what the engine has clears the size warnings.
    let (st, edited) = s
        .call(
            Method::PATCH,
            &format!("/api/v1/nodes/{}", big["id"]),
            Some(&a),
            Some(
                json!({"cpu_cores": ncpu, "memory_gb": 1, "data_disk_gb": root_gb, "gpu_count": 0}),
            ),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{edited}");
    assert_eq!(
        warning_codes(&edited),
        ["duplicate_docker_address"],
        "{edited}"
    );

    let (st, _) = s.delete(&format!("/api/v1/nodes/{}", big["id"]), &a).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (_, got) = s.get(&format!("/api/v1/nodes/{}", sane["id"]), &a).await;
    assert!(warning_codes(&got).is_empty(), "{got}");
    s.stop().await;
}
on_both!(sanity_warnings_compare_declared_with_reported);
