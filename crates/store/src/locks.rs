//! Locks and leases that several server processes on one database share.
//!
//! Locks on PostgreSQL come two ways. The placement lock is a session-level
//! advisory lock held on a connection set aside for it (`pg_advisory_lock`):
//! other servers wait for it, and a server that dies releases it with its
//! connection; each server takes it one caller at a time, so it sets one
//! connection aside at most. Per-user workspace locks are many at once (fifty
//! users creating together), so each is a lease row instead (`loop_leases`,
//! named `workspace:<user>`), renewed while held and expiring soon after a
//! dead holder's last renewal: no connection is kept. SQLite is one
//! process's file (one server), so its locks are the caller's in-process
//! ones alone.
//!
//! Leases (`loop_leases`): periodic work that must run on one server at a
//! time; the holder renews each round, another server takes an expired one.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::pool::PoolConnection;
use sqlx::Postgres;

use crate::{on_db, Db, Result, Store};

/// How long a lock's lease lasts past its last renewal: another server
/// waits this long for a lock whose holder died.
const LOCK_LEASE: Duration = Duration::from_secs(30);
const LOCK_RENEW_EVERY: Duration = Duration::from_secs(10);
/// The longest pause between two tries for a lock another server holds.
const LOCK_POLL_MAX: Duration = Duration::from_millis(200);

/// What a lock guards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SharedLock {
    /// Placement and the reservation it writes (instances, task runs,
    /// fine-tuning jobs, quota checks).
    Placement,
    /// Every operation on one user's workspace (the compat API's
    /// create/delete/restart, idle stops, reconciliation).
    Workspace(i64),
}

/// The advisory lock's key: two 32-bit numbers, a class ("tq" then a
/// serial, chosen not to collide with other users of the same database)
/// and an object in it.
const PLACEMENT_KEY: (i32, i32) = (0x7471_0001, 0);

impl SharedLock {
    fn lease_name(self) -> String {
        match self {
            Self::Placement => "placement".to_owned(),
            Self::Workspace(user) => format!("workspace:{user}"),
        }
    }
}

enum Hold {
    /// SQLite: nothing beyond the caller's own lock.
    Nothing,
    Advisory(PoolConnection<Postgres>),
    /// A lease, and the task renewing it while it is held.
    Lease {
        store: Store,
        name: String,
        renewing: tokio::task::JoinHandle<()>,
    },
}

/// A held lock; dropping it releases it.
pub struct SharedGuard {
    held: Hold,
}

impl SharedGuard {
    /// Releases the lock now (and gives its connection back to the pool).
    pub async fn release(mut self) {
        match std::mem::replace(&mut self.held, Hold::Nothing) {
            Hold::Nothing => {}
            Hold::Advisory(conn) => unlock(conn).await,
            Hold::Lease {
                store,
                name,
                renewing,
            } => {
                renewing.abort();
                give_up(store, name).await;
            }
        }
    }
}

async fn unlock(mut conn: PoolConnection<Postgres>) {
    let (class, object) = PLACEMENT_KEY;
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

async fn give_up(store: Store, name: String) {
    if let Err(e) = store.release_lease(&name).await {
        tracing::warn!(lock = %name, error = %e, "could not release a lock's lease; it expires by itself");
    }
}

impl Drop for SharedGuard {
    fn drop(&mut self) {
        match std::mem::replace(&mut self.held, Hold::Nothing) {
            Hold::Nothing => {}
            Hold::Advisory(conn) => match tokio::runtime::Handle::try_current() {
                Ok(rt) => {
                    rt.spawn(unlock(conn));
                }
                // No runtime to unlock on: closing the session frees the lock.
                Err(_) => {
                    let mut conn = conn;
                    conn.close_on_drop();
                }
            },
            Hold::Lease {
                store,
                name,
                renewing,
            } => {
                renewing.abort();
                // No runtime: the lease expires by itself.
                if let Ok(rt) = tokio::runtime::Handle::try_current() {
                    rt.spawn(give_up(store, name));
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
        match (&self.db, lock) {
            (Db::Sqlite(_), _) => Ok(SharedGuard {
                held: Hold::Nothing,
            }),
            (Db::Postgres(pool), SharedLock::Placement) => {
                let mut conn = pool.acquire().await?;
                let (class, object) = PLACEMENT_KEY;
                sqlx::query("SELECT pg_advisory_lock($1, $2)")
                    .bind(class)
                    .bind(object)
                    .execute(&mut *conn)
                    .await?;
                Ok(SharedGuard {
                    held: Hold::Advisory(conn),
                })
            }
            (Db::Postgres(_), SharedLock::Workspace(_)) => {
                let mut pause = Duration::from_millis(10);
                loop {
                    if let Some(g) = self.try_lease_lock(lock).await? {
                        return Ok(g);
                    }
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(LOCK_POLL_MAX);
                }
            }
        }
    }

    /// Takes `lock` if no server holds it; `None` when one does.
    pub async fn try_shared_lock(&self, lock: SharedLock) -> Result<Option<SharedGuard>> {
        match (&self.db, lock) {
            (Db::Sqlite(_), _) => Ok(Some(SharedGuard {
                held: Hold::Nothing,
            })),
            (Db::Postgres(pool), SharedLock::Placement) => {
                let mut conn = pool.acquire().await?;
                let (class, object) = PLACEMENT_KEY;
                let taken: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1, $2)")
                    .bind(class)
                    .bind(object)
                    .fetch_one(&mut *conn)
                    .await?;
                Ok(taken.then(|| SharedGuard {
                    held: Hold::Advisory(conn),
                }))
            }
            (Db::Postgres(_), SharedLock::Workspace(_)) => self.try_lease_lock(lock).await,
        }
    }

    /// One try for `lock`'s lease; while held, a task renews it. The
    /// caller's in-process lock comes first, so a lease already ours is one
    /// this process left (a release that failed) and is taken again.
    async fn try_lease_lock(&self, lock: SharedLock) -> Result<Option<SharedGuard>> {
        let name = lock.lease_name();
        let ttl = chrono::Duration::from_std(LOCK_LEASE).unwrap_or(chrono::Duration::MAX);
        let now = Utc::now();
        if !self.hold_lease(&name, now, now + ttl).await? {
            return Ok(None);
        }
        let renewing = tokio::spawn({
            let (store, name) = (self.clone(), name.clone());
            async move {
                loop {
                    tokio::time::sleep(LOCK_RENEW_EVERY).await;
                    let now = Utc::now();
                    match store.hold_lease(&name, now, now + ttl).await {
                        Ok(true) => {}
                        Ok(false) => {
                            tracing::warn!(lock = %name, "a lock's lease was taken over while held");
                            return;
                        }
                        Err(e) => {
                            tracing::warn!(lock = %name, error = %e, "could not renew a lock's lease");
                        }
                    }
                }
            }
        });
        Ok(Some(SharedGuard {
            held: Hold::Lease {
                store: self.clone(),
                name,
                renewing,
            },
        }))
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
