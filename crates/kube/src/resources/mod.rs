//! The calls on a cluster's objects: workloads, pods, services, metrics, and
//! the objects of instances placed on the cluster.
//! Each answer is summarised into `tianqi_core::kube::resources` types
//! here, so no k8s-openapi type leaves this crate.

mod instances;
mod metrics;
mod pod_io;
mod pods;
mod services;
#[cfg(test)]
mod tests;
mod workloads;

use std::fmt::Debug;

use chrono::{DateTime, Utc};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use k8s_openapi::NamespaceResourceScope;
use kube::api::{Api, DeleteParams, ListParams, Patch, PatchParams};
use kube::Resource;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use tianqi_core::kube::resources::ObjectYaml;

use crate::error::KubeError;
use crate::ClusterClient;

pub use instances::{ClusterCapacity, InstanceWatch, InstancesSeen, PodEnd};
pub use pod_io::{exit_code_of, LogLines, PodCommand, PodPort, PodShell, ShellControl, SHELL};
pub use workloads::{restart_patch, selector_query};

/// The most objects one listing returns (the console pages nothing beyond).
pub const LIST_LIMIT: u32 = 500;

/// The annotation `kubectl rollout restart` sets on the pod template: a
/// changed template makes the controller replace every pod.
pub const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";

fn time(t: Option<&Time>) -> Option<DateTime<Utc>> {
    t.and_then(|t| DateTime::from_timestamp(t.0.as_second(), t.0.subsec_nanosecond() as u32))
}

fn name_ns(m: &ObjectMeta) -> (String, String) {
    (
        m.namespace.clone().unwrap_or_default(),
        m.name.clone().unwrap_or_default(),
    )
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
}
