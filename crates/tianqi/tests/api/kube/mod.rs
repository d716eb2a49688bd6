//! Kubernetes clusters through the API on both databases, against the
//! project's fake API server (`tianqi_kube::fake`, real HTTP on loopback: no
//! Kubernetes API server can run here). Registration with the connection
//! test, the kubeconfig sealed at rest and never returned nor audited,
//! refused kubeconfigs naming the place, replace/disable/test, a cluster that
//! refuses the token or has gone away, admins only.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tianqi_kube::fake::{kubeconfig_for, FakeApiServer, FakeCluster};

use crate::harness::{assert_error, Site, TestServer};
use crate::on_both;

mod forwards;
mod grants;
pub(crate) mod instances;
pub(crate) mod resources;
mod streams;

async fn patch(s: &TestServer, path: &str, body: Value) -> (StatusCode, Value) {
    s.call(Method::PATCH, path, Some(&s.admin_token), Some(body))
        .await
}

async fn register_test_replace_delete(site: &Site) {
    let fake = FakeApiServer::start(FakeCluster::default()).await.unwrap();
    let s = TestServer::start(site).await;
    let a = &s.admin_token;
    let kubeconfig = fake.kubeconfig();
    let token = FakeCluster::default().token;

    let (st, c) = s
        .post(
            "/api/v1/k8s/clusters",
            a,
            json!({"name": "prod-bj", "description": "北京生产集群", "kubeconfig": kubeconfig}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    let id = c["id"].as_i64().unwrap();
    assert_eq!(c["status"], "connected", "{c}");
    assert_eq!(c["server_version"], "v1.31.2-fake");
    assert_eq!(c["namespace_count"], 3);
    assert_eq!(c["server"], fake.url());
    assert_eq!(c["has_kubeconfig"], true);
    assert_eq!(c["enabled"], true);
    assert_eq!(c["description"], "北京生产集群");
    assert_eq!(c["last_error"], "");
    assert!(c.get("kubeconfig").is_none(), "{c}");
    assert_eq!(
        fake.requests(),
        ["GET /version", "GET /api/v1/namespaces?&limit=500"]
    );

    let (st, list) = s.get("/api/v1/k8s/clusters", a).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], id);

    // The name is unique.
    let dup = s
        .post(
            "/api/v1/k8s/clusters",
            a,
            json!({"name": "prod-bj", "kubeconfig": fake.kubeconfig()}),
        )
        .await;
    assert_error(&dup, StatusCode::CONFLICT, "conflict", None);

    // An edit without a kubeconfig keeps it and does not test again.
    let before = fake.requests().len();
    let (st, c) = patch(
        &s,
        &format!("/api/v1/k8s/clusters/{id}"),
        json!({"description": "改"}),
    )
    .await;
    assert_eq!(
        (st, c["description"].as_str()),
        (StatusCode::OK, Some("改"))
    );
    assert_eq!(c["status"], "connected");
    assert_eq!(fake.requests().len(), before);

    // A replaced kubeconfig whose token the cluster refuses: saved, tested,
    // the refusal kept as the last error; the old pooled client is not used.
    let (st, c) = patch(
        &s,
        &format!("/api/v1/k8s/clusters/{id}"),
        json!({"kubeconfig": fake.kubeconfig_with_token("revoked-token")}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{c}");
    assert_eq!(c["status"], "error", "{c}");
    let err = c["last_error"].as_str().unwrap();
    assert!(err.contains("401"), "{err}");
    // The previous successful test's facts stay visible.
    assert_eq!(c["server_version"], "v1.31.2-fake");

    // Back to the right token; then an explicit test.
    let (_, c) = patch(
        &s,
        &format!("/api/v1/k8s/clusters/{id}"),
        json!({"kubeconfig": fake.kubeconfig()}),
    )
    .await;
    assert_eq!(c["status"], "connected", "{c}");
    fake.set_namespaces(&["default"]);
    let (st, c) = s
        .post(&format!("/api/v1/k8s/clusters/{id}/test"), a, json!({}))
        .await;
    assert_eq!(
        (st, c["namespace_count"].as_i64()),
        (StatusCode::OK, Some(1)),
        "{c}"
    );
    assert!(c["checked_at"].is_string());

    // Switched off: disabled, and not tested.
    let (_, c) = patch(
        &s,
        &format!("/api/v1/k8s/clusters/{id}"),
        json!({"enabled": false}),
    )
    .await;
    assert_eq!(c["status"], "disabled");
    let off = s
        .post(&format!("/api/v1/k8s/clusters/{id}/test"), a, json!({}))
        .await;
    assert_error(&off, StatusCode::CONFLICT, "conflict", None);
    let (_, c) = patch(
        &s,
        &format!("/api/v1/k8s/clusters/{id}"),
        json!({"enabled": true}),
    )
    .await;
    assert_eq!(c["status"], "connected", "switching on tests again: {c}");

    // Never returned, sealed at rest, never in the audit log.
    let (_, one) = s.get(&format!("/api/v1/k8s/clusters/{id}"), a).await;
    let (_, audit) = s.get("/api/v1/audit?page_size=100", a).await;
    for body in [one.to_string(), list.to_string(), audit.to_string()] {
        assert!(
            !body.contains(&token) && !body.contains("revoked-token"),
            "leak: {body}"
        );
        assert!(!body.contains("current-context"), "leak: {body}");
    }
    let routes: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["route"].as_str())
        .collect();
    assert!(routes.contains(&"/api/v1/k8s/clusters/{id}"), "{audit}");
    let store =
        tianqi_store::Store::open(&site.config().effective_database_url(), &Default::default())
            .await
            .unwrap();
    let sealed = store.k8s_cluster_kubeconfig(id).await.unwrap();
    assert!(
        sealed.starts_with("v1:") && !sealed.contains(&token),
        "{sealed}"
    );
    store.close().await;

    let (st, _) = s.delete(&format!("/api/v1/k8s/clusters/{id}"), a).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let gone = s.get(&format!("/api/v1/k8s/clusters/{id}"), a).await;
    assert_error(&gone, StatusCode::NOT_FOUND, "not_found", None);
    let gone = s.delete(&format!("/api/v1/k8s/clusters/{id}"), a).await;
    assert_error(&gone, StatusCode::NOT_FOUND, "not_found", None);

    s.stop().await;
    fake.stop().await;
}
on_both!(register_test_replace_delete);

/// Kubeconfigs that would run commands or read files on the server are
/// refused with the place named, and nothing is created.
async fn refused_kubeconfigs(site: &Site) {
    let s = TestServer::start(site).await;
    let a = &s.admin_token;
    let base = kubeconfig_for("https://10.0.0.1:6443", "t");
    let exec = base.replace(
        "    token: t\n",
        "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: /bin/sh\n      args: [\"-c\", \"id\"]\n",
    );
    let provider = base.replace(
        "    token: t\n",
        "    auth-provider:\n      name: oidc\n      config: {}\n",
    );
    let cert_file = base.replace(
        "    token: t\n",
        "    client-certificate: /etc/passwd\n    client-key-data: eA==\n",
    );
    let key_file = base.replace(
        "    token: t\n",
        "    client-certificate-data: eA==\n    client-key: /etc/shadow\n",
    );
    let token_file = base.replace("    token: t\n", "    tokenFile: /etc/hostname\n");
    let ca_file = base.replace(
        "    server: https://10.0.0.1:6443\n",
        "    server: https://10.0.0.1:6443\n    certificate-authority: /etc/ssl/certs/ca.pem\n",
    );
    for (kc, place) in [
        (exec, "users[fake-admin].user.exec"),
        (provider, "users[fake-admin].user.auth-provider"),
        (cert_file, "users[fake-admin].user.client-certificate"),
        (key_file, "users[fake-admin].user.client-key"),
        (token_file, "users[fake-admin].user.tokenFile"),
        (ca_file, "clusters[fake].cluster.certificate-authority"),
        ("not: [valid".to_owned(), "kubeconfig"),
        ("".to_owned(), "kubeconfig"),
    ] {
        let got = s
            .post(
                "/api/v1/k8s/clusters",
                a,
                json!({"name": "x", "kubeconfig": kc}),
            )
            .await;
        assert_error(
            &got,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some("kubeconfig"),
        );
        let msg = got.1["error"]["message"].as_str().unwrap();
        assert!(msg.contains(place), "{place}: {msg}");
    }
    let missing = s
        .post("/api/v1/k8s/clusters", a, json!({"name": "x"}))
        .await;
    assert_error(
        &missing,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("kubeconfig"),
    );
    let no_name = s
        .post("/api/v1/k8s/clusters", a, json!({"kubeconfig": base}))
        .await;
    assert_error(
        &no_name,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("name"),
    );
    let unknown = s
        .post(
            "/api/v1/k8s/clusters",
            a,
            json!({"name": "x", "kubeconfig": base, "token": "t"}),
        )
        .await;
    assert_eq!(unknown.0, StatusCode::UNPROCESSABLE_ENTITY, "{}", unknown.1);
    let (_, list) = s.get("/api/v1/k8s/clusters", a).await;
    assert_eq!(list["total"], 0, "nothing half-created: {list}");

    // Editing with a refused kubeconfig keeps the stored one.
    let (st, c) = s
        .post(
            "/api/v1/k8s/clusters",
            a,
            json!({"name": "off", "enabled": false, "kubeconfig": base}),
        )
        .await;
    assert_eq!(
        (st, c["status"].as_str()),
        (StatusCode::CREATED, Some("disabled")),
        "{c}"
    );
    let id = c["id"].as_i64().unwrap();
    let bad = patch(
        &s,
        &format!("/api/v1/k8s/clusters/{id}"),
        json!({"kubeconfig": base.replace("    token: t\n", "    tokenFile: /x\n")}),
    )
    .await;
    assert_error(
        &bad,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("kubeconfig"),
    );
    let (_, c) = s.get(&format!("/api/v1/k8s/clusters/{id}"), a).await;
    assert_eq!(c["server"], "https://10.0.0.1:6443");

    // Managing clusters is for admins; a user without a grant sees none.
    let (_, user) = s.user("kuser", "user").await;
    for (m, p) in [
        (Method::POST, "/api/v1/k8s/clusters".to_owned()),
        (Method::PATCH, format!("/api/v1/k8s/clusters/{id}")),
        (Method::POST, format!("/api/v1/k8s/clusters/{id}/test")),
        (Method::DELETE, format!("/api/v1/k8s/clusters/{id}")),
        (Method::POST, "/api/v1/k8s/grants".to_owned()),
    ] {
        let got = s.call(m, &p, Some(&user), Some(json!({}))).await;
        assert_eq!(got.0, StatusCode::FORBIDDEN, "{p}: {}", got.1);
    }
    let (st, list) = s.get("/api/v1/k8s/clusters", &user).await;
    assert_eq!(
        (st, list["total"].as_i64()),
        (StatusCode::OK, Some(0)),
        "{list}"
    );
    let hidden = s.get(&format!("/api/v1/k8s/clusters/{id}"), &user).await;
    assert_error(&hidden, StatusCode::NOT_FOUND, "not_found", None);
    s.stop().await;
}
on_both!(refused_kubeconfigs);

/// A cluster that goes away, and one that never answers: the test records
/// a clear error and the call itself still succeeds, within the timeout.
async fn unreachable_clusters(site: &Site) {
    let fake = FakeApiServer::start(FakeCluster::default()).await.unwrap();
    // A listener that accepts and never answers.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let silent_url = format!("http://{}", silent.local_addr().unwrap());
    let mut config = site.config();
    config.kube.request_timeout_secs = 2;
    config.kube.connect_timeout_secs = 1;
    let s = TestServer::start_with(config, crate::harness::ADMIN_PASSWORD).await;
    let a = &s.admin_token;
    let (_, c) = s
        .post(
            "/api/v1/k8s/clusters",
            a,
            json!({"name": "goes-away", "kubeconfig": fake.kubeconfig()}),
        )
        .await;
    assert_eq!(c["status"], "connected", "{c}");
    let id = c["id"].as_i64().unwrap();
    fake.stop().await;
    let (st, c) = s
        .post(&format!("/api/v1/k8s/clusters/{id}/test"), a, json!({}))
        .await;
    assert_eq!(st, StatusCode::OK, "{c}");
    assert_eq!(c["status"], "error");
    assert!(
        c["last_error"]
            .as_str()
            .unwrap()
            .contains("cannot reach the cluster"),
        "{c}"
    );

    let started = std::time::Instant::now();
    let (st, c) = s
        .post(
            "/api/v1/k8s/clusters",
            a,
            json!({"name": "silent", "kubeconfig": kubeconfig_for(&silent_url, "t")}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{c}");
    assert_eq!(c["status"], "error");
    assert!(
        c["last_error"].as_str().unwrap().contains("within 2 s"),
        "{c}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    drop(silent);
    s.stop().await;
}
on_both!(unreachable_clusters);
