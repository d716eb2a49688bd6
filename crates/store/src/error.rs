//! The store's error: what the database said, classified for the layer above.

use tianqi_core::Error;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A UNIQUE constraint rejected the write; the service turns this into a
    /// conflict message that names the field.
    #[error("unique constraint violated: {0}")]
    Unique(String),
    /// A FOREIGN KEY constraint refused the write: the row is still referenced
    /// (e.g. a node that still carries workspaces).
    #[error("still referenced: {0}")]
    InUse(String),
    /// The row the operation needs does not exist.
    #[error("not found")]
    NotFound,
    /// Concurrent transactions got in each other's way (PostgreSQL's deadlock
    /// or serialization failure): nothing was written; the same request again
    /// normally succeeds.
    #[error("concurrent change: {0}")]
    Contended(String),
    /// The database cannot be reached or is overloaded (pool timeout, I/O).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The store was configured wrongly (bad URL).
    #[error("{0}")]
    Config(String),
    /// Anything else: a bug or a corrupted database.
    #[error("database error: {0}")]
    Other(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Unique(db.message().to_string())
            }
            // 40P01 deadlock_detected, 40001 serialization_failure.
            sqlx::Error::Database(db)
                if matches!(db.code().as_deref(), Some("40P01") | Some("40001")) =>
            {
                StoreError::Contended(db.message().to_string())
            }
            // SQLite reports ON DELETE RESTRICT as a trigger constraint
            // (extended code 1811), not as its foreign-key code.
            sqlx::Error::Database(db)
                if db.is_foreign_key_violation()
                    || db.message().contains("FOREIGN KEY constraint failed") =>
            {
                StoreError::InUse(db.message().to_string())
            }
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(e.to_string())
            }
            _ => StoreError::Other(e.to_string()),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        use sqlx::migrate::MigrateError as M;
        match e {
            // Migrations only go forward: a schema step this binary does not
            // know was applied by a newer Tianqi. Running on it would misread
            // rows, so refuse and say what to do.
            M::VersionMissing(v) => StoreError::Config(format!(
                "the database was upgraded by a newer Tianqi (it has schema step {v}, which this \
                 binary does not know): run that release or newer, or restore a backup taken \
                 before the upgrade"
            )),
            M::VersionMismatch(v) => StoreError::Config(format!(
                "schema step {v} in the database differs from the one this binary ships: \
                 the database was migrated by a different build of Tianqi"
            )),
            e => StoreError::Other(format!("migration failed: {e}")),
        }
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Unique(m) => Error::conflict(format!("already exists ({m})")),
            StoreError::InUse(m) => Error::conflict(format!("still in use ({m})")),
            StoreError::NotFound => Error::not_found("not found"),
            StoreError::Contended(_) => {
                Error::conflict("a concurrent change got in the way; try again")
            }
            StoreError::Unavailable(m) => Error::Unavailable(format!("database unavailable: {m}")),
            StoreError::Config(m) | StoreError::Other(m) => Error::internal(m),
        }
    }
}
