//! The AI assistant through the API on both databases, against a provider
//! of ours on loopback (`fake`): provider configs (admin, the key sealed and
//! never returned, one active even under concurrent activation), private
//! conversations, streamed and whole replies with usage and reasoning, the
//! provider's failures (401, 429, unreachable, no answer, a stall), stopping
//! a reply, and the daily token limit.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::harness::{assert_error, Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;

mod fake;
use fake::{parse_sse, read_sse, FakeProvider, BAD_KEY, GOOD_KEY, USAGE};

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

async fn configs_and_secrets(site: &Site) {
    let s = start(site).await;
    let a = &s.admin_token;
    let (_, user) = s.user("alice", "user").await;
    let key = "sk-live-0123456789abcdef-TAIL";
    let bad = [
        (json!({"name": "x"}), "api_key"),
        (json!({"api_key": key}), "name"),
        (
            json!({"name": "x", "api_key": key, "base_url": "ftp://h/v4"}),
            "base_url",
        ),
        (
            json!({"name": "x", "api_key": key, "base_url": "open.bigmodel.cn"}),
            "base_url",
        ),
        (
            json!({"name": "x", "api_key": key, "temperature": 2.5}),
            "temperature",
        ),
        (
            json!({"name": "x", "api_key": key, "max_tokens": 0}),
            "max_tokens",
        ),
        (json!({"name": "x", "api_key": key, "colour": 1}), "colour"),
    ];
    for (body, field) in bad {
        let got = s.post("/api/v1/assistant/configs", a, body).await;
        assert_error(
            &got,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        );
    }
    let (st, c) = s
        .post(
            "/api/v1/assistant/configs",
            a,
            json!({"name": "GLM", "api_key": key}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    assert_eq!(c["base_url"], "https://open.bigmodel.cn/api/paas/v4");
    assert_eq!(c["model"], "glm-4-plus");
    assert_eq!(c["temperature"], 0.7);
    assert_eq!(c["max_tokens"], 4096);
    assert_eq!(c["active"], false);
    assert_eq!(c["api_key_masked"], "••••TAIL");
    assert!(c.get("api_key").is_none(), "{c}");
    let id = c["id"].as_i64().unwrap();
    let dup = s
        .post(
            "/api/v1/assistant/configs",
            a,
            json!({"name": "GLM", "api_key": key}),
        )
        .await;
    assert_error(&dup, StatusCode::CONFLICT, "conflict", None);
    // Users may not see or change configs.
    let (st, _) = s.get("/api/v1/assistant/configs", &user).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    // The key never comes back, in any answer; a new key changes the mask only.
    let (st, list) = s.get("/api/v1/assistant/configs", a).await;
    assert_eq!(st, StatusCode::OK);
    assert!(!list.to_string().contains("0123456789abcdef"), "{list}");
    let (st, p) = patch(
        &s,
        &format!("/api/v1/assistant/configs/{id}"),
        a,
        json!({"api_key": "sk-new-key-9876543210-NEWT", "model": "glm-4-flash"}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{p}");
    assert_eq!(
        (p["api_key_masked"].as_str(), p["model"].as_str()),
        (Some("••••NEWT"), Some("glm-4-flash"))
    );
    let got = patch(
        &s,
        &format!("/api/v1/assistant/configs/{id}"),
        a,
        json!({"base_url": "file:///etc"}),
    )
    .await;
    assert_error(
        &got,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("base_url"),
    );
    // Activating one deactivates the other.
    let (_, c2) = s
        .post(
            "/api/v1/assistant/configs",
            a,
            json!({"name": "second", "api_key": key, "active": true}),
        )
        .await;
    let (st, act) = s
        .post(
            &format!("/api/v1/assistant/configs/{id}/activate"),
            a,
            json!({}),
        )
        .await;
    assert_eq!(
        (st, &act["active"]),
        (StatusCode::OK, &json!(true)),
        "{act}"
    );
    let (_, again) = s
        .get(&format!("/api/v1/assistant/configs/{}", c2["id"]), a)
        .await;
    assert_eq!(again["active"], false);
    let (st, _) = s
        .delete(&format!("/api/v1/assistant/configs/{id}"), a)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (st, _) = s.get(&format!("/api/v1/assistant/configs/{id}"), a).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    s.stop().await;
}
on_both!(configs_and_secrets);

async fn one_active_under_concurrency(site: &Site) {
    let s = start(site).await;
    let a = &s.admin_token;
    let mut ids = Vec::new();
    for i in 0..6 {
        let (st, c) = s
            .post(
                "/api/v1/assistant/configs",
                a,
                json!({"name": format!("c{i}"), "api_key": GOOD_KEY, "active": i == 0}),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{c}");
        ids.push(c["id"].as_i64().unwrap());
    }
    for _round in 0..3 {
        let paths: Vec<String> = ids
            .iter()
            .map(|id| format!("/api/v1/assistant/configs/{id}/activate"))
            .collect();
        let calls = paths.iter().map(|path| s.post(path, a, json!({})));
        let results = futures::future::join_all(calls).await;
        for (st, b) in &results {
            assert!(
                *st == StatusCode::OK || *st == StatusCode::CONFLICT,
                "{st} {b}"
            );
        }
        let (_, list) = s.get("/api/v1/assistant/configs", a).await;
        let active = list
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["active"] == true)
            .count();
        assert_eq!(active, 1, "{list}");
    }
    s.stop().await;
}
on_both!(one_active_under_concurrency);

async fn conversations_are_private(site: &Site) {
    let s = start(site).await;
    let p = FakeProvider::start().await;
    active_config(&s, &p, GOOD_KEY).await;
    let (_, alice) = s.user("alice", "user").await;
    let (_, bob) = s.user("bob", "user").await;
    let id = conversation(
        &s,
        &alice,
        json!({"title": "周报", "system_prompt": "简洁"}),
    )
    .await;
    let (_, c) = s
        .get(&format!("/api/v1/assistant/conversations/{id}"), &alice)
        .await;
    // Unset settings come from the active config.
    assert_eq!(
        (c["model"].as_str(), c["total_tokens"].as_i64()),
        (Some("echo"), Some(0))
    );
    let path = format!("/api/v1/assistant/conversations/{id}");
    for who in [&bob, &s.admin_token] {
        assert_eq!(s.get(&path, who).await.0, StatusCode::NOT_FOUND);
        assert_eq!(
            patch(&s, &path, who, json!({"title": "x"})).await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            s.get(&format!("{path}/messages"), who).await.0,
            StatusCode::NOT_FOUND
        );
        let r = send_raw(&s, who, id, json!({"content": "hi", "stream": false})).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        assert_eq!(s.delete(&path, who).await.0, StatusCode::NOT_FOUND);
        let (_, list) = s.get("/api/v1/assistant/conversations", who).await;
        assert_eq!(list["total"], 0, "{list}");
    }
    assert!(p.requests().is_empty());
    let (st, r) = patch(
        &s,
        &path,
        &alice,
        json!({"title": "月报", "temperature": 0.1}),
    )
    .await;
    assert_eq!(
        (st, r["title"].as_str()),
        (StatusCode::OK, Some("月报")),
        "{r}"
    );
    let got = patch(&s, &path, &alice, json!({"title": " "})).await;
    assert_error(
        &got,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("title"),
    );
    let got = patch(&s, &path, &alice, json!({"temperature": 9})).await;
    assert_error(
        &got,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("temperature"),
    );
    let r = send_raw(&s, &alice, id, json!({"content": "   "})).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // At most one active conversation per user.
    let other = conversation(&s, &alice, json!({"active": true})).await;
    let (_, r) = patch(&s, &path, &alice, json!({"active": true})).await;
    assert_eq!(r["active"], true);
    let (_, o) = s
        .get(&format!("/api/v1/assistant/conversations/{other}"), &alice)
        .await;
    assert_eq!(o["active"], false);
    let (_, list) = s.get("/api/v1/assistant/conversations", &alice).await;
    assert_eq!(list["total"], 2);
    assert_eq!(s.delete(&path, &alice).await.0, StatusCode::NO_CONTENT);
    assert_eq!(s.get(&path, &alice).await.0, StatusCode::NOT_FOUND);
    s.stop().await;
}
on_both!(conversations_are_private);

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

async fn daily_token_limit(site: &Site) {
    let s = start(site).await;
    let a = &s.admin_token;
    let p = FakeProvider::start().await;
    active_config(&s, &p, GOOD_KEY).await;
    let (alice_id, alice) = s.user("alice", "user").await;
    let id = conversation(&s, &alice, json!({})).await;
    let path = format!("/api/v1/assistant/limits/{alice_id}");
    let (st, l) = s
        .call(
            Method::PUT,
            &path,
            Some(a),
            Some(json!({"daily_tokens": 10})),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{l}");
    assert_eq!(
        (l["limit_tokens"].as_i64(), l["own_limit"].as_bool()),
        (Some(10), Some(true))
    );
    // Users may not set limits.
    let (st, _) = s
        .call(
            Method::PUT,
            &path,
            Some(&alice),
            Some(json!({"daily_tokens": 1000})),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let got = s
        .call(
            Method::PUT,
            &path,
            Some(a),
            Some(json!({"daily_tokens": -1})),
        )
        .await;
    assert_error(
        &got,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("daily_tokens"),
    );
    let (st, _) = s
        .call(
            Method::PUT,
            "/api/v1/assistant/limits/99999",
            Some(a),
            Some(json!({"daily_tokens": 1})),
        )
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // Under the limit: answered (and it uses 15).
    let r = send_raw(&s, &alice, id, json!({"content": "one", "stream": false})).await;
    assert_eq!(r.status(), StatusCode::OK);
    // Now beyond: 429 with a clear message, before asking the provider.
    let asked = p.requests().len();
    let r = send_raw(&s, &alice, id, json!({"content": "two"})).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    let b: Value = r.json().await.unwrap();
    let msg = b["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("daily token limit") && msg.contains("15 of 10"),
        "{msg}"
    );
    assert_eq!(p.requests().len(), asked);
    let (_, u) = s.get("/api/v1/assistant/usage", &alice).await;
    assert_eq!(
        (u["used_tokens"].as_i64(), u["limit_tokens"].as_i64()),
        (Some(15), Some(10))
    );
    // Deleting the conversation does not give the tokens back.
    s.delete(&format!("/api/v1/assistant/conversations/{id}"), &alice)
        .await;
    let (_, u) = s.get(&path, a).await;
    assert_eq!(u["used_tokens"], 15);
    // Back to the server default (unlimited): answered again.
    let (st, l) = s
        .call(
            Method::PUT,
            &path,
            Some(a),
            Some(json!({"daily_tokens": null})),
        )
        .await;
    assert_eq!((st, &l["own_limit"]), (StatusCode::OK, &json!(false)));
    let id = conversation(&s, &alice, json!({})).await;
    let r = send_raw(&s, &alice, id, json!({"content": "three", "stream": false})).await;
    assert_eq!(r.status(), StatusCode::OK);

    // With a limit, one reply at a time: replies side by side would all pass
    // the check before any is counted. Without one, they may run together.
    let (st, _) = s
        .call(
            Method::PUT,
            &path,
            Some(a),
            Some(json!({"daily_tokens": 1_000_000})),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let slow = conversation(&s, &alice, json!({"model": "slow"})).await;
    let other = conversation(&s, &alice, json!({})).await;
    let mut first = send_raw(&s, &alice, slow, json!({"content": "count"})).await;
    assert_eq!(first.status(), StatusCode::OK);
    let _ = first.chunk().await.unwrap();
    let asked = p.requests().len();
    let r = send_raw(&s, &alice, other, json!({"content": "meanwhile"})).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let b: Value = r.json().await.unwrap();
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap()
            .contains("one at a time"),
        "{b}"
    );
    assert_eq!(p.requests().len(), asked);
    assert!(messages(&s, &alice, other).await.is_empty());
    // Stopped: the turn ends once its tokens are counted; then the next goes.
    drop(first);
    let mut next = StatusCode::TOO_MANY_REQUESTS;
    for _ in 0..100 {
        let r = send_raw(
            &s,
            &alice,
            other,
            json!({"content": "now", "stream": false}),
        )
        .await;
        next = r.status();
        if next != StatusCode::TOO_MANY_REQUESTS {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(next, StatusCode::OK);
    let stopped = messages(&s, &alice, slow).await;
    assert_eq!(stopped[1]["finish_reason"], "stopped");
    let (_, u) = s.get("/api/v1/assistant/usage", &alice).await;
    assert!(u["used_tokens"].as_i64().unwrap() > 15, "{u}");
    // Bob has no limit: two replies at once.
    let (_, bob) = s.user("bob", "user").await;
    let b1 = conversation(&s, &bob, json!({"model": "slow"})).await;
    let b2 = conversation(&s, &bob, json!({"model": "slow"})).await;
    let r1 = send_raw(&s, &bob, b1, json!({"content": "count"})).await;
    let r2 = send_raw(&s, &bob, b2, json!({"content": "count"})).await;
    assert_eq!((r1.status(), r2.status()), (StatusCode::OK, StatusCode::OK));
    drop((r1, r2));
    s.stop().await;
}
on_both!(daily_token_limit);
