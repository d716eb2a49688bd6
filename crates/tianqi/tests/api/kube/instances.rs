//! Instances on a Kubernetes node (a namespace of a registered cluster)
//! through the API on both databases, against the fake API server: the
//! node's check (the cluster's allocatable capacity, a missing namespace),
//! bad node fields naming the field, placement by that capacity, the Pod and
//! claim a create makes, stop (Pod gone, claim kept), start (same claim),
//! restart (a new Pod), what changed behind the platform's back (seen by
//! the watch of the node's Pods, or the health round), orphans by label, delete (both gone), and a cluster that
//! backs a node refusing deletion.

use futures::SinkExt;
use reqwest::StatusCode;
use serde_json::{json, Value};
use tianqi_kube::fake::{FakeApiServer, FakeCluster, FakeMetrics, FakeShell};
use tokio_tungstenite::tungstenite::Message;

use super::resources::register;
use super::streams::read_until;
use crate::docker_env::busybox_image;
use crate::harness::{assert_error, Site, TestServer};
use crate::on_both;

const NS: &str = "team-a";

fn claim_of(pod: &str) -> String {
    format!("{pod}-data")
}

pub(crate) async fn kube_node(
    s: &TestServer,
    cluster: i64,
    name: &str,
    ns: &str,
) -> (StatusCode, Value) {
    s.post(
        "/api/v1/nodes",
        &s.admin_token,
        json!({"name": name, "kubernetes": {"cluster_id": cluster, "namespace": ns}}),
    )
    .await
}

async fn instance(s: &TestServer, token: &str, id: i64) -> Value {
    let (st, v) = s.get(&format!("/api/v1/instances/{id}"), token).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v
}

pub(super) async fn act(s: &TestServer, token: &str, id: i64, op: &str) -> Value {
    let (st, v) = s
        .post(&format!("/api/v1/instances/{id}/{op}"), token, json!({}))
        .await;
    assert_eq!(st, StatusCode::OK, "{op}: {v}");
    v
}

/// A busybox image with a keep-alive command and a one-core spec with a
/// 1 GB system disk: what the cluster tests create instances from.
pub(crate) async fn pod_image_and_spec(s: &TestServer) -> (Value, Value) {
    let (st, img) = s
        .post(
            "/api/v1/images",
            &s.admin_token,
            json!({"name": "bb", "address": "busybox:1.36", "keep_alive_command": ["sleep", "infinity"]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{img}");
    let (st, spec) = s
        .post(
            "/api/v1/specs",
            &s.admin_token,
            json!({"name": "one", "cpu_cores": 1, "memory_gb": 1, "system_disk_gb": 1}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{spec}");
    (img, spec)
}

/// Waits (at most 5 s) for the instance's status, as the watch sets it.
pub(crate) async fn until_status(s: &TestServer, token: &str, id: i64, want: &str) {
    let mut last = Value::Null;
    for _ in 0..50 {
        last = instance(s, token, id).await;
        if last["status"] == want {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("instance {id} never became {want}: {last}");
}

/// The node's health check, which reconciles its instances.
async fn check(s: &TestServer, node: i64) -> Value {
    let (st, n) = s
        .post(
            &format!("/api/v1/nodes/{node}/test"),
            &s.admin_token,
            json!({}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{n}");
    n
}

async fn instances_on_a_cluster(site: &Site) {
    let fake = FakeApiServer::start(FakeCluster::default()).await.unwrap();
    let s = TestServer::start(site).await;
    let a = &s.admin_token;
    let cluster = register(&s, &fake, "lab").await;

    // The node: connected, with what the cluster's two schedulable nodes
    // allocate (16 cores, 64 GiB), no engine address.
    let (st, n) = kube_node(&s, cluster, "k8s-lab", NS).await;
    assert_eq!(st, StatusCode::CREATED, "{n}");
    let node = n["id"].as_i64().unwrap();
    assert_eq!(n["backend"], "kubernetes");
    assert_eq!(
        n["kubernetes"],
        json!({"cluster_id": cluster, "namespace": NS, "storage_class": ""})
    );
    assert_eq!(n["docker_status"], "connected", "{n}");
    assert_eq!(
        (n["cpu_cores"].as_f64(), n["memory_gb"].as_f64()),
        (Some(16.0), Some(64.0))
    );
    assert_eq!(n["docker_address"], "");
    assert_eq!(n["docker"]["server_version"], "v1.31.2-fake");

    // Bad fields name the field; a namespace the cluster lacks is the
    // check's failure, in words.
    let bad = kube_node(&s, 999, "k-bad", NS).await;
    assert_error(
        &bad,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("kubernetes.cluster_id"),
    );
    let bad = kube_node(&s, cluster, "k-bad", "Team_A").await;
    assert_error(
        &bad,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("kubernetes.namespace"),
    );
    let both = s
        .post(
            "/api/v1/nodes",
            a,
            json!({"name": "k-bad", "docker_address": "unix:///x.sock",
                   "kubernetes": {"cluster_id": cluster, "namespace": NS}}),
        )
        .await;
    assert_error(
        &both,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("docker_address"),
    );
    let (st, gone_ns) = kube_node(&s, cluster, "k-nons", "nope").await;
    assert_eq!(st, StatusCode::CREATED);
    assert_eq!(gone_ns["docker_status"], "failed");
    assert!(
        gone_ns["docker_error"]
            .as_str()
            .unwrap()
            .contains("namespace 'nope' does not exist"),
        "{gone_ns}"
    );
    let moved = s
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/nodes/{node}"),
            Some(a),
            Some(json!({"kubernetes": {"cluster_id": cluster, "namespace": "default"}})),
        )
        .await;
    assert_error(
        &moved,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("kubernetes"),
    );
    let (st, _) = s
        .delete(&format!("/api/v1/nodes/{}", gone_ns["id"]), a)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);

    // A catalog, and a user's instance placed there (the only node).
    let (_, img) = s
        .post(
            "/api/v1/images",
            a,
            json!({"name": "bb", "address": busybox_image(), "keep_alive_command": ["sleep", "3600"]}),
        )
        .await;
    let (st, spec) = s
        .post(
            "/api/v1/specs",
            a,
            json!({"name": "half", "cpu_cores": 6, "memory_gb": 4, "system_disk_gb": 5}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{spec}");
    let (uid, u) = s.user("kim", "user").await;
    let (st, inst) = s
        .post(
            "/api/v1/instances",
            &u,
            json!({"name": "lab-1", "image_id": img["id"], "spec_id": spec["id"]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{inst}");
    let id = inst["id"].as_i64().unwrap();
    assert_eq!(
        (inst["status"].as_str(), inst["node_id"].as_i64()),
        (Some("running"), Some(node))
    );
    let pod_name = inst["container_name"].as_str().unwrap().to_owned();
    assert!(
        pod_name.starts_with("tq-") && pod_name.ends_with(&format!("-{id}")),
        "{pod_name}"
    );
    let pod = fake.object("pods", NS, &pod_name).expect("the Pod");
    let main = &pod["spec"]["containers"][0];
    assert_eq!(main["name"], "main");
    assert_eq!(main["image"], busybox_image());
    assert_eq!(main["args"], json!(["sleep", "3600"]));
    assert_eq!(
        main["resources"]["limits"],
        json!({"cpu": "6000m", "memory": "4096Mi", "ephemeral-storage": "5Gi"})
    );
    assert_eq!(main["resources"]["requests"], main["resources"]["limits"]);
    assert_eq!(pod["metadata"]["labels"]["tianqi.owner"], uid.to_string());
    assert_eq!(
        pod["metadata"]["labels"]["tianqi.cluster"],
        cluster.to_string()
    );
    assert_eq!(
        pod["metadata"]["annotations"]["tianqi.instance-name"],
        "lab-1"
    );
    assert_eq!(pod["spec"]["automountServiceAccountToken"], false);
    let claim = fake
        .object("persistentvolumeclaims", NS, &claim_of(&pod_name))
        .expect("the data claim");
    assert_eq!(claim["spec"]["resources"]["requests"]["storage"], "10Gi");

    // Capacity is the cluster's: 16 cores take two of 6, not a third.
    let (st, second) = s
        .post(
            "/api/v1/instances",
            &u,
            json!({"name": "lab-2", "image_id": img["id"], "spec_id": spec["id"]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{second}");
    let third = s
        .post(
            "/api/v1/instances",
            &u,
            json!({"name": "lab-3", "image_id": img["id"], "spec_id": spec["id"]}),
        )
        .await;
    assert_error(&third, StatusCode::CONFLICT, "conflict", None);
    assert!(
        third.1["error"]["message"]
            .as_str()
            .unwrap()
            .contains("CPU"),
        "{}",
        third.1
    );
    let (st, _) = s
        .delete(&format!("/api/v1/instances/{}", second["id"]), &u)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);

    // Stop: the Pod goes, the claim stays; start: a Pod on the same claim.
    let v = act(&s, &u, id, "stop").await;
    assert_eq!(v["status"], "exited", "{v}");
    assert!(fake.object("pods", NS, &pod_name).is_none());
    let kept = fake
        .object("persistentvolumeclaims", NS, &claim_of(&pod_name))
        .unwrap();
    assert_eq!(kept["metadata"]["uid"], claim["metadata"]["uid"]);
    // A stopped instance is not missing to the health check.
    check(&s, node).await;
    assert_eq!(instance(&s, &u, id).await["status"], "exited");
    let v = act(&s, &u, id, "start").await;
    assert_eq!(v["status"], "running", "{v}");
    let first_uid = fake.object("pods", NS, &pod_name).expect("started")["metadata"]["uid"].clone();
    assert_eq!(
        fake.object("persistentvolumeclaims", NS, &claim_of(&pod_name))
            .unwrap()["metadata"]["uid"],
        claim["metadata"]["uid"]
    );
    let v = act(&s, &u, id, "restart").await;
    assert_eq!(v["status"], "running");
    let after = fake.object("pods", NS, &pod_name).expect("restarted");
    assert_ne!(after["metadata"]["uid"], first_uid, "a new Pod");

    // Watching it: the web terminal is a shell in the Pod's main container
    // (the owner's, not another user's), logs and stats come from the
    // cluster.
    let term = format!("/api/v1/instances/{id}/terminal?cols=100&rows=30");
    let mut ws = crate::ws::connect(&s, &term, "tianqi.terminal", &u, None)
        .await
        .expect("the terminal opens");
    read_until(&mut ws, FakeShell::PROMPT).await;
    ws.send(Message::Text(
        json!({"type": "input", "data": "hostname\r"})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    read_until(&mut ws, &format!("{pod_name}\r\n")).await;
    ws.send(Message::Text(
        json!({"type": "input", "data": "exit 3\r"})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    read_until(&mut ws, r#"{"type":"exit","code":3}"#).await;
    let exec = fake.execs().pop().expect("an exec");
    assert_eq!(
        (
            exec.namespace.as_str(),
            exec.pod.as_str(),
            exec.container.as_deref()
        ),
        (NS, pod_name.as_str(), Some("main"))
    );
    let (_, other) = s.user("olga", "user").await;
    let refused = crate::ws::connect(&s, &term, "tianqi.terminal", &other, None).await;
    assert_eq!(refused.err(), Some(404), "not her instance");

    for i in 1..=3 {
        fake.append_log(NS, &pod_name, &format!("epoch {i} done"));
    }
    let (st, logs) = s
        .get(&format!("/api/v1/instances/{id}/logs?tail=2"), &u)
        .await;
    assert_eq!(st, StatusCode::OK, "{logs}");
    let lines: Vec<&str> = logs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["line"].as_str().unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{logs}");
    assert!(
        lines[0].ends_with("epoch 2 done") && lines[1].ends_with("epoch 3 done"),
        "{lines:?}"
    );

    let no_metrics = s.get(&format!("/api/v1/instances/{id}/stats"), &u).await;
    assert_error(
        &no_metrics,
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        None,
    );
    fake.edit(|k| {
        let mut m = FakeMetrics::default();
        m.pods.insert(
            (NS.into(), pod_name.clone()),
            ("1500m".into(), "1Gi".into()),
        );
        k.metrics = Some(m);
    });
    let (st, stats) = s.get(&format!("/api/v1/instances/{id}/stats"), &u).await;
    assert_eq!(st, StatusCode::OK, "{stats}");
    assert_eq!(stats["cpu_percent"], 25.0, "1.5 of 6 cores");
    assert_eq!(stats["mem_usage"], 1i64 << 30);
    assert_eq!(stats["mem_percent"], 25.0, "1 of 4 GiB");

    // A Pod the scheduler cannot place yet: the instance says why (it is
    // running as far as the platform goes), until the Pod runs.
    let set_pod = |status: Value| {
        fake.edit(|k| {
            let key = ("pods".to_owned(), NS.to_owned(), pod_name.clone());
            if let Some(p) = k.objects.get_mut(&key) {
                p["status"] = status.clone();
            }
        })
    };
    set_pod(
        json!({"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False",
        "reason": "Unschedulable", "message": "0/2 nodes are available: 2 Insufficient nvidia.com/gpu."}]}),
    );
    let mut waiting = instance(&s, &u, id).await;
    for _ in 0..50 {
        if waiting["status_error"] != "" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        waiting = instance(&s, &u, id).await;
    }
    assert_eq!(waiting["status"], "running");
    assert_eq!(
        waiting["status_error"],
        "waiting to be scheduled: 0/2 nodes are available: 2 Insufficient nvidia.com/gpu.",
        "{waiting}"
    );
    set_pod(
        json!({"phase": "Running", "containerStatuses": [{"name": "main", "ready": true,
        "restartCount": 0, "state": {"running": {}}}]}),
    );
    let mut ran = instance(&s, &u, id).await;
    for _ in 0..50 {
        if ran["status_error"] == "" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        ran = instance(&s, &u, id).await;
    }
    assert_eq!(
        (ran["status"].as_str(), ran["status_error"].as_str()),
        (Some("running"), Some("")),
        "{ran}"
    );

    // Behind the platform's back: a Pod that ended, then one evicted. The
    // watch of the node's Pods sees each at once (the health round is 30 s
    // away and not asked for here).
    fake.edit(|k| {
        let key = ("pods".to_owned(), NS.to_owned(), pod_name.clone());
        if let Some(p) = k.objects.get_mut(&key) {
            p["status"]["phase"] = json!("Failed");
            p["status"]["containerStatuses"][0]["state"] =
                json!({"terminated": {"exitCode": 137, "reason": "OOMKilled"}});
        }
    });
    until_status(&s, &u, id, "exited").await;
    // Written just after the status, in the same reconciliation.
    let mut ended = instance(&s, &u, id).await;
    for _ in 0..50 {
        if !ended["exit_code"].is_null() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        ended = instance(&s, &u, id).await;
    }
    assert_eq!(
        (ended["exit_code"].as_i64(), ended["exit_reason"].as_str()),
        (Some(137), Some("oom_killed")),
        "how it ended, from the Pod: {ended}"
    );
    act(&s, &u, id, "start").await;
    fake.edit(|k| {
        k.objects
            .remove(&("pods".to_owned(), NS.to_owned(), pod_name.clone()));
    });
    until_status(&s, &u, id, "exited").await;
    let evicted = instance(&s, &u, id).await;
    assert_eq!(evicted["exit_code"], Value::Null, "{evicted}");
    act(&s, &u, id, "start").await;
    assert!(
        fake.requests().iter().any(|r| r
            .starts_with(&format!("GET /api/v1/namespaces/{NS}/pods?"))
            && r.contains("watch=true")
            && r.contains("labelSelector=tianqi.managed%3Dtrue")),
        "a watch of the installation's Pods: {:?}",
        fake.requests()
    );

    // An orphan: labelled objects of this installation with no row.
    let install_label = pod["metadata"]["labels"]["tianqi.install"].clone();
    let orphan_pod = format!("{}-9999", pod_name.rsplit_once('-').unwrap().0);
    fake.edit(|k| {
        let labels = json!({"tianqi.managed": "true", "tianqi.install": install_label, "tianqi.instance": "9999"});
        k.put("pods", json!({"metadata": {"name": orphan_pod, "namespace": NS, "labels": labels},
                             "status": {"phase": "Running"}}));
        k.put("persistentvolumeclaims", json!({"metadata": {"name": claim_of(&orphan_pod), "namespace": NS, "labels": labels}}));
    });
    let (st, orphans) = s.get("/api/v1/admin/orphans", a).await;
    assert_eq!(st, StatusCode::OK, "{orphans}");
    assert_eq!(orphans.as_array().unwrap().len(), 1, "{orphans}");
    assert_eq!(orphans[0]["container_id"], orphan_pod.as_str());
    assert_eq!(orphans[0]["instance_id"], 9999);
    assert_eq!(orphans[0]["node_id"], node);
    let (st, v) = s
        .delete(&format!("/api/v1/admin/orphans/{node}/{orphan_pod}"), a)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT, "{v}");
    assert!(fake.object("pods", NS, &orphan_pod).is_none());
    assert!(fake
        .object("persistentvolumeclaims", NS, &claim_of(&orphan_pod))
        .is_none());

    // A disabled cluster: its node fails its check and its instances
    // cannot be reached, saying why; enabled again, all is back.
    let off = s
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/k8s/clusters/{cluster}"),
            Some(a),
            Some(json!({"enabled": false})),
        )
        .await;
    assert_eq!(off.0, StatusCode::OK, "{}", off.1);
    let n = check(&s, node).await;
    assert_eq!(n["docker_status"], "failed");
    assert!(
        n["docker_error"].as_str().unwrap().contains("is disabled"),
        "{n}"
    );
    let stopped = s
        .post(&format!("/api/v1/instances/{id}/stop"), &u, json!({}))
        .await;
    assert_error(
        &stopped,
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        None,
    );
    let on = s
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/k8s/clusters/{cluster}"),
            Some(a),
            Some(json!({"enabled": true})),
        )
        .await;
    assert_eq!(on.0, StatusCode::OK, "{}", on.1);
    assert_eq!(check(&s, node).await["docker_status"], "connected");

    // The cluster backs the node: not deletable while the node is there.
    let refused = s
        .delete(&format!("/api/v1/k8s/clusters/{cluster}"), a)
        .await;
    assert_error(&refused, StatusCode::CONFLICT, "conflict", None);
    assert!(
        refused.1["error"]["message"]
            .as_str()
            .unwrap()
            .contains("delete the node first"),
        "{}",
        refused.1
    );

    // Its data claim deleted behind the platform's back: missing, not
    // silently gone; the health round says so.
    fake.edit(|k| {
        k.objects.remove(&(
            "persistentvolumeclaims".to_owned(),
            NS.to_owned(),
            claim_of(&pod_name),
        ));
        k.objects
            .remove(&("pods".to_owned(), NS.to_owned(), pod_name.clone()));
    });
    check(&s, node).await;
    until_status(&s, &u, id, "missing").await;

    // Delete: the Pod and the claim go with the row.
    let (st, _) = s.delete(&format!("/api/v1/instances/{id}"), &u).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    assert!(fake.object("pods", NS, &pod_name).is_none());
    assert!(fake
        .object("persistentvolumeclaims", NS, &claim_of(&pod_name))
        .is_none());
    let (st, _) = s.get(&format!("/api/v1/instances/{id}"), &u).await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // Whatever ran on the cluster was sent to its namespace only.
    let writes: Vec<String> = fake
        .requests()
        .into_iter()
        .filter(|r| r.starts_with("POST") || r.starts_with("DELETE"))
        .collect();
    assert!(
        writes
            .iter()
            .all(|r| r.contains(&format!("/namespaces/{NS}/"))),
        "{writes:?}"
    );

    let (st, _) = s.delete(&format!("/api/v1/nodes/{node}"), a).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (st, _) = s
        .delete(&format!("/api/v1/k8s/clusters/{cluster}"), a)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    s.stop().await;
    fake.stop().await;
}
on_both!(instances_on_a_cluster);
