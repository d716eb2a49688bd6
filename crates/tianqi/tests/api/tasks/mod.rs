//! Tasks (Mini PM2) through the API with real processes: the seed's task and
//! bad input naming the field, ownership, exit codes, signals and retries,
//! a timeout that kills the whole process group (a child ignoring SIGTERM
//! too), keep-alive giving up at max_restarts, log rotation at the bound, a
//! schedule driven by the server's clock, batches, import and export, and
//! runs left RUNNING by a dead server marked EXCEPTION at boot.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::harness::{assert_error, Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;

/// Polls the task's runs until `done` holds (at most `within`).
pub(crate) async fn wait_runs(
    s: &TestServer,
    id: &str,
    within: Duration,
    done: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let start = Instant::now();
    loop {
        let (st, page) = s
            .get(
                &format!("/api/v1/tasks/{id}/runs?page_size=100"),
                &s.admin_token,
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{page}");
        let mut items = page["items"].as_array().cloned().unwrap_or_default();
        items.reverse(); // oldest first
        if done(&items) {
            return items;
        }
        assert!(
            start.elapsed() < within,
            "task {id} after {within:?}: {items:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub(crate) fn ended(runs: &[Value], n: usize) -> bool {
    runs.len() >= n && runs.iter().all(|r| r["status"] != "RUNNING")
}

async fn create(s: &TestServer, body: Value) -> Value {
    let (st, t) = s.post("/api/v1/tasks", &s.admin_token, body).await;
    assert_eq!(st, StatusCode::CREATED, "{t}");
    t
}

mod compat;
mod definitions;
mod runs;
