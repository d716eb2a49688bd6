//! Replies streamed and whole, with usage and reasoning; the provider's
//! failures; stopping a reply keeps what arrived.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::fake::{parse_sse, read_sse, FakeProvider, BAD_KEY, GOOD_KEY, USAGE};
use super::*;
use crate::harness::{assert_error, Site};
use crate::on_both;

async fn streamed_and_whole_replies(site: &Site) {
    let s = start(site).await;
    let p = FakeProvider::start().await;
    active_config(&s, &p, GOOD_KEY).await;
    let (_, alice) = s.user("alice", "user").await;
    let id = conversation(&s, &alice, json!({"system_prompt": "你是助手"})).await;

    let r = send_raw(&s, &alice, id, json!({"content": "你好，世界"})).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let events = read_sse(r).await;
    let names: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.first(), Some(&"start"), "{names:?}");
    assert_eq!(names.last(), Some(&"done"), "{names:?}");
    assert!(names.contains(&"usage"), "{names:?}");
    let text: String = events
        .iter()
        .filter(|(n, _)| n == "delta")
        .map(|(_, d)| d["content"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(text, "echo: 你好，世界");
    assert!(
        names.iter().filter(|n| **n == "delta").count() >= 2,
        "{names:?}"
    );
    let done = &events.last().unwrap().1["message"];
    assert_eq!(done["content"], "echo: 你好，世界");
    assert_eq!(done["finish_reason"], "stop");
    assert_eq!(done["total_tokens"], USAGE.0 + USAGE.1);
    assert_eq!(done["metadata"]["usage_estimated"], false);

    // The provider got the key, the system prompt and the message.
    let req = &p.requests()[0];
    assert_eq!(req["_auth"], format!("Bearer {GOOD_KEY}"));
    assert_eq!(req["stream"], true);
    assert_eq!(req["model"], "echo");
    assert_eq!(
        req["messages"],
        json!([{"role": "system", "content": "你是助手"},
        {"role": "user", "content": "你好，世界"}])
    );

    // Whole; the history goes along.
    let r = send_raw(&s, &alice, id, json!({"content": "again", "stream": false})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let ex: Value = r.json().await.unwrap();
    assert_eq!(ex["reply"]["content"], "echo: again");
    assert_eq!(ex["user_message"]["role"], "user");
    assert_eq!(p.requests()[1]["messages"].as_array().unwrap().len(), 4);

    let m = messages(&s, &alice, id).await;
    let roles: Vec<&str> = m.iter().map(|m| m["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["user", "assistant", "user", "assistant"]);
    let (_, c) = s
        .get(&format!("/api/v1/assistant/conversations/{id}"), &alice)
        .await;
    assert_eq!(c["total_tokens"], 2 * (USAGE.0 + USAGE.1));
    assert_eq!(c["message_count"], 4);
    // The first message named the conversation.
    assert_eq!(c["title"], "你好，世界");
    let (_, u) = s.get("/api/v1/assistant/usage", &alice).await;
    assert_eq!(u["used_tokens"], 2 * (USAGE.0 + USAGE.1));
    assert_eq!(u["limit_tokens"], Value::Null);

    // A reasoning model: its reasoning stream is kept apart, streamed or not.
    let think = conversation(&s, &alice, json!({"model": "think"})).await;
    let events = read_sse(send_raw(&s, &alice, think, json!({"content": "why"})).await).await;
    let reasoning: String = events
        .iter()
        .filter(|(n, _)| n == "delta")
        .map(|(_, d)| d["reasoning"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(reasoning, "Let me think.");
    let done = &events.last().unwrap().1["message"];
    assert_eq!(
        (done["reasoning"].as_str(), done["content"].as_str()),
        (Some("Let me think."), Some("echo: why"))
    );
    let ex: Value = send_raw(&s, &alice, think, json!({"content": "w", "stream": false}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ex["reply"]["reasoning"], "thinking…");

    // A stream that ends without usage or [DONE]: kept, usage estimated.
    let nu = conversation(&s, &alice, json!({"model": "nousage"})).await;
    let events = read_sse(send_raw(&s, &alice, nu, json!({"content": "abc"})).await).await;
    let done = &events.last().unwrap().1["message"];
    assert_eq!(done["finish_reason"], "incomplete");
    assert_eq!(done["metadata"]["usage_estimated"], true);
    assert!(done["total_tokens"].as_i64().unwrap() > 0, "{done}");
    s.stop().await;
}
on_both!(streamed_and_whole_replies);

async fn provider_failures(site: &Site) {
    let s = start(site).await;
    let p = FakeProvider::start().await;
    let (_, alice) = s.user("alice", "user").await;
    let id = conversation(&s, &alice, json!({})).await;
    // No active config yet.
    let r = send_raw(&s, &alice, id, json!({"content": "hi"})).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);

    let cfg = active_config(&s, &p, BAD_KEY).await;
    let name = cfg["name"].as_str().unwrap().to_owned();
    for stream in [true, false] {
        let r = send_raw(&s, &alice, id, json!({"content": "hi", "stream": stream})).await;
        let got = (r.status(), r.json::<Value>().await.unwrap());
        assert_error(&got, StatusCode::BAD_GATEWAY, "bad_gateway", None);
        let msg = got.1["error"]["message"].as_str().unwrap();
        assert!(
            msg.contains("API key") && msg.contains(&name) && msg.contains("401"),
            "{msg}"
        );
        assert!(!msg.contains(BAD_KEY), "{msg}");
    }
    // Nothing half-written: a refused request stores no message.
    assert!(messages(&s, &alice, id).await.is_empty());
    patch(
        &s,
        &format!("/api/v1/assistant/configs/{}", cfg["id"]),
        &s.admin_token,
        json!({"api_key": GOOD_KEY}),
    )
    .await;

    let busy = conversation(&s, &alice, json!({"model": "busy"})).await;
    let r = send_raw(&s, &alice, busy, json!({"content": "hi"})).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "7");
    let b: Value = r.json().await.unwrap();
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap()
            .contains("rate limiting"),
        "{b}"
    );

    let mute = conversation(&s, &alice, json!({"model": "mute"})).await;
    let r = send_raw(&s, &alice, mute, json!({"content": "hi"})).await;
    let got = (r.status(), r.json::<Value>().await.unwrap());
    assert_error(&got, StatusCode::GATEWAY_TIMEOUT, "gateway_timeout", None);

    // A stall: what arrived is kept, the client is told, the reply says stalled.
    let stall = conversation(&s, &alice, json!({"model": "stall"})).await;
    let events =
        read_sse(send_raw(&s, &alice, stall, json!({"content": "abcdefghij"})).await).await;
    let names: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"error"), "{names:?}");
    let done = &events.last().unwrap().1["message"];
    assert_eq!(done["finish_reason"], "stalled");
    assert_eq!(done["content"], "echo: ab");
    let m = messages(&s, &alice, stall).await;
    assert_eq!(m[1]["content"], "echo: ab");
    assert!(m[1]["metadata"]["error"]
        .as_str()
        .unwrap()
        .contains("sent nothing"));

    // An endpoint nobody listens on.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    patch(
        &s,
        &format!("/api/v1/assistant/configs/{}", cfg["id"]),
        &s.admin_token,
        json!({"base_url": format!("http://127.0.0.1:{port}/v4")}),
    )
    .await;
    let r = send_raw(&s, &alice, id, json!({"content": "hi"})).await;
    let got = (r.status(), r.json::<Value>().await.unwrap());
    assert_error(&got, StatusCode::BAD_GATEWAY, "bad_gateway", None);
    assert!(
        got.1["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cannot connect"),
        "{}",
        got.1
    );
    s.stop().await;
}
on_both!(provider_failures);

async fn stopping_keeps_what_arrived(site: &Site) {
    let s = start(site).await;
    let p = FakeProvider::start().await;
    active_config(&s, &p, GOOD_KEY).await;
    let (_, alice) = s.user("alice", "user").await;
    let id = conversation(&s, &alice, json!({"model": "slow"})).await;
    let mut r = send_raw(&s, &alice, id, json!({"content": "count"})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let mut seen = String::new();
    while parse_sse(&seen)
        .iter()
        .filter(|(n, _)| n == "delta")
        .count()
        < 3
    {
        let c = r.chunk().await.unwrap().unwrap();
        seen.push_str(&String::from_utf8_lossy(&c));
    }
    // Stop generating: the client goes away.
    drop(r);
    let mut reply = Value::Null;
    for _ in 0..100 {
        let m = messages(&s, &alice, id).await;
        reply = m[1].clone();
        if !reply["finish_reason"].is_null() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(reply["finish_reason"], "stopped", "{reply}");
    let content = reply["content"].as_str().unwrap();
    assert!(content.starts_with("0 1 2 "), "{content}");
    assert!(!content.contains("199"), "{content}");
    assert_eq!(reply["metadata"]["usage_estimated"], true);
    assert!(reply["total_tokens"].as_i64().unwrap() > 0);
    s.stop().await;
}
on_both!(stopping_keeps_what_arrived);
