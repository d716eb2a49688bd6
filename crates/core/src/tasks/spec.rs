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

impl TaskFields {
    /// These fields on top of `base` (given fields win). Setting an interval
    /// drops a cron expression and the other way round.
    pub fn over(self, mut base: TaskFields) -> TaskFields {
        let patch = self;
        if patch.interval_minutes.is_some() || patch.interval_seconds.is_some() {
            base.cron = None;
            base.interval_minutes = None;
            base.interval_seconds = None;
        }
        if patch.cron.is_some() {
            base.interval_minutes = None;
            base.interval_seconds = None;
        }
        overlay!(
            base,
            patch,
            id,
            name,
            description,
            execute_path,
            script_path,
            args,
            shell,
            command,
            cwd,
            environment,
            interval_minutes,
            interval_seconds,
            cron,
            timezone,
            mode,
            max_restarts,
            min_uptime,
            stop_exit_codes,
            enabled,
            timeout,
            retry_count,
            retry_delay,
            retry_backoff,
            overlap,
            catch_up,
            kill_timeout,
            target,
            image_id,
            spec_id,
        );
        base
    }

    /// Checks every field and builds the definition. Errors name the field.
    pub fn into_spec(self, ctx: &ValidateContext<'_>) -> Result<TaskSpec> {
        let d = TaskSpec::default();
        let name = self
            .name
            .clone()
            .or_else(|| self.id.clone())
            .unwrap_or_default();
        validate::name("name", &name, NAME_MAX)?;
        let description = self.description.unwrap_or_default();
        validate::text("description", &description, DESCRIPTION_MAX)?;

        let shell = self.shell.unwrap_or(false);
        let command = self.command.filter(|c| !c.is_empty());
        let execute_path = self.execute_path.filter(|s| !s.is_empty());
        let script_path = self.script_path.filter(|s| !s.is_empty());
        let args = self.args.unwrap_or_default();
        if args.len() > ARGS_MAX || args.iter().any(|a| a.len() > ARG_MAX || a.contains('\0')) {
            return Err(Error::validation(
                "args",
                format!("args must be at most {ARGS_MAX} arguments of at most {ARG_MAX} bytes, without NUL"),
            ));
        }
        if shell {
            let Some(c) = &command else {
                return Err(Error::validation(
                    "command",
                    "command is required with shell: true",
                ));
            };
            if c.len() > ARG_MAX || c.contains('\0') {
                return Err(Error::validation(
                    "command",
                    format!("command must be at most {ARG_MAX} bytes, without NUL"),
                ));
            }
            if execute_path.is_some() || script_path.is_some() {
                return Err(Error::validation(
                    "shell",
                    "shell: true runs `command`; leave execute_path and script_path empty",
                ));
            }
        } else {
            if command.is_some() {
                return Err(Error::validation(
                    "command",
                    "command is a shell line and needs shell: true; use execute_path, script_path and args for a program",
                ));
            }
            if execute_path.is_none() && script_path.is_none() {
                return Err(Error::validation(
                    "execute_path",
                    "execute_path or script_path is required",
                ));
            }
        }
        let target = self.target.unwrap_or_default();
        let in_container = target == Target::Container;
        let (image_id, spec_id) = if in_container {
            let image_id = self.image_id.ok_or_else(|| {
                Error::validation("image_id", "image_id is required with target container")
            })?;
            let spec_id = self.spec_id.ok_or_else(|| {
                Error::validation("spec_id", "spec_id is required with target container")
            })?;
            (Some(image_id), Some(spec_id))
        } else {
            // A host task has no image: what a switch from container left
            // behind is dropped.
            (None, None)
        };
        if let Some(x) = execute_path.as_ref().filter(|_| in_container) {
            // Inside the image: the server's PATH says nothing about it.
            if x.contains('\0') || x.len() > ARG_MAX {
                return Err(Error::validation(
                    "execute_path",
                    format!("execute_path must be at most {ARG_MAX} bytes, without NUL"),
                ));
            }
        } else if let Some(x) = &execute_path {
            let known = (!x.contains('\0')) && ctx.resolve.resolve(x).is_some();
            if !known {
                return Err(Error::validation(
                    "execute_path",
                    format!("execute_path `{x}` is not an executable on this server (an absolute path, or a name on its PATH)"),
                ));
            }
        }
        let cwd = self.cwd.filter(|s| !s.is_empty());
        if in_container {
            // Paths inside the image: the script as given (relative to the
            // working directory), the working directory absolute.
            if let Some(s) = script_path
                .as_ref()
                .filter(|s| s.contains('\0') || s.len() > ARG_MAX)
            {
                return Err(Error::validation(
                    "script_path",
                    format!("script_path `{s}` must be at most {ARG_MAX} bytes, without NUL"),
                ));
            }
            if let Some(c) = cwd
                .as_ref()
                .filter(|c| !c.starts_with('/') || c.contains('\0'))
            {
                return Err(Error::validation(
                    "cwd",
                    format!("cwd `{c}` must be an absolute path inside the container"),
                ));
            }
        } else {
            if let Some(s) = &script_path {
                path_under("script_path", s, ctx.scripts_root)?;
            }
            if let Some(c) = &cwd {
                path_under("cwd", c, ctx.scripts_root)?;
            }
        }
        let environment = self.environment.unwrap_or_default();
        if environment.len() > ENV_MAX {
            return Err(Error::validation(
                "environment",
                format!("environment must have at most {ENV_MAX} variables"),
            ));
        }
        for (k, v) in &environment {
            let ok = !k.is_empty()
                && !k.contains('=')
                && !k.contains('\0')
                && !k.starts_with(|c: char| c.is_ascii_digit());
            if !ok {
                return Err(Error::validation(
                    "environment",
                    format!(
                        "environment: `{k}` is not a variable name (no `=`, NUL or leading digit)"
                    ),
                ));
            }
            if v.contains('\0') || v.len() > ARG_MAX {
                return Err(Error::validation(
                    "environment",
                    format!("environment: the value of `{k}` must be at most {ARG_MAX} bytes, without NUL"),
                ));
            }
        }

        let interval_seconds = match (self.interval_minutes, self.interval_seconds) {
            (Some(_), Some(_)) => {
                return Err(Error::validation(
                    "interval_minutes",
                    "give interval_minutes or interval_seconds, not both",
                ))
            }
            (Some(m), None) => {
                if !m.is_finite() || m <= 0.0 || m > 525_600.0 {
                    return Err(Error::validation(
                        "interval_minutes",
                        "interval_minutes must be greater than 0 and at most a year",
                    ));
                }
                Some(((m * 60.0).round() as u64).max(1))
            }
            (None, Some(0)) => {
                return Err(Error::validation(
                    "interval_seconds",
                    "interval_seconds must be greater than 0",
                ))
            }
            (None, s) => s,
        };
        let cron = self.cron.filter(|c| !c.trim().is_empty());
        if cron.is_some() && interval_seconds.is_some() {
            return Err(Error::validation(
                "cron",
                "give an interval or a cron expression, not both",
            ));
        }
        let timezone = self
            .timezone
            .filter(|t| !t.is_empty())
            .unwrap_or(d.timezone);
        // Parses cron and timezone (errors name them).
        Schedule::build(interval_seconds, cron.as_deref(), &timezone)?;

        let min_uptime_ms = match self.min_uptime {
            Some(v) => secs_f64("min_uptime", v, false)?,
            None => d.min_uptime_ms,
        };
        let retry_delay_ms = match self.retry_delay {
            Some(v) => secs_f64("retry_delay", v, false)?,
            None => 0,
        };
        let retry_backoff = self.retry_backoff.unwrap_or(1.0);
        if !retry_backoff.is_finite() || !(1.0..=10.0).contains(&retry_backoff) {
            return Err(Error::validation(
                "retry_backoff",
                "retry_backoff must be between 1 and 10",
            ));
        }
        let retry_count = self.retry_count.unwrap_or(0);
        if retry_count > 100 {
            return Err(Error::validation(
                "retry_count",
                "retry_count must be at most 100",
            ));
        }
        let max_restarts = self.max_restarts.unwrap_or(d.max_restarts);
        if max_restarts > 10_000 {
            return Err(Error::validation(
                "max_restarts",
                "max_restarts must be at most 10000",
            ));
        }
        let stop_exit_codes = self.stop_exit_codes.unwrap_or_default();
        if stop_exit_codes.iter().any(|c| !(0..=255).contains(c)) {
            return Err(Error::validation(
                "stop_exit_codes",
                "stop_exit_codes must be exit codes between 0 and 255",
            ));
        }
        let kill_timeout =
            bounded_secs("kill_timeout", self.kill_timeout.unwrap_or(d.kill_timeout))?;
        if kill_timeout == 0 {
            return Err(Error::validation(
                "kill_timeout",
                "kill_timeout must be at least 1 second",
            ));
        }
        Ok(TaskSpec {
            name,
            description,
            execute_path,
            script_path,
            args,
            shell,
            command,
            cwd,
            environment,
            interval_seconds,
            cron,
            timezone,
            mode: self.mode.unwrap_or_default(),
            max_restarts,
            min_uptime_ms,
            stop_exit_codes,
            enabled: self.enabled.unwrap_or(true),
            timeout: bounded_secs("timeout", self.timeout.unwrap_or(d.timeout))?,
            retry_count,
            retry_delay_ms,
            retry_backoff,
            overlap: self.overlap.unwrap_or_default(),
            catch_up: self.catch_up.unwrap_or_default(),
            kill_timeout,
            target,
            image_id,
            spec_id,
        })
    }
}

impl TaskSpec {
    /// Back to client fields (for updates on top of it, and export).
    pub fn to_fields(&self, id: &str) -> TaskFields {
        let (interval_minutes, interval_seconds) = match self.interval_seconds {
            Some(s) if s % 60 == 0 => (Some((s / 60) as f64), None),
            Some(s) => (None, Some(s)),
            None => (None, None),
        };
        TaskFields {
            id: Some(id.to_string()),
            name: Some(self.name.clone()),
            description: Some(self.description.clone()),
            execute_path: self.execute_path.clone(),
            script_path: self.script_path.clone(),
            args: Some(self.args.clone()),
            shell: Some(self.shell),
            command: self.command.clone(),
            cwd: self.cwd.clone(),
            environment: Some(self.environment.clone()),
            interval_minutes,
            interval_seconds,
            cron: self.cron.clone(),
            timezone: Some(self.timezone.clone()),
            mode: Some(self.mode),
            max_restarts: Some(self.max_restarts),
            min_uptime: Some(self.min_uptime_ms as f64 / 1000.0),
            stop_exit_codes: Some(self.stop_exit_codes.clone()),
            enabled: Some(self.enabled),
            timeout: Some(self.timeout),
            retry_count: Some(self.retry_count),
            retry_delay: Some(self.retry_delay_ms as f64 / 1000.0),
            retry_backoff: Some(self.retry_backoff),
            overlap: Some(self.overlap),
            catch_up: Some(self.catch_up),
            kill_timeout: Some(self.kill_timeout),
            target: Some(self.target),
            image_id: self.image_id,
            spec_id: self.spec_id,
        }
    }

    /// The schedule (already checked at validation).
    pub fn schedule(&self) -> Result<Schedule> {
        Schedule::build(self.interval_seconds, self.cron.as_deref(), &self.timezone)
    }

    /// The argv of a run: `[execute_path, script, args…]`, or `[script,
    /// args…]`, or — only with `shell: true` — `["/bin/sh", "-c", command]`.
    /// Never a shell string otherwise: every element reaches the program as
    /// one argument.
    pub fn argv(&self, scripts_root: &Path) -> Result<Vec<String>> {
        if self.shell {
            let command = self
                .command
                .clone()
                .ok_or_else(|| Error::validation("command", "command is required"))?;
            return Ok(vec!["/bin/sh".into(), "-c".into(), command]);
        }
        let mut argv = Vec::with_capacity(self.args.len() + 2);
        if let Some(x) = &self.execute_path {
            argv.push(x.clone());
        }
        if let Some(s) = &self.script_path {
            argv.push(
                path_under("script_path", s, scripts_root)?
                    .to_string_lossy()
                    .into_owned(),
            );
        }
        if argv.is_empty() {
            return Err(Error::validation(
                "execute_path",
                "execute_path or script_path is required",
            ));
        }
        argv.extend(self.args.iter().cloned());
        Ok(argv)
    }

    /// The argv of a container run: as [`TaskSpec::argv`], but the paths are
    /// the image's, passed as given (a relative script is relative to the
    /// container's working directory).
    pub fn container_argv(&self) -> Result<Vec<String>> {
        if self.shell {
            let command = self
                .command
                .clone()
                .ok_or_else(|| Error::validation("command", "command is required"))?;
            return Ok(vec!["/bin/sh".into(), "-c".into(), command]);
        }
        let argv: Vec<String> = self
            .execute_path
            .iter()
            .chain(self.script_path.iter())
            .chain(self.args.iter())
            .cloned()
            .collect();
        if self.execute_path.is_none() && self.script_path.is_none() {
            return Err(Error::validation(
                "execute_path",
                "execute_path or script_path is required",
            ));
        }
        Ok(argv)
    }

    /// The working directory of a run: `cwd`, else the scripts root.
    pub fn working_dir(&self, scripts_root: &Path) -> Result<PathBuf> {
        match &self.cwd {
            Some(c) => path_under("cwd", c, scripts_root),
            None => Ok(scripts_root.to_path_buf()),
        }
    }
}
