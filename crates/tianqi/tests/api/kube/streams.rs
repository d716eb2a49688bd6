//! A pod's streams through the API on both databases against the fake API
//! server: logs (tail as JSON, followed as SSE with new lines, ended by the
//! pod's deletion or by a revoked grant, broken by a cluster that goes
//! away) and the pod terminal (the WebSocket bridged to the cluster's exec
//! protocol: typing, resize, the exit code, refusals before the upgrade, a
//! revoked grant ending it, the audit entry).

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tianqi_kube::fake::{FakeApiServer, FakeCluster, FakeShell};
use tokio_tungstenite::tungstenite::Message;

use super::grants::grant;
use super::resources::register;
use crate::harness::{assert_error, Site, TestServer};
use crate::on_both;
use crate::ws::Ws;

/// A followed SSE response, read event by event.
struct Events {
    res: reqwest::Response,
    buf: String,
}

impl Events {
    /// The next `(event, data)`; `None` when the stream ended (10 s bound).
    async fn next(&mut self) -> Option<(String, String)> {
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let mut event = String::new();
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(e) = line.strip_prefix("event: ") {
                        event = e.to_owned();
                    } else if let Some(d) = line.strip_prefix("data: ") {
                        data = d.to_owned();
                    }
                }
                if event.is_empty() && data.is_empty() {
                    continue; // a keep-alive comment
                }
                return Some((event, data));
            }
            match tokio::time::timeout(Duration::from_secs(10), self.res.chunk()).await {
                Ok(Ok(Some(c))) => self.buf.push_str(&String::from_utf8_lossy(&c)),
                Ok(_) => return None,
                Err(_) => panic!("no event within 10 s; have {:?}", self.buf),
            }
        }
    }

    async fn line(&mut self) -> String {
        let (event, data) = self.next().await.expect("a log event");
        assert_eq!(event, "log", "{data}");
        let v: Value = serde_json::from_str(&data).unwrap();
        v["line"].as_str().unwrap().to_owned()
    }
}

async fn follow(s: &TestServer, path: &str, token: &str) -> Events {
    let res = s
        .http
        .get(s.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    Events {
        res,
        buf: String::new(),
    }
}

async fn pod_logs(site: &Site) {
    let fake = FakeApiServer::start(FakeCluster::sample()).await.unwrap();
    let s = TestServer::start(site).await;
    let a = &s.admin_token;
    let id = register(&s, &fake, "logs").await;
    let pods = format!("/api/v1/k8s/clusters/{id}/namespaces/team-a/pods");

    let (st, v) = s.get(&format!("{pods}/web-1/logs?tail_lines=2"), a).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["lines"], json!(["web-1 line 4", "web-1 line 5"]));
    assert_eq!(
        (v["pod"].as_str(), v["namespace"].as_str()),
        (Some("web-1"), Some("team-a"))
    );
    for (q, field) in [
        ("tail_lines=0", "tail_lines"),
        ("since_seconds=-5", "since_seconds"),
        ("container=Bad_Name", "container"),
    ] {
        let got = s.get(&format!("{pods}/web-1/logs?{q}"), a).await;
        assert_error(
            &got,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        );
    }
    let got = s.get(&format!("{pods}/web-1/logs?colour=red"), a).await;
    assert_eq!(got.0, StatusCode::UNPROCESSABLE_ENTITY, "{}", got.1);
    let got = s.get(&format!("{pods}/nope/logs"), a).await;
    assert_error(&got, StatusCode::NOT_FOUND, "not_found", None);
    // The cluster's 400 (no such container) keeps its meaning: the request was wrong.
    let got = s
        .get(&format!("{pods}/web-1/logs?container=sidecar"), a)
        .await;
    assert_eq!(got.0, StatusCode::UNPROCESSABLE_ENTITY, "{}", got.1);
    assert!(
        got.1["error"]["message"]
            .as_str()
            .unwrap()
            .contains("sidecar"),
        "{}",
        got.1
    );

    // Followed: the tail, then lines as they come, until the pod goes.
    let mut ev = follow(
        &s,
        &format!("{pods}/web-1/logs?follow=true&tail_lines=1"),
        a,
    )
    .await;
    assert_eq!(ev.line().await, "web-1 line 5");
    fake.append_log("team-a", "web-1", "第六行");
    assert_eq!(ev.line().await, "第六行");
    let (st, _) = s.delete(&format!("{pods}/web-1"), a).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (event, data) = ev.next().await.expect("an end event");
    assert_eq!(
        (event.as_str(), data.as_str()),
        ("end", r#"{"reason":"log ended"}"#)
    );
    assert!(ev.next().await.is_none());

    // A user's followed log ends when their grant is revoked.
    let (uid, u) = s.user("lena", "user").await;
    let g = grant(
        &s,
        json!({"user_id": uid, "cluster_id": id, "namespace": "team-a", "level": "read"}),
    )
    .await;
    let mut ev = follow(&s, &format!("{pods}/web-2/logs?follow=true"), &u).await;
    fake.append_log("team-a", "web-2", "for lena");
    assert_eq!(ev.line().await, "for lena");
    let (st, _) = s
        .delete(&format!("/api/v1/k8s/grants/{}", g["id"]), a)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (event, data) = ev.next().await.expect("an end event");
    assert_eq!(
        (event.as_str(), data.as_str()),
        ("end", r#"{"reason":"access ended"}"#)
    );
    let again = s.get(&format!("{pods}/web-2/logs?follow=true"), &u).await;
    assert_error(&again, StatusCode::NOT_FOUND, "not_found", None);

    // A cluster that goes away mid-stream: an error event in words, then the end.
    let mut ev = follow(
        &s,
        &format!("{pods}/web-2/logs?follow=true&tail_lines=1"),
        a,
    )
    .await;
    assert_eq!(ev.line().await, "for lena");
    fake.append_log("team-a", "web-2", "last words");
    assert_eq!(ev.line().await, "last words");
    fake.stop().await;
    let (event, data) = ev.next().await.expect("an error event");
    assert_eq!(event, "error", "{data}");
    assert!(data.contains("cannot reach the cluster"), "{data}");
    s.stop().await;
}
on_both!(pod_logs);

async fn open(s: &TestServer, path: &str, token: &str, origin: Option<&str>) -> Result<Ws, u16> {
    crate::ws::connect(s, path, "tianqi.terminal", token, origin).await
}

/// Output until `needle` shows up; the text frames too (exit, pong).
pub(super) async fn read_until(ws: &mut Ws, needle: &str) -> String {
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
    assert!(seen.contains(needle), "no {needle:?} in {seen:?}");
    seen
}

async fn send(ws: &mut Ws, v: Value) {
    ws.send(Message::Text(v.to_string().into())).await.unwrap();
}

async fn pod_terminal(site: &Site) {
    let fake = FakeApiServer::start(FakeCluster::sample()).await.unwrap();
    let s = TestServer::start(site).await;
    let a = &s.admin_token;
    let id = register(&s, &fake, "term").await;
    let pods = format!("/api/v1/k8s/clusters/{id}/namespaces/team-a/pods");
    let term = |pod: &str, q: &str| format!("{pods}/{pod}/terminal?cols=100&rows=30{q}");

    let mut ws = open(&s, &term("web-1", ""), a, None).await.unwrap();
    read_until(&mut ws, FakeShell::PROMPT).await;
    send(&mut ws, json!({"type": "input", "data": "stty size\r"})).await;
    read_until(&mut ws, "30 100").await;
    send(&mut ws, json!({"type": "resize", "cols": 132, "rows": 43})).await;
    send(&mut ws, json!({"type": "ping"})).await;
    read_until(&mut ws, r#"{"type":"pong"}"#).await;
    ws.send(Message::Binary("echo 你好\r".as_bytes().to_vec().into()))
        .await
        .unwrap();
    read_until(&mut ws, "你好\r\n").await;
    send(&mut ws, json!({"type": "input", "data": "stty size\r"})).await;
    read_until(&mut ws, "43 132").await;
    send(&mut ws, json!({"type": "input", "data": "exit 7\r"})).await;
    read_until(&mut ws, r#"{"type":"exit","code":7}"#).await;
    let exec = &fake.execs()[0];
    assert_eq!(exec.command, tianqi_kube::SHELL);
    assert_eq!(exec.resizes, [(100, 30), (132, 43)]);

    // Refused before any upgrade, each with its status.
    let (uid, reader) = s.user("rita", "user").await;
    let (wid, writer) = s.user("walt", "user").await;
    grant(
        &s,
        json!({"user_id": uid, "cluster_id": id, "level": "read"}),
    )
    .await;
    let g = grant(
        &s,
        json!({"user_id": wid, "cluster_id": id, "namespace": "team-a", "level": "write"}),
    )
    .await;
    assert_eq!(
        open(&s, &term("web-1", ""), &reader, None).await.err(),
        Some(403),
        "a read grant"
    );
    assert_eq!(
        open(&s, &term("web-1", ""), "tqs_forged", None).await.err(),
        Some(401)
    );
    assert_eq!(
        open(&s, &term("web-1", ""), &writer, Some("http://evil.example"))
            .await
            .err(),
        Some(403),
        "cross-origin"
    );
    assert_eq!(open(&s, &term("nope", ""), a, None).await.err(), Some(404));
    assert_eq!(
        open(&s, &term("web-1", "&container=sidecar"), a, None)
            .await
            .err(),
        Some(422)
    );
    assert_eq!(
        open(&s, &term("web-1", "&container=Bad_Name"), a, None)
            .await
            .err(),
        Some(422)
    );
    let other_ns = format!("/api/v1/k8s/clusters/{id}/namespaces/default/pods/web-1/terminal");
    assert_eq!(
        open(&s, &other_ns, &writer, None).await.err(),
        Some(404),
        "outside the grant"
    );

    // The writer's terminal ends the moment the grant is revoked.
    let mut ws = open(&s, &term("db-0", ""), &writer, None).await.unwrap();
    read_until(&mut ws, FakeShell::PROMPT).await;
    send(&mut ws, json!({"type": "input", "data": "hostname\r"})).await;
    read_until(&mut ws, "db-0").await;
    let (st, _) = s
        .delete(&format!("/api/v1/k8s/grants/{}", g["id"]), a)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    read_until(&mut ws, r#"{"type":"exit","reason":"access ended"}"#).await;
    // …and the exec on the cluster ends with it.
    let mut closed = false;
    for _ in 0..100 {
        if fake
            .execs()
            .iter()
            .filter(|e| e.pod == "db-0")
            .all(|e| !e.open)
        {
            closed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(closed, "the pod's exec was not closed: {:?}", fake.execs());

    // A cluster that goes away under an open terminal: it ends, not hangs.
    drop(ws);
    let mut ws = open(&s, &term("web-2", ""), a, None).await.unwrap();
    read_until(&mut ws, FakeShell::PROMPT).await;
    fake.stop().await;
    read_until(&mut ws, r#"{"type":"exit"}"#).await;

    // Each terminal is an audit entry: who, which pod, why it ended.
    let mut entries = Vec::new();
    for _ in 0..50 {
        let (_, audit) = s
            .get("/api/v1/audit?route=/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods/{name}/terminal", a)
            .await;
        entries = audit["items"].as_array().cloned().unwrap_or_default();
        if entries.len() >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(entries.len(), 3, "{entries:?}");
    let walt: Vec<&Value> = entries.iter().filter(|e| e["actor"] == "walt").collect();
    assert_eq!(walt.len(), 1, "{entries:?}");
    let detail: Value = serde_json::from_str(walt[0]["detail"].as_str().unwrap()).unwrap();
    assert_eq!(detail["ended_by"], "access ended");
    assert_eq!(detail["pod"], "db-0");
    assert_eq!(detail["namespace"], "team-a");
    assert_eq!(walt[0]["resource_id"], format!("{id}/team-a/db-0"));
    s.stop().await;
}
on_both!(pod_terminal);
