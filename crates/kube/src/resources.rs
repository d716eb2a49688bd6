//! The calls on a cluster's objects: workloads, pods, services, metrics.
//! Each answer is summarised into `tianqi_core::kube::resources` types
//! here, so no k8s-openapi type leaves this crate.

use std::collections::BTreeMap;
use std::fmt::Debug;

use chrono::{DateTime, Utc};
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, StatefulSet};
use k8s_openapi::api::core::v1::{Endpoints, Pod as KPod, PodTemplateSpec, Service as KService};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta, Time};
use k8s_openapi::NamespaceResourceScope;
use kube::api::{Api, DeleteParams, ListParams, Patch, PatchParams};
use kube::Resource;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use tianqi_core::kube::resources::{
    cpu_millicores, memory_bytes, ClusterUsage, EndpointAddress, ObjectYaml, Pod, Service,
    ServiceEndpoints, ServicePort, Usage, Workload, WorkloadKind,
};

use crate::error::KubeError;
use crate::ClusterClient;

/// The most objects one listing returns (the console pages nothing beyond).
pub const LIST_LIMIT: u32 = 500;

/// The annotation `kubectl rollout restart` sets on the pod template: a
/// changed template makes the controller replace every pod.
pub const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";

const METRICS_ABSENT: &str = "metrics are not available: the cluster does not serve \
     metrics.k8s.io (install metrics-server to see CPU and memory use)";

fn time(t: Option<&Time>) -> Option<DateTime<Utc>> {
    t.and_then(|t| DateTime::from_timestamp(t.0.as_second(), t.0.subsec_nanosecond() as u32))
}

fn images(t: Option<&PodTemplateSpec>) -> Vec<String> {
    t.and_then(|t| t.spec.as_ref())
        .map(|s| {
            s.containers
                .iter()
                .filter_map(|c| c.image.clone())
                .collect()
        })
        .unwrap_or_default()
}

fn name_ns(m: &ObjectMeta) -> (String, String) {
    (
        m.namespace.clone().unwrap_or_default(),
        m.name.clone().unwrap_or_default(),
    )
}

fn summary(
    kind: WorkloadKind,
    m: &ObjectMeta,
    ready: i32,
    desired: i32,
    template: Option<&PodTemplateSpec>,
) -> Workload {
    let (namespace, name) = name_ns(m);
    Workload {
        kind,
        namespace,
        name,
        ready,
        desired,
        images: images(template),
        created_at: time(m.creation_timestamp.as_ref()),
    }
}

fn deployment(d: &Deployment) -> Workload {
    let spec = d.spec.as_ref();
    summary(
        WorkloadKind::Deployment,
        &d.metadata,
        d.status
            .as_ref()
            .and_then(|s| s.ready_replicas)
            .unwrap_or(0),
        // An absent `replicas` means 1 (the API's default).
        spec.and_then(|s| s.replicas).unwrap_or(1),
        spec.map(|s| &s.template),
    )
}

fn statefulset(d: &StatefulSet) -> Workload {
    let spec = d.spec.as_ref();
    summary(
        WorkloadKind::StatefulSet,
        &d.metadata,
        d.status
            .as_ref()
            .and_then(|s| s.ready_replicas)
            .unwrap_or(0),
        spec.and_then(|s| s.replicas).unwrap_or(1),
        spec.map(|s| &s.template),
    )
}

fn daemonset(d: &DaemonSet) -> Workload {
    let status = d.status.as_ref();
    summary(
        WorkloadKind::DaemonSet,
        &d.metadata,
        status.map_or(0, |s| s.number_ready),
        status.map_or(0, |s| s.desired_number_scheduled),
        d.spec.as_ref().map(|s| &s.template),
    )
}

fn pod(p: &KPod) -> Pod {
    let (namespace, name) = name_ns(&p.metadata);
    let status = p.status.as_ref();
    let statuses = status
        .and_then(|s| s.container_statuses.as_deref())
        .unwrap_or_default();
    Pod {
        namespace,
        name,
        phase: status
            .and_then(|s| s.phase.clone())
            .unwrap_or_else(|| "Unknown".into()),
        ip: status.and_then(|s| s.pod_ip.clone()),
        node: p.spec.as_ref().and_then(|s| s.node_name.clone()),
        restarts: statuses.iter().map(|c| c.restart_count).sum(),
        ready: statuses.iter().filter(|c| c.ready).count() as i32,
        containers: p
            .spec
            .as_ref()
            .map(|s| s.containers.iter().map(|c| c.name.clone()).collect())
            .unwrap_or_default(),
        created_at: time(p.metadata.creation_timestamp.as_ref()),
    }
}

fn service(s: &KService) -> Service {
    let (namespace, name) = name_ns(&s.metadata);
    let spec = s.spec.as_ref();
    Service {
        namespace,
        name,
        type_: spec
            .and_then(|s| s.type_.clone())
            .unwrap_or_else(|| "ClusterIP".into()),
        cluster_ip: spec.and_then(|s| s.cluster_ip.clone()),
        ports: spec
            .and_then(|s| s.ports.as_ref())
            .map(|ports| {
                ports
                    .iter()
                    .map(|p| ServicePort {
                        name: p.name.clone(),
                        protocol: p.protocol.clone().unwrap_or_else(|| "TCP".into()),
                        port: p.port,
                        target_port: p.target_port.as_ref().map(|t| match t {
                            k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(n) => {
                                n.to_string()
                            }
                            k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::String(
                                s,
                            ) => s.clone(),
                        }),
                        node_port: p.node_port,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        created_at: time(s.metadata.creation_timestamp.as_ref()),
    }
}

/// A label selector as the `labelSelector` query parameter. A selector
/// that selects nothing (none set) is refused: it would list every pod.
pub fn selector_query(s: &LabelSelector) -> Option<String> {
    let mut parts: Vec<String> = s
        .match_labels
        .as_ref()
        .map(|m: &BTreeMap<String, String>| m.iter().map(|(k, v)| format!("{k}={v}")).collect())
        .unwrap_or_default();
    for e in s.match_expressions.as_deref().unwrap_or_default() {
        let values = e.values.as_deref().unwrap_or_default().join(",");
        parts.push(match e.operator.as_str() {
            "In" => format!("{} in ({values})", e.key),
            "NotIn" => format!("{} notin ({values})", e.key),
            "Exists" => e.key.clone(),
            "DoesNotExist" => format!("!{}", e.key),
            _ => continue,
        });
    }
    (!parts.is_empty()).then(|| parts.join(","))
}

/// The object as YAML, without `metadata.managedFields`.
fn yaml_of<K: Serialize>(kind: &str, m: &ObjectMeta, obj: &K) -> Result<ObjectYaml, KubeError> {
    let mut v = serde_json::to_value(obj).map_err(|e| KubeError::Server {
        code: 200,
        message: format!("cannot render the object: {e}"),
    })?;
    if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("managedFields");
    }
    let yaml = serde_saphyr::to_string(&v).map_err(|e| KubeError::Server {
        code: 200,
        message: format!("cannot render the object as YAML: {e}"),
    })?;
    Ok(ObjectYaml {
        kind: kind.to_owned(),
        namespace: m.namespace.clone(),
        name: m.name.clone().unwrap_or_default(),
        yaml,
    })
}

fn pod_selector(
    kind: WorkloadKind,
    name: &str,
    s: Option<&LabelSelector>,
) -> Result<String, KubeError> {
    s.and_then(selector_query)
        .ok_or_else(|| KubeError::Rejected {
            code: 422,
            message: format!("{} {name} has no pod selector", kind.as_str()),
        })
}

trait Namespaced:
    Resource<Scope = NamespaceResourceScope, DynamicType = ()>
    + Clone
    + DeserializeOwned
    + Serialize
    + Debug
{
}
impl<K> Namespaced for K where
    K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>
        + Clone
        + DeserializeOwned
        + Serialize
        + Debug
{
}

impl ClusterClient {
    fn api<K: Namespaced>(&self, ns: &str) -> Api<K> {
        Api::namespaced(self.client.clone(), ns)
    }

    async fn list_in<K: Namespaced>(
        &self,
        ns: &str,
        labels: Option<&str>,
    ) -> Result<Vec<K>, KubeError> {
        let mut lp = ListParams::default().limit(LIST_LIMIT);
        if let Some(l) = labels {
            lp = lp.labels(l);
        }
        Ok(self.bounded(self.api::<K>(ns).list(&lp)).await?.items)
    }

    async fn get_in<K: Namespaced>(&self, ns: &str, name: &str) -> Result<K, KubeError> {
        self.bounded(self.api::<K>(ns).get(name)).await
    }

    async fn merge_patch<K: Namespaced>(
        &self,
        ns: &str,
        name: &str,
        body: Value,
    ) -> Result<K, KubeError> {
        self.bounded(
            self.api::<K>(ns)
                .patch(name, &PatchParams::default(), &Patch::Merge(body)),
        )
        .await
    }

    async fn delete_in<K: Namespaced>(&self, ns: &str, name: &str) -> Result<(), KubeError> {
        // Background: the controller's pods go with it, without this call
        // waiting for them.
        let dp = DeleteParams::background();
        self.bounded(self.api::<K>(ns).delete(name, &dp)).await?;
        Ok(())
    }

    /// The workloads of one kind in a namespace, by name.
    pub async fn workloads(
        &self,
        ns: &str,
        kind: WorkloadKind,
    ) -> Result<Vec<Workload>, KubeError> {
        let mut out: Vec<Workload> = match kind {
            WorkloadKind::Deployment => self
                .list_in::<Deployment>(ns, None)
                .await?
                .iter()
                .map(deployment)
                .collect(),
            WorkloadKind::StatefulSet => self
                .list_in::<StatefulSet>(ns, None)
                .await?
                .iter()
                .map(statefulset)
                .collect(),
            WorkloadKind::DaemonSet => self
                .list_in::<DaemonSet>(ns, None)
                .await?
                .iter()
                .map(daemonset)
                .collect(),
        };
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// One workload as YAML.
    pub async fn workload_yaml(
        &self,
        ns: &str,
        kind: WorkloadKind,
        name: &str,
    ) -> Result<ObjectYaml, KubeError> {
        match kind {
            WorkloadKind::Deployment => {
                let o = self.get_in::<Deployment>(ns, name).await?;
                yaml_of(kind.as_str(), &o.metadata, &o)
            }
            WorkloadKind::StatefulSet => {
                let o = self.get_in::<StatefulSet>(ns, name).await?;
                yaml_of(kind.as_str(), &o.metadata, &o)
            }
            WorkloadKind::DaemonSet => {
                let o = self.get_in::<DaemonSet>(ns, name).await?;
                yaml_of(kind.as_str(), &o.metadata, &o)
            }
        }
    }

    /// The pods a workload selects (its `spec.selector`).
    pub async fn workload_pods(
        &self,
        ns: &str,
        kind: WorkloadKind,
        name: &str,
    ) -> Result<Vec<Pod>, KubeError> {
        let selector = match kind {
            WorkloadKind::Deployment => {
                let o = self.get_in::<Deployment>(ns, name).await?;
                pod_selector(kind, name, o.spec.as_ref().map(|s| &s.selector))?
            }
            WorkloadKind::StatefulSet => {
                let o = self.get_in::<StatefulSet>(ns, name).await?;
                pod_selector(kind, name, o.spec.as_ref().map(|s| &s.selector))?
            }
            WorkloadKind::DaemonSet => {
                let o = self.get_in::<DaemonSet>(ns, name).await?;
                pod_selector(kind, name, o.spec.as_ref().map(|s| &s.selector))?
            }
        };
        self.pods_selected(ns, Some(&selector)).await
    }

    /// Sets a Deployment's or StatefulSet's replicas (a merge patch of
    /// `spec.replicas`, what `kubectl scale` changes); answers the new summary.
    pub async fn scale(
        &self,
        ns: &str,
        kind: WorkloadKind,
        name: &str,
        replicas: i32,
    ) -> Result<Workload, KubeError> {
        let body = json!({"spec": {"replicas": replicas}});
        match kind {
            WorkloadKind::Deployment => Ok(deployment(
                &self.merge_patch::<Deployment>(ns, name, body).await?,
            )),
            WorkloadKind::StatefulSet => Ok(statefulset(
                &self.merge_patch::<StatefulSet>(ns, name, body).await?,
            )),
            WorkloadKind::DaemonSet => Err(KubeError::Rejected {
                code: 422,
                message: "a DaemonSet runs one pod per node and cannot be scaled".into(),
            }),
        }
    }

    /// `kubectl rollout restart`: stamps the pod template with
    /// [`RESTARTED_AT`] so the controller rolls every pod.
    pub async fn restart(
        &self,
        ns: &str,
        kind: WorkloadKind,
        name: &str,
        at: DateTime<Utc>,
    ) -> Result<Workload, KubeError> {
        let body = restart_patch(at);
        Ok(match kind {
            WorkloadKind::Deployment => {
                deployment(&self.merge_patch::<Deployment>(ns, name, body).await?)
            }
            WorkloadKind::StatefulSet => {
                statefulset(&self.merge_patch::<StatefulSet>(ns, name, body).await?)
            }
            WorkloadKind::DaemonSet => {
                daemonset(&self.merge_patch::<DaemonSet>(ns, name, body).await?)
            }
        })
    }

    pub async fn delete_workload(
        &self,
        ns: &str,
        kind: WorkloadKind,
        name: &str,
    ) -> Result<(), KubeError> {
        match kind {
            WorkloadKind::Deployment => self.delete_in::<Deployment>(ns, name).await,
            WorkloadKind::StatefulSet => self.delete_in::<StatefulSet>(ns, name).await,
            WorkloadKind::DaemonSet => self.delete_in::<DaemonSet>(ns, name).await,
        }
    }

    async fn pods_selected(&self, ns: &str, labels: Option<&str>) -> Result<Vec<Pod>, KubeError> {
        let mut out: Vec<Pod> = self
            .list_in::<KPod>(ns, labels)
            .await?
            .iter()
            .map(pod)
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// The pods in a namespace, by name.
    pub async fn pods(&self, ns: &str) -> Result<Vec<Pod>, KubeError> {
        self.pods_selected(ns, None).await
    }

    pub async fn pod_yaml(&self, ns: &str, name: &str) -> Result<ObjectYaml, KubeError> {
        let o = self.get_in::<KPod>(ns, name).await?;
        yaml_of("Pod", &o.metadata, &o)
    }

    pub async fn delete_pod(&self, ns: &str, name: &str) -> Result<(), KubeError> {
        self.delete_in::<KPod>(ns, name).await
    }

    /// The services in a namespace, by name.
    pub async fn services(&self, ns: &str) -> Result<Vec<Service>, KubeError> {
        let mut out: Vec<Service> = self
            .list_in::<KService>(ns, None)
            .await?
            .iter()
            .map(service)
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    pub async fn service_yaml(&self, ns: &str, name: &str) -> Result<ObjectYaml, KubeError> {
        let o = self.get_in::<KService>(ns, name).await?;
        yaml_of("Service", &o.metadata, &o)
    }

    /// The service and the addresses behind it (its Endpoints object; none
    /// yet is an empty list, not an error).
    pub async fn service_endpoints(
        &self,
        ns: &str,
        name: &str,
    ) -> Result<ServiceEndpoints, KubeError> {
        let svc = service(&self.get_in::<KService>(ns, name).await?);
        let ep = match self.get_in::<Endpoints>(ns, name).await {
            Ok(ep) => Some(ep),
            Err(KubeError::NotFound(_)) => None,
            Err(e) => return Err(e),
        };
        let mut addresses = Vec::new();
        for subset in ep.iter().flat_map(|e| e.subsets.iter().flatten()) {
            for (list, ready) in [
                (&subset.addresses, true),
                (&subset.not_ready_addresses, false),
            ] {
                for a in list.iter().flatten() {
                    addresses.push(EndpointAddress {
                        ip: a.ip.clone(),
                        pod: a
                            .target_ref
                            .as_ref()
                            .filter(|t| t.kind.as_deref() == Some("Pod"))
                            .and_then(|t| t.name.clone()),
                        node: a.node_name.clone(),
                        ready,
                    });
                }
            }
        }
        Ok(ServiceEndpoints {
            service: svc,
            addresses,
        })
    }

    /// GET on metrics.k8s.io; a 404 means metrics-server is not installed.
    async fn metrics(&self, path: &str) -> Result<Value, KubeError> {
        let req = http::Request::get(path)
            .body(Vec::new())
            .map_err(|e| KubeError::Config(e.to_string()))?;
        match self.bounded(self.client.request::<Value>(req)).await {
            Err(KubeError::NotFound(_)) => Err(KubeError::NotServed(METRICS_ABSENT.into())),
            other => other,
        }
    }

    /// The nodes' current use, and their sum.
    pub async fn cluster_usage(&self) -> Result<ClusterUsage, KubeError> {
        let v = self.metrics("/apis/metrics.k8s.io/v1beta1/nodes").await?;
        let mut nodes = usages(&v, false);
        nodes.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(ClusterUsage::of(nodes))
    }

    /// The pods' current use in a namespace (containers summed), by name.
    pub async fn pod_usage(&self, ns: &str) -> Result<Vec<Usage>, KubeError> {
        let v = self
            .metrics(&format!(
                "/apis/metrics.k8s.io/v1beta1/namespaces/{ns}/pods"
            ))
            .await?;
        let mut pods = usages(&v, true);
        pods.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(pods)
    }
}

/// The merge patch of a rollout restart.
pub fn restart_patch(at: DateTime<Utc>) -> Value {
    json!({"spec": {"template": {"metadata": {"annotations": {
        RESTARTED_AT: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }}}}})
}

/// NodeMetricsList / PodMetricsList items as usages (a pod's containers summed).
fn usages(list: &Value, pods: bool) -> Vec<Usage> {
    let items = list
        .get("items")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    items
        .iter()
        .map(|item| {
            let meta = &item["metadata"];
            let parts: Vec<&Value> = if pods {
                item["containers"]
                    .as_array()
                    .map(|c| c.iter().map(|c| &c["usage"]).collect())
                    .unwrap_or_default()
            } else {
                vec![&item["usage"]]
            };
            Usage {
                namespace: meta["namespace"].as_str().map(str::to_owned),
                name: meta["name"].as_str().unwrap_or_default().to_owned(),
                cpu_millicores: parts
                    .iter()
                    .filter_map(|u| u["cpu"].as_str().and_then(cpu_millicores))
                    .sum(),
                memory_bytes: parts
                    .iter()
                    .filter_map(|u| u["memory"].as_str().and_then(memory_bytes))
                    .sum(),
            }
        })
        .collect()
}

/// Layer (1): what goes on the wire, exactly, over `tower-test`.
#[cfg(test)]
mod tests {
    use std::pin::pin;
    use std::time::Duration;

    use http::{Request, Response, StatusCode};
    use kube::client::Body;
    use tower_test::mock;

    use super::*;

    type Handle = mock::Handle<Request<Body>, Response<Body>>;

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
        let (svc, handle): (_, Handle) = mock::pair::<Request<Body>, Response<Body>>();
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
        let status =
            json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success"});
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
}
