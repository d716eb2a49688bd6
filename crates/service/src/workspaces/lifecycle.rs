//! The compat `/create`, `/destroy` and `/restart`: one user's container,
//! under that user's lock.

use bollard::Docker;
use tianqi_core::workspace::{Profile, Slot};
use tianqi_core::{Error, Result};
use tianqi_docker::container as dc;
use tianqi_store::StoredNode;

use super::data_dir::prepare_data_dir;
use super::stats::prime_stats;
use super::{
    engine_error, start_error, with_lifecycle_timeout, CreateOutcome, WorkspaceService,
    STOP_GRACE_SECS,
};

impl WorkspaceService {
    /// The compat `/create`: make the user's workspace run.
    pub async fn create(&self, user_id: i64) -> Result<(CreateOutcome, Slot, String)> {
        let state = self.state()?.clone();
        let profile = &state.profile;
        let slot = Self::slot_of(profile, user_id)?;
        let name = profile.container_name(user_id);
        let _guard = state.lock_user(user_id).await?;
        let (docker, node) = self.node().await?;
        match dc::inspect(&docker, &name).await.map_err(engine_error)? {
            Some(c) if !self.is_ours(profile, &c) => Err(Error::conflict(format!(
                "a container named {name} exists and is not managed by this Tianqi installation"
            ))),
            Some(c) if c.running => {
                self.record_seen(profile, slot, node.id, &c, true).await?;
                Ok((CreateOutcome::AlreadyRunning, slot, name))
            }
            Some(c) => {
                // A stopped workspace is started as it is (same ports, limits, data).
                prepare_data_dir(profile, user_id).await?;
                if let Err(e) = dc::start(&with_lifecycle_timeout(&docker), &c.id).await {
                    return Err(start_error(&e, slot));
                }
                self.record_seen(profile, slot, node.id, &c, true).await?;
                prime_stats(&state, &docker, &c.id);
                Ok((CreateOutcome::Started, slot, name))
            }
            None => {
                self.create_fresh(&docker, &node, profile, slot).await?;
                Ok((CreateOutcome::Created, slot, name))
            }
        }
    }

    /// A new container. The record is written `creating` first, so a crash in
    /// the middle leaves a trace reconciliation can roll back; any failure here
    /// removes what was made (container, record, and the data directory if this
    /// attempt created it).
    async fn create_fresh(
        &self,
        docker: &Docker,
        node: &StoredNode,
        profile: &Profile,
        slot: Slot,
    ) -> Result<()> {
        let now = self.ctx.clock.now();
        let row = self.row_for(profile, slot, node.id, None, "creating", now);
        self.put_record(&row).await?;
        let fresh_dir = match prepare_data_dir(profile, slot.user_id).await {
            Ok(f) => f,
            Err(e) => {
                self.delete_record(&profile.name, slot.user_id).await?;
                return Err(e);
            }
        };
        let plan = profile.plan(&self.ctx.install_id, node.id, slot);
        let docker = &with_lifecycle_timeout(docker);
        let result = async {
            let (id, _) = dc::create_container(docker, &plan)
                .await
                .map_err(engine_error)?;
            if let Err(e) = dc::start(docker, &id).await {
                let _ = dc::remove(docker, &id, &[]).await;
                return Err(start_error(&e, slot));
            }
            Ok(id)
        }
        .await;
        match result {
            Ok(id) => {
                let mut row = row;
                prime_stats(self.state()?, docker, &id);
                row.container_id = id;
                row.status = "running".into();
                row.updated_at = self.ctx.clock.now();
                self.put_record(&row).await?;
                tracing::info!(workspace = %plan.name, user_id = slot.user_id, http_port = slot.http_port, ws_port = slot.ws_port, "workspace created");
                Ok(())
            }
            Err(e) => {
                // Nothing half-created: the container is gone (above), then the
                // record and a data directory made only for this attempt.
                self.delete_record(&profile.name, slot.user_id).await?;
                if fresh_dir {
                    let _ = tokio::fs::remove_dir_all(profile.data_dir(slot.user_id)).await;
                }
                tracing::warn!(workspace = %plan.name, error = %e, "workspace create failed and was rolled back");
                Err(e)
            }
        }
    }

    /// The compat `/destroy`: remove the container, keep the data directory.
    /// NotFound when there is no such workspace.
    pub async fn destroy(&self, user_id: i64) -> Result<()> {
        let state = self.state()?.clone();
        let profile = &state.profile;
        let _ = Self::slot_of(profile, user_id).map_err(|_| Error::not_found("no workspace"))?;
        let _guard = state.lock_user(user_id).await?;
        let (docker, _) = self.node().await?;
        let found = self.container_of(&docker, profile, user_id).await?;
        let Some(c) = found else {
            self.delete_record(&profile.name, user_id).await?;
            return Err(Error::not_found("Container not found"));
        };
        dc::remove(&with_lifecycle_timeout(&docker), &c.id, &[])
            .await
            .map_err(engine_error)?;
        self.delete_record(&profile.name, user_id).await?;
        if let Ok(mut s) = state.samples.lock() {
            s.remove(&c.id);
        }
        tracing::info!(workspace = %c.name, "workspace destroyed (data directory kept)");
        Ok(())
    }

    /// The compat `/restart`: same container, so the same ports and limits.
    pub async fn restart(&self, user_id: i64) -> Result<()> {
        let state = self.state()?.clone();
        let profile = &state.profile;
        let slot = Self::slot_of(profile, user_id).map_err(|_| Error::not_found("no workspace"))?;
        let _guard = state.lock_user(user_id).await?;
        let (docker, node) = self.node().await?;
        let Some(c) = self.container_of(&docker, profile, user_id).await? else {
            self.delete_record(&profile.name, user_id).await?;
            return Err(Error::not_found("Container not found"));
        };
        prepare_data_dir(profile, user_id).await?;
        if let Err(e) = dc::restart(&docker, &c.id, STOP_GRACE_SECS).await {
            return Err(start_error(&e, slot));
        }
        self.record_seen(profile, slot, node.id, &c, true).await?;
        prime_stats(&state, &docker, &c.id);
        Ok(())
    }
}
