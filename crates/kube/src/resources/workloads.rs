//! Deployments, StatefulSets and DaemonSets: list, YAML, their pods, scale,
//! rollout restart, delete.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, StatefulSet};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use serde_json::{json, Value};
use tianqi_core::kube::resources::{ObjectYaml, Pod, Workload, WorkloadKind};

use super::{name_ns, time, yaml_of, RESTARTED_AT};
use crate::error::KubeError;
use crate::ClusterClient;

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

impl ClusterClient {
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
}

/// The merge patch of a rollout restart.
pub fn restart_patch(at: DateTime<Utc>) -> Value {
    json!({"spec": {"template": {"metadata": {"annotations": {
        RESTARTED_AT: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }}}}})
}
