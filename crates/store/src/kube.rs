//! Kubernetes clusters. The sealed kubeconfig is read only by
//! [`Store::k8s_cluster_kubeconfig`]; the cluster rows never carry it.

use chrono::{DateTime, Utc};
use tianqi_core::kube::grants::{Grant, GrantLevel, GrantRecord};
use tianqi_core::kube::{Cluster, ClusterCheck, ClusterDraft, ClusterStatus};
use tianqi_core::page::PageRequest;

use crate::{on_db, Result, Store, StoreError};

const COLUMNS: &str =
    "id, name, description, enabled, server, kubeconfig <> '' AS has_kubeconfig, \
     status, server_version, namespace_count, last_error, checked_at, created_at, updated_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    description: String,
    enabled: bool,
    server: String,
    has_kubeconfig: bool,
    status: String,
    server_version: String,
    namespace_count: Option<i64>,
    last_error: String,
    checked_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<Row> for Cluster {
    type Error = StoreError;

    fn try_from(r: Row) -> Result<Self> {
        let status = ClusterStatus::parse(&r.status).ok_or_else(|| {
            StoreError::Other(format!("k8s cluster {}: bad status '{}'", r.id, r.status))
        })?;
        Ok(Cluster {
            id: r.id,
            name: r.name,
            description: r.description,
            enabled: r.enabled,
            server: r.server,
            has_kubeconfig: r.has_kubeconfig,
            status,
            server_version: r.server_version,
            namespace_count: r.namespace_count,
            last_error: r.last_error,
            checked_at: r.checked_at,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

/// A replacement kubeconfig: sealed text and the server URL read from it.
pub struct SealedKubeconfig<'a> {
    pub sealed: &'a str,
    pub server: &'a str,
}

impl Store {
    pub async fn insert_k8s_cluster(
        &self,
        d: &ClusterDraft,
        kubeconfig: SealedKubeconfig<'_>,
        now: DateTime<Utc>,
    ) -> Result<Cluster> {
        let status = if d.enabled {
            ClusterStatus::Unknown
        } else {
            ClusterStatus::Disabled
        };
        let id: i64 = on_db!(self, |pool| {
            sqlx::query_scalar(
            "INSERT INTO k8s_clusters (name, description, enabled, kubeconfig, server, status, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id"
        )
        .bind(&d.name)
        .bind(&d.description)
        .bind(d.enabled)
        .bind(kubeconfig.sealed)
        .bind(kubeconfig.server)
        .bind(status.as_str())
        .bind(now)
        .fetch_one(pool)
        .await?
        });
        self.k8s_cluster(id).await
    }

    /// `kubeconfig`: None keeps the stored one. Switching a cluster off marks
    /// it disabled; switching it on (or a new kubeconfig) marks it untested.
    pub async fn update_k8s_cluster(
        &self,
        id: i64,
        d: &ClusterDraft,
        kubeconfig: Option<SealedKubeconfig<'_>>,
        now: DateTime<Utc>,
    ) -> Result<Cluster> {
        let (sealed, server) = match &kubeconfig {
            Some(k) => (Some(k.sealed), Some(k.server)),
            None => (None, None),
        };
        let n = on_db!(self, |pool| sqlx::query(
            "UPDATE k8s_clusters SET name = $1, description = $2, enabled = $3, \
             kubeconfig = COALESCE($4, kubeconfig), server = COALESCE($5, server), \
             status = CASE WHEN NOT $3 THEN 'disabled' \
                           WHEN $4 IS NOT NULL OR NOT enabled THEN 'unknown' ELSE status END, \
             updated_at = $6 WHERE id = $7"
        )
        .bind(&d.name)
        .bind(&d.description)
        .bind(d.enabled)
        .bind(sealed)
        .bind(server)
        .bind(now)
        .bind(id)
        .execute(pool)
        .await?
        .rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        self.k8s_cluster(id).await
    }

    /// Stores a connection test's outcome, unless the cluster was switched
    /// off meanwhile.
    pub async fn record_k8s_check(
        &self,
        id: i64,
        c: &ClusterCheck,
        now: DateTime<Utc>,
    ) -> Result<Cluster> {
        on_db!(self, |pool| sqlx::query(
            "UPDATE k8s_clusters SET status = CASE WHEN enabled THEN $1 ELSE 'disabled' END, \
             server_version = CASE WHEN $1 = 'connected' THEN $2 ELSE server_version END, \
             namespace_count = CASE WHEN $1 = 'connected' THEN $3 ELSE namespace_count END, \
             last_error = $4, checked_at = $5 WHERE id = $6"
        )
        .bind(c.status.as_str())
        .bind(&c.server_version)
        .bind(c.namespace_count)
        .bind(&c.last_error)
        .bind(now)
        .bind(id)
        .execute(pool)
        .await
        .map(|_| ())?);
        self.k8s_cluster(id).await
    }

    pub async fn k8s_cluster(&self, id: i64) -> Result<Cluster> {
        let sql = format!("SELECT {COLUMNS} FROM k8s_clusters WHERE id = $1");
        let row: Row = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_one(pool)
            .await?);
        row.try_into()
    }

    /// The sealed kubeconfig ('' when none is kept).
    pub async fn k8s_cluster_kubeconfig(&self, id: i64) -> Result<String> {
        Ok(on_db!(self, |pool| sqlx::query_scalar(
            "SELECT kubeconfig FROM k8s_clusters WHERE id = $1"
        )
        .bind(id)
        .fetch_one(pool)
        .await?))
    }

    pub async fn list_k8s_clusters(&self, page: PageRequest) -> Result<(Vec<Cluster>, i64)> {
        let sql = format!("SELECT {COLUMNS} FROM k8s_clusters ORDER BY name LIMIT $1 OFFSET $2");
        let (rows, total): (Vec<Row>, i64) = on_db!(self, |pool| {
            let rows = sqlx::query_as(&sql)
                .bind(page.limit())
                .bind(page.offset())
                .fetch_all(pool)
                .await?;
            let total = sqlx::query_scalar("SELECT COUNT(*) FROM k8s_clusters")
                .fetch_one(pool)
                .await?;
            (rows, total)
        });
        let items = rows
            .into_iter()
            .map(Cluster::try_from)
            .collect::<Result<_>>()?;
        Ok((items, total))
    }

    /// Every cluster, by name (what a user may see is filtered by the policy).
    pub async fn all_k8s_clusters(&self) -> Result<Vec<Cluster>> {
        let sql = format!("SELECT {COLUMNS} FROM k8s_clusters ORDER BY name");
        let rows: Vec<Row> = on_db!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await?);
        rows.into_iter().map(Cluster::try_from).collect()
    }

    /// True when a row was deleted.
    pub async fn delete_k8s_cluster(&self, id: i64) -> Result<bool> {
        let n = on_db!(self, |pool| sqlx::query(
            "DELETE FROM k8s_clusters WHERE id = $1"
        )
        .bind(id)
        .execute(pool)
        .await?
        .rows_affected());
        Ok(n > 0)
    }
}

const GRANT_SELECT: &str =
    "SELECT g.id, g.user_id, u.username, g.cluster_id, c.name AS cluster_name, \
     g.namespace, g.level, g.created_at FROM k8s_grants g \
     JOIN users u ON u.id = g.user_id LEFT JOIN k8s_clusters c ON c.id = g.cluster_id";

#[derive(sqlx::FromRow)]
struct GrantRow {
    id: i64,
    user_id: i64,
    username: String,
    cluster_id: Option<i64>,
    cluster_name: Option<String>,
    namespace: Option<String>,
    level: String,
    created_at: DateTime<Utc>,
}

impl TryFrom<GrantRow> for GrantRecord {
    type Error = StoreError;

    fn try_from(r: GrantRow) -> Result<Self> {
        let level = GrantLevel::parse(&r.level).ok_or_else(|| {
            StoreError::Other(format!("k8s grant {}: bad level '{}'", r.id, r.level))
        })?;
        Ok(GrantRecord {
            id: r.id,
            user_id: r.user_id,
            username: r.username,
            cluster_id: r.cluster_id,
            cluster_name: r.cluster_name,
            namespace: r.namespace,
            level,
            created_at: r.created_at,
        })
    }
}

/// Which grants a listing reads.
#[derive(Debug, Clone, Copy, Default)]
pub struct GrantFilter {
    pub user_id: Option<i64>,
    pub cluster_id: Option<i64>,
}

impl Store {
    pub async fn insert_k8s_grant(&self, g: &Grant, now: DateTime<Utc>) -> Result<GrantRecord> {
        let (cluster, namespace) = g.scope.parts();
        let id: i64 = on_db!(self, |pool| sqlx::query_scalar(
            "INSERT INTO k8s_grants (user_id, cluster_id, namespace, level, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id"
        )
        .bind(g.user_id)
        .bind(cluster)
        .bind(namespace)
        .bind(g.level.as_str())
        .bind(now)
        .fetch_one(pool)
        .await?);
        self.k8s_grant(id).await
    }

    pub async fn k8s_grant(&self, id: i64) -> Result<GrantRecord> {
        let sql = format!("{GRANT_SELECT} WHERE g.id = $1");
        let row: Option<GrantRow> = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await?);
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    /// Grants by user name, then cluster, then namespace (global first).
    pub async fn list_k8s_grants(&self, f: GrantFilter) -> Result<Vec<GrantRecord>> {
        let sql = format!(
            "{GRANT_SELECT} WHERE ($1 IS NULL OR g.user_id = $1) AND ($2 IS NULL OR g.cluster_id = $2) \
             ORDER BY u.username, COALESCE(c.name, ''), COALESCE(g.namespace, ''), g.id"
        );
        let rows: Vec<GrantRow> = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(f.user_id)
            .bind(f.cluster_id)
            .fetch_all(pool)
            .await?);
        rows.into_iter().map(TryInto::try_into).collect()
    }

    pub async fn delete_k8s_grant(&self, id: i64) -> Result<bool> {
        let n = on_db!(self, |pool| sqlx::query(
            "DELETE FROM k8s_grants WHERE id = $1"
        )
        .bind(id)
        .execute(pool)
        .await?
        .rows_affected());
        Ok(n > 0)
    }
}
