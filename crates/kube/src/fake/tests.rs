//! The real client against the fake, layer by layer.

use super::*;
use crate::{CheckedKubeconfig, ClusterClient, KubeError, KubeSettings, LogLines, PodShell, SHELL};

#[tokio::test]
async fn the_real_client_probes_the_fake_over_http() {
    let fake = FakeApiServer::start(FakeCluster::default()).await.unwrap();
    let settings = KubeSettings::default();
    let k = CheckedKubeconfig::parse(&fake.kubeconfig()).unwrap();
    let c = ClusterClient::connect(&k, &settings).await.unwrap();
    let p = c.probe().await.unwrap();
    assert_eq!(p.server_version, "v1.31.2-fake");
    assert_eq!(p.namespaces, ["default", "kube-system", "team-a"]);
    assert_eq!(
        fake.requests(),
        ["GET /version", "GET /api/v1/namespaces?&limit=500"]
    );

    let wrong = CheckedKubeconfig::parse(&fake.kubeconfig_with_token("nope")).unwrap();
    let c = ClusterClient::connect(&wrong, &settings).await.unwrap();
    assert!(matches!(c.probe().await, Err(KubeError::Unauthorized(_))));

    fake.stop().await;
    let k = CheckedKubeconfig::parse(&kubeconfig_for(&format!("http://{}", "127.0.0.1:1"), "t"))
        .unwrap();
    let c = ClusterClient::connect(&k, &settings).await.unwrap();
    assert!(matches!(c.probe().await, Err(KubeError::Unreachable(_))));
}

/// Layer (2): list, get and update logic against the in-memory store.
#[tokio::test]
async fn workloads_pods_and_services_against_the_store() {
    use tianqi_core::kube::resources::WorkloadKind;
    let fake = FakeApiServer::start(FakeCluster::sample()).await.unwrap();
    let k = CheckedKubeconfig::parse(&fake.kubeconfig()).unwrap();
    let c = ClusterClient::connect(&k, &KubeSettings::default())
        .await
        .unwrap();

    let d = c
        .workloads("team-a", WorkloadKind::Deployment)
        .await
        .unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(
        (d[0].name.as_str(), d[0].ready, d[0].desired),
        ("web", 2, 2)
    );
    let ds = c
        .workloads("team-a", WorkloadKind::DaemonSet)
        .await
        .unwrap();
    assert_eq!((ds[0].ready, ds[0].desired), (1, 2));
    assert!(c
        .workloads("default", WorkloadKind::StatefulSet)
        .await
        .unwrap()
        .is_empty());

    let pods = c
        .workload_pods("team-a", WorkloadKind::Deployment, "web")
        .await
        .unwrap();
    let names: Vec<&str> = pods.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["web-1", "web-2"]);

    let w = c
        .scale("team-a", WorkloadKind::Deployment, "web", 5)
        .await
        .unwrap();
    assert_eq!((w.ready, w.desired), (5, 5));
    assert_eq!(
        fake.object("deployments", "team-a", "web").unwrap()["spec"]["replicas"],
        5
    );

    let at = chrono::DateTime::from_timestamp(1_796_000_000, 0).unwrap();
    c.restart("team-a", WorkloadKind::StatefulSet, "db", at)
        .await
        .unwrap();
    let db = fake.object("statefulsets", "team-a", "db").unwrap();
    assert_eq!(
        db["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"],
        at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    // The merge kept the rest of the template.
    assert_eq!(db["spec"]["template"]["metadata"]["labels"]["app"], "db");

    let y = c.pod_yaml("team-a", "web-1").await.unwrap();
    assert!(y.yaml.contains("podIP: 10.1.0.11"), "{}", y.yaml);
    c.delete_pod("team-a", "web-1").await.unwrap();
    assert!(fake.object("pods", "team-a", "web-1").is_none());
    assert!(matches!(
        c.delete_pod("team-a", "web-1").await,
        Err(KubeError::NotFound(_))
    ));

    let e = c.service_endpoints("team-a", "web").await.unwrap();
    assert_eq!(e.service.ports[0].node_port, Some(30080));
    assert_eq!(e.addresses.len(), 2);

    let u = c.cluster_usage().await.unwrap();
    assert_eq!((u.cpu_millicores, u.memory_bytes), (1000, 3 << 30));
    assert_eq!(c.pod_usage("team-a").await.unwrap().len(), 3);
    fake.edit(|c| c.metrics = None);
    assert!(matches!(
        c.cluster_usage().await,
        Err(KubeError::NotServed(_))
    ));

    fake.edit(|c| c.forbidden = vec!["team-a".into()]);
    assert!(matches!(
        c.pods("team-a").await,
        Err(KubeError::Forbidden(_))
    ));
    fake.stop().await;
}

/// An instance's objects through the real client: the claim and Pod
/// arrive as planned, a stop deletes the Pod and keeps the claim, a
/// start creates the Pod again on the kept claim, a second Pod of the
/// name is a conflict, deletes of what is gone are done.
#[tokio::test]
async fn an_instance_pod_and_its_claim_through_stop_and_start() {
    use tianqi_core::kube::instance_pod::{plan_claim, plan_pod, PodGpus, PodInput};
    let (fake, c) = sample_client().await;
    let input = PodInput {
        install_id: "9f3ac2d1",
        instance_id: 5,
        name: "split-job",
        owner_id: 2,
        cluster_id: 1,
        namespace: "team-a",
        image: "busybox:1.36",
        keep_alive: &[],
        cpu_milli: 500,
        memory_mib: 256,
        system_disk_gb: 0,
        data_disk_gb: 0,
        default_data_gb: 10,
        storage_class: "",
        gpus: PodGpus::Split {
            cards: 1,
            vram_mib: 4096,
            cores_percent: None,
            model: String::new(),
        },
        shm_mib: 64,
        drop_capabilities: &[],
        image_capabilities: &[],
    };
    let (pod, claim) = (plan_pod(&input), plan_claim(&input));
    c.create_instance(&pod, &claim).await.unwrap();
    let stored = fake.object("pods", "team-a", &pod.name).expect("the pod");
    let sent = serde_json::to_value(crate::instance_objects::instance_pod(&pod)).unwrap();
    assert_eq!(stored["spec"], sent["spec"], "stored as sent");
    assert_eq!(stored["metadata"]["labels"], sent["metadata"]["labels"]);
    assert_eq!(stored["status"]["phase"], "Running");
    let kept = fake
        .object("persistentvolumeclaims", "team-a", &claim.name)
        .expect("the claim");
    assert_eq!(kept["spec"]["resources"]["requests"]["storage"], "10Gi");

    match c.create_instance(&pod, &claim).await {
        Err(KubeError::Conflict(m)) => assert!(m.contains("already exists"), "{m}"),
        other => panic!("a second pod of the name: {other:?}"),
    }

    c.delete_instance_pod("team-a", &pod.name).await.unwrap();
    assert!(fake.object("pods", "team-a", &pod.name).is_none());
    assert!(fake
        .object("persistentvolumeclaims", "team-a", &claim.name)
        .is_some());
    c.delete_instance_pod("team-a", &pod.name).await.unwrap();

    c.create_instance(&pod, &claim).await.unwrap();
    assert!(
        fake.object("pods", "team-a", &pod.name).is_some(),
        "started again"
    );
    let reused = fake
        .object("persistentvolumeclaims", "team-a", &claim.name)
        .unwrap();
    assert_eq!(
        reused["metadata"]["uid"], kept["metadata"]["uid"],
        "the same claim"
    );

    c.delete_instance_pod("team-a", &pod.name).await.unwrap();
    c.delete_instance_claim("team-a", &claim.name)
        .await
        .unwrap();
    c.delete_instance_claim("team-a", &claim.name)
        .await
        .unwrap();
    assert!(fake
        .object("persistentvolumeclaims", "team-a", &claim.name)
        .is_none());
    let posts: Vec<String> = fake
        .requests()
        .into_iter()
        .filter(|r| r.starts_with("POST"))
        .collect();
    assert!(
        posts
            .iter()
            .all(|r| r.contains("/api/v1/namespaces/team-a/")),
        "{posts:?}"
    );
    fake.stop().await;
}

/// What a Tianqi node that is a namespace of the cluster reads: the
/// schedulable nodes' allocatable resources, whether its namespace is
/// there, and its instances as reconciliation sees them (an instance is
/// there while its claim is; it runs while its Pod pends or runs).
#[tokio::test]
async fn capacity_namespaces_and_instances_as_seen() {
    use tianqi_core::kube::instance_pod::{claim_name, pod_name};
    let (fake, c) = sample_client().await;
    let cap = c.capacity().await.unwrap();
    assert_eq!(
        cap,
        crate::ClusterCapacity {
            nodes: 2,
            cpu_milli: 16_000,
            memory_bytes: 64 << 30,
            gpus: 2
        },
        "the node that is not ready counts for nothing"
    );
    fake.edit(|k| k.nodes[1]["spec"]["unschedulable"] = serde_json::json!(true));
    assert_eq!(c.capacity().await.unwrap().nodes, 1, "a cordoned node");
    assert!(c.namespace_exists("team-a").await.unwrap());
    assert!(!c.namespace_exists("nope").await.unwrap());

    let install = "9f3ac2d1";
    let labels = |id: i64| {
        serde_json::json!({"tianqi.managed": "true", "tianqi.install": install,
                           "tianqi.instance": id.to_string()})
    };
    fake.edit(|k| {
        for id in [1, 2, 3] {
            k.put("persistentvolumeclaims", serde_json::json!({"metadata": {
                "name": claim_name(install, id), "namespace": "team-a", "labels": labels(id)}}));
        }
        for (id, phase) in [(1, "Running"), (2, "Failed"), (4, "Pending")] {
            k.put("pods", serde_json::json!({"metadata": {
                "name": pod_name(install, id), "namespace": "team-a", "labels": labels(id)},
                "status": {"phase": phase}}));
        }
        // another installation's claim
        k.put("persistentvolumeclaims", serde_json::json!({"metadata": {
            "name": "other", "namespace": "team-a",
            "labels": {"tianqi.managed": "true", "tianqi.install": "other", "tianqi.instance": "1"}}}));
    });
    let mut seen = c.instances_seen("team-a", install).await.unwrap().seen;
    seen.sort_by_key(|s| s.instance_id);
    let view: Vec<(Option<i64>, bool, &str)> = seen
        .iter()
        .map(|s| (s.instance_id, s.running, s.container_id.as_str()))
        .collect();
    assert_eq!(
        view,
        [
            (Some(1), true, "tq-9f3ac2d1-1"),
            (Some(2), false, "tq-9f3ac2d1-2"),
            (Some(3), false, "tq-9f3ac2d1-3"),
            (Some(4), false, "tq-9f3ac2d1-4"),
        ],
        "1 runs, 2 ended, 3 stopped (no Pod), 4 has no claim: seen, not running"
    );
    assert!(fake.requests().iter().any(|r| r.contains(
        "/api/v1/namespaces/team-a/persistentvolumeclaims?&labelSelector=tianqi.managed%3Dtrue%2Ctianqi.install%3D9f3ac2d1"
    )), "{:?}", fake.requests());
    fake.stop().await;
}

/// A watch of an installation's instance Pods: what is there first, then
/// each change (a create, an edit, a delete) as the instance it is about;
/// another installation's Pods are not in it; the server going ends it.
#[tokio::test]
async fn instance_pods_are_watched() {
    async fn next(w: &mut crate::InstanceWatch) -> Option<Result<Option<i64>, KubeError>> {
        tokio::time::timeout(std::time::Duration::from_secs(5), w.next())
            .await
            .expect("an event")
    }
    use futures::StreamExt;
    use tianqi_core::kube::instance_pod::pod_name;
    let (fake, c) = sample_client().await;
    let install = "9f3ac2d1";
    let pod = |install: &str, id: i64| {
        serde_json::json!({"metadata": {"name": pod_name(install, id), "namespace": "team-a",
            "labels": {"tianqi.managed": "true", "tianqi.install": install, "tianqi.instance": id.to_string()}},
            "status": {"phase": "Running"}})
    };
    fake.edit(|k| k.put("pods", pod(install, 1)));
    let mut w = c.watch_instance_pods("team-a", install).await.unwrap();
    assert_eq!(
        next(&mut w).await.unwrap().unwrap(),
        Some(1),
        "what is there"
    );
    fake.edit(|k| {
        k.put("pods", pod("other", 7));
        k.put("pods", pod(install, 2));
    });
    assert_eq!(
        next(&mut w).await.unwrap().unwrap(),
        Some(2),
        "a new one, not another installation's"
    );
    fake.edit(|k| {
        let key = ("pods".to_owned(), "team-a".to_owned(), pod_name(install, 1));
        k.objects.get_mut(&key).unwrap()["status"]["phase"] = serde_json::json!("Failed");
    });
    assert_eq!(next(&mut w).await.unwrap().unwrap(), Some(1), "a change");
    c.delete_instance_pod("team-a", &pod_name(install, 2))
        .await
        .unwrap();
    assert_eq!(next(&mut w).await.unwrap().unwrap(), Some(2), "a delete");
    assert!(fake
        .requests()
        .iter()
        .any(|r| r.contains("watch=true") && r.contains("timeoutSeconds=290")));
    fake.stop().await;
    assert!(
        !matches!(next(&mut w).await, Some(Ok(_))),
        "the server going ends the watch"
    );
}

async fn sample_client() -> (FakeApiServer, ClusterClient) {
    let fake = FakeApiServer::start(FakeCluster::sample()).await.unwrap();
    let k = CheckedKubeconfig::parse(&fake.kubeconfig()).unwrap();
    let c = ClusterClient::connect(&k, &KubeSettings::default())
        .await
        .unwrap();
    (fake, c)
}

fn logs_of(tail: i64) -> tianqi_core::kube::resources::PodLogRequest {
    tianqi_core::kube::resources::PodLogRequest {
        container: None,
        tail_lines: tail,
        since_seconds: None,
        follow: false,
        timestamps: false,
    }
}

/// Layer (3): a followed log over real HTTP — the tail, then new lines
/// as they are written, ended by the pod's deletion; a cluster that goes
/// away mid-stream ends it with an error.
#[tokio::test]
async fn logs_are_tailed_and_followed_until_the_pod_or_the_cluster_goes() {
    use futures::StreamExt;
    async fn next(l: &mut LogLines) -> Option<Result<String, KubeError>> {
        tokio::time::timeout(std::time::Duration::from_secs(5), l.next())
            .await
            .unwrap_or_else(|_| panic!("no line within 5 s"))
    }
    let (fake, c) = sample_client().await;
    let once = c.pod_logs("team-a", "web-1", &logs_of(2)).await.unwrap();
    assert_eq!(once.lines, ["web-1 line 4", "web-1 line 5"]);
    assert!(matches!(
        c.pod_logs("team-a", "nope", &logs_of(2)).await,
        Err(KubeError::NotFound(_))
    ));
    let mut bad = logs_of(2);
    bad.container = Some("sidecar".into());
    assert!(matches!(
        c.pod_logs("team-a", "web-1", &bad).await,
        Err(KubeError::Rejected { code: 400, .. })
    ));

    let mut lines = c
        .follow_pod_logs("team-a", "web-1", &logs_of(1))
        .await
        .unwrap();
    assert_eq!(next(&mut lines).await.unwrap().unwrap(), "web-1 line 5");
    fake.append_log("team-a", "web-1", "新的一行");
    fake.append_log("team-a", "web-2", "another pod's line");
    assert_eq!(next(&mut lines).await.unwrap().unwrap(), "新的一行");
    c.delete_pod("team-a", "web-1").await.unwrap();
    assert!(
        next(&mut lines).await.is_none(),
        "the pod's deletion ends the log"
    );

    let mut lines = c
        .follow_pod_logs("team-a", "web-2", &logs_of(10))
        .await
        .unwrap();
    fake.append_log("team-a", "web-2", "before the end");
    assert_eq!(
        next(&mut lines).await.unwrap().unwrap(),
        "another pod's line"
    );
    assert_eq!(next(&mut lines).await.unwrap().unwrap(), "before the end");
    fake.stop().await;
    let end = next(&mut lines).await;
    assert!(
        matches!(end, Some(Err(KubeError::Unreachable(_)))),
        "{end:?}"
    );
}

/// Layer (3): the exec WebSocket (`v4.channel.k8s.io`) with the real
/// client — typed input echoed by the TTY, a resize on channel 4 seen
/// by `stty size`, the exit code from the `Status` on channel 3, and
/// the refusals before any upgrade.
#[tokio::test]
async fn a_pod_shell_types_resizes_and_exits_with_its_code() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (fake, c) = sample_client().await;
    let mut sh = c
        .exec_shell("team-a", "web-1", None, 100, 30)
        .await
        .unwrap();

    async fn read_until(sh: &mut PodShell, want: &str) -> String {
        let mut seen = String::new();
        let mut buf = [0u8; 1024];
        let read = async {
            while !seen.contains(want) {
                let n = sh.output.read(&mut buf).await.unwrap();
                if n == 0 {
                    break;
                }
                seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        };
        tokio::time::timeout(std::time::Duration::from_secs(5), read)
            .await
            .unwrap_or_else(|_| panic!("no {want:?} in {seen:?}"));
        seen
    }

    read_until(&mut sh, FakeShell::PROMPT).await;
    sh.input.write_all(b"stty size\r").await.unwrap();
    assert!(read_until(&mut sh, "30 100").await.contains("stty size"));
    // Two at once: neither is dropped, the last one wins.
    sh.control.resize(90, 20).await;
    sh.control.resize(132, 43).await;
    // The resize goes on its own channel; give it a moment to land.
    for _ in 0..50 {
        if fake.execs()[0].resizes.contains(&(132, 43)) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    sh.input.write_all("echo 你好\r".as_bytes()).await.unwrap();
    read_until(&mut sh, "你好\r\n").await;
    sh.input.write_all(b"stty size\r").await.unwrap();
    read_until(&mut sh, "43 132").await;
    let exit = sh.control.exit_code().unwrap();
    sh.input.write_all(b"exit 3\r").await.unwrap();
    assert_eq!(
        tokio::time::timeout(std::time::Duration::from_secs(5), exit)
            .await
            .unwrap(),
        Some(3)
    );
    let e = &fake.execs()[0];
    assert_eq!(e.command, SHELL);
    assert_eq!(e.resizes, [(100, 30), (90, 20), (132, 43)]);
    drop(sh);

    // Closing from our side: the fake sees the connection go.
    let sh = c.exec_shell("team-a", "db-0", None, 80, 24).await.unwrap();
    sh.control.close();
    for _ in 0..100 {
        if !fake.execs()[1].open {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(!fake.execs()[1].open, "the exec ended with our close");

    assert!(matches!(
        c.exec_shell("team-a", "nope", None, 80, 24).await,
        Err(KubeError::NotFound(_))
    ));
    assert!(matches!(
        c.exec_shell("team-a", "web-1", Some("sidecar"), 80, 24)
            .await,
        Err(KubeError::Rejected { code: 400, .. })
    ));
    fake.edit(|c| c.forbidden = vec!["team-a".into()]);
    assert!(matches!(
        c.exec_shell("team-a", "web-1", None, 80, 24).await,
        Err(KubeError::Forbidden(_))
    ));
    fake.stop().await;
}

#[test]
fn the_fake_shell_edits_lines_like_a_tty() {
    let mut sh = FakeShell::new("web-1");
    let (shown, exit) = sh.feed(b"ech\x7fho hi\rhostname\r");
    assert_eq!(exit, None);
    assert_eq!(
        shown,
        "ech\u{8} \u{8}ho hi\r\nhi\r\n/ # hostname\r\nweb-1\r\n/ # "
    );
    assert_eq!(sh.feed(b"ls\r").0, "ls\r\nsh: ls: not found\r\n/ # ");
    assert_eq!(sh.feed(b"\x04"), (String::new(), Some(0)));
}
