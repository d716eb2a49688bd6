//! Workspace records: what exists per (profile, user id), for the fast list and
//! for reconciliation after a restart. Docker stays the authority on whether a
//! container runs; these rows follow it.

use chrono::{DateTime, Utc};

use crate::{on_db, Result, Store};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct WorkspaceRow {
    pub profile: String,
    pub user_id: i64,
    pub node_id: i64,
    pub container_name: String,
    pub container_id: String,
    pub http_port: i64,
    pub ws_port: i64,
    /// creating | running | stopped
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "profile, user_id, node_id, container_name, container_id, http_port, \
                       ws_port, status, created_at, updated_at";

impl Store {
    /// Inserts the record, or replaces a previous one for the same user
    /// (keeping nothing of it: a new container is a new workspace instance).
    pub async fn put_workspace(&self, w: &WorkspaceRow) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query(&format!(
                "INSERT INTO workspaces ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 ON CONFLICT (profile, user_id) DO UPDATE SET node_id = excluded.node_id, \
                 container_name = excluded.container_name, container_id = excluded.container_id, \
                 http_port = excluded.http_port, ws_port = excluded.ws_port, \
                 status = excluded.status, created_at = excluded.created_at, \
                 updated_at = excluded.updated_at"
            ))
            .bind(&w.profile)
            .bind(w.user_id)
            .bind(w.node_id)
            .bind(&w.container_name)
            .bind(&w.container_id)
            .bind(w.http_port)
            .bind(w.ws_port)
            .bind(&w.status)
            .bind(w.created_at)
            .bind(w.updated_at)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    pub async fn set_workspace_status(
        &self,
        profile: &str,
        user_id: i64,
        status: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "UPDATE workspaces SET status = $3, updated_at = $4 \
                 WHERE profile = $1 AND user_id = $2",
            )
            .bind(profile)
            .bind(user_id)
            .bind(status)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    pub async fn delete_workspace(&self, profile: &str, user_id: i64) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query("DELETE FROM workspaces WHERE profile = $1 AND user_id = $2")
                .bind(profile)
                .bind(user_id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n > 0)
    }

    pub async fn workspace(&self, profile: &str, user_id: i64) -> Result<Option<WorkspaceRow>> {
        Ok(on_db!(self, |pool| {
            sqlx::query_as::<_, WorkspaceRow>(&format!(
                "SELECT {COLUMNS} FROM workspaces WHERE profile = $1 AND user_id = $2"
            ))
            .bind(profile)
            .bind(user_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Every record of a profile, by user id.
    pub async fn workspaces(&self, profile: &str) -> Result<Vec<WorkspaceRow>> {
        Ok(on_db!(self, |pool| {
            sqlx::query_as::<_, WorkspaceRow>(&format!(
                "SELECT {COLUMNS} FROM workspaces WHERE profile = $1 ORDER BY user_id"
            ))
            .bind(profile)
            .fetch_all(pool)
            .await?
        }))
    }
}
