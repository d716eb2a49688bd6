//! The web terminal over a real WebSocket into a real container: a command's
//! output comes back, resize is visible to `stty size`, ping/pong, closing ends
//! the shell, and only the owner (or an admin) from this origin gets in.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

use crate::docker_env::{busybox_image, docker, docker_host};
use crate::fixtures::docker_node;
use crate::harness::{Backend, Site, TestServer};
use crate::ws::Ws;

async fn connect(s: &TestServer, id: i64, token: &str, origin: Option<&str>) -> Result<Ws, u16> {
    let path = format!("/api/v1/instances/{id}/terminal?cols=100&rows=30");
    crate::ws::connect(s, &path, "tianqi.terminal", token, origin).await
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
    // UTF-8 locale: pasted Chinese is not turned into octal escapes.
    send(
        &mut ws,
        json!({"type": "input", "data": "echo lang-$LANG\n"}),
    )
    .await;
    assert!(read_until(&mut ws, "lang-C.UTF-8")
        .await
        .contains("lang-C.UTF-8"));
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

/// Reads a Server-Sent Events response until it ends; answers when it ended
/// and the events' names.
async fn sse_until_closed(mut res: reqwest::Response, within: Duration) -> (Duration, Vec<String>) {
    let start = tokio::time::Instant::now();
    let mut events = Vec::new();
    let mut buf = String::new();
    while let Ok(Ok(Some(chunk))) =
        tokio::time::timeout(within.saturating_sub(start.elapsed()), res.chunk()).await
    {
        buf.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(i) = buf.find("\n\n") {
            let block: String = buf.drain(..i + 2).collect();
            if let Some(name) = block.lines().find_map(|l| l.strip_prefix("event: ")) {
                events.push(name.to_owned());
            }
        }
    }
    (start.elapsed(), events)
}

/// Streams and terminals end when access ends — not when the stream happens
/// to make its next request: a stats stream when its user is disabled, a
/// followed log when its token signs out, a terminal when an admin resets the
/// password (with an audit entry saying so), any of them when the token
/// expires (the recheck round); and one user cannot hold more than their share.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_sessions_end_when_access_ends() {
    let site = Site::new(Backend::Sqlite).await;
    let mut config = site.config();
    config.sessions.max_per_user = 3;
    config.auth.session_ttl_secs = 600;
    let s = TestServer::start_with(config, crate::harness::ADMIN_PASSWORD).await;
    let a = s.admin_token.clone();
    docker_node(&s, json!({"name": "live", "cpu_cores": 2, "memory_gb": 2})).await;
    let (_, img) = s.post("/api/v1/images", &a, json!({"name": "lbb", "address": busybox_image(), "keep_alive_command": ["sh", "-c", "while true; do echo tick; sleep 1; done"]})).await;
    let (_, spec) = s
        .post(
            "/api/v1/specs",
            &a,
            json!({"name": "live-tiny", "cpu_cores": 0.25, "memory_gb": 0.125}),
        )
        .await;
    let (uid, uma) = s.user("uma", "user").await;
    let (_, inst) = s
        .post(
            "/api/v1/instances",
            &uma,
            json!({"name": "live-box", "image_id": img["id"], "spec_id": spec["id"]}),
        )
        .await;
    assert_eq!(inst["status"], "running", "{inst}");
    let id = inst["id"].as_i64().unwrap();
    let stream = |token: String, path: String| {
        let http = s.http.clone();
        let url = s.url(&path);
        async move { http.get(url).bearer_auth(token).send().await.unwrap() }
    };

    // A followed log ends when its token signs out.
    let res = stream(
        uma.clone(),
        format!("/api/v1/instances/{id}/logs?follow=true&tail=1"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let reading = tokio::spawn(sse_until_closed(res, Duration::from_secs(20)));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        s.post("/api/v1/auth/logout", &uma, json!({})).await.0,
        StatusCode::NO_CONTENT
    );
    let t = tokio::time::Instant::now();
    let (_, events) = reading.await.unwrap();
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "ended {:?} after the logout",
        t.elapsed()
    );
    assert!(events.iter().any(|e| e == "log"), "{events:?}");

    // The cap: at most 3 at once for one user.
    let uma = s.login_ok("uma", "uma-password").await;
    let mut open = Vec::new();
    for _ in 0..3 {
        let res = stream(uma.clone(), format!("/api/v1/instances/{id}/stats/stream")).await;
        assert_eq!(res.status(), StatusCode::OK);
        open.push(res);
    }
    let refused = stream(uma.clone(), format!("/api/v1/instances/{id}/stats/stream")).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("at most 3"),
        "{body}"
    );
    drop(open);

    // A stats stream ends when its user is disabled. (The server frees the
    // dropped streams' places once it notices their connections closed:
    // within moments, longer on a loaded machine.)
    let mut res = stream(uma.clone(), format!("/api/v1/instances/{id}/stats/stream")).await;
    let freed = tokio::time::Instant::now();
    while res.status() == StatusCode::TOO_MANY_REQUESTS && freed.elapsed() < Duration::from_secs(5)
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
        res = stream(uma.clone(), format!("/api/v1/instances/{id}/stats/stream")).await;
    }
    assert_eq!(res.status(), StatusCode::OK);
    let reading = tokio::spawn(sse_until_closed(res, Duration::from_secs(30)));
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (st, _) = s
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/users/{uid}"),
            Some(&a),
            Some(json!({"enabled": false})),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let t = tokio::time::Instant::now();
    let (_, events) = reading.await.unwrap();
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "ended {:?} after disabling",
        t.elapsed()
    );
    assert_eq!(
        events.last().map(String::as_str),
        Some("error"),
        "{events:?}"
    );
    s.call(
        reqwest::Method::PATCH,
        &format!("/api/v1/users/{uid}"),
        Some(&a),
        Some(json!({"enabled": true})),
    )
    .await;

    // A terminal ends when an admin resets the password; its audit entry says
    // who, where, how long, how many bytes and why it ended.
    let uma = s.login_ok("uma", "uma-password").await;
    let mut ws = connect(&s, id, &uma, None).await.expect("terminal");
    send(
        &mut ws,
        json!({"type": "input", "data": "echo live-$((40+2))\n"}),
    )
    .await;
    assert!(read_until(&mut ws, "live-42").await.contains("live-42"));
    let (st, _) = s
        .post(
            &format!("/api/v1/users/{uid}/password"),
            &a,
            json!({"password": "reset-for-uma-1"}),
        )
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let t = tokio::time::Instant::now();
    let tail = read_until(&mut ws, "access ended").await;
    assert!(tail.contains("access ended"), "{tail}");
    assert!(t.elapsed() < Duration::from_secs(5));
    let entry = loop {
        let (_, log) = s
            .get("/api/v1/audit?route=/api/v1/instances/{id}/terminal", &a)
            .await;
        if let Some(e) = log["items"].as_array().and_then(|l| l.first()).cloned() {
            break e;
        }
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "no terminal audit entry: {log}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(
        (entry["actor"].as_str(), entry["resource_id"].as_str()),
        (Some("uma"), Some(id.to_string().as_str())),
        "{entry}"
    );
    let detail: serde_json::Value =
        serde_json::from_str(entry["detail"].as_str().unwrap()).unwrap();
    assert_eq!(detail["ended_by"], "access ended", "{detail}");
    assert!(
        detail["bytes_in"].as_u64().unwrap() >= 20 && detail["bytes_out"].as_u64().unwrap() > 0,
        "{detail}"
    );

    // Expiry needs nobody to act: the recheck round ends the stream.
    s.post(
        &format!("/api/v1/users/{uid}/password"),
        &a,
        json!({"password": "reset-for-uma-2"}),
    )
    .await;
    let (_, l) = s.login("uma", "reset-for-uma-2").await;
    let pending = l["token"].as_str().unwrap().to_owned();
    s.post(
        "/api/v1/me/password",
        &pending,
        json!({"current_password": "reset-for-uma-2", "new_password": "umas-own-choice-9"}),
    )
    .await;
    let res = stream(
        pending.clone(),
        format!("/api/v1/instances/{id}/logs?follow=true&tail=1"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let reading = tokio::spawn(sse_until_closed(res, Duration::from_secs(30)));
    tokio::time::sleep(Duration::from_millis(500)).await;
    s.clock.advance(Duration::from_secs(601));
    let t = tokio::time::Instant::now();
    reading.await.unwrap();
    assert!(
        t.elapsed() < Duration::from_secs(6),
        "ended {:?} after expiry",
        t.elapsed()
    );

    // (The admin's session expired with the clock too.)
    let a = s.login_ok("admin", crate::harness::ADMIN_PASSWORD).await;
    let (st, _) = s.delete(&format!("/api/v1/instances/{id}"), &a).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    s.finish(site).await;
}

/// A server that stops ends its live sessions first and says so: the terminal
/// gets close code 1012 (restart) — not an `exit`, so the console reconnects —
/// its shell is ended and its audit entry written; a followed log and a stats
/// stream end at once instead of holding the shutdown for its grace period;
/// and the next server takes the same token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopping_server_ends_terminals_and_streams_cleanly() {
    use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let a = s.admin_token.clone();
    docker_node(&s, json!({"name": "stop", "cpu_cores": 2, "memory_gb": 2})).await;
    let (_, img) = s.post("/api/v1/images", &a, json!({"name": "sbb", "address": busybox_image(), "keep_alive_command": ["sh", "-c", "while true; do echo tick; sleep 1; done"]})).await;
    let (_, spec) = s
        .post(
            "/api/v1/specs",
            &a,
            json!({"name": "stop-tiny", "cpu_cores": 0.25, "memory_gb": 0.125}),
        )
        .await;
    let (_, vic) = s.user("vic", "user").await;
    let (_, inst) = s
        .post(
            "/api/v1/instances",
            &vic,
            json!({"name": "stop-box", "image_id": img["id"], "spec_id": spec["id"]}),
        )
        .await;
    assert_eq!(inst["status"], "running", "{inst}");
    let id = inst["id"].as_i64().unwrap();
    let container = inst["container_id"].as_str().unwrap().to_owned();

    let mut ws = connect(&s, id, &vic, None).await.expect("terminal");
    send(
        &mut ws,
        json!({"type": "input", "data": "echo up-$((6*7))\n"}),
    )
    .await;
    assert!(read_until(&mut ws, "up-42").await.contains("up-42"));
    let streams = [
        format!("/api/v1/instances/{id}/logs?follow=true&tail=1"),
        format!("/api/v1/instances/{id}/stats/stream"),
    ];
    let mut readers = Vec::new();
    for path in &streams {
        let res = s
            .http
            .get(s.url(path))
            .bearer_auth(&vic)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        readers.push(tokio::spawn(sse_until_closed(res, Duration::from_secs(30))));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;

    let t = tokio::time::Instant::now();
    let stopping = s.begin_shutdown();
    // The terminal: a close frame saying restart, and no `exit` before it.
    let mut close = None;
    let mut texts = Vec::new();
    while let Ok(Some(Ok(m))) = tokio::time::timeout(Duration::from_secs(5), ws.next()).await {
        match m {
            Message::Close(f) => {
                close = f;
                break;
            }
            Message::Text(t) => texts.push(t.to_string()),
            _ => {}
        }
    }
    let close = close.expect("a close frame");
    assert_eq!(
        (close.code, close.reason.as_str()),
        (CloseCode::Restart, "server restarting")
    );
    assert!(
        texts.iter().all(|t| !t.contains("exit")),
        "a restart is not an exit: {texts:?}"
    );
    for (path, r) in streams.iter().zip(readers) {
        let (_, events) = r.await.unwrap();
        assert!(
            t.elapsed() < Duration::from_secs(5),
            "{path} held the shutdown for {:?}",
            t.elapsed()
        );
        assert!(!events.is_empty(), "{path}: {events:?}");
    }
    tokio::time::timeout(Duration::from_secs(8), stopping)
        .await
        .expect("the server stops without waiting out its grace period")
        .expect("server task ends cleanly");
    assert!(
        t.elapsed() < Duration::from_secs(8),
        "stopped in {:?}",
        t.elapsed()
    );
    let ps = docker(&docker_host(), &["exec", &container, "ps"]);
    assert!(
        !ps.contains("sh -l"),
        "the shell outlived the server:\n{ps}"
    );

    // The next server: the audit entry says why the terminal ended, the
    // token still works, the terminal opens again.
    let s = TestServer::start(&site).await;
    let (_, log) = s
        .get(
            "/api/v1/audit?route=/api/v1/instances/{id}/terminal",
            &s.admin_token,
        )
        .await;
    let entry = log["items"][0].clone();
    let detail: serde_json::Value =
        serde_json::from_str(entry["detail"].as_str().unwrap_or("null")).unwrap();
    assert_eq!(detail["ended_by"], "server stopping", "{log}");
    let mut ws = connect(&s, id, &vic, None).await.expect("terminal again");
    send(
        &mut ws,
        json!({"type": "input", "data": "echo back-$((50+5))\n"}),
    )
    .await;
    assert!(read_until(&mut ws, "back-55").await.contains("back-55"));
    drop(ws);
    let (st, _) = s.delete(&format!("/api/v1/instances/{id}"), &vic).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    s.finish(site).await;
}
