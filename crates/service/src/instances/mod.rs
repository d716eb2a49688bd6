//! Instances: placement with an atomic reservation, the container on the node,
//! and its lifecycle. Ownership is checked here, once, for every transport.

use std::collections::HashMap;

use bollard::Docker;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use tianqi_core::catalog::capacity::{capacity, CardCapacity, Totals};
use tianqi_core::catalog::node::DockerStatus;
use tianqi_core::container::{data_volume, plan, PlanInput};
use tianqi_core::instance::{validate_name, GpuGrant, Instance, InstanceStatus};
use tianqi_core::page::{Page, PageQuery};
use tianqi_core::placement::{choose, fit, Demand, NodeState, Shortfall};
use tianqi_core::policy::{check_owner, owner_scope, Principal};
use tianqi_core::{validate, Error, Result};
use tianqi_docker::container as dc;
use tianqi_docker::{probe, pull_image};
use tianqi_store::{InstanceFilter, NewInstance, StoreError, StoredNode};
use utoipa::{IntoParams, ToSchema};

use crate::Services;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateInstance {
    /// `^[A-Za-z0-9_-]{1,64}$`, unique among your instances.
    pub name: String,
    pub image_id: i64,
    pub spec_id: i64,
    /// Run on this node (validated like an automatic choice); omit for best fit.
    pub node_id: Option<i64>,
    pub remark: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InstanceListQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    pub name: Option<String>,
    pub status: Option<InstanceStatus>,
    /// Admins only.
    pub node_id: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlacementQuery {
    pub spec_id: i64,
    pub image_id: i64,
}

/// A node that can take an instance of the spec, best fit first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlacementCandidate {
    pub node_id: i64,
    pub node_name: String,
    /// Lower is a better fit (see docs/ARCHITECTURE.md, placement).
    pub score: f64,
    /// The cards this instance would get.
    pub gpus: Vec<GpuGrant>,
    /// Free VRAM per card on the node now (单卡显存).
    pub cards: Vec<CardCapacity>,
}

fn totals(n: &StoredNode) -> Totals {
    Totals {
        cpu_milli: n.draft.cpu_milli.unwrap_or(0),
        memory_mib: n.draft.memory_mib.unwrap_or(0),
        system_disk_gb: n.draft.system_disk_gb,
        data_disk_gb: n.draft.data_disk_gb,
        gpu_count: n.draft.gpu_count,
        vram_mib_per_card: n.draft.vram_mib_per_card,
    }
}

fn shortfall_error(s: Shortfall, node: Option<&str>) -> Error {
    match node {
        Some(n) => Error::conflict(format!(
            "node '{n}' cannot take this instance: {}",
            s.describe()
        )),
        None => Error::conflict(format!("no node can take this instance: {}", s.describe())),
    }
}

impl Services {
    /// Every node with what its instances hold, as placement sees it.
    async fn node_states(&self) -> Result<Vec<(NodeState, StoredNode)>> {
        let nodes = self.store.all_nodes().await?;
        let mut allocs: HashMap<i64, Vec<_>> = HashMap::new();
        for (node_id, a) in self.store.allocations().await? {
            allocs.entry(node_id).or_default().push(a);
        }
        Ok(nodes
            .into_iter()
            .map(|n| {
                let state = NodeState {
                    node_id: n.id,
                    name: n.draft.name.clone(),
                    listed: n.draft.listed,
                    connected: n.docker_status == DockerStatus::Connected,
                    gpu_model: n.draft.gpu_name.clone(),
                    totals: totals(&n),
                    allocations: allocs.remove(&n.id).unwrap_or_default(),
                };
                (state, n)
            })
            .collect())
    }

    /// What a spec needs, checked against the image.
    async fn demand(
        &self,
        me: &Principal,
        spec_id: i64,
        image_id: i64,
    ) -> Result<(Demand, String, Vec<String>)> {
        let image = self.image_for(me, image_id).await.map_err(|e| match e {
            Error::NotFound(_) => {
                Error::validation("image_id", format!("image {image_id} not found"))
            }
            other => other,
        })?;
        let spec = self.spec_for(me, spec_id).await.map_err(|e| match e {
            Error::NotFound(_) => Error::validation("spec_id", format!("spec {spec_id} not found")),
            other => other,
        })?;
        if spec.supports_vram_split && !image.supports_vram_split {
            return Err(Error::validation(
                "spec_id",
                "this spec splits GPU memory, which the image does not support",
            ));
        }
        let (_, d) = self.store.spec(spec_id).await?;
        Ok((
            Demand {
                cpu_milli: d.cpu_milli,
                memory_mib: d.memory_mib,
                system_disk_gb: d.system_disk_gb,
                data_disk_gb: d.data_disk_gb,
                gpu_model: d.gpu_model,
                gpu_count: d.gpu_count,
                vram_mib: d.vram_mib,
                split: d.supports_vram_split,
            },
            image.address,
            image.keep_alive_command,
        ))
    }

    pub async fn placement_candidates(
        &self,
        me: &Principal,
        q: PlacementQuery,
    ) -> Result<Vec<PlacementCandidate>> {
        let (demand, _, _) = self.demand(me, q.spec_id, q.image_id).await?;
        let states = self.node_states().await?;
        let mut out: Vec<PlacementCandidate> = states
            .iter()
            .filter_map(|(state, _)| fit(state, &demand).ok().map(|c| (state, c)))
            .map(|(state, c)| PlacementCandidate {
                node_id: c.node_id,
                node_name: c.name,
                score: c.score,
                gpus: c.cards.into_iter().map(GpuGrant::from).collect(),
                cards: capacity(&state.totals, &state.allocations).cards,
            })
            .collect();
        out.sort_by(|a, b| a.score.total_cmp(&b.score).then(a.node_id.cmp(&b.node_id)));
        Ok(out)
    }

    /// A client for the node's engine, API version negotiated, within the timeout;
    /// 503 naming the node when it cannot be reached.
    pub(crate) async fn node_docker(&self, node_id: i64) -> Result<(Docker, StoredNode)> {
        let node = self
            .store
            .node(node_id)
            .await
            .map_err(|e| crate::catalog::missing(e, "node", node_id))?;
        let endpoint = self.endpoint(&node)?;
        let (docker, _) = probe(&endpoint, self.catalog.node_timeout)
            .await
            .map_err(|e| {
                Error::Unavailable(format!("node '{}' is unreachable: {e}", node.draft.name))
            })?;
        Ok((docker, node))
    }

    pub async fn create_instance(&self, me: &Principal, req: CreateInstance) -> Result<Instance> {
        validate_name(&req.name)?;
        let remark = req.remark.unwrap_or_default();
        validate::text("remark", &remark, 1024)?;
        let (demand, image_address, keep_alive) =
            self.demand(me, req.spec_id, req.image_id).await?;

        // Reservation: placement and the row that holds the capacity are one step
        // under the lock, so two creates never take the same free capacity.
        let (instance, _flight) = {
            let _guard = self.placement_lock.lock().await;
            let states = self.node_states().await?;
            let chosen = match req.node_id {
                Some(node_id) => {
                    let (state, _) = states
                        .iter()
                        .find(|(s, _)| s.node_id == node_id)
                        .ok_or_else(|| {
                            Error::validation("node_id", format!("node {node_id} not found"))
                        })?;
                    fit(state, &demand).map_err(|s| shortfall_error(s, Some(&state.name)))?
                }
                None => {
                    let plain: Vec<NodeState> = states.iter().map(|(s, _)| s.clone()).collect();
                    choose(&plain, &demand).map_err(|s| shortfall_error(s, None))?
                }
            };
            let inserted = self
                .store
                .insert_instance(&NewInstance {
                    name: req.name.clone(),
                    owner_id: me.user_id,
                    node_id: chosen.node_id,
                    image_id: req.image_id,
                    spec_id: req.spec_id,
                    image_address: image_address.clone(),
                    cpu_milli: demand.cpu_milli,
                    memory_mib: demand.memory_mib,
                    system_disk_gb: demand.system_disk_gb,
                    data_disk_gb: demand.data_disk_gb,
                    gpus: chosen.cards.iter().copied().map(GpuGrant::from).collect(),
                    gpu_split: demand.split,
                    remark,
                    now: self.clock.now(),
                })
                .await
                .map_err(|e| match e {
                    StoreError::Unique(_) => Error::conflict(format!(
                        "you already have an instance named '{}'",
                        req.name
                    )),
                    other => other.into(),
                })?;
            // Marked in flight before the lock is released: reconciliation reads
            // rows under the same lock, so it never mistakes this create for an
            // interrupted one.
            let flight = InFlight::new(self, inserted.id);
            (inserted, flight)
        };

        match self.build_container(&instance, &keep_alive).await {
            Ok(()) => {
                self.store
                    .set_instance_status(instance.id, InstanceStatus::Running, "", self.clock.now())
                    .await?;
            }
            Err(e) => {
                // A failed instance holds no capacity: its status releases the
                // reservation; what was created on the node is removed.
                let text = e.to_string();
                tracing::warn!(instance = instance.id, error = %text, "instance creation failed");
                self.store
                    .set_instance_status(
                        instance.id,
                        InstanceStatus::Failed,
                        &text,
                        self.clock.now(),
                    )
                    .await?;
                if let Ok((docker, _)) = self.node_docker(instance.node_id).await {
                    let current = self.store.instance(instance.id).await?;
                    let _ = dc::remove(
                        &docker,
                        &current.container_id,
                        &[data_volume(&self.install_id, instance.id)],
                    )
                    .await;
                }
                if matches!(e, Error::Unavailable(_)) {
                    return Err(e);
                }
            }
        }
        Ok(self.store.instance(instance.id).await?)
    }

    async fn build_container(&self, inst: &Instance, keep_alive: &[String]) -> Result<()> {
        let (docker, node) = self.node_docker(inst.node_id).await?;
        let docker_err = |e: tianqi_docker::DriverError| {
            Error::internal(format!("on node '{}': {e}", node.draft.name))
        };
        if !dc::image_present(&docker, &inst.image_address)
            .await
            .map_err(docker_err)?
        {
            self.pull_for_instance(&docker, inst).await?;
        }
        let facts = node.docker_facts.as_deref().unwrap_or_default();
        // overlay2 enforces `size` only on xfs with pquota; others ignore or refuse.
        let storage_opt_supported = ["overlay2", "devicemapper", "btrfs", "zfs"]
            .iter()
            .any(|d| facts.contains(&format!("\"storage_driver\":\"{d}\"")));
        let p = plan(&PlanInput {
            install_id: &self.install_id,
            instance_id: inst.id,
            name: &inst.name,
            created_unix: inst.created_at.timestamp(),
            owner_id: inst.owner_id,
            node_id: inst.node_id,
            image: &inst.image_address,
            keep_alive,
            cpu_milli: (inst.cpu_cores * 1000.0).round() as i64,
            memory_mib: (inst.memory_gb * 1024.0).round() as i64,
            system_disk_gb: inst.system_disk_gb,
            storage_opt_supported,
            gpus: &inst.gpus,
            split: inst.gpu_split,
            hami_core_dir: &node.draft.hami_core_dir,
            shm_mib: self.catalog.shm_mib,
            pids_limit: self.catalog.pids_limit,
        });
        let (id, enforced) = dc::create_container(&docker, &p)
            .await
            .map_err(docker_err)?;
        self.store
            .set_instance_container(inst.id, &id, &p.name, enforced, self.clock.now())
            .await?;
        dc::start(&docker, &id).await.map_err(docker_err)?;
        Ok(())
    }

    /// Pulls the instance's image, keeping a one-line summary of the progress on
    /// the instance (written at most twice a second) for the console.
    async fn pull_for_instance(&self, docker: &Docker, inst: &Instance) -> Result<()> {
        let mut layers: std::collections::BTreeMap<String, (i64, i64, bool)> = Default::default();
        let mut last_write = std::time::Instant::now() - std::time::Duration::from_secs(1);
        let mut progress = Box::pin(pull_image(docker, &inst.image_address));
        while let Some(step) = progress.next().await {
            let ev =
                step.map_err(|e| Error::internal(format!("pulling {}: {e}", inst.image_address)))?;
            if !ev.layer.is_empty() {
                let entry = layers.entry(ev.layer.clone()).or_insert((0, 0, false));
                if let (Some(c), Some(t)) = (ev.current, ev.total) {
                    if ev.status.starts_with("Downloading") {
                        *entry = (c, t, false);
                    }
                }
                if ev.status.contains("complete") || ev.status.contains("Already exists") {
                    entry.2 = true;
                }
            }
            if last_write.elapsed() >= std::time::Duration::from_millis(500) {
                last_write = std::time::Instant::now();
                self.store
                    .set_instance_progress(inst.id, &pull_summary(&inst.image_address, &layers))
                    .await?;
            }
        }
        self.store.set_instance_progress(inst.id, "").await?;
        Ok(())
    }

    /// One instance, if `me` owns it or is an admin (404 otherwise).
    pub async fn instance_for(&self, me: &Principal, id: i64) -> Result<Instance> {
        let inst = self
            .store
            .instance(id)
            .await
            .map_err(|e| crate::catalog::missing(e, "instance", id))?;
        check_owner(me, inst.owner_id, &format!("instance {id}"))?;
        Ok(inst)
    }

    pub async fn list_instances(
        &self,
        me: &Principal,
        q: InstanceListQuery,
    ) -> Result<Page<Instance>> {
        let page = PageQuery {
            page: q.page,
            page_size: q.page_size,
        }
        .validate()?;
        if let Some(n) = &q.name {
            validate::text("name", n, 64)?;
        }
        let filter = InstanceFilter {
            owner_id: owner_scope(me),
            node_id: if me.is_admin() { q.node_id } else { None },
            status: q.status,
            name_contains: q.name.filter(|n| !n.is_empty()),
        };
        let (items, total) = self.store.list_instances(&filter, page).await?;
        Ok(Page::new(items, total, page))
    }

    /// Removes the container and its data volume, then the row (which releases the
    /// reservation). An unreachable node answers 503 and changes nothing.
    pub async fn delete_instance(&self, me: &Principal, id: i64) -> Result<()> {
        let inst = self.instance_for(me, id).await?;
        let (docker, node) = self.node_docker(inst.node_id).await?;
        let _flight = InFlight::new(self, id);
        self.store
            .set_instance_status(id, InstanceStatus::Deleting, "", self.clock.now())
            .await?;
        if let Err(e) = dc::remove(
            &docker,
            &inst.container_id,
            &[data_volume(&self.install_id, id)],
        )
        .await
        {
            let text = format!("delete on node '{}' failed: {e}", node.draft.name);
            self.store
                .set_instance_status(id, InstanceStatus::Failed, &text, self.clock.now())
                .await?;
            return Err(Error::Unavailable(text));
        }
        self.store.delete_instance(id).await?;
        Ok(())
    }

    pub async fn start_instance(&self, me: &Principal, id: i64) -> Result<Instance> {
        self.lifecycle(me, id, Op::Start).await
    }

    pub async fn stop_instance(&self, me: &Principal, id: i64) -> Result<Instance> {
        self.lifecycle(me, id, Op::Stop).await
    }

    pub async fn restart_instance(&self, me: &Principal, id: i64) -> Result<Instance> {
        self.lifecycle(me, id, Op::Restart).await
    }

    async fn lifecycle(&self, me: &Principal, id: i64, op: Op) -> Result<Instance> {
        let inst = self.instance_for(me, id).await?;
        if inst.container_id.is_empty()
            || matches!(
                inst.status,
                InstanceStatus::Deleting | InstanceStatus::Missing
            )
        {
            return Err(Error::conflict(format!(
                "instance {id} is {} and has no container to act on",
                inst.status.as_str()
            )));
        }
        let (docker, node) = self.node_docker(inst.node_id).await?;
        let failed = |e: tianqi_docker::DriverError| {
            Error::internal(format!("on node '{}': {e}", node.draft.name))
        };
        let status = match op {
            Op::Start => {
                dc::start(&docker, &inst.container_id)
                    .await
                    .map_err(failed)?;
                InstanceStatus::Running
            }
            Op::Stop => {
                dc::stop(&docker, &inst.container_id, 10)
                    .await
                    .map_err(failed)?;
                InstanceStatus::Exited
            }
            Op::Restart => {
                dc::restart(&docker, &inst.container_id, 10)
                    .await
                    .map_err(failed)?;
                InstanceStatus::Running
            }
        };
        self.store
            .set_instance_status(id, status, "", self.clock.now())
            .await?;
        self.instance_for(me, id).await
    }
}

/// Marks an instance as being worked on by this process until dropped.
struct InFlight<'a> {
    services: &'a Services,
    id: i64,
}

impl<'a> InFlight<'a> {
    fn new(services: &'a Services, id: i64) -> Self {
        if let Ok(mut set) = services.in_flight.lock() {
            set.insert(id);
        }
        Self { services, id }
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        if let Ok(mut set) = self.services.in_flight.lock() {
            set.remove(&self.id);
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Start,
    Stop,
    Restart,
}

/// Query for `GET /api/v1/instances/{id}/logs`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LogsQuery {
    /// Lines from the end (default 100, at most 10000).
    pub tail: Option<u32>,
    /// Keep the stream open and send new lines (Server-Sent Events).
    pub follow: Option<bool>,
}

impl Services {
    /// The instance and a client for its node, for watching it; the instance must
    /// have a container.
    async fn watched(&self, me: &Principal, id: i64) -> Result<(Instance, Docker)> {
        let inst = self.instance_for(me, id).await?;
        if inst.container_id.is_empty() {
            return Err(Error::conflict(format!(
                "instance {id} has no container ({})",
                inst.status.as_str()
            )));
        }
        let (docker, _) = self.node_docker(inst.node_id).await?;
        Ok((inst, docker))
    }

    pub async fn instance_stats(
        &self,
        me: &Principal,
        id: i64,
    ) -> Result<tianqi_docker::observe::Stats> {
        let (inst, docker) = self.watched(me, id).await?;
        tianqi_docker::observe::stats(&docker, &inst.container_id, inst.cpu_cores)
            .await
            .map_err(|e| Error::Unavailable(format!("statistics of instance {id}: {e}")))
    }

    pub async fn instance_logs(
        &self,
        me: &Principal,
        id: i64,
        q: &LogsQuery,
    ) -> Result<
        impl futures::Stream<Item = std::result::Result<tianqi_docker::observe::LogLine, String>>
            + Send
            + 'static,
    > {
        let tail = q.tail.unwrap_or(100);
        if tail > 10_000 {
            return Err(Error::validation("tail", "tail must be at most 10000"));
        }
        let (inst, docker) = self.watched(me, id).await?;
        Ok(tianqi_docker::observe::logs(
            &docker,
            &inst.container_id,
            tail,
            q.follow.unwrap_or(false),
        )
        .map(|r| r.map_err(|e| e.to_string())))
    }
}

/// An open shell in an instance, and what is needed to resize and end it (the
/// WebSocket bridge calls `tianqi_docker::terminal::{resize, close}` with these).
pub struct TerminalSession {
    pub docker: Docker,
    pub container_id: String,
    pub terminal: tianqi_docker::terminal::Terminal,
}

impl Services {
    /// Opens a shell in a running instance the caller owns (or, for admins, any).
    pub async fn open_terminal(
        &self,
        me: &Principal,
        id: i64,
        cols: u16,
        rows: u16,
    ) -> Result<TerminalSession> {
        let (inst, docker) = self.watched(me, id).await?;
        if inst.status != InstanceStatus::Running {
            return Err(Error::conflict(format!(
                "instance {id} is {}, not running",
                inst.status.as_str()
            )));
        }
        let terminal = tianqi_docker::terminal::open(&docker, &inst.container_id, cols, rows)
            .await
            .map_err(|e| Error::Unavailable(format!("terminal of instance {id}: {e}")))?;
        Ok(TerminalSession {
            docker,
            container_id: inst.container_id,
            terminal,
        })
    }
}

/// `pulling image X: 2/5 layers done, 41.2 of 80.0 MB`
fn pull_summary(
    image: &str,
    layers: &std::collections::BTreeMap<String, (i64, i64, bool)>,
) -> String {
    let done = layers.values().filter(|l| l.2).count();
    let (cur, total) = layers
        .values()
        .fold((0i64, 0i64), |(c, t), l| (c + l.0, t + l.1));
    let mb = |b: i64| b as f64 / 1_000_000.0;
    format!(
        "pulling image {image}: {done}/{} layers done, {:.1} of {:.1} MB",
        layers.len(),
        mb(cur),
        mb(total)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn pull_summary_reads_well() {
        let mut l = std::collections::BTreeMap::new();
        l.insert("a".to_owned(), (10_000_000, 20_000_000, false));
        l.insert("b".to_owned(), (5_000_000, 5_000_000, true));
        assert_eq!(
            super::pull_summary("x:1", &l),
            "pulling image x:1: 1/2 layers done, 15.0 of 25.0 MB"
        );
    }
}
