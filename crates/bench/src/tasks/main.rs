//! `bench-tasks`: the task scheduler and runner of a real `tianqi` server on
//! SQLite, each figure beside a baseline measured in the same run.
//!
//! 1. Memory with 10,000 tasks defined (on demand), against the same server's
//!    RSS with none.
//! 2. 1,000 tasks on the cron `* * * * * *` (every second, on whole seconds)
//!    running `/bin/true` for `--duration` seconds: the drift of each run's
//!    recorded start after its tick (p50/p99; target p99 < 20 ms), the ticks
//!    that got a run, and the server's CPU (its own, and its children's).
//! 3. Run-start overhead: the run of a host task `/bin/true` as Tianqi records
//!    it (spawn in a process group, output piped into the log, reaped) against
//!    this program spawning the same command the same way (target ≤ 1.5×).
//!
//! Build and run from the workspace root:
//! `cargo build --release -p tianqi -p tianqi-bench && target/release/bench-tasks`

#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use chrono::{DateTime, SubsecRound, Utc};
use clap::Parser;
use futures::{stream, StreamExt, TryStreamExt};
use rand::distributions::{Alphanumeric, DistString};
use serde::Deserialize;
use serde_json::json;

use tianqi_bench::api::Client;
use tianqi_bench::report::{mib, ms, ratio, thousands};
use tianqi_bench::server::{server_binary, Server};
use tianqi_bench::stats::{mean_ms, percentile_ms};

const TARGET_DRIFT_P99_MS: f64 = 20.0;
const TARGET_START_RATIO: f64 = 1.5;
/// Requests in flight while defining tasks.
const PARALLEL: usize = 16;

/// Benchmark the task scheduler (drift, CPU), the run-start overhead and the
/// memory of many task definitions.
#[derive(Debug, Parser)]
#[command(name = "bench-tasks")]
struct Args {
    /// The `tianqi` binary [default: target/release/tianqi in the workspace]
    #[arg(long, value_name = "PATH")]
    server: Option<PathBuf>,
    /// Tasks firing every second
    #[arg(long, default_value_t = 1000)]
    tasks: usize,
    /// Seconds the firing tasks are measured (after a 3 s warm-up)
    #[arg(long, value_name = "SECS", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..))]
    duration: u64,
    /// Tasks defined for the memory figure
    #[arg(long, default_value_t = 10_000)]
    defined: usize,
    /// Runs of the run-start comparison (each side)
    #[arg(long, default_value_t = 200)]
    starts: usize,
    /// Also write the Markdown table to this file
    #[arg(long, value_name = "FILE")]
    markdown_out: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
struct Run {
    trigger: String,
    status: String,
    started_at: DateTime<Utc>,
    duration_ms: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct TaskState {
    running: usize,
    run_count: i64,
}

#[derive(Debug, Deserialize)]
struct Runs {
    items: Vec<Run>,
    total: i64,
}

#[tokio::main]
async fn main() {
    if let Err(e) = run(Args::parse()).await {
        eprintln!("bench-tasks: error: {e:#}");
        std::process::exit(1);
    }
}

/// The process's CPU time and its reaped children's, in seconds
/// (`/proc/<pid>/stat` utime+stime, cutime+cstime).
fn cpu_secs(pid: u32, tick: f64) -> Result<(f64, f64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // Fields after the command name, which is in parentheses.
    let rest = stat
        .rsplit_once(')')
        .map(|(_, r)| r)
        .context("unexpected /proc stat")?;
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|v| v.parse().unwrap_or(0.0))
        .collect();
    ensure!(f.len() > 15, "unexpected /proc stat");
    // rest[0] is the state (field 3): utime is field 14 → index 11.
    Ok(((f[11] + f[12]) / tick, (f[13] + f[14]) / tick))
}

fn clock_ticks() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

async fn define(api: &Client, bodies: Vec<serde_json::Value>) -> Result<()> {
    stream::iter(bodies)
        .map(|b| async move { api.post::<serde_json::Value>("/api/v1/tasks", &b).await })
        .buffer_unordered(PARALLEL)
        .try_collect::<Vec<_>>()
        .await?;
    Ok(())
}

async fn delete_all(api: &Client, ids: &[String]) -> Result<()> {
    for chunk in ids.chunks(1000) {
        api.post::<serde_json::Value>("/api/v1/tasks/batch/delete", &json!({ "ids": chunk }))
            .await?;
    }
    Ok(())
}

/// Every run of `id` (newest first).
async fn runs_of(api: &Client, id: &str) -> Result<Vec<Run>> {
    let mut out = Vec::new();
    for page in 1.. {
        let r: Runs = api
            .get(&format!(
                "/api/v1/tasks/{id}/runs?page_size=500&page={page}"
            ))
            .await?;
        let n = r.items.len();
        out.extend(r.items);
        if n == 0 || out.len() as i64 >= r.total {
            break;
        }
    }
    Ok(out)
}

/// Ticks of the window on which a task did not run, and of those how many
/// fell while its previous run was still going (skipped by the overlap
/// policy, not missed by the scheduler).
#[derive(Default)]
struct Unrun {
    ticks: usize,
    overlapped: usize,
}

impl Unrun {
    fn count(&mut self, runs: &[Run], from: DateTime<Utc>, to: DateTime<Utc>) {
        let first = from.trunc_subsecs(0) + chrono::Duration::seconds(1);
        let mut tick = first;
        while tick < to {
            let ran = runs
                .iter()
                .any(|r| r.trigger == "schedule" && r.started_at.trunc_subsecs(0) == tick);
            if !ran {
                self.ticks += 1;
                let going = runs.iter().any(|r| {
                    r.started_at < tick
                        && r.duration_ms.is_none_or(|d| {
                            r.started_at + chrono::Duration::milliseconds(d) >= tick
                        })
                });
                if going {
                    self.overlapped += 1;
                }
            }
            tick += chrono::Duration::seconds(1);
        }
    }
}

async fn wait_rss_settled(server: &Server) -> Result<u64> {
    tokio::time::sleep(Duration::from_secs(1)).await;
    server.rss_kib()
}

async fn run(args: Args) -> Result<()> {
    let binary = server_binary(args.server.as_deref())?;
    let work_dir = tempfile::Builder::new()
        .prefix("tianqi-bench-tasks-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let admin_password = Alphanumeric.sample_string(&mut rand::thread_rng(), 24);
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()?;
    eprintln!("bench-tasks: starting {}", binary.display());
    // Every firing task may run at once: the cap would measure the queue,
    // not the scheduler.
    let mut server = Server::start_with_env(
        &binary,
        work_dir.path(),
        &admin_password,
        &[
            ("TIANQI_TASKS_MAX_CONCURRENT", "1024"),
            // The scheduler says why a tick did not run: counted below.
            ("TIANQI_LOG_LEVEL", "warn,tianqi_service::tasks::run=debug"),
        ],
    )?;
    server.wait_healthy(&http).await?;
    let mut api = Client::new(http, server.base_url.clone());
    api.login(&admin_password).await?;
    let tick = clock_ticks();

    // 1. Memory with many definitions.
    let rss_empty = wait_rss_settled(&server).await?;
    eprintln!("bench-tasks: defining {} on-demand tasks", args.defined);
    let ids: Vec<String> = (0..args.defined).map(|i| format!("def-{i:05}")).collect();
    define(
        &api,
        ids.iter()
            .map(|id| json!({"id": id, "execute_path": "/bin/true"}))
            .collect(),
    )
    .await?;
    let rss_defined = wait_rss_settled(&server).await?;
    delete_all(&api, &ids).await?;

    // 2. Drift and CPU with tasks firing every second.
    eprintln!(
        "bench-tasks: {} tasks every second, 3 s warm-up, {} s measured",
        args.tasks, args.duration
    );
    let firing: Vec<String> = (0..args.tasks).map(|i| format!("tick-{i:04}")).collect();
    define(
        &api,
        firing
            .iter()
            .map(|id| json!({"id": id, "execute_path": "/bin/true", "cron": "* * * * * *"}))
            .collect(),
    )
    .await?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (cpu0, child0) = cpu_secs(server.pid(), tick)?;
    let log_before = server.log_text().len();
    let from = Utc::now();
    let wall = Instant::now();
    tokio::time::sleep(Duration::from_secs(args.duration)).await;
    let to = Utc::now();
    let said = server.log_text();
    let said = said.get(log_before..).unwrap_or_default();
    let skipped_lines = said.matches("schedule tick skipped").count();
    let missed_lines = said.matches("missed schedule ticks").count();
    let (cpu1, child1) = cpu_secs(server.pid(), tick)?;
    let secs = wall.elapsed().as_secs_f64();
    let rss_firing = server.rss_kib()?;
    let mut drift = Vec::new();
    let mut unrun = Unrun::default();
    for id in &firing {
        let runs = runs_of(&api, id).await?;
        for r in &runs {
            if r.trigger == "schedule" && r.started_at >= from && r.started_at < to {
                // Its tick: the whole second at or before its start.
                let due = r.started_at.trunc_subsecs(0);
                drift.push((r.started_at - due).to_std().unwrap_or_default());
            }
        }
        unrun.count(&runs, from, to);
    }
    delete_all(&api, &firing).await?;
    ensure!(!drift.is_empty(), "no scheduled run started in the window");
    let ticks = args.tasks as f64 * secs.floor();

    // 3. Run-start overhead of a host task against a direct spawn.
    eprintln!("bench-tasks: {} runs of a host task /bin/true", args.starts);
    api.post::<serde_json::Value>(
        "/api/v1/tasks",
        &json!({"id": "start", "execute_path": "/bin/true"}),
    )
    .await?;
    let mut ours = Vec::new();
    for n in 1..=args.starts {
        api.post::<serde_json::Value>("/api/v1/tasks/start/run", &json!({}))
            .await?;
        // Done when the task has no run going any more (its chain has
        // ended, so the next run now is not refused as an overlap).
        loop {
            let t: TaskState = api.get("/api/v1/tasks/start").await?;
            if t.run_count >= n as i64 && t.running == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let r: Runs = api.get("/api/v1/tasks/start/runs?page_size=1").await?;
        let last = r.items.first().context("no run recorded")?;
        ensure!(last.status == "SUCCESS", "run {n}: {}", last.status);
        let d = last.duration_ms.unwrap_or_default();
        ours.push(Duration::from_millis(u64::try_from(d).unwrap_or_default()));
    }
    let mut direct = Vec::new();
    for _ in 0..args.starts {
        let t = Instant::now();
        let out = tokio::process::Command::new("/bin/true")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .output()
            .await?;
        ensure!(out.status.success(), "/bin/true failed");
        direct.push(t.elapsed());
    }
    server.stop()?;

    let drift_p50 = percentile_ms(&drift, 50.0);
    let drift_p99 = percentile_ms(&drift, 99.0);
    let server_cpu = (cpu1 - cpu0) / secs * 100.0;
    let child_cpu = (child1 - child0) / secs * 100.0;
    let (ours_ms, direct_ms) = (mean_ms(&ours), mean_ms(&direct));
    let mut md = String::new();
    md.push_str("| benchmark | Tianqi | baseline | ratio | target |\n|---|---|---|---|---|\n");
    md.push_str(&format!(
        "| drift p50 / p99, {} tasks every 1 s for {} s | {} / {} | the tick (0 ms) | — | p99 < {} ({}) |\n",
        args.tasks,
        args.duration,
        ms(drift_p50),
        ms(drift_p99),
        ms(TARGET_DRIFT_P99_MS),
        if drift_p99 < TARGET_DRIFT_P99_MS { "met" } else { "missed" },
    ));
    md.push_str(&format!(
        "| ticks with a run | {} of {} | — | {:.1} % | — |\n",
        thousands(drift.len() as f64),
        thousands(ticks),
        drift.len() as f64 / ticks * 100.0,
    ));
    md.push_str(&format!(
        "| ticks without a run (whole seconds inside the window) / of them during the previous run (overlap skip) | {} / {} | — | — | — |\n",
        thousands(unrun.ticks as f64),
        thousands(unrun.overlapped as f64),
    ));
    md.push_str(&format!(
        "| the scheduler's own account: ticks skipped (previous run going) / missed (round late by a whole interval) | {} / {} | — | — | — |\n",
        thousands(skipped_lines as f64),
        thousands(missed_lines as f64),
    ));
    md.push_str(&format!(
        "| server CPU while firing (its own / its children, % of one core) | {server_cpu:.0} % / {child_cpu:.0} % | — | — | — |\n"
    ));
    md.push_str(&format!(
        "| run of a host task `/bin/true`, mean (p50) | {} ({}) | direct spawn {} ({}) | {} | ≤ {TARGET_START_RATIO}× ({}) |\n",
        ms(ours_ms),
        ms(percentile_ms(&ours, 50.0)),
        ms(direct_ms),
        ms(percentile_ms(&direct, 50.0)),
        ratio(ours_ms, direct_ms),
        if ours_ms <= direct_ms * TARGET_START_RATIO { "met" } else { "missed" },
    ));
    md.push_str(&format!(
        "| server RSS with {} tasks defined | {} | {} with none | {} | — |\n",
        thousands(args.defined as f64),
        mib(rss_defined),
        mib(rss_empty),
        ratio(rss_defined as f64, rss_empty as f64),
    ));
    md.push_str(&format!(
        "| server RSS while {} tasks fire | {} | — | — | — |\n",
        args.tasks,
        mib(rss_firing)
    ));
    md.push_str(&format!(
        "\n{} cores, {}; Tianqi's run duration is recorded in whole milliseconds.\n",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        Utc::now().format("%Y-%m-%d %H:%M UTC"),
    ));
    print!("{md}");
    if let Some(path) = &args.markdown_out {
        std::fs::write(path, &md).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
