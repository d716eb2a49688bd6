//! The servers sharing this database and the instance operations each has
//! in flight. A server beats (`beat_server`) every few seconds; readers take
//! one whose beat is older than their cutoff for gone, and its operations
//! with it.

use chrono::{DateTime, Utc};

use crate::{on_db, Result, Store};

/// A server process as the database knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerBeat {
    pub holder: String,
    pub started_at: DateTime<Utc>,
    pub beat_at: DateTime<Utc>,
}

impl Store {
    /// Records that this server is alive at `now`.
    pub async fn beat_server(&self, started_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<()> {
        let holder: &str = &self.boot_id;
        on_db!(self, |pool| sqlx::query(
            "INSERT INTO servers (holder, started_at, beat_at) VALUES ($1, $2, $3) \
             ON CONFLICT (holder) DO UPDATE SET beat_at = excluded.beat_at"
        )
        .bind(holder)
        .bind(started_at)
        .bind(now)
        .execute(pool)
        .await?
        .rows_affected());
        Ok(())
    }

    /// Forgets servers last heard of before `cutoff` and the operations they
    /// left in flight (they are over). Answers how many servers went.
    pub async fn forget_servers_before(&self, cutoff: DateTime<Utc>) -> Result<u64> {
        on_db!(self, |pool| {
            sqlx::query(
                "DELETE FROM instance_flights WHERE since < $1 AND holder NOT IN \
                 (SELECT holder FROM servers WHERE beat_at >= $1)",
            )
            .bind(cutoff)
            .execute(pool)
            .await?;
            Ok(sqlx::query("DELETE FROM servers WHERE beat_at < $1")
                .bind(cutoff)
                .execute(pool)
                .await?
                .rows_affected())
        })
    }

    /// This server stopping: it leaves the list, with its operations.
    pub async fn leave_servers(&self) -> Result<()> {
        let holder: &str = &self.boot_id;
        on_db!(self, |pool| {
            sqlx::query("DELETE FROM instance_flights WHERE holder = $1")
                .bind(holder)
                .execute(pool)
                .await?;
            sqlx::query("DELETE FROM servers WHERE holder = $1")
                .bind(holder)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// The servers heard of at or after `cutoff`, oldest first.
    pub async fn servers_since(&self, cutoff: DateTime<Utc>) -> Result<Vec<ServerBeat>> {
        let rows: Vec<(String, DateTime<Utc>, DateTime<Utc>)> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT holder, started_at, beat_at FROM servers WHERE beat_at >= $1 \
                 ORDER BY started_at, holder",
            )
            .bind(cutoff)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(holder, started_at, beat_at)| ServerBeat {
                holder,
                started_at,
                beat_at,
            })
            .collect())
    }

    /// Marks operation `op_id` on instance `instance_id` as running on this
    /// server.
    pub async fn begin_flight(
        &self,
        op_id: &str,
        instance_id: i64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let holder: &str = &self.boot_id;
        on_db!(self, |pool| {
            sqlx::query(
            "INSERT INTO instance_flights (op_id, instance_id, holder, since) VALUES ($1, $2, $3, $4)"
        )
        .bind(op_id)
        .bind(instance_id)
        .bind(holder)
        .bind(now)
        .execute(pool)
        .await?
        .rows_affected()
        });
        Ok(())
    }

    pub async fn end_flight(&self, op_id: &str) -> Result<()> {
        on_db!(self, |pool| sqlx::query(
            "DELETE FROM instance_flights WHERE op_id = $1"
        )
        .bind(op_id)
        .execute(pool)
        .await?
        .rows_affected());
        Ok(())
    }

    /// Instances with an operation in flight on another server heard of at
    /// or after `cutoff` — or not heard of yet, when the operation began at
    /// or after it (a server's first beat may come after its first create).
    pub async fn flights_elsewhere(&self, cutoff: DateTime<Utc>) -> Result<Vec<i64>> {
        let holder: &str = &self.boot_id;
        Ok(on_db!(self, |pool| sqlx::query_scalar(
            "SELECT DISTINCT f.instance_id FROM instance_flights f \
             LEFT JOIN servers s ON s.holder = f.holder \
             WHERE f.holder <> $1 \
             AND (s.beat_at >= $2 OR (s.holder IS NULL AND f.since >= $2)) \
             ORDER BY f.instance_id"
        )
        .bind(holder)
        .bind(cutoff)
        .fetch_all(pool)
        .await?))
    }
}
