//! Forwarding rules to an instance on a Kubernetes node (the fake API
//! server's cluster): each connection is the cluster's portforward to the
//! Pod's port — the fake's pod network is this machine's loopback, where a
//! real server answers — counted like any rule's; UDP refused naming the
//! field; a stopped instance's connections close with the reason as the
//! rule's last error, and work again once it runs.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use tianqi_kube::fake::{FakeApiServer, FakeCluster};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::instances::{act, kube_node};
use super::resources::register;
use crate::docker_env::free_port;
use crate::fixtures::greeter;
use crate::harness::{assert_error, Site, TestServer};
use crate::on_both;

/// Connects to the rule's source (once it listens: after a restart the
/// first reconcile round binds it), sends a line, and reads to the end.
async fn talk(port: u16) -> String {
    let mut tries = 0;
    let mut c = loop {
        match tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
            Ok(c) => break c,
            Err(_) if tries < 50 => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("nothing listens on {port}: {e}"),
        }
    };
    let _ = c.write_all(b"ping\n").await;
    let mut got = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), c.read_to_end(&mut got)).await;
    String::from_utf8_lossy(&got).into_owned()
}

async fn rule(s: &TestServer, id: i64) -> Value {
    let (st, r) = s
        .get(&format!("/api/v1/port-forwards/{id}"), &s.admin_token)
        .await;
    assert_eq!(st, StatusCode::OK, "{r}");
    r
}

async fn forwards_to_a_pod(site: &Site) {
    let fake = FakeApiServer::start(FakeCluster::default()).await.unwrap();
    let s = TestServer::start(site).await;
    let a = &s.admin_token;
    let cluster = register(&s, &fake, "fwdlab").await;
    let (st, node) = kube_node(&s, cluster, "k8s-fwd", "team-a").await;
    assert_eq!(st, StatusCode::CREATED, "{node}");
    let (img, spec) = crate::kube::instances::pod_image_and_spec(&s).await;
    let (st, inst) = s
        .post(
            "/api/v1/instances",
            a,
            json!({"name": "podweb", "image_id": img["id"], "spec_id": spec["id"], "node_id": node["id"]}),
        )
        .await;
    assert_eq!(
        (st, &inst["status"]),
        (StatusCode::CREATED, &json!("running")),
        "{inst}"
    );
    let iid = inst["id"].as_i64().unwrap();
    let pod = inst["container_name"].as_str().unwrap().to_owned();
    let (inside, server) = greeter().await;

    // UDP cannot go over a portforward: refused, naming the field.
    let udp = s
        .post(
            "/api/v1/port-forwards",
            a,
            json!({"source_ip": "127.0.0.1", "source_port": free_port(), "protocol": "udp",
                   "target_instance_id": iid, "target_port": inside}),
        )
        .await;
    assert_error(
        &udp,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("protocol"),
    );

    let port = free_port();
    let (st, r) = s
        .post(
            "/api/v1/port-forwards",
            a,
            json!({"source_ip": "127.0.0.1", "source_port": port, "protocol": "tcp",
                   "target_instance_id": iid, "target_port": inside}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{r}");
    let id = r["id"].as_i64().unwrap();
    assert_eq!(r["live"]["state"], "listening", "{r}");
    for _ in 0..3 {
        assert_eq!(talk(port).await, "hello-from-pod\nping\n");
    }
    let forwards = fake.forwards();
    assert_eq!(
        forwards.len(),
        3,
        "one portforward a connection: {forwards:?}"
    );
    assert_eq!(forwards[0], ("team-a".to_owned(), pod.clone(), inside));
    let mut r = rule(&s, id).await;
    for _ in 0..50 {
        if r["live"]["active_connections"] == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        r = rule(&s, id).await;
    }
    let live = &r["live"];
    assert_eq!(
        (
            &live["total_connections"],
            &live["bytes_in"],
            &live["bytes_out"]
        ),
        (&json!(3), &json!(15), &json!(60)),
        "{r}"
    );

    // Stopped: its connections close and the rule says why; started
    // again, they work again.
    act(&s, a, iid, "stop").await;
    assert_eq!(talk(port).await, "");
    let r = rule(&s, id).await;
    assert!(
        r["live"]["last_error"]
            .as_str()
            .is_some_and(|e| e.contains("podweb") && e.contains("not running")),
        "{r}"
    );
    act(&s, a, iid, "start").await;
    assert_eq!(talk(port).await, "hello-from-pod\nping\n");

    // After a restart of the server the rule is dialed again.
    let port2 = free_port();
    let (st, _) = s
        .post(
            "/api/v1/port-forwards",
            a,
            json!({"source_ip": "127.0.0.1", "source_port": port2, "protocol": "tcp",
                   "target_instance_id": iid, "target_port": inside}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    s.stop().await;
    let s = TestServer::start(site).await;
    assert_eq!(talk(port2).await, "hello-from-pod\nping\n");
    assert_eq!(talk(port).await, "hello-from-pod\nping\n");

    server.abort();
    s.stop().await;
}

on_both!(forwards_to_a_pod);
