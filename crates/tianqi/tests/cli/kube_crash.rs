//! Kill -9 of a real `tianqi serve` in the middle of a create on a
//! Kubernetes node (the fake API server, in this test process, holds the
//! Pod's create unanswered): the restarted server rolls the create back —
//! the instance failed as interrupted, its reservation released, the data
//! claim made before the Pod removed, nothing left for the orphans list.

use tianqi_kube::fake::{FakeApiServer, FakeCluster};

use super::*;

const NS: &str = "team-a";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_a_create_on_a_cluster_converges_after_restart() {
    let fake = FakeApiServer::start(FakeCluster {
        stalled_creates: vec!["pods".into()],
        ..FakeCluster::default()
    })
    .await
    .unwrap();
    let env = [
        ("TIANQI_BOOTSTRAP_ADMIN_PASSWORD", "kube9-admin-pw"),
        ("TIANQI_NODES_CHECK_INTERVAL_SECS", "1"),
        ("TIANQI_NODES_LOCAL_SOCKET", ""),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut s = Serve::start(dir.path(), &[], &env);
    let (_, body) = login(&s.base, "admin", "kube9-admin-pw").await;
    let admin = body["token"].as_str().unwrap().to_owned();
    let post = |path: &'static str, body: Value| {
        let (base, admin) = (s.base.clone(), admin.clone());
        async move { call(&base, "POST", path, Some(&admin), Some(body)).await }
    };
    let (st, cluster) = post(
        "/api/v1/k8s/clusters",
        json!({"name": "crashlab", "kubeconfig": fake.kubeconfig()}),
    )
    .await;
    assert_eq!(st, 201, "{cluster}");
    let (st, node) = post(
        "/api/v1/nodes",
        json!({"name": "k8s-crash", "kubernetes": {"cluster_id": cluster["id"], "namespace": NS}}),
    )
    .await;
    assert_eq!(st, 201, "{node}");
    let node_id = node["id"].as_i64().unwrap();
    let (_, image) = post(
        "/api/v1/images",
        json!({"name": "bb", "address": "busybox:1.36", "keep_alive_command": ["sleep", "infinity"]}),
    )
    .await;
    let (_, spec) = post(
        "/api/v1/specs",
        json!({"name": "one", "cpu_cores": 1, "memory_gb": 1, "system_disk_gb": 1}),
    )
    .await;
    let create = tokio::spawn(post(
        "/api/v1/instances",
        json!({"name": "doomed", "image_id": image["id"], "spec_id": spec["id"], "node_id": node_id}),
    ));
    // Until the Pod's create is under way (and held).
    let pod_create = format!("POST /api/v1/namespaces/{NS}/pods");
    let start = Instant::now();
    while !fake.requests().iter().any(|r| r.starts_with(&pod_create)) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the create never reached the cluster: {:?}",
            fake.requests()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (_, list) = call(&s.base, "GET", "/api/v1/instances", Some(&admin), None).await;
    let inst = list["items"][0].clone();
    assert_eq!(inst["status"], "creating", "{list}");
    let pod = inst["container_name"].as_str().unwrap().to_owned();
    let claim = format!("{pod}-data");
    assert!(
        fake.object("persistentvolumeclaims", NS, &claim).is_some(),
        "the claim is made before the Pod"
    );
    let cap = node_capacity(&s.base, &admin, node_id).await;
    assert_eq!(cap["cpu_cores"]["allocated"], 1.0, "reserved: {cap}");
    s.child.kill().unwrap();
    s.child.wait().unwrap();
    let _ = create.await;
    drop(s);
    fake.edit(|c| c.stalled_creates.clear());

    let s = Serve::start(dir.path(), &[], &env);
    rolled_back(&s.base, &admin, Duration::from_secs(10)).await;
    let cap = node_capacity(&s.base, &admin, node_id).await;
    assert_eq!(cap["cpu_cores"]["allocated"], 0.0, "released: {cap}");
    assert!(
        fake.object("persistentvolumeclaims", NS, &claim).is_none(),
        "the claim is removed"
    );
    assert!(fake.object("pods", NS, &pod).is_none(), "no Pod");
    let (_, orphans) = call(&s.base, "GET", "/api/v1/admin/orphans", Some(&admin), None).await;
    assert_eq!(orphans, json!([]), "nothing left behind");
    let (ok, _) = s.terminate(Duration::from_secs(10));
    assert!(ok);
    fake.stop().await;
}
