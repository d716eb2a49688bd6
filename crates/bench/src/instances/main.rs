//! `bench-instances`: the instance paths of a real `tianqi` server on a real
//! Docker engine, each beside a baseline measured in the same run:
//!
//! 1. create → running through `POST /api/v1/instances` against a raw
//!    `docker run -d` of the same image with the same limits;
//! 2. `GET /api/v1/instances` over 1,000 rows (inserted into the SQLite file
//!    through the store crate, with the server stopped) against `/healthz`,
//!    driven by `wrk`;
//! 3. one reconcile tick (`POST /api/v1/nodes/{id}/test` for 50 node records
//!    holding 100 containers, all at once) against one `docker ps -a` per
//!    node, then the same tick with a 51st node that accepts connections and
//!    never answers.
//!
//! Needs the test Docker engine: `scripts/testenv.sh up` and
//! `source target/testenv/env`. Build and run from the workspace root:
//! `cargo build --release -p tianqi -p tianqi-bench && target/release/bench-instances`

#![forbid(unsafe_code)]

mod docker;
mod helpers;
mod phases;
mod raw;
mod report;
mod setup;

use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use chrono::{DateTime, Utc};
use clap::Parser;
use rand::distributions::{Alphanumeric, DistString};
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;
use tianqi_bench::api::{self, Client};
use tianqi_bench::server::{server_binary, Server};
use tianqi_bench::wrk::{WrkReport, WrkRun};
use tianqi_core::instance::InstanceStatus;
use tianqi_store::{NewInstance, Store, StoreOptions};
use tokio::task::JoinSet;

use crate::docker::DockerCli;
use crate::helpers::{ensure_connected, node_body, seed_rows, warm_then_run};
use crate::report::{CreateFigures, ListFigures, Results, Tick, TickFigures};

/// The workspace root, as seen when this program was compiled.
const TESTENV_HINT: &str = "run scripts/testenv.sh up and source target/testenv/env";

/// Every start: no automatic `local` node, and a health loop that (after its
/// first tick, which runs at start-up) stays out of the measurements.
const COMMON_ENV: [(&str, &str); 2] = [
    ("TIANQI_NODES_LOCAL_SOCKET", ""),
    ("TIANQI_NODES_CHECK_INTERVAL_SECS", "3600"),
];
/// The node timeout for the run with a dead node (and after it).
const DEAD_TIMEOUT_SECS: u64 = 2;

/// The limits of both the Tianqi spec and the raw `docker run`.
const RAW_MEMORY: &str = "32m";
const RAW_CPUS: &str = "0.1";
const SPEC_CPU_CORES: f64 = 0.1;
const SPEC_MEMORY_GB: f64 = 32.0 / 1024.0;

const LIST_THREADS: u32 = 2;
const LIST_CONNECTIONS: u32 = 16;
const WARMUP: Duration = Duration::from_secs(2);
/// How long the start-up node checks may take before we give up waiting.
const STARTUP_CHECKS_TIMEOUT: Duration = Duration::from_secs(60);
/// One `docker ps -a` timed alone this many times.
const PS_SINGLE_RUNS: usize = 5;

/// What each inserted list row reserves (it holds no container).
const ROW_CPU_MILLI: i64 = 10;
const ROW_MEMORY_MIB: i64 = 10;

/// Benchmark instance creation, listing and reconciliation on a real Docker
/// engine, each against a baseline measured in the same run.
#[derive(Debug, Parser)]
#[command(name = "bench-instances")]
struct Args {
    /// The `tianqi` binary [default: target/release/tianqi in the workspace]
    #[arg(long, value_name = "PATH")]
    server: Option<PathBuf>,
    /// Docker engine to run the containers on
    #[arg(long, value_name = "URL", env = "TQ_TEST_DOCKER_HOST")]
    docker_host: Option<String>,
    /// Image for every container (must be present on that engine)
    #[arg(long, value_name = "REF", env = "TQ_TEST_BUSYBOX_IMAGE")]
    image: Option<String>,
    /// Sequential creates measured, each way
    #[arg(long, value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..=200))]
    creates: u32,
    /// Node records for the reconcile tick
    #[arg(long, value_name = "N", default_value_t = 50,
          value_parser = clap::value_parser!(u32).range(1..=400))]
    nodes: u32,
    /// Containers spread over those nodes for the reconcile tick
    #[arg(long, value_name = "N", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    instances: u32,
    /// Instance rows for the list benchmark
    #[arg(long, value_name = "N", default_value_t = 1000,
          value_parser = clap::value_parser!(u32).range(20..=100_000))]
    rows: u32,
    /// Reconcile ticks measured, with and without the dead node (median reported)
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(1..=20))]
    ticks: u32,
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
    /// The docker CLI to run
    #[arg(long, value_name = "PATH", default_value = "docker")]
    docker: String,
}

#[derive(Debug, Deserialize)]
struct Created {
    id: i64,
}

#[derive(Debug, Deserialize)]
struct Me {
    id: i64,
}

#[derive(Debug, Deserialize)]
struct NodeView {
    id: i64,
    name: String,
    docker_status: String,
    #[serde(default)]
    docker_error: String,
    docker_checked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize)]
struct InstanceView {
    id: i64,
    status: String,
    #[serde(default)]
    status_error: String,
    #[serde(default)]
    container_id: String,
}

#[derive(Debug, Deserialize)]
struct Page<T> {
    items: Vec<T>,
    total: u64,
}

#[tokio::main]
async fn main() {
    if let Err(e) = run(Args::parse()).await {
        eprintln!("bench-instances: error: {e:#}");
        std::process::exit(1);
    }
}

fn say(msg: impl std::fmt::Display) {
    eprintln!("bench-instances: {msg}");
}

async fn run(args: Args) -> Result<()> {
    let binary = server_binary(args.server.as_deref())?;
    let Some(docker_host) = args.docker_host.clone().filter(|h| !h.is_empty()) else {
        bail!("no Docker engine: TQ_TEST_DOCKER_HOST is not set and no --docker-host was given ({TESTENV_HINT})");
    };
    let Some(image) = args.image.clone().filter(|i| !i.is_empty()) else {
        bail!(
            "no image: TQ_TEST_BUSYBOX_IMAGE is not set and no --image was given ({TESTENV_HINT})"
        );
    };
    let docker = DockerCli::new(&args.docker, &docker_host);
    docker
        .run(&["image", "inspect", "--format", "{{.Id}}", &image])
        .await
        .with_context(|| {
            format!("image {image} is not usable on {docker_host} ({TESTENV_HINT})")
        })?;

    // Declared before the bench (and so its server) so it is removed last.
    let work_dir = tempfile::Builder::new()
        .prefix("tianqi-bench-instances-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .context("cannot build an HTTP client")?;
    let mut bench = Bench {
        binary,
        work_dir: work_dir.path().to_owned(),
        password: Alphanumeric.sample_string(&mut rand::thread_rng(), 24),
        api: Client::new(http.clone(), ""),
        http,
        docker,
        docker_host,
        image,
        server: None,
        instances: Vec::new(),
        raw: Vec::new(),
        dead_listener: None,
    };

    let outcome = bench.phases(&args).await;
    let cleaned = bench.cleanup().await;
    let results = match (outcome, cleaned) {
        (Ok(r), Ok(())) => r,
        (Err(e), cleaned) => {
            if let Err(c) = cleaned {
                say(format!("clean-up after the error: {c:#}"));
            }
            return Err(e);
        }
        (Ok(_), Err(c)) => return Err(c),
    };

    let md = results.markdown();
    print!("{md}");
    if let Some(path) = &args.markdown_out {
        std::fs::write(path, &md).with_context(|| format!("cannot write {}", path.display()))?;
        say(format!("wrote {}", path.display()));
    }
    Ok(())
}

struct Bench {
    binary: PathBuf,
    work_dir: PathBuf,
    password: String,
    http: reqwest::Client,
    docker: DockerCli,
    docker_host: String,
    image: String,
    server: Option<Server>,
    /// Signed in to the running server (made again at every start).
    api: Client,
    /// Tianqi instances that exist: (id, container id).
    instances: Vec<(i64, String)>,
    /// Raw containers that exist.
    raw: Vec<String>,
    /// The TCP listener that accepts and never answers.
    dead_listener: Option<tokio::task::JoinHandle<()>>,
}

impl Bench {
    async fn phases(&mut self, args: &Args) -> Result<Results> {
        self.start(&[]).await?;
        let me: Me = self.api.get("/api/v1/me").await?;
        let first = self.create_node("bench-00", &self.docker_host).await?;
        ensure_connected(&first)?;
        let image: Created = self
            .api
            .post(
                "/api/v1/images",
                &json!({
                    "name": "bench-busybox",
                    "address": self.image,
                    "keep_alive_command": ["sleep", "3600"],
                }),
            )
            .await?;
        let spec: Created = self
            .api
            .post(
                "/api/v1/specs",
                &json!({
                    "name": "bench-tiny",
                    "cpu_cores": SPEC_CPU_CORES,
                    "memory_gb": SPEC_MEMORY_GB,
                }),
            )
            .await?;

        // 1. Create → running.
        let create = self
            .bench_create(args.creates, image.id, spec.id, first.id)
            .await?;

        // 3. Reconcile ticks (before the list benchmark, whose rows have no
        //    containers and would be marked missing by a reconcile).
        let ticks = self.bench_ticks(args, image.id, spec.id, first.id).await?;

        // 2. The list over many rows.
        let list = self.bench_list(args, me.id, image.id, spec.id).await?;

        self.stop()?;
        Ok(Results {
            create,
            list,
            ticks,
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            date: Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
        })
    }
}
