//! Recording and reading the audit log.

mod config;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use tianqi_core::audit::{self, AuditEntry};
use tianqi_core::page::{Page, PageQuery, PageRequest};
use tianqi_core::throttle::{Throttle, ThrottleRule};
use tianqi_core::{validate, Result};
use tianqi_store::{AuditFilter, NewAudit};

pub use config::{AuditConfig, AuditSettings};

use crate::Context;

/// The audit trail: every mutation, written by the transports' middleware.
/// Refusals without credentials are recorded up to a rate per address (the
/// transports count all of them in /metrics).
#[derive(Clone)]
pub struct AuditService {
    ctx: Context,
    settings: Arc<AuditSettings>,
    anonymous_refusals: Arc<Mutex<Throttle>>,
}

/// Whether an entry was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    Written,
    /// A refused anonymous attempt over its address's rate: counted, not written.
    Skipped,
}

/// Filters for `GET /api/v1/audit`.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AuditQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    /// Only entries by this user id.
    pub actor_id: Option<i64>,
    /// HTTP method, e.g. `POST`.
    pub method: Option<String>,
    /// Route template prefix, e.g. `/api/v1/users`.
    pub route: Option<String>,
    /// Response status, e.g. `403`.
    pub status: Option<u16>,
    /// Entries at or after this time (RFC 3339).
    pub since: Option<DateTime<Utc>>,
    /// Entries before this time (RFC 3339).
    pub until: Option<DateTime<Utc>>,
}

impl AuditService {
    pub fn new(ctx: Context, settings: AuditSettings) -> Self {
        let rule = ThrottleRule {
            limit: settings.anonymous_refusals_per_minute,
            window: Duration::from_secs(60),
        };
        Self {
            ctx,
            settings: Arc::new(settings),
            anonymous_refusals: Arc::new(Mutex::new(Throttle::new(rule))),
        }
    }

    pub async fn record(&self, entry: NewAudit) -> Result<Recorded> {
        let refused_anonymous = entry.actor_id.is_none() && entry.status >= 400;
        if refused_anonymous {
            let now = self.ctx.clock.now().timestamp_millis();
            let mut t = self
                .anonymous_refusals
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if t.check(&entry.source_ip, now).is_err() {
                return Ok(Recorded::Skipped);
            }
            t.count(&entry.source_ip, now);
        }
        self.ctx.store.insert_audit(&entry).await?;
        Ok(Recorded::Written)
    }

    /// The daily round: entries older than `audit.retention_days` go.
    pub async fn prune_round(&self) -> Result<()> {
        let Some(keep) = self.settings.retention else {
            return Ok(());
        };
        let keep = chrono::Duration::from_std(keep).unwrap_or(chrono::Duration::MAX);
        let before = self.ctx.clock.now() - keep;
        let n = self.ctx.store.prune_audit(before).await?;
        if n > 0 {
            tracing::info!(entries = n, %before, "pruned the audit log");
        }
        Ok(())
    }

    pub async fn log(&self, q: AuditQuery) -> Result<Page<AuditEntry>> {
        let page = PageQuery {
            page: q.page,
            page_size: q.page_size,
        }
        .validate()?;
        let (items, total) = self.ctx.store.list_audit(&filter(q)?, page).await?;
        Ok(Page::new(items, total, page))
    }

    /// The newest [`EXPORT_MAX_ROWS`] entries the filters match, as CSV
    /// (`page` and `page_size` are ignored).
    pub async fn export_csv(&self, q: AuditQuery) -> Result<String> {
        let all = PageRequest {
            page: 1,
            page_size: EXPORT_MAX_ROWS,
        };
        let (items, _) = self.ctx.store.list_audit(&filter(q)?, all).await?;
        Ok(audit::render_csv(&items))
    }
}

/// How many entries one CSV export holds at most (the newest); narrow the
/// time range for older ones.
pub const EXPORT_MAX_ROWS: u32 = 100_000;

fn filter(q: AuditQuery) -> Result<AuditFilter> {
    if let Some(m) = &q.method {
        validate::text("method", m, 16)?;
    }
    if let Some(r) = &q.route {
        validate::text("route", r, 256)?;
    }
    Ok(AuditFilter {
        actor_id: q.actor_id,
        method: q.method.map(|m| m.to_ascii_uppercase()),
        route_prefix: q.route,
        status: q.status,
        since: q.since,
        until: q.until,
    })
}
