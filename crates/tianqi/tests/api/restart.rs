//! What survives a restart: users, tokens, keys; migrations rerun on an existing
//! database; the first admin is created once only.

use std::os::unix::fs::PermissionsExt;

use reqwest::StatusCode;
use serde_json::json;

use crate::harness::{Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;

async fn restart_keeps_everything(site: &Site) {
    let s = TestServer::start(site).await;
    let (hank_id, hank) = s.user("hank", "user").await;
    let (_, api) = s
        .post("/api/v1/me/tokens", &hank, json!({"name": "keep"}))
        .await;
    let api = api["token"].as_str().unwrap().to_owned();
    s.stop().await;

    // Same data dir and database: migrations run again (a no-op), keys are reused.
    let mut config = site.config();
    config.bootstrap_admin_password = "a-different-password".into();
    let s = TestServer::start_with(config.clone(), ADMIN_PASSWORD).await;
    let (status, me) = s.get("/api/v1/me", &hank).await;
    assert_eq!(
        (status, me["id"].as_i64()),
        (StatusCode::OK, Some(hank_id)),
        "session survives"
    );
    assert_eq!(
        s.get("/api/v1/me", &api).await.0,
        StatusCode::OK,
        "API token survives"
    );
    let (_, list) = s.get("/api/v1/users", &s.admin_token).await;
    assert_eq!(list["total"], 2);
    s.stop().await;

    // A later start with another bootstrap password does not touch the admin.
    let s2 = TestServer::start_with(config, ADMIN_PASSWORD).await;
    assert_eq!(
        s2.login("admin", "a-different-password").await.0,
        StatusCode::UNAUTHORIZED
    );
    s2.stop().await;
}
on_both!(restart_keeps_everything);

async fn generated_admin_password(site: &Site) {
    let mut config = site.config();
    config.bootstrap_admin_password = Default::default();
    let server = tianqi::Server::start(config.clone()).await.expect("starts");
    drop(server);
    let file = site.data_dir().join("initial-admin-password");
    let password = std::fs::read_to_string(&file).expect("password file written");
    let password = password.trim().to_owned();
    assert!(password.len() >= 16, "generated password is long");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    for f in ["token-signing.key", "secrets.key"] {
        let mode = std::fs::metadata(site.data_dir().join(f))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "{f}");
    }
    if site.backend == crate::harness::Backend::Sqlite {
        let mode = std::fs::metadata(site.data_dir().join("tianqi.db"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "database file");
    }

    // The generated password signs in, and the account must change it.
    config.bootstrap_admin_password = password.clone().into();
    let s = TestServer::start_with(config.clone(), &password).await;
    let (_, l) = s.login("admin", &password).await;
    assert_eq!(l["user"]["must_change_password"], true);
    s.stop().await;
    // The file is written once; a second start leaves it as it was.
    let again = std::fs::read_to_string(&file).unwrap();
    assert_eq!(again.trim(), password);
}
on_both!(generated_admin_password);
