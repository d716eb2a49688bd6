//! Quotas (配额): per-user limits and a default for everyone, in API units
//! (cores, GB, currency), stored exact. The check itself is the core's; it runs
//! inside the instances' placement lock (see `instances::create`), so
//! concurrent creates see each other.

use serde::{Deserialize, Serialize};
use tianqi_core::catalog::quantity::{cores_to_milli, gb_to_mib, mib_to_gb, milli_to_cores, Price};
use tianqi_core::policy::Principal;
use tianqi_core::usage::{check, total, Demand, InUse, Period, Quota};
use tianqi_core::{Error, Result};

use super::UsageService;
use crate::Context;

/// The store's key for the default quota.
const DEFAULT: i64 = 0;

/// A quota; a null or absent field is no limit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuotaFields {
    /// Instances running or being created at once.
    pub max_instances: Option<i64>,
    /// GPU cards held by running instances (a split slice is one card).
    pub max_gpus: Option<i64>,
    pub max_cpu_cores: Option<f64>,
    pub max_memory_gb: Option<f64>,
    /// This calendar month (UTC); once reached, new instances are refused.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub max_monthly_cost: Option<Price>,
    /// GPU-hours this calendar month (UTC); once reached, GPU instances are refused.
    pub max_monthly_gpu_hours: Option<i64>,
    /// Not a limit on use: the user's instances stop after this many minutes
    /// idle (no CPU use, no terminal or SSH session); the spec's limit applies
    /// where it is stricter.
    pub idle_stop_minutes: Option<i64>,
}

impl QuotaFields {
    fn to_quota(&self) -> Result<Quota> {
        let q = Quota {
            max_instances: self.max_instances,
            max_gpus: self.max_gpus,
            max_cpu_milli: self
                .max_cpu_cores
                .map(|c| cores_to_milli("max_cpu_cores", c))
                .transpose()?,
            max_memory_mib: self
                .max_memory_gb
                .map(|g| gb_to_mib("max_memory_gb", g))
                .transpose()?,
            max_monthly_cost: self.max_monthly_cost,
            max_monthly_gpu_hours: self.max_monthly_gpu_hours,
            idle_stop_minutes: self.idle_stop_minutes,
        };
        q.validate()?;
        Ok(q)
    }

    fn from_quota(q: &Quota) -> Self {
        QuotaFields {
            max_instances: q.max_instances,
            max_gpus: q.max_gpus,
            max_cpu_cores: q.max_cpu_milli.map(milli_to_cores),
            max_memory_gb: q.max_memory_mib.map(mib_to_gb),
            max_monthly_cost: q.max_monthly_cost,
            max_monthly_gpu_hours: q.max_monthly_gpu_hours,
            idle_stop_minutes: q.idle_stop_minutes,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserQuota {
    pub user_id: i64,
    /// "" when the user no longer exists.
    pub username: String,
    pub quota: QuotaFields,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotaList {
    /// Applies to every user where their own quota leaves a field null.
    pub default: QuotaFields,
    pub users: Vec<UserQuota>,
}

/// What counts against a quota now.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotaUse {
    pub instances: i64,
    pub gpus: i64,
    pub cpu_cores: f64,
    pub memory_gb: f64,
    /// This calendar month (UTC) so far.
    pub month_cost: Price,
    pub month_gpu_hours: f64,
}

/// A user's quota in force (their own over the default) and their use.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyQuota {
    pub quota: QuotaFields,
    pub in_use: QuotaUse,
}

impl UsageService {
    pub async fn quotas(&self) -> Result<QuotaList> {
        let mut default = QuotaFields::default();
        let mut users = Vec::new();
        for (user_id, q) in self.ctx.store.quotas().await? {
            if user_id == DEFAULT {
                default = QuotaFields::from_quota(&q);
                continue;
            }
            let username = self
                .ctx
                .store
                .user(user_id)
                .await
                .map(|u| u.username)
                .unwrap_or_default();
            users.push(UserQuota {
                user_id,
                username,
                quota: QuotaFields::from_quota(&q),
            });
        }
        Ok(QuotaList { default, users })
    }

    /// Sets the default quota (`user_id` None) or a user's (404 for no such user).
    pub async fn set_quota(&self, user_id: Option<i64>, f: QuotaFields) -> Result<QuotaFields> {
        let q = f.to_quota()?;
        let key = match user_id {
            None => DEFAULT,
            Some(id) => {
                if !self.ctx.store.user_exists(id).await? {
                    return Err(Error::not_found(format!("user {id} not found")));
                }
                id
            }
        };
        self.ctx
            .store
            .set_quota(key, &q, self.ctx.clock.now())
            .await?;
        Ok(QuotaFields::from_quota(&q))
    }

    /// A user's own quota, if one is set (without the default).
    pub async fn own_quota(&self, user_id: i64) -> Result<Option<QuotaFields>> {
        Ok(self
            .ctx
            .store
            .quota(user_id)
            .await?
            .map(|q| QuotaFields::from_quota(&q)))
    }

    /// Removes a user's own quota (the default applies); 404 when none was set.
    pub async fn delete_quota(&self, user_id: i64) -> Result<()> {
        if !self.ctx.store.delete_quota(user_id).await? {
            return Err(Error::not_found(format!(
                "user {user_id} has no quota of their own"
            )));
        }
        Ok(())
    }

    pub async fn my_quota(&self, me: &Principal) -> Result<MyQuota> {
        let quota = in_force(&self.ctx, me.user_id).await?;
        let used = in_use(&self.ctx, me.user_id).await?;
        Ok(MyQuota {
            quota: QuotaFields::from_quota(&quota),
            in_use: QuotaUse {
                instances: used.instances,
                gpus: used.gpus,
                cpu_cores: milli_to_cores(used.cpu_milli),
                memory_gb: mib_to_gb(used.memory_mib),
                month_cost: used.month.cost(),
                month_gpu_hours: used.month.gpu_hours(),
            },
        })
    }
}

/// The user's own quota laid over the default.
async fn in_force(ctx: &Context, user_id: i64) -> Result<Quota> {
    let default = ctx.store.quota(DEFAULT).await?.unwrap_or_default();
    let own = ctx.store.quota(user_id).await?.unwrap_or_default();
    Ok(own.over(&default))
}

async fn in_use(ctx: &Context, user_id: i64) -> Result<InUse> {
    let (instances, cpu_milli, memory_mib, gpus) = ctx.store.quota_in_use(user_id).await?;
    let now = ctx.clock.now();
    let month = Period::month_to_date(now);
    let intervals = ctx
        .store
        .usage_intervals(Some(user_id), month.from, month.to)
        .await?;
    Ok(InUse {
        instances,
        gpus,
        cpu_milli,
        memory_mib,
        month: total(&intervals, &month, now),
    })
}

/// Refuses (409, naming the quota and the use) an instance that would take
/// its owner over their quota. The caller holds the placement lock, so the
/// use read here includes every reservation made before.
pub(crate) async fn check_quota(ctx: &Context, owner_id: i64, demand: Demand) -> Result<()> {
    let quota = in_force(ctx, owner_id).await?;
    if quota == Quota::default() {
        return Ok(());
    }
    let used = in_use(ctx, owner_id).await?;
    check(&quota, &used, &demand)
}
