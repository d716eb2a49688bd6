//! Signals between the servers sharing a PostgreSQL database (LISTEN and
//! NOTIFY): a server that changed something the others keep in memory tells
//! them at once — who may do what (their live sessions and token caches),
//! the task definitions (the scheduling server's agenda). A SQLite file has
//! one server: nothing to tell, nothing to hear.
//!
//! Signals are hints, not a log: one missed while a listener reconnects is
//! made up for by what the listener does then (see each channel's user).

use sqlx::postgres::PgListener;

use crate::{Db, Result, Store};

/// What a signal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// Who may do what changed (a token revoked, a user disabled, a role
    /// or a grant changed).
    Access,
    /// Task definitions changed, or runs were asked to stop.
    Tasks,
}

impl Channel {
    fn name(self) -> &'static str {
        match self {
            Self::Access => "tianqi_access",
            Self::Tasks => "tianqi_tasks",
        }
    }
}

/// A server's subscription to the others' signals on one channel.
pub struct Signals {
    listener: PgListener,
    me: String,
}

impl Signals {
    /// Waits for another server's signal and answers its message. Ours are
    /// skipped: this server acted on them already. An error means the
    /// connection was lost; the next call reconnects (signals meanwhile are
    /// lost).
    pub async fn next(&mut self) -> Result<String> {
        loop {
            let n = self.listener.recv().await?;
            let (from, message) = n.payload().split_once(' ').unwrap_or((n.payload(), ""));
            if from != self.me {
                return Ok(message.to_owned());
            }
        }
    }
}

impl Store {
    /// Tells the other servers `message` on `channel` (at most about 7,900
    /// bytes: PostgreSQL's limit less the sender's mark). SQLite: nothing
    /// to do.
    pub async fn announce(&self, channel: Channel, message: &str) -> Result<()> {
        if let Db::Postgres(pool) = &self.db {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(channel.name())
                .bind(format!("{} {message}", self.holder()))
                .execute(pool)
                .await?;
        }
        Ok(())
    }

    /// Subscribes to the other servers' signals on `channel`; `None` on
    /// SQLite. The subscription holds one connection of the pool for as
    /// long as it lives.
    pub async fn listen(&self, channel: Channel) -> Result<Option<Signals>> {
        let Db::Postgres(pool) = &self.db else {
            return Ok(None);
        };
        let mut listener = PgListener::connect_with(pool).await?;
        listener.listen(channel.name()).await?;
        Ok(Some(Signals {
            listener,
            me: self.holder().to_owned(),
        }))
    }
}
