//! The store's record of each workspace, kept in step with what Docker shows
//! (every write drops the cached list).

use chrono::{DateTime, Utc};
use tianqi_core::catalog::quantity::Price;
use tianqi_core::usage::SubjectKind;
use tianqi_core::workspace::{Profile, Slot};
use tianqi_core::Result;
use tianqi_docker::container::{self as dc, ContainerInfo};
use tianqi_store::{CloseAt, NewUsage, WorkspaceRow};

use super::{engine_error, parse_time, WorkspaceService};
use bollard::Docker;

impl WorkspaceService {
    pub(super) fn is_ours(&self, profile: &Profile, c: &ContainerInfo) -> bool {
        c.labels.get("tianqi.install") == Some(&self.ctx.install_id)
            && c.labels.get(tianqi_core::workspace::LABEL_PROFILE) == Some(&profile.name)
    }

    pub(super) async fn put_record(&self, row: &WorkspaceRow) -> Result<()> {
        let r = self.ctx.store.put_workspace(row).await;
        self.state()?.drop_list();
        r?;
        self.meter(row.user_id, Some(row.node_id), row.status == "running")
            .await
    }

    pub(super) async fn delete_record(&self, profile: &str, user_id: i64) -> Result<()> {
        let r = self.ctx.store.delete_workspace(profile, user_id).await;
        self.state()?.drop_list();
        r?;
        self.meter(user_id, None, false).await
    }

    pub(super) async fn set_record_status(
        &self,
        profile: &str,
        user_id: i64,
        status: &str,
    ) -> Result<()> {
        let r = self
            .ctx
            .store
            .set_workspace_status(profile, user_id, status, self.ctx.clock.now())
            .await;
        self.state()?.drop_list();
        r?;
        let node = self
            .ctx
            .store
            .workspace(profile, user_id)
            .await?
            .map(|w| w.node_id);
        self.meter(user_id, node, status == "running").await
    }

    /// Every record write goes through here: a running workspace is metered
    /// (its profile's CPU and memory, no price of its own), any other is not.
    async fn meter(&self, user_id: i64, node_id: Option<i64>, running: bool) -> Result<()> {
        let profile = &self.state()?.profile;
        let now = self.ctx.clock.now();
        match node_id {
            Some(node_id) if running => Ok(self
                .ctx
                .store
                .open_usage(&NewUsage {
                    kind: SubjectKind::Workspace,
                    subject_id: user_id,
                    subject_key: &profile.name,
                    owner_id: user_id,
                    node_id,
                    spec_id: None,
                    cpu_milli: profile.cpu_milli,
                    memory_mib: profile.memory_bytes / (1024 * 1024),
                    gpus: &[],
                    gpu_split: false,
                    disk_gb: 0,
                    price_per_hour: Price(0),
                    at: now,
                })
                .await?),
            _ => Ok(self
                .ctx
                .store
                .close_usage(
                    SubjectKind::Workspace,
                    user_id,
                    &profile.name,
                    CloseAt::Beat(now),
                )
                .await?),
        }
    }

    /// The container of `user_id` if it exists and is this installation's.
    pub(super) async fn container_of(
        &self,
        docker: &Docker,
        profile: &Profile,
        user_id: i64,
    ) -> Result<Option<ContainerInfo>> {
        let name = profile.container_name(user_id);
        match dc::inspect(docker, &name).await {
            Ok(Some(c)) if self.is_ours(profile, &c) => Ok(Some(c)),
            Ok(_) => Ok(None),
            Err(e) => {
                self.forget_node().await;
                Err(engine_error(e))
            }
        }
    }

    pub(super) fn row_for(
        &self,
        profile: &Profile,
        slot: Slot,
        node_id: i64,
        c: Option<&ContainerInfo>,
        status: &str,
        created_at: DateTime<Utc>,
    ) -> WorkspaceRow {
        WorkspaceRow {
            profile: profile.name.clone(),
            user_id: slot.user_id,
            node_id,
            container_name: profile.container_name(slot.user_id),
            container_id: c.map(|c| c.id.clone()).unwrap_or_default(),
            http_port: i64::from(slot.http_port),
            ws_port: i64::from(slot.ws_port),
            status: status.to_owned(),
            created_at,
            updated_at: self.ctx.clock.now(),
        }
    }

    /// Makes the record agree with a container that exists.
    pub(super) async fn record_seen(
        &self,
        profile: &Profile,
        slot: Slot,
        node_id: i64,
        c: &ContainerInfo,
        running: bool,
    ) -> Result<()> {
        let status = if running { "running" } else { "stopped" };
        match self
            .ctx
            .store
            .workspace(&profile.name, slot.user_id)
            .await?
        {
            Some(r) if r.container_id == c.id && r.status == status => Ok(()),
            Some(r) if r.container_id == c.id => Ok(self
                .set_record_status(&profile.name, slot.user_id, status)
                .await?),
            _ => {
                let created = parse_time(&c.created).unwrap_or_else(|| self.ctx.clock.now());
                let row = self.row_for(profile, slot, node_id, Some(c), status, created);
                Ok(self.put_record(&row).await?)
            }
        }
    }
}
