//! A cluster's objects: what the resource routes call. Every call names a
//! registered, enabled cluster, and checks the namespace and object names
//! it carries before anything is sent (they become parts of the API
//! server's URL). Cluster-side failures map through [`cluster_error`].

use tianqi_core::kube::resources::{
    self as r, ClusterUsage, ObjectYaml, Pod, ScaleInput, Service, ServiceEndpoints, Usage,
    Workload, WorkloadKind,
};
use tianqi_core::{Error, Result};
use tianqi_kube::{ClusterClient, KubeError};

use super::{cluster_error, KubeService};

/// What a resource call names: a namespace and, for one object, its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub cluster: i64,
    pub namespace: String,
    pub name: String,
}

impl Target {
    /// Checks the names (422 naming `namespace` or `name`).
    pub fn new(cluster: i64, namespace: &str, name: &str) -> Result<Self> {
        r::namespace("namespace", namespace)?;
        r::object_name("name", name)?;
        Ok(Self {
            cluster,
            namespace: namespace.to_owned(),
            name: name.to_owned(),
        })
    }
}

fn on_cluster<T>(res: std::result::Result<T, KubeError>) -> Result<T> {
    res.map_err(cluster_error)
}

impl KubeService {
    /// The client of a cluster that exists (404) and is enabled (409).
    async fn ready(&self, id: i64) -> Result<ClusterClient> {
        let c = self.get(id).await?;
        if !c.enabled {
            return Err(Error::conflict(format!(
                "cluster {} is disabled; enable it to browse it",
                c.name
            )));
        }
        on_cluster(self.client(id).await)
    }

    async fn in_namespace(&self, id: i64, ns: &str) -> Result<ClusterClient> {
        r::namespace("namespace", ns)?;
        self.ready(id).await
    }

    /// The namespaces the kubeconfig's user can list, by name.
    pub async fn namespaces(&self, id: i64) -> Result<Vec<String>> {
        on_cluster(self.ready(id).await?.namespaces().await)
    }

    pub async fn workloads(&self, id: i64, ns: &str, kind: WorkloadKind) -> Result<Vec<Workload>> {
        on_cluster(self.in_namespace(id, ns).await?.workloads(ns, kind).await)
    }

    pub async fn workload_yaml(&self, t: &Target, kind: WorkloadKind) -> Result<ObjectYaml> {
        let c = self.ready(t.cluster).await?;
        on_cluster(c.workload_yaml(&t.namespace, kind, &t.name).await)
    }

    pub async fn workload_pods(&self, t: &Target, kind: WorkloadKind) -> Result<Vec<Pod>> {
        let c = self.ready(t.cluster).await?;
        on_cluster(c.workload_pods(&t.namespace, kind, &t.name).await)
    }

    /// Sets the replicas (422 `replicas` out of range; 422 `kind` for a
    /// DaemonSet, which has none).
    pub async fn scale(
        &self,
        t: &Target,
        kind: WorkloadKind,
        input: &ScaleInput,
    ) -> Result<Workload> {
        let replicas = input.replicas()?;
        if !kind.scalable() {
            return Err(Error::validation(
                "kind",
                "a DaemonSet runs one pod per node and cannot be scaled",
            ));
        }
        let c = self.ready(t.cluster).await?;
        on_cluster(c.scale(&t.namespace, kind, &t.name, replicas).await)
    }

    /// A rollout restart, stamped with the platform's clock.
    pub async fn restart(&self, t: &Target, kind: WorkloadKind) -> Result<Workload> {
        let c = self.ready(t.cluster).await?;
        let now = self.ctx.clock.now();
        on_cluster(c.restart(&t.namespace, kind, &t.name, now).await)
    }

    pub async fn delete_workload(&self, t: &Target, kind: WorkloadKind) -> Result<()> {
        let c = self.ready(t.cluster).await?;
        on_cluster(c.delete_workload(&t.namespace, kind, &t.name).await)
    }

    pub async fn pods(&self, id: i64, ns: &str) -> Result<Vec<Pod>> {
        on_cluster(self.in_namespace(id, ns).await?.pods(ns).await)
    }

    pub async fn pod_yaml(&self, t: &Target) -> Result<ObjectYaml> {
        let c = self.ready(t.cluster).await?;
        on_cluster(c.pod_yaml(&t.namespace, &t.name).await)
    }

    pub async fn delete_pod(&self, t: &Target) -> Result<()> {
        let c = self.ready(t.cluster).await?;
        on_cluster(c.delete_pod(&t.namespace, &t.name).await)
    }

    pub async fn services(&self, id: i64, ns: &str) -> Result<Vec<Service>> {
        on_cluster(self.in_namespace(id, ns).await?.services(ns).await)
    }

    pub async fn service_yaml(&self, t: &Target) -> Result<ObjectYaml> {
        let c = self.ready(t.cluster).await?;
        on_cluster(c.service_yaml(&t.namespace, &t.name).await)
    }

    pub async fn service_endpoints(&self, t: &Target) -> Result<ServiceEndpoints> {
        let c = self.ready(t.cluster).await?;
        on_cluster(c.service_endpoints(&t.namespace, &t.name).await)
    }

    /// The nodes' use (502 with "install metrics-server" when absent).
    pub async fn cluster_usage(&self, id: i64) -> Result<ClusterUsage> {
        on_cluster(self.ready(id).await?.cluster_usage().await)
    }

    pub async fn pod_usage(&self, id: i64, ns: &str) -> Result<Vec<Usage>> {
        on_cluster(self.in_namespace(id, ns).await?.pod_usage(ns).await)
    }
}
