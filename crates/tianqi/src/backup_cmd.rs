//! `tianqi backup DEST` and `tianqi restore SRC`: a consistent copy of the
//! database and the key files, taken while the server runs.
//!
//! A backup is a directory: `backup.json` (what it holds), the key files, and
//! `tianqi.db` (SQLite, copied with `VACUUM INTO`) or `tianqi.pgdump`
//! (PostgreSQL, `pg_dump --format=custom`). Without the keys a database is
//! useless (tokens cannot be checked, node secrets cannot be decrypted), so
//! they always travel together.

use std::fs;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use tianqi::Config;
use tianqi_store::{Engine, Store};

use tianqi::keys::{self, SECRETS_FILE, TOKEN_SIGNING_FILE};

const MANIFEST: &str = "backup.json";
const SQLITE_FILE: &str = "tianqi.db";
const PG_DUMP_FILE: &str = "tianqi.pgdump";

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    tianqi_version: String,
    commit: String,
    created_at: String,
    engine: String,
    /// The newest schema step of the binary that took it; a binary that knows
    /// fewer steps refuses to restore it.
    schema_version: i64,
    files: Vec<String>,
}

/// Where the database lives, from the configuration in effect.
enum Database {
    Sqlite(PathBuf),
    Postgres(String),
}

fn database(config: &Config) -> anyhow::Result<Database> {
    let url = config.effective_database_url();
    if let Some(rest) = url
        .strip_prefix("sqlite://")
        .or(url.strip_prefix("sqlite:"))
    {
        let path = rest.split('?').next().unwrap_or(rest);
        return Ok(Database::Sqlite(PathBuf::from(path)));
    }
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        return Ok(Database::Postgres(url));
    }
    bail!("config key `database_url`: must start with sqlite:// or postgres://")
}

fn engine_name(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "sqlite",
        Engine::Postgres => "postgres",
    }
}

/// Copies `from` to `to` (which must not exist), readable by the owner only.
fn copy_private(from: &Path, to: &Path) -> anyhow::Result<()> {
    let bytes = fs::read(from).with_context(|| format!("cannot read {}", from.display()))?;
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(to)
        .with_context(|| format!("cannot create {}", to.display()))?;
    std::io::Write::write_all(&mut f, &bytes)
        .and_then(|()| f.sync_all())
        .with_context(|| format!("cannot write {}", to.display()))
}

/// Runs a PostgreSQL client program with arguments (never through a shell).
fn pg_tool(program: &str, args: &[&str]) -> anyhow::Result<()> {
    let out = Command::new(program).args(args).output().map_err(|e| {
        anyhow::anyhow!(
            "cannot run {program} ({e}): install the PostgreSQL client programs \
             (Debian: apt-get install postgresql-client) matching the server's major version"
        )
    })?;
    if !out.status.success() {
        bail!(
            "{program} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

pub async fn backup(config: &Config, dest: &Path) -> anyhow::Result<()> {
    match fs::read_dir(dest) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                bail!(
                    "{} is not empty: a backup goes into a new or empty directory",
                    dest.display()
                );
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dest)
            .with_context(|| format!("cannot create {}", dest.display()))?,
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", dest.display())),
    }
    let mut files = Vec::new();
    let engine = match database(config)? {
        Database::Sqlite(db) => {
            tianqi_store::sqlite_backup(&db, &dest.join(SQLITE_FILE), Duration::from_secs(30))
                .await?;
            files.push(SQLITE_FILE.to_owned());
            Engine::Sqlite
        }
        Database::Postgres(url) => {
            let out = dest.join(PG_DUMP_FILE);
            let out = out.to_str().context("backup path is not UTF-8")?;
            pg_tool(
                "pg_dump",
                &[
                    "--format=custom",
                    "--no-owner",
                    "--file",
                    out,
                    "--dbname",
                    &url,
                ],
            )?;
            // pg_dump creates its file with the process umask.
            fs::set_permissions(out, fs::Permissions::from_mode(0o600))?;
            files.push(PG_DUMP_FILE.to_owned());
            Engine::Postgres
        }
    };
    for key in [TOKEN_SIGNING_FILE, SECRETS_FILE] {
        let from = config.data_dir.join(key);
        if from.exists() {
            copy_private(&from, &dest.join(key))?;
            files.push(key.to_owned());
        }
    }
    if !config.secret_key.is_empty() {
        eprintln!(
            "note: `secret_key` is configured outside the data dir; keep it with this backup"
        );
    }
    let manifest = Manifest {
        tianqi_version: env!("CARGO_PKG_VERSION").to_owned(),
        commit: env!("TQ_BUILD_COMMIT").to_owned(),
        created_at: chrono::Utc::now().to_rfc3339(),
        engine: engine_name(engine).to_owned(),
        schema_version: Store::schema_version(engine),
        files,
    };
    let json = serde_json::to_string_pretty(&manifest)?;
    fs::write(dest.join(MANIFEST), json + "\n")?;
    println!(
        "backup written to {} ({}: {})",
        dest.display(),
        manifest.engine,
        manifest.files.join(", ")
    );
    Ok(())
}

pub async fn restore(config: &Config, src: &Path, force: bool) -> anyhow::Result<()> {
    let manifest_path = src.join(MANIFEST);
    let manifest: Manifest = serde_json::from_slice(
        &fs::read(&manifest_path)
            .with_context(|| format!("{} is not a Tianqi backup", src.display()))?,
    )
    .with_context(|| format!("{} is not a valid manifest", manifest_path.display()))?;
    let db = database(config)?;
    let engine = match (&db, manifest.engine.as_str()) {
        (Database::Sqlite(_), "sqlite") => Engine::Sqlite,
        (Database::Postgres(_), "postgres") => Engine::Postgres,
        (_, other) => bail!(
            "the backup holds a {other} database but the configuration points at another engine"
        ),
    };
    let known = Store::schema_version(engine);
    if manifest.schema_version > known {
        bail!(
            "the backup was taken by a newer Tianqi (schema step {}, this binary knows up to {known}): \
             restore it with that release or newer",
            manifest.schema_version
        );
    }
    let data_dir = &config.data_dir;
    let mut present: Vec<PathBuf> = [TOKEN_SIGNING_FILE, SECRETS_FILE]
        .iter()
        .map(|k| data_dir.join(k))
        .collect();
    if let Database::Sqlite(file) = &db {
        present.push(file.clone());
    }
    present.retain(|p| p.exists());
    if !present.is_empty() && !force {
        bail!(
            "{} already holds an installation ({}): stop the server and pass --force to replace it",
            data_dir.display(),
            present
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    keys::ensure_data_dir(data_dir)?;
    for key in [TOKEN_SIGNING_FILE, SECRETS_FILE] {
        let to = data_dir.join(key);
        let from = src.join(key);
        if to.exists() {
            fs::remove_file(&to)?;
        }
        if from.exists() {
            copy_private(&from, &to)?;
        }
    }
    match db {
        Database::Sqlite(file) => {
            // The old database's write-ahead log must not be replayed onto
            // the restored file.
            for suffix in ["", "-wal", "-shm"] {
                let p = PathBuf::from(format!("{}{suffix}", file.display()));
                if p.exists() {
                    fs::remove_file(&p)
                        .with_context(|| format!("cannot remove {}", p.display()))?;
                }
            }
            copy_private(&src.join(SQLITE_FILE), &file)?;
        }
        Database::Postgres(url) => {
            let dump = src.join(PG_DUMP_FILE);
            let dump = dump.to_str().context("backup path is not UTF-8")?;
            let mut args = vec!["--no-owner", "--exit-on-error", "--dbname", &url];
            if force {
                args.extend(["--clean", "--if-exists"]);
            }
            args.push(dump);
            pg_tool("pg_restore", &args)?;
        }
    }
    println!(
        "restored {} backup of {} (Tianqi {}, commit {}) into {}",
        manifest.engine,
        manifest.created_at,
        manifest.tianqi_version,
        manifest.commit,
        data_dir.display()
    );
    Ok(())
}
