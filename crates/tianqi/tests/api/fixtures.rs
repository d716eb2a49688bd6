//! What many scenarios start from: nodes on the private dockerd, a small
//! catalog on one.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::docker_env::{busybox_image, docker_host};
use crate::harness::TestServer;

/// Registers a node on the private dockerd (loopback addresses, the test
/// engine's socket, then `fields`) and checks it connected. Answers the node.
pub async fn docker_node(s: &TestServer, fields: Value) -> Value {
    let mut body = json!({"public_ip": "127.0.0.1", "private_ip": "127.0.0.1",
        "docker_address": docker_host()});
    if let (Some(b), Some(f)) = (body.as_object_mut(), fields.as_object()) {
        b.extend(f.clone());
    }
    let (st, n) = s.post("/api/v1/nodes", &s.admin_token, body).await;
    assert_eq!(
        (st, n["docker_status"].as_str()),
        (StatusCode::CREATED, Some("connected")),
        "{n}"
    );
    n
}

/// A node on the private dockerd with declared capacity, a busybox image kept
/// alive with `sleep`, and a spec. Answers (node id, image id, spec id).
pub async fn catalog(
    s: &TestServer,
    node: &str,
    cpu: f64,
    spec_cpu: f64,
    spec_mem_gb: f64,
) -> (i64, i64, i64) {
    let a = &s.admin_token;
    let n = docker_node(
        s,
        json!({"name": node, "cpu_cores": cpu, "memory_gb": 64, "system_disk_gb": 100}),
    )
    .await;
    let (_, i) = s
        .post(
            "/api/v1/images",
            a,
            json!({"name": format!("{node}-bb"), "address": busybox_image(),
            "keep_alive_command": ["sleep", "3600"]}),
        )
        .await;
    let (st, sp) = s
        .post(
            "/api/v1/specs",
            a,
            json!({"name": format!("{node}-small"), "cpu_cores": spec_cpu,
            "memory_gb": spec_mem_gb, "system_disk_gb": 5}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{sp}");
    (
        n["id"].as_i64().unwrap(),
        i["id"].as_i64().unwrap(),
        sp["id"].as_i64().unwrap(),
    )
}

/// A server on loopback that greets (`hello-from-pod`), answers one line
/// with itself, then closes: what a Pod's port answers in the tests (the
/// fake API server's pod network is this machine's loopback). Its port, and
/// the task to abort.
pub async fn greeter() -> (u16, tokio::task::JoinHandle<()>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        while let Ok((mut c, _)) = l.accept().await {
            tokio::spawn(async move {
                let _ = c.write_all(b"hello-from-pod\n").await;
                let mut line = Vec::new();
                let mut byte = [0u8; 1];
                while let Ok(1) = c.read(&mut byte).await {
                    line.push(byte[0]);
                    if byte[0] == b'\n' {
                        break;
                    }
                }
                let _ = c.write_all(&line).await;
            });
        }
    });
    (port, task)
}
