//! Provider configs (admin): the key sealed and never returned, one active
//! even under concurrent activation.

use reqwest::StatusCode;
use serde_json::json;

use super::fake::GOOD_KEY;
use super::*;
use crate::harness::{assert_error, Site};
use crate::on_both;

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
