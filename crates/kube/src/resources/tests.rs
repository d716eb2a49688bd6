//! Layer (1): what goes on the wire, exactly, over a mock service (`crate::mock_service`).

use std::pin::pin;
use std::time::Duration;

use crate::mock_service as mock;
use http::{Response, StatusCode};
use kube::client::Body;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use serde_json::{json, Value};
use tianqi_core::kube::resources::{EndpointAddress, WorkloadKind};

use super::*;

type Handle = mock::Handle;

/// What one request carried.
#[derive(Debug)]
struct Seen {
    method: String,
    uri: String,
    content_type: Option<String>,
    body: Option<Value>,
}

/// Runs `call` against a mock that answers each request with the next
/// of `answers` (status, JSON), and returns what was asked.
async fn exchange<T, F>(
    answers: Vec<(u16, Value)>,
    call: impl FnOnce(ClusterClient) -> F,
) -> (T, Vec<Seen>)
where
    F: std::future::Future<Output = T>,
{
    let (svc, handle): (_, Handle) = mock::pair();
    let client =
        ClusterClient::from_client(kube::Client::new(svc, "default"), Duration::from_secs(5));
    let server = tokio::spawn(async move {
        let mut handle = pin!(handle);
        let mut seen = Vec::new();
        for (code, v) in answers {
            let Some((req, send)) = handle.next_request().await else {
                break;
            };
            let (parts, body) = req.into_parts();
            let bytes = http_body_util::BodyExt::collect(body)
                .await
                .map(|b| b.to_bytes())
                .unwrap_or_default();
            seen.push(Seen {
                method: parts.method.to_string(),
                uri: parts.uri.to_string(),
                content_type: parts
                    .headers
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned),
                body: serde_json::from_slice(&bytes).ok(),
            });
            let mut r = Response::new(Body::from(serde_json::to_vec(&v).unwrap()));
            *r.status_mut() = StatusCode::from_u16(code).unwrap();
            send.send_response(r);
        }
        seen
    });
    let out = call(client).await;
    (out, server.await.unwrap())
}

fn deployment_json(replicas: i32) -> Value {
    workload_json(WorkloadKind::Deployment, replicas)
}

fn workload_json(kind: WorkloadKind, replicas: i32) -> Value {
    json!({"apiVersion": "apps/v1", "kind": kind.as_str(),
        "metadata": {"name": "web", "namespace": "team-a", "creationTimestamp": "2026-11-30T08:00:00Z",
                     "managedFields": [{"manager": "kubectl"}]},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "web", "tier": "fe"}},
                 "template": {"metadata": {"labels": {"app": "web", "tier": "fe"}},
                              "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"},
                                                      {"name": "log", "image": "busybox:1.36"}]}}},
        "status": {"replicas": 2, "readyReplicas": 1}})
}

#[tokio::test]
async fn workloads_are_listed_per_kind_with_a_limit() {
    for kind in WorkloadKind::ALL {
        let (r, seen) = exchange(
            vec![(
                200,
                json!({"apiVersion": "apps/v1", "kind": "List", "metadata": {}, "items": []}),
            )],
            |c| async move { c.workloads("team-a", kind).await },
        )
        .await;
        assert_eq!(r.unwrap(), vec![]);
        assert_eq!(seen[0].method, "GET");
        assert_eq!(
            seen[0].uri,
            format!(
                "/apis/apps/v1/namespaces/team-a/{}?&limit=500",
                kind.plural()
            )
        );
    }
    let (r, _) = exchange(
        vec![(200, json!({"metadata": {}, "items": [deployment_json(2)]}))],
        |c| async move { c.workloads("team-a", WorkloadKind::Deployment).await },
    )
    .await;
    let w = &r.unwrap()[0];
    assert_eq!((w.ready, w.desired), (1, 2));
    assert_eq!(w.images, ["nginx:1.27", "busybox:1.36"]);
    assert_eq!(
        w.created_at.map(|t| t.to_rfc3339()),
        Some("2026-11-30T08:00:00+00:00".into())
    );
}

#[tokio::test]
async fn scale_is_a_merge_patch_of_spec_replicas() {
    for (kind, plural) in [
        (WorkloadKind::Deployment, "deployments"),
        (WorkloadKind::StatefulSet, "statefulsets"),
    ] {
        let (r, seen) = exchange(vec![(200, workload_json(kind, 3))], |c| async move {
            c.scale("team-a", kind, "web", 3).await
        })
        .await;
        assert_eq!(r.unwrap().desired, 3);
        let s = &seen[0];
        assert_eq!(s.method, "PATCH");
        assert_eq!(
            s.uri,
            format!("/apis/apps/v1/namespaces/team-a/{plural}/web?")
        );
        assert_eq!(
            s.content_type.as_deref(),
            Some("application/merge-patch+json")
        );
        assert_eq!(s.body, Some(json!({"spec": {"replicas": 3}})));
    }
    // A DaemonSet is refused before anything is sent.
    let (r, seen) = exchange(vec![], |c| async move {
        c.scale("team-a", WorkloadKind::DaemonSet, "agent", 3).await
    })
    .await;
    assert!(matches!(r, Err(KubeError::Rejected { code: 422, .. })));
    assert!(seen.is_empty());
}

#[tokio::test]
async fn restart_stamps_the_pod_template() {
    let at = DateTime::parse_from_rfc3339("2026-12-03T13:05:00Z")
        .unwrap()
        .with_timezone(&Utc);
    for kind in WorkloadKind::ALL {
        let (r, seen) = exchange(vec![(200, workload_json(kind, 2))], |c| async move {
            c.restart("team-a", kind, "web", at).await
        })
        .await;
        r.unwrap();
        let s = &seen[0];
        assert_eq!(s.method, "PATCH");
        assert_eq!(
            s.uri,
            format!("/apis/apps/v1/namespaces/team-a/{}/web?", kind.plural())
        );
        assert_eq!(
            s.content_type.as_deref(),
            Some("application/merge-patch+json")
        );
        assert_eq!(
            s.body,
            Some(json!({"spec": {"template": {"metadata": {"annotations": {
                "kubectl.kubernetes.io/restartedAt": "2026-12-03T13:05:00Z"}}}}}))
        );
    }
}

#[tokio::test]
async fn delete_propagates_in_the_background() {
    let status = json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success"});
    let (r, seen) = exchange(vec![(200, status.clone())], |c| async move {
        c.delete_workload("team-a", WorkloadKind::StatefulSet, "db")
            .await
    })
    .await;
    r.unwrap();
    assert_eq!(seen[0].method, "DELETE");
    assert_eq!(
        seen[0].uri,
        "/apis/apps/v1/namespaces/team-a/statefulsets/db?"
    );
    assert_eq!(
        seen[0].body,
        Some(json!({"propagationPolicy": "Background"}))
    );
    let (r, seen) = exchange(vec![(200, status)], |c| async move {
        c.delete_pod("team-a", "web-1").await
    })
    .await;
    r.unwrap();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].uri.as_str()),
        ("DELETE", "/api/v1/namespaces/team-a/pods/web-1?")
    );
}

#[tokio::test]
async fn a_workloads_pods_are_listed_by_its_selector() {
    let pods = json!({"metadata": {}, "items": [{
        "metadata": {"name": "web-1", "namespace": "team-a"},
        "spec": {"nodeName": "node-1", "containers": [{"name": "nginx"}, {"name": "log"}]},
        "status": {"phase": "Running", "podIP": "10.1.0.7", "containerStatuses": [
            {"name": "nginx", "ready": true, "restartCount": 2, "image": "", "imageID": ""},
            {"name": "log", "ready": false, "restartCount": 1, "image": "", "imageID": ""}]}}]});
    let (r, seen) = exchange(
        vec![(200, deployment_json(2)), (200, pods)],
        |c| async move {
            c.workload_pods("team-a", WorkloadKind::Deployment, "web")
                .await
        },
    )
    .await;
    assert_eq!(
        seen[0].uri,
        "/apis/apps/v1/namespaces/team-a/deployments/web"
    );
    assert_eq!(
        seen[1].uri,
        "/api/v1/namespaces/team-a/pods?&labelSelector=app%3Dweb%2Ctier%3Dfe&limit=500"
    );
    let p = &r.unwrap()[0];
    assert_eq!(
        (
            p.phase.as_str(),
            p.ip.as_deref(),
            p.node.as_deref(),
            p.restarts,
            p.ready
        ),
        ("Running", Some("10.1.0.7"), Some("node-1"), 3, 1)
    );
    assert_eq!(p.containers, ["nginx", "log"]);
}

#[test]
fn selectors_with_expressions() {
    let s: LabelSelector = serde_json::from_value(json!({
        "matchLabels": {"app": "db"},
        "matchExpressions": [
            {"key": "tier", "operator": "In", "values": ["a", "b"]},
            {"key": "canary", "operator": "DoesNotExist"},
            {"key": "zone", "operator": "Exists"},
            {"key": "env", "operator": "NotIn", "values": ["dev"]}]}))
    .unwrap();
    assert_eq!(
        selector_query(&s).as_deref(),
        Some("app=db,tier in (a,b),!canary,zone,env notin (dev)")
    );
    assert_eq!(selector_query(&LabelSelector::default()), None);
}

#[tokio::test]
async fn yaml_detail_leaves_out_managed_fields() {
    let (r, seen) = exchange(vec![(200, deployment_json(2))], |c| async move {
        c.workload_yaml("team-a", WorkloadKind::Deployment, "web")
            .await
    })
    .await;
    assert_eq!(
        seen[0].uri,
        "/apis/apps/v1/namespaces/team-a/deployments/web"
    );
    let y = r.unwrap();
    assert_eq!((y.kind.as_str(), y.name.as_str()), ("Deployment", "web"));
    assert!(y.yaml.contains("image: nginx:1.27"), "{}", y.yaml);
    assert!(y.yaml.contains("replicas: 2"), "{}", y.yaml);
    assert!(!y.yaml.contains("managedFields"), "{}", y.yaml);
}

#[tokio::test]
async fn services_and_their_endpoints() {
    let svc = json!({"metadata": {"name": "web", "namespace": "team-a"},
        "spec": {"type": "NodePort", "clusterIP": "10.96.0.10",
                 "ports": [{"name": "http", "port": 80, "targetPort": 8080, "nodePort": 30080, "protocol": "TCP"},
                           {"port": 443, "targetPort": "https"}]}});
    let ep = json!({"metadata": {"name": "web", "namespace": "team-a"}, "subsets": [{
        "addresses": [{"ip": "10.1.0.7", "nodeName": "node-1", "targetRef": {"kind": "Pod", "name": "web-1"}}],
        "notReadyAddresses": [{"ip": "10.1.0.8"}]}]});
    let (r, seen) = exchange(vec![(200, svc.clone()), (200, ep)], |c| async move {
        c.service_endpoints("team-a", "web").await
    })
    .await;
    assert_eq!(seen[0].uri, "/api/v1/namespaces/team-a/services/web");
    assert_eq!(seen[1].uri, "/api/v1/namespaces/team-a/endpoints/web");
    let e = r.unwrap();
    assert_eq!(e.service.type_, "NodePort");
    assert_eq!(e.service.cluster_ip.as_deref(), Some("10.96.0.10"));
    assert_eq!(e.service.ports[0].node_port, Some(30080));
    assert_eq!(e.service.ports[0].target_port.as_deref(), Some("8080"));
    assert_eq!(e.service.ports[1].target_port.as_deref(), Some("https"));
    assert_eq!(e.service.ports[1].protocol, "TCP");
    assert_eq!(
        e.addresses,
        vec![
            EndpointAddress {
                ip: "10.1.0.7".into(),
                pod: Some("web-1".into()),
                node: Some("node-1".into()),
                ready: true
            },
            EndpointAddress {
                ip: "10.1.0.8".into(),
                pod: None,
                node: None,
                ready: false
            },
        ]
    );
    // No Endpoints object yet: no addresses, not an error.
    let nf = json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                    "message": "endpoints \"web\" not found", "reason": "NotFound", "code": 404});
    let (r, _) = exchange(vec![(200, svc), (404, nf)], |c| async move {
        c.service_endpoints("team-a", "web").await
    })
    .await;
    assert!(r.unwrap().addresses.is_empty());
}

#[tokio::test]
async fn metrics_and_their_absence() {
    let nodes = json!({"kind": "NodeMetricsList", "items": [
        {"metadata": {"name": "node-2"}, "usage": {"cpu": "250m", "memory": "1Gi"}},
        {"metadata": {"name": "node-1"}, "usage": {"cpu": "1500000000n", "memory": "524288Ki"}}]});
    let (r, seen) = exchange(
        vec![(200, nodes)],
        |c| async move { c.cluster_usage().await },
    )
    .await;
    assert_eq!(seen[0].uri, "/apis/metrics.k8s.io/v1beta1/nodes");
    let u = r.unwrap();
    assert_eq!(u.nodes[0].name, "node-1");
    assert_eq!(
        (u.cpu_millicores, u.memory_bytes),
        (1750, (1 << 30) + (512 << 20))
    );

    let pods = json!({"items": [{"metadata": {"name": "web-1", "namespace": "team-a"},
        "containers": [{"name": "a", "usage": {"cpu": "10m", "memory": "10Mi"}},
                       {"name": "b", "usage": {"cpu": "5m", "memory": "6Mi"}}]}]});
    let (r, seen) = exchange(
        vec![(200, pods)],
        |c| async move { c.pod_usage("team-a").await },
    )
    .await;
    assert_eq!(
        seen[0].uri,
        "/apis/metrics.k8s.io/v1beta1/namespaces/team-a/pods"
    );
    let p = &r.unwrap()[0];
    assert_eq!((p.cpu_millicores, p.memory_bytes), (15, 16 << 20));

    let nf = json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                    "message": "the server could not find the requested resource", "reason": "NotFound", "code": 404});
    let (r, _) = exchange(vec![(404, nf)], |c| async move { c.cluster_usage().await }).await;
    let e = r.unwrap_err();
    assert!(matches!(e, KubeError::NotServed(_)));
    assert!(e.to_string().contains("metrics-server"), "{e}");
}

#[tokio::test]
async fn a_log_asks_for_its_container_tail_and_window() {
    use tianqi_core::kube::resources::PodLogRequest;
    let r = PodLogRequest {
        container: Some("web".into()),
        tail_lines: 200,
        since_seconds: Some(600),
        follow: false,
        timestamps: true,
    };
    let (out, seen) = exchange(vec![(200, json!("x"))], |c| async move {
        c.pod_logs("team-a", "web-1", &r).await
    })
    .await;
    assert!(out.is_ok(), "{out:?}");
    assert_eq!(seen[0].method, "GET");
    assert_eq!(
        seen[0].uri,
        "/api/v1/namespaces/team-a/pods/web-1/log?&container=web&sinceSeconds=600&tailLines=200&timestamps=true"
    );
}

#[tokio::test]
async fn a_terminal_asks_for_the_fixed_shell_with_a_tty() {
    // The mock cannot switch protocols: the request is what is checked, and
    // that an answer without the upgrade is an error in words, not a panic.
    let (out, seen) = exchange(vec![(403, json!({}))], |c| async move {
        c.exec_shell("team-a", "web-1", Some("web"), 100, 30)
            .await
            .map(|_| ())
    })
    .await;
    assert!(matches!(out, Err(KubeError::Forbidden(_))), "{out:?}");
    let uri = &seen[0].uri;
    assert!(
        uri.starts_with("/api/v1/namespaces/team-a/pods/web-1/exec?"),
        "{uri}"
    );
    for part in [
        "stdin=true",
        "stdout=true",
        "tty=true",
        "container=web",
        "command=%2Fbin%2Fsh",
        "command=-c",
    ] {
        assert!(uri.contains(part), "{part} in {uri}");
    }
    assert!(
        !uri.contains("stderr=true"),
        "a TTY has no separate stderr: {uri}"
    );
}
