//! A cluster's objects: what the resource routes call. Every call names a
//! registered, enabled cluster, and checks the namespace and object names
//! it carries before anything is sent (they become parts of the API
//! server's URL). Cluster-side failures map through [`cluster_error`].

use tianqi_core::kube::grants::{GrantLevel, KubeTarget};
use tianqi_core::kube::resources::{
    self as r, ClusterUsage, ObjectYaml, Pod, PodLogRequest, PodLogs, ScaleInput, Service,
    ServiceEndpoints, Usage, Workload, WorkloadKind,
};
use tianqi_core::policy::{self, Principal};
use tianqi_core::{Error, Result};
use tianqi_kube::{ClusterClient, KubeError, LogLines, PodShell};

use crate::sessions::{KubeAccess, LiveSession, SessionKind};

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

    fn scope(&self) -> KubeTarget<'_> {
        KubeTarget::Namespace(self.cluster, &self.namespace)
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

    /// Checks `me` may do `level` in the namespace, then the cluster.
    async fn in_namespace(
        &self,
        me: &Principal,
        id: i64,
        ns: &str,
        level: GrantLevel,
    ) -> Result<ClusterClient> {
        r::namespace("namespace", ns)?;
        self.authorize(me, KubeTarget::Namespace(id, ns), level)
            .await?;
        self.ready(id).await
    }

    /// Checks `me` may do `level` on the object's namespace, then the cluster.
    async fn at(&self, me: &Principal, t: &Target, level: GrantLevel) -> Result<ClusterClient> {
        self.authorize(me, t.scope(), level).await?;
        self.ready(t.cluster).await
    }

    /// The namespaces the kubeconfig's user can list, by name; a user sees
    /// those their grants cover.
    pub async fn namespaces(&self, me: &Principal, id: i64) -> Result<Vec<String>> {
        let grants = self.grants_of(me).await?;
        if !policy::k8s_cluster_visible(me, &grants, id) {
            return Err(Error::not_found(format!("cluster {id} not found")));
        }
        let all = on_cluster(self.ready(id).await?.namespaces().await)?;
        Ok(policy::k8s_namespaces_visible(me, &grants, id, all))
    }

    pub async fn workloads(
        &self,
        me: &Principal,
        id: i64,
        ns: &str,
        kind: WorkloadKind,
    ) -> Result<Vec<Workload>> {
        let c = self.in_namespace(me, id, ns, GrantLevel::Read).await?;
        on_cluster(c.workloads(ns, kind).await)
    }

    pub async fn workload_yaml(
        &self,
        me: &Principal,
        t: &Target,
        kind: WorkloadKind,
    ) -> Result<ObjectYaml> {
        let c = self.at(me, t, GrantLevel::Read).await?;
        on_cluster(c.workload_yaml(&t.namespace, kind, &t.name).await)
    }

    pub async fn workload_pods(
        &self,
        me: &Principal,
        t: &Target,
        kind: WorkloadKind,
    ) -> Result<Vec<Pod>> {
        let c = self.at(me, t, GrantLevel::Read).await?;
        on_cluster(c.workload_pods(&t.namespace, kind, &t.name).await)
    }

    /// Sets the replicas (422 `replicas` out of range; 422 `kind` for a
    /// DaemonSet, which has none).
    pub async fn scale(
        &self,
        me: &Principal,
        t: &Target,
        kind: WorkloadKind,
        input: &ScaleInput,
    ) -> Result<Workload> {
        let c = self.at(me, t, GrantLevel::Write).await?;
        let replicas = input.replicas()?;
        if !kind.scalable() {
            return Err(Error::validation(
                "kind",
                "a DaemonSet runs one pod per node and cannot be scaled",
            ));
        }
        on_cluster(c.scale(&t.namespace, kind, &t.name, replicas).await)
    }

    /// A rollout restart, stamped with the platform's clock.
    pub async fn restart(
        &self,
        me: &Principal,
        t: &Target,
        kind: WorkloadKind,
    ) -> Result<Workload> {
        let c = self.at(me, t, GrantLevel::Write).await?;
        let now = self.ctx.clock.now();
        on_cluster(c.restart(&t.namespace, kind, &t.name, now).await)
    }

    pub async fn delete_workload(
        &self,
        me: &Principal,
        t: &Target,
        kind: WorkloadKind,
    ) -> Result<()> {
        let c = self.at(me, t, GrantLevel::Write).await?;
        on_cluster(c.delete_workload(&t.namespace, kind, &t.name).await)
    }

    pub async fn pods(&self, me: &Principal, id: i64, ns: &str) -> Result<Vec<Pod>> {
        let c = self.in_namespace(me, id, ns, GrantLevel::Read).await?;
        on_cluster(c.pods(ns).await)
    }

    pub async fn pod_yaml(&self, me: &Principal, t: &Target) -> Result<ObjectYaml> {
        let c = self.at(me, t, GrantLevel::Read).await?;
        on_cluster(c.pod_yaml(&t.namespace, &t.name).await)
    }

    pub async fn delete_pod(&self, me: &Principal, t: &Target) -> Result<()> {
        let c = self.at(me, t, GrantLevel::Write).await?;
        on_cluster(c.delete_pod(&t.namespace, &t.name).await)
    }

    pub async fn services(&self, me: &Principal, id: i64, ns: &str) -> Result<Vec<Service>> {
        let c = self.in_namespace(me, id, ns, GrantLevel::Read).await?;
        on_cluster(c.services(ns).await)
    }

    pub async fn service_yaml(&self, me: &Principal, t: &Target) -> Result<ObjectYaml> {
        let c = self.at(me, t, GrantLevel::Read).await?;
        on_cluster(c.service_yaml(&t.namespace, &t.name).await)
    }

    pub async fn service_endpoints(&self, me: &Principal, t: &Target) -> Result<ServiceEndpoints> {
        let c = self.at(me, t, GrantLevel::Read).await?;
        on_cluster(c.service_endpoints(&t.namespace, &t.name).await)
    }

    /// The nodes' use (502 with "install metrics-server" when absent); a
    /// namespace grant does not show the whole cluster's nodes (403).
    pub async fn cluster_usage(&self, me: &Principal, id: i64) -> Result<ClusterUsage> {
        self.authorize(me, KubeTarget::Cluster(id), GrantLevel::Read)
            .await?;
        on_cluster(self.ready(id).await?.cluster_usage().await)
    }

    pub async fn pod_usage(&self, me: &Principal, id: i64, ns: &str) -> Result<Vec<Usage>> {
        let c = self.in_namespace(me, id, ns, GrantLevel::Read).await?;
        on_cluster(c.pod_usage(ns).await)
    }

    /// A pod's last log lines (read).
    pub async fn pod_logs(&self, me: &Principal, t: &Target, r: &PodLogRequest) -> Result<PodLogs> {
        let c = self.at(me, t, GrantLevel::Read).await?;
        on_cluster(c.pod_logs(&t.namespace, &t.name, r).await)
    }

    /// A pod's log followed (read): a live session that ends when the
    /// grant no longer covers the namespace, the token ends, or the server
    /// stops; the lines come until the container stops writing.
    pub async fn follow_pod_logs(
        &self,
        me: &Principal,
        t: &Target,
        r: &PodLogRequest,
    ) -> Result<(LiveSession, LogLines)> {
        let c = self.at(me, t, GrantLevel::Read).await?;
        let live = self
            .sessions
            .open_kube(me, SessionKind::Logs, access(t, GrantLevel::Read))?;
        let lines = on_cluster(c.follow_pod_logs(&t.namespace, &t.name, r).await)?;
        Ok((live, lines))
    }

    /// A shell in a pod (write): a live session like
    /// [`Self::follow_pod_logs`]'s; `container` is needed when the pod has
    /// several (the cluster's 400 says which there are).
    pub async fn open_pod_terminal(
        &self,
        me: &Principal,
        t: &Target,
        container: Option<&str>,
        cols: u16,
        rows: u16,
    ) -> Result<(LiveSession, PodShell)> {
        let c = self.at(me, t, GrantLevel::Write).await?;
        let live =
            self.sessions
                .open_kube(me, SessionKind::PodTerminal, access(t, GrantLevel::Write))?;
        let shell = on_cluster(
            c.exec_shell(&t.namespace, &t.name, container, cols, rows)
                .await,
        )?;
        Ok((live, shell))
    }
}

fn access(t: &Target, level: GrantLevel) -> KubeAccess {
    KubeAccess {
        cluster: t.cluster,
        namespace: t.namespace.clone(),
        level,
    }
}
