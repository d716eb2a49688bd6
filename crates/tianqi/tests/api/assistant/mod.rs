//! The AI assistant through the API on both databases, against a provider
//! of ours on loopback (`fake`): provider configs (admin, the key sealed and
//! never returned, one active even under concurrent activation), private
//! conversations, streamed and whole replies with usage and reasoning, the
//! provider's failures (401, 429, unreachable, no answer, a stall), stopping
//! a reply, and the daily token limit.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::harness::{Site, TestServer, ADMIN_PASSWORD};

mod configs;
mod conversations;
mod fake;
mod limits;
mod replies;

use fake::FakeProvider;

async fn start(site: &Site) -> TestServer {
    let mut c = site.config();
    c.assistant.stream_idle_timeout_secs = 1;
    c.assistant.request_timeout_secs = 2;
    TestServer::start_with(c, ADMIN_PASSWORD).await
}

async fn patch(s: &TestServer, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
    s.call(Method::PATCH, path, Some(token), Some(body)).await
}

/// An active config talking to `p` with `key`.
async fn active_config(s: &TestServer, p: &FakeProvider, key: &str) -> Value {
    let (st, c) = s
        .post(
            "/api/v1/assistant/configs",
            &s.admin_token,
            json!({"name": format!("fake-{}", rand::random::<u32>()), "api_key": key,
                "base_url": p.base_url, "model": "echo", "active": true}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    c
}

async fn conversation(s: &TestServer, token: &str, body: Value) -> i64 {
    let (st, c) = s.post("/api/v1/assistant/conversations", token, body).await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    c["id"].as_i64().unwrap()
}

async fn send_raw(s: &TestServer, token: &str, id: i64, body: Value) -> reqwest::Response {
    s.http
        .post(s.url(&format!("/api/v1/assistant/conversations/{id}/messages")))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn messages(s: &TestServer, token: &str, id: i64) -> Vec<Value> {
    let (st, m) = s
        .get(
            &format!("/api/v1/assistant/conversations/{id}/messages"),
            token,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{m}");
    m.as_array().unwrap().clone()
}
