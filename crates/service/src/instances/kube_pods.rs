//! Instances on a Kubernetes node: the Pod and data claim
//! `tianqi_core::kube::instance_pod` plans, made and removed through the
//! cluster's client. A stop deletes the Pod and keeps the claim; a start
//! makes the Pod again from the instance's image.

use tianqi_core::catalog::image::Image;
use tianqi_core::instance::Instance;
use tianqi_core::kube::instance_pod::{
    claim_name, plan_claim, plan_pod, pod_gpus, pod_name, ClaimPlan, PodInput, PodPlan,
};
use tianqi_core::{Error, Result};
use tianqi_kube::KubeError;
use tianqi_store::StoredNode;

use super::InstanceService;
use crate::catalog::KubeNode;

/// The data claim's size for a spec that declares no data disk, in GB.
pub(super) const DEFAULT_DATA_GB: i64 = 10;

/// How long a stopped Pod may take to go: its grace period (10 s, as
/// `docker stop`) and the kubelet's margin.
const POD_GONE_WITHIN: std::time::Duration = std::time::Duration::from_secs(30);

impl InstanceService {
    fn pod_plans(
        &self,
        inst: &Instance,
        image: &Image,
        kube: &KubeNode,
        node: &StoredNode,
    ) -> (PodPlan, ClaimPlan) {
        let isolation = self.settings.isolation(&image.capabilities);
        let input = PodInput {
            install_id: &self.ctx.install_id,
            instance_id: inst.id,
            name: &inst.name,
            owner_id: inst.owner_id,
            cluster_id: kube.backend.cluster_id,
            namespace: &kube.backend.namespace,
            image: &inst.image_address,
            keep_alive: &image.keep_alive_command,
            cpu_milli: (inst.cpu_cores * 1000.0).round() as i64,
            memory_mib: (inst.memory_gb * 1024.0).round() as i64,
            system_disk_gb: inst.system_disk_gb,
            data_disk_gb: inst.data_disk_gb,
            default_data_gb: DEFAULT_DATA_GB,
            storage_class: &kube.backend.storage_class,
            gpus: pod_gpus(&inst.gpus, inst.gpu_split, &node.draft.gpu_name),
            shm_mib: self.settings.shm_mib,
            drop_capabilities: &isolation.drop_capabilities,
            image_capabilities: &isolation.image_capabilities,
        };
        (plan_pod(&input), plan_claim(&input))
    }

    /// Makes a reserved instance's claim and Pod and records the Pod as its
    /// container. The cluster pulls the image itself.
    pub(super) async fn build_pod(
        &self,
        inst: &Instance,
        image: &Image,
        kube: &KubeNode,
        node: &StoredNode,
    ) -> Result<()> {
        let (pod, claim) = self.pod_plans(inst, image, kube, node);
        // Recorded first: a create interrupted after the Pod was made is
        // then finished or rolled back by reconciliation, by the same name.
        let recorded = self
            .ctx
            .store
            .set_instance_container(
                inst.id,
                &pod.name,
                &pod.name,
                inst.system_disk_gb > 0,
                self.ctx.clock.now(),
            )
            .await?;
        if !recorded {
            return Err(Error::not_found(format!(
                "instance {} was deleted while it was being created",
                inst.id
            )));
        }
        kube.client
            .create_instance(&pod, &claim)
            .await
            .map_err(|e| cluster_error(node, e))
    }

    /// Starts a stopped instance: its Pod again, on the kept claim.
    pub(super) async fn start_pod(
        &self,
        inst: &Instance,
        kube: &KubeNode,
        node: &StoredNode,
    ) -> Result<()> {
        let image_id = inst.image_id.ok_or_else(|| {
            Error::conflict(format!(
                "instance {}'s image no longer exists, and its Pod is made from it: \
                 delete the instance and create a new one",
                inst.id
            ))
        })?;
        let image = self.ctx.store.image(image_id).await?;
        let (pod, claim) = self.pod_plans(inst, &image, kube, node);
        // A Pod of the name still terminating (a stop just before, or this
        // restart's) must be gone before the new one can take its name.
        kube.client
            .wait_pod_gone(&pod.namespace, &pod.name, POD_GONE_WITHIN)
            .await
            .map_err(|e| cluster_error(node, e))?;
        match kube.client.create_instance(&pod, &claim).await {
            // Its Pod is there already (a start that raced this one).
            Ok(()) | Err(KubeError::Conflict(_)) => Ok(()),
            Err(e) => Err(cluster_error(node, e)),
        }
    }

    /// Stops an instance: its Pod goes, its claim stays.
    pub(super) async fn stop_pod(
        &self,
        inst: &Instance,
        kube: &KubeNode,
        node: &StoredNode,
    ) -> Result<()> {
        kube.client
            .delete_instance_pod(
                &kube.backend.namespace,
                &pod_name(&self.ctx.install_id, inst.id),
            )
            .await
            .map_err(|e| cluster_error(node, e))
    }

    /// Removes an instance's Pod and claim (what is gone already is fine).
    pub(super) async fn remove_pod_and_claim(
        &self,
        instance_id: i64,
        kube: &KubeNode,
    ) -> std::result::Result<(), KubeError> {
        let ns = &kube.backend.namespace;
        kube.client
            .delete_instance_pod(ns, &pod_name(&self.ctx.install_id, instance_id))
            .await?;
        kube.client
            .delete_instance_claim(ns, &claim_name(&self.ctx.install_id, instance_id))
            .await
    }
}

/// A cluster's failure on an instance, naming the node: its refusal of the
/// objects (a quota, admission) is the request's conflict with the cluster;
/// the rest means the cluster is not there for it (503).
pub(super) fn cluster_error(node: &StoredNode, e: KubeError) -> Error {
    let text = format!("node '{}': {e}", node.draft.name);
    match e {
        KubeError::Rejected { .. } | KubeError::Forbidden(_) | KubeError::Conflict(_) => {
            Error::conflict(text)
        }
        _ => Error::Unavailable(text),
    }
}

/// An instance's CPU and memory from metrics.k8s.io, in the terms of a
/// Docker node's statistics: CPU relative to its limit (100 = all it may
/// use), memory against its limit. Network, block I/O and processes are not
/// in the metrics API: they read 0.
pub(super) fn pod_stats_of(
    inst: &Instance,
    usage: &tianqi_core::kube::resources::Usage,
) -> tianqi_docker::observe::Stats {
    let limit_milli = inst.cpu_cores * 1000.0;
    let mem_limit = (inst.memory_gb * 1024.0 * 1024.0 * 1024.0).round() as i64;
    let mem_usage = i64::try_from(usage.memory_bytes).unwrap_or(i64::MAX);
    let percent = |used: f64, of: f64| if of > 0.0 { used / of * 100.0 } else { 0.0 };
    tianqi_docker::observe::Stats {
        cpu_percent: percent(usage.cpu_millicores as f64, limit_milli),
        mem_usage,
        mem_limit,
        mem_percent: percent(mem_usage as f64, mem_limit as f64),
        net_rx: 0,
        net_tx: 0,
        blk_read: 0,
        blk_write: 0,
        pids: 0,
    }
}

type LogStream = std::pin::Pin<
    Box<
        dyn futures::Stream<Item = std::result::Result<tianqi_docker::observe::LogLine, String>>
            + Send,
    >,
>;

impl InstanceService {
    pub(super) async fn pod_stats(
        &self,
        inst: &Instance,
        kube: &KubeNode,
    ) -> Result<tianqi_docker::observe::Stats> {
        let node = self.ctx.store.node(inst.node_id).await?;
        let usage = kube
            .client
            .pod_usage(&kube.backend.namespace)
            .await
            .map_err(|e| cluster_error(&node, e))?;
        let pod = pod_name(&self.ctx.install_id, inst.id);
        let mine = usage.iter().find(|u| u.name == pod).ok_or_else(|| {
            Error::Unavailable(format!(
                "statistics of instance {}: the cluster has no metrics for its Pod yet",
                inst.id
            ))
        })?;
        Ok(pod_stats_of(inst, mine))
    }

    /// The Pod's log (its `main` container), each line with its timestamp as
    /// on Docker; followed, until the Pod goes.
    pub(super) async fn pod_log_lines(
        &self,
        inst: &Instance,
        kube: &KubeNode,
        tail: u32,
        follow: bool,
    ) -> Result<LogStream> {
        use futures::StreamExt;
        let node = self.ctx.store.node(inst.node_id).await?;
        let request = tianqi_core::kube::resources::PodLogRequest {
            container: Some(tianqi_core::kube::instance_pod::MAIN_CONTAINER.to_owned()),
            tail_lines: i64::from(tail),
            since_seconds: None,
            follow,
            timestamps: true,
        };
        let (ns, pod) = (
            &kube.backend.namespace,
            pod_name(&self.ctx.install_id, inst.id),
        );
        let line = |l: String| tianqi_docker::observe::LogLine {
            stream: "stdout",
            line: l,
        };
        if follow {
            let lines = kube
                .client
                .follow_pod_logs(ns, &pod, &request)
                .await
                .map_err(|e| cluster_error(&node, e))?;
            return Ok(Box::pin(
                lines.map(move |r| r.map(line).map_err(|e| e.to_string())),
            ));
        }
        let logs = kube
            .client
            .pod_logs(ns, &pod, &request)
            .await
            .map_err(|e| cluster_error(&node, e))?;
        Ok(Box::pin(futures::stream::iter(
            logs.lines.into_iter().map(move |l| Ok(line(l))),
        )))
    }

    /// Records how an instance's Pod ended (its exit code and why), once
    /// reconciliation found it no longer running; a Pod that is gone
    /// (evicted and removed, deleted) leaves the row as reconciliation set
    /// it.
    pub(super) async fn note_pod_ended(
        &self,
        id: i64,
        kube: &KubeNode,
        node_name: &str,
    ) -> Result<()> {
        if self.is_in_flight(id) {
            return Ok(());
        }
        let pod = pod_name(&self.ctx.install_id, id);
        let Ok(Some(end)) = kube.client.pod_end(&kube.backend.namespace, &pod).await else {
            return Ok(());
        };
        let reason = match end.exit_code {
            Some(code) => {
                tianqi_core::instance::exit_reason(&tianqi_core::instance::ContainerEnd {
                    exit_code: code,
                    oom_killed: end.reason == "OOMKilled",
                    argv: end.argv.clone(),
                    tty: false,
                })
            }
            None => tianqi_core::instance::ExitReason::Exited,
        };
        let said: Vec<&str> = [end.reason.as_str(), end.message.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        // An end with an exit code says it; one without (evicted) says why.
        let error = if end.exit_code.is_none() && !said.is_empty() {
            format!("on node '{node_name}': {}", said.join(": "))
        } else {
            String::new()
        };
        self.ctx
            .store
            .set_instance_exit(id, end.exit_code, reason, &error, self.ctx.clock.now())
            .await?;
        Ok(())
    }

    /// A stream to one of the Pod's ports (`ssh -L`).
    pub(super) async fn pod_port(
        &self,
        inst: &Instance,
        kube: &KubeNode,
        port: u16,
    ) -> Result<tianqi_kube::PodPort> {
        let node = self.ctx.store.node(inst.node_id).await?;
        kube.client
            .port_forward(
                &kube.backend.namespace,
                &pod_name(&self.ctx.install_id, inst.id),
                port,
            )
            .await
            .map_err(|e| cluster_error(&node, e))
    }

    /// `sh -c LINE` in the Pod's `main` container, without a terminal (the
    /// jump host's exec requests: commands, scp, sftp), or with no line the
    /// login shell reading its commands from stdin (`ssh -T` alone).
    pub(super) async fn pod_command(
        &self,
        inst: &Instance,
        kube: &KubeNode,
        line: Option<&str>,
    ) -> Result<tianqi_kube::PodCommand> {
        let node = self.ctx.store.node(inst.node_id).await?;
        let (ns, pod) = (
            &kube.backend.namespace,
            &pod_name(&self.ctx.install_id, inst.id),
        );
        let main = tianqi_core::kube::instance_pod::MAIN_CONTAINER;
        match line {
            Some(line) => kube.client.exec_command(ns, pod, main, line).await,
            None => kube.client.exec_shell_piped(ns, pod, main).await,
        }
        .map_err(|e| cluster_error(&node, e))
    }

    /// A login shell in the Pod's `main` container, or `command` with a
    /// terminal there (`ssh -t HOST COMMAND`).
    pub(super) async fn pod_terminal(
        &self,
        inst: &Instance,
        kube: &KubeNode,
        cols: u16,
        rows: u16,
        command: Option<&str>,
    ) -> Result<tianqi_kube::PodShell> {
        let node = self.ctx.store.node(inst.node_id).await?;
        let (ns, pod) = (
            &kube.backend.namespace,
            &pod_name(&self.ctx.install_id, inst.id),
        );
        let main = tianqi_core::kube::instance_pod::MAIN_CONTAINER;
        match command {
            None => {
                kube.client
                    .exec_shell(ns, pod, Some(main), cols, rows)
                    .await
            }
            Some(line) => {
                kube.client
                    .exec_tty_command(ns, pod, main, line, cols, rows)
                    .await
            }
        }
        .map_err(|e| cluster_error(&node, e))
    }
}
