//! Tianqi's store: one codebase over SQLite (the default) and PostgreSQL.
//!
//! Every query is written once, with `$n` placeholders that both engines accept,
//! and run on whichever pool the store was opened with (see [`on_db!`]). Schema
//! migrations are kept per engine because their DDL differs (identity columns,
//! timestamp types); the repository code above them is shared.
#![forbid(unsafe_code)]

mod assets;
mod assistant;
mod audit;
mod autostop;
mod config;
mod error;
mod finetune;
mod images;
mod instances;
mod kube;
mod locks;
mod login_attempts;
mod nodes;
mod port_forwards;
mod recordings;
mod servers;
mod settings;
mod signals;
mod specs;
mod ssh_keys;
mod tasks;
mod tokens;
mod usage;
mod users;
mod workspaces;

pub use assets::AssetFilter;
pub use assistant::{MessageWrite, SealedKey};
pub use audit::{AuditFilter, NewAudit};
pub use autostop::AutoStopRow;
pub use config::DbConfig;
pub use error::StoreError;
pub use finetune::{JobFilter, JobProgress, NewJob, StoredJob};
pub use images::ImageFilter;
pub use instances::{InstanceFilter, NewInstance};
pub use kube::{GrantFilter, SealedKubeconfig};
pub use locks::{SharedGuard, SharedLock};
pub use login_attempts::AttemptWindow;
pub use nodes::{NodeFilter, NodeStatusUpdate, StoredNode};
pub use port_forwards::PortForwardFilter;
pub use recordings::{NewRecording, RecordingEnd, RecordingFilter};
pub use servers::ServerBeat;
pub use signals::{Channel, Signals};
pub use specs::SpecFilter;
pub use ssh_keys::NewSshKey;
pub use tasks::{RunEnd, RunRecord, TaskFilter, TaskReservation};
pub use tokens::{NewToken, TokenAuth, TokenState};
pub use usage::{CloseAt, NewUsage, HEARTBEAT as USAGE_HEARTBEAT};
pub use users::{NewUser, UserFilter, UserPatch};
pub use workspaces::WorkspaceRow;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

#[derive(Clone, Debug)]
enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same expression against whichever pool the store holds. The body is
/// compiled once per engine, so a query that does not type-check on both fails the
/// build rather than a deployment.
macro_rules! on_db {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.db {
            $crate::Db::Sqlite($pool) => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_db;

/// Connection settings that do not come from the URL.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub max_connections: u32,
    /// How long SQLite waits for a lock before giving up with "database is busy".
    pub busy_timeout: Duration,
    /// How long a caller waits for a free pooled connection.
    pub acquire_timeout: Duration,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            max_connections: 16,
            busy_timeout: Duration::from_secs(5),
            acquire_timeout: Duration::from_secs(5),
        }
    }
}

/// Pool occupancy, exported as metrics.
#[derive(Debug, Clone, Copy)]
pub struct PoolStats {
    pub size: u32,
    pub idle: u32,
    pub max: u32,
}

#[derive(Clone, Debug)]
pub struct Store {
    db: Db,
    max_connections: u32,
    /// The price of a GB of a stopped instance's disks per hour (1/10000
    /// units), set at boot from `[usage]`: the meter opens disk intervals at it.
    disk_price: std::sync::Arc<std::sync::atomic::AtomicI64>,
    /// This process's mark on the usage it sees (see `usage::CloseAt::Beat`).
    boot_id: std::sync::Arc<str>,
}

/// A mark no other server process has: pid and start time.
fn new_boot_id() -> std::sync::Arc<str> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{}-{nanos}", std::process::id()).into()
}

impl Store {
    /// The SQLite URL for a database file under `data_dir`.
    pub fn sqlite_url(data_dir: &Path) -> String {
        format!("sqlite://{}", data_dir.join("tianqi.db").display())
    }

    /// Opens the database named by `url` (`sqlite://path` or `postgres://…`) and
    /// brings its schema up to date.
    pub async fn open(url: &str, opts: &StoreOptions) -> Result<Store> {
        let store = if url.starts_with("sqlite:") {
            let connect = SqliteConnectOptions::from_str(url)
                .map_err(|e| StoreError::Config(format!("invalid SQLite URL: {e}")))?
                .create_if_missing(true)
                // WAL lets readers proceed while one writer commits; NORMAL sync is
                // durable across process crashes in WAL mode (only an OS crash can
                // lose the last transactions).
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(opts.busy_timeout)
                .foreign_keys(true);
            let pool = SqlitePoolOptions::new()
                .max_connections(opts.max_connections)
                .acquire_timeout(opts.acquire_timeout)
                .connect_with(connect)
                .await?;
            sqlx::migrate!("migrations/sqlite").run(&pool).await?;
            Store {
                db: Db::Sqlite(pool),
                max_connections: opts.max_connections,
                disk_price: Default::default(),
                boot_id: new_boot_id(),
            }
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let connect = PgConnectOptions::from_str(url)
                .map_err(|e| StoreError::Config(format!("invalid PostgreSQL URL: {e}")))?;
            let pool = PgPoolOptions::new()
                .max_connections(opts.max_connections)
                .acquire_timeout(opts.acquire_timeout)
                .connect_with(connect)
                .await?;
            sqlx::migrate!("migrations/postgres").run(&pool).await?;
            Store {
                db: Db::Postgres(pool),
                max_connections: opts.max_connections,
                disk_price: Default::default(),
                boot_id: new_boot_id(),
            }
        } else {
            return Err(StoreError::Config(
                "database URL must start with sqlite:// or postgres://".into(),
            ));
        };
        Ok(store)
    }

    /// The newest schema step this binary ships (for backups' manifests).
    pub fn schema_version(engine: Engine) -> i64 {
        let migrator = match engine {
            Engine::Sqlite => sqlx::migrate!("migrations/sqlite"),
            Engine::Postgres => sqlx::migrate!("migrations/postgres"),
        };
        migrator.iter().map(|m| m.version).max().unwrap_or(0)
    }

    pub fn engine(&self) -> Engine {
        match self.db {
            Db::Sqlite(_) => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
        }
    }

    /// A cheap round trip, for readiness probes.
    pub async fn ping(&self) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    pub fn pool_stats(&self) -> PoolStats {
        let (size, idle) = on_db!(self, |pool| (
            pool.size(),
            u32::try_from(pool.num_idle()).unwrap_or(u32::MAX)
        ));
        PoolStats {
            size,
            idle,
            max: self.max_connections,
        }
    }

    /// Waits for in-flight queries and closes every connection (graceful shutdown).
    pub async fn close(&self) {
        on_db!(self, |pool| pool.close().await);
    }
}

/// One query, one row, for a page of a list: `(total, rows)` where `rows` is the
/// page as a JSON array built by the database and `total` comes from `count`
/// (a `SELECT COUNT(*) …` over the same filter and parameters).
///
/// Why: sqlx's SQLite driver hands each row from its worker thread to the async
/// side separately, and that hand-off (a thread wake-up per row) costs ~10 µs a
/// row on these machines — most of a 20-row list request. One aggregated row
/// crosses once. (A window `COUNT(*) OVER ()` would save the subquery but makes
/// SQLite materialise every matching row before the LIMIT: slower on big tables.)
pub(crate) fn json_page_sql(engine: Engine, columns: &[&str], inner: &str, count: &str) -> String {
    let pairs = columns
        .iter()
        .map(|c| format!("'{c}', t.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let agg = match engine {
        Engine::Sqlite => format!("COALESCE(json_group_array(json_object({pairs})), '[]')"),
        Engine::Postgres => format!("COALESCE(json_agg(json_build_object({pairs})), '[]')::text"),
    };
    format!("SELECT ({count}) AS total, {agg} AS page FROM ({inner}) t")
}

/// Booleans from JSON built by SQLite arrive as 0/1; PostgreSQL sends true/false.
pub(crate) fn de_bool<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<bool, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum B {
        Bool(bool),
        Int(i64),
    }
    Ok(match <B as serde::Deserialize>::deserialize(d)? {
        B::Bool(b) => b,
        B::Int(i) => i != 0,
    })
}

/// Escapes `%`, `_` and `\` so user input matches literally inside LIKE.
pub(crate) fn like_pattern(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('%');
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// Masks the password in a database URL for logs and `config show`.
pub fn redact_url(url: &str) -> String {
    let Ok(mut u) = url::Url::parse(url) else {
        // Not a URL we can take apart: show none of it.
        return if url.is_empty() {
            String::new()
        } else {
            "****".into()
        };
    };
    if u.password().is_some() {
        // set_password only fails for URLs that cannot have one
        let _ = u.set_password(Some("****"));
    }
    // libpq takes credentials in the query too (`?password=…`, `sslpassword`).
    let secret = |k: &str| {
        let k = k.to_ascii_lowercase();
        k.contains("password") || k == "sslkey" || k.contains("secret")
    };
    if u.query_pairs().any(|(k, _)| secret(&k)) {
        let pairs: Vec<(String, String)> = u
            .query_pairs()
            .map(|(k, v)| {
                let v = if secret(&k) {
                    "****".to_owned()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        u.query_pairs_mut().clear().extend_pairs(pairs);
    }
    u.to_string()
}

/// Writes a consistent copy of the SQLite database `db_file` to `dest` (which
/// must not exist) while a server keeps writing to it: `VACUUM INTO` copies one
/// read snapshot, so the copy holds whole transactions only. Opens its own
/// read-only connection and runs no migrations (a backup must not change what it
/// copies).
pub async fn sqlite_backup(db_file: &Path, dest: &Path, busy_timeout: Duration) -> Result<()> {
    use sqlx::{ConnectOptions, Connection};
    if !db_file.is_file() {
        return Err(StoreError::Config(format!(
            "no SQLite database at {}",
            db_file.display()
        )));
    }
    let dest = dest.to_str().ok_or_else(|| {
        StoreError::Config(format!("backup path {} is not UTF-8", dest.display()))
    })?;
    let mut conn = SqliteConnectOptions::new()
        .filename(db_file)
        .read_only(true)
        .busy_timeout(busy_timeout)
        .connect()
        .await?;
    sqlx::query("VACUUM INTO ?")
        .bind(dest)
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    // VACUUM INTO creates the file with the process umask.
    std::fs::set_permissions(dest, std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .map_err(|e| StoreError::Other(format!("cannot restrict {dest}: {e}")))?;
    let mut copy = SqliteConnectOptions::new()
        .filename(dest)
        .read_only(true)
        .connect()
        .await?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut copy)
        .await?;
    copy.close().await?;
    if check != "ok" {
        return Err(StoreError::Other(format!(
            "the copy failed its integrity check: {check}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls_lose_their_passwords() {
        let r = super::redact_url;
        assert_eq!(r("postgres://u:pw123@h/db"), "postgres://u:****@h/db");
        let q = r("postgres://u@h/db?sslmode=require&password=hunter2&PASSWORD=x");
        assert!(!q.contains("hunter2") && !q.contains("=x"), "{q}");
        assert!(q.contains("sslmode=require"), "{q}");
        assert_eq!(r("sqlite:///data/tianqi.db"), "sqlite:///data/tianqi.db");
        assert_eq!(r("not a url with pw"), "****");
        assert_eq!(r(""), "");
    }

    #[test]
    fn like_escapes_wildcards() {
        assert_eq!(super::like_pattern("a_b%c\\"), "%a\\_b\\%c\\\\%");
    }
}
