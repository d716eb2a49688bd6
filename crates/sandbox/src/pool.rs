//! The warm pools' bookkeeping: per runtime, the started containers waiting
//! for a job, how many are being created, and when the runtime was last used
//! (an idle pool shrinks to `idle_pool_size`).

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use crate::container::Warm;

#[derive(Default)]
pub struct Pool {
    pub warm: VecDeque<Warm>,
    pub creating: usize,
    pub last_used: Option<Instant>,
    pub runs: u64,
    pub cold_starts: u64,
}

#[derive(Default)]
pub struct Pools {
    pub by_runtime: HashMap<String, Pool>,
}

/// How many warm containers a runtime should have now: the full pool while
/// it is in use (and right after start-up), the idle size after `idle`.
pub fn desired(
    pool_size: usize,
    idle_size: usize,
    idle: Duration,
    last_used: Option<Instant>,
    started: Instant,
    now: Instant,
) -> usize {
    let since = now.saturating_duration_since(last_used.unwrap_or(started));
    if since >= idle {
        idle_size.min(pool_size)
    } else {
        pool_size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pool_shrinks_when_idle_and_grows_when_used() {
        let t0 = Instant::now();
        let idle = Duration::from_secs(60);
        assert_eq!(
            desired(4, 1, idle, None, t0, t0),
            4,
            "full right after start-up"
        );
        assert_eq!(
            desired(4, 1, idle, None, t0, t0 + idle),
            1,
            "idle since start-up"
        );
        let used = t0 + idle * 2;
        assert_eq!(
            desired(4, 1, idle, Some(used), t0, used + Duration::from_secs(1)),
            4
        );
        assert_eq!(desired(4, 0, idle, Some(used), t0, used + idle), 0);
        assert_eq!(
            desired(2, 5, idle, None, t0, t0 + idle),
            2,
            "idle size never above pool size"
        );
    }
}
