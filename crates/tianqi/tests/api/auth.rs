//! Sign-in, tokens and their ends: expiry, forgery, revocation, logout,
//! disabled users and brute force.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::{assert_error, Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;

async fn login_and_token_lifecycle(site: &Site) {
    let s = TestServer::start(site).await;
    // login answers the documented shape
    let (status, body) = s.login("admin", ADMIN_PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["token"].as_str().unwrap().starts_with("tqs_"));
    assert!(body["expires_at"].is_string());
    assert_eq!(body["user"]["username"], "admin");
    assert_eq!(body["user"]["role"], "admin");
    assert!(body["user"]["id"].is_i64());

    // wrong password, unknown user: the same 401
    assert_error(
        &s.login("admin", "wrong-password").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        None,
    );
    assert_error(
        &s.login("nobody", "wrong-password").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        None,
    );
    assert_error(
        &s.login("", "").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        None,
    );

    // no token, forged tokens, malformed header
    let r = s.call(Method::GET, "/api/v1/me", None, None).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "unauthorized", None);
    let tok = s.admin_token.clone();
    let mut forged = tok.clone();
    forged.pop();
    forged.push(if tok.ends_with('A') { 'B' } else { 'A' });
    for bad in [
        forged.as_str(),
        "tqs_",
        "garbage",
        "tqa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        &"x".repeat(5000),
    ] {
        let r = s.get("/api/v1/me", bad).await;
        assert_error(&r, StatusCode::UNAUTHORIZED, "unauthorized", None);
    }
    let r = s
        .http
        .get(s.url("/api/v1/me"))
        .header("authorization", format!("Basic {tok}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers().get("www-authenticate").unwrap(), "Bearer");

    // the token works, then expires when the clock passes the session TTL
    let (status, me) = s.get("/api/v1/me", &tok).await;
    assert_eq!(
        (status, me["username"].as_str()),
        (StatusCode::OK, Some("admin"))
    );
    s.clock.advance(Duration::from_secs(12 * 3600 + 1));
    let r = s.get("/api/v1/me", &tok).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "unauthorized", None);
    assert!(
        r.1["error"]["message"]
            .as_str()
            .unwrap()
            .contains("expired"),
        "{}",
        r.1
    );

    // logout revokes exactly the token used
    let t1 = s.login_ok("admin", ADMIN_PASSWORD).await;
    let t2 = s.login_ok("admin", ADMIN_PASSWORD).await;
    let r = s
        .call(Method::POST, "/api/v1/auth/logout", Some(&t1), None)
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT);
    assert_error(
        &s.get("/api/v1/me", &t1).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        None,
    );
    assert_eq!(s.get("/api/v1/me", &t2).await.0, StatusCode::OK);
    s.stop().await;
}
on_both!(login_and_token_lifecycle);

async fn api_tokens(site: &Site) {
    let s = TestServer::start(site).await;
    let (_, alice) = s.user("alice", "user").await;
    let (status, created) = s
        .post(
            "/api/v1/me/tokens",
            &alice,
            json!({"name": "ci", "expires_in_days": 30}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let secret = created["token"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("tqa_"));
    let id = created["id"].as_i64().unwrap();

    // usable as a bearer token
    let (status, me) = s.get("/api/v1/me", &secret).await;
    assert_eq!(
        (status, me["username"].as_str()),
        (StatusCode::OK, Some("alice"))
    );
    // listed without the secret
    let (_, list) = s.get("/api/v1/me/tokens", &alice).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["name"], "ci");
    assert!(
        !list.to_string().contains(&secret[4..]),
        "secret leaked in list: {list}"
    );
    assert!(list[0].get("token").is_none());

    // validation
    let r = s
        .post("/api/v1/me/tokens", &alice, json!({"name": ""}))
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("name"),
    );
    let r = s
        .post(
            "/api/v1/me/tokens",
            &alice,
            json!({"name": "x", "expires_in_days": 0}),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("expires_in_days"),
    );
    let r = s
        .post(
            "/api/v1/me/tokens",
            &alice,
            json!({"name": "x", "expires_in_days": -3}),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("expires_in_days"),
    );

    // another user cannot revoke it (404, not 403: they do not learn it exists)
    let (_, bob) = s.user("bob", "user").await;
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/me/tokens/{id}"),
            Some(&bob),
            None,
        )
        .await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found", None);
    assert_eq!(s.get("/api/v1/me", &secret).await.0, StatusCode::OK);

    // revoked: stops at once
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/me/tokens/{id}"),
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT);
    let r = s.get("/api/v1/me", &secret).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "unauthorized", None);
    assert!(r.1["error"]["message"]
        .as_str()
        .unwrap()
        .contains("revoked"));
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/me/tokens/{id}"),
            Some(&alice),
            None,
        )
        .await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found", None);

    // a token with an expiry stops when it passes
    let (_, short) = s
        .post(
            "/api/v1/me/tokens",
            &alice,
            json!({"name": "short", "expires_in_days": 1}),
        )
        .await;
    let short = short["token"].as_str().unwrap().to_owned();
    let (_, forever) = s
        .post("/api/v1/me/tokens", &alice, json!({"name": "forever"}))
        .await;
    let forever = forever["token"].as_str().unwrap().to_owned();
    s.clock.advance(Duration::from_secs(2 * 86400));
    assert_eq!(
        s.get("/api/v1/me", &short).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(s.get("/api/v1/me", &forever).await.0, StatusCode::OK);
    s.stop().await;
}
on_both!(api_tokens);

async fn disabled_user(site: &Site) {
    let s = TestServer::start(site).await;
    let (id, session) = s.user("carol", "user").await;
    let (_, api) = s
        .post("/api/v1/me/tokens", &session, json!({"name": "bot"}))
        .await;
    let api = api["token"].as_str().unwrap().to_owned();
    let r = s
        .call(
            Method::PATCH,
            &format!("/api/v1/users/{id}"),
            Some(&s.admin_token),
            Some(json!({"enabled": false})),
        )
        .await;
    assert_eq!(
        (r.0, &r.1["enabled"]),
        (StatusCode::OK, &json!(false)),
        "{}",
        r.1
    );
    // every token stops at once, and login is refused
    assert_eq!(
        s.get("/api/v1/me", &session).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(s.get("/api/v1/me", &api).await.0, StatusCode::UNAUTHORIZED);
    let r = s.login("carol", "carol-password").await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "unauthorized", None);
    assert!(r.1["error"]["message"]
        .as_str()
        .unwrap()
        .contains("disabled"));
    // enabling again allows login; the old tokens stay dead
    s.call(
        Method::PATCH,
        &format!("/api/v1/users/{id}"),
        Some(&s.admin_token),
        Some(json!({"enabled": true})),
    )
    .await;
    s.login_ok("carol", "carol-password").await;
    assert_eq!(s.get("/api/v1/me", &api).await.0, StatusCode::UNAUTHORIZED);
    s.stop().await;
}
on_both!(disabled_user);

async fn brute_force_is_throttled(site: &Site) {
    let s = TestServer::start(site).await;
    s.user("dave", "user").await;
    // per username: 5 failures lock the name, even for the right password
    for _ in 0..5 {
        assert_eq!(
            s.login("dave", "guess-guess").await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    let res = s
        .http
        .post(s.url("/api/v1/auth/login"))
        .json(&json!({"username": "dave", "password": "dave-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=300).contains(&retry), "Retry-After {retry}");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited");
    // other users are unaffected until the address itself is over its limit
    s.login_ok("admin", ADMIN_PASSWORD).await;
    // per address: 20 failures from one IP, spread over names
    for i in 0..15 {
        let r = s.login(&format!("ghost{i}"), "guess-guess").await;
        assert_eq!(r.0, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    assert_error(
        &s.login("admin", ADMIN_PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        None,
    );
    // the window passes
    s.clock.advance(Duration::from_secs(301));
    s.login_ok("dave", "dave-password").await;
    s.stop().await;
}
on_both!(brute_force_is_throttled);
