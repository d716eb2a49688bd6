//! Usage metering (计量) and quotas: pure arithmetic over usage intervals.
//!
//! An interval is one stretch of time a subject (an instance today) ran with a
//! fixed set of resources. It records the spec's price **in force when the
//! interval opened**: a later price change applies to intervals opened after it,
//! never retroactively (a user sees the price they started at, like a metered
//! taxi). A stop and a start open a new interval at the new price.
//!
//! Cost is exact: price units (1/10000 of a currency unit, see [`Price`]) times
//! milliseconds, summed in `i128` per group and divided by one hour **once**, so
//! a group's cost does not depend on how its intervals were split (by day, by
//! the period's edges). Rounding is half up, to 1/10000.
//!
//! Days are UTC days.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::catalog::quantity::{mib_to_gb, milli_to_cores, Price};
use crate::{Error, Result};

const MS_PER_HOUR: i128 = 3_600_000;
/// The longest period one report may cover.
pub const MAX_PERIOD_DAYS: i64 = 400;

/// What an interval meters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// A running instance's compute.
    Instance,
    /// A stopped instance's disks (system + data), at the disk price.
    Disk,
    /// A running workspace (per profile and user).
    Workspace,
    /// A task run in a container, for the run's life.
    TaskRun,
    /// A fine-tuning job while it holds its node's capacity.
    FinetuneJob,
}

impl SubjectKind {
    pub const ALL: [SubjectKind; 5] = [
        SubjectKind::Instance,
        SubjectKind::Disk,
        SubjectKind::Workspace,
        SubjectKind::TaskRun,
        SubjectKind::FinetuneJob,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Instance => "instance",
            SubjectKind::Disk => "disk",
            SubjectKind::Workspace => "workspace",
            SubjectKind::TaskRun => "task_run",
            SubjectKind::FinetuneJob => "finetune_job",
        }
    }

    pub fn parse(s: &str) -> Option<SubjectKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One stretch of running with fixed resources and price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interval {
    pub kind: SubjectKind,
    pub subject_id: i64,
    /// Disk intervals: the disks' size, GB (0 for the others).
    pub disk_gb: i64,
    pub owner_id: i64,
    pub node_id: i64,
    pub spec_id: Option<i64>,
    pub cpu_milli: i64,
    pub memory_mib: i64,
    /// Cards granted (whole or a split slice each count as one card here).
    pub gpu_cards: i64,
    /// GPU share in 1/1000 card: 1000 per whole card, a split slice its SM
    /// percent × 10 — what GPU-hours are counted from.
    pub gpu_milli: i64,
    pub price_per_hour: Price,
    pub started_at: DateTime<Utc>,
    /// `None` while running.
    pub ended_at: Option<DateTime<Utc>>,
}

/// A report period `[from, to)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

impl Period {
    pub fn new(from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Period> {
        if to <= from {
            return Err(Error::validation("to", "to must be after from"));
        }
        if to - from > Duration::days(MAX_PERIOD_DAYS) {
            return Err(Error::validation(
                "to",
                format!("a period covers at most {MAX_PERIOD_DAYS} days"),
            ));
        }
        Ok(Period { from, to })
    }

    /// The calendar month (UTC) that contains `now`, up to `now`.
    pub fn month_to_date(now: DateTime<Utc>) -> Period {
        let first = now
            .date_naive()
            .with_day0(0)
            .unwrap_or(now.date_naive())
            .and_time(NaiveTime::MIN)
            .and_utc();
        Period {
            from: first,
            to: now.max(first + Duration::milliseconds(1)),
        }
    }
}

/// How a report groups its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum GroupBy {
    User,
    Node,
    Spec,
    Day,
    /// What was metered: instance, disk, workspace, task_run, finetune_job.
    Kind,
}

/// The key of a row: an id (user, node, spec; `None` for intervals whose spec
/// was deleted) or a UTC day `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupKey {
    Id(Option<i64>),
    Day(String),
    Kind(SubjectKind),
}

/// Sums for one group, in exact integer units.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    /// Instance-milliseconds (one running instance for one ms = 1).
    pub instance_ms: i128,
    /// Running time of the other kinds, and disk GB × ms of stopped instances.
    pub workspace_ms: i128,
    pub task_run_ms: i128,
    pub finetune_ms: i128,
    pub disk_gb_ms: i128,
    /// Card-share-milliseconds in 1/1000 card.
    pub gpu_milli_ms: i128,
    pub cpu_milli_ms: i128,
    /// Price units × ms (divide by an hour for the cost).
    pub price_ms: i128,
}

impl Totals {
    fn add(&mut self, iv: &Interval, ms: i128) {
        match iv.kind {
            SubjectKind::Instance => self.instance_ms += ms,
            SubjectKind::Disk => self.disk_gb_ms += i128::from(iv.disk_gb) * ms,
            SubjectKind::Workspace => self.workspace_ms += ms,
            SubjectKind::TaskRun => self.task_run_ms += ms,
            SubjectKind::FinetuneJob => self.finetune_ms += ms,
        }
        self.gpu_milli_ms += i128::from(iv.gpu_milli) * ms;
        self.cpu_milli_ms += i128::from(iv.cpu_milli) * ms;
        self.price_ms += i128::from(iv.price_per_hour.0) * ms;
    }

    pub fn instance_hours(&self) -> f64 {
        hours(self.instance_ms, 1)
    }

    pub fn workspace_hours(&self) -> f64 {
        hours(self.workspace_ms, 1)
    }

    pub fn task_run_hours(&self) -> f64 {
        hours(self.task_run_ms, 1)
    }

    pub fn finetune_hours(&self) -> f64 {
        hours(self.finetune_ms, 1)
    }

    pub fn disk_gb_hours(&self) -> f64 {
        hours(self.disk_gb_ms, 1)
    }

    pub fn gpu_hours(&self) -> f64 {
        hours(self.gpu_milli_ms, 1000)
    }

    pub fn cpu_core_hours(&self) -> f64 {
        hours(self.cpu_milli_ms, 1000)
    }

    /// The exact cost, rounded half up to 1/10000 once per group.
    pub fn cost(&self) -> Price {
        let units = (self.price_ms + MS_PER_HOUR / 2) / MS_PER_HOUR;
        Price(i64::try_from(units).unwrap_or(i64::MAX))
    }
}

/// Hours with four decimals (for reading; the cost is computed exactly).
fn hours(value_ms: i128, per_unit: i128) -> f64 {
    let ten_thousandths =
        (value_ms * 10_000 + MS_PER_HOUR * per_unit / 2) / (MS_PER_HOUR * per_unit);
    ten_thousandths as f64 / 10_000.0
}

/// The part of `[start, end)` inside the period; an open interval runs to `now`.
fn clip(
    iv: &Interval,
    period: &Period,
    now: DateTime<Utc>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let end = iv.ended_at.unwrap_or(now).min(now);
    let start = iv.started_at.max(period.from);
    let end = end.min(period.to);
    (end > start).then_some((start, end))
}

fn ms(a: DateTime<Utc>, b: DateTime<Utc>) -> i128 {
    i128::from((b - a).num_milliseconds())
}

/// Groups the intervals over the period. Intervals are clipped to the period
/// (and an open one to `now`); grouping by day splits them at UTC midnight.
/// Rows come out sorted by key.
pub fn report(
    intervals: &[Interval],
    period: &Period,
    by: GroupBy,
    now: DateTime<Utc>,
) -> Vec<(GroupKey, Totals)> {
    let mut groups: BTreeMap<GroupKey, Totals> = BTreeMap::new();
    for iv in intervals {
        let Some((start, end)) = clip(iv, period, now) else {
            continue;
        };
        match by {
            GroupBy::Day => {
                let mut cursor = start;
                while cursor < end {
                    let next_midnight = (cursor.date_naive() + Duration::days(1))
                        .and_time(NaiveTime::MIN)
                        .and_utc();
                    let piece_end = end.min(next_midnight);
                    let key = GroupKey::Day(cursor.date_naive().format("%Y-%m-%d").to_string());
                    groups
                        .entry(key)
                        .or_default()
                        .add(iv, ms(cursor, piece_end));
                    cursor = piece_end;
                }
            }
            GroupBy::Kind => {
                groups
                    .entry(GroupKey::Kind(iv.kind))
                    .or_default()
                    .add(iv, ms(start, end));
            }
            _ => {
                let key = GroupKey::Id(match by {
                    GroupBy::User => Some(iv.owner_id),
                    GroupBy::Node => Some(iv.node_id),
                    _ => iv.spec_id,
                });
                groups.entry(key).or_default().add(iv, ms(start, end));
            }
        }
    }
    groups.into_iter().collect()
}

/// Everything used over the period, in one group.
pub fn total(intervals: &[Interval], period: &Period, now: DateTime<Utc>) -> Totals {
    let mut t = Totals::default();
    for iv in intervals {
        if let Some((start, end)) = clip(iv, period, now) {
            t.add(iv, ms(start, end));
        }
    }
    t
}

/// Limits for one user; `None` = no limit. A user's own quota is laid over the
/// default field by field (see [`Quota::over`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Quota {
    /// Instances running (or being created) at once.
    pub max_instances: Option<i64>,
    /// GPU cards held at once (instances, container task runs and
    /// fine-tuning jobs together; so for the CPU and memory limits).
    pub max_gpus: Option<i64>,
    /// CPU cores held at once, in millicores.
    pub max_cpu_milli: Option<i64>,
    /// Memory held at once, in MiB.
    pub max_memory_mib: Option<i64>,
    /// Cost this calendar month (UTC).
    pub max_monthly_cost: Option<Price>,
    /// GPU-hours this calendar month (UTC), whole hours.
    pub max_monthly_gpu_hours: Option<i64>,
    /// Not a limit on use but on idleness: the user's instances stop after
    /// this many minutes idle (the spec's limit applies if stricter).
    pub idle_stop_minutes: Option<i64>,
}

impl Quota {
    /// This quota where it sets a field, `default` elsewhere.
    pub fn over(&self, default: &Quota) -> Quota {
        Quota {
            max_instances: self.max_instances.or(default.max_instances),
            max_gpus: self.max_gpus.or(default.max_gpus),
            max_cpu_milli: self.max_cpu_milli.or(default.max_cpu_milli),
            max_memory_mib: self.max_memory_mib.or(default.max_memory_mib),
            max_monthly_cost: self.max_monthly_cost.or(default.max_monthly_cost),
            max_monthly_gpu_hours: self.max_monthly_gpu_hours.or(default.max_monthly_gpu_hours),
            idle_stop_minutes: self.idle_stop_minutes.or(default.idle_stop_minutes),
        }
    }

    pub fn validate(&self) -> Result<()> {
        let fields = [
            ("max_instances", self.max_instances),
            ("max_gpus", self.max_gpus),
            ("max_cpu_cores", self.max_cpu_milli),
            ("max_memory_gb", self.max_memory_mib),
            ("max_monthly_gpu_hours", self.max_monthly_gpu_hours),
        ];
        for (field, v) in fields {
            if v.is_some_and(|v| v < 0) {
                return Err(Error::validation(
                    field,
                    format!("{field} must not be negative"),
                ));
            }
        }
        crate::autostop::validate_idle_minutes("idle_stop_minutes", self.idle_stop_minutes)
    }
}

/// What a user holds now and has used this month.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InUse {
    pub instances: i64,
    pub gpus: i64,
    pub cpu_milli: i64,
    pub memory_mib: i64,
    pub month: Totals,
}

/// What a new instance, task run or fine-tuning job would add.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Demand {
    /// 1 for an instance; 0 for a task run or a job (they hold resources
    /// but are not instances, so `max_instances` does not count them).
    pub instances: i64,
    pub gpus: i64,
    pub cpu_milli: i64,
    pub memory_mib: i64,
}

/// Refuses (409) a demand that would take the user over a quota, naming the
/// quota, its limit and the current use. Monthly limits refuse once the month's
/// use has reached them (what a new instance will use is not known yet).
pub fn check(quota: &Quota, used: &InUse, demand: &Demand) -> Result<()> {
    let over = |name: &str, limit: String, current: String| {
        Err(Error::conflict(format!(
            "quota {name} exceeded: limit {limit}, in use {current}"
        )))
    };
    if let Some(max) = quota.max_instances {
        if demand.instances > 0 && used.instances + demand.instances > max {
            return over("max_instances", max.to_string(), used.instances.to_string());
        }
    }
    if let Some(max) = quota.max_gpus {
        if demand.gpus > 0 && used.gpus + demand.gpus > max {
            return over("max_gpus", max.to_string(), used.gpus.to_string());
        }
    }
    if let Some(max) = quota.max_cpu_milli {
        if used.cpu_milli + demand.cpu_milli > max {
            return over(
                "max_cpu_cores",
                format!("{} cores", milli_to_cores(max)),
                format!("{} cores", milli_to_cores(used.cpu_milli)),
            );
        }
    }
    if let Some(max) = quota.max_memory_mib {
        if used.memory_mib + demand.memory_mib > max {
            return over(
                "max_memory_gb",
                format!("{} GB", mib_to_gb(max)),
                format!("{} GB", mib_to_gb(used.memory_mib)),
            );
        }
    }
    if let Some(max) = quota.max_monthly_cost {
        // Compared exactly, before rounding.
        if used.month.price_ms >= i128::from(max.0) * MS_PER_HOUR {
            return over(
                "max_monthly_cost",
                max.to_text(),
                used.month.cost().to_text(),
            );
        }
    }
    if let Some(max) = quota.max_monthly_gpu_hours {
        let h = used.month.gpu_hours();
        if demand.gpus > 0 && h >= max as f64 {
            return over("max_monthly_gpu_hours", max.to_string(), format!("{h}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, ManualClock};

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn iv(owner: i64, start: &str, end: Option<&str>, price: &str) -> Interval {
        Interval {
            kind: SubjectKind::Instance,
            subject_id: 1,
            disk_gb: 0,
            owner_id: owner,
            node_id: 7,
            spec_id: Some(3),
            cpu_milli: 2000,
            memory_mib: 4096,
            gpu_cards: 1,
            gpu_milli: 1000,
            price_per_hour: Price::parse("p", price).unwrap(),
            started_at: t(start),
            ended_at: end.map(t),
        }
    }

    fn period(a: &str, b: &str) -> Period {
        Period::new(t(a), t(b)).unwrap()
    }

    #[test]
    fn each_kind_is_counted_apart_and_all_cost() {
        // One hour each: an instance (2 cores, a card, 1.0/h), its disks
        // while stopped (30 GB at 0.001/GB-h = 0.03/h), a workspace with no
        // price, a task run and a fine-tuning job at 0.5/h each.
        let p = period("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");
        let hour = |h: u32| format!("2026-01-01T{h:02}:00:00Z");
        let mut ivs = vec![iv(1, &hour(0), Some(&hour(1)), "1")];
        let mut disk = iv(1, &hour(1), Some(&hour(2)), "0.03");
        disk.kind = SubjectKind::Disk;
        disk.disk_gb = 30;
        (
            disk.cpu_milli,
            disk.memory_mib,
            disk.gpu_cards,
            disk.gpu_milli,
        ) = (0, 0, 0, 0);
        ivs.push(disk);
        for (kind, price) in [
            (SubjectKind::Workspace, "0"),
            (SubjectKind::TaskRun, "0.5"),
            (SubjectKind::FinetuneJob, "0.5"),
        ] {
            let mut x = iv(2, &hour(3), Some(&hour(4)), price);
            x.kind = kind;
            ivs.push(x);
        }
        let now = t("2026-01-03T00:00:00Z");
        let all = total(&ivs, &p, now);
        assert_eq!(
            (
                all.instance_hours(),
                all.disk_gb_hours(),
                all.workspace_hours(),
                all.task_run_hours(),
                all.finetune_hours()
            ),
            (1.0, 30.0, 1.0, 1.0, 1.0)
        );
        // CPU and GPU hours are everything that held them; the disk held none.
        assert_eq!((all.cpu_core_hours(), all.gpu_hours()), (8.0, 4.0));
        assert_eq!(all.cost().to_text(), "2.03");
        let by_kind = report(&ivs, &p, GroupBy::Kind, now);
        let kinds: Vec<_> = by_kind.iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(
            kinds,
            SubjectKind::ALL.map(GroupKey::Kind).to_vec(),
            "one row per kind, in a fixed order"
        );
        assert_eq!(by_kind[1].1.cost().to_text(), "0.03");
        for k in SubjectKind::ALL {
            assert_eq!(SubjectKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(SubjectKind::parse("lunch"), None);
    }

    #[test]
    fn cost_is_exact_and_rounded_once() {
        // 1/3 hour at 1.0000 is 0.33333… → 0.3333; three of them sum exactly
        // to 1.0000 (rounding each would give 0.9999).
        let p = period("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");
        let ivs = [
            iv(1, "2026-01-01T00:00:00Z", Some("2026-01-01T00:20:00Z"), "1"),
            iv(1, "2026-01-01T01:00:00Z", Some("2026-01-01T01:20:00Z"), "1"),
            iv(1, "2026-01-01T02:00:00Z", Some("2026-01-01T02:20:00Z"), "1"),
        ];
        let now = t("2026-01-03T00:00:00Z");
        assert_eq!(
            report(&ivs[..1], &p, GroupBy::User, now)[0]
                .1
                .cost()
                .to_text(),
            "0.3333"
        );
        let rows = report(&ivs, &p, GroupBy::User, now);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].1.cost().to_text(), "1.00");
        assert_eq!(rows[0].1.instance_hours(), 1.0);
        assert_eq!(rows[0].1.cpu_core_hours(), 2.0);
        assert_eq!(rows[0].1.gpu_hours(), 1.0);
    }

    #[test]
    fn intervals_are_clipped_to_the_period_and_open_ones_to_now() {
        let p = period("2026-01-01T10:00:00Z", "2026-01-01T12:00:00Z");
        let ivs = [
            // 09:00–11:00 → 1 h inside
            iv(
                1,
                "2026-01-01T09:00:00Z",
                Some("2026-01-01T11:00:00Z"),
                "2.5",
            ),
            // open since 11:30, now 11:45 → 15 min
            iv(2, "2026-01-01T11:30:00Z", None, "4"),
            // wholly before
            iv(3, "2026-01-01T08:00:00Z", Some("2026-01-01T09:00:00Z"), "4"),
        ];
        let clock = ManualClock::new(t("2026-01-01T11:45:00Z"));
        let rows = report(&ivs, &p, GroupBy::User, clock.now());
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0], (GroupKey::Id(Some(1)), rows[0].1.clone()));
        assert_eq!(rows[0].1.cost().to_text(), "2.50");
        assert_eq!(rows[1].1.instance_hours(), 0.25);
        assert_eq!(rows[1].1.cost().to_text(), "1.00");
        // the clock moves on: the open interval grows, the period still caps it
        clock.advance(std::time::Duration::from_secs(3 * 3600));
        let rows = report(&ivs, &p, GroupBy::User, clock.now());
        assert_eq!(rows[1].1.instance_hours(), 0.5);
    }

    #[test]
    fn price_change_mid_interval_keeps_the_price_at_start() {
        // The spec cost 1.00 when the first interval opened and 3.00 from
        // 01:00; the open interval still costs 1.00/h, the one opened after
        // the change 3.00/h.
        let p = period("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");
        let ivs = [
            iv(1, "2026-01-01T00:00:00Z", Some("2026-01-01T02:00:00Z"), "1"),
            iv(1, "2026-01-01T02:00:00Z", Some("2026-01-01T03:00:00Z"), "3"),
        ];
        let rows = report(&ivs, &p, GroupBy::Spec, t("2026-01-02T00:00:00Z"));
        assert_eq!(rows[0].1.cost().to_text(), "5.00");
    }

    #[test]
    fn days_split_at_utc_midnight() {
        let p = period("2026-01-01T00:00:00Z", "2026-01-05T00:00:00Z");
        let ivs = [iv(
            1,
            "2026-01-01T22:00:00Z",
            Some("2026-01-03T01:00:00Z"),
            "1",
        )];
        let rows = report(&ivs, &p, GroupBy::Day, t("2026-02-01T00:00:00Z"));
        let days: Vec<_> = rows
            .iter()
            .map(|(k, v)| (k.clone(), v.instance_hours()))
            .collect();
        assert_eq!(
            days,
            vec![
                (GroupKey::Day("2026-01-01".into()), 2.0),
                (GroupKey::Day("2026-01-02".into()), 24.0),
                (GroupKey::Day("2026-01-03".into()), 1.0),
            ]
        );
        // splitting never changes the total cost
        let whole = total(&ivs, &p, t("2026-02-01T00:00:00Z"));
        let sum: i128 = rows.iter().map(|(_, v)| v.price_ms).sum();
        assert_eq!(whole.price_ms, sum);
        assert_eq!(whole.cost().to_text(), "27.00");
    }

    #[test]
    fn group_by_node_and_deleted_spec() {
        let p = period("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");
        let mut a = iv(1, "2026-01-01T00:00:00Z", Some("2026-01-01T01:00:00Z"), "1");
        a.spec_id = None;
        let b = iv(2, "2026-01-01T00:00:00Z", Some("2026-01-01T01:00:00Z"), "1");
        let rows = report(
            &[a.clone(), b.clone()],
            &p,
            GroupBy::Spec,
            t("2026-01-03T00:00:00Z"),
        );
        assert_eq!(rows[0].0, GroupKey::Id(None));
        assert_eq!(rows[1].0, GroupKey::Id(Some(3)));
        let rows = report(&[a, b], &p, GroupBy::Node, t("2026-01-03T00:00:00Z"));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].1.instance_hours(), 2.0);
    }

    #[test]
    fn periods_are_checked() {
        let e = Period::new(t("2026-01-02T00:00:00Z"), t("2026-01-01T00:00:00Z")).unwrap_err();
        assert!(matches!(e, Error::Validation { ref field, .. } if field == "to"));
        assert!(Period::new(t("2026-01-01T00:00:00Z"), t("2028-01-01T00:00:00Z")).is_err());
        let m = Period::month_to_date(t("2026-03-17T08:00:00Z"));
        assert_eq!(m.from, t("2026-03-01T00:00:00Z"));
        assert_eq!(m.to, t("2026-03-17T08:00:00Z"));
    }

    #[test]
    fn quotas_refuse_naming_the_quota_and_the_use() {
        let q = Quota {
            max_instances: Some(3),
            max_gpus: Some(2),
            ..Quota::default()
        };
        let used = InUse {
            instances: 3,
            ..InUse::default()
        };
        let one = Demand {
            instances: 1,
            ..Demand::default()
        };
        let msg = check(&q, &used, &one).unwrap_err().to_string();
        assert_eq!(msg, "quota max_instances exceeded: limit 3, in use 3");
        // a task run or a job is not an instance
        check(&q, &used, &Demand::default()).unwrap();
        let used = InUse {
            instances: 1,
            gpus: 2,
            ..InUse::default()
        };
        // a CPU-only instance is not held back by the GPU quota
        check(
            &q,
            &used,
            &Demand {
                instances: 1,
                gpus: 0,
                cpu_milli: 1000,
                memory_mib: 1,
            },
        )
        .unwrap();
        let e = check(
            &q,
            &used,
            &Demand {
                instances: 1,
                gpus: 1,
                cpu_milli: 1000,
                memory_mib: 1,
            },
        )
        .unwrap_err();
        assert!(
            matches!(e, Error::Conflict(ref m) if m.contains("max_gpus") && m.contains("in use 2"))
        );
    }

    #[test]
    fn resource_and_monthly_quotas() {
        let q = Quota {
            max_cpu_milli: Some(4000),
            max_memory_mib: Some(8192),
            max_monthly_cost: Some(Price::parse("p", "10").unwrap()),
            ..Quota::default()
        };
        let mut used = InUse {
            cpu_milli: 3000,
            ..InUse::default()
        };
        let d = Demand {
            instances: 1,
            gpus: 0,
            cpu_milli: 2000,
            memory_mib: 1024,
        };
        let m = check(&q, &used, &d).unwrap_err().to_string();
        assert!(
            m == "quota max_cpu_cores exceeded: limit 4 cores, in use 3 cores",
            "{m}"
        );
        used.cpu_milli = 0;
        used.month.price_ms = 10 * 10_000 * MS_PER_HOUR; // 10.00 spent
        let m = check(&q, &used, &d).unwrap_err().to_string();
        assert_eq!(
            m,
            "quota max_monthly_cost exceeded: limit 10.00, in use 10.00"
        );
        used.month.price_ms -= 1;
        check(
            &q,
            &used,
            &Demand {
                memory_mib: 8192,
                ..d
            },
        )
        .unwrap();
        let m = check(
            &q,
            &used,
            &Demand {
                memory_mib: 8193,
                ..d
            },
        )
        .unwrap_err()
        .to_string();
        assert_eq!(m, "quota max_memory_gb exceeded: limit 8 GB, in use 0 GB");
    }

    #[test]
    fn a_users_quota_lies_over_the_default() {
        let default = Quota {
            max_instances: Some(2),
            max_gpus: Some(1),
            ..Quota::default()
        };
        let mine = Quota {
            max_gpus: Some(4),
            ..Quota::default()
        };
        let q = mine.over(&default);
        assert_eq!(q.max_instances, Some(2));
        assert_eq!(q.max_gpus, Some(4));
        let bad = Quota {
            max_gpus: Some(-1),
            ..Quota::default()
        };
        assert!(
            matches!(bad.validate(), Err(Error::Validation { ref field, .. }) if field == "max_gpus")
        );
    }
}
