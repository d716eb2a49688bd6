//! SSH public keys: registered through the API, then signing in with them.

use super::*;

/// Keys through the API (fingerprint as ssh-keygen shows it, duplicates 409,
/// malformed 422 naming the problem, another user's key 404) and signing in
/// with one (only its owner; deleted → refused).
async fn ssh_keys_and_key_sign_in(site: &Site) {
    let s = TestServer::start(site).await;
    let port = s.ssh_port.unwrap();
    let (_, frank) = s.user("frank", "user").await;
    let (_, grace) = s.user("grace", "user").await;
    let dir = tempfile::tempdir().unwrap();
    let (key, public, fp) = keygen(dir.path(), "frank");

    let (st, k) = s
        .post(
            "/api/v1/me/ssh-keys",
            &frank,
            json!({"public_key": format!("{public}\n")}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{k}");
    assert_eq!(k["fingerprint"], fp.as_str());
    assert_eq!(k["name"], "frank@test", "the comment names an unnamed key");
    assert_eq!(k["algorithm"], "ssh-ed25519");
    assert_eq!(k["public_key"], public.as_str());
    let kid = k["id"].as_i64().unwrap();
    let dup = s
        .post(
            "/api/v1/me/ssh-keys",
            &frank,
            json!({"name": "again", "public_key": public}),
        )
        .await;
    crate::harness::assert_error(&dup, StatusCode::CONFLICT, "conflict", None);
    for (bad, words) in [
        ("ssh-dss AAAAB3NzaC1kc3M=", "unsupported key type"),
        ("ssh-ed25519 not*base64", "not valid base64"),
        ("-----BEGIN OPENSSH PRIVATE KEY-----", "private key"),
        ("", "empty"),
    ] {
        let r = s
            .post("/api/v1/me/ssh-keys", &frank, json!({"public_key": bad}))
            .await;
        crate::harness::assert_error(
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some("public_key"),
        );
        assert!(
            r.1["error"]["message"].as_str().unwrap().contains(words),
            "{}",
            r.1
        );
    }
    let (_, list) = s.get("/api/v1/me/ssh-keys", &frank).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    let (_, theirs) = s.get("/api/v1/me/ssh-keys", &grace).await;
    assert_eq!(theirs, json!([]));
    let r = s
        .delete(&format!("/api/v1/me/ssh-keys/{kid}"), &grace)
        .await;
    assert_eq!(r.0, StatusCode::NOT_FOUND, "another user's key");

    // The key signs frank in (no instance: the menu's sentence, exit 1 —
    // not ssh's 255 for a refusal), and nobody else.
    let o = ssh_key(port, "frank", &key, &["-T"]).await;
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(
        out(&o).contains("no running instance") || err(&o).contains("no running instance"),
        "{} / {}",
        out(&o),
        err(&o)
    );
    let o = ssh_key(port, "grace", &key, &["-T"]).await;
    assert_eq!(
        o.status.code(),
        Some(255),
        "frank's key for grace: {}",
        err(&o)
    );
    let (_, list) = s.get("/api/v1/me/ssh-keys", &frank).await;
    assert!(list[0]["last_used_at"].is_string(), "{list}");
    let r = s
        .delete(&format!("/api/v1/me/ssh-keys/{kid}"), &frank)
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT);
    let o = ssh_key(port, "frank", &key, &["-T"]).await;
    assert_eq!(o.status.code(), Some(255), "a deleted key: {}", err(&o));
    s.stop().await;
}
on_both!(ssh_keys_and_key_sign_in);
