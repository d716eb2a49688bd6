//! The access matrix, derived from the OpenAPI document: every operation that
//! declares bearer security refuses anonymous callers with 401, and every
//! operation that declares the `admin` scope refuses plain users with 403. A new
//! route that forgets its auth extractor fails here.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::harness::{Site, TestServer};
use crate::on_both;

fn concrete(path: &str) -> String {
    // Fill every `{param}` with an id that exists for nobody.
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("987654");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}

async fn matrix(site: &Site) {
    let s = TestServer::start(site).await;
    s.user("plain", "user").await;
    let (status, doc) = s.call(Method::GET, "/api/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let paths = doc["paths"].as_object().expect("paths");
    let mut checked = 0;
    for (path, ops) in paths {
        for (method, op) in ops.as_object().unwrap() {
            let Ok(m) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let scopes: Option<Vec<String>> = op["security"].as_array().map(|reqs| {
                reqs.iter()
                    .filter_map(|r| r["bearer"].as_array())
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            });
            let url = concrete(path);
            let body = matches!(m, Method::POST | Method::PATCH | Method::PUT)
                .then(|| serde_json::json!({}));
            match scopes {
                None => {
                    // Public: never asks for credentials.
                    let (st, _) = s.call(m.clone(), &url, None, body.clone()).await;
                    assert_ne!(
                        st,
                        StatusCode::UNAUTHORIZED,
                        "{method} {path} is documented public"
                    );
                }
                Some(scopes) => {
                    let (st, b) = s.call(m.clone(), &url, None, body.clone()).await;
                    assert_eq!(
                        st,
                        StatusCode::UNAUTHORIZED,
                        "anonymous {method} {path}: {b}"
                    );
                    let (st, b) = s
                        .call(m.clone(), &url, Some("tqs_forged"), body.clone())
                        .await;
                    assert_eq!(st, StatusCode::UNAUTHORIZED, "forged {method} {path}: {b}");
                    // a fresh session each time: the matrix calls logout too
                    let user = s.login_ok("plain", "plain-password").await;
                    let (st, b) = s.call(m.clone(), &url, Some(&user), body.clone()).await;
                    if scopes.iter().any(|sc| sc == "admin") {
                        assert_eq!(st, StatusCode::FORBIDDEN, "user {method} {path}: {b}");
                    } else {
                        assert_ne!(st, StatusCode::FORBIDDEN, "user {method} {path}: {b}");
                        assert_ne!(st, StatusCode::UNAUTHORIZED, "user {method} {path}: {b}");
                    }
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 16, "only {checked} operations documented");
    // nothing in the matrix disabled or deleted the admin
    assert_eq!(s.get("/api/v1/me", &s.admin_token).await.0, StatusCode::OK);
    s.stop().await;
}
on_both!(matrix);
