//! Every mutation is audited with actor, route, resource id, address and status;
//! no secret ever reaches the audit log.

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
    s.stop().await;
}
on_both!(audit_trail);
