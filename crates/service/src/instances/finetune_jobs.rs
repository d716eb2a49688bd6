//! Fine-tuning jobs, placed like instances: the job's image and spec are
//! checked as an instance create checks them, the asked-for GPU cards are
//! checked against each node (`tianqi_core::finetune::place`), and the job's
//! row — which holds the capacity while it is active — is written under the
//! same placement lock, so jobs, runs and creates never take the same free
//! capacity. The fine-tuning service drives the job; this is the part that
//! knows nodes and capacity.

use tianqi_core::finetune::{place, JobSpec};
use tianqi_core::instance::GpuGrant;
use tianqi_core::placement::NodeState;
use tianqi_core::policy::Principal;
use tianqi_core::{Error, Result};
use tianqi_store::{NewJob, StoredJob};

use super::create::held_demand;
use super::task_runs::TaskPlacement;
use super::InstanceService;

impl InstanceService {
    /// Places a job and inserts it holding its capacity (pending). No node,
    /// or the asked-for cards missing or taken → an error naming the cause
    /// (`gpu_devices` for the cards), nothing written.
    pub(crate) async fn reserve_finetune_job(
        &self,
        owner: &Principal,
        spec: &JobSpec,
    ) -> Result<(StoredJob, TaskPlacement)> {
        let (mut demand, image) = self.demand(owner, spec.spec_id, spec.image_id).await?;
        // A job has no data volume: its output goes to a bound directory.
        demand.data_disk_gb = 0;
        let _guard = self.placement_lock.lock().await?;
        // Under the lock, like a create: concurrent jobs see each other.
        crate::usage::check_quota(&self.ctx, owner.user_id, held_demand(&demand)).await?;
        let states: Vec<NodeState> = self.docker_node_states().await?;
        let chosen = place(&states, &demand, &spec.gpu_devices).map_err(|r| {
            r.into_error(|s| {
                Error::conflict(format!("no node can take this job: {}", s.describe()))
            })
        })?;
        let gpus: Vec<GpuGrant> = chosen.cards.iter().copied().map(GpuGrant::from).collect();
        let job = self
            .ctx
            .store
            .insert_finetune_job(
                &NewJob {
                    owner_id: owner.user_id,
                    spec,
                    node_id: chosen.node_id,
                    cpu_milli: demand.cpu_milli,
                    memory_mib: demand.memory_mib,
                    system_disk_gb: demand.system_disk_gb,
                    gpus: &gpus,
                },
                self.ctx.clock.now(),
            )
            .await?;
        let placement = TaskPlacement {
            run_id: job.job.id,
            node_id: chosen.node_id,
            image_address: image.address,
            image_capabilities: image.capabilities,
            cpu_milli: demand.cpu_milli,
            memory_mib: demand.memory_mib,
            system_disk_gb: demand.system_disk_gb,
            gpus,
            gpu_split: demand.split,
        };
        Ok((job, placement))
    }
}
