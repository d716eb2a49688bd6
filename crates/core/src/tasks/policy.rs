//! The runner's decisions, as pure functions: restart a keep-alive process
//! or give up, how long a retry waits, what a trigger does while a run is
//! going, and which level a log line is.

use std::time::Duration;

use super::spec::{Overlap, TaskSpec};

/// The first keep-alive restart waits this long; each quick restart after
/// it 1.5 times longer, up to [`KEEP_ALIVE_CAP`] (PM2's exponential backoff).
pub const KEEP_ALIVE_INITIAL: Duration = Duration::from_millis(100);
pub const KEEP_ALIVE_CAP: Duration = Duration::from_secs(15);

/// How a process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitOutcome {
    Code(i32),
    Signal(i32),
}

impl ExitOutcome {
    pub fn success(self) -> bool {
        self == ExitOutcome::Code(0)
    }
}

/// The delay before the `n`th quick restart in a row (n ≥ 1).
pub fn keep_alive_delay(n: u32) -> Duration {
    let factor = 1.5f64.powi(i32::try_from(n.saturating_sub(1)).unwrap_or(i32::MAX));
    let ms = KEEP_ALIVE_INITIAL.as_millis() as f64 * factor;
    let cap = KEEP_ALIVE_CAP.as_millis() as f64;
    Duration::from_millis(if ms.is_finite() { ms.min(cap) } else { cap } as u64)
}

/// The wait before retry `n` (n ≥ 1): `retry_delay × retry_backoff^(n-1)`,
/// capped at a day.
pub fn retry_delay(spec: &TaskSpec, n: u32) -> Duration {
    let factor = spec
        .retry_backoff
        .powi(i32::try_from(n.saturating_sub(1)).unwrap_or(i32::MAX));
    let ms = spec.retry_delay_ms as f64 * factor;
    let cap = 86_400_000.0;
    Duration::from_millis(if ms.is_finite() { ms.min(cap) } else { cap } as u64)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepAliveDecision {
    Restart {
        delay: Duration,
        restarts: u32,
    },
    /// Exited with one of `stop_exit_codes`: done.
    Done,
    /// `max_restarts` quick restarts in a row: given up (errored, in PM2's
    /// words).
    GaveUp,
}

/// A keep-alive task's quick restarts in a row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeepAliveState {
    pub quick_restarts: u32,
}

impl KeepAliveState {
    /// The process ended after `uptime`. A run that lasted `min_uptime`
    /// started well: the count (and so the backoff) starts over.
    pub fn on_exit(
        &mut self,
        spec: &TaskSpec,
        outcome: ExitOutcome,
        uptime: Duration,
    ) -> KeepAliveDecision {
        if let ExitOutcome::Code(c) = outcome {
            if spec.stop_exit_codes.contains(&c) {
                return KeepAliveDecision::Done;
            }
        }
        if uptime >= Duration::from_millis(spec.min_uptime_ms) {
            self.quick_restarts = 0;
        }
        if self.quick_restarts >= spec.max_restarts {
            return KeepAliveDecision::GaveUp;
        }
        self.quick_restarts += 1;
        KeepAliveDecision::Restart {
            delay: keep_alive_delay(self.quick_restarts),
            restarts: self.quick_restarts,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admit {
    Start,
    /// Run after the current one.
    Queue,
    Skip,
}

/// A trigger arrives while `running` runs of the task are going and
/// `queued` wait.
pub fn admit(overlap: Overlap, running: usize, queued: usize) -> Admit {
    if running == 0 {
        return Admit::Start;
    }
    match overlap {
        Overlap::Allow => Admit::Start,
        // One waiting run is enough: more would replay a burst later.
        Overlap::Queue if queued == 0 => Admit::Queue,
        Overlap::Queue | Overlap::Skip => Admit::Skip,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LogLevel {
    Debug,
    Info,
    Warning,
    Error,
}

impl LogLevel {
    pub fn parse(s: &str) -> Option<LogLevel> {
        Some(match s.to_ascii_uppercase().as_str() {
            "DEBUG" => LogLevel::Debug,
            "INFO" => LogLevel::Info,
            "WARNING" | "WARN" => LogLevel::Warning,
            "ERROR" => LogLevel::Error,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Debug => "DEBUG",
            LogLevel::Info => "INFO",
            LogLevel::Warning => "WARNING",
            LogLevel::Error => "ERROR",
        }
    }
}

/// The level a line names (the first of DEBUG/INFO/WARNING/WARN/ERROR
/// standing as a word, in upper case as Python's logging writes it), if any.
pub fn line_level(line: &str) -> Option<LogLevel> {
    line.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 4 && w.bytes().all(|b| b.is_ascii_uppercase()))
        .find_map(LogLevel::parse)
}
