//! Recording and reading the audit log.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use tianqi_core::audit::AuditEntry;
use tianqi_core::page::{Page, PageQuery};
use tianqi_core::{validate, Result};
use tianqi_store::{AuditFilter, NewAudit};

use crate::Context;

/// The audit trail: every mutation, written by the transports' middleware.
#[derive(Clone)]
pub struct AuditService {
    ctx: Context,
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
    pub fn new(ctx: Context) -> Self {
        Self { ctx }
    }

    pub async fn record(&self, entry: NewAudit) -> Result<()> {
        Ok(self.ctx.store.insert_audit(&entry).await?)
    }

    pub async fn log(&self, q: AuditQuery) -> Result<Page<AuditEntry>> {
        let page = PageQuery {
            page: q.page,
            page_size: q.page_size,
        }
        .validate()?;
        if let Some(m) = &q.method {
            validate::text("method", m, 16)?;
        }
        if let Some(r) = &q.route {
            validate::text("route", r, 256)?;
        }
        let filter = AuditFilter {
            actor_id: q.actor_id,
            method: q.method.map(|m| m.to_ascii_uppercase()),
            route_prefix: q.route,
            status: q.status,
            since: q.since,
            until: q.until,
        };
        let (items, total) = self.ctx.store.list_audit(&filter, page).await?;
        Ok(Page::new(items, total, page))
    }
}
