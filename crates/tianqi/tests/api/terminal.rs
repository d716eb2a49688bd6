//! The web terminal over a real WebSocket into a real container: a command's
//! output comes back, resize is visible to `stty size`, ping/pong, closing ends
//! the shell, and only the owner (or an admin) from this origin gets in.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::json;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

use crate::docker_env::{busybox_image, docker, docker_host};
use crate::fixtures::docker_node;
use crate::harness::{Backend, Site, TestServer};

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(s: &TestServer, id: i64, token: &str, origin: Option<&str>) -> Result<Ws, u16> {
    let url = format!(
        "{}/api/v1/instances/{id}/terminal?cols=100&rows=30&access_token={token}",
        s.base.replace("http", "ws")
    );
    let mut req = url.into_client_request().unwrap();
    req.headers_mut()
        .insert("sec-websocket-protocol", "tianqi.terminal".parse().unwrap());
    if let Some(o) = origin {
        req.headers_mut().insert("origin", o.parse().unwrap());
    }
    match tokio_tungstenite::connect_async(req).await {
        Ok((ws, resp)) => {
            assert_eq!(resp.headers()["sec-websocket-protocol"], "tianqi.terminal");
            Ok(ws)
        }
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => Err(resp.status().as_u16()),
        Err(e) => panic!("websocket error: {e}"),
    }
}

/// Reads output until `needle` shows up (or 10 s pass).
async fn read_until(ws: &mut Ws, needle: &str) -> String {
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !seen.contains(needle) {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match tokio::time::timeout(left, ws.next()).await {
            Ok(Some(Ok(Message::Binary(b)))) => seen.push_str(&String::from_utf8_lossy(&b)),
            Ok(Some(Ok(Message::Text(t)))) => seen.push_str(&t),
            Ok(Some(Ok(_))) => {}
            _ => break,
        }
    }
    seen
}

async fn send(ws: &mut Ws, v: serde_json::Value) {
    ws.send(Message::Text(v.to_string().into())).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn terminal_round_trip() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let a = s.admin_token.clone();
    docker_node(&s, json!({"name": "term", "cpu_cores": 2, "memory_gb": 2})).await;
    let (_, img) = s.post("/api/v1/images", &a, json!({"name": "tbb", "address": busybox_image(), "keep_alive_command": ["sleep", "600"]})).await;
    let (_, spec) = s
        .post(
            "/api/v1/specs",
            &a,
            json!({"name": "tiny", "cpu_cores": 0.5, "memory_gb": 0.125}),
        )
        .await;
    let (_, erin) = s.user("erin", "user").await;
    let (_, frank) = s.user("frank", "user").await;
    let (_, inst) = s
        .post(
            "/api/v1/instances",
            &erin,
            json!({"name": "term-box", "image_id": img["id"], "spec_id": spec["id"]}),
        )
        .await;
    assert_eq!(inst["status"], "running", "{inst}");
    let id = inst["id"].as_i64().unwrap();
    let container = inst["container_id"].as_str().unwrap().to_owned();

    // refused before any upgrade
    assert_eq!(
        connect(&s, id, &frank, None).await.err(),
        Some(404),
        "another user's instance"
    );
    assert_eq!(connect(&s, id, "tqs_forged", None).await.err(), Some(401));
    assert_eq!(
        connect(&s, id, &erin, Some("http://evil.example"))
            .await
            .err(),
        Some(403),
        "cross-origin"
    );
    let same_origin = s.base.clone();
    let mut ws = connect(&s, id, &erin, Some(&same_origin))
        .await
        .expect("owner from this origin gets in");

    // a round trip: the answer is computed by the shell, so the echo of our
    // input cannot satisfy the check
    send(
        &mut ws,
        json!({"type": "input", "data": "echo hi-$((20+3))\n"}),
    )
    .await;
    let out = read_until(&mut ws, "hi-23").await;
    assert!(out.contains("hi-23"), "{out:?}");
    // the initial size, then a resize, as the shell sees them
    send(&mut ws, json!({"type": "input", "data": "stty size\n"})).await;
    let out = read_until(&mut ws, "30 100").await;
    assert!(out.contains("30 100"), "{out:?}");
    send(&mut ws, json!({"type": "resize", "cols": 132, "rows": 43})).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    send(&mut ws, json!({"type": "input", "data": "stty size\n"})).await;
    let out = read_until(&mut ws, "43 132").await;
    assert!(out.contains("43 132"), "{out:?}");
    // binary frames are input too
    ws.send(Message::Binary(b"echo bin-$((1+1))\n".to_vec().into()))
        .await
        .unwrap();
    assert!(read_until(&mut ws, "bin-2").await.contains("bin-2"));
    send(&mut ws, json!({"type": "ping"})).await;
    assert!(read_until(&mut ws, "pong").await.contains("\"pong\""));
    send(&mut ws, json!({"type": "launch-missiles"})).await;
    assert!(read_until(&mut ws, "error")
        .await
        .contains("unknown message"));

    // closing the socket ends the shell
    let before = docker(&docker_host(), &["exec", &container, "ps"]);
    assert!(before.contains("sh -l"), "{before}");
    ws.close(None).await.unwrap();
    drop(ws);
    let mut after = String::new();
    for _ in 0..30 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        after = docker(&docker_host(), &["exec", &container, "ps"]);
        if !after.contains("sh -l") {
            break;
        }
    }
    assert!(
        !after.contains("sh -l"),
        "the shell outlived its socket:\n{after}"
    );

    // the admin may open it too; a stopped instance may not be
    let ws = connect(&s, id, &a, None).await.expect("admin");
    drop(ws);
    s.call(
        reqwest::Method::POST,
        &format!("/api/v1/instances/{id}/stop"),
        Some(&erin),
        None,
    )
    .await;
    assert_eq!(connect(&s, id, &erin, None).await.err(), Some(409));
    let r = s
        .call(
            reqwest::Method::DELETE,
            &format!("/api/v1/instances/{id}"),
            Some(&erin),
            None,
        )
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT);
    s.finish(site).await;
}
