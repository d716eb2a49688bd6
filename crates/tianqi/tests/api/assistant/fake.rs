//! An AI provider of our own on loopback, speaking the OpenAI
//! chat-completions protocol over real HTTP: streamed (SSE) and whole
//! answers with usage, and on request the failures the assistant must tell
//! apart. The model name picks the behaviour:
//! - anything else: answers `echo: <last user message>` in several chunks
//! - `think`: reasoning deltas (`reasoning_content`) before the answer
//! - `stall`: two deltas, then nothing (the stream stays open)
//! - `slow`: a delta every 100 ms, 200 of them
//! - `mute`: never answers at all
//! - `busy`: 429 with `Retry-After: 7`
//! - `nousage`: the stream ends without usage and without `[DONE]`
//!
//! and the API key `bad-key-0123456789` gets a 401, as GLM answers it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::sync::mpsc;

pub const GOOD_KEY: &str = "good-key-0123456789abcdef";
pub const BAD_KEY: &str = "bad-key-0123456789";
pub const USAGE: (i64, i64) = (11, 4);

#[derive(Clone, Default)]
pub struct Seen {
    /// Every request body, with the Authorization header under "_auth".
    pub requests: Arc<Mutex<Vec<Value>>>,
}

pub struct FakeProvider {
    pub base_url: String,
    pub seen: Seen,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeProvider {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn chunk(delta: Value, finish: Option<&str>, usage: Option<Value>) -> String {
    let mut c = json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1,
        "model": "fake", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]});
    if let Some(u) = usage {
        c["usage"] = u;
    }
    format!("data: {c}\n\n")
}

fn usage() -> Value {
    json!({"prompt_tokens": USAGE.0, "completion_tokens": USAGE.1, "total_tokens": USAGE.0 + USAGE.1})
}

async fn completions(
    State(seen): State<Seen>,
    headers: HeaderMap,
    Json(mut body): Json<Value>,
) -> Response {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    body["_auth"] = json!(auth);
    seen.requests.lock().unwrap().push(body.clone());
    if auth == format!("Bearer {BAD_KEY}") {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": {"code": "1000", "message": "身份验证失败 (invalid api key)"}})),
        )
            .into_response();
    }
    let model = body["model"].as_str().unwrap_or_default().to_owned();
    let question = body["messages"]
        .as_array()
        .and_then(|m| m.last())
        .and_then(|m| m["content"].as_str())
        .unwrap_or_default()
        .to_owned();
    let answer = format!("echo: {question}");
    match model.as_str() {
        "busy" => {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [("retry-after", "7")],
                Json(json!({"error": {"code": "1302", "message": "rate limit reached"}})),
            )
                .into_response()
        }
        "mute" => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
        _ => {}
    }
    if body["stream"] != true {
        let mut message = json!({"role": "assistant", "content": answer});
        if model == "think" {
            message["reasoning_content"] = json!("thinking…");
        }
        return Json(
            json!({"id": "chatcmpl-1", "model": model, "choices": [{"index": 0,
            "message": message, "finish_reason": "stop"}], "usage": usage()}),
        )
        .into_response();
    }
    let (tx, rx) = mpsc::channel::<String>(16);
    tokio::spawn(async move {
        let send = |s: String| {
            let tx = tx.clone();
            async move { tx.send(s).await.is_ok() }
        };
        if model == "think" {
            for r in ["Let me ", "think."] {
                send(chunk(
                    json!({"role": "assistant", "reasoning_content": r}),
                    None,
                    None,
                ))
                .await;
            }
        }
        if model == "slow" {
            for i in 0..200 {
                if !send(chunk(json!({"content": format!("{i} ")}), None, None)).await {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        // The answer in pieces of at most 4 characters.
        let chars: Vec<char> = answer.chars().collect();
        for (i, piece) in chars.chunks(4).enumerate() {
            if model == "stall" && i == 2 {
                // Two pieces, then silence with the connection open.
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return;
            }
            send(chunk(
                json!({"content": piece.iter().collect::<String>()}),
                None,
                None,
            ))
            .await;
        }
        if model == "nousage" {
            return;
        }
        send(chunk(json!({"content": ""}), Some("stop"), Some(usage()))).await;
        send("data: [DONE]\n\n".into()).await;
    });
    let stream = futures::stream::unfold(rx, |mut rx| async move {
        let s = rx.recv().await?;
        Some((Ok::<_, std::io::Error>(Bytes::from(s)), rx))
    });
    (
        [("content-type", "text/event-stream")],
        Body::from_stream(stream),
    )
        .into_response()
}

impl FakeProvider {
    pub async fn start() -> FakeProvider {
        let seen = Seen::default();
        let app = Router::new()
            .route("/v4/chat/completions", post(completions))
            .with_state(seen.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeProvider {
            base_url: format!("http://{addr}/v4"),
            seen,
            task,
        }
    }

    pub fn requests(&self) -> Vec<Value> {
        self.seen.requests.lock().unwrap().clone()
    }
}

/// A streamed reply as the client sees it: (event name, data) in order.
pub async fn read_sse(mut res: reqwest::Response) -> Vec<(String, Value)> {
    let mut buf = String::new();
    let mut raw = Vec::new();
    while let Some(c) = res.chunk().await.unwrap() {
        raw.extend_from_slice(&c);
    }
    buf.push_str(&String::from_utf8(raw).unwrap());
    parse_sse(&buf)
}

pub fn parse_sse(text: &str) -> Vec<(String, Value)> {
    text.split("\n\n")
        .filter_map(|ev| {
            let mut name = String::from("message");
            let mut data = String::new();
            for line in ev.lines() {
                if let Some(n) = line.strip_prefix("event:") {
                    name = n.trim().to_owned();
                } else if let Some(d) = line.strip_prefix("data:") {
                    data.push_str(d.trim_start());
                }
            }
            (!data.is_empty()).then(|| (name, serde_json::from_str(&data).unwrap()))
        })
        .collect()
}
