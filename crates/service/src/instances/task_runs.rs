//! Container task runs, placed like instances: the task's image and spec are
//! checked as an instance create checks them, a run's reservation is written
//! under the same placement lock (so runs and creates never take the same
//! free capacity), and its container is the spec's instance plan turned into
//! a one-off run (`tianqi_core::tasks::container`). The task service drives
//! the run; this is the part that knows nodes and capacity.

use bollard::Docker;
use futures::StreamExt;
use tianqi_core::catalog::node::DockerFacts;
use tianqi_core::container::{plan, PlanInput};
use tianqi_core::instance::GpuGrant;
use tianqi_core::placement::{choose, NodeState};
use tianqi_core::policy::Principal;
use tianqi_core::tasks::container::{run_plan, RunContainer};
use tianqi_core::{Error, Result};
use tianqi_docker::container as dc;

use super::create::held_demand;
use super::placement::shortfall_error;
use super::InstanceService;

/// Where a container task run was placed (its reservation is held).
#[derive(Debug, Clone)]
pub struct TaskPlacement {
    pub run_id: i64,
    pub node_id: i64,
    pub image_address: String,
    pub image_capabilities: Vec<String>,
    pub cpu_milli: i64,
    pub memory_mib: i64,
    pub system_disk_gb: i64,
    pub gpus: Vec<GpuGrant>,
    pub gpu_split: bool,
}

/// What the run's container runs.
pub struct TaskRunCommand<'a> {
    pub task_id: &'a str,
    pub owner_id: i64,
    pub argv: Vec<String>,
    pub env: &'a std::collections::BTreeMap<String, String>,
    pub cwd: Option<String>,
}

impl InstanceService {
    /// Checks that `me` may run containers of the image with the spec, as a
    /// create would (unknown, unlisted for users, or incompatible → 422
    /// naming `image_id` or `spec_id`).
    pub(crate) async fn check_task_target(
        &self,
        me: &Principal,
        image_id: i64,
        spec_id: i64,
    ) -> Result<()> {
        self.demand(me, spec_id, image_id).await.map(|_| ())
    }

    /// Places a run (best fit, like an instance without a data disk: the run
    /// has no data volume) and holds the capacity for it. No node → the
    /// shortfall in words, nothing held.
    pub(crate) async fn reserve_task_run(
        &self,
        owner: &Principal,
        task_id: &str,
        run_id: i64,
        image_id: i64,
        spec_id: i64,
    ) -> Result<TaskPlacement> {
        let (mut demand, image) = self.demand(owner, spec_id, image_id).await?;
        demand.data_disk_gb = 0;
        let _guard = self.placement_lock.lock().await?;
        // Under the lock, like a create: concurrent runs see each other.
        crate::usage::check_quota(&self.ctx, owner.user_id, held_demand(&demand)).await?;
        let states: Vec<NodeState> = self.docker_node_states().await?;
        let chosen = choose(&states, &demand).map_err(|s| shortfall_error(s, None))?;
        let gpus: Vec<GpuGrant> = chosen.cards.iter().copied().map(GpuGrant::from).collect();
        self.ctx
            .store
            .insert_task_reservation(
                run_id,
                task_id,
                owner.user_id,
                spec_id,
                chosen.node_id,
                demand.cpu_milli,
                demand.memory_mib,
                demand.system_disk_gb,
                &gpus,
                self.ctx.clock.now(),
            )
            .await?;
        Ok(TaskPlacement {
            run_id,
            node_id: chosen.node_id,
            image_address: image.address,
            image_capabilities: image.capabilities,
            cpu_milli: demand.cpu_milli,
            memory_mib: demand.memory_mib,
            system_disk_gb: demand.system_disk_gb,
            gpus,
            gpu_split: demand.split,
        })
    }

    /// The node's engine, errors in the instances' words.
    pub(crate) async fn task_docker(&self, node_id: i64) -> Result<Docker> {
        Ok(self.catalog.docker(node_id).await?.0)
    }

    /// Makes and starts the run's container on its node (pulling the image
    /// when it is missing); answers the engine and the container id, which
    /// is recorded on the reservation before the start.
    pub(crate) async fn start_task_container(
        &self,
        p: &TaskPlacement,
        cmd: TaskRunCommand<'_>,
    ) -> Result<(Docker, String)> {
        let install_id = self.ctx.install_id.clone();
        let (docker, id) = self
            .create_placed_container(p, "task", cmd.owner_id, |base| {
                run_plan(
                    base,
                    &RunContainer {
                        install_id: &install_id,
                        task_id: cmd.task_id,
                        run_id: p.run_id,
                        owner_id: cmd.owner_id,
                        node_id: p.node_id,
                        argv: cmd.argv,
                        env: cmd.env,
                        cwd: cmd.cwd,
                    },
                )
            })
            .await?;
        self.ctx
            .store
            .set_task_reservation_container(p.run_id, &id)
            .await?;
        self.start_placed_container(&docker, p.node_id, &id).await?;
        Ok((docker, id))
    }

    /// Makes (not starts) a one-off container for placed capacity (a task
    /// run, a fine-tuning job): the spec's instance plan — limits, GPU
    /// devices, HAMi, isolation — turned into the caller's by `finish`,
    /// pulling the image when it is missing.
    pub(crate) async fn create_placed_container(
        &self,
        p: &TaskPlacement,
        name: &str,
        owner_id: i64,
        finish: impl FnOnce(
            tianqi_core::container::ContainerPlan,
        ) -> tianqi_core::container::ContainerPlan,
    ) -> Result<(Docker, String)> {
        let (docker, node) = self.catalog.docker(p.node_id).await?;
        let docker_err = |e: tianqi_docker::DriverError| self.node_error(&node, e);
        if !dc::image_present(&docker, &p.image_address)
            .await
            .map_err(docker_err)?
        {
            let mut pull = Box::pin(tianqi_docker::pull_image(&docker, &p.image_address));
            while let Some(step) = pull.next().await {
                step.map_err(|e| Error::internal(format!("pulling {}: {e}", p.image_address)))?;
            }
        }
        let storage_opt_supported = node
            .docker_facts
            .as_deref()
            .and_then(|j| serde_json::from_str::<DockerFacts>(j).ok())
            .is_some_and(|f| f.disk_limits_supported);
        let base = plan(&PlanInput {
            install_id: &self.ctx.install_id,
            instance_id: p.run_id,
            name,
            created_unix: 0,
            owner_id,
            node_id: p.node_id,
            image: &p.image_address,
            keep_alive: &[],
            cpu_milli: p.cpu_milli,
            memory_mib: p.memory_mib,
            system_disk_gb: p.system_disk_gb,
            storage_opt_supported,
            gpus: &p.gpus,
            split: p.gpu_split,
            hami_core_dir: &node.draft.hami_core_dir,
            shm_mib: self.settings.shm_mib,
            pids_limit: self.settings.pids_limit,
            isolation: &self.settings.isolation(&p.image_capabilities),
        });
        let (id, _) = dc::create_container(&docker, &finish(base))
            .await
            .map_err(docker_err)?;
        Ok((docker, id))
    }

    /// Starts a container made by [`Self::create_placed_container`].
    pub(crate) async fn start_placed_container(
        &self,
        docker: &Docker,
        node_id: i64,
        id: &str,
    ) -> Result<()> {
        match dc::start(docker, id).await {
            Ok(()) => Ok(()),
            Err(e) => {
                let node = self.ctx.store.node(node_id).await?;
                Err(self.node_error(&node, e))
            }
        }
    }

    /// Removes a run's container (if it got one) and releases its capacity.
    /// The reservation goes only once the container is gone (or its node
    /// is), so capacity is never counted free while something still runs.
    pub(crate) async fn end_task_run(&self, run_id: i64, node_id: i64, container_id: &str) {
        if self
            .remove_placed_container("task run", run_id, node_id, container_id)
            .await
        {
            if let Err(e) = self
                .ctx
                .store
                .delete_task_reservation(run_id, self.ctx.clock.now())
                .await
            {
                tracing::warn!(run = run_id, error = %e, "cannot release a task run's reservation");
            }
        }
    }

    /// Removes a one-off container (a task run's, a fine-tuning job's);
    /// true when it is gone (or was never made, or its node is gone), so
    /// its capacity may be released.
    pub(crate) async fn remove_placed_container(
        &self,
        what: &str,
        id: i64,
        node_id: i64,
        container_id: &str,
    ) -> bool {
        if container_id.is_empty() {
            return true;
        }
        match self.catalog.docker(node_id).await {
            Ok((docker, _)) => match dc::remove(&docker, container_id, &[]).await {
                Ok(()) => true,
                Err(e) => {
                    tracing::warn!(what, id, error = %e, "cannot remove a container; it keeps its capacity until the next boot");
                    false
                }
            },
            // The node itself is gone: nothing is held on it.
            Err(Error::NotFound(_)) => true,
            Err(e) => {
                tracing::warn!(what, id, error = %e, "cannot reach a container's node; it is removed at the next boot");
                false
            }
        }
    }
}
