//! The servers sharing this database. Each beats every [`BEAT_EVERY`]; one
//! not heard of for [`GONE_AFTER`] is taken for gone: its in-flight marks
//! stop counting and reconciliation may finish what it left. Beats are wall
//! clock time: they coordinate processes, not the domain's clock.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tianqi_core::policy::{check_access, Access, Principal};
use tianqi_core::Result;

use crate::Context;

pub const BEAT_EVERY: Duration = Duration::from_secs(5);
/// Six missed beats: long enough for a busy database, short enough that an
/// interrupted create is cleaned up within a minute of its server's death.
pub const GONE_AFTER: chrono::Duration = chrono::Duration::seconds(30);
/// Gone servers stay listed this long, then are forgotten.
const FORGET_AFTER: chrono::Duration = chrono::Duration::hours(1);

/// A server process sharing the database, for the operator.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServerView {
    /// The process's mark (pid and start time).
    pub holder: String,
    pub started_at: DateTime<Utc>,
    pub beat_at: DateTime<Utc>,
    /// True for the server answering this request.
    pub this: bool,
    /// False once it has not beaten for 30 s.
    pub alive: bool,
}

#[derive(Clone)]
pub struct FleetService {
    ctx: Context,
    started_at: DateTime<Utc>,
}

impl FleetService {
    pub fn new(ctx: Context) -> Self {
        Self {
            ctx,
            started_at: Utc::now(),
        }
    }

    /// This server's beat, and the forgetting of long-gone ones.
    pub async fn beat_round(&self) -> Result<()> {
        let now = Utc::now();
        self.ctx.store.beat_server(self.started_at, now).await?;
        self.ctx
            .store
            .forget_servers_before(now - FORGET_AFTER)
            .await?;
        Ok(())
    }

    /// This server stopping: the others need not wait for its beat to age.
    pub async fn leave(&self) -> Result<()> {
        Ok(self.ctx.store.leave_servers().await?)
    }

    /// The servers heard of within the last hour, oldest first (admins).
    pub async fn list(&self, who: &Principal) -> Result<Vec<ServerView>> {
        check_access(Some(who), Access::Admin)?;
        let now = Utc::now();
        let me = self.ctx.store.holder();
        Ok(self
            .ctx
            .store
            .servers_since(now - FORGET_AFTER)
            .await?
            .into_iter()
            .map(|s| ServerView {
                this: s.holder == me,
                alive: s.beat_at >= now - GONE_AFTER,
                holder: s.holder,
                started_at: s.started_at,
                beat_at: s.beat_at,
            })
            .collect())
    }
}
