//! Every mutation is audited with actor, route, resource id, address and status;
//! no secret ever reaches the audit log.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::{Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;

async fn audit_trail(site: &Site) {
    let s = TestServer::start(site).await;
    let t = s.admin_token.clone();
    let secret_pw = "Sup3r-Secret-Passw0rd";
    let (_, u) = s
        .post(
            "/api/v1/users",
            &t,
            json!({"username": "gina", "password": secret_pw}),
        )
        .await;
    let gina_id = u["id"].as_i64().unwrap();
    let gina = s.login_ok("gina", secret_pw).await;
    let (_, tok) = s
        .post("/api/v1/me/tokens", &gina, json!({"name": "deploy"}))
        .await;
    let api_secret = tok["token"].as_str().unwrap().to_owned();
    // a refused mutation is audited too, with its status
    s.post(
        "/api/v1/users",
        &gina,
        json!({"username": "x", "password": "whatever-long"}),
    )
    .await;
    s.call(
        Method::PATCH,
        &format!("/api/v1/users/{gina_id}"),
        Some(&t),
        Some(json!({"display_name": "G"})),
    )
    .await;
    s.post(
        &format!("/api/v1/users/{gina_id}/password"),
        &t,
        json!({"password": "An0ther-Secret-Pw"}),
    )
    .await;
    // reads are not audited
    s.get("/api/v1/users", &t).await;

    let (status, log) = s.get("/api/v1/audit?page_size=100", &t).await;
    assert_eq!(status, StatusCode::OK);
    let items = log["items"].as_array().unwrap();
    let find = |method: &str, route: &str| {
        items
            .iter()
            .find(|e| e["method"] == method && e["route"] == route)
            .unwrap_or_else(|| panic!("no audit entry for {method} {route} in {log}"))
    };
    let created = items
        .iter()
        .find(|e| e["route"] == "/api/v1/users" && e["status"] == 403)
        .expect("refused create audited");
    assert_eq!(
        (created["actor"].as_str(), created["status"].as_u64()),
        (Some("gina"), Some(403))
    );
    let created_ok = items
        .iter()
        .find(|e| e["route"] == "/api/v1/users" && e["status"] == 201)
        .expect("successful create audited");
    assert_eq!(created_ok["actor"], "admin");
    assert_eq!(created_ok["resource_id"], gina_id.to_string());
    assert_eq!(created_ok["source_ip"], "127.0.0.1");
    assert!(created_ok["at"].is_string());
    let patched = find("PATCH", "/api/v1/users/{id}");
    assert_eq!(patched["resource_id"], gina_id.to_string());
    let login = items
        .iter()
        .find(|e| e["route"] == "/api/v1/auth/login" && e["actor"] == "gina")
        .expect("gina's login audited with her as actor");
    assert_eq!(login["status"], 200);
    assert_eq!(find("POST", "/api/v1/me/tokens")["actor"], "gina");
    assert!(
        items.iter().all(|e| e["method"] != "GET"),
        "reads are not audited"
    );

    // no secret anywhere in the log
    let text = log.to_string();
    for secret in [
        secret_pw,
        "An0ther-Secret-Pw",
        ADMIN_PASSWORD,
        &api_secret,
        &gina,
        &t,
    ] {
        assert!(!text.contains(secret), "audit log contains a secret");
    }

    // filters
    let (_, by_actor) = s
        .get(&format!("/api/v1/audit?actor_id={gina_id}"), &t)
        .await;
    assert!(by_actor["total"].as_i64().unwrap() >= 2);
    assert!(by_actor["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["actor"] == "gina"));
    let (_, forbidden) = s.get("/api/v1/audit?status=403", &t).await;
    assert_eq!(forbidden["total"], 1);
    let (_, users_route) = s
        .get("/api/v1/audit?route=/api/v1/users&method=patch", &t)
        .await;
    assert_eq!(users_route["total"], 1);
    let (_, paged) = s.get("/api/v1/audit?page=2&page_size=2", &t).await;
    assert_eq!(paged["items"].as_array().unwrap().len(), 2);
    let future = (chrono::Utc::now() + chrono::Duration::days(1)).to_rfc3339();
    let (_, none) = s
        .get(
            &format!(
                "/api/v1/audit?since={}",
                url::form_urlencoded::byte_serialize(future.as_bytes()).collect::<String>()
            ),
            &t,
        )
        .await;
    assert_eq!(none["total"], 0, "{none}");

    // "who did what to which", in the list and in the CSV export
    assert_eq!(
        (&patched["action"], &patched["object"]),
        (&json!("update"), &json!("users"))
    );
    let pw = find("POST", "/api/v1/users/{id}/password");
    assert_eq!(
        (&pw["action"], &pw["object"]),
        (&json!("password"), &json!("users"))
    );
    let csv = export_csv(&s, &format!("?actor_id={gina_id}"), &t).await;
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("id,at,actor,actor_id,action,object,resource_id,method,route,status,source_ip,detail")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows.len() as i64,
        by_actor["total"].as_i64().unwrap(),
        "{csv}"
    );
    assert!(rows.iter().all(|r| r[2] == "gina"), "{csv}");
    assert!(
        rows.iter()
            .any(|r| r[4] == "create" && r[5] == "users" && r[9] == "403"),
        "the refused create is in gina's export: {csv}"
    );
    assert!(!csv.contains(secret_pw) && !csv.contains(&api_secret));
    // (her password was reset above, which ended her sessions)
    let gina = s.login_ok("gina", "An0ther-Secret-Pw").await;
    let (st, body) = s.get("/api/v1/audit/export", &gina).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{body}");
    let (st, body) = s.get("/api/v1/audit/export?status=99999", &t).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    s.stop().await;
}
on_both!(audit_trail);

async fn export_csv(s: &TestServer, query: &str, token: &str) -> String {
    let res = s
        .http
        .get(s.url(&format!("/api/v1/audit/export{query}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let ct = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(ct.starts_with("text/csv"), "{ct}");
    res.text().await.unwrap()
}

/// A flood of refused changes without credentials does not fill the table:
/// each address gets `audit.anonymous_refusals_per_minute` rows, every attempt
/// is counted in /metrics. Signed-in callers' refusals are all recorded.
async fn anonymous_refusals_are_sampled(site: &Site) {
    let mut config = site.config();
    config.audit.anonymous_refusals_per_minute = 3;
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    for i in 0..40 {
        let (st, _) = s
            .call(
                Method::POST,
                "/api/v1/users",
                None,
                Some(json!({"username": format!("x{i}")})),
            )
            .await;
        assert_eq!(st, StatusCode::UNAUTHORIZED);
    }
    let (_, user) = s.user("ivan", "user").await;
    for _ in 0..5 {
        let (st, _) = s.post("/api/v1/users", &user, json!({})).await;
        assert_eq!(st, StatusCode::FORBIDDEN);
    }
    let (_, log) = s
        .get(
            "/api/v1/audit?route=/api/v1/users&page_size=100",
            &s.admin_token,
        )
        .await;
    let rows = log["items"].as_array().unwrap();
    let anonymous = rows.iter().filter(|r| r["status"] == 401).count();
    let refused_users = rows.iter().filter(|r| r["status"] == 403).count();
    assert_eq!((anonymous, refused_users), (3, 5), "{log}");
    let (_, metrics) = s.call(Method::GET, "/metrics", None, None).await;
    let text = metrics.as_str().unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("tianqi_refused_anonymous_writes_total")
                && l.contains("401")
                && l.ends_with(" 40")),
        "{text}"
    );
    s.stop().await;
}
on_both!(anonymous_refusals_are_sampled);

/// Entries older than `audit.retention_days` are pruned (the first round runs
/// at start, then daily).
async fn old_entries_are_pruned(site: &Site) {
    let mut config = site.config();
    config.audit.retention_days = 1;
    let earlier = chrono::Utc::now() - chrono::Duration::days(3);
    let s = TestServer::start_at(config.clone(), ADMIN_PASSWORD, earlier).await;
    s.user("old-one", "user").await;
    let (_, log) = s
        .get("/api/v1/audit?route=/api/v1/users", &s.admin_token)
        .await;
    assert_eq!(log["total"], 1, "{log}");
    s.stop().await;
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let start = std::time::Instant::now();
    loop {
        let (_, log) = s
            .get("/api/v1/audit?route=/api/v1/users", &s.admin_token)
            .await;
        if log["total"] == 0 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "not pruned: {log}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    s.stop().await;
}
on_both!(old_entries_are_pruned);
