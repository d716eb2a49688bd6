//! Sign-in attempts per key in a fixed window, counted atomically (one
//! statement), so concurrent attempts each see the count the others made.

use crate::{on_db, Result, Store};

/// A key's window after an attempt was counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptWindow {
    pub started_ms: i64,
    pub attempts: i64,
}

impl Store {
    /// Counts one attempt for `key` at `now_ms`: a window older than
    /// `window_ms` starts again at one. Answers the window with this attempt.
    pub async fn count_login_attempt(
        &self,
        key: &str,
        now_ms: i64,
        window_ms: i64,
    ) -> Result<AttemptWindow> {
        let (started_ms, attempts): (i64, i64) = on_db!(self, |pool| {
            sqlx::query_as(
                "INSERT INTO login_attempts (key, window_started_ms, attempts) VALUES ($1, $2, 1) \
                 ON CONFLICT (key) DO UPDATE SET \
                 window_started_ms = CASE WHEN login_attempts.window_started_ms + $3 <= $2 \
                   THEN $2 ELSE login_attempts.window_started_ms END, \
                 attempts = CASE WHEN login_attempts.window_started_ms + $3 <= $2 \
                   THEN 1 ELSE login_attempts.attempts + 1 END \
                 RETURNING window_started_ms, attempts",
            )
            .bind(key)
            .bind(now_ms)
            .bind(window_ms)
            .fetch_one(pool)
            .await?
        });
        Ok(AttemptWindow {
            started_ms,
            attempts,
        })
    }

    /// Takes back one counted attempt (it turned out to be a good one).
    pub async fn refund_login_attempt(&self, key: &str) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "UPDATE login_attempts SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0",
            )
            .bind(key)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Forgets `key`'s attempts (a successful sign-in, an admin's unlock).
    /// Answers whether there were any.
    pub async fn clear_login_attempts(&self, key: &str) -> Result<bool> {
        let r = on_db!(self, |pool| {
            sqlx::query("DELETE FROM login_attempts WHERE key = $1")
                .bind(key)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(r > 0)
    }

    /// Drops windows that started before `before_ms` (housekeeping).
    pub async fn prune_login_attempts(&self, before_ms: i64) -> Result<u64> {
        let r = on_db!(self, |pool| {
            sqlx::query("DELETE FROM login_attempts WHERE window_started_ms < $1")
                .bind(before_ms)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(r)
    }
}
