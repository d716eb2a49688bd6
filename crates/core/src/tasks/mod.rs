//! Tasks (任务, the Mini PM2 of seed 004): the task definition and its
//! validation, the argv a run executes, the schedule maths, the scheduler's
//! agenda, and the keep-alive / retry / overlap decisions. No I/O: the file
//! system checks (does the interpreter exist?) come in as a resolver.

mod agenda;
pub mod container;
mod policy;
mod schedule;
mod spec;

pub use agenda::{Agenda, Fire};
pub use container::{LABEL_TASK, LABEL_TASK_RUN};
pub use policy::{
    admit, keep_alive_delay, line_level, retry_delay, Admit, ExitOutcome, KeepAliveDecision,
    KeepAliveState, LogLevel,
};
pub use schedule::{Decision, Schedule};
pub use spec::{
    CatchUp, Mode, Overlap, ResolveExecutable, Target, TaskFields, TaskSpec, ValidateContext,
    DEFAULT_KILL_TIMEOUT_SECS, DEFAULT_MAX_RESTARTS, DEFAULT_MIN_UPTIME_MS, DEFAULT_TIMEOUT_SECS,
};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A task and its state.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Task {
    /// The seed's string id.
    pub id: String,
    pub owner_id: i64,
    pub spec: TaskSpec,
    pub status: TaskStatus,
    /// The next scheduled run (none: on demand or disabled).
    pub next_run_at: Option<DateTime<Utc>>,
    pub last_run_at: Option<DateTime<Utc>>,
    pub last_exit_code: Option<i32>,
    /// Why the last run failed (timeout, signal, spawn error), if it did.
    pub last_error: Option<String>,
    pub run_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One run of a task.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskRun {
    pub id: i64,
    pub task_id: String,
    pub trigger: Trigger,
    /// 1 for the first run of a trigger, 2… for its retries and restarts.
    pub attempt: i32,
    /// RUNNING, then SUCCESS, FAILED or EXCEPTION.
    pub status: TaskStatus,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub duration_ms: Option<i64>,
    pub exit_code: Option<i32>,
    /// The signal that ended it (9 after a kill), if one did.
    pub signal: Option<i32>,
    /// Why it failed, in words (timeout, stopped, server restarted …).
    pub reason: Option<String>,
    /// Its log file, relative to the tasks log directory.
    pub log_file: String,
}

/// A task's state, with the seed's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum TaskStatus {
    Idle,
    Running,
    Success,
    Failed,
    Exception,
    Disabled,
}

impl TaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Idle => "IDLE",
            TaskStatus::Running => "RUNNING",
            TaskStatus::Success => "SUCCESS",
            TaskStatus::Failed => "FAILED",
            TaskStatus::Exception => "EXCEPTION",
            TaskStatus::Disabled => "DISABLED",
        }
    }

    pub fn parse(s: &str) -> Option<TaskStatus> {
        Some(match s {
            "IDLE" => TaskStatus::Idle,
            "RUNNING" => TaskStatus::Running,
            "SUCCESS" => TaskStatus::Success,
            "FAILED" => TaskStatus::Failed,
            "EXCEPTION" => TaskStatus::Exception,
            "DISABLED" => TaskStatus::Disabled,
            _ => return None,
        })
    }
}

/// Why a run started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Trigger {
    Schedule,
    Manual,
    Retry,
    Restart,
}

impl Trigger {
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Schedule => "schedule",
            Trigger::Manual => "manual",
            Trigger::Retry => "retry",
            Trigger::Restart => "restart",
        }
    }

    pub fn parse(s: &str) -> Option<Trigger> {
        Some(match s {
            "schedule" => Trigger::Schedule,
            "manual" => Trigger::Manual,
            "retry" => Trigger::Retry,
            "restart" => Trigger::Restart,
            _ => return None,
        })
    }
}

/// Task ids are the seed's strings (`example-task`, `001`): they appear in
/// URLs and log file names, so a portable set only.
pub const ID_MAX: usize = 64;

pub fn validate_id(field: &str, id: &str) -> crate::Result<()> {
    let ok = !id.is_empty()
        && id.len() <= ID_MAX
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !id.starts_with('.');
    if ok {
        Ok(())
    } else {
        Err(crate::Error::validation(
            field,
            format!(
                "{field} must be 1–{ID_MAX} ASCII letters, digits, '-', '_' or '.', not starting with '.'"
            ),
        ))
    }
}

#[cfg(test)]
mod tests;
