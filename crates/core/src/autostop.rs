//! Idle and scheduled shutdown (定时关机, 空闲关机): when a running instance is
//! due to be stopped, and whether it is idle now. Pure: the autostop loop
//! gathers the readings and the clock and acts on the answers.
//!
//! Three rules, the earliest wins:
//! - `stop_at`: a time the owner chose;
//! - `stop_after`: a run length, counted from when the instance last started
//!   running (its open usage interval);
//! - idle: no CPU use above a threshold and no session (web terminal, SSH,
//!   forwarding — each is a process Tianqi runs inside the container) for the
//!   idle limit of its spec or owner (the stricter of the two).
//!
//! An instance is idle "since" the first reading that found it idle; a busy
//! reading clears it. A reading whose CPU use is unknown (the first one, with
//! no earlier counter to compare to) changes nothing, so a restart of the
//! server neither starts nor forgives an idle stretch.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The longest run length one may ask for: a year.
pub const MAX_STOP_AFTER_HOURS: f64 = 8760.0;
/// The longest idle limit: 30 days.
pub const MAX_IDLE_MINUTES: i64 = 43_200;

/// Why an instance is (or was) stopped by Tianqi on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// The time its owner set (`stop_at`) came.
    Scheduled,
    /// It ran for `stop_after_hours`.
    MaxRuntime,
    /// It was idle for its idle limit.
    Idle,
}

impl StopReason {
    pub fn as_str(self) -> &'static str {
        match self {
            StopReason::Scheduled => "scheduled",
            StopReason::MaxRuntime => "max_runtime",
            StopReason::Idle => "idle",
        }
    }

    pub fn parse(s: &str) -> Option<StopReason> {
        match s {
            "scheduled" => Some(StopReason::Scheduled),
            "max_runtime" => Some(StopReason::MaxRuntime),
            "idle" => Some(StopReason::Idle),
            _ => None,
        }
    }
}

/// What is known about one running instance at `now`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Watch {
    pub now: DateTime<Utc>,
    /// When it last started running; `None` if unknown.
    pub running_since: Option<DateTime<Utc>>,
    pub stop_at: Option<DateTime<Utc>>,
    pub stop_after: Option<Duration>,
    pub idle_since: Option<DateTime<Utc>>,
    /// The idle limit in force (spec's or owner's, the stricter).
    pub idle_limit: Option<Duration>,
}

/// The moment the instance is due to stop, and why: the earliest rule.
pub fn due(w: &Watch) -> Option<(DateTime<Utc>, StopReason)> {
    let candidates = [
        w.stop_at.map(|t| (t, StopReason::Scheduled)),
        w.running_since
            .zip(w.stop_after)
            .map(|(t, d)| (t + d, StopReason::MaxRuntime)),
        w.idle_since
            .zip(w.idle_limit)
            .map(|(t, d)| (t + d, StopReason::Idle)),
    ];
    candidates.into_iter().flatten().min_by_key(|(t, _)| *t)
}

/// What to do with one instance now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Nothing is due.
    Keep,
    /// Due later: the console shows when and why; `warn` says whether the
    /// moment is within the warning time (the owner is warned).
    Due {
        at: DateTime<Utc>,
        reason: StopReason,
        warn: bool,
    },
    /// Due now: stop it.
    Stop(StopReason),
}

pub fn decide(w: &Watch, warn_before: Duration) -> Decision {
    match due(w) {
        None => Decision::Keep,
        Some((at, reason)) if at <= w.now => Decision::Stop(reason),
        Some((at, reason)) => Decision::Due {
            at,
            reason,
            warn: at - w.now <= warn_before,
        },
    }
}

/// Whether a reading finds the instance idle: `None` when it cannot tell
/// (no CPU figure yet). Any session counts as use.
pub fn idle_now(cpu_percent: Option<f64>, threshold_percent: f64, sessions: bool) -> Option<bool> {
    if sessions {
        return Some(false);
    }
    cpu_percent.map(|c| c < threshold_percent)
}

/// The idle stretch after a reading: started at `read_from` (the earlier
/// reading, since the whole span between the two was idle), kept while idle,
/// cleared by use, unchanged when the reading could not tell.
pub fn next_idle_since(
    before: Option<DateTime<Utc>>,
    idle: Option<bool>,
    read_from: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    match idle {
        None => before,
        Some(false) => None,
        Some(true) => Some(before.unwrap_or(read_from)),
    }
}

/// The stricter of two idle limits (the spec's and the owner's), in minutes.
pub fn idle_limit(spec_minutes: Option<i64>, owner_minutes: Option<i64>) -> Option<Duration> {
    match (spec_minutes, owner_minutes) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
    .map(Duration::minutes)
}

/// Checks an idle limit in minutes (`field` names it in the error).
pub fn validate_idle_minutes(field: &str, minutes: Option<i64>) -> Result<()> {
    match minutes {
        Some(m) if !(1..=MAX_IDLE_MINUTES).contains(&m) => Err(Error::validation(
            field,
            format!("{field} must be between 1 and {MAX_IDLE_MINUTES} minutes (or null for none)"),
        )),
        _ => Ok(()),
    }
}

/// An owner's shutdown settings for one instance, as asked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// Stop at this time (RFC 3339); null for none. Must be in the future.
    pub stop_at: Option<DateTime<Utc>>,
    /// Stop after running this many hours (counted from the last start;
    /// fractions allowed, up to a year); null for none.
    pub stop_after_hours: Option<f64>,
}

impl Schedule {
    /// Checks the schedule at `now` and gives the run length in whole seconds.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<Option<i64>> {
        if let Some(t) = self.stop_at {
            if t <= now {
                return Err(Error::validation(
                    "stop_at",
                    "stop_at must be in the future",
                ));
            }
        }
        match self.stop_after_hours {
            None => Ok(None),
            Some(h) if !h.is_finite() || h <= 0.0 || h > MAX_STOP_AFTER_HOURS => {
                Err(Error::validation(
                    "stop_after_hours",
                    format!(
                        "stop_after_hours must be more than 0 and at most {MAX_STOP_AFTER_HOURS}"
                    ),
                ))
            }
            Some(h) => Ok(Some(((h * 3600.0).round() as i64).max(1))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, 8, 0, 0).unwrap() + Duration::minutes(min)
    }

    fn watch(now: i64) -> Watch {
        Watch {
            now: t(now),
            running_since: Some(t(0)),
            stop_at: None,
            stop_after: None,
            idle_since: None,
            idle_limit: None,
        }
    }

    const WARN: Duration = Duration::minutes(10);

    #[test]
    fn nothing_set_keeps_running() {
        assert_eq!(decide(&watch(10_000), WARN), Decision::Keep);
        // an idle stretch without a limit is not a reason
        let w = Watch {
            idle_since: Some(t(0)),
            ..watch(10_000)
        };
        assert_eq!(decide(&w, WARN), Decision::Keep);
    }

    #[test]
    fn the_earliest_rule_wins_and_warns_inside_the_window() {
        let w = Watch {
            stop_at: Some(t(120)),
            stop_after: Some(Duration::minutes(90)),
            idle_since: Some(t(50)),
            idle_limit: Some(Duration::minutes(60)),
            ..watch(30)
        };
        assert_eq!(
            decide(&w, WARN),
            Decision::Due {
                at: t(90),
                reason: StopReason::MaxRuntime,
                warn: false
            }
        );
        assert_eq!(
            decide(&Watch { now: t(81), ..w }, WARN),
            Decision::Due {
                at: t(90),
                reason: StopReason::MaxRuntime,
                warn: true
            }
        );
        assert_eq!(
            decide(&Watch { now: t(90), ..w }, WARN),
            Decision::Stop(StopReason::MaxRuntime)
        );
        let idle_first = Watch {
            idle_since: Some(t(10)),
            ..w
        };
        assert_eq!(
            decide(
                &Watch {
                    now: t(75),
                    ..idle_first
                },
                WARN
            ),
            Decision::Stop(StopReason::Idle)
        );
        let scheduled_first = Watch {
            stop_at: Some(t(40)),
            ..w
        };
        assert_eq!(
            decide(&scheduled_first, WARN),
            Decision::Due {
                at: t(40),
                reason: StopReason::Scheduled,
                warn: true
            }
        );
    }

    #[test]
    fn a_run_length_without_a_known_start_is_not_due() {
        let w = Watch {
            running_since: None,
            stop_after: Some(Duration::minutes(1)),
            ..watch(600)
        };
        assert_eq!(decide(&w, WARN), Decision::Keep);
    }

    #[test]
    fn idle_readings() {
        assert_eq!(idle_now(Some(0.5), 5.0, false), Some(true));
        assert_eq!(idle_now(Some(50.0), 5.0, false), Some(false));
        assert_eq!(
            idle_now(Some(0.0), 5.0, true),
            Some(false),
            "a session is use"
        );
        assert_eq!(idle_now(None, 5.0, false), None);
        assert_eq!(idle_now(None, 5.0, true), Some(false));
    }

    #[test]
    fn an_idle_stretch_starts_at_the_earlier_reading_and_ends_with_use() {
        let s = next_idle_since(None, Some(true), t(5));
        assert_eq!(s, Some(t(5)));
        assert_eq!(next_idle_since(s, Some(true), t(6)), Some(t(5)));
        assert_eq!(next_idle_since(s, None, t(7)), Some(t(5)), "unknown keeps");
        assert_eq!(
            next_idle_since(None, None, t(7)),
            None,
            "unknown does not start"
        );
        assert_eq!(next_idle_since(s, Some(false), t(8)), None);
    }

    #[test]
    fn the_stricter_idle_limit_applies() {
        assert_eq!(idle_limit(None, None), None);
        assert_eq!(idle_limit(Some(30), None), Some(Duration::minutes(30)));
        assert_eq!(idle_limit(None, Some(45)), Some(Duration::minutes(45)));
        assert_eq!(idle_limit(Some(30), Some(20)), Some(Duration::minutes(20)));
    }

    #[test]
    fn schedules_are_checked() {
        let now = t(0);
        let ok = Schedule {
            stop_at: Some(t(1)),
            stop_after_hours: Some(0.5),
        };
        assert_eq!(ok.validate(now).unwrap(), Some(1800));
        let tiny = Schedule {
            stop_after_hours: Some(0.0000001),
            ..Schedule::default()
        };
        assert_eq!(tiny.validate(now).unwrap(), Some(1));
        for (bad, field) in [
            (
                Schedule {
                    stop_at: Some(t(0)),
                    ..Schedule::default()
                },
                "stop_at",
            ),
            (
                Schedule {
                    stop_after_hours: Some(0.0),
                    ..Schedule::default()
                },
                "stop_after_hours",
            ),
            (
                Schedule {
                    stop_after_hours: Some(f64::NAN),
                    ..Schedule::default()
                },
                "stop_after_hours",
            ),
            (
                Schedule {
                    stop_after_hours: Some(9000.0),
                    ..Schedule::default()
                },
                "stop_after_hours",
            ),
        ] {
            match bad.validate(now) {
                Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
        assert!(validate_idle_minutes("idle_stop_minutes", Some(0)).is_err());
        assert!(validate_idle_minutes("idle_stop_minutes", Some(43_201)).is_err());
        assert!(validate_idle_minutes("idle_stop_minutes", Some(30)).is_ok());
        assert!(validate_idle_minutes("idle_stop_minutes", None).is_ok());
    }

    #[test]
    fn reasons_round_trip() {
        for r in [
            StopReason::Scheduled,
            StopReason::MaxRuntime,
            StopReason::Idle,
        ] {
            assert_eq!(StopReason::parse(r.as_str()), Some(r));
        }
        assert_eq!(StopReason::parse("other"), None);
    }
}
