//! A cluster's objects through the API on both databases, against the fake
//! API server's sample cluster: lists and YAML, a workload's pods, scale,
//! rollout restart and delete changing the fake's store, services and
//! endpoints, metrics and their absence; bad names (422 naming the field),
//! cluster-side 401/403/404 and a cluster that is gone (clear messages,
//! 502/404, never 500); every change audited with what it touched.

use reqwest::StatusCode;
use serde_json::{json, Value};
use tianqi_kube::fake::{FakeApiServer, FakeCluster};

use crate::harness::{assert_error, Site, TestServer};
use crate::on_both;

pub(crate) async fn register(s: &TestServer, fake: &FakeApiServer, name: &str) -> i64 {
    let (st, c) = s
        .post(
            "/api/v1/k8s/clusters",
            &s.admin_token,
            json!({"name": name, "kubeconfig": fake.kubeconfig()}),
        )
        .await;
    assert_eq!(
        (st, c["status"].as_str()),
        (StatusCode::CREATED, Some("connected")),
        "{c}"
    );
    c["id"].as_i64().unwrap()
}

fn names(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect()
}

async fn browse_and_change(site: &Site) {
    let fake = FakeApiServer::start(FakeCluster::sample()).await.unwrap();
    let s = TestServer::start(site).await;
    let a = &s.admin_token;
    let id = register(&s, &fake, "sample").await;
    let base = format!("/api/v1/k8s/clusters/{id}");
    let ns = format!("{base}/namespaces/team-a");

    let (st, v) = s.get(&format!("{base}/namespaces"), a).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v, json!(["default", "kube-system", "team-a"]));

    // Workloads of each kind.
    let (st, v) = s.get(&format!("{ns}/workloads/deployments"), a).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v[0]["kind"], "Deployment");
    assert_eq!(
        (v[0]["ready"].as_i64(), v[0]["desired"].as_i64()),
        (Some(2), Some(2))
    );
    assert_eq!(v[0]["images"], json!(["nginx:1.27"]));
    assert_eq!(v[0]["created_at"], "2026-12-01T08:00:00Z");
    let (_, v) = s.get(&format!("{ns}/workloads/statefulsets"), a).await;
    assert_eq!(names(&v), ["db"]);
    let (_, v) = s.get(&format!("{ns}/workloads/daemonsets"), a).await;
    assert_eq!(
        (v[0]["ready"].as_i64(), v[0]["desired"].as_i64()),
        (Some(1), Some(2))
    );

    // Detail as YAML, and the pods a workload selects.
    let (st, v) = s.get(&format!("{ns}/workloads/deployments/web"), a).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let yaml = v["yaml"].as_str().unwrap();
    assert!(
        yaml.contains("image: nginx:1.27") && !yaml.contains("managedFields"),
        "{yaml}"
    );
    let (_, v) = s
        .get(&format!("{ns}/workloads/deployments/web/pods"), a)
        .await;
    assert_eq!(names(&v), ["web-1", "web-2"]);

    // Scale: the fake's object changes; out of range and DaemonSets refused.
    let (st, v) = s
        .post(
            &format!("{ns}/workloads/deployments/web/scale"),
            a,
            json!({"replicas": 4}),
        )
        .await;
    assert_eq!(
        (st, v["desired"].as_i64()),
        (StatusCode::OK, Some(4)),
        "{v}"
    );
    assert_eq!(
        fake.object("deployments", "team-a", "web").unwrap()["spec"]["replicas"],
        4
    );
    for body in [
        json!({"replicas": -1}),
        json!({"replicas": 1001}),
        json!({}),
    ] {
        let got = s
            .post(&format!("{ns}/workloads/deployments/web/scale"), a, body)
            .await;
        assert_error(
            &got,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some("replicas"),
        );
    }
    let got = s
        .post(
            &format!("{ns}/workloads/daemonsets/agent/scale"),
            a,
            json!({"replicas": 2}),
        )
        .await;
    assert_error(
        &got,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("kind"),
    );

    // Restart stamps the template.
    let (st, _) = s
        .post(
            &format!("{ns}/workloads/statefulsets/db/restart"),
            a,
            json!({}),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let db = fake.object("statefulsets", "team-a", "db").unwrap();
    assert!(
        db["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"]
            .is_string(),
        "{db}"
    );

    // Pods: list, YAML, delete.
    let (_, v) = s.get(&format!("{ns}/pods"), a).await;
    assert_eq!(names(&v), ["db-0", "web-1", "web-2"]);
    assert_eq!(
        (
            v[1]["phase"].as_str(),
            v[1]["ip"].as_str(),
            v[1]["node"].as_str(),
            v[1]["restarts"].as_i64()
        ),
        (Some("Running"), Some("10.1.0.11"), Some("node-1"), Some(1))
    );
    let (st, v) = s.get(&format!("{ns}/pods/web-1"), a).await;
    assert_eq!(st, StatusCode::OK);
    assert!(v["yaml"].as_str().unwrap().contains("podIP: 10.1.0.11"));
    let (st, _) = s.delete(&format!("{ns}/pods/web-1"), a).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    assert!(fake.object("pods", "team-a", "web-1").is_none());
    // Gone on the cluster: the cluster's 404 is ours.
    let got = s.delete(&format!("{ns}/pods/web-1"), a).await;
    assert_error(&got, StatusCode::NOT_FOUND, "not_found", None);

    // Services and endpoints.
    let (_, v) = s.get(&format!("{ns}/services"), a).await;
    assert_eq!(v[0]["type"], "NodePort");
    assert_eq!(v[0]["cluster_ip"], "10.96.0.10");
    assert_eq!(v[0]["ports"][0]["node_port"], 30080);
    let (_, v) = s.get(&format!("{ns}/services/web"), a).await;
    assert!(v["yaml"].as_str().unwrap().contains("nodePort: 30080"));
    let (_, v) = s.get(&format!("{ns}/services/web/endpoints"), a).await;
    assert_eq!(v["addresses"].as_array().unwrap().len(), 2, "{v}");
    assert_eq!(v["addresses"][0]["pod"], "web-1");

    // Metrics, then metrics-server gone.
    let (st, v) = s.get(&format!("{base}/metrics"), a).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(
        (v["cpu_millicores"].as_u64(), v["memory_bytes"].as_u64()),
        (Some(1000), Some(3 << 30))
    );
    let (_, v) = s.get(&format!("{ns}/metrics/pods"), a).await;
    assert_eq!(v.as_array().unwrap().len(), 3);
    fake.edit(|c| c.metrics = None);
    let got = s.get(&format!("{base}/metrics"), a).await;
    assert_error(&got, StatusCode::BAD_GATEWAY, "bad_gateway", None);
    assert!(
        got.1["error"]["message"]
            .as_str()
            .unwrap()
            .contains("metrics-server"),
        "{}",
        got.1
    );

    // Delete a workload.
    let (st, _) = s
        .delete(&format!("{ns}/workloads/daemonsets/agent"), a)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    assert!(fake.object("daemonsets", "team-a", "agent").is_none());

    // Every change audited with what it touched and its result; no kubeconfig.
    let (_, audit) = s.get("/api/v1/audit?page_size=100", a).await;
    let details: Vec<Value> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["route"].as_str().unwrap().contains("/namespaces/"))
        .map(|e| serde_json::from_str(e["detail"].as_str().unwrap()).unwrap())
        .collect();
    let want = |kind: &str, name: &str, action: &str, result: &str| {
        details.iter().any(|d| {
            d["cluster"] == id
                && d["namespace"] == "team-a"
                && d["kind"] == kind
                && d["name"] == name
                && d["action"] == action
                && d["result"].as_str().unwrap().starts_with(result)
        })
    };
    assert!(want("Deployment", "web", "scale", "ok"), "{details:?}");
    assert!(
        details
            .iter()
            .any(|d| d["action"] == "scale" && d["replicas"] == 4),
        "{details:?}"
    );
    assert!(want("StatefulSet", "db", "restart", "ok"), "{details:?}");
    assert!(want("Pod", "web-1", "delete", "ok"), "{details:?}");
    assert!(want("Pod", "web-1", "delete", "not found"), "{details:?}");
    assert!(want("DaemonSet", "agent", "delete", "ok"), "{details:?}");
    assert!(!audit.to_string().contains(&FakeCluster::default().token));
    s.stop().await;
    fake.stop().await;
}
on_both!(browse_and_change);

async fn bad_names_and_cluster_errors(site: &Site) {
    let fake = FakeApiServer::start(FakeCluster::sample()).await.unwrap();
    let s = TestServer::start(site).await;
    let a = &s.admin_token;
    let id = register(&s, &fake, "errs").await;
    let base = format!("/api/v1/k8s/clusters/{id}");

    // Names are checked before anything is sent.
    let before = fake.requests().len();
    for (path, field) in [
        (format!("{base}/namespaces/Team_A/pods"), "namespace"),
        (format!("{base}/namespaces/team-a/pods/a..b"), "name"),
        (
            "/api/v1/k8s/clusters/x/namespaces/team-a/pods".to_string(),
            "id",
        ),
    ] {
        let got = s.get(&path, a).await;
        assert_error(
            &got,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        );
    }
    let got = s
        .get(
            &format!("{base}/namespaces/team-a/workloads/replicasets"),
            a,
        )
        .await;
    assert_error(&got, StatusCode::NOT_FOUND, "not_found", None);
    assert_eq!(fake.requests().len(), before, "nothing sent for bad names");

    // Not on the cluster, or no such registered cluster: 404.
    let got = s
        .get(&format!("{base}/namespaces/team-a/pods/nope"), a)
        .await;
    assert_error(&got, StatusCode::NOT_FOUND, "not_found", None);
    let got = s
        .get("/api/v1/k8s/clusters/999/namespaces/team-a/pods", a)
        .await;
    assert_error(&got, StatusCode::NOT_FOUND, "not_found", None);

    // RBAC on the cluster forbids: 502 saying so.
    fake.edit(|c| c.forbidden = vec!["team-a".into()]);
    let got = s.get(&format!("{base}/namespaces/team-a/pods"), a).await;
    assert_error(&got, StatusCode::BAD_GATEWAY, "bad_gateway", None);
    assert!(
        got.1["error"]["message"]
            .as_str()
            .unwrap()
            .contains("403 Forbidden"),
        "{}",
        got.1
    );
    let got = s
        .post(
            &format!("{base}/namespaces/team-a/workloads/deployments/web/scale"),
            a,
            json!({"replicas": 1}),
        )
        .await;
    assert_error(&got, StatusCode::BAD_GATEWAY, "bad_gateway", None);

    // The token revoked on the cluster: 502 saying 401.
    fake.edit(|c| {
        c.forbidden.clear();
        c.token = "rotated".into();
    });
    let got = s.get(&format!("{base}/namespaces/team-a/pods"), a).await;
    assert_error(&got, StatusCode::BAD_GATEWAY, "bad_gateway", None);
    assert!(
        got.1["error"]["message"].as_str().unwrap().contains("401"),
        "{}",
        got.1
    );

    // Disabled: 409, nothing sent.
    let (st, _) = s
        .call(
            reqwest::Method::PATCH,
            &base,
            Some(a),
            Some(json!({"enabled": false})),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let got = s.get(&format!("{base}/namespaces"), a).await;
    assert_error(&got, StatusCode::CONFLICT, "conflict", None);
    s.call(
        reqwest::Method::PATCH,
        &base,
        Some(a),
        Some(json!({"enabled": true})),
    )
    .await;

    // The cluster gone: 502 "cannot reach", not 500.
    fake.stop().await;
    let got = s.get(&format!("{base}/namespaces/team-a/pods"), a).await;
    assert_error(&got, StatusCode::BAD_GATEWAY, "bad_gateway", None);
    assert!(
        got.1["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cannot reach"),
        "{}",
        got.1
    );

    // A user without a grant is not told the cluster exists (grants.rs has
    // the whole matrix).
    let (_, user) = s.user("kuser2", "user").await;
    let got = s.get(&format!("{base}/namespaces"), &user).await;
    assert_error(&got, StatusCode::NOT_FOUND, "not_found", None);
    s.stop().await;
}
on_both!(bad_names_and_cluster_errors);
