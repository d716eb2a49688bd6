//! Bad input first: every client mistake gets the right status and a JSON error
//! naming what was wrong; none yields a 500.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::{assert_error, Site, TestServer};
use crate::on_both;

async fn bad_bodies(site: &Site) {
    let s = TestServer::start(site).await;
    let t = s.admin_token.clone();
    let send_raw = |body: &'static str| {
        let req = s
            .http
            .post(s.url("/api/v1/users"))
            .bearer_auth(&t)
            .header("content-type", "application/json")
            .body(body);
        async move {
            let r = req.send().await.unwrap();
            let status = r.status();
            (status, r.json::<serde_json::Value>().await.unwrap())
        }
    };
    // malformed JSON
    assert_error(
        &send_raw("{\"username\": ").await,
        StatusCode::BAD_REQUEST,
        "bad_request",
        None,
    );
    assert_error(
        &send_raw("not json").await,
        StatusCode::BAD_REQUEST,
        "bad_request",
        None,
    );
    assert_error(
        &send_raw("").await,
        StatusCode::BAD_REQUEST,
        "bad_request",
        None,
    );
    assert_error(
        &send_raw("{} trailing").await,
        StatusCode::BAD_REQUEST,
        "bad_request",
        None,
    );
    // wrong types name the field
    let r = s
        .post(
            "/api/v1/users",
            &t,
            json!({"username": 5, "password": "long-enough"}),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("username"),
    );
    let r = s
        .post(
            "/api/v1/users",
            &t,
            json!({"username": "x1", "password": "long-enough", "role": "god"}),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("role"),
    );
    let r = s.post("/api/v1/users", &t, json!([1, 2])).await;
    assert_eq!(r.0, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.1);
    // missing fields name the field
    let r = s.post("/api/v1/users", &t, json!({"username": "x2"})).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("password"),
    );
    // unknown fields are refused, named
    let r = s
        .post(
            "/api/v1/users",
            &t,
            json!({"username": "x3", "password": "long-enough", "admin": true}),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("admin"),
    );
    // unicode and very long usernames
    for name in [
        "张三",
        "ユーザー",
        "a b",
        "-lead",
        &"a".repeat(33),
        &"é".repeat(5000),
    ] {
        let r = s
            .post(
                "/api/v1/users",
                &t,
                json!({"username": name, "password": "long-enough"}),
            )
            .await;
        assert_error(
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some("username"),
        );
    }
    // empty and short passwords
    for pw in ["", "   ", "short"] {
        let r = s
            .post(
                "/api/v1/users",
                &t,
                json!({"username": "x4", "password": pw}),
            )
            .await;
        assert_error(
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some("password"),
        );
    }
    // nothing was half-created along the way
    let (_, list) = s.get("/api/v1/users?page_size=100", &t).await;
    assert_eq!(list["total"], 1, "{list}");

    // a 2 MiB body is refused with 413 before it is parsed. The server closes
    // the connection without reading the rest, so use a client of its own.
    let big = format!("{{\"username\":\"{}\"}}", "a".repeat(2 * 1024 * 1024));
    let r = reqwest::Client::new()
        .post(s.url("/api/v1/users"))
        .bearer_auth(&t)
        .body(big)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let body: serde_json::Value = r.json().await.unwrap();
    assert_error(
        &(status, body),
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        None,
    );
    // also on a public route, unauthenticated
    let big = format!(
        "{{\"username\":\"{}\",\"password\":\"x\"}}",
        "a".repeat(2 * 1024 * 1024)
    );
    let r = reqwest::Client::new()
        .post(s.url("/api/v1/auth/login"))
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);

    // query strings of the wrong type
    let r = s.get("/api/v1/users?page=abc", &t).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("page"),
    );
    let r = s.get("/api/v1/users?page=0", &t).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("page"),
    );
    let r = s.get("/api/v1/users?page_size=100000", &t).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("page_size"),
    );
    let r = s.get("/api/v1/users?enabled=maybe", &t).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("enabled"),
    );
    let r = s.get("/api/v1/audit?since=yesterday", &t).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("since"),
    );
    // path ids
    let r = s.get("/api/v1/users/abc", &t).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("id"),
    );
    let r = s.get("/api/v1/users/-1", &t).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("id"),
    );
    let r = s.get("/api/v1/users/99999999999999999999", &t).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("id"),
    );
    let r = s.get("/api/v1/users/424242", &t).await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found", None);
    s.stop().await;
}
on_both!(bad_bodies);

async fn unknown_routes_and_methods(site: &Site) {
    let s = TestServer::start(site).await;
    let r = s.call(Method::GET, "/api/v1/nope", None, None).await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found", None);
    // Other unknown paths belong to the web console (its SPA fallback, see
    // console.rs), except for methods a browser does not navigate with.
    let r = s
        .call(Method::GET, "/api/definitely/not/here", None, None)
        .await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found", None);
    let r = s
        .call(Method::POST, "/definitely/not/here", None, None)
        .await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found", None);
    let r = s
        .call(Method::PUT, "/api/v1/users", Some(&s.admin_token), None)
        .await;
    assert_error(
        &r,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        None,
    );
    let res = s
        .http
        .delete(s.url("/api/v1/auth/login"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(res.headers().get("allow").is_some());
    s.stop().await;
}
on_both!(unknown_routes_and_methods);
