//! `bench-api`: authenticated `GET /api/v1/users` against a real `tianqi`
//! server on SQLite, driven by `wrk`, beside a `/healthz` baseline measured in
//! the same run.
//!
//! Build and run from the workspace root:
//! `cargo build --release -p tianqi -p tianqi-bench && target/release/bench-api`

#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{ensure, Context, Result};
use clap::Parser;
use rand::distributions::{Alphanumeric, DistString};
use serde::Deserialize;
use serde_json::json;

use tianqi_bench::api::Client;
use tianqi_bench::report::Results;
use tianqi_bench::server::{server_binary, Server};
use tianqi_bench::wrk::{self, WrkReport, WrkRun};

const USERS: u64 = 100;
const THREADS: u32 = 2;
const CONNECTIONS: u32 = 64;
const WARMUP: Duration = Duration::from_secs(2);
const RSS_SAMPLE_EVERY: Duration = Duration::from_millis(200);
const USER_PASSWORD: &str = "bench-password-1";

/// Benchmark authenticated `GET /api/v1/users` (100 users, 64 connections,
/// SQLite) against a `/healthz` baseline measured in the same run.
#[derive(Debug, Parser)]
#[command(name = "bench-api")]
struct Args {
    /// The `tianqi` binary [default: target/release/tianqi in the workspace]
    #[arg(long, value_name = "PATH")]
    server: Option<PathBuf>,
    /// Seconds for each measured wrk run (after a 2 s warm-up)
    #[arg(long, value_name = "SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..))]
    duration: u64,
    /// Also write the Markdown table to this file
    #[arg(long, value_name = "FILE")]
    markdown_out: Option<PathBuf>,
    /// The wrk program to run
    #[arg(long, value_name = "PATH", default_value = "wrk")]
    wrk: String,
}

#[derive(Debug, Deserialize)]
struct UserPage {
    items: Vec<serde_json::Value>,
    total: u64,
}

#[tokio::main]
async fn main() {
    if let Err(e) = run(Args::parse()).await {
        eprintln!("bench-api: error: {e:#}");
        std::process::exit(1);
    }
}

async fn run(args: Args) -> Result<()> {
    let binary = server_binary(args.server.as_deref())?;
    let duration = Duration::from_secs(args.duration);

    // Declared before the server so that it is removed after the server stops.
    let work_dir = tempfile::Builder::new()
        .prefix("tianqi-bench-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let admin_password = Alphanumeric.sample_string(&mut rand::thread_rng(), 24);
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .context("cannot build an HTTP client")?;

    eprintln!("bench-api: starting {}", binary.display());
    let mut server = Server::start(&binary, work_dir.path(), &admin_password)?;
    server.wait_healthy(&http).await?;
    let base = server.base_url.clone();
    eprintln!("bench-api: server pid {} on {base}", server.pid());
    let rss_start_kib = server.rss_kib()?;

    let mut api = Client::new(http, base);
    api.login(&admin_password).await?;
    seed_users(&api).await?;
    let users_path = "/api/v1/users?page_size=20";
    sanity_check(&api, users_path).await?;
    let users_url = api.url(users_path);

    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_idle_kib = server.rss_kib()?;

    let no_headers: Vec<String> = Vec::new();
    let auth_header = api.header_lines();
    let healthz_url = api.url("/healthz");
    let baseline_run = WrkRun {
        wrk: &args.wrk,
        url: &healthz_url,
        threads: THREADS,
        connections: CONNECTIONS,
        duration,
        headers: &no_headers,
    };
    let ours_run = WrkRun {
        url: &users_url,
        headers: &auth_header,
        ..baseline_run.clone()
    };

    eprintln!(
        "bench-api: baseline GET /healthz: warm-up, then {}s",
        args.duration
    );
    WrkRun {
        duration: WARMUP,
        ..baseline_run.clone()
    }
    .run()
    .await?;
    let baseline = baseline_run.run().await?;
    baseline.check_clean("baseline /healthz")?;

    eprintln!(
        "bench-api: GET /api/v1/users: warm-up, then {}s",
        args.duration
    );
    let warm = WrkRun {
        duration: WARMUP,
        ..ours_run.clone()
    }
    .run()
    .await?;
    warm.check_clean("warm-up /api/v1/users")?;
    let (ours, rss_load_kib) = run_sampling_rss(&ours_run, &server).await?;
    ours.check_clean("GET /api/v1/users")?;

    let results = Results {
        users: USERS,
        connections: CONNECTIONS,
        ours,
        baseline,
        rss_start_kib,
        rss_idle_kib,
        rss_load_kib: rss_load_kib.max(rss_idle_kib),
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        date: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
        duration_secs: args.duration,
    };

    server.stop()?;
    drop(server);

    let md = results.markdown();
    print!("{md}");
    if let Some(path) = &args.markdown_out {
        std::fs::write(path, &md).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("bench-api: wrote {}", path.display());
    }
    Ok(())
}

/// Creates `user001`.. until there are [`USERS`] users, the admin included.
///
/// One at a time, as an admin would: each creation hashes a password with
/// argon2 (19 MiB of working memory), and creating them in parallel makes the
/// allocator spread those buffers over more threads, which inflates the idle
/// RSS measured afterwards.
async fn seed_users(api: &Client) -> Result<()> {
    let existing = api
        .get::<UserPage>("/api/v1/users?page_size=1")
        .await?
        .total;
    ensure!(
        existing <= USERS,
        "a fresh server already has {existing} users"
    );
    let wanted = USERS - existing;
    eprintln!("bench-api: creating {wanted} users");
    for n in 1..=wanted {
        let body =
            json!({ "username": format!("user{n:03}"), "password": USER_PASSWORD, "role": "user" });
        api.post::<serde_json::Value>("/api/v1/users", &body)
            .await?;
    }
    Ok(())
}

/// The measured request must succeed and see all the users.
async fn sanity_check(api: &Client, path: &str) -> Result<()> {
    let page: UserPage = api.get(path).await?;
    ensure!(
        page.total == USERS,
        "GET {path} says total = {}, expected {USERS}",
        page.total
    );
    ensure!(
        page.items.len() == 20,
        "GET {path} returned {} items, expected 20",
        page.items.len()
    );
    Ok(())
}

/// Runs wrk while sampling the server's RSS; answers the report and the
/// largest RSS seen (KiB).
async fn run_sampling_rss(run: &WrkRun<'_>, server: &Server) -> Result<(WrkReport, u64)> {
    let child = run.spawn()?;
    let report = wrk::finish(child, run.url);
    tokio::pin!(report);
    let mut max_kib = 0;
    let mut tick = tokio::time::interval(RSS_SAMPLE_EVERY);
    loop {
        tokio::select! {
            r = &mut report => return Ok((r?, max_kib)),
            _ = tick.tick() => {
                max_kib = max_kib.max(server.rss_kib()?);
            }
        }
    }
}
