//! Locks and leases that several server processes on one database share.
//!
//! Locks: on
//! PostgreSQL a lock is a session-level advisory lock held on a connection
//! set aside for it (`pg_advisory_lock`): other servers wait for it, and a
//! server that dies releases it with its connection. SQLite is one process's
//! file (one server), so its locks are the caller's in-process ones alone.
//!
//! Leases (`loop_leases`): periodic work that must run on one server at a
//! time; the holder renews each round, another server takes an expired one.

use chrono::{DateTime, Utc};
use sqlx::pool::PoolConnection;
use sqlx::Postgres;

use crate::{on_db, Db, Result, Store};

/// What a lock guards. Its advisory lock's key is two 32-bit numbers: a
/// class ("tq" then a serial, chosen not to collide with other users of the
/// same database) and an object in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SharedLock {
    /// Placement and the reservation it writes (instances, task runs,
    /// fine-tuning jobs, quota checks).
    Placement,
    /// Every operation on one user's workspace (the compat API's
    /// create/delete/restart, idle stops, reconciliation).
    Workspace(i64),
}

impl SharedLock {
    fn key(self) -> (i32, i32) {
        match self {
            Self::Placement => (0x7471_0001, 0),
            // Ids past i32 share a key with another user's: they wait for
            // each other, which is safe.
            Self::Workspace(user) => (0x7471_0002, user as i32),
        }
    }
}

/// A held lock; dropping it releases it.
pub struct SharedGuard {
    held: Option<(PoolConnection<Postgres>, (i32, i32))>,
}

impl SharedGuard {
    /// Releases the lock now and gives its connection back to the pool.
    pub async fn release(mut self) {
        if let Some((conn, key)) = self.held.take() {
            unlock(conn, key).await;
        }
    }
}

async fn unlock(mut conn: PoolConnection<Postgres>, (class, object): (i32, i32)) {
    let done = sqlx::query("SELECT pg_advisory_unlock($1, $2)")
        .bind(class)
        .bind(object)
        .execute(&mut *conn)
        .await;
    if let Err(e) = done {
        // The session may still hold the lock: end it so PostgreSQL frees it.
        tracing::warn!(error = %e, "could not release an advisory lock; closing its connection");
        conn.close_on_drop();
    }
}

impl Drop for SharedGuard {
    fn drop(&mut self) {
        if let Some((conn, key)) = self.held.take() {
            match tokio::runtime::Handle::try_current() {
                Ok(rt) => {
                    rt.spawn(unlock(conn, key));
                }
                // No runtime to unlock on: closing the session frees the lock.
                Err(_) => {
                    let mut conn = conn;
                    conn.close_on_drop();
                }
            }
        }
    }
}

impl Store {
    /// Takes `lock` across every server on this database (waiting for the
    /// server that holds it); on SQLite there is only this server, and the
    /// guard holds nothing.
    pub async fn shared_lock(&self, lock: SharedLock) -> Result<SharedGuard> {
        match &self.db {
            Db::Sqlite(_) => Ok(SharedGuard { held: None }),
            Db::Postgres(pool) => {
                let mut conn = pool.acquire().await?;
                let (class, object) = lock.key();
                sqlx::query("SELECT pg_advisory_lock($1, $2)")
                    .bind(class)
                    .bind(object)
                    .execute(&mut *conn)
                    .await?;
                Ok(SharedGuard {
                    held: Some((conn, lock.key())),
                })
            }
        }
    }

    /// Takes `lock` if no server holds it; `None` when one does.
    pub async fn try_shared_lock(&self, lock: SharedLock) -> Result<Option<SharedGuard>> {
        match &self.db {
            Db::Sqlite(_) => Ok(Some(SharedGuard { held: None })),
            Db::Postgres(pool) => {
                let mut conn = pool.acquire().await?;
                let (class, object) = lock.key();
                let taken: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1, $2)")
                    .bind(class)
                    .bind(object)
                    .fetch_one(&mut *conn)
                    .await?;
                Ok(if taken {
                    Some(SharedGuard {
                        held: Some((conn, lock.key())),
                    })
                } else {
                    None
                })
            }
        }
    }
}

impl Store {
    /// This server process's mark, as leases and usage beats name it.
    pub fn holder(&self) -> &str {
        &self.boot_id
    }

    /// Takes or renews the lease on loop `name` until `until`, when it is
    /// free, ours, or expired at `now`. True when this process holds it.
    pub async fn hold_lease(
        &self,
        name: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool> {
        let holder: &str = &self.boot_id;
        let n = on_db!(self, |pool| {
            sqlx::query(
            "INSERT INTO loop_leases (name, holder, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at \
             WHERE loop_leases.holder = excluded.holder OR loop_leases.expires_at < $4"
        )
        .bind(name)
        .bind(holder)
        .bind(until)
        .bind(now)
        .execute(pool)
        .await?
        .rows_affected()
        });
        Ok(n > 0)
    }

    /// Gives the lease up (a server stopping): another takes it on its next
    /// round instead of after the expiry.
    pub async fn release_lease(&self, name: &str) -> Result<()> {
        let holder: &str = &self.boot_id;
        on_db!(self, |pool| sqlx::query(
            "DELETE FROM loop_leases WHERE name = $1 AND holder = $2"
        )
        .bind(name)
        .bind(holder)
        .execute(pool)
        .await?
        .rows_affected());
        Ok(())
    }

    /// Who holds the lease on `name` now, if anyone (for tests and the
    /// operator's view).
    pub async fn lease_holder(&self, name: &str) -> Result<Option<String>> {
        Ok(on_db!(self, |pool| sqlx::query_scalar(
            "SELECT holder FROM loop_leases WHERE name = $1"
        )
        .bind(name)
        .fetch_optional(pool)
        .await?))
    }
}
