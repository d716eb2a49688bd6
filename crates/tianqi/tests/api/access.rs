//! The access matrix, derived from the OpenAPI document: every operation that
//! declares bearer security refuses anonymous callers with 401, and every
//! operation that declares the `admin` scope refuses plain users with 403. A new
//! route that forgets its auth extractor fails here. Operations that declare the
//! `compat` scheme (the MATLAB compat API: address allow-list or compat token)
//! refuse, with the allow-list emptied, anonymous callers and Tianqi session
//! tokens with 403, and admit the compat token.

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

const COMPAT_TOKEN: &str = "matrix-compat-token";

async fn matrix(site: &Site) {
    let mut config = site.config();
    config.workspaces.compat.allow_cidrs = String::new();
    config.workspaces.compat.token = COMPAT_TOKEN.into();
    let s = TestServer::start_with(config, crate::harness::ADMIN_PASSWORD).await;
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
            let compat = op["security"]
                .as_array()
                .is_some_and(|reqs| reqs.iter().any(|r| r.get("compat").is_some()));
            if compat {
                let user = s.login_ok("plain", "plain-password").await;
                for token in [None, Some("wrong"), Some(user.as_str())] {
                    let (st, b) = s.call(m.clone(), &url, token, body.clone()).await;
                    assert_eq!(
                        st,
                        StatusCode::FORBIDDEN,
                        "compat {method} {path} with {token:?}: {b}"
                    );
                    assert!(b["error"].is_string(), "compat 403 body {b}");
                }
                let (st, b) = s
                    .call(m.clone(), &url, Some(COMPAT_TOKEN), body.clone())
                    .await;
                assert!(
                    st != StatusCode::FORBIDDEN && st != StatusCode::UNAUTHORIZED,
                    "compat {method} {path} with the compat token: {st} {b}"
                );
                checked += 1;
                continue;
            }
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
                    } else if method.as_str() == "post" && path.as_str() == "/api/v1/tasks" {
                        // Open to users, but `{}` asks for a host-process task,
                        // which only admins may define: refused by that rule,
                        // saying so, not by the access gate.
                        assert_eq!(st, StatusCode::FORBIDDEN, "user {method} {path}: {b}");
                        assert!(
                            b["error"]["message"]
                                .as_str()
                                .is_some_and(|m| m.contains("host-process")),
                            "{b}"
                        );
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
