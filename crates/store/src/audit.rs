//! The audit log: who changed what, when, from where, and how it ended.

use chrono::{DateTime, Utc};
use tianqi_core::audit::{self, AuditEntry};
use tianqi_core::page::PageRequest;

use crate::{on_db, Result, Store};

/// One mutation to record. It carries no request or response body, so a secret
/// can never reach the audit log through it.
#[derive(Debug, Clone)]
pub struct NewAudit {
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor: Option<String>,
    pub method: String,
    pub route: String,
    pub resource_id: Option<String>,
    pub source_ip: String,
    pub status: u16,
    /// A session's account (JSON), for entries written when one ends; empty
    /// for ordinary requests.
    pub detail: String,
}

impl NewAudit {
    /// An entry for something the platform did on its own (an automatic
    /// stop): actor `system`, method `SYSTEM`, `detail` saying what and why.
    pub fn by_system(
        at: DateTime<Utc>,
        route: &str,
        resource_id: i64,
        detail: &serde_json::Value,
    ) -> NewAudit {
        NewAudit {
            at,
            actor_id: None,
            actor: Some("system".into()),
            method: "SYSTEM".into(),
            route: route.into(),
            resource_id: Some(resource_id.to_string()),
            source_ip: String::new(),
            status: 200,
            detail: detail.to_string(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor_id: Option<i64>,
    pub method: Option<String>,
    /// Route template prefix, e.g. `/api/v1/users`.
    pub route_prefix: Option<String>,
    pub status: Option<u16>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: DateTime<Utc>,
    actor_id: Option<i64>,
    actor: Option<String>,
    method: String,
    route: String,
    resource_id: Option<String>,
    source_ip: String,
    status: i32,
    detail: String,
}

impl Store {
    /// Deletes entries from before `before`; answers how many.
    pub async fn prune_audit(&self, before: DateTime<Utc>) -> Result<u64> {
        let n = on_db!(self, |pool| {
            sqlx::query("DELETE FROM audit_log WHERE at < $1")
                .bind(before)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n)
    }

    pub async fn insert_audit(&self, a: &NewAudit) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO audit_log (at, actor_id, actor, method, route, resource_id, source_ip, status, detail) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(a.at)
            .bind(a.actor_id)
            .bind(a.actor.as_deref())
            .bind(&a.method)
            .bind(&a.route)
            .bind(a.resource_id.as_deref())
            .bind(&a.source_ip)
            .bind(i32::from(a.status))
            .bind(&a.detail)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Newest first.
    pub async fn list_audit(
        &self,
        f: &AuditFilter,
        page: PageRequest,
    ) -> Result<(Vec<AuditEntry>, i64)> {
        let filter = "($1 IS NULL OR actor_id = $1) AND ($2 IS NULL OR method = $2) \
                      AND ($3 IS NULL OR substr(route, 1, length($3)) = $3) \
                      AND ($4 IS NULL OR status = $4) \
                      AND ($5 IS NULL OR at >= $5) AND ($6 IS NULL OR at < $6)";
        let list_sql = format!(
            "SELECT id, at, actor_id, actor, method, route, resource_id, source_ip, status, detail \
             FROM audit_log WHERE {filter} ORDER BY id DESC LIMIT $7 OFFSET $8"
        );
        let count_sql = format!("SELECT COUNT(*) FROM audit_log WHERE {filter}");
        let status = f.status.map(i32::from);
        let (rows, total): (Vec<AuditRow>, i64) = on_db!(self, |pool| {
            let rows = sqlx::query_as(&list_sql)
                .bind(f.actor_id)
                .bind(f.method.as_deref())
                .bind(f.route_prefix.as_deref())
                .bind(status)
                .bind(f.since)
                .bind(f.until)
                .bind(page.limit())
                .bind(page.offset())
                .fetch_all(pool)
                .await?;
            let (total,): (i64,) = sqlx::query_as(&count_sql)
                .bind(f.actor_id)
                .bind(f.method.as_deref())
                .bind(f.route_prefix.as_deref())
                .bind(status)
                .bind(f.since)
                .bind(f.until)
                .fetch_one(pool)
                .await?;
            (rows, total)
        });
        let items = rows
            .into_iter()
            .map(|r| {
                let deed = audit::deed(&r.method, &r.route);
                AuditEntry {
                    id: r.id,
                    at: r.at,
                    actor_id: r.actor_id,
                    actor: r.actor,
                    method: r.method,
                    route: r.route,
                    resource_id: r.resource_id,
                    source_ip: r.source_ip,
                    status: u16::try_from(r.status).unwrap_or(0),
                    detail: r.detail,
                    action: deed.action,
                    object: deed.object,
                }
            })
            .collect();
        Ok((items, total))
    }
}
