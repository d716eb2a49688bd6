//! Kubernetes grants through the API on both databases: the admin's
//! endpoints (validation naming the field, one grant per scope, a user
//! sees only their own, audited), and the access matrix — users holding a
//! global read, a cluster write, a namespace read or nothing, against every
//! kind of operation, each answer checked (the policy's unit matrix is
//! `tianqi_core::policy`'s; this one runs the routes end to end).

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tianqi_kube::fake::{FakeApiServer, FakeCluster};

use super::resources::register;
use crate::harness::{assert_error, Site, TestServer};
use crate::on_both;

pub async fn grant(s: &TestServer, body: Value) -> Value {
    let (st, g) = s.post("/api/v1/k8s/grants", &s.admin_token, body).await;
    assert_eq!(st, StatusCode::CREATED, "{g}");
    g
}

async fn grants_are_managed_by_admins(site: &Site) {
    let fake = FakeApiServer::start(FakeCluster::sample()).await.unwrap();
    let s = TestServer::start(site).await;
    let a = &s.admin_token;
    let c1 = register(&s, &fake, "one").await;
    let (uid, u) = s.user("kate", "user").await;
    let (other_id, other) = s.user("leo", "user").await;

    let g = grant(
        &s,
        json!({"user_id": uid, "cluster_id": c1, "namespace": "team-a", "level": "write"}),
    )
    .await;
    assert_eq!(g["username"], "kate");
    assert_eq!(g["cluster_name"], "one");
    assert_eq!(g["namespace"], "team-a");
    assert_eq!(g["level"], "write");
    let global = grant(&s, json!({"user_id": other_id, "level": "read"})).await;
    assert_eq!(
        (
            global["cluster_id"].is_null(),
            global["namespace"].is_null()
        ),
        (true, true)
    );

    for (body, field) in [
        (json!({"cluster_id": c1, "level": "read"}), "user_id"),
        (json!({"user_id": 999_999, "level": "read"}), "user_id"),
        (
            json!({"user_id": uid, "cluster_id": 999_999, "level": "read"}),
            "cluster_id",
        ),
        (
            json!({"user_id": uid, "namespace": "team-a", "level": "read"}),
            "cluster_id",
        ),
        (
            json!({"user_id": uid, "cluster_id": c1, "namespace": "Team_A", "level": "read"}),
            "namespace",
        ),
        (json!({"user_id": uid, "cluster_id": c1}), "level"),
    ] {
        let got = s.post("/api/v1/k8s/grants", a, body.clone()).await;
        assert_error(
            &got,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        );
    }
    let bad_level = s
        .post(
            "/api/v1/k8s/grants",
            a,
            json!({"user_id": uid, "level": "admin"}),
        )
        .await;
    assert_eq!(
        bad_level.0,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        bad_level.1
    );
    // One grant per user and scope, the global scope included (NULLs in
    // the unique index are values).
    let dup = s
        .post(
            "/api/v1/k8s/grants",
            a,
            json!({"user_id": uid, "cluster_id": c1, "namespace": "team-a", "level": "read"}),
        )
        .await;
    assert_error(&dup, StatusCode::CONFLICT, "conflict", None);
    let dup = s
        .post(
            "/api/v1/k8s/grants",
            a,
            json!({"user_id": other_id, "level": "write"}),
        )
        .await;
    assert_error(&dup, StatusCode::CONFLICT, "conflict", None);

    let (_, all) = s.get("/api/v1/k8s/grants", a).await;
    assert_eq!(all.as_array().unwrap().len(), 2, "{all}");
    let (_, kate_only) = s.get(&format!("/api/v1/k8s/grants?user_id={uid}"), a).await;
    assert_eq!(kate_only.as_array().unwrap().len(), 1);
    let (_, on_c1) = s
        .get(&format!("/api/v1/k8s/grants?cluster_id={c1}"), a)
        .await;
    assert_eq!(on_c1[0]["id"], g["id"]);
    // A user sees their own, whatever they ask for.
    let (st, mine) = s
        .get(&format!("/api/v1/k8s/grants?user_id={other_id}"), &u)
        .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["username"], "kate");
    let del = s
        .delete(&format!("/api/v1/k8s/grants/{}", g["id"]), &other)
        .await;
    assert_eq!(del.0, StatusCode::FORBIDDEN);

    let (st, _) = s
        .delete(&format!("/api/v1/k8s/grants/{}", g["id"]), a)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let gone = s
        .delete(&format!("/api/v1/k8s/grants/{}", g["id"]), a)
        .await;
    assert_error(&gone, StatusCode::NOT_FOUND, "not_found", None);

    // Audited with who got what (names, not ids alone).
    let (_, audit) = s.get("/api/v1/audit?route=/api/v1/k8s/grants", a).await;
    let text = audit.to_string();
    assert!(text.contains("kate") && text.contains("team-a"), "{audit}");

    // A cluster's removal takes its grants with it.
    grant(
        &s,
        json!({"user_id": uid, "cluster_id": c1, "level": "read"}),
    )
    .await;
    let (st, _) = s.delete(&format!("/api/v1/k8s/clusters/{c1}"), a).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (_, left) = s.get(&format!("/api/v1/k8s/grants?user_id={uid}"), a).await;
    assert_eq!(left, json!([]));
    s.stop().await;
    fake.stop().await;
}
on_both!(grants_are_managed_by_admins);

/// What each holder gets, by operation. `ok` is 200/204; the rest are the
/// refusals' statuses: 404 where the holder may not know the place exists,
/// 403 where they see it but lack the level or the scope.
async fn the_access_matrix(site: &Site) {
    let fake = FakeApiServer::start(FakeCluster::sample()).await.unwrap();
    let s = TestServer::start(site).await;
    let c1 = register(&s, &fake, "one").await;
    let c2 = register(&s, &fake, "two").await;
    let (g_id, global_read) = s.user("g-read", "user").await;
    let (c_id, cluster_write) = s.user("c-write", "user").await;
    let (n_id, ns_read) = s.user("n-read", "user").await;
    let (_, nobody) = s.user("nobody", "user").await;
    grant(&s, json!({"user_id": g_id, "level": "read"})).await;
    grant(
        &s,
        json!({"user_id": c_id, "cluster_id": c1, "level": "write"}),
    )
    .await;
    grant(
        &s,
        json!({"user_id": n_id, "cluster_id": c1, "namespace": "team-a", "level": "read"}),
    )
    .await;

    let ns = |c: i64, n: &str| format!("/api/v1/k8s/clusters/{c}/namespaces/{n}");
    let ops: Vec<(&str, Method, String, Option<Value>)> = vec![
        (
            "cluster",
            Method::GET,
            format!("/api/v1/k8s/clusters/{c1}"),
            None,
        ),
        (
            "namespaces",
            Method::GET,
            format!("/api/v1/k8s/clusters/{c1}/namespaces"),
            None,
        ),
        (
            "pods team-a",
            Method::GET,
            format!("{}/pods", ns(c1, "team-a")),
            None,
        ),
        (
            "pods default",
            Method::GET,
            format!("{}/pods", ns(c1, "default")),
            None,
        ),
        (
            "yaml",
            Method::GET,
            format!("{}/workloads/deployments/web", ns(c1, "team-a")),
            None,
        ),
        (
            "logs",
            Method::GET,
            format!("{}/pods/web-2/logs?tail_lines=2", ns(c1, "team-a")),
            None,
        ),
        (
            "node metrics",
            Method::GET,
            format!("/api/v1/k8s/clusters/{c1}/metrics"),
            None,
        ),
        (
            "scale",
            Method::POST,
            format!("{}/workloads/deployments/web/scale", ns(c1, "team-a")),
            Some(json!({"replicas": 2})),
        ),
        (
            "restart",
            Method::POST,
            format!("{}/workloads/statefulsets/db/restart", ns(c1, "team-a")),
            None,
        ),
        (
            "pods on two",
            Method::GET,
            format!("{}/pods", ns(c2, "team-a")),
            None,
        ),
        (
            "scale on two",
            Method::POST,
            format!("{}/workloads/deployments/web/scale", ns(c2, "team-a")),
            Some(json!({"replicas": 2})),
        ),
    ];
    let ok = StatusCode::OK;
    let (nf, fb) = (StatusCode::NOT_FOUND, StatusCode::FORBIDDEN);
    #[rustfmt::skip]
    let expect: [(&str, &str, [StatusCode; 11]); 4] = [
        //                         cluster ns  pods-a pods-d yaml logs metrics scale restart pods-2 scale-2
        ("global read", &global_read, [ok, ok, ok, ok, ok, ok, ok, fb, fb, ok, fb]),
        ("cluster write", &cluster_write, [ok, ok, ok, ok, ok, ok, ok, ok, ok, nf, nf]),
        ("namespace read", &ns_read, [ok, ok, ok, nf, ok, ok, fb, fb, fb, nf, nf]),
        ("no grant", &nobody, [nf, nf, nf, nf, nf, nf, nf, nf, nf, nf, nf]),
    ];
    for (who, token, want) in expect {
        for ((what, m, path, body), want) in ops.iter().zip(want) {
            let (st, v) = s.call(m.clone(), path, Some(token), body.clone()).await;
            assert_eq!(st, want, "{who} → {what} ({m} {path}): {v}");
            if st.is_client_error() {
                assert!(v["error"]["message"].is_string(), "{who} {what}: {v}");
            }
        }
    }
    // What each sees of the lists.
    let count = |t: &str| {
        let t = t.to_owned();
        let s = &s;
        async move { s.get("/api/v1/k8s/clusters", &t).await.1["total"].as_i64() }
    };
    assert_eq!(count(&global_read).await, Some(2));
    assert_eq!(count(&cluster_write).await, Some(1));
    assert_eq!(count(&ns_read).await, Some(1));
    assert_eq!(count(&nobody).await, Some(0));
    let (_, seen) = s
        .get(&format!("/api/v1/k8s/clusters/{c1}/namespaces"), &ns_read)
        .await;
    assert_eq!(seen, json!(["team-a"]));
    let (_, seen) = s
        .get(
            &format!("/api/v1/k8s/clusters/{c1}/namespaces"),
            &cluster_write,
        )
        .await;
    assert_eq!(seen, json!(["default", "kube-system", "team-a"]));
    // The one write that was allowed reached the cluster; the refused ones did not.
    let patches = |what: &str| {
        fake.requests()
            .iter()
            .filter(|r| r.starts_with(&format!("PATCH /apis/apps/v1/namespaces/team-a/{what}")))
            .count()
    };
    assert_eq!(
        patches("statefulsets/db"),
        1,
        "only cluster-write's restart"
    );
    assert_eq!(patches("deployments/web"), 1, "only cluster-write's scale");
    s.stop().await;
    fake.stop().await;
}
on_both!(the_access_matrix);
