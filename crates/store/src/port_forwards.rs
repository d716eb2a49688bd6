//! Port forwarding rules. The live state is the forwarder's, filled in by the
//! service; these rows are what the forwarder is made to follow.

use chrono::{DateTime, Utc};
use tianqi_core::forward::{ForwardLive, ForwardTarget, PortForward, PortForwardDraft, Protocol};
use tianqi_core::page::PageRequest;

use crate::{on_db, Result, Store, StoreError};

const COLUMNS: &str = "id, source_ip, source_port, protocol, target_ip, target_port, \
                       target_instance_id, enabled, description, created_by, created_at, updated_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    source_ip: String,
    source_port: i64,
    protocol: String,
    target_ip: String,
    target_port: i64,
    target_instance_id: Option<i64>,
    enabled: bool,
    description: String,
    created_by: Option<i64>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<Row> for PortForward {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<PortForward> {
        let bad = |what: &str| StoreError::Other(format!("port forward {}: bad {what}", r.id));
        Ok(PortForward {
            id: r.id,
            source_port: u16::try_from(r.source_port).map_err(|_| bad("source_port"))?,
            protocol: Protocol::parse("protocol", &r.protocol).map_err(|_| bad("protocol"))?,
            target_port: u16::try_from(r.target_port).map_err(|_| bad("target_port"))?,
            source_ip: r.source_ip,
            target_ip: r.target_ip,
            target_instance_id: r.target_instance_id,
            target_instance_name: None,
            enabled: r.enabled,
            description: r.description,
            created_by: r.created_by,
            created_at: r.created_at,
            updated_at: r.updated_at,
            live: ForwardLive::default(),
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct PortForwardFilter {
    /// Substring of the source address.
    pub source_ip_contains: Option<String>,
    pub protocol: Option<Protocol>,
    pub enabled: Option<bool>,
}

/// The target columns of a draft: (target_ip, target_instance_id).
fn target_columns(d: &PortForwardDraft) -> (String, Option<i64>) {
    match d.target {
        ForwardTarget::Ip(ip) => (ip.to_string(), None),
        ForwardTarget::Instance(id) => (String::new(), Some(id)),
    }
}

/// The draft's columns, in the order [`bind_draft!`] binds them ($1–$8).
const DRAFT_COLUMNS: &str = "source_ip, source_port, protocol, target_ip, target_port, \
                             target_instance_id, enabled, description";

/// Binds a draft's columns ($1–$8, as in [`DRAFT_COLUMNS`]) to a query of
/// either engine.
macro_rules! bind_draft {
    ($query:expr, $d:expr, $target_ip:expr, $instance:expr) => {
        $query
            .bind($d.source_ip.to_string())
            .bind(i64::from($d.source_port))
            .bind($d.protocol.as_str())
            .bind($target_ip)
            .bind(i64::from($d.target_port))
            .bind($instance)
            .bind($d.enabled)
            .bind(&$d.description)
    };
}

fn rows(rows: Vec<Row>) -> Result<Vec<PortForward>> {
    rows.into_iter().map(PortForward::try_from).collect()
}

impl Store {
    pub async fn insert_port_forward(
        &self,
        d: &PortForwardDraft,
        created_by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<PortForward> {
        let sql = format!(
            "INSERT INTO port_forwards ({DRAFT_COLUMNS}, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING {COLUMNS}"
        );
        let (target_ip, instance) = target_columns(d);
        let row: Row = on_db!(self, |pool| {
            bind_draft!(sqlx::query_as(&sql), d, &target_ip, instance)
                .bind(created_by)
                .bind(now)
                .fetch_one(pool)
                .await?
        });
        row.try_into()
    }

    pub async fn update_port_forward(
        &self,
        id: i64,
        d: &PortForwardDraft,
        now: DateTime<Utc>,
    ) -> Result<PortForward> {
        let sql = format!(
            "UPDATE port_forwards SET ({DRAFT_COLUMNS}, updated_at) = \
             ($1, $2, $3, $4, $5, $6, $7, $8, $9) WHERE id = $10 RETURNING {COLUMNS}"
        );
        let (target_ip, instance) = target_columns(d);
        let row: Row = on_db!(self, |pool| {
            bind_draft!(sqlx::query_as(&sql), d, &target_ip, instance)
                .bind(now)
                .bind(id)
                .fetch_one(pool)
                .await?
        });
        row.try_into()
    }

    pub async fn set_port_forward_enabled(
        &self,
        id: i64,
        enabled: bool,
        now: DateTime<Utc>,
    ) -> Result<PortForward> {
        let sql = format!(
            "UPDATE port_forwards SET enabled = $2, updated_at = $3 WHERE id = $1 RETURNING {COLUMNS}"
        );
        let row: Row = on_db!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(id)
                .bind(enabled)
                .bind(now)
                .fetch_one(pool)
                .await?
        });
        row.try_into()
    }

    pub async fn port_forward(&self, id: i64) -> Result<PortForward> {
        let sql = format!("SELECT {COLUMNS} FROM port_forwards WHERE id = $1");
        let row: Row = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_one(pool)
            .await?);
        row.try_into()
    }

    /// Every rule, by id: what the forwarder is reconciled with.
    pub async fn all_port_forwards(&self) -> Result<Vec<PortForward>> {
        let sql = format!("SELECT {COLUMNS} FROM port_forwards ORDER BY id");
        let list: Vec<Row> = on_db!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await?);
        rows(list)
    }

    /// The rules listening on `port` with `protocol`, for the overlap check.
    pub async fn port_forwards_on_port(
        &self,
        port: u16,
        protocol: Protocol,
    ) -> Result<Vec<PortForward>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM port_forwards WHERE source_port = $1 AND protocol = $2 ORDER BY id"
        );
        let list: Vec<Row> = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(i64::from(port))
            .bind(protocol.as_str())
            .fetch_all(pool)
            .await?);
        rows(list)
    }

    /// A page of rules, newest first.
    pub async fn list_port_forwards(
        &self,
        f: &PortForwardFilter,
        page: PageRequest,
    ) -> Result<(Vec<PortForward>, i64)> {
        let filter =
            "($1 IS NULL OR source_ip LIKE $1 ESCAPE '\\') AND ($2 IS NULL OR protocol = $2) \
                      AND ($3 IS NULL OR enabled = $3)";
        let list = format!(
            "SELECT {COLUMNS} FROM port_forwards WHERE {filter} ORDER BY id DESC LIMIT $4 OFFSET $5"
        );
        let count = format!("SELECT COUNT(*) FROM port_forwards WHERE {filter}");
        let pattern = f.source_ip_contains.as_deref().map(crate::like_pattern);
        let protocol = f.protocol.map(Protocol::as_str);
        let (list, total): (Vec<Row>, i64) = on_db!(self, |pool| {
            let list = sqlx::query_as(&list)
                .bind(pattern.as_deref())
                .bind(protocol)
                .bind(f.enabled)
                .bind(page.limit())
                .bind(page.offset())
                .fetch_all(pool)
                .await?;
            let (total,): (i64,) = sqlx::query_as(&count)
                .bind(pattern.as_deref())
                .bind(protocol)
                .bind(f.enabled)
                .fetch_one(pool)
                .await?;
            (list, total)
        });
        Ok((rows(list)?, total))
    }

    /// Deletes every rule in `ids` in one transaction; answers how many existed.
    pub async fn delete_port_forwards(&self, ids: &[i64]) -> Result<u64> {
        let n = on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            let mut n = 0;
            for id in ids {
                n += sqlx::query("DELETE FROM port_forwards WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            }
            tx.commit().await?;
            n
        });
        Ok(n)
    }
}
