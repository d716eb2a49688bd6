//! The Markdown report of `bench-instances`.

use std::time::Duration;

use tianqi_bench::report::{ms, ratio, thousands};
use tianqi_bench::stats::{max_ms, mean_ms, median_ms, percentile_ms};
use tianqi_bench::wrk::WrkReport;

/// Targets from the issue, on a 2-core machine.
pub const TARGET_CREATE_RATIO: f64 = 1.2;
pub const TARGET_LIST_P99_MS: f64 = 10.0;
pub const TARGET_TICK_MS: f64 = 2_000.0;

/// Create → running: Tianqi's `POST /api/v1/instances` against a raw
/// `docker run -d` of the same image with the same limits, interleaved.
pub struct CreateFigures {
    pub ours: Vec<Duration>,
    pub raw: Vec<Duration>,
}

/// `GET /api/v1/instances?page_size=20` over many rows against `/healthz`.
pub struct ListFigures {
    pub rows: u64,
    pub connections: u32,
    pub duration_secs: u64,
    pub ours: WrkReport,
    pub healthz: WrkReport,
}

/// One reconcile tick: `POST /api/v1/nodes/{id}/test` for every node at once.
#[derive(Debug, Clone, Default)]
pub struct Tick {
    /// From sending the first request to the last answer.
    pub wall: Duration,
    /// The slowest node that answered `connected`.
    pub slowest_healthy: Duration,
    /// The node that cannot answer, when there is one.
    pub dead: Option<Duration>,
}

pub struct TickFigures {
    pub nodes: usize,
    pub instances: usize,
    pub healthy: Vec<Tick>,
    pub with_dead: Vec<Tick>,
    pub dead_timeout_secs: u64,
    /// Each: wall time of one `docker ps -a --filter label=tianqi.managed=true`
    /// per node, all started at once.
    pub ps_concurrent: Vec<Duration>,
    /// Each: wall time of one such `docker ps`.
    pub ps_single: Vec<Duration>,
}

pub struct Results {
    pub create: CreateFigures,
    pub list: ListFigures,
    pub ticks: TickFigures,
    pub cores: usize,
    pub date: String,
}

fn walls(t: &[Tick]) -> Vec<Duration> {
    t.iter().map(|t| t.wall).collect()
}

fn slowest(t: &[Tick]) -> Vec<Duration> {
    t.iter().map(|t| t.slowest_healthy).collect()
}

fn deads(t: &[Tick]) -> Vec<Duration> {
    t.iter().filter_map(|t| t.dead).collect()
}

/// Milliseconds as `612 ms` / `1.23 s`.
pub fn span(v: f64) -> String {
    if v >= 1_000.0 {
        format!("{:.2} s", v / 1_000.0)
    } else {
        ms(v)
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "NOT met"
    }
}

fn list_of(v: &[Duration]) -> String {
    v.iter()
        .map(|d| span(d.as_secs_f64() * 1_000.0))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Results {
    pub fn create_ratio(&self) -> f64 {
        let raw = mean_ms(&self.create.raw);
        if raw > 0.0 {
            mean_ms(&self.create.ours) / raw
        } else {
            f64::INFINITY
        }
    }

    pub fn markdown(&self) -> String {
        let c = &self.create;
        let l = &self.list;
        let t = &self.ticks;
        let n = c.ours.len();
        let (ours_mean, raw_mean) = (mean_ms(&c.ours), mean_ms(&c.raw));
        let (ours_p50, raw_p50) = (percentile_ms(&c.ours, 50.0), percentile_ms(&c.raw, 50.0));
        let tick = median_ms(&walls(&t.healthy));
        let tick_slowest = median_ms(&slowest(&t.healthy));
        let ps = median_ms(&t.ps_concurrent);
        let dead_tick = median_ms(&walls(&t.with_dead));
        let dead_slowest_healthy = median_ms(&slowest(&t.with_dead));
        let dead_node = median_ms(&deads(&t.with_dead));
        let dead_worst_healthy = max_ms(&slowest(&t.with_dead));

        let mut s = String::new();
        s.push_str("| benchmark | Tianqi | baseline | ratio |\n");
        s.push_str("|---|---|---|---|\n");
        s.push_str(&format!(
            "| create→running, mean of {n} (`POST /api/v1/instances` vs `docker run -d`) \
             | {} | {} | {} |\n",
            span(ours_mean),
            span(raw_mean),
            ratio(ours_mean, raw_mean),
        ));
        s.push_str(&format!(
            "| create→running, p50 | {} | {} | {} |\n",
            span(ours_p50),
            span(raw_p50),
            ratio(ours_p50, raw_p50),
        ));
        s.push_str(&format!(
            "| GET /api/v1/instances ({} rows, {} conns) req/s vs /healthz | {} | {} | {} |\n",
            thousands(l.rows as f64),
            l.connections,
            thousands(l.ours.requests_per_sec),
            thousands(l.healthz.requests_per_sec),
            ratio(l.ours.requests_per_sec, l.healthz.requests_per_sec),
        ));
        s.push_str(&format!(
            "| p50 latency | {} | {} | {} |\n",
            ms(l.ours.p50_ms),
            ms(l.healthz.p50_ms),
            ratio(l.ours.p50_ms, l.healthz.p50_ms),
        ));
        s.push_str(&format!(
            "| p99 latency | {} | {} | {} |\n",
            ms(l.ours.p99_ms),
            ms(l.healthz.p99_ms),
            ratio(l.ours.p99_ms, l.healthz.p99_ms),
        ));
        s.push_str(&format!(
            "| reconcile tick, {} nodes × {} containers (median of {}) vs {} concurrent \
             `docker ps -a` | {} | {} | {} |\n",
            t.nodes,
            t.instances,
            t.healthy.len(),
            t.nodes,
            span(tick),
            span(ps),
            ratio(tick, ps),
        ));
        s.push_str(&format!(
            "| slowest node in that tick | {} | — | — |\n",
            span(tick_slowest),
        ));
        s.push_str(&format!(
            "| tick with a dead node added ({} nodes, node timeout {} s) | {} | {} | {} |\n",
            t.nodes + 1,
            t.dead_timeout_secs,
            span(dead_tick),
            span(tick),
            ratio(dead_tick, tick),
        ));
        s.push_str(&format!(
            "| slowest healthy node in that tick vs slowest node without the dead one \
             | {} | {} | {} |\n",
            span(dead_slowest_healthy),
            span(tick_slowest),
            ratio(dead_slowest_healthy, tick_slowest),
        ));
        s.push_str(&format!(
            "| the dead node's own answer | {} | — | — |\n",
            span(dead_node),
        ));
        s.push('\n');

        let create_ratio = self.create_ratio();
        s.push_str(&format!(
            "Targets: create→running ≤ {TARGET_CREATE_RATIO}× docker run (on the mean): \
             **{}** ({create_ratio:.2}×); GET /api/v1/instances p99 < {TARGET_LIST_P99_MS} ms: \
             **{}** ({}); tick < {} s: **{}** ({}); a dead node does not slow the healthy \
             ones (slowest healthy node in every tick < {} s): **{}** (worst {}).\n",
            verdict(create_ratio <= TARGET_CREATE_RATIO),
            verdict(l.ours.p99_ms < TARGET_LIST_P99_MS),
            ms(l.ours.p99_ms),
            TARGET_TICK_MS / 1_000.0,
            verdict(tick < TARGET_TICK_MS),
            span(tick),
            TARGET_TICK_MS / 1_000.0,
            verdict(!t.with_dead.is_empty() && dead_worst_healthy < TARGET_TICK_MS),
            span(dead_worst_healthy),
        ));
        s.push_str(&format!(
            "Ticks without / with the dead node: {} / {}; one `docker ps -a` alone: {} \
             (median of {}).\n",
            list_of(&walls(&t.healthy)),
            list_of(&walls(&t.with_dead)),
            span(median_ms(&t.ps_single)),
            t.ps_single.len(),
        ));
        s.push_str(&format!(
            "Measured {} on {} cores. Create: {n} Tianqi creates interleaved with {n} \
             `docker -H … run -d --memory 32m --cpus 0.1 <image> sleep 3600` (same image, \
             same limits, one warm-up each not counted), each timed to its answer. List: \
             wrk -t2 -c{} -d{}s, SQLite, page_size=20, rows inserted into the database with \
             the server stopped. Tick: one `POST /api/v1/nodes/{{id}}/test` per node, all at \
             once (probe + one container list + reconcile each); every node record points at \
             the same Docker engine, so each list call sees all the containers; baseline = \
             one `docker -H … ps -a --filter label=tianqi.managed=true` per node, all \
             started at once. Ratio = Tianqi ÷ baseline, same run.\n",
            self.date, self.cores, l.connections, l.duration_secs,
        ));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrk(rps: f64, p50: f64, p99: f64) -> WrkReport {
        WrkReport {
            requests_per_sec: rps,
            p50_ms: p50,
            p99_ms: p99,
            requests: 1,
            non_2xx: 0,
            socket_errors: 0,
        }
    }

    fn ms_list(v: &[u64]) -> Vec<Duration> {
        v.iter().map(|&m| Duration::from_millis(m)).collect()
    }

    fn tick(wall: u64, slowest: u64, dead: Option<u64>) -> Tick {
        Tick {
            wall: Duration::from_millis(wall),
            slowest_healthy: Duration::from_millis(slowest),
            dead: dead.map(Duration::from_millis),
        }
    }

    fn sample() -> Results {
        Results {
            create: CreateFigures {
                ours: ms_list(&[300, 320, 340]),
                raw: ms_list(&[280, 300, 290]),
            },
            list: ListFigures {
                rows: 1_000,
                connections: 16,
                duration_secs: 10,
                ours: wrk(4_000.0, 3.0, 7.5),
                healthz: wrk(30_000.0, 0.4, 1.5),
            },
            ticks: TickFigures {
                nodes: 50,
                instances: 100,
                healthy: vec![tick(900, 880, None), tick(800, 790, None)],
                with_dead: vec![tick(2_010, 850, Some(2_005))],
                dead_timeout_secs: 2,
                ps_concurrent: ms_list(&[1_500]),
                ps_single: ms_list(&[40, 50, 60]),
            },
            cores: 2,
            date: "2025-01-01".into(),
        }
    }

    #[test]
    fn table_rows_and_verdicts() {
        let r = sample();
        let md = r.markdown();
        assert!(md.contains(
            "| create→running, mean of 3 (`POST /api/v1/instances` vs `docker run -d`) \
             | 320.0 ms | 290.0 ms | 1.10× |"
        ));
        assert!(md.contains("| create→running, p50 | 320.0 ms | 290.0 ms | 1.10× |"));
        assert!(md.contains(
            "| GET /api/v1/instances (1,000 rows, 16 conns) req/s vs /healthz | 4,000 | 30,000 | 0.13× |"
        ));
        assert!(md.contains("| p99 latency | 7.50 ms | 1.50 ms | 5.00× |"));
        assert!(md.contains("| 850.0 ms | 1.50 s | 0.57× |"));
        assert!(
            md.contains("| tick with a dead node added (51 nodes, node timeout 2 s) | 2.01 s |")
        );
        assert!(md.contains("| the dead node's own answer | 2.00 s | — | — |"));
        assert!(!md.contains("NOT met"));
        assert!(md.contains("one `docker ps -a` alone: 50.0 ms (median of 3)"));

        let slow = Results {
            create: CreateFigures {
                ours: ms_list(&[400]),
                raw: ms_list(&[300]),
            },
            ..sample()
        };
        assert!(slow.markdown().contains("**NOT met** (1.33×)"));
    }

    #[test]
    fn spans() {
        assert_eq!(span(612.0), "612.0 ms");
        assert_eq!(span(1_234.0), "1.23 s");
        assert_eq!(span(3.21), "3.21 ms");
    }
}
