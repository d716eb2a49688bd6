//! Connections over TCP and TLS (secrets write-only and encrypted at rest,
//! TLS material in 0600 files), and the health loop: timeouts against a node
//! that never answers, and recovery.

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use crate::docker_env::{generate_certs, tls_dockerd};

use super::*;

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
