//! Idle and scheduled shutdown: what the autostop loop reads about running
//! instances and what it writes back. The rules are in
//! `tianqi_core::autostop`; an instance's own schedule is set here too.

use chrono::{DateTime, Utc};
use tianqi_core::autostop::StopReason;

use crate::usage::CloseAt;
use crate::{on_db, Result, Store};

/// One running instance as the autostop loop sees it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AutoStopRow {
    pub id: i64,
    pub name: String,
    pub owner_id: i64,
    pub node_id: i64,
    pub container_id: String,
    pub stop_at: Option<DateTime<Utc>>,
    pub stop_after_secs: Option<i64>,
    pub idle_since: Option<DateTime<Utc>>,
    pub auto_stop_at: Option<DateTime<Utc>>,
    pub auto_stop_reason: String,
    /// When it last started running: its open usage interval.
    pub running_since: Option<DateTime<Utc>>,
    /// The spec's idle limit, the owner's own and everyone's default (minutes).
    pub spec_idle_minutes: Option<i64>,
    pub owner_idle_minutes: Option<i64>,
    pub default_idle_minutes: Option<i64>,
}

impl Store {
    /// Every running instance with a container, with what its shutdown rules
    /// need (one query).
    pub async fn autostop_watch_list(&self) -> Result<Vec<AutoStopRow>> {
        let sql = "SELECT i.id, i.name, i.owner_id, i.node_id, i.container_id, i.stop_at, \
             i.stop_after_secs, i.idle_since, i.auto_stop_at, i.auto_stop_reason, \
             u.started_at AS running_since, s.idle_stop_minutes AS spec_idle_minutes, \
             q.idle_stop_minutes AS owner_idle_minutes, d.idle_stop_minutes AS default_idle_minutes \
             FROM instances i \
             LEFT JOIN usage_intervals u ON u.kind = 'instance' AND u.subject_id = i.id AND u.ended_at IS NULL \
             LEFT JOIN specs s ON s.id = i.spec_id \
             LEFT JOIN quotas q ON q.user_id = i.owner_id \
             LEFT JOIN quotas d ON d.user_id = 0 \
             WHERE i.status = 'running' AND i.container_id <> '' ORDER BY i.id";
        Ok(on_db!(self, |pool| sqlx::query_as(sql)
            .fetch_all(pool)
            .await?))
    }

    /// What the loop found: idle since, and when the instance is due to stop
    /// and why. Only a running row changes.
    pub async fn set_instance_autostop(
        &self,
        id: i64,
        idle_since: Option<DateTime<Utc>>,
        due: Option<(DateTime<Utc>, StopReason)>,
    ) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "UPDATE instances SET idle_since = $2, auto_stop_at = $3, auto_stop_reason = $4 \
                 WHERE id = $1 AND status = 'running'",
            )
            .bind(id)
            .bind(idle_since)
            .bind(due.map(|d| d.0))
            .bind(due.map_or("", |d| d.1.as_str()))
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(())
    }

    /// The owner's schedule: a time to stop at and a run length (seconds).
    pub async fn set_instance_schedule(
        &self,
        id: i64,
        stop_at: Option<DateTime<Utc>>,
        stop_after_secs: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE instances SET stop_at = $2, stop_after_secs = $3, updated_at = $4 WHERE id = $1",
            )
            .bind(id)
            .bind(stop_at)
            .bind(stop_after_secs)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n > 0)
    }

    /// Marks an instance stopped on its own (its container was stopped), in
    /// one write with why: a scheduled time is used up, the idle stretch is
    /// over, and its usage interval closes now.
    pub async fn set_instance_auto_stopped(
        &self,
        id: i64,
        reason: StopReason,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let n = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE instances SET status = 'exited', exit_code = NULL, exit_reason = 'auto_stopped', \
                 status_error = '', updated_at = $2, idle_since = NULL, auto_stop_at = $2, \
                 auto_stop_reason = $3, stop_at = CASE WHEN $3 = 'scheduled' THEN NULL ELSE stop_at END \
                 WHERE id = $1 AND status IN ('running', 'exited')",
            )
            .bind(id)
            .bind(at)
            .bind(reason.as_str())
            .execute(pool)
            .await?
            .rows_affected()
        });
        if n > 0 {
            self.close_instance_usage(id, CloseAt::Time(at), at).await?;
        }
        Ok(())
    }

    /// A start begins afresh: no idle stretch, nothing due until the loop
    /// looks again.
    pub async fn clear_instance_autostop(&self, id: i64) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "UPDATE instances SET idle_since = NULL, auto_stop_at = NULL, auto_stop_reason = '' \
                 WHERE id = $1",
            )
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(())
    }
}
