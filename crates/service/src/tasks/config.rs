//! `[tasks]`: where scripts and logs live, the global cap on concurrent
//! runs, and log rotation.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tianqi_config::{ConfigError, Secret};
use tianqi_core::net::parse_cidrs;

use crate::workspaces::CompatAccess;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct TasksConfig {
    /// false = tasks are kept but nothing is scheduled or run.
    pub enabled: bool,
    /// Relative `script_path`s resolve here; empty = `<data dir>/scripts`.
    pub scripts_root: String,
    /// Task log files; empty = `<data dir>/task-logs`.
    pub log_dir: String,
    /// Runs at once across all tasks; more wait in a queue (the seed's 5).
    pub max_concurrent: usize,
    /// A task's log file is rotated past this many bytes (10 MB).
    pub max_log_size: u64,
    /// Log files kept per task, the current one included (5).
    pub max_log_files: u32,
    /// A jobs/ directory of per-task JSON files (the seed's), imported and
    /// re-read when they change; empty = none.
    pub jobs_dir: String,
    /// How often the jobs directory is looked at (seconds).
    pub jobs_scan_secs: u64,
    pub compat: Pm2CompatConfig,
}

/// `[tasks.compat]`: the Mini PM2 API (seed 004) and who may call it, as
/// `[workspaces.compat]` for the MATLAB one.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Pm2CompatConfig {
    /// Where the routes live on the main listener; empty = not there.
    pub prefix: String,
    /// A dedicated listener serving them at `/` (like the seed on :8100); empty = none.
    pub listen: String,
    /// Bearer token. Required on the main listener; on the dedicated listener
    /// it admits any address.
    pub token: Secret,
    /// Comma-separated addresses/CIDRs admitted without a token, on the
    /// dedicated listener only.
    pub allow_cidrs: String,
    /// Comma-separated host names the dedicated listener answers to, besides
    /// IP addresses and `localhost`.
    pub allowed_hosts: String,
    /// The admin the compat API acts as: tasks it creates are theirs and run
    /// as the server's user.
    pub run_as: String,
}

impl Default for Pm2CompatConfig {
    fn default() -> Self {
        Self {
            prefix: "/compat/pm2".into(),
            listen: String::new(),
            token: Secret::default(),
            allow_cidrs: "127.0.0.0/8,::1/128".into(),
            allowed_hosts: String::new(),
            run_as: "admin".into(),
        }
    }
}

/// Where the compat API is served and who may call it.
#[derive(Debug, Clone, Default)]
pub struct Pm2Compat {
    /// None = not on the main listener.
    pub prefix: Option<String>,
    pub listen: Option<String>,
    pub access: CompatAccess,
    pub run_as: String,
}

impl Default for TasksConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            scripts_root: String::new(),
            log_dir: String::new(),
            max_concurrent: 5,
            max_log_size: 10 * 1024 * 1024,
            max_log_files: 5,
            jobs_dir: String::new(),
            jobs_scan_secs: 5,
            compat: Pm2CompatConfig::default(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct TaskSettings {
    pub enabled: bool,
    pub scripts_root: PathBuf,
    pub log_dir: PathBuf,
    pub max_concurrent: usize,
    pub max_log_size: u64,
    pub max_log_files: u32,
    pub jobs_dir: Option<PathBuf>,
    pub jobs_scan: std::time::Duration,
    pub compat: Pm2Compat,
}

impl Default for TaskSettings {
    fn default() -> Self {
        TasksConfig::default().settings(Path::new("."))
    }
}

fn under(data_dir: &Path, value: &str, default: &str) -> PathBuf {
    if value.is_empty() {
        data_dir.join(default)
    } else {
        PathBuf::from(value)
    }
}

impl TasksConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.max_concurrent == 0 || self.max_concurrent > 1024 {
            return Err(ConfigError::invalid(
                "max_concurrent",
                "must be between 1 and 1024",
            ));
        }
        if self.max_log_size < 1024 {
            return Err(ConfigError::invalid(
                "max_log_size",
                "must be at least 1024 bytes",
            ));
        }
        if self.max_log_files == 0 || self.max_log_files > 100 {
            return Err(ConfigError::invalid(
                "max_log_files",
                "must be between 1 and 100",
            ));
        }
        for (key, v) in [
            ("scripts_root", &self.scripts_root),
            ("log_dir", &self.log_dir),
        ] {
            if !v.is_empty() && !Path::new(v).is_absolute() {
                return Err(ConfigError::invalid(
                    key,
                    "must be an absolute path (or empty)",
                ));
            }
        }
        Ok(())
    }

    pub fn settings(&self, data_dir: &Path) -> TaskSettings {
        TaskSettings {
            enabled: self.enabled,
            scripts_root: under(data_dir, &self.scripts_root, "scripts"),
            log_dir: under(data_dir, &self.log_dir, "task-logs"),
            max_concurrent: self.max_concurrent,
            max_log_size: self.max_log_size,
            max_log_files: self.max_log_files,
            jobs_dir: Some(PathBuf::from(&self.jobs_dir)).filter(|_| !self.jobs_dir.is_empty()),
            jobs_scan: std::time::Duration::from_secs(self.jobs_scan_secs),
            compat: Pm2Compat {
                prefix: Some(self.compat.prefix.clone()).filter(|p| self.enabled && !p.is_empty()),
                listen: Some(self.compat.listen.clone()).filter(|l| self.enabled && !l.is_empty()),
                access: CompatAccess {
                    cidrs: parse_cidrs(&self.compat.allow_cidrs).unwrap_or_default(),
                    token: self.compat.token.clone(),
                    allowed_hosts: self
                        .compat
                        .allowed_hosts
                        .split(',')
                        .map(|h| h.trim().to_ascii_lowercase())
                        .filter(|h| !h.is_empty())
                        .collect(),
                },
                run_as: self.compat.run_as.clone(),
            },
        }
    }
}
