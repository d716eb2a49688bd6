//! Prometheus metrics: requests by route and status, a latency histogram, the
//! database pool and the process's memory.

use std::sync::OnceLock;
use std::time::Instant;

use axum::body::Body;
use axum::extract::MatchedPath;
use axum::http::Request;
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tianqi_store::Store;

const LATENCY: &str = "tianqi_http_request_duration_seconds";
const REQUESTS: &str = "tianqi_http_requests_total";

/// Buckets sized for an API whose reads take about a millisecond.
const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Clone)]
pub struct Metrics {
    handle: Option<PrometheusHandle>,
}

impl Metrics {
    /// The process-wide recorder (installed on first use; every server in the
    /// process, e.g. in tests, shares it).
    pub fn global() -> Metrics {
        static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
        let handle = HANDLE.get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(LATENCY.into()), BUCKETS)
                .ok()?;
            match builder.install_recorder() {
                Ok(h) => Some(h),
                Err(e) => {
                    tracing::warn!(error = %e, "metrics recorder not installed");
                    None
                }
            }
        });
        Metrics {
            handle: handle.clone(),
        }
    }

    /// Folds recorded samples into the histograms. The exporter keeps raw samples
    /// until then, so without a scraper memory would grow with every request; the
    /// server calls this every few seconds.
    /// The upkeep loop's round.
    pub fn upkeep_round(&self) -> Result<(), std::convert::Infallible> {
        self.upkeep();
        Ok(())
    }

    pub fn upkeep(&self) {
        if let Some(h) = &self.handle {
            h.run_upkeep();
        }
    }

    /// The exposition text, with gauges sampled now.
    pub fn render(&self, store: &Store) -> String {
        let pool = store.pool_stats();
        metrics::gauge!("tianqi_db_pool_connections", "state" => "open").set(f64::from(pool.size));
        metrics::gauge!("tianqi_db_pool_connections", "state" => "idle").set(f64::from(pool.idle));
        metrics::gauge!("tianqi_db_pool_max_connections").set(f64::from(pool.max));
        if let Some(rss) = resident_memory_bytes() {
            metrics::gauge!("tianqi_process_resident_memory_bytes").set(rss as f64);
        }
        match &self.handle {
            Some(h) => {
                h.run_upkeep();
                h.render()
            }
            None => String::new(),
        }
    }
}

/// Resident set size from /proc (Linux); `None` elsewhere.
pub fn resident_memory_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// Counts and times every request. The route label is the route template, never
/// the raw path, so ids do not explode the label set.
pub async fn track(req: Request<Body>, next: Next) -> Response {
    let start = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = req.method().as_str().to_owned();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    metrics::counter!(REQUESTS, "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!(LATENCY, "method" => method, "route" => route)
        .record(start.elapsed().as_secs_f64());
    res
}
