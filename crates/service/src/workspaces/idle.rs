//! Idle workspaces are stopped (culled) like idle instances, keeping their
//! container and data: the next compat `/create` or `/restart` starts the same
//! container with the same ports. The rules are `tianqi_core::autostop`'s; the
//! idle stretch is kept in memory (a server restart starts it afresh).

use chrono::{DateTime, Duration, Utc};
use tianqi_core::autostop::{idle_now, next_idle_since};
use tianqi_core::Result;
use tianqi_docker::container as dc;
use tianqi_docker::observe::{raw_sample, running_execs, RawSample};
use tianqi_store::NewAudit;

use super::{engine_error, Workspace, WorkspaceService, STOP_GRACE_SECS};

/// The last reading of one running workspace and since when it is idle.
#[derive(Debug, Clone, Copy)]
pub(super) struct IdleWatch {
    sample: RawSample,
    at: DateTime<Utc>,
    since: Option<DateTime<Utc>>,
}

impl WorkspaceService {
    /// One round: every running workspace of the profile is read; one idle for
    /// `idle_stop_minutes` is stopped. Nothing when culling is off.
    pub async fn idle_round(&self) -> Result<()> {
        let Some(state) = self.state.clone() else {
            return Ok(());
        };
        let limit = state.profile.idle_stop_minutes;
        if limit <= 0 {
            return Ok(());
        }
        let running: Vec<Workspace> = self
            .list()
            .await?
            .iter()
            .filter(|w| w.status == "running" && !w.docker_id.is_empty())
            .cloned()
            .collect();
        if let Ok(mut idle) = state.idle.lock() {
            idle.retain(|user, _| running.iter().any(|w| w.user_id == *user));
        }
        for w in running {
            if let Err(e) = self.watch_idle(&w, Duration::minutes(limit)).await {
                tracing::debug!(workspace = %w.container_name, error = %e, "idle check skipped");
            }
        }
        Ok(())
    }

    async fn watch_idle(&self, w: &Workspace, limit: Duration) -> Result<()> {
        let state = self.state()?.clone();
        let (docker, _) = self.node().await?;
        let (sample, _) = raw_sample(&docker, &w.docker_id, true)
            .await
            .map_err(engine_error)?;
        let sessions = running_execs(&docker, &w.docker_id)
            .await
            .map_err(engine_error)?;
        let now = self.ctx.clock.now();
        let before = state
            .idle
            .lock()
            .ok()
            .and_then(|m| m.get(&w.user_id).copied());
        let cpu = before.and_then(|b| sample.cpu_percent_after(&b.sample));
        let idle = idle_now(cpu, state.profile.idle_cpu_percent, sessions > 0);
        let since = next_idle_since(
            before.and_then(|b| b.since),
            idle,
            before.map_or(now, |b| b.at),
        );
        if let Ok(mut m) = state.idle.lock() {
            m.insert(
                w.user_id,
                IdleWatch {
                    sample,
                    at: now,
                    since,
                },
            );
        }
        match since {
            Some(t) if t + limit <= now => self.cull(w, &docker).await,
            _ => Ok(()),
        }
    }

    /// Stops the workspace under its user's lock (an operation in progress
    /// goes first), records it stopped and audits why.
    async fn cull(&self, w: &Workspace, docker: &bollard::Docker) -> Result<()> {
        let state = self.state()?.clone();
        let _guard = state.lock_user(w.user_id).await?;
        dc::stop(docker, &w.docker_id, STOP_GRACE_SECS as i64)
            .await
            .map_err(engine_error)?;
        self.set_record_status(&state.profile.name, w.user_id, "stopped")
            .await?;
        if let Ok(mut m) = state.idle.lock() {
            m.remove(&w.user_id);
        }
        tracing::info!(workspace = %w.container_name, "stopped an idle workspace (data kept)");
        let now = self.ctx.clock.now();
        let detail = serde_json::json!({
            "workspace": w.container_name,
            "user_id": w.user_id,
            "reason": "idle",
        });
        self.ctx
            .store
            .insert_audit(&NewAudit::by_system(
                now,
                "autostop:workspace",
                w.user_id,
                &detail,
            ))
            .await?;
        Ok(())
    }
}
