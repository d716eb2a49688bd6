//! Idle and scheduled shutdown (定时关机, 空闲关机): the owner's schedule, and
//! the round that reads each running instance (CPU counters, running execs),
//! records since when it is idle and when it is due, and stops what is due.
//! The rules are `tianqi_core::autostop`'s.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use tianqi_core::autostop::{
    decide, idle_limit, idle_now, next_idle_since, Decision, Schedule, StopReason, Watch,
};
use tianqi_core::instance::{Instance, InstanceStatus};
use tianqi_core::policy::Principal;
use tianqi_core::{Error, Result};
use tianqi_docker::container as dc;
use tianqi_docker::observe::{raw_sample, running_execs, RawSample};
use tianqi_store::{AutoStopRow, NewAudit};

use super::InstanceService;

/// The last CPU reading of each instance the round watches for idleness.
pub(super) type Readings = HashMap<i64, (RawSample, DateTime<Utc>)>;

impl InstanceService {
    /// Sets (replaces) the owner's schedule of an instance `me` may act on.
    pub async fn set_schedule(&self, me: &Principal, id: i64, s: Schedule) -> Result<Instance> {
        let inst = self.get(me, id).await?;
        let secs = s.validate(self.ctx.clock.now())?;
        self.ctx
            .store
            .set_instance_schedule(inst.id, s.stop_at, secs, self.ctx.clock.now())
            .await?;
        self.get(me, id).await
    }

    /// One round: every running instance is read and judged; what is due is
    /// stopped. A node that does not answer leaves its instances as they are.
    pub async fn autostop_round(&self) -> Result<()> {
        let rows = self.ctx.store.autostop_watch_list().await?;
        let mut seen = Vec::with_capacity(rows.len());
        for row in rows {
            seen.push(row.id);
            if self.is_in_flight(row.id) {
                continue;
            }
            if let Err(e) = self.watch_one(&row).await {
                tracing::debug!(instance = row.id, error = %e, "autostop: instance not checked");
            }
        }
        if let Ok(mut readings) = self.readings.lock() {
            readings.retain(|id, _| seen.contains(id));
        }
        Ok(())
    }

    async fn watch_one(&self, row: &AutoStopRow) -> Result<()> {
        let now = self.ctx.clock.now();
        let limit = idle_limit(
            row.spec_idle_minutes.filter(|m| *m > 0),
            row.owner_idle_minutes.or(row.default_idle_minutes),
        );
        let idle_since = match limit {
            Some(_) => self.idle_reading(row, now).await?,
            None => None,
        };
        let w = Watch {
            now,
            running_since: row.running_since,
            stop_at: row.stop_at,
            stop_after: row.stop_after_secs.map(Duration::seconds),
            idle_since,
            idle_limit: limit,
        };
        let due = match decide(&w, self.warn_before()) {
            Decision::Stop(reason) => return self.auto_stop(row, reason).await,
            Decision::Due { at, reason, .. } => Some((at, reason)),
            Decision::Keep => None,
        };
        let stored = row
            .auto_stop_at
            .zip(StopReason::parse(&row.auto_stop_reason));
        if idle_since != row.idle_since || due != stored {
            self.ctx
                .store
                .set_instance_autostop(row.id, idle_since, due)
                .await?;
        }
        Ok(())
    }

    /// Reads the instance's CPU counter and sessions and answers since when
    /// it is idle (see `next_idle_since`).
    async fn idle_reading(
        &self,
        row: &AutoStopRow,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>> {
        let (docker, node) = self.catalog.docker(row.node_id).await?;
        let failed = |e| self.node_error(&node, e);
        let (sample, _) = raw_sample(&docker, &row.container_id, true)
            .await
            .map_err(failed)?;
        let sessions = running_execs(&docker, &row.container_id)
            .await
            .map_err(failed)?;
        let before = self
            .readings
            .lock()
            .map_err(|_| Error::internal("autostop readings lock poisoned"))?
            .insert(row.id, (sample, now));
        let cpu = before.and_then(|(b, at)| Some((sample.cpu_percent_after(&b)?, at)));
        let idle = idle_now(
            cpu.map(|(c, _)| c),
            self.settings.idle_cpu_percent,
            sessions > 0,
        );
        let read_from = cpu.map_or(now, |(_, at)| at);
        Ok(next_idle_since(row.idle_since, idle, read_from))
    }

    /// Stops a due instance like a stop by its owner, then says why: the
    /// row (the console explains it) and the audit log.
    async fn auto_stop(&self, row: &AutoStopRow, reason: StopReason) -> Result<()> {
        let (docker, node) = self.catalog.docker(row.node_id).await?;
        let _flight = super::in_flight::InFlight::begin(self, row.id).await?;
        dc::stop(&docker, &row.container_id, 10)
            .await
            .map_err(|e| self.node_error(&node, e))?;
        let now = self.ctx.clock.now();
        self.ctx
            .store
            .set_instance_auto_stopped(row.id, reason, now)
            .await?;
        if let Ok(mut readings) = self.readings.lock() {
            readings.remove(&row.id);
        }
        tracing::info!(instance = row.id, name = %row.name, reason = reason.as_str(), "stopped an instance automatically");
        let detail = serde_json::json!({
            "instance": row.name,
            "owner_id": row.owner_id,
            "reason": reason.as_str(),
        });
        self.ctx
            .store
            .insert_audit(&NewAudit::by_system(
                now,
                "autostop:instance",
                row.id,
                &detail,
            ))
            .await?;
        Ok(())
    }

    fn warn_before(&self) -> Duration {
        Duration::minutes(
            i64::try_from(self.settings.autostop_warn_minutes).unwrap_or(i64::MAX / 60_000),
        )
    }

    /// Whether the owner is warned now of the instance's coming stop.
    pub(super) fn with_warning(&self, mut inst: Instance) -> Instance {
        inst.auto_stop.warn = inst.status == InstanceStatus::Running
            && inst
                .auto_stop
                .due_at
                .is_some_and(|at| at - self.ctx.clock.now() <= self.warn_before());
        inst
    }
}
