//! User administration and self-service.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::{assert_error, Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;

async fn admin_crud(site: &Site) {
    let s = TestServer::start(site).await;
    let t = s.admin_token.clone();
    let (status, u) = s
        .post(
            "/api/v1/users",
            &t,
            json!({"username": "erin", "password": "erin-password", "display_name": "Erin 张", "email": "erin@example.org"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{u}");
    assert_eq!(
        (u["role"].as_str(), u["enabled"].as_bool()),
        (Some("user"), Some(true))
    );
    assert_eq!(u["display_name"], "Erin 张");
    assert!(u.get("password").is_none() && u.get("password_hash").is_none());
    let id = u["id"].as_i64().unwrap();

    // duplicate username → 409
    let r = s
        .post(
            "/api/v1/users",
            &t,
            json!({"username": "erin", "password": "another-password"}),
        )
        .await;
    assert_error(&r, StatusCode::CONFLICT, "conflict", None);

    // get, update
    let (status, got) = s.get(&format!("/api/v1/users/{id}"), &t).await;
    assert_eq!(
        (status, got["username"].as_str()),
        (StatusCode::OK, Some("erin"))
    );
    let (status, upd) = s
        .call(
            Method::PATCH,
            &format!("/api/v1/users/{id}"),
            Some(&t),
            Some(json!({"role": "admin", "email": ""})),
        )
        .await;
    assert_eq!(
        (status, upd["role"].as_str(), upd["email"].as_str()),
        (StatusCode::OK, Some("admin"), Some(""))
    );
    let r = s
        .call(
            Method::PATCH,
            &format!("/api/v1/users/{id}"),
            Some(&t),
            Some(json!({"email": "not-an-email"})),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("email"),
    );
    let r = s
        .call(
            Method::PATCH,
            "/api/v1/users/9999",
            Some(&t),
            Some(json!({"enabled": false})),
        )
        .await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found", None);

    // list: filters and pagination
    for i in 0..25 {
        s.post(
            "/api/v1/users",
            &t,
            json!({"username": format!("bulk{i:02}"), "password": "bulk-password"}),
        )
        .await;
    }
    let (_, p1) = s.get("/api/v1/users?page=1&page_size=10", &t).await;
    assert_eq!(
        (p1["total"].as_i64(), p1["items"].as_array().unwrap().len()),
        (Some(27), 10)
    );
    assert_eq!(
        (p1["page"].as_i64(), p1["page_size"].as_i64()),
        (Some(1), Some(10))
    );
    let (_, p3) = s.get("/api/v1/users?page=3&page_size=10", &t).await;
    assert_eq!(p3["items"].as_array().unwrap().len(), 7);
    let (_, admins) = s.get("/api/v1/users?role=admin", &t).await;
    assert_eq!(admins["total"], 2);
    let (_, q) = s.get("/api/v1/users?q=bulk1", &t).await;
    assert_eq!(q["total"], 10);
    let (_, none) = s.get("/api/v1/users?q=%25", &t).await;
    assert_eq!(none["total"], 0, "LIKE wildcards must match literally");

    // reset password: sessions end, API tokens survive, must change at next login
    let erin_session = s.login_ok("erin", "erin-password").await;
    let (_, erin_api) = s
        .post("/api/v1/me/tokens", &erin_session, json!({"name": "ci"}))
        .await;
    let erin_api = erin_api["token"].as_str().unwrap().to_owned();
    let r = s
        .post(
            &format!("/api/v1/users/{id}/password"),
            &t,
            json!({"password": "reset-password-1"}),
        )
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT, "{}", r.1);
    assert_eq!(
        s.get("/api/v1/me", &erin_session).await.0,
        StatusCode::UNAUTHORIZED
    );
    // A reset is for an account that may be in other hands: API tokens end too.
    assert_eq!(
        s.get("/api/v1/me", &erin_api).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.login("erin", "erin-password").await.0,
        StatusCode::UNAUTHORIZED
    );
    let (_, l) = s.login("erin", "reset-password-1").await;
    assert_eq!(l["user"]["must_change_password"], true);
    // Until she chooses a new password the server lets her do nothing else
    // (not only the console): /me, the change and logout.
    let pending = l["token"].as_str().unwrap().to_owned();
    assert_eq!(s.get("/api/v1/me", &pending).await.0, StatusCode::OK);
    let r = s.get("/api/v1/instances", &pending).await;
    assert_error(&r, StatusCode::FORBIDDEN, "forbidden", None);
    assert!(r.1["error"]["message"]
        .as_str()
        .unwrap()
        .contains("/api/v1/me/password"));
    let r = s
        .post("/api/v1/me/tokens", &pending, json!({"name": "sneaky"}))
        .await;
    assert_eq!(
        r.0,
        StatusCode::FORBIDDEN,
        "no token to work around it: {}",
        r.1
    );
    let r = s
        .post(
            "/api/v1/me/password",
            &pending,
            json!({"current_password": "reset-password-1", "new_password": "erins-own-choice-1"}),
        )
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT, "{}", r.1);
    assert_eq!(s.get("/api/v1/instances", &pending).await.0, StatusCode::OK);
    let r = s
        .post(
            &format!("/api/v1/users/{id}/password"),
            &t,
            json!({"password": "x"}),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("password"),
    );

    // delete
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/users/{id}"),
            Some(&t),
            None,
        )
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT);
    assert_error(
        &s.get(&format!("/api/v1/users/{id}"), &t).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    );
    assert_eq!(
        s.get("/api/v1/me", &erin_api).await.0,
        StatusCode::UNAUTHORIZED
    );
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/users/{id}"),
            Some(&t),
            None,
        )
        .await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found", None);
    s.stop().await;
}
on_both!(admin_crud);

async fn last_admin_is_protected(site: &Site) {
    let s = TestServer::start(site).await;
    let t = s.admin_token.clone();
    let (_, me) = s.get("/api/v1/me", &t).await;
    let admin_id = me["id"].as_i64().unwrap();
    let r = s
        .call(
            Method::PATCH,
            &format!("/api/v1/users/{admin_id}"),
            Some(&t),
            Some(json!({"role": "user"})),
        )
        .await;
    assert_error(&r, StatusCode::CONFLICT, "conflict", None);
    let r = s
        .call(
            Method::PATCH,
            &format!("/api/v1/users/{admin_id}"),
            Some(&t),
            Some(json!({"enabled": false})),
        )
        .await;
    assert_error(&r, StatusCode::CONFLICT, "conflict", None);
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/users/{admin_id}"),
            Some(&t),
            None,
        )
        .await;
    assert_error(&r, StatusCode::CONFLICT, "conflict", None);
    // still an admin, still signed in
    let (_, me) = s.get("/api/v1/me", &t).await;
    assert_eq!(
        (me["role"].as_str(), me["enabled"].as_bool()),
        (Some("admin"), Some(true))
    );
    // with a second admin, the first can be demoted; the second cannot delete itself
    let (second_id, second) = s.user("root2", "admin").await;
    let r = s
        .call(
            Method::PATCH,
            &format!("/api/v1/users/{admin_id}"),
            Some(&second),
            Some(json!({"role": "user"})),
        )
        .await;
    assert_eq!(r.0, StatusCode::OK, "{}", r.1);
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/users/{second_id}"),
            Some(&second),
            None,
        )
        .await;
    assert_error(&r, StatusCode::CONFLICT, "conflict", None);
    s.stop().await;
}
on_both!(last_admin_is_protected);

async fn self_service(site: &Site) {
    let s = TestServer::start(site).await;
    let (_, frank) = s.user("frank", "user").await;
    let other_session = s.login_ok("frank", "frank-password").await;
    let (status, me) = s.get("/api/v1/me", &frank).await;
    assert_eq!(
        (status, me["username"].as_str(), me["role"].as_str()),
        (StatusCode::OK, Some("frank"), Some("user"))
    );
    let (status, me) = s
        .call(
            Method::PATCH,
            "/api/v1/me",
            Some(&frank),
            Some(json!({"display_name": "Frank F."})),
        )
        .await;
    assert_eq!(
        (status, me["display_name"].as_str()),
        (StatusCode::OK, Some("Frank F."))
    );
    // users cannot promote themselves through /me
    let r = s
        .call(
            Method::PATCH,
            "/api/v1/me",
            Some(&frank),
            Some(json!({"role": "admin"})),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("role"),
    );

    // wrong current password, weak new one, same password
    let r = s
        .post(
            "/api/v1/me/password",
            &frank,
            json!({"current_password": "nope-nope", "new_password": "new-password-1"}),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("current_password"),
    );
    let r = s
        .post(
            "/api/v1/me/password",
            &frank,
            json!({"current_password": "frank-password", "new_password": "short"}),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("new_password"),
    );
    let r = s
        .post(
            "/api/v1/me/password",
            &frank,
            json!({"current_password": "frank-password", "new_password": "frank-password"}),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("new_password"),
    );
    // success: this session stays, the other ends, the new password works
    let r = s
        .post(
            "/api/v1/me/password",
            &frank,
            json!({"current_password": "frank-password", "new_password": "new-password-1"}),
        )
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT, "{}", r.1);
    assert_eq!(s.get("/api/v1/me", &frank).await.0, StatusCode::OK);
    assert_eq!(
        s.get("/api/v1/me", &other_session).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.login("frank", "frank-password").await.0,
        StatusCode::UNAUTHORIZED
    );
    s.login_ok("frank", "new-password-1").await;

    // the bootstrap admin's password was supplied, so no forced change; after an
    // admin reset it is forced, and cleared by the user's own change
    let (_, l) = s.login("admin", ADMIN_PASSWORD).await;
    assert_eq!(l["user"]["must_change_password"], false);
    s.stop().await;
}
on_both!(self_service);
