//! When a task runs: on demand, every N seconds on a fixed grid, or on a cron
//! expression (seconds optional) read in a time zone.
//!
//! Cron maths is croner's (4 or later): a fixed-time job whose wall-clock
//! time happens twice when clocks go back runs once (at the earlier instant),
//! and one whose time is skipped when clocks go forward runs at the first
//! valid time after the gap. Intervals are on a grid anchored at the first
//! due time, so late wake-ups never push later ticks back (no drift).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use croner::parser::{CronParser, Seconds};
use croner::Cron;

use super::spec::CatchUp;
use crate::{Error, Result};

#[derive(Debug, Clone)]
pub enum Schedule {
    /// Only when asked (run now, or keep-alive started by enabling).
    OnDemand,
    Interval {
        every_ms: i64,
    },
    Cron {
        cron: Box<Cron>,
        tz: Tz,
    },
}

/// What the scheduler does with a task whose due time has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// Start a run now.
    pub fire: bool,
    /// Whether ticks were missed (the server was down or the loop paused
    /// past the following tick).
    pub missed: bool,
    /// The next due time.
    pub next: Option<DateTime<Utc>>,
}

impl Schedule {
    /// From the definition's fields; errors name `cron` or `timezone`.
    pub fn build(
        interval_seconds: Option<u64>,
        cron: Option<&str>,
        timezone: &str,
    ) -> Result<Self> {
        let tz: Tz = timezone.parse().map_err(|_| {
            Error::validation(
                "timezone",
                format!("timezone `{timezone}` is not an IANA time zone name (like Asia/Shanghai)"),
            )
        })?;
        match (interval_seconds, cron) {
            (Some(0), _) => Err(Error::validation(
                "interval_seconds",
                "the interval must be greater than 0",
            )),
            (Some(s), None) => Ok(Schedule::Interval {
                every_ms: i64::try_from(s.saturating_mul(1000)).unwrap_or(i64::MAX),
            }),
            (None, Some(expr)) => {
                let cron = CronParser::builder()
                    .seconds(Seconds::Optional)
                    .build()
                    .parse(expr.trim())
                    .map_err(|e| {
                        Error::validation("cron", format!("cron `{expr}` is not valid: {e}"))
                    })?;
                // A pattern that never matches (31 February) is a mistake too.
                let probe = Utc::now().with_timezone(&tz);
                if cron.find_next_occurrence(&probe, false).is_err() {
                    return Err(Error::validation(
                        "cron",
                        format!("cron `{expr}` never fires"),
                    ));
                }
                Ok(Schedule::Cron {
                    cron: Box::new(cron),
                    tz,
                })
            }
            (Some(_), Some(_)) => Err(Error::validation(
                "cron",
                "give an interval or a cron expression, not both",
            )),
            (None, None) => Ok(Schedule::OnDemand),
        }
    }

    pub fn is_on_demand(&self) -> bool {
        matches!(self, Schedule::OnDemand)
    }

    /// The first due time for a schedule that starts now.
    pub fn first(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Schedule::OnDemand => None,
            Schedule::Interval { every_ms } => {
                Some(now + chrono::Duration::milliseconds(*every_ms))
            }
            Schedule::Cron { .. } => self.after(now, now),
        }
    }

    /// The first tick strictly after `t`. Interval ticks sit on the grid
    /// through `anchor` (a previous due time).
    pub fn after(&self, anchor: DateTime<Utc>, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Schedule::OnDemand => None,
            Schedule::Interval { every_ms } => {
                let every = (*every_ms).max(1);
                let since = (t - anchor).num_milliseconds();
                let k = if since < 0 {
                    // t before the anchor: the anchor's own tick, or an
                    // earlier one on the grid still after t.
                    -((-since - 1) / every)
                } else {
                    since / every + 1
                };
                Some(anchor + chrono::Duration::milliseconds(k.saturating_mul(every)))
            }
            Schedule::Cron { cron, tz } => cron
                .find_next_occurrence(&t.with_timezone(tz), false)
                .ok()
                .map(|d| d.with_timezone(&Utc)),
        }
    }

    /// The next `n` due times after `now` (the console's schedule helper).
    pub fn upcoming(&self, now: DateTime<Utc>, n: usize) -> Vec<DateTime<Utc>> {
        let mut out = Vec::with_capacity(n);
        let Some(mut t) = self.first(now) else {
            return out;
        };
        let anchor = t;
        while out.len() < n {
            out.push(t);
            match self.after(anchor, t) {
                Some(next) if next > t => t = next,
                _ => break,
            }
        }
        out
    }

    /// The due time `due` has been reached at `now`. On time (before the
    /// tick after `due`): run, next tick after `now`. Past the following
    /// tick (downtime, a long pause): the missed ticks are never replayed in
    /// a burst; `catch_up: once` runs once, `none` waits for the next tick.
    pub fn decide(&self, due: DateTime<Utc>, now: DateTime<Utc>, catch_up: CatchUp) -> Decision {
        if now < due {
            return Decision {
                fire: false,
                missed: false,
                next: Some(due),
            };
        }
        let following = self.after(due, due);
        let missed = following.is_some_and(|f| now >= f);
        Decision {
            fire: !missed || catch_up == CatchUp::Once,
            missed,
            next: self.after(due, now),
        }
    }
}
