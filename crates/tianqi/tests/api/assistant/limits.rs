//! The per-user daily token limit.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::fake::{FakeProvider, GOOD_KEY};
use super::*;
use crate::harness::{assert_error, Site};
use crate::on_both;

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
