//! Conversations are their owner's alone.

use reqwest::StatusCode;
use serde_json::json;

use super::fake::{FakeProvider, GOOD_KEY};
use super::*;
use crate::harness::{assert_error, Site};
use crate::on_both;

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
