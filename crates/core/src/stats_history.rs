//! An instance's resource use over the last hour, for the charts on its page.
//!
//! A round samples every running instance's counters; this keeps them and
//! turns them into points. Docker's CPU, network and disk figures are totals
//! since the container started, so each point is the rate between two
//! consecutive samples — and where a total went down (the container started
//! again in between) that point has no rate rather than a negative one.

use std::collections::VecDeque;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// One reading of an instance's counters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub at: DateTime<Utc>,
    /// Container CPU time, ns.
    pub cpu_total: u64,
    /// Host CPU time, ns.
    pub system_total: u64,
    pub online_cpus: u64,
    pub mem_usage: i64,
    pub mem_limit: i64,
    pub net_rx: u64,
    pub net_tx: u64,
    pub blk_read: u64,
    pub blk_write: u64,
}

/// One point of the charts: what was in use at `at`, and the rates since the
/// sample before it (null for the first, and across a restart).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatsPoint {
    pub at: DateTime<Utc>,
    /// Percent of the instance's CPU quota (100 = all its cores busy).
    pub cpu_percent: Option<f64>,
    /// Bytes in use (page cache excluded) and the limit.
    pub mem_usage: i64,
    pub mem_limit: i64,
    /// Bytes per second.
    pub net_rx_rate: Option<f64>,
    pub net_tx_rate: Option<f64>,
    pub blk_read_rate: Option<f64>,
    pub blk_write_rate: Option<f64>,
}

/// The samples of one instance, oldest first, none older than `keep`.
#[derive(Debug, Clone, Default)]
pub struct History {
    samples: VecDeque<Sample>,
}

impl History {
    /// Adds a sample and forgets those older than `keep` before it. A sample
    /// not after the newest one is dropped (two rounds racing, a clock step).
    pub fn push(&mut self, s: Sample, keep: Duration) {
        if self.samples.back().is_some_and(|last| s.at <= last.at) {
            return;
        }
        self.samples.push_back(s);
        let oldest = s.at - keep;
        while self.samples.front().is_some_and(|f| f.at < oldest) {
            self.samples.pop_front();
        }
    }

    pub fn len(&self) -> usize {
        self.samples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    /// The points, oldest first; CPU in percent of `cpu_quota_cores` (the
    /// host's cores when 0).
    pub fn points(&self, cpu_quota_cores: f64) -> Vec<StatsPoint> {
        let mut out = Vec::with_capacity(self.samples.len());
        let mut before: Option<&Sample> = None;
        for s in &self.samples {
            let secs = before.map_or(0.0, |b| (s.at - b.at).num_milliseconds() as f64 / 1000.0);
            let rate = |now: u64, then: fn(&Sample) -> u64| {
                before
                    .filter(|_| secs > 0.0)
                    .and_then(|b| now.checked_sub(then(b)))
                    .map(|d| round2(d as f64 / secs))
            };
            out.push(StatsPoint {
                at: s.at,
                cpu_percent: before.and_then(|b| cpu_percent(b, s, cpu_quota_cores)),
                mem_usage: s.mem_usage,
                mem_limit: s.mem_limit,
                net_rx_rate: rate(s.net_rx, |b| b.net_rx),
                net_tx_rate: rate(s.net_tx, |b| b.net_tx),
                blk_read_rate: rate(s.blk_read, |b| b.blk_read),
                blk_write_rate: rate(s.blk_write, |b| b.blk_write),
            });
            before = Some(s);
        }
        out
    }
}

/// CPU use between two samples in percent of the quota, or none when the
/// container's counter went backwards or no host time passed.
fn cpu_percent(earlier: &Sample, later: &Sample, quota_cores: f64) -> Option<f64> {
    let cpu = later.cpu_total.checked_sub(earlier.cpu_total)? as f64;
    let sys = later.system_total.checked_sub(earlier.system_total)? as f64;
    if sys <= 0.0 {
        return None;
    }
    let of_one_core = cpu / sys * later.online_cpus.max(1) as f64 * 100.0;
    let quota = if quota_cores > 0.0 { quota_cores } else { 1.0 };
    Some(round2(of_one_core / quota))
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + secs, 0).unwrap_or_default()
    }

    fn sample(secs: i64, cpu_ns: u64, net: u64) -> Sample {
        Sample {
            at: at(secs),
            // 2 host cores: 2e9 ns of host time per second.
            cpu_total: cpu_ns,
            system_total: secs as u64 * 2_000_000_000,
            online_cpus: 2,
            mem_usage: 100,
            mem_limit: 1000,
            net_rx: net,
            net_tx: net / 2,
            blk_read: 0,
            blk_write: net,
        }
    }

    #[test]
    fn rates_are_per_second_between_samples() {
        let mut h = History::default();
        h.push(sample(0, 0, 0), Duration::hours(1));
        // 10 s later: 5 s of CPU (half a core of 1), 10,000 bytes in.
        h.push(sample(10, 5_000_000_000, 10_000), Duration::hours(1));
        let p = h.points(1.0);
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].cpu_percent, p[0].net_rx_rate), (None, None));
        assert_eq!(p[1].cpu_percent, Some(50.0));
        assert_eq!(p[1].net_rx_rate, Some(1000.0));
        assert_eq!(p[1].net_tx_rate, Some(500.0));
        assert_eq!(p[1].blk_write_rate, Some(1000.0));
        // The same CPU time on a 0.5-core quota is all of it.
        assert_eq!(h.points(0.5)[1].cpu_percent, Some(100.0));
    }

    #[test]
    fn a_restart_gives_no_rate_instead_of_a_negative_one() {
        let mut h = History::default();
        h.push(sample(0, 9_000_000_000, 50_000), Duration::hours(1));
        h.push(sample(15, 1_000_000_000, 100), Duration::hours(1));
        let p = h.points(1.0);
        assert_eq!((p[1].cpu_percent, p[1].net_rx_rate), (None, None));
        assert_eq!(p[1].mem_usage, 100, "what is in use is still known");
    }

    #[test]
    fn only_the_last_hour_is_kept_and_time_only_moves_forward() {
        let mut h = History::default();
        for i in 0..300 {
            h.push(sample(i * 15, 0, 0), Duration::hours(1));
        }
        // 299 × 15 s = 4485 s: samples from 885 s on are within the hour.
        assert_eq!(h.len(), 241);
        h.push(sample(10, 0, 0), Duration::hours(1));
        assert_eq!(h.len(), 241, "an older sample is dropped");
        assert_eq!(h.points(1.0).first().map(|p| p.at), Some(at(885)));
    }
}
