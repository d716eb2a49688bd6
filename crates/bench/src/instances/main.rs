//! `bench-instances`: the instance paths of a real `tianqi` server on a real
//! Docker engine, each beside a baseline measured in the same run:
//!
//! 1. create → running through `POST /api/v1/instances` against a raw
//!    `docker run -d` of the same image with the same limits;
//! 2. `GET /api/v1/instances` over 1,000 rows (inserted straight into the
//!    SQLite file with the server stopped) against `/healthz`, driven by `wrk`;
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
mod report;

use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use clap::Parser;
use rand::distributions::{Alphanumeric, DistString};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::json;
use tianqi_bench::api::{expect_status, login};
use tianqi_bench::server::Server;
use tianqi_bench::wrk::{WrkReport, WrkRun};
use tokio::task::JoinSet;

use crate::docker::DockerCli;
use crate::report::{CreateFigures, ListFigures, Results, Tick, TickFigures};

/// The workspace root, as seen when this program was compiled.
const WORKSPACE_ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
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

const INSERT_ROWS_PY: &str = r#"
import json, sqlite3, sys
db, payload = sys.argv[1], sys.argv[2]
with open(payload) as f:
    p = json.load(f)
con = sqlite3.connect(db)
with con:
    con.executemany(
        "INSERT INTO instances (name, owner_id, node_id, image_id, spec_id, image_address,"
        " status, cpu_milli, memory_mib, gpu_cards, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, 'running', 10, 10, '[]', ?, ?)",
        [(r[0], p["owner_id"], p["node_id"], p["image_id"], p["spec_id"], p["image_address"],
          r[1], r[1]) for r in p["rows"]],
    )
print(con.execute("SELECT COUNT(*) FROM instances").fetchone()[0])
con.close()
"#;

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
    /// The Python 3 interpreter used to insert rows with its sqlite3 module
    #[arg(long, value_name = "PATH", default_value = "python3")]
    python: String,
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
    let binary = match &args.server {
        Some(p) => p.clone(),
        None => PathBuf::from(WORKSPACE_ROOT).join("target/release/tianqi"),
    };
    if !binary.is_file() {
        bail!(
            "server binary {} not found: run `cargo build --release -p tianqi` first \
             (or pass --server <path>)",
            binary.display()
        );
    }
    let binary = binary.canonicalize().unwrap_or(binary);
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
        http,
        docker,
        docker_host,
        image,
        server: None,
        base: String::new(),
        token: String::new(),
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
    base: String,
    token: String,
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
        let me: Me = self.get("/api/v1/me").await?;
        let first = self.create_node("bench-00", &self.docker_host).await?;
        ensure_connected(&first)?;
        let image: Created = self
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

    async fn bench_create(
        &mut self,
        n: u32,
        image_id: i64,
        spec_id: i64,
        node_id: i64,
    ) -> Result<CreateFigures> {
        say(format!(
            "create→running: one warm-up each, then {n} Tianqi creates interleaved with {n} \
             raw docker runs"
        ));
        self.create_instance("warm-up", image_id, spec_id, node_id)
            .await?;
        self.raw_run().await?;
        let mut ours = Vec::new();
        let mut raw = Vec::new();
        for i in 0..n {
            ours.push(
                self.create_instance(&format!("create-{i:03}"), image_id, spec_id, node_id)
                    .await?,
            );
            raw.push(self.raw_run().await?);
        }
        say("create→running: removing those containers");
        self.delete_instances().await?;
        self.remove_raw().await?;
        Ok(CreateFigures { ours, raw })
    }

    async fn bench_ticks(
        &mut self,
        args: &Args,
        image_id: i64,
        spec_id: i64,
        first_node: i64,
    ) -> Result<TickFigures> {
        let node_count = args.nodes as usize;
        say(format!(
            "reconcile: registering {} more node records on the same engine",
            node_count - 1
        ));
        let mut nodes = vec![first_node];
        for i in 1..node_count {
            let node = self
                .create_node(&format!("bench-{i:02}"), &self.docker_host)
                .await?;
            ensure_connected(&node)?;
            nodes.push(node.id);
        }
        let count = args.instances as usize;
        say(format!(
            "reconcile: creating {count} instances over {node_count} nodes"
        ));
        for i in 0..count {
            let node = nodes[i % node_count];
            self.create_instance(&format!("tick-{i:04}"), image_id, spec_id, node)
                .await?;
            if (i + 1) % 20 == 0 {
                say(format!("reconcile: {} of {count} created", i + 1));
            }
        }

        let mut healthy = Vec::new();
        let mut ps_concurrent = Vec::new();
        for k in 1..=args.ticks {
            let tick = self.tick(&nodes, None).await?;
            say(format!(
                "reconcile: tick {k}: {:.0} ms (slowest node {:.0} ms)",
                tick.wall.as_secs_f64() * 1e3,
                tick.slowest_healthy.as_secs_f64() * 1e3
            ));
            healthy.push(tick);
            ps_concurrent.push(self.ps_all_at_once(node_count).await?);
        }
        let mut ps_single = Vec::new();
        for _ in 0..PS_SINGLE_RUNS {
            ps_single.push(self.ps().await?);
        }
        self.ensure_all_running(count).await?;

        say(format!(
            "reconcile: restarting the server with a {DEAD_TIMEOUT_SECS} s node timeout"
        ));
        self.stop()?;
        let timeout = DEAD_TIMEOUT_SECS.to_string();
        self.start(&[("TIANQI_NODES_TIMEOUT_SECS", &timeout)])
            .await?;
        let port = self.start_dead_listener().await?;
        let dead: NodeView = self
            .post(
                "/api/v1/nodes",
                &node_body("bench-dead", &format!("tcp://127.0.0.1:{port}"), false),
            )
            .await?;
        ensure!(
            dead.docker_status != "connected",
            "the node on the silent listener says it is connected"
        );
        let mut all = nodes.clone();
        all.push(dead.id);
        let mut with_dead = Vec::new();
        for k in 1..=args.ticks {
            let tick = self.tick(&all, Some(dead.id)).await?;
            say(format!(
                "reconcile: tick {k} with the dead node: {:.0} ms (slowest healthy node \
                 {:.0} ms, dead node {:.0} ms)",
                tick.wall.as_secs_f64() * 1e3,
                tick.slowest_healthy.as_secs_f64() * 1e3,
                tick.dead.unwrap_or_default().as_secs_f64() * 1e3
            ));
            with_dead.push(tick);
        }
        self.ensure_all_running(count).await?;

        say(format!("reconcile: deleting the {count} instances"));
        self.delete_instances().await?;
        Ok(TickFigures {
            nodes: node_count,
            instances: count,
            healthy,
            with_dead,
            dead_timeout_secs: DEAD_TIMEOUT_SECS,
            ps_concurrent,
            ps_single,
        })
    }

    async fn bench_list(
        &mut self,
        args: &Args,
        owner_id: i64,
        image_id: i64,
        spec_id: i64,
    ) -> Result<ListFigures> {
        // The rows go on a node record whose engine does not exist: the
        // start-up node check (the health loop's first tick runs at once)
        // then fails to connect and never reconciles them to `missing`.
        let absent = self.work_dir.join("no-docker-here.sock");
        let node: NodeView = self
            .post(
                "/api/v1/nodes",
                &node_body("bench-list", &format!("unix://{}", absent.display()), false),
            )
            .await?;
        ensure!(
            node.docker_status != "connected",
            "node {} on a missing socket says it is connected",
            node.name
        );
        let data_dir = self.data_dir()?.to_owned();
        say(format!(
            "list: stopping the server and inserting {} instance rows into {}",
            args.rows,
            data_dir.join("tianqi.db").display()
        ));
        self.stop()?;
        self.insert_rows(args, &data_dir, owner_id, node.id, image_id, spec_id)?;
        let timeout = DEAD_TIMEOUT_SECS.to_string();
        self.start(&[("TIANQI_NODES_TIMEOUT_SECS", &timeout)])
            .await?;

        let path = "/api/v1/instances?page_size=20";
        let page: Page<InstanceView> = self.get(path).await?;
        ensure!(
            page.total == u64::from(args.rows),
            "GET {path} says total = {}, expected {}",
            page.total,
            args.rows
        );
        ensure!(
            page.items.len() == 20,
            "GET {path} returned {} items, expected 20",
            page.items.len()
        );
        if let Some(i) = page.items.iter().find(|i| i.status != "running") {
            bail!(
                "instance {} is {} ({}), expected the inserted status running",
                i.id,
                i.status,
                i.status_error
            );
        }

        let url = format!("{}{path}", self.base);
        let healthz_url = format!("{}/healthz", self.base);
        let no_headers: Vec<String> = Vec::new();
        let auth = vec![format!("Authorization: Bearer {}", self.token)];
        let baseline_run = WrkRun {
            wrk: &args.wrk,
            url: &healthz_url,
            threads: LIST_THREADS,
            connections: LIST_CONNECTIONS,
            duration: Duration::from_secs(args.duration),
            headers: &no_headers,
        };
        let ours_run = WrkRun {
            url: &url,
            headers: &auth,
            ..baseline_run.clone()
        };
        say(format!(
            "list: baseline GET /healthz: warm-up, then {}s",
            args.duration
        ));
        let healthz = warm_then_run(&baseline_run, "GET /healthz").await?;
        say(format!(
            "list: GET {path} over {} rows: warm-up, then {}s",
            args.rows, args.duration
        ));
        let ours = warm_then_run(&ours_run, "GET /api/v1/instances").await?;
        Ok(ListFigures {
            rows: u64::from(args.rows),
            connections: LIST_CONNECTIONS,
            duration_secs: args.duration,
            ours,
            healthz,
        })
    }

    // ---- the server -------------------------------------------------------

    /// Starts the server (on the same data directory every time), signs in,
    /// and waits for the health loop's first tick, which runs at start-up, to
    /// have checked every node, so that it does not overlap a measurement.
    async fn start(&mut self, extra_env: &[(&str, &str)]) -> Result<()> {
        ensure!(self.server.is_none(), "the server is already running");
        let since = Utc::now();
        let mut env: Vec<(&str, &str)> = COMMON_ENV.to_vec();
        env.extend_from_slice(extra_env);
        let mut server =
            Server::start_with_env(&self.binary, &self.work_dir, &self.password, &env)?;
        server.wait_healthy(&self.http).await?;
        self.base = server.base_url.clone();
        say(format!("server pid {} on {}", server.pid(), self.base));
        self.server = Some(server);
        self.token = login(&self.http, &self.base, &self.password).await?;
        self.wait_startup_checks(since).await
    }

    fn stop(&mut self) -> Result<()> {
        match self.server.take() {
            Some(mut s) => s.stop(),
            None => Ok(()),
        }
    }

    fn data_dir(&self) -> Result<&Path> {
        self.server
            .as_ref()
            .map(Server::data_dir)
            .context("the server is not running")
    }

    async fn wait_startup_checks(&self, since: DateTime<Utc>) -> Result<()> {
        // Whole seconds, in case the server stores coarser timestamps.
        let since = DateTime::from_timestamp(since.timestamp(), 0).unwrap_or(since);
        let deadline = Instant::now() + STARTUP_CHECKS_TIMEOUT;
        loop {
            let page: Page<NodeView> = self.get("/api/v1/nodes?page_size=500").await?;
            let pending = page
                .items
                .iter()
                .filter(|n| n.docker_checked_at.is_none_or(|t| t < since))
                .count();
            if pending == 0 {
                return Ok(());
            }
            if Instant::now() >= deadline {
                bail!(
                    "{pending} node(s) still not checked {}s after the server started",
                    STARTUP_CHECKS_TIMEOUT.as_secs()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    // ---- HTTP -------------------------------------------------------------

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        let res = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .with_context(|| format!("GET {path}"))?;
        expect_status(res, &format!("GET {path}"), Some(StatusCode::OK)).await
    }

    /// POST expecting 201 Created.
    async fn post<T: DeserializeOwned>(&self, path: &str, body: &serde_json::Value) -> Result<T> {
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .with_context(|| format!("POST {path}"))?;
        expect_status(res, &format!("POST {path}"), Some(StatusCode::CREATED)).await
    }

    async fn create_node(&self, name: &str, address: &str) -> Result<NodeView> {
        self.post("/api/v1/nodes", &node_body(name, address, false))
            .await
    }

    /// Creates one instance and answers the time to its 201 (status running).
    async fn create_instance(
        &mut self,
        name: &str,
        image_id: i64,
        spec_id: i64,
        node_id: i64,
    ) -> Result<Duration> {
        let body = json!({
            "name": name,
            "image_id": image_id,
            "spec_id": spec_id,
            "node_id": node_id,
        });
        let started = Instant::now();
        let res = self
            .http
            .post(format!("{}/api/v1/instances", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .context("POST /api/v1/instances")?;
        let took = started.elapsed();
        let inst: InstanceView = expect_status(
            res,
            &format!("POST /api/v1/instances ({name})"),
            Some(StatusCode::CREATED),
        )
        .await?;
        self.instances.push((inst.id, inst.container_id.clone()));
        ensure!(
            inst.status == "running",
            "instance {name} is {} after its create: {}",
            inst.status,
            inst.status_error
        );
        Ok(took)
    }

    /// Deletes every instance this run made; fails after trying them all if
    /// any could not be deleted.
    async fn delete_instances(&mut self) -> Result<()> {
        let mut failed = Vec::new();
        for (id, container) in std::mem::take(&mut self.instances) {
            let path = format!("/api/v1/instances/{id}");
            let outcome = async {
                let res = self
                    .http
                    .delete(format!("{}{path}", self.base))
                    .bearer_auth(&self.token)
                    .send()
                    .await
                    .with_context(|| format!("DELETE {path}"))?;
                let status = res.status();
                if status != StatusCode::NO_CONTENT {
                    bail!(
                        "DELETE {path} answered {status}: {}",
                        res.text().await.unwrap_or_default()
                    );
                }
                Ok(())
            }
            .await;
            if let Err(e) = outcome {
                say(format!("warning: {e:#}"));
                failed.push((id, container));
            }
        }
        let n = failed.len();
        self.instances = failed;
        ensure!(n == 0, "{n} instance(s) could not be deleted");
        Ok(())
    }

    /// `POST /api/v1/nodes/{id}/test` for every node at once: one tick.
    async fn tick(&self, nodes: &[i64], dead: Option<i64>) -> Result<Tick> {
        let mut set = JoinSet::new();
        let started = Instant::now();
        for &id in nodes {
            let http = self.http.clone();
            let url = format!("{}/api/v1/nodes/{id}/test", self.base);
            let token = self.token.clone();
            set.spawn(async move {
                let t = Instant::now();
                let res = http.post(&url).bearer_auth(&token).send().await;
                let took = t.elapsed();
                let node: Result<NodeView> = match res {
                    Ok(r) => expect_status(r, &format!("POST {url}"), Some(StatusCode::OK)).await,
                    Err(e) => Err(anyhow::Error::new(e).context(format!("POST {url}"))),
                };
                (id, took, node)
            });
        }
        let mut answers = Vec::new();
        while let Some(joined) = set.join_next().await {
            answers.push(joined.context("a node test task failed")?);
        }
        let wall = started.elapsed();
        let mut tick = Tick {
            wall,
            ..Tick::default()
        };
        for (id, took, node) in answers {
            let node = node?;
            if Some(id) == dead {
                ensure!(
                    node.docker_status != "connected",
                    "the dead node {} says connected",
                    node.name
                );
                tick.dead = Some(took);
            } else {
                ensure_connected(&node)?;
                tick.slowest_healthy = tick.slowest_healthy.max(took);
            }
        }
        Ok(tick)
    }

    /// The reconcile must not have changed any instance: all still running.
    async fn ensure_all_running(&self, count: usize) -> Result<()> {
        let page: Page<InstanceView> = self
            .get("/api/v1/instances?status=running&page_size=1")
            .await?;
        ensure!(
            page.total == count as u64,
            "{} of {count} instances are running after the reconcile ticks",
            page.total
        );
        Ok(())
    }

    /// Accepts TCP connections and never answers: a node that hangs.
    async fn start_dead_listener(&mut self) -> Result<u16> {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .context("cannot open the silent listener")?;
        let port = listener.local_addr()?.port();
        self.dead_listener = Some(tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                held.push(socket);
            }
        }));
        Ok(port)
    }

    fn insert_rows(
        &self,
        args: &Args,
        data_dir: &Path,
        owner_id: i64,
        node_id: i64,
        image_id: i64,
        spec_id: i64,
    ) -> Result<()> {
        let db = data_dir.join("tianqi.db");
        ensure!(db.is_file(), "{} not found", db.display());
        let base = Utc::now() - chrono::Duration::seconds(i64::from(args.rows) + 60);
        let rows: Vec<(String, String)> = (0..args.rows)
            .map(|i| {
                let at = base + chrono::Duration::seconds(i64::from(i));
                (
                    format!("list-{i:06}"),
                    at.to_rfc3339_opts(SecondsFormat::Secs, false),
                )
            })
            .collect();
        let payload = json!({
            "owner_id": owner_id,
            "node_id": node_id,
            "image_id": image_id,
            "spec_id": spec_id,
            "image_address": self.image,
            "rows": rows,
        });
        let payload_path = self.work_dir.join("rows.json");
        std::fs::write(&payload_path, payload.to_string())
            .with_context(|| format!("cannot write {}", payload_path.display()))?;
        let out = std::process::Command::new(&args.python)
            .arg("-c")
            .arg(INSERT_ROWS_PY)
            .arg(&db)
            .arg(&payload_path)
            .output()
            .with_context(|| {
                format!(
                    "cannot run `{}` (Python 3 with sqlite3 is needed; pass --python <path>)",
                    args.python
                )
            })?;
        if !out.status.success() {
            bail!(
                "inserting the rows failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        let total = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        ensure!(
            total == args.rows.to_string(),
            "the instances table holds {total} rows after the insert, expected {}",
            args.rows
        );
        Ok(())
    }

    // ---- raw docker -------------------------------------------------------

    /// `docker run -d` with the spec's limits; answers the time to its return.
    async fn raw_run(&mut self) -> Result<Duration> {
        let (took, out) = self
            .docker
            .timed(&[
                "run",
                "-d",
                "--memory",
                RAW_MEMORY,
                "--cpus",
                RAW_CPUS,
                &self.image,
                "sleep",
                "3600",
            ])
            .await?;
        let id = out.lines().last().unwrap_or_default().trim().to_owned();
        ensure!(!id.is_empty(), "docker run printed no container id");
        self.raw.push(id);
        Ok(took)
    }

    async fn remove_raw(&mut self) -> Result<()> {
        let ids = std::mem::take(&mut self.raw);
        let failed = self.docker.remove(&ids).await;
        ensure!(
            failed == 0,
            "{failed} raw container(s) could not be removed"
        );
        Ok(())
    }

    async fn ps(&self) -> Result<Duration> {
        let (took, _) = self
            .docker
            .timed(&["ps", "-a", "--filter", "label=tianqi.managed=true"])
            .await?;
        Ok(took)
    }

    /// One `docker ps -a` per node, all started at once; the wall time.
    async fn ps_all_at_once(&self, n: usize) -> Result<Duration> {
        let mut set = JoinSet::new();
        let started = Instant::now();
        for _ in 0..n {
            let docker = self.docker.clone();
            set.spawn(async move {
                docker
                    .timed(&["ps", "-a", "--filter", "label=tianqi.managed=true"])
                    .await
            });
        }
        while let Some(joined) = set.join_next().await {
            joined.context("a docker ps task failed")??;
        }
        Ok(started.elapsed())
    }

    // ---- clean-up ---------------------------------------------------------

    /// Removes whatever this run still has on the engine: instances through
    /// the API while the server runs (their containers by hand otherwise),
    /// raw containers by hand; then stops the server and the silent listener.
    async fn cleanup(&mut self) -> Result<()> {
        let mut problems = Vec::new();
        if !self.instances.is_empty() {
            if self.server.is_some() {
                say(format!(
                    "clean-up: deleting {} instance(s)",
                    self.instances.len()
                ));
                if let Err(e) = self.delete_instances().await {
                    say(format!("clean-up: {e:#}"));
                }
            }
            let containers: Vec<String> = std::mem::take(&mut self.instances)
                .into_iter()
                .map(|(_, c)| c)
                .filter(|c| !c.is_empty())
                .collect();
            if !containers.is_empty() {
                say(format!(
                    "clean-up: removing {} instance container(s) with docker rm -f",
                    containers.len()
                ));
                let failed = self.docker.remove(&containers).await;
                if failed > 0 {
                    problems.push(format!("{failed} instance container(s) left behind"));
                }
            }
        }
        if !self.raw.is_empty() {
            if let Err(e) = self.remove_raw().await {
                problems.push(format!("{e:#}"));
            }
        }
        if let Some(h) = self.dead_listener.take() {
            h.abort();
        }
        if let Err(e) = self.stop() {
            problems.push(format!("stopping the server: {e:#}"));
        }
        ensure!(problems.is_empty(), "clean-up: {}", problems.join("; "));
        Ok(())
    }
}

fn node_body(name: &str, address: &str, use_tls: bool) -> serde_json::Value {
    json!({
        "name": name,
        "public_ip": "127.0.0.1",
        "private_ip": "127.0.0.1",
        "docker_address": address,
        "use_tls": use_tls,
        "cpu_cores": 64,
        "memory_gb": 64,
        "system_disk_gb": 1000,
    })
}

fn ensure_connected(node: &NodeView) -> Result<()> {
    ensure!(
        node.docker_status == "connected",
        "node {} ({}) is {}: {}",
        node.name,
        node.id,
        node.docker_status,
        node.docker_error
    );
    Ok(())
}

/// A 2 s warm-up, then the measured run; both must be all 2xx.
async fn warm_then_run(run: &WrkRun<'_>, what: &str) -> Result<WrkReport> {
    WrkRun {
        duration: WARMUP,
        ..run.clone()
    }
    .run()
    .await?
    .check_clean(&format!("warm-up {what}"))?;
    let report = run.run().await?;
    report.check_clean(what)?;
    Ok(report)
}
