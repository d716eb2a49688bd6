//! Usage reports (计量): who used what, for how long, at what cost. The meter
//! itself is written by the instance status changes (see `tianqi_store`'s
//! usage module); this service reads it through the core's arithmetic.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tianqi_core::catalog::quantity::Price;
use tianqi_core::policy::{owner_scope, Principal};
use tianqi_core::usage::{report, total, GroupBy, GroupKey, Period, Totals};
use tianqi_core::Result;

use crate::Context;

mod quotas;

pub(crate) use quotas::check_quota;
pub use quotas::{MyQuota, QuotaFields, QuotaList, QuotaUse, UserQuota};

/// `[usage]`: what metering charges beyond the specs' prices.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct UsageConfig {
    /// The price of one GB of a stopped instance's disks (system + data) per
    /// hour, a decimal like the specs' prices; "0" meters GB-hours at no cost.
    pub disk_price_per_gb_hour: String,
}

impl Default for UsageConfig {
    fn default() -> Self {
        Self {
            disk_price_per_gb_hour: "0".into(),
        }
    }
}

impl UsageConfig {
    pub fn validate(&self) -> std::result::Result<(), tianqi_config::ConfigError> {
        self.disk_price().map(|_| ()).map_err(|e| {
            tianqi_config::ConfigError::invalid("disk_price_per_gb_hour", e.to_string())
        })
    }

    pub fn disk_price(&self) -> Result<Price> {
        Price::parse("disk_price_per_gb_hour", &self.disk_price_per_gb_hour)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct UsageQuery {
    /// `user`, `node`, `spec`, `kind` (instance, disk, workspace, task_run,
    /// finetune_job) or `day` (UTC days, the default).
    #[cfg_attr(feature = "openapi", param(inline))]
    pub group_by: Option<GroupBy>,
    /// Start of the period (RFC 3339); default the first of this month (UTC).
    pub from: Option<DateTime<Utc>>,
    /// End of the period, exclusive; default now. At most 400 days after `from`.
    pub to: Option<DateTime<Utc>>,
    /// Admins only: one user's usage (users always see their own).
    pub user_id: Option<i64>,
}

/// One group's use over the period.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageRow {
    /// The user, node or spec id, or the day `YYYY-MM-DD`; null for usage of
    /// a spec that was deleted.
    pub key: Option<String>,
    /// The user's, node's or spec's name ("" when it no longer exists), or the day.
    pub label: String,
    #[serde(flatten)]
    pub sums: UsageSums,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageSums {
    /// Running time summed over instances, hours (4 decimals).
    pub instance_hours: f64,
    /// Running time of workspaces, container task runs and fine-tuning jobs.
    pub workspace_hours: f64,
    pub task_run_hours: f64,
    pub finetune_hours: f64,
    /// Disk GB × hours of stopped instances (`usage.disk_price_per_gb_hour`).
    pub disk_gb_hours: f64,
    /// GPU cards × hours; a split slice counts its SM share of a card.
    pub gpu_hours: f64,
    pub cpu_core_hours: f64,
    /// Exact: each interval at the spec's (or the disk) price when it opened.
    pub cost: Price,
}

impl From<&Totals> for UsageSums {
    fn from(t: &Totals) -> Self {
        UsageSums {
            instance_hours: t.instance_hours(),
            workspace_hours: t.workspace_hours(),
            task_run_hours: t.task_run_hours(),
            finetune_hours: t.finetune_hours(),
            disk_gb_hours: t.disk_gb_hours(),
            gpu_hours: t.gpu_hours(),
            cpu_core_hours: t.cpu_core_hours(),
            cost: t.cost(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageReport {
    pub group_by: GroupBy,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub rows: Vec<UsageRow>,
    /// Everything in the report (not the sum of rounded row costs: exact).
    pub total: UsageSums,
}

#[derive(Clone)]
pub struct UsageService {
    ctx: Context,
}

impl UsageService {
    pub fn new(ctx: Context) -> Self {
        Self { ctx }
    }

    pub async fn report(&self, me: &Principal, q: UsageQuery) -> Result<UsageReport> {
        let now = self.ctx.clock.now();
        let month = Period::month_to_date(now);
        let period = Period::new(q.from.unwrap_or(month.from), q.to.unwrap_or(now))?;
        let by = q.group_by.unwrap_or(GroupBy::Day);
        let owner = owner_scope(me).or(if me.is_admin() { q.user_id } else { None });
        let intervals = self
            .ctx
            .store
            .usage_intervals(owner, period.from, period.to)
            .await?;
        let groups = report(&intervals, &period, by, now);
        let mut names: HashMap<i64, String> = HashMap::new();
        let mut rows = Vec::with_capacity(groups.len());
        for (key, sums) in &groups {
            let (key, label) = match key {
                GroupKey::Day(d) => (Some(d.clone()), d.clone()),
                GroupKey::Kind(k) => (Some(k.as_str().to_owned()), k.as_str().to_owned()),
                GroupKey::Id(None) => (None, String::new()),
                GroupKey::Id(Some(id)) => {
                    let label = match names.get(id) {
                        Some(n) => n.clone(),
                        None => {
                            let n = self.name_of(by, *id).await;
                            names.insert(*id, n.clone());
                            n
                        }
                    };
                    (Some(id.to_string()), label)
                }
            };
            rows.push(UsageRow {
                key,
                label,
                sums: sums.into(),
            });
        }
        Ok(UsageReport {
            group_by: by,
            from: period.from,
            to: period.to,
            rows,
            total: (&total(&intervals, &period, now)).into(),
        })
    }

    /// The meter's beat (loop `usage-heartbeat`, every `tianqi_store::USAGE_HEARTBEAT`).
    pub async fn heartbeat_round(&self) -> Result<()> {
        Ok(self.ctx.store.usage_heartbeat(self.ctx.clock.now()).await?)
    }

    /// The report as CSV: one line per row, then the total.
    pub async fn report_csv(&self, me: &Principal, q: UsageQuery) -> Result<String> {
        let r = self.report(me, q).await?;
        // New columns go at the end: scripts reading the first six keep working.
        let mut out = String::from(
            "key,label,instance_hours,gpu_hours,cpu_core_hours,cost,\
             workspace_hours,task_run_hours,finetune_hours,disk_gb_hours\n",
        );
        let line = |key: &str, label: &str, s: &UsageSums| {
            format!(
                "{},{},{},{},{},{},{},{},{},{}\n",
                csv_field(key),
                csv_field(label),
                s.instance_hours,
                s.gpu_hours,
                s.cpu_core_hours,
                s.cost.to_text(),
                s.workspace_hours,
                s.task_run_hours,
                s.finetune_hours,
                s.disk_gb_hours
            )
        };
        for row in &r.rows {
            out.push_str(&line(
                row.key.as_deref().unwrap_or(""),
                &row.label,
                &row.sums,
            ));
        }
        out.push_str(&line("total", "", &r.total));
        Ok(out)
    }

    /// A group's name; "" when the user, node or spec no longer exists.
    async fn name_of(&self, by: GroupBy, id: i64) -> String {
        let store = &self.ctx.store;
        match by {
            GroupBy::User => store.user(id).await.map(|u| u.username).unwrap_or_default(),
            GroupBy::Node => store
                .node(id)
                .await
                .map(|n| n.draft.name)
                .unwrap_or_default(),
            GroupBy::Spec => store.spec(id).await.map(|s| s.0.name).unwrap_or_default(),
            GroupBy::Day | GroupBy::Kind => String::new(),
        }
    }
}

/// A CSV field; a leading formula character is defused (a name like
/// `=cmd()` opened in a spreadsheet must stay text).
fn csv_field(s: &str) -> String {
    tianqi_core::csv::field(&tianqi_core::csv::formula_safe(s))
}

#[cfg(test)]
mod tests {
    use super::{csv_field, UsageConfig};

    #[test]
    fn the_disk_price_is_a_price() {
        let mut c = UsageConfig::default();
        assert_eq!(c.disk_price().ok().map(|p| p.0), Some(0));
        c.disk_price_per_gb_hour = "0.0125".into();
        assert_eq!(c.disk_price().ok().map(|p| p.0), Some(125));
        for bad in ["cheap", "-1", "0.00001"] {
            c.disk_price_per_gb_hour = bad.into();
            let e = c.validate().expect_err(bad);
            assert!(e.to_string().contains("disk_price_per_gb_hour"), "{e}");
        }
    }

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("gpu-a100"), "gpu-a100");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
    }
}
