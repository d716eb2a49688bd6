//! A task's definition: the fields a client sends (the seed's names plus
//! ours), the checked [`TaskSpec`] kept in the store, and the argv it runs.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::schedule::Schedule;
use crate::{validate, Error, Result};

pub const DEFAULT_TIMEOUT_SECS: u64 = 300;
pub const DEFAULT_MAX_RESTARTS: u32 = 16;
pub const DEFAULT_MIN_UPTIME_MS: u64 = 1_000;
pub const DEFAULT_KILL_TIMEOUT_SECS: u64 = 5;
const NAME_MAX: usize = 128;
const DESCRIPTION_MAX: usize = 1024;
const ARG_MAX: usize = 4096;
const ARGS_MAX: usize = 256;
const ENV_MAX: usize = 256;
/// A day: longer retry delays or timeouts are almost surely unit mistakes.
const SECS_MAX: u64 = 86_400;

/// `once`: one process per trigger. `keep_alive`: restarted when it exits,
/// like PM2.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    #[default]
    Once,
    KeepAlive,
}

/// What a trigger does while the task is already running.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Overlap {
    /// Drop the trigger (the default).
    #[default]
    Skip,
    /// Run once more after the current run (at most one waits).
    Queue,
    /// Start another process beside it.
    Allow,
}

/// What a schedule does with the ticks missed while the server was down.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CatchUp {
    /// Skip them; the next tick on the schedule is the next run.
    #[default]
    None,
    /// Run once now, however many were missed.
    Once,
}

/// Where a task runs: a host process (admins only: it runs as the server's
/// own user), or a fresh container of `image_id` with `spec_id`'s limits,
/// placed like an instance for the run's life and removed after it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Target {
    #[default]
    Host,
    Container,
}

/// Looks up an interpreter or program: an absolute path that exists, or a
/// bare name on the server's PATH. The service does the file-system part.
pub trait ResolveExecutable {
    fn resolve(&self, program: &str) -> Option<PathBuf>;
}

impl<F: Fn(&str) -> Option<PathBuf>> ResolveExecutable for F {
    fn resolve(&self, program: &str) -> Option<PathBuf> {
        self(program)
    }
}

pub struct ValidateContext<'a> {
    /// Relative `script_path`s resolve under it (`tasks.scripts_root`).
    pub scripts_root: &'a Path,
    pub resolve: &'a dyn ResolveExecutable,
}

/// Fields for create (the seed's task object: `id`, `script_path`,
/// `interval_minutes`, `execute_path`, `enabled`, `description`, `timeout`,
/// `retry_count`, `retry_delay`, `environment`, plus Tianqi's) and update
/// (every field optional; given fields replace the stored ones). Unknown
/// fields are ignored, as the seed's tasks.json files carry their own.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskFields {
    /// The seed's string id; generated from the name when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The interpreter or program (`python3`, `/usr/bin/bash`): a bare
    /// name on the server's PATH or an absolute path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub execute_path: Option<String>,
    /// The script handed to `execute_path` (or run itself when there is no
    /// `execute_path`); relative paths are under `tasks.scripts_root`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub script_path: Option<String>,
    /// More arguments, after the script.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub args: Option<Vec<String>>,
    /// Run `command` with `/bin/sh -c`. Only when asked for explicitly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shell: Option<bool>,
    /// The shell command line (only with `shell: true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// Working directory (absolute, or relative to `tasks.scripts_root`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cwd: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<BTreeMap<String, String>>,
    /// Run every N minutes (> 0; fractions allowed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval_minutes: Option<f64>,
    /// Run every N seconds (> 0), for sub-minute intervals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval_seconds: Option<u64>,
    /// A cron expression with seconds (`0 */5 * * * *`) or without
    /// (`*/5 * * * *`); empty removes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cron: Option<String>,
    /// IANA time zone the cron expression is read in (default UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    /// keep_alive: give up after this many quick restarts in a row (16).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_restarts: Option<u32>,
    /// keep_alive: a process up at least this long (seconds, 1) counts as
    /// started well, and the restart count and backoff start over.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_uptime: Option<f64>,
    /// keep_alive: exit codes that mean "done, do not restart".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_exit_codes: Option<Vec<i32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Seconds before a run is killed (300; 0 = no limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u64>,
    /// Runs after a failed one (0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_count: Option<u32>,
    /// Seconds before a retry (0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_delay: Option<f64>,
    /// Each retry waits this many times longer than the one before (1, ≥ 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_backoff: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overlap: Option<Overlap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catch_up: Option<CatchUp>,
    /// Seconds between SIGTERM and SIGKILL when a run is stopped (5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kill_timeout: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// target container: the image the run's container is made from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<i64>,
    /// target container: the spec whose limits the container gets (and
    /// whose capacity the run reserves on a node).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spec_id: Option<i64>,
}

/// A checked task definition, as stored (JSON) and exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskSpec {
    pub name: String,
    pub description: String,
    pub execute_path: Option<String>,
    pub script_path: Option<String>,
    pub args: Vec<String>,
    pub shell: bool,
    pub command: Option<String>,
    pub cwd: Option<String>,
    pub environment: BTreeMap<String, String>,
    pub interval_seconds: Option<u64>,
    pub cron: Option<String>,
    pub timezone: String,
    pub mode: Mode,
    pub max_restarts: u32,
    pub min_uptime_ms: u64,
    pub stop_exit_codes: Vec<i32>,
    pub enabled: bool,
    pub timeout: u64,
    pub retry_count: u32,
    pub retry_delay_ms: u64,
    pub retry_backoff: f64,
    pub overlap: Overlap,
    pub catch_up: CatchUp,
    pub kill_timeout: u64,
    pub target: Target,
    /// Only with target container (definitions stored before containers
    /// existed have neither).
    #[serde(default)]
    pub image_id: Option<i64>,
    #[serde(default)]
    pub spec_id: Option<i64>,
}

impl Default for TaskSpec {
    fn default() -> Self {
        Self {
            name: String::new(),
            description: String::new(),
            execute_path: None,
            script_path: None,
            args: Vec::new(),
            shell: false,
            command: None,
            cwd: None,
            environment: BTreeMap::new(),
            interval_seconds: None,
            cron: None,
            timezone: "UTC".into(),
            mode: Mode::Once,
            max_restarts: DEFAULT_MAX_RESTARTS,
            min_uptime_ms: DEFAULT_MIN_UPTIME_MS,
            stop_exit_codes: Vec::new(),
            enabled: true,
            timeout: DEFAULT_TIMEOUT_SECS,
            retry_count: 0,
            retry_delay_ms: 0,
            retry_backoff: 1.0,
            overlap: Overlap::Skip,
            catch_up: CatchUp::None,
            kill_timeout: DEFAULT_KILL_TIMEOUT_SECS,
            target: Target::Host,
            image_id: None,
            spec_id: None,
        }
    }
}

fn secs_f64(field: &str, v: f64, min_exclusive_zero: bool) -> Result<u64> {
    let bad = || {
        Error::validation(
            field,
            if min_exclusive_zero {
                format!("{field} must be greater than 0 and at most {SECS_MAX} seconds")
            } else {
                format!("{field} must be between 0 and {SECS_MAX} seconds")
            },
        )
    };
    if !v.is_finite() || v < 0.0 || (min_exclusive_zero && v <= 0.0) {
        return Err(bad());
    }
    let ms = (v * 1000.0).round();
    if ms > (SECS_MAX * 1000) as f64 {
        return Err(bad());
    }
    Ok(ms as u64)
}

fn bounded_secs(field: &str, v: u64) -> Result<u64> {
    if v > SECS_MAX {
        return Err(Error::validation(
            field,
            format!("{field} must be at most {SECS_MAX} seconds"),
        ));
    }
    Ok(v)
}

/// `a/b/../c` → `a/c`; `None` when `..` climbs above the start.
fn normalize_relative(p: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => out.push(s),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// A path under `root` (relative) or absolute; relative paths may not climb
/// out of `root`.
fn path_under(field: &str, value: &str, root: &Path) -> Result<PathBuf> {
    if value.is_empty() || value.contains('\0') {
        return Err(Error::validation(
            field,
            format!("{field} must be a non-empty path"),
        ));
    }
    let p = Path::new(value);
    if p.is_absolute() {
        return Ok(p.to_path_buf());
    }
    match normalize_relative(p) {
        Some(rel) if !rel.as_os_str().is_empty() => Ok(root.join(rel)),
        _ => Err(Error::validation(
            field,
            format!(
                "{field} `{value}` leaves the scripts root {}",
                root.display()
            ),
        )),
    }
}

macro_rules! overlay {
    ($base:ident, $patch:ident, $($f:ident),* $(,)?) => {
        $( if $patch.$f.is_some() { $base.$f = $patch.$f; } )*
    };
}

mod command;
mod validation;
