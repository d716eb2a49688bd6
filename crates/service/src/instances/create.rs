//! Creating an instance: the reservation (placement and the row under one
//! lock), then the container on the node, pulling the image when missing.

use bollard::Docker;
use futures::StreamExt;
use tianqi_core::catalog::image::Image;
use tianqi_core::catalog::node::DockerFacts;
use tianqi_core::container::{data_volume, plan, PlanInput};
use tianqi_core::instance::{validate_name, GpuGrant, Instance, InstanceStatus, PullProgress};
use tianqi_core::placement::{choose, fit, NodeState};
use tianqi_core::policy::Principal;
use tianqi_core::{validate, Error, Result};
use tianqi_docker::container as dc;
use tianqi_docker::pull_image;
use tianqi_store::{NewInstance, StoreError};

use super::in_flight::InFlight;
use super::placement::shortfall_error;
use super::{error_for, CreateInstance, InstanceService};
use crate::catalog::Reach;

impl InstanceService {
    pub async fn create(&self, me: &Principal, req: CreateInstance) -> Result<Instance> {
        match self.create_as(me, req).await {
            Ok(inst) => self.get(me, inst.id).await,
            Err(e) => Err(error_for(me, e)),
        }
    }

    async fn create_as(&self, me: &Principal, req: CreateInstance) -> Result<Instance> {
        validate_name(&req.name)?;
        let remark = req.remark.unwrap_or_default();
        validate::text("remark", &remark, 1024)?;
        let schedule = tianqi_core::autostop::Schedule {
            stop_at: req.stop_at,
            stop_after_hours: req.stop_after_hours,
        };
        let stop_after_secs = schedule.validate(self.ctx.clock.now())?;
        let (demand, image) = self.demand(me, req.spec_id, req.image_id).await?;
        let image_address = image.address.clone();

        // Reservation: placement and the row that holds the capacity are one step
        // under the lock, so two creates never take the same free capacity.
        let (instance, _flight) = {
            let _guard = self.placement_lock.lock().await?;
            // The quota is checked under the same lock as the reservation:
            // what it counts includes every create that got here first.
            crate::usage::check_quota(&self.ctx, me.user_id, quota_demand(&demand)).await?;
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
                .ctx
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
                    stop_at: schedule.stop_at,
                    stop_after_secs,
                    now: self.ctx.clock.now(),
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
            let flight = InFlight::begin(self, inserted.id).await?;
            (inserted, flight)
        };

        self.provision(&instance, &image).await
    }

    /// A failed instance placed again (its start): the spec's requirements on
    /// whichever node fits best now, reserved under the lock like a create.
    pub(super) async fn place_again(&self, me: &Principal, inst: Instance) -> Result<Instance> {
        let id = inst.id;
        let (Some(spec_id), Some(image_id)) = (inst.spec_id, inst.image_id) else {
            return Err(Error::conflict(format!(
                "instance {id}'s image or spec no longer exists: delete it and create a new one"
            )));
        };
        let (demand, image) = self.demand(me, spec_id, image_id).await?;
        let recorded = (
            (inst.cpu_cores * 1000.0).round() as i64,
            (inst.memory_gb * 1024.0).round() as i64,
            inst.system_disk_gb,
            inst.data_disk_gb,
        );
        if recorded
            != (
                demand.cpu_milli,
                demand.memory_mib,
                demand.system_disk_gb,
                demand.data_disk_gb,
            )
        {
            return Err(Error::conflict(format!(
                "instance {id}'s spec has changed since it was created: delete it and create a new one"
            )));
        }
        let (instance, _flight) = {
            let _guard = self.placement_lock.lock().await?;
            crate::usage::check_quota(&self.ctx, inst.owner_id, quota_demand(&demand)).await?;
            let states = self.node_states().await?;
            let plain: Vec<NodeState> = states.iter().map(|(s, _)| s.clone()).collect();
            let chosen = choose(&plain, &demand).map_err(|s| shortfall_error(s, None))?;
            let gpus: Vec<GpuGrant> = chosen.cards.iter().copied().map(GpuGrant::from).collect();
            if !self
                .ctx
                .store
                .replace_failed_instance_placement(id, chosen.node_id, &gpus, self.ctx.clock.now())
                .await?
            {
                return Err(Error::conflict(format!(
                    "instance {id} is no longer failed; reload it"
                )));
            }
            let flight = InFlight::begin(self, id).await?;
            (self.ctx.store.instance(id).await?, flight)
        };
        tracing::info!(
            instance = id,
            node = instance.node_id,
            "placing a failed instance again"
        );
        self.provision(&instance, &image).await
    }

    /// Builds and starts the container of a reserved instance (held in flight
    /// by the caller). A failure marks it `failed` (which releases its
    /// capacity) and removes what reached the node. A row deleted meanwhile
    /// (by an admin deleting its node) gets its container removed, not kept.
    pub(super) async fn provision(&self, instance: &Instance, image: &Image) -> Result<Instance> {
        let built = self.build_container(instance, image).await;
        let outcome: Result<()> = match built {
            Ok(()) => {
                let touched = self
                    .ctx
                    .store
                    .set_instance_status(
                        instance.id,
                        InstanceStatus::Running,
                        "",
                        self.ctx.clock.now(),
                    )
                    .await?;
                if touched {
                    return Ok(self.ctx.store.instance(instance.id).await?);
                }
                Err(Error::not_found(format!(
                    "instance {} was deleted while it was being created",
                    instance.id
                )))
            }
            Err(e) => {
                // A failed instance holds no capacity: its status releases the
                // reservation; what was created on the node is removed.
                let text = e.to_string();
                tracing::warn!(instance = instance.id, error = %text, "instance creation failed");
                self.ctx
                    .store
                    .set_instance_status(
                        instance.id,
                        InstanceStatus::Failed,
                        &text,
                        self.ctx.clock.now(),
                    )
                    .await?;
                Err(e)
            }
        };
        self.remove_what_was_built(instance).await;
        match outcome {
            Err(e @ (Error::Unavailable(_) | Error::NotFound(_))) => Err(e),
            _ => Ok(self.ctx.store.instance(instance.id).await?),
        }
    }

    /// Removes the container a create made (found by its labels, since its
    /// row may be gone) and the data volume.
    async fn remove_what_was_built(&self, instance: &Instance) {
        let docker = match self.catalog.reach(instance.node_id).await {
            Ok((Reach::Docker(docker), _)) => docker,
            Ok((Reach::Kube(kube), _)) => {
                let _ = self.remove_pod_and_claim(instance.id, &kube).await;
                return;
            }
            Err(_) => return,
        };
        let volume = [data_volume(&self.ctx.install_id, instance.id)];
        let ids: Vec<String> = match dc::list_managed(&docker, &self.ctx.install_id).await {
            Ok(seen) => seen
                .into_iter()
                .filter(|c| c.instance_id == Some(instance.id))
                .map(|c| c.container_id)
                .collect(),
            Err(_) => Vec::new(),
        };
        if ids.is_empty() {
            let _ = dc::remove(&docker, "", &volume).await;
        }
        for id in ids {
            let _ = dc::remove(&docker, &id, &volume).await;
        }
    }

    async fn build_container(&self, inst: &Instance, image: &Image) -> Result<()> {
        let (docker, node) = match self.catalog.reach(inst.node_id).await? {
            (Reach::Docker(docker), node) => (docker, node),
            (Reach::Kube(kube), node) => return self.build_pod(inst, image, &kube, &node).await,
        };
        let docker_err = |e: tianqi_docker::DriverError| self.node_error(&node, e);
        if !dc::image_present(&docker, &inst.image_address)
            .await
            .map_err(docker_err)?
        {
            self.pull_for_instance(&docker, inst).await?;
        }
        let storage_opt_supported = node
            .docker_facts
            .as_deref()
            .and_then(|j| serde_json::from_str::<DockerFacts>(j).ok())
            .is_some_and(|f| f.disk_limits_supported);
        let p = plan(&PlanInput {
            install_id: &self.ctx.install_id,
            instance_id: inst.id,
            name: &inst.name,
            created_unix: inst.created_at.timestamp(),
            owner_id: inst.owner_id,
            node_id: inst.node_id,
            image: &inst.image_address,
            keep_alive: &image.keep_alive_command,
            cpu_milli: (inst.cpu_cores * 1000.0).round() as i64,
            memory_mib: (inst.memory_gb * 1024.0).round() as i64,
            system_disk_gb: inst.system_disk_gb,
            storage_opt_supported,
            gpus: &inst.gpus,
            split: inst.gpu_split,
            hami_core_dir: &node.draft.hami_core_dir,
            shm_mib: self.settings.shm_mib,
            pids_limit: self.settings.pids_limit,
            isolation: &self.settings.isolation(&image.capabilities),
        });
        let (id, enforced) = dc::create_container(&docker, &p)
            .await
            .map_err(docker_err)?;
        let recorded = self
            .ctx
            .store
            .set_instance_container(inst.id, &id, &p.name, enforced, self.ctx.clock.now())
            .await?;
        if !recorded {
            // Deleted while this create pulled and made it: nothing may run
            // without a row behind it.
            return Err(Error::not_found(format!(
                "instance {} was deleted while it was being created",
                inst.id
            )));
        }
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
                self.ctx
                    .store
                    .set_instance_progress(
                        inst.id,
                        &pull_summary(&inst.image_address, &layers).to_stored(),
                    )
                    .await?;
            }
        }
        self.ctx.store.set_instance_progress(inst.id, "").await?;
        Ok(())
    }
}

/// The pull so far: layers finished, and bytes over the layers whose size is known.
fn pull_summary(
    image: &str,
    layers: &std::collections::BTreeMap<String, (i64, i64, bool)>,
) -> PullProgress {
    let (bytes_done, bytes_total) = layers
        .values()
        .fold((0i64, 0i64), |(c, t), l| (c + l.0, t + l.1));
    PullProgress {
        image: image.to_owned(),
        layers_done: u32::try_from(layers.values().filter(|l| l.2).count()).unwrap_or(u32::MAX),
        layers: u32::try_from(layers.len()).unwrap_or(u32::MAX),
        bytes_done,
        bytes_total,
    }
}

/// What an instance of this demand counts against its owner's quota.
pub(super) fn quota_demand(d: &tianqi_core::placement::Demand) -> tianqi_core::usage::Demand {
    tianqi_core::usage::Demand {
        instances: 1,
        ..held_demand(d)
    }
}

/// What a task run or a fine-tuning job of this demand counts against its
/// owner's quota: the resources it holds, not an instance.
pub(super) fn held_demand(d: &tianqi_core::placement::Demand) -> tianqi_core::usage::Demand {
    tianqi_core::usage::Demand {
        instances: 0,
        gpus: d.gpu_count,
        cpu_milli: d.cpu_milli,
        memory_mib: d.memory_mib,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn pull_summary_reads_well() {
        let mut l = std::collections::BTreeMap::new();
        l.insert("a".to_owned(), (10_000_000, 20_000_000, false));
        l.insert("b".to_owned(), (5_000_000, 5_000_000, true));
        let p = super::pull_summary("x:1", &l);
        assert_eq!(
            p.to_string(),
            "pulling image x:1: 1/2 layers done, 15.0 of 25.0 MB"
        );
        // stored as figures, read back as figures and the same sentence
        let (text, back) = tianqi_core::instance::PullProgress::from_stored(p.to_stored());
        assert_eq!((text, back), (p.to_string(), Some(p)));
        let (text, back) =
            tianqi_core::instance::PullProgress::from_stored("starting container".into());
        assert_eq!((text.as_str(), back), ("starting container", None));
    }
}
