//! Usage intervals (metering) and quotas.
//!
//! An instance's interval is opened and closed by the instance status writes
//! in `instances.rs` (every status change goes through one of them), so no
//! caller can change a status and forget the meter. The reconciler records when
//! it last saw each container running (`last_seen_at`); an interval whose end
//! was observed rather than caused by Tianqi closes there.

use chrono::{DateTime, Utc};
use tianqi_core::catalog::quantity::Price;
use tianqi_core::instance::GpuGrant;
use tianqi_core::usage::{Interval, Quota, SubjectKind};

use crate::{on_db, Result, Store, StoreError};

/// Where a closing interval ends.
#[derive(Debug, Clone, Copy)]
pub enum CloseAt {
    /// Tianqi ended it (a stop, a delete) at this time.
    Time(DateTime<Utc>),
    /// The end was observed (the container was found stopped or gone, maybe
    /// after a crash of the server): the last time it was seen running.
    LastSeen,
    /// Ended now, as this server process saw — unless the subject was last
    /// seen by another process (one that crashed or stopped, whose successor
    /// only learns of the end now): then at that process's last sighting.
    /// For the kinds a server follows in-process (task runs, jobs,
    /// workspaces), which `usage_heartbeat` keeps seen.
    Beat(DateTime<Utc>),
}

/// How often a running server marks the subjects it follows as seen.
pub const HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(30);

/// The kinds `usage_heartbeat` keeps seen (instances are seen by the reconciler).
const FOLLOWED: [SubjectKind; 3] = [
    SubjectKind::Workspace,
    SubjectKind::TaskRun,
    SubjectKind::FinetuneJob,
];

/// kind, subject, disk GB, owner, node, spec, millicores, MiB, cards,
/// card share, price, start, end.
type IntervalRow = (
    String,
    i64,
    i64,
    i64,
    i64,
    Option<i64>,
    i64,
    i64,
    i64,
    i64,
    i64,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
);

/// owner, node, spec, millicores, MiB, gpu_cards JSON, split, status, price.
type MeterRow = (i64, i64, Option<i64>, i64, i64, String, bool, String, i64);

const INTERVAL_COLUMNS: &str = "kind, subject_id, disk_gb, owner_id, node_id, spec_id, cpu_milli, \
    memory_mib, gpu_cards, gpu_milli, price_per_hour, started_at, ended_at";

fn interval(r: IntervalRow) -> Option<Interval> {
    Some(Interval {
        // A kind this build does not know (a newer server's) is left out.
        kind: SubjectKind::parse(&r.0)?,
        subject_id: r.1,
        disk_gb: r.2,
        owner_id: r.3,
        node_id: r.4,
        spec_id: r.5,
        cpu_milli: r.6,
        memory_mib: r.7,
        gpu_cards: r.8,
        gpu_milli: r.9,
        price_per_hour: Price(r.10),
        started_at: r.11,
        ended_at: r.12,
    })
}

/// An interval to open: what it meters, for whom, where, at what price.
#[derive(Debug, Clone)]
pub struct NewUsage<'a> {
    pub kind: SubjectKind,
    pub subject_id: i64,
    /// Names the subject with `subject_id` where one id is not enough (a
    /// workspace: its profile, beside the user id).
    pub subject_key: &'a str,
    pub owner_id: i64,
    pub node_id: i64,
    pub spec_id: Option<i64>,
    pub cpu_milli: i64,
    pub memory_mib: i64,
    pub gpus: &'a [GpuGrant],
    pub gpu_split: bool,
    pub disk_gb: i64,
    pub price_per_hour: Price,
    pub at: DateTime<Utc>,
}

/// GPU share in 1/1000 card: a whole card is 1000, a split slice its SM
/// percent (0 = unthrottled counts as a whole card).
fn gpu_milli(cards: &[GpuGrant], split: bool) -> i64 {
    cards
        .iter()
        .map(|c| {
            if split && (1..100).contains(&c.sm_percent) {
                c.sm_percent * 10
            } else {
                1000
            }
        })
        .sum()
}

impl Store {
    /// Opens the instance's interval if it runs and none is open (the unique
    /// index on open intervals makes a concurrent second open a no-op). The
    /// price is the spec's price now.
    pub(crate) async fn open_instance_usage(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let row: Option<MeterRow> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT i.owner_id, i.node_id, i.spec_id, i.cpu_milli, i.memory_mib, i.gpu_cards, \
                     i.gpu_split, i.status, COALESCE(s.price_per_hour, 0) \
                     FROM instances i LEFT JOIN specs s ON s.id = i.spec_id WHERE i.id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        let Some((owner, node, spec, cpu, mem, cards, split, status, price)) = row else {
            return Ok(());
        };
        if status != "running" {
            return Ok(());
        }
        let cards: Vec<GpuGrant> = serde_json::from_str(&cards)
            .map_err(|e| StoreError::Other(format!("instance {id} gpu_cards: {e}")))?;
        self.open_usage(&NewUsage {
            kind: SubjectKind::Instance,
            subject_id: id,
            subject_key: "",
            owner_id: owner,
            node_id: node,
            spec_id: spec,
            cpu_milli: cpu,
            memory_mib: mem,
            gpus: &cards,
            gpu_split: split,
            disk_gb: 0,
            price_per_hour: Price(price),
            at: now,
        })
        .await
    }

    /// Opens an interval unless the subject has one open already (the
    /// unique index on open intervals makes a concurrent second open a no-op).
    pub async fn open_usage(&self, u: &NewUsage<'_>) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO usage_intervals (kind, subject_id, subject_key, owner_id, node_id, spec_id, \
                 cpu_milli, memory_mib, gpu_cards, gpu_milli, disk_gb, price_per_hour, started_at, last_seen_at, \
                 seen_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14) \
                 ON CONFLICT (kind, subject_id, subject_key) WHERE ended_at IS NULL DO NOTHING",
            )
            .bind(u.kind.as_str())
            .bind(u.subject_id)
            .bind(u.subject_key)
            .bind(u.owner_id)
            .bind(u.node_id)
            .bind(u.spec_id)
            .bind(u.cpu_milli)
            .bind(u.memory_mib)
            .bind(u.gpus.len() as i64)
            .bind(gpu_milli(u.gpus, u.gpu_split))
            .bind(u.disk_gb)
            .bind(u.price_per_hour.0)
            .bind(u.at)
            .bind(self.boot_id.as_ref())
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(())
    }

    /// Closes the subject's open interval, if any.
    pub async fn close_usage(
        &self,
        kind: SubjectKind,
        subject_id: i64,
        subject_key: &str,
        at: CloseAt,
    ) -> Result<()> {
        let (end, seen_by) = match at {
            CloseAt::Time(t) => (Some(t), None),
            CloseAt::LastSeen => (None, None),
            CloseAt::Beat(now) => (Some(now), Some(self.boot_id.as_ref())),
        };
        on_db!(self, |pool| {
            sqlx::query(
                "UPDATE usage_intervals SET ended_at = CASE \
                 WHEN $4 IS NULL THEN last_seen_at \
                 WHEN $5 IS NOT NULL AND seen_by <> $5 THEN last_seen_at ELSE $4 END \
                 WHERE kind = $1 AND subject_id = $2 AND subject_key = $3 AND ended_at IS NULL",
            )
            .bind(kind.as_str())
            .bind(subject_id)
            .bind(subject_key)
            .bind(end)
            .bind(seen_by)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(())
    }

    /// A running server's beat: every open interval of the kinds it follows
    /// in-process was alive now (had one ended, this server would have closed
    /// it), and is this process's. A subject re-attached after a restart
    /// becomes the new process's at its first beat; one found ended before
    /// that closes at the old process's last sighting (`CloseAt::Beat`).
    pub async fn usage_heartbeat(&self, now: DateTime<Utc>) -> Result<()> {
        for kind in FOLLOWED {
            on_db!(self, |pool| {
                sqlx::query(
                    "UPDATE usage_intervals SET last_seen_at = $2, seen_by = $3 \
                     WHERE kind = $1 AND ended_at IS NULL",
                )
                .bind(kind.as_str())
                .bind(now)
                .bind(self.boot_id.as_ref())
                .execute(pool)
                .await?
                .rows_affected()
            });
        }
        Ok(())
    }

    /// A spec's price now (0 when it is gone: usage outlives specs).
    pub(crate) async fn spec_price(&self, spec_id: i64) -> Result<Price> {
        let p: Option<i64> = on_db!(self, |pool| {
            sqlx::query_scalar("SELECT price_per_hour FROM specs WHERE id = $1")
                .bind(spec_id)
                .fetch_optional(pool)
                .await?
        });
        Ok(Price(p.unwrap_or(0)))
    }

    /// Sets the disk price the meter opens disk intervals at (boot, `[usage]`).
    pub fn set_disk_price(&self, per_gb_hour: Price) {
        self.disk_price
            .store(per_gb_hour.0, std::sync::atomic::Ordering::Relaxed);
    }

    /// A stopped instance's disks: metered from `now` while it stays stopped
    /// (`exited`: its container and data volume are kept), at the disk price
    /// in force now. Any other state holds no disk of its own.
    async fn open_instance_disk(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let row: Option<(i64, i64, Option<i64>, i64, i64, String)> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT owner_id, node_id, spec_id, system_disk_gb, data_disk_gb, status \
                 FROM instances WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        let Some((owner, node, spec, system, data, status)) = row else {
            return Ok(());
        };
        if status != "exited" {
            return Ok(());
        }
        let gb = system + data;
        let per_gb = self.disk_price.load(std::sync::atomic::Ordering::Relaxed);
        self.open_usage(&NewUsage {
            kind: SubjectKind::Disk,
            subject_id: id,
            subject_key: "",
            owner_id: owner,
            node_id: node,
            spec_id: spec,
            cpu_milli: 0,
            memory_mib: 0,
            gpus: &[],
            gpu_split: false,
            disk_gb: gb,
            price_per_hour: Price(per_gb.saturating_mul(gb)),
            at: now,
        })
        .await
    }

    /// Closes the instance's open compute interval, if any; a stopped
    /// instance's disks start counting from `now` (see `open_instance_disk`).
    pub(crate) async fn close_instance_usage(
        &self,
        id: i64,
        at: CloseAt,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.close_usage(SubjectKind::Instance, id, "", at).await?;
        self.open_instance_disk(id, now).await
    }

    /// The instance is gone (or going): nothing of it is metered any more.
    /// Its disks count until `now` (they were never "seen", only kept).
    pub(crate) async fn close_instance_all(
        &self,
        id: i64,
        at: CloseAt,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.close_usage(SubjectKind::Instance, id, "", at).await?;
        self.close_usage(SubjectKind::Disk, id, "", CloseAt::Time(now))
            .await
    }

    /// Makes the meter agree with a status just written: compute open while
    /// running, the disks while stopped.
    pub(crate) async fn meter_instance(
        &self,
        id: i64,
        running: bool,
        now: DateTime<Utc>,
        end: CloseAt,
    ) -> Result<()> {
        if running {
            self.close_usage(SubjectKind::Disk, id, "", CloseAt::Time(now))
                .await?;
            self.open_instance_usage(id, now).await
        } else {
            self.close_instance_usage(id, end, now).await
        }
    }

    /// Records that these instances' containers were seen running now. A
    /// running instance without an open interval (one written before metering
    /// existed, or a lost race) gets one from now.
    pub async fn instances_seen_running(&self, ids: &[i64], now: DateTime<Utc>) -> Result<()> {
        for &id in ids {
            let n = on_db!(self, |pool| {
                sqlx::query(
                    "UPDATE usage_intervals SET last_seen_at = $2 \
                     WHERE kind = 'instance' AND subject_id = $1 AND ended_at IS NULL",
                )
                .bind(id)
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
            });
            if n == 0 {
                self.open_instance_usage(id, now).await?;
            }
        }
        Ok(())
    }

    /// Intervals that overlap `[from, to)`, of one owner or everyone. The
    /// exact clipping is the core's; this only narrows the rows.
    pub async fn usage_intervals(
        &self,
        owner_id: Option<i64>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Interval>> {
        let sql = format!(
            "SELECT {INTERVAL_COLUMNS} FROM usage_intervals \
             WHERE ($1 IS NULL OR owner_id = $1) AND started_at < $2 \
             AND (ended_at IS NULL OR ended_at > $3) ORDER BY started_at, id"
        );
        let rows: Vec<IntervalRow> = on_db!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(owner_id)
                .bind(to)
                .bind(from)
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().filter_map(interval).collect())
    }

    /// The quota row of a user (`0`: the default for everyone).
    pub async fn quota(&self, user_id: i64) -> Result<Option<Quota>> {
        let sql = format!("SELECT user_id, {QUOTA_COLUMNS} FROM quotas WHERE user_id = $1");
        let row: Option<QuotaRow> = on_db!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(user_id)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(|r| quota(r).1))
    }

    /// Every quota row, the default (`0`) first.
    pub async fn quotas(&self) -> Result<Vec<(i64, Quota)>> {
        let sql = format!("SELECT user_id, {QUOTA_COLUMNS} FROM quotas ORDER BY user_id");
        let rows: Vec<QuotaRow> =
            on_db!(self, |pool| { sqlx::query_as(&sql).fetch_all(pool).await? });
        Ok(rows.into_iter().map(quota).collect())
    }

    /// Sets (replaces) a user's quota, or the default with `0`.
    pub async fn set_quota(&self, user_id: i64, q: &Quota, now: DateTime<Utc>) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO quotas (user_id, max_instances, max_gpus, max_cpu_milli, max_memory_mib, \
                 max_monthly_cost, max_monthly_gpu_hours, updated_at, idle_stop_minutes) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 ON CONFLICT (user_id) DO UPDATE SET max_instances = $2, max_gpus = $3, max_cpu_milli = $4, \
                 max_memory_mib = $5, max_monthly_cost = $6, max_monthly_gpu_hours = $7, updated_at = $8, \
                 idle_stop_minutes = $9",
            )
            .bind(user_id)
            .bind(q.max_instances)
            .bind(q.max_gpus)
            .bind(q.max_cpu_milli)
            .bind(q.max_memory_mib)
            .bind(q.max_monthly_cost.map(|p| p.0))
            .bind(q.max_monthly_gpu_hours)
            .bind(now)
            .bind(q.idle_stop_minutes)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(())
    }

    /// Removes a user's own quota (the default applies again); answers whether
    /// there was one.
    pub async fn delete_quota(&self, user_id: i64) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query("DELETE FROM quotas WHERE user_id = $1")
                .bind(user_id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n > 0)
    }

    /// What an owner holds now for quotas: instances creating or running, and
    /// the millicores, MiB and GPU cards of those, of their container task
    /// runs and of their fine-tuning jobs holding capacity.
    pub async fn quota_in_use(&self, owner_id: i64) -> Result<(i64, i64, i64, i64)> {
        let instances: Vec<(i64, i64, String)> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT cpu_milli, memory_mib, gpu_cards FROM instances \
                 WHERE owner_id = $1 AND status IN ('creating', 'running')",
            )
            .bind(owner_id)
            .fetch_all(pool)
            .await?
        });
        let held: Vec<(i64, i64, String)> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT r.cpu_milli, r.memory_mib, r.gpu_cards FROM task_reservations r \
                 JOIN tasks t ON t.id = r.task_id WHERE t.owner_id = $1 \
                 UNION ALL SELECT cpu_milli, memory_mib, gpu_cards FROM finetune_jobs \
                 WHERE owner_id = $1 AND reserved",
            )
            .bind(owner_id)
            .fetch_all(pool)
            .await?
        });
        let (mut cpu, mut mem, mut gpus) = (0, 0, 0);
        for (c, m, cards) in instances.iter().chain(&held) {
            cpu += c;
            mem += m;
            let cards: Vec<GpuGrant> = serde_json::from_str(cards)
                .map_err(|e| StoreError::Other(format!("gpu_cards: {e}")))?;
            gpus += cards.len() as i64;
        }
        Ok((instances.len() as i64, cpu, mem, gpus))
    }
}

const QUOTA_COLUMNS: &str =
    "max_instances, max_gpus, max_cpu_milli, max_memory_mib, max_monthly_cost, \
    max_monthly_gpu_hours, idle_stop_minutes";

type QuotaRow = (
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

fn quota(r: QuotaRow) -> (i64, Quota) {
    (
        r.0,
        Quota {
            max_instances: r.1,
            max_gpus: r.2,
            max_cpu_milli: r.3,
            max_memory_mib: r.4,
            max_monthly_cost: r.5.map(Price),
            max_monthly_gpu_hours: r.6,
            idle_stop_minutes: r.7,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gpu_share_counts_whole_cards_and_slices() {
        let card = |sm| GpuGrant {
            index: 0,
            vram_mib: 1024,
            sm_percent: sm,
        };
        assert_eq!(gpu_milli(&[card(100), card(100)], false), 2000);
        assert_eq!(gpu_milli(&[card(25)], true), 250);
        assert_eq!(gpu_milli(&[card(0)], true), 1000);
    }
}
