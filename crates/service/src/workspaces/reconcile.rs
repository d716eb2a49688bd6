//! Records follow the node's labelled containers on every health tick.

use std::collections::{HashMap, HashSet};

use tianqi_core::{Error, Result};
use tianqi_docker::container as dc;
use tianqi_store::WorkspaceRow;

use super::{engine_error, with_lifecycle_timeout, WorkspaceService};

impl WorkspaceService {
    /// The reconciliation loop's round (on the node-check schedule; the first
    /// round at start recovers what a restarted server left). Nothing to do
    /// when workspaces are off or their node is unreachable.
    pub async fn reconcile_round(&self) -> Result<()> {
        if self.state.is_none() {
            return Ok(());
        }
        match self.reconcile().await {
            Ok(0) | Err(Error::Unavailable(_)) => Ok(()),
            Ok(n) => {
                tracing::info!(workspaces = n, "reconciled workspaces");
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Makes the records agree with the node's labelled containers (one list
    /// call; users whose record and container already agree cost nothing more):
    /// adopts containers without a record (a lost database, a crash after the
    /// create), removes containers a create left never started, drops records
    /// whose container is gone, and follows status changes made outside. Users
    /// with an operation in progress are left for the next tick.
    pub async fn reconcile(&self) -> Result<usize> {
        let state = self.state()?.clone();
        let profile = &state.profile;
        let (docker, node) = match self.node().await {
            Ok(n) => n,
            Err(Error::Unavailable(m)) => {
                tracing::debug!(reason = %m, "workspace reconciliation skipped");
                return Ok(0);
            }
            Err(e) => return Err(e),
        };
        let seen = match dc::list_labelled(
            &docker,
            &self.ctx.install_id,
            tianqi_core::workspace::LABEL_PROFILE,
            &profile.name,
        )
        .await
        {
            Ok(s) => s,
            Err(e) => {
                self.forget_node().await;
                return Err(engine_error(e));
            }
        };
        let rows = self.ctx.store.workspaces(&profile.name).await?;
        let by_user: HashMap<i64, &WorkspaceRow> = rows.iter().map(|r| (r.user_id, r)).collect();
        let mut suspects: HashSet<i64> = HashSet::new();
        let mut seen_users = HashSet::new();
        for c in &seen {
            let Some(user) = profile.user_of(&c.name) else {
                continue;
            };
            seen_users.insert(user);
            let agrees = by_user.get(&user).is_some_and(|r| {
                r.container_id == c.id && r.status == if c.running { "running" } else { "stopped" }
            });
            if !agrees || c.state == "created" {
                suspects.insert(user);
            }
        }
        suspects.extend(
            rows.iter()
                .map(|r| r.user_id)
                .filter(|u| !seen_users.contains(u)),
        );
        let mut fixed = 0;
        for user in suspects {
            let Some(_guard) = state.try_lock_user(user).await? else {
                continue;
            };
            let Some(slot) = profile.slot(user) else {
                continue;
            };
            let c = self.container_of(&docker, profile, user).await?;
            let row = self.ctx.store.workspace(&profile.name, user).await?;
            match (c, row) {
                (Some(c), row) if c.state == "created" => {
                    // Made but never started: the remains of an interrupted create.
                    tracing::warn!(workspace = %c.name, "removing a workspace container a create left behind");
                    dc::remove(&with_lifecycle_timeout(&docker), &c.id, &[])
                        .await
                        .map_err(engine_error)?;
                    if row.is_some() {
                        self.delete_record(&profile.name, user).await?;
                    }
                }
                (Some(c), _) => {
                    self.record_seen(profile, slot, node.id, &c, c.running)
                        .await?;
                }
                (None, Some(_)) => {
                    tracing::info!(
                        user_id = user,
                        "workspace container is gone; dropping its record"
                    );
                    self.delete_record(&profile.name, user).await?;
                }
                (None, None) => continue,
            }
            fixed += 1;
        }
        Ok(fixed)
    }
}
