//! The Markdown report.

use crate::wrk::WrkReport;

/// The targets from the issue, on a 2-core machine.
pub const TARGET_RPS: f64 = 5_000.0;
pub const TARGET_P99_MS: f64 = 5.0;

pub struct Results {
    pub users: u64,
    pub connections: u32,
    pub ours: WrkReport,
    pub baseline: WrkReport,
    /// Right after `/healthz` first answers, before any sign-in.
    pub rss_start_kib: u64,
    /// After signing in, creating the users and a pause.
    pub rss_idle_kib: u64,
    /// The largest RSS sampled during the measured run.
    pub rss_load_kib: u64,
    pub cores: usize,
    pub date: String,
    pub duration_secs: u64,
}

impl Results {
    pub fn targets_met(&self) -> bool {
        self.ours.requests_per_sec >= TARGET_RPS && self.ours.p99_ms < TARGET_P99_MS
    }

    pub fn markdown(&self) -> String {
        let o = &self.ours;
        let b = &self.baseline;
        let mut s = String::new();
        s.push_str("| benchmark | Tianqi | baseline (/healthz) | ratio |\n");
        s.push_str("|---|---|---|---|\n");
        s.push_str(&format!(
            "| GET /api/v1/users ({} users, {} conns) req/s | {} | {} | {} |\n",
            self.users,
            self.connections,
            thousands(o.requests_per_sec),
            thousands(b.requests_per_sec),
            ratio(o.requests_per_sec, b.requests_per_sec),
        ));
        s.push_str(&format!(
            "| p50 latency | {} | {} | {} |\n",
            ms(o.p50_ms),
            ms(b.p50_ms),
            ratio(o.p50_ms, b.p50_ms),
        ));
        s.push_str(&format!(
            "| p99 latency | {} | {} | {} |\n",
            ms(o.p99_ms),
            ms(b.p99_ms),
            ratio(o.p99_ms, b.p99_ms),
        ));
        s.push_str(&format!(
            "| server RSS idle / under load | {} / {} | — | — |\n",
            mib(self.rss_idle_kib),
            mib(self.rss_load_kib),
        ));
        s.push('\n');
        s.push_str(&format!(
            "RSS right after start: {}; idle is measured after signing in and creating \
             the users (each argon2 password hash uses 19 MiB of working memory).\n",
            mib(self.rss_start_kib),
        ));
        let verdict = if self.targets_met() { "met" } else { "NOT met" };
        s.push_str(&format!(
            "Targets (≥ {} req/s, p99 < {} ms): **{verdict}** \
             ({} req/s, p99 {}).\n",
            thousands(TARGET_RPS),
            TARGET_P99_MS,
            thousands(o.requests_per_sec),
            ms(o.p99_ms),
        ));
        s.push_str(&format!(
            "Measured {} on {} cores; wrk -t2 -c{} -d{}s, SQLite, page_size=20; \
             ratio = Tianqi ÷ baseline, same run.\n",
            self.date, self.cores, self.connections, self.duration_secs,
        ));
        s
    }
}

/// `7812.4` → `7,812`.
pub fn thousands(v: f64) -> String {
    let n = v.round().max(0.0) as u64;
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Milliseconds, two decimals below 10 ms, one above.
pub fn ms(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.2} ms")
    } else {
        format!("{v:.1} ms")
    }
}

pub fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

pub fn ratio(ours: f64, baseline: f64) -> String {
    if baseline > 0.0 {
        format!("{:.2}×", ours / baseline)
    } else {
        "—".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(rps: f64, p50: f64, p99: f64) -> WrkReport {
        WrkReport {
            requests_per_sec: rps,
            p50_ms: p50,
            p99_ms: p99,
            requests: 1,
            non_2xx: 0,
            socket_errors: 0,
        }
    }

    #[test]
    fn formats() {
        assert_eq!(thousands(7812.4), "7,812");
        assert_eq!(thousands(21034.0), "21,034");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(1_234_567.0), "1,234,567");
        assert_eq!(ms(0.612), "0.61 ms");
        assert_eq!(ms(12.34), "12.3 ms");
        assert_eq!(mib(12_595), "12.3 MiB");
        assert_eq!(ratio(7812.0, 21034.0), "0.37×");
        assert_eq!(ratio(1.0, 0.0), "—");
    }

    #[test]
    fn table_and_verdict() {
        let r = Results {
            users: 100,
            connections: 64,
            ours: report(7812.0, 0.9, 3.1),
            baseline: report(21034.0, 0.3, 1.0),
            rss_start_kib: 10_000,
            rss_idle_kib: 12_595,
            rss_load_kib: 19_354,
            cores: 2,
            date: "2025-01-01".into(),
            duration_secs: 10,
        };
        assert!(r.targets_met());
        let md = r.markdown();
        assert!(md.contains(
            "| GET /api/v1/users (100 users, 64 conns) req/s | 7,812 | 21,034 | 0.37× |"
        ));
        assert!(md.contains("| p99 latency | 3.10 ms | 1.00 ms | 3.10× |"));
        assert!(md.contains("| server RSS idle / under load | 12.3 MiB / 18.9 MiB | — | — |"));
        assert!(md.contains("RSS right after start: 9.8 MiB"));
        assert!(md.contains("**met**"));
        let slow = Results {
            ours: report(4000.0, 0.9, 3.1),
            ..r
        };
        assert!(!slow.targets_met());
        assert!(slow.markdown().contains("**NOT met**"));
    }
}
