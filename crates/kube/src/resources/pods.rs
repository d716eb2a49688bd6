//! Pods: list, YAML, delete.

use k8s_openapi::api::core::v1::Pod as KPod;
use tianqi_core::kube::resources::{ObjectYaml, Pod};

use super::{name_ns, time, yaml_of};
use crate::error::KubeError;
use crate::ClusterClient;

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

impl ClusterClient {
    pub(super) async fn pods_selected(
        &self,
        ns: &str,
        labels: Option<&str>,
    ) -> Result<Vec<Pod>, KubeError> {
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
}
