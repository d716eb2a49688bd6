//! Sign-in, tokens and their ends: expiry, forgery, revocation, logout,
//! disabled users and brute force.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::{assert_error, Backend, Site, TestServer, ADMIN_PASSWORD};
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
    assert_eq!(
        (&r.1["error"]["message"], &r.1["error"]["reason"]),
        (&json!("token has expired"), &json!("token_expired")),
        "{}",
        r.1
    );
    // A token that never was has no reason: nothing was signed out.
    let r = s.get("/api/v1/me", "tqs_forged").await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "unauthorized", None);
    assert!(r.1["error"].get("reason").is_none(), "{}", r.1);

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
    // Every token stops at once, saying why (the open console tells its
    // user), and login is refused.
    for token in [&session, &api] {
        let r = s.get("/api/v1/me", token).await;
        assert_error(&r, StatusCode::UNAUTHORIZED, "unauthorized", None);
        assert_eq!(
            (&r.1["error"]["message"], &r.1["error"]["reason"]),
            (
                &json!("this account is disabled"),
                &json!("account_disabled")
            ),
            "{}",
            r.1
        );
    }
    // A disabled account answers like a wrong password: the answer does not
    // tell a guesser that the password was right.
    let r = s.login("carol", "carol-password").await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "unauthorized", None);
    assert_eq!(s.login("carol", "not-her-password").await.1, r.1);
    // enabling again allows login; the old tokens stay dead
    s.call(
        Method::PATCH,
        &format!("/api/v1/users/{id}"),
        Some(&s.admin_token),
        Some(json!({"enabled": true})),
    )
    .await;
    s.login_ok("carol", "carol-password").await;
    let r = s.get("/api/v1/me", &api).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "unauthorized", None);
    assert_eq!(
        (&r.1["error"]["message"], &r.1["error"]["reason"]),
        (&json!("token has been revoked"), &json!("token_revoked")),
        "{}",
        r.1
    );
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

/// 256 concurrent wrong passwords for one user from one address: the attempts
/// are counted before the password is checked, so exactly the per-user limit
/// (5) is checked and everything else is refused without hashing; then even the
/// right password is locked out until an admin lifts the lockout.
async fn concurrent_guesses_get_no_more_checks_than_the_limit(site: &Site) {
    let mut config = site.config();
    config.auth.login_max_failures_per_ip = 1000;
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let (id, _) = s.user("erin", "user").await;
    let guesses = (0..256).map(|i| {
        let (http, url) = (s.http.clone(), s.url("/api/v1/auth/login"));
        tokio::spawn(async move {
            http.post(url)
                .json(&json!({"username": "erin", "password": format!("guess-{i:04}")}))
                .send()
                .await
                .map(|r| r.status())
        })
    });
    let mut checked = 0;
    let mut refused = 0;
    for g in futures::future::join_all(guesses).await {
        match g.unwrap().unwrap() {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!((checked, refused), (5, 251));
    assert_error(
        &s.login("erin", "erin-password").await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        None,
    );
    // A user cannot lift it; an admin can.
    let (_, frank) = s.user("frank", "user").await;
    let path = format!("/api/v1/users/{id}/unlock");
    assert_eq!(
        s.post(&path, &frank, json!({})).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        s.post(&path, &s.admin_token, json!({})).await.0,
        StatusCode::NO_CONTENT
    );
    s.login_ok("erin", "erin-password").await;
    assert_eq!(
        s.post("/api/v1/users/999999/unlock", &s.admin_token, json!({}))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    s.stop().await;
}
on_both!(concurrent_guesses_get_no_more_checks_than_the_limit);

/// 60 good sign-ins at once from one address (a lab behind one NAT): six
/// users, ten each. Attempts are counted before the check, so more are in
/// flight than the per-user (5) and per-address (20) limits; those over wait
/// for the checks ahead of them instead of being refused, and the burst
/// leaves neither the address nor a name locked out.
async fn a_burst_of_good_sign_ins_from_one_address_gets_in(site: &Site) {
    let s = TestServer::start(site).await;
    let names: Vec<String> = (0..6).map(|i| format!("lab{i}")).collect();
    for n in &names {
        s.user(n, "user").await;
    }
    let logins = (0..60).map(|i| {
        let (http, url) = (s.http.clone(), s.url("/api/v1/auth/login"));
        let name = names[i % names.len()].clone();
        tokio::spawn(async move {
            let password = format!("{name}-password");
            http.post(url)
                .json(&json!({"username": name, "password": password}))
                .send()
                .await
                .map(|r| r.status())
        })
    });
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for l in futures::future::join_all(logins).await {
        *statuses.entry(l.unwrap().unwrap().as_u16()).or_default() += 1;
    }
    assert_eq!(statuses, [(200, 60)].into(), "every good sign-in gets in");
    // Nothing was left counted: the address still has its whole budget of
    // 20 failures before it is locked (19 wrong, then a good one).
    for i in 0..19 {
        let r = s.login(&format!("ghost{i}"), "guess-guess").await;
        assert_eq!(r.0, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    s.login_ok("lab0", "lab0-password").await;
    s.stop().await;
}
on_both!(a_burst_of_good_sign_ins_from_one_address_gets_in);

/// A password longer than any account can have is refused (400, naming the
/// field) before it is hashed, and is not counted as an attempt.
async fn overlong_passwords_are_refused_before_hashing(site: &Site) {
    let s = TestServer::start(site).await;
    s.user("gina", "user").await;
    let huge = "x".repeat(512 * 1024);
    for _ in 0..10 {
        let r = s.login("gina", &huge).await;
        assert_error(&r, StatusCode::BAD_REQUEST, "bad_request", Some("password"));
    }
    s.login_ok("gina", "gina-password").await;
    s.stop().await;
}
on_both!(overlong_passwords_are_refused_before_hashing);

/// Password checks queue up to `auth.max_pending_hashes`; beyond that a
/// sign-in gets 503 with a clear message instead of waiting without bound.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hash_queue_is_bounded() {
    let site = Site::new(Backend::Sqlite).await;
    let mut config = site.config();
    config.auth.max_pending_hashes = 2;
    config.auth.login_max_failures_per_ip = 10_000;
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let burst = (0..40).map(|i| {
        let (http, url) = (s.http.clone(), s.url("/api/v1/auth/login"));
        tokio::spawn(async move {
            let r = http
                .post(url)
                .json(&json!({"username": format!("nobody{i}"), "password": "guess-guess"}))
                .send()
                .await
                .unwrap();
            (r.status(), r.text().await.unwrap())
        })
    });
    let answers: Vec<_> = futures::future::join_all(burst)
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    let busy: Vec<_> = answers
        .iter()
        .filter(|(st, _)| *st == StatusCode::SERVICE_UNAVAILABLE)
        .collect();
    assert!(!busy.is_empty(), "no sign-in was refused: {answers:?}");
    assert!(
        busy[0].1.contains("too many passwords are being checked"),
        "{}",
        busy[0].1
    );
    assert!(answers
        .iter()
        .all(|(st, _)| *st == StatusCode::UNAUTHORIZED || *st == StatusCode::SERVICE_UNAVAILABLE));
    s.finish(site).await;
}

/// X-Forwarded-For is the client's own writing unless a trusted proxy added
/// it: rotating it does not escape the per-address limit; behind a trusted
/// proxy the client is the right-most hop the proxy saw, whatever the client
/// wrote to its left — and that is the address the audit log records.
async fn forwarded_headers_do_not_evade_the_address_limit(site: &Site) {
    let mut config = site.config();
    config.auth.login_max_failures_per_ip = 3;
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let login_from = |xff: String, user: &'static str| {
        s.http
            .post(s.url("/api/v1/auth/login"))
            .header("X-Forwarded-For", xff)
            .json(&json!({"username": user, "password": "guess-guess"}))
            .send()
    };
    for i in 0..3 {
        let r = login_from(format!("198.51.100.{i}"), "nobody")
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = login_from("198.51.100.99".into(), "nobody").await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "no proxy is trusted: the header is ignored"
    );
    s.stop().await;

    // A fresh database: the address limit above is kept in the store.
    let site = Site::new(site.backend).await;
    let mut config = site.config();
    config.auth.login_max_failures_per_ip = 3;
    config.http.trusted_proxies = "127.0.0.1/32".into();
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let login_from = |xff: String| {
        s.http
            .post(s.url("/api/v1/auth/login"))
            .header("X-Forwarded-For", xff)
            .json(&json!({"username": "someone", "password": "guess-guess"}))
            .send()
    };
    for i in 0..3 {
        let r = login_from(format!("10.9.9.{i}, 203.0.113.7"))
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = login_from("10.9.9.250, 203.0.113.7".into()).await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the client is 203.0.113.7, however the left is rotated"
    );
    // Another client behind the same proxy is its own address.
    assert_eq!(
        login_from("203.0.113.8".into()).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let (_, audit) = s
        .get("/api/v1/audit?route=/api/v1/auth/login", &s.admin_token)
        .await;
    let ips: std::collections::HashSet<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["source_ip"].as_str())
        .collect();
    assert!(
        ips.contains("203.0.113.7") && ips.contains("203.0.113.8"),
        "{audit}"
    );
    assert!(
        !ips.iter().any(|ip| ip.starts_with("10.9.9.")),
        "forged hops are not recorded: {ips:?}"
    );
    s.finish(site).await;
}
on_both!(forwarded_headers_do_not_evade_the_address_limit);

/// `auth.api_token_max_days` bounds API tokens: one without an expiry gets
/// the maximum, a longer one is refused naming the field.
async fn api_tokens_have_a_maximum_life(site: &Site) {
    let mut config = site.config();
    config.auth.api_token_max_days = 30;
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let (_, t) = s
        .post("/api/v1/me/tokens", &s.admin_token, json!({"name": "ci"}))
        .await;
    let expires = chrono::DateTime::parse_from_rfc3339(t["expires_at"].as_str().unwrap()).unwrap();
    let days = (expires.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_days();
    assert!((29..=30).contains(&days), "{t}");
    let r = s
        .post(
            "/api/v1/me/tokens",
            &s.admin_token,
            json!({"name": "long", "expires_in_days": 31}),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("expires_in_days"),
    );
    assert!(r.1["error"]["message"].as_str().unwrap().contains("30"));
    let (st, _) = s
        .post(
            "/api/v1/me/tokens",
            &s.admin_token,
            json!({"name": "short", "expires_in_days": 7}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    s.stop().await;
}
on_both!(api_tokens_have_a_maximum_life);
