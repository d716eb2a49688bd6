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
mod report;

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
use tianqi_bench::server::Server;
use tianqi_bench::wrk::{WrkReport, WrkRun};
use tianqi_core::instance::InstanceStatus;
use tianqi_store::{NewInstance, Store, StoreOptions};
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
            .api
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
            .api
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
        self.insert_rows(args, &data_dir, owner_id, node.id, image_id, spec_id)
            .await?;
        let timeout = DEAD_TIMEOUT_SECS.to_string();
        self.start(&[("TIANQI_NODES_TIMEOUT_SECS", &timeout)])
            .await?;

        let path = "/api/v1/instances?page_size=20";
        let page: Page<InstanceView> = self.api.get(path).await?;
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

        let url = self.api.url(path);
        let healthz_url = self.api.url("/healthz");
        let no_headers: Vec<String> = Vec::new();
        let auth = self.api.header_lines();
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
        say(format!(
            "server pid {} on {}",
            server.pid(),
            server.base_url
        ));
        let mut api = Client::new(self.http.clone(), server.base_url.clone());
        self.server = Some(server);
        api.login(&self.password).await?;
        self.api = api;
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
            let page: Page<NodeView> = self.api.get("/api/v1/nodes?page_size=500").await?;
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

    async fn create_node(&self, name: &str, address: &str) -> Result<NodeView> {
        self.api
            .post("/api/v1/nodes", &node_body(name, address, false))
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
        let path = "/api/v1/instances";
        let started = Instant::now();
        let req = self.api.request(Method::POST, path).json(&body);
        let res = api::send(req, &Method::POST, path).await?;
        let took = started.elapsed();
        let inst: InstanceView = api::read_json(res, &Method::POST, path)
            .await
            .with_context(|| format!("creating instance {name}"))?;
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
            if let Err(e) = self.api.delete(&path).await {
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
        let shared = Arc::new(self.api.clone());
        let started = Instant::now();
        for &id in nodes {
            let api = Arc::clone(&shared);
            let url = format!("{}/api/v1/nodes/{id}/test", api.base());
            set.spawn(async move {
                let t = Instant::now();
                let res = api.request_url(Method::POST, &url).send().await;
                let took = t.elapsed();
                let node: Result<NodeView> = match res {
                    Ok(r) => api::read_json(r, &Method::POST, &url).await,
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
            .api
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

    /// Inserts `--rows` instance rows (status `running`, no container) on
    /// `node_id` through the store crate, then checks that the instances
    /// table holds exactly that many rows.
    ///
    /// The store opens the file as the server does (WAL, a busy timeout), so
    /// this is also safe while a server has it open; each row is written by
    /// the store's own `insert_instance` (as `creating`) and then marked
    /// `running`, and nothing on the server reconciles these rows meanwhile:
    /// their node's engine does not exist.
    async fn insert_rows(
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
        let opts = StoreOptions {
            max_connections: 1,
            ..StoreOptions::default()
        };
        let store = Store::open(&Store::sqlite_url(data_dir), &opts)
            .await
            .with_context(|| format!("cannot open {}", db.display()))?;
        let inserted = seed_rows(
            &store,
            args.rows,
            &self.image,
            owner_id,
            node_id,
            image_id,
            spec_id,
        )
        .await;
        let total = match inserted {
            Ok(()) => store
                .count_instances(None, None)
                .await
                .context("counting the instance rows"),
            Err(e) => Err(e),
        };
        store.close().await;
        let total = total?;
        ensure!(
            total == i64::from(args.rows),
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

/// `rows` rows named `list-000000`.., created a second apart ending a minute
/// ago, each inserted and then set `running` with the store's own calls.
async fn seed_rows(
    store: &Store,
    rows: u32,
    image_address: &str,
    owner_id: i64,
    node_id: i64,
    image_id: i64,
    spec_id: i64,
) -> Result<()> {
    let base = Utc::now() - chrono::Duration::seconds(i64::from(rows) + 60);
    for i in 0..rows {
        let at = base + chrono::Duration::seconds(i64::from(i));
        let row = NewInstance {
            name: format!("list-{i:06}"),
            owner_id,
            node_id,
            image_id,
            spec_id,
            image_address: image_address.to_owned(),
            cpu_milli: ROW_CPU_MILLI,
            memory_mib: ROW_MEMORY_MIB,
            system_disk_gb: 0,
            data_disk_gb: 0,
            gpus: Vec::new(),
            gpu_split: false,
            remark: String::new(),
            stop_at: None,
            stop_after_secs: None,
            now: at,
        };
        let inst = store
            .insert_instance(&row)
            .await
            .with_context(|| format!("inserting instance row {}", row.name))?;
        store
            .set_instance_status(inst.id, InstanceStatus::Running, "", at)
            .await
            .with_context(|| format!("marking instance row {} running", row.name))?;
    }
    Ok(())
}
