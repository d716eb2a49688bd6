//! Users' SSH public keys (the jump host looks a key up by its fingerprint).

use chrono::{DateTime, Utc};
use tianqi_core::ssh_keys::SshKey;

use crate::{on_db, Result, Store};

const COLUMNS: &str = "id, name, algorithm, fingerprint, public_key, created_at, last_used_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    algorithm: String,
    fingerprint: String,
    public_key: String,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
}

impl From<Row> for SshKey {
    fn from(r: Row) -> SshKey {
        SshKey {
            id: r.id,
            name: r.name,
            algorithm: r.algorithm,
            fingerprint: r.fingerprint,
            public_key: r.public_key,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
        }
    }
}

/// A key to register.
pub struct NewSshKey<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub algorithm: &'a str,
    pub public_key: &'a str,
    pub fingerprint: &'a str,
    pub now: DateTime<Utc>,
}

impl Store {
    /// Registers a key; `Unique` when the user already has it.
    pub async fn insert_ssh_key(&self, k: &NewSshKey<'_>) -> Result<SshKey> {
        let sql = format!(
            "INSERT INTO ssh_keys (user_id, name, algorithm, public_key, fingerprint, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
        );
        let row: Row = on_db!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(k.user_id)
                .bind(k.name)
                .bind(k.algorithm)
                .bind(k.public_key)
                .bind(k.fingerprint)
                .bind(k.now)
                .fetch_one(pool)
                .await?
        });
        Ok(row.into())
    }

    pub async fn ssh_keys(&self, user_id: i64) -> Result<Vec<SshKey>> {
        let sql = format!("SELECT {COLUMNS} FROM ssh_keys WHERE user_id = $1 ORDER BY id");
        let rows: Vec<Row> = on_db!(self, |pool| {
            sqlx::query_as(&sql).bind(user_id).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(SshKey::from).collect())
    }

    /// Deletes one of the user's keys; false when they have no such key.
    pub async fn delete_ssh_key(&self, user_id: i64, id: i64) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query("DELETE FROM ssh_keys WHERE user_id = $1 AND id = $2")
                .bind(user_id)
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n > 0)
    }

    /// Whether the user has the key with this fingerprint; a hit records its
    /// use.
    pub async fn use_ssh_key(
        &self,
        user_id: i64,
        fingerprint: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE ssh_keys SET last_used_at = $3 WHERE user_id = $1 AND fingerprint = $2",
            )
            .bind(user_id)
            .bind(fingerprint)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n > 0)
    }

    /// Whether the user has the key (no bookkeeping): the answer to a
    /// client asking whether a key would do, before it signs.
    pub async fn has_ssh_key(&self, user_id: i64, fingerprint: &str) -> Result<bool> {
        let n: i64 = on_db!(self, |pool| {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM ssh_keys WHERE user_id = $1 AND fingerprint = $2",
            )
            .bind(user_id)
            .bind(fingerprint)
            .fetch_one(pool)
            .await?
        });
        Ok(n > 0)
    }
}
