//! Delete, start, stop and restart.

use tianqi_core::container::owner_network;
use tianqi_core::instance::{exit_reason, ExitReason, Instance, InstanceStatus};
use tianqi_core::policy::Principal;
use tianqi_core::{Error, Result};
use tianqi_docker::container as dc;

use super::in_flight::InFlight;
use super::{error_for, InstanceService};
use crate::catalog::Reach;

impl InstanceService {
    /// Removes the container and its data volume, then the row (which releases the
    /// reservation). An unreachable node answers 503 and changes nothing; an
    /// instance still being created answers 409 (its create owns it until it
    /// runs or fails).
    pub async fn delete(&self, me: &Principal, id: i64) -> Result<()> {
        self.delete_as(me, id).await.map_err(|e| error_for(me, e))
    }

    async fn delete_as(&self, me: &Principal, id: i64) -> Result<()> {
        let inst = self.get(me, id).await?;
        let still_creating = || {
            Error::conflict(format!(
                "instance {id} is still being created; delete it once it runs or has failed"
            ))
        };
        if inst.status == InstanceStatus::Creating {
            return Err(still_creating());
        }
        let (reach, node) = self.catalog.reach(inst.node_id).await?;
        let _flight = InFlight::begin(self, id).await?;
        if !self
            .ctx
            .store
            .begin_instance_delete(id, self.ctx.clock.now())
            .await?
        {
            return Err(still_creating());
        }
        let removed = self.remove_objects(&reach, &inst.container_id, id).await;
        if let Err(e) = removed {
            let text = format!("delete on node '{}' failed: {e}", node.draft.name);
            self.ctx
                .store
                .set_instance_status(id, InstanceStatus::Failed, &text, self.ctx.clock.now())
                .await?;
            return Err(Error::Unavailable(text));
        }
        self.ctx
            .store
            .delete_instance(id, self.ctx.clock.now())
            .await?;
        // The owner's network on that node goes with their last instance there.
        if let (true, Reach::Docker(docker)) = (self.settings.network_per_owner, &reach) {
            let net = owner_network(&self.ctx.install_id, inst.owner_id);
            dc::remove_network_if_unused(docker, &net.name).await;
        }
        Ok(())
    }

    pub async fn start(&self, me: &Principal, id: i64) -> Result<Instance> {
        self.lifecycle(me, id, Op::Start).await
    }

    pub async fn stop(&self, me: &Principal, id: i64) -> Result<Instance> {
        self.lifecycle(me, id, Op::Stop).await
    }

    pub async fn restart(&self, me: &Principal, id: i64) -> Result<Instance> {
        self.lifecycle(me, id, Op::Restart).await
    }

    async fn lifecycle(&self, me: &Principal, id: i64, op: Op) -> Result<Instance> {
        self.lifecycle_as(me, id, op)
            .await
            .map_err(|e| error_for(me, e))
    }

    async fn lifecycle_as(&self, me: &Principal, id: i64, op: Op) -> Result<Instance> {
        let inst = self.get(me, id).await?;
        if inst.status == InstanceStatus::Failed && matches!(op, Op::Start | Op::Restart) {
            // A failed instance holds nothing: starting it is placing it again.
            return self.place_again(me, inst).await;
        }
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
        // Starting a stopped instance (or restarting one, which starts it)
        // counts against the quota again. The placement lock is held until
        // the row says running, so concurrent starts and creates see each
        // other's use and cannot pass the quota together.
        let _quota_guard = if op != Op::Stop && inst.status != InstanceStatus::Running {
            let guard = self.placement_lock.lock().await?;
            let demand = tianqi_core::usage::Demand {
                instances: 1,
                gpus: inst.gpus.len() as i64,
                cpu_milli: (inst.cpu_cores * 1000.0).round() as i64,
                memory_mib: (inst.memory_gb * 1024.0).round() as i64,
            };
            // A start that ran while this one waited already counts it.
            if self.ctx.store.instance(id).await?.status != InstanceStatus::Running {
                crate::usage::check_quota(&self.ctx, inst.owner_id, demand).await?;
            }
            Some(guard)
        } else {
            None
        };
        let (reach, node) = self.catalog.reach(inst.node_id).await?;
        // While the container changes state here, a look at it (a GET, the
        // health round) must not record a stop's SIGTERM as its own exit.
        let _flight = InFlight::begin(self, id).await?;
        let status = match reach {
            Reach::Docker(docker) => self.docker_op(&docker, &node, &inst, op).await?,
            Reach::Kube(kube) => {
                // A restart is a new Pod on the same claim, as a stop and
                // a start.
                if matches!(op, Op::Stop | Op::Restart) {
                    self.stop_pod(&inst, &kube, &node).await?;
                }
                if matches!(op, Op::Start | Op::Restart) {
                    self.start_pod(&inst, &kube, &node).await?;
                    InstanceStatus::Running
                } else {
                    InstanceStatus::Exited
                }
            }
        };
        let now = self.ctx.clock.now();
        if matches!(op, Op::Stop) {
            self.ctx
                .store
                .set_instance_exit(id, None, ExitReason::Stopped, "", now)
                .await?;
        } else {
            self.ctx
                .store
                .set_instance_status(id, status, "", now)
                .await?;
            self.ctx.store.clear_instance_autostop(id).await?;
            if let Ok(mut readings) = self.readings.lock() {
                readings.remove(&id);
            }
        }
        self.get(me, id).await
    }

    async fn docker_op(
        &self,
        docker: &bollard::Docker,
        node: &tianqi_store::StoredNode,
        inst: &Instance,
        op: Op,
    ) -> Result<InstanceStatus> {
        let failed = |e: tianqi_docker::DriverError| self.node_error(node, e);
        Ok(match op {
            Op::Start => {
                dc::start(docker, &inst.container_id)
                    .await
                    .map_err(failed)?;
                InstanceStatus::Running
            }
            Op::Stop => {
                dc::stop(docker, &inst.container_id, 10)
                    .await
                    .map_err(failed)?;
                InstanceStatus::Exited
            }
            Op::Restart => {
                dc::restart(docker, &inst.container_id, 10)
                    .await
                    .map_err(failed)?;
                InstanceStatus::Running
            }
        })
    }

    /// Records how a container that is no longer running ended (one inspect);
    /// a running or absent container changes nothing here.
    pub(super) async fn note_ended(
        &self,
        id: i64,
        docker: &bollard::Docker,
        node_name: &str,
        container_id: &str,
    ) -> Result<()> {
        let Ok(Some(state)) = dc::run_state(docker, container_id).await else {
            return Ok(());
        };
        // Being stopped (or created, deleted) by this process: its own write
        // says how it ended.
        if state.running || self.is_in_flight(id) {
            return Ok(());
        }
        // The engine's words are kept in the node's terms (users read a
        // summary of them, see `failure_for_users`).
        let error = if state.error.is_empty() {
            String::new()
        } else {
            format!("on node '{node_name}': {}", state.error)
        };
        self.ctx
            .store
            .set_instance_exit(
                id,
                Some(state.end.exit_code),
                exit_reason(&state.end),
                &error,
                self.ctx.clock.now(),
            )
            .await?;
        Ok(())
    }

    /// One instance with its status checked on the node when the row says it
    /// runs: a container whose command ended at once (a Debian image's `bash`)
    /// shows as exited, with its exit code and why, on the next look instead
    /// of the next health round. Bounded: a node that does not answer within
    /// two seconds leaves the row as it is (the health round will see it).
    pub async fn get_live(&self, me: &Principal, id: i64) -> Result<Instance> {
        let inst = self.get(me, id).await?;
        if inst.status != InstanceStatus::Running || inst.container_id.is_empty() {
            return Ok(inst);
        }
        let check = async {
            let (docker, node) = self.catalog.docker(inst.node_id).await?;
            self.note_ended(id, &docker, &node.draft.name, &inst.container_id)
                .await
        };
        match tokio::time::timeout(std::time::Duration::from_secs(2), check).await {
            Ok(Ok(())) => self.get(me, id).await,
            Ok(Err(e)) => {
                tracing::debug!(instance = id, error = %e, "live status check skipped");
                Ok(inst)
            }
            Err(_) => Ok(inst),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Start,
    Stop,
    Restart,
}
