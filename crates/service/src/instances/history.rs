//! The last hour of each running instance's resource use: a round samples
//! every running instance (one-shot readings, a few at a time) and keeps the
//! samples in memory; the instance page charts them. In memory because an
//! hour of 15 s samples is small and a restart losing it costs nothing but
//! the chart's left side; each server of a scale-out keeps its own.

use std::collections::HashMap;

use chrono::Duration;
use futures::StreamExt;
use serde::Serialize;
use tianqi_core::policy::Principal;
use tianqi_core::stats_history::{History, Sample, StatsPoint};
use tianqi_core::{Error, Result};
use tianqi_docker::observe::raw_sample;
use tianqi_store::AutoStopRow;

use super::InstanceService;

/// How far back the charts go.
const KEEP_MINUTES: i64 = 60;
/// Instances read at once in a round.
const AT_ONCE: usize = 8;

pub(super) type Histories = HashMap<i64, History>;

/// An instance's charts.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatsHistory {
    /// Seconds between samples (`instances.stats_history_interval_secs`; 0:
    /// no history is kept).
    pub interval_secs: u64,
    /// Oldest first, at most the last hour.
    pub points: Vec<StatsPoint>,
}

impl InstanceService {
    /// The charts of an instance `me` may see.
    pub async fn stats_history(&self, me: &Principal, id: i64) -> Result<StatsHistory> {
        let inst = self.get(me, id).await?;
        let points = self
            .histories
            .lock()
            .map_err(|_| Error::internal("stats history lock poisoned"))?
            .get(&id)
            .map(|h| h.points(inst.cpu_cores))
            .unwrap_or_default();
        Ok(StatsHistory {
            interval_secs: self.settings.stats_history_interval_secs,
            points,
        })
    }

    /// One round: a sample of every running instance. Instances no longer
    /// running are forgotten; one whose node does not answer keeps its
    /// samples (a gap in the chart, not an empty one).
    pub async fn stats_history_round(&self) -> Result<()> {
        let rows = self.ctx.store.autostop_watch_list().await?;
        let running: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let samples: Vec<(i64, Option<Sample>)> = futures::stream::iter(rows)
            .map(|row| async move { (row.id, self.sample(&row).await) })
            .buffer_unordered(AT_ONCE)
            .collect()
            .await;
        let keep = Duration::minutes(KEEP_MINUTES);
        let mut histories = self
            .histories
            .lock()
            .map_err(|_| Error::internal("stats history lock poisoned"))?;
        histories.retain(|id, _| running.contains(id));
        for (id, sample) in samples {
            if let Some(s) = sample {
                histories.entry(id).or_default().push(s, keep);
            }
        }
        Ok(())
    }

    async fn sample(&self, row: &AutoStopRow) -> Option<Sample> {
        let read = async {
            let (docker, _) = self.catalog.docker(row.node_id).await?;
            raw_sample(&docker, &row.container_id, true)
                .await
                .map_err(|e| Error::Unavailable(e.to_string()))
        };
        match read.await {
            Ok((r, _)) => Some(Sample {
                at: self.ctx.clock.now(),
                cpu_total: r.cpu_total,
                system_total: r.system_total,
                online_cpus: r.online_cpus,
                mem_usage: r.mem_usage,
                mem_limit: r.mem_limit,
                net_rx: r.io.net_rx,
                net_tx: r.io.net_tx,
                blk_read: r.io.blk_read,
                blk_write: r.io.blk_write,
            }),
            Err(e) => {
                tracing::debug!(instance = row.id, error = %e, "stats history: no sample");
                None
            }
        }
    }
}
