//! Fixed-window event counters per key, with time passed in so tests control
//! it: failed logins per source IP and per username, public sandbox runs per
//! address.
//!
//! Each key gets a fixed window: after `limit` events inside `window`, the key
//! is locked until the window that started with its first event ends. (A
//! successful login clears the username's counter — not the IP's, so one valid
//! account cannot be used to reset an IP that is guessing others.)

use std::collections::HashMap;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleRule {
    /// Events per window; the next one is refused.
    pub limit: u32,
    pub window: Duration,
}

/// The verdict on an attempt already counted into a window that started at
/// `started_ms` and now holds `attempts` (this one included): `Err(retry_after)`
/// when it is over `rule`'s limit and the window has not ended.
pub fn over_limit(
    rule: ThrottleRule,
    started_ms: i64,
    attempts: i64,
    now_ms: i64,
) -> Result<(), Duration> {
    let window_ms = i64::try_from(rule.window.as_millis()).unwrap_or(i64::MAX);
    let ends = started_ms.saturating_add(window_ms);
    if attempts > i64::from(rule.limit) && now_ms < ends {
        let wait = u64::try_from(ends - now_ms).unwrap_or(0);
        // Round up so a client that waits exactly Retry-After seconds succeeds.
        return Err(Duration::from_secs(wait.div_ceil(1000).max(1)));
    }
    Ok(())
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started_ms: i64,
    events: u32,
}

#[derive(Debug)]
pub struct Throttle {
    rule: ThrottleRule,
    windows: HashMap<String, Window>,
}

impl Throttle {
    pub fn new(rule: ThrottleRule) -> Self {
        Self {
            rule,
            windows: HashMap::new(),
        }
    }

    fn window_ms(&self) -> i64 {
        i64::try_from(self.rule.window.as_millis()).unwrap_or(i64::MAX)
    }

    /// `Err(retry_after)` while `key` is locked at `now_ms`.
    pub fn check(&self, key: &str, now_ms: i64) -> Result<(), Duration> {
        let Some(w) = self.windows.get(key) else {
            return Ok(());
        };
        let ends = w.started_ms.saturating_add(self.window_ms());
        if w.events >= self.rule.limit && now_ms < ends {
            let wait = u64::try_from(ends - now_ms).unwrap_or(0);
            // Round up so a client that waits exactly Retry-After seconds succeeds.
            return Err(Duration::from_secs(wait.div_ceil(1000).max(1)));
        }
        Ok(())
    }

    /// Counts one event against `key` at `now_ms`.
    pub fn count(&mut self, key: &str, now_ms: i64) {
        let window_ms = self.window_ms();
        let w = self.windows.entry(key.to_owned()).or_insert(Window {
            started_ms: now_ms,
            events: 0,
        });
        if now_ms >= w.started_ms.saturating_add(window_ms) {
            *w = Window {
                started_ms: now_ms,
                events: 0,
            };
        }
        w.events = w.events.saturating_add(1);
        // Bound memory under a spray of distinct keys: drop windows that ended.
        if self.windows.len() > 10_000 {
            self.windows
                .retain(|_, w| now_ms < w.started_ms.saturating_add(window_ms));
        }
    }

    pub fn clear(&mut self, key: &str) {
        self.windows.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_limit_and_unlocks_after_window() {
        let mut t = Throttle::new(ThrottleRule {
            limit: 3,
            window: Duration::from_secs(60),
        });
        for i in 0..3 {
            assert!(t.check("ip", i * 1000).is_ok());
            t.count("ip", i * 1000);
        }
        assert_eq!(t.check("ip", 2_500), Err(Duration::from_secs(58)));
        assert!(t.check("other", 2_500).is_ok());
        assert!(t.check("ip", 60_000).is_ok());
        // a new window starts fresh
        t.count("ip", 60_000);
        assert!(t.check("ip", 60_001).is_ok());
    }

    #[test]
    fn over_limit_counts_the_attempt_itself() {
        let rule = ThrottleRule {
            limit: 5,
            window: Duration::from_secs(60),
        };
        for n in 1..=5 {
            assert_eq!(over_limit(rule, 0, n, 1000), Ok(()), "attempt {n}");
        }
        assert_eq!(over_limit(rule, 0, 6, 1000), Err(Duration::from_secs(59)));
        assert_eq!(over_limit(rule, 0, 6, 59_999), Err(Duration::from_secs(1)));
        // A window that has ended refuses nothing (the store restarts it).
        assert_eq!(over_limit(rule, 0, 99, 60_000), Ok(()));
    }

    #[test]
    fn clear_resets() {
        let mut t = Throttle::new(ThrottleRule {
            limit: 1,
            window: Duration::from_secs(60),
        });
        t.count("alice", 0);
        assert!(t.check("alice", 1).is_err());
        t.clear("alice");
        assert!(t.check("alice", 1).is_ok());
    }
}
