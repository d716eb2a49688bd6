//! Signals between the servers sharing a PostgreSQL database (LISTEN and
//! NOTIFY): a server that changed who may do what tells the others at once,
//! so their live sessions are rechecked now rather than at their next round.
//! A SQLite file has one server: nothing to tell, nothing to hear.
//!
//! Notifications are hints, not a log: one missed while a listener
//! reconnects is made up for by the periodic recheck.

use sqlx::postgres::PgListener;

use crate::{Db, Result, Store};

/// Who may do what changed (a token revoked, a user disabled, a role or a
/// grant changed). The payload is the announcing server's mark.
const ACCESS_CHANNEL: &str = "tianqi_access";

/// A server's subscription to the others' announcements.
pub struct AccessChanges {
    listener: PgListener,
    me: String,
}

impl AccessChanges {
    /// Waits for another server's announcement. Ours are skipped: this
    /// server has rechecked already. An error means the connection was
    /// lost; the next call reconnects (announcements meanwhile are lost).
    pub async fn next(&mut self) -> Result<()> {
        loop {
            let n = self.listener.recv().await?;
            if n.payload() != self.me {
                return Ok(());
            }
        }
    }
}

impl Store {
    /// Tells the other servers that access changed. SQLite: nothing to do.
    pub async fn announce_access_change(&self) -> Result<()> {
        if let Db::Postgres(pool) = &self.db {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(ACCESS_CHANNEL)
                .bind(self.holder())
                .execute(pool)
                .await?;
        }
        Ok(())
    }

    /// Subscribes to the other servers' announcements; `None` on SQLite. The
    /// subscription holds one connection of the pool for as long as it lives.
    pub async fn access_changes(&self) -> Result<Option<AccessChanges>> {
        let Db::Postgres(pool) = &self.db else {
            return Ok(None);
        };
        let mut listener = PgListener::connect_with(pool).await?;
        listener.listen(ACCESS_CHANNEL).await?;
        Ok(Some(AccessChanges {
            listener,
            me: self.holder().to_owned(),
        }))
    }
}
