//! `bench-workspaces`: the MATLAB compat API of a real `tianqi` server on a
//! real Docker engine, each figure beside a baseline measured in the same run:
//!
//! 1. `/create` → both probes healthy (polling `/health`), against a raw
//!    `docker run -d` of the same image with the same limits and published
//!    ports, polled with the same two probes straight from this program;
//! 2. `GET /list` with 100 workspaces (one client, requests back to back, as
//!    the old front end calls it), against `/healthz` on the same server;
//! 3. `GET /health` of running workspaces, against the two raw probes it
//!    performs (HTTP GET on the http port, TCP connect on the ws port).
//!
//! Needs the test Docker engine (`scripts/testenv.sh up`, `source
//! target/testenv/env`). Build and run from the workspace root:
//! `cargo build --release -p tianqi -p tianqi-bench && target/release/bench-workspaces`

#![forbid(unsafe_code)]

#[path = "../instances/docker.rs"]
#[allow(dead_code)]
mod docker;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use clap::Parser;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tianqi_bench::api::{self, Client};
use tianqi_bench::report::{ms, ratio};
use tianqi_bench::server::Server;
use tianqi_bench::stats::{median_ms, percentile_ms};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::docker::DockerCli;

const WORKSPACE_ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
const IMAGE: &str = "tianqi-test/workspace:latest";
/// Host port blocks away from the API tests' (20000–22399) and the kernel's
/// ephemeral range (32768+).
const HTTP_BASE: u16 = 24000;
const WS_BASE: u16 = 24200;
const RAW_HTTP_BASE: u16 = 24400;
const RAW_WS_BASE: u16 = 24600;
const CPUS: &str = "0.1";
const MEMORY: &str = "32m";
const SHM: &str = "16m";
const POLL: Duration = Duration::from_millis(20);
const READY_TIMEOUT: Duration = Duration::from_secs(60);

/// Benchmark the workspace compat API against raw Docker and raw probes.
#[derive(Debug, Parser)]
#[command(name = "bench-workspaces")]
struct Args {
    /// The `tianqi` binary [default: target/release/tianqi in the workspace]
    #[arg(long, value_name = "PATH")]
    server: Option<PathBuf>,
    /// Docker engine (unix socket URL) to run the containers on
    #[arg(long, value_name = "URL", env = "TQ_TEST_DOCKER_HOST")]
    docker_host: String,
    /// Base image the workspace test image is built from (busybox with httpd and nc)
    #[arg(long, value_name = "REF", env = "TQ_TEST_BUSYBOX_IMAGE")]
    busybox: String,
    /// Sequential create → healthy runs measured, each way
    #[arg(long, default_value_t = 10)]
    creates: u16,
    /// Workspaces in place for the list benchmark
    #[arg(long, default_value_t = 100)]
    workspaces: u16,
    /// Requests for each latency figure
    #[arg(long, default_value_t = 2000)]
    requests: usize,
    /// Also write the Markdown table to this file
    #[arg(long, value_name = "FILE")]
    markdown_out: Option<PathBuf>,
    /// The docker CLI to run
    #[arg(long, default_value = "docker")]
    docker: String,
}

async fn probe_http(port: u16) -> bool {
    let attempt = async {
        let mut s = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
        s.write_all(b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .await
            .ok()?;
        let mut buf = [0u8; 12];
        s.read_exact(&mut buf).await.ok()?;
        Some(buf.starts_with(b"HTTP/1."))
    };
    matches!(
        tokio::time::timeout(Duration::from_secs(2), attempt).await,
        Ok(Some(true))
    )
}

async fn probe_tcp(port: u16) -> bool {
    matches!(
        tokio::time::timeout(
            Duration::from_secs(2),
            TcpStream::connect(("127.0.0.1", port))
        )
        .await,
        Ok(Ok(_))
    )
}

struct Bench {
    /// Anonymous: the compat API admits this program by its loopback address.
    api: Client,
}

impl Bench {
    async fn create(&self, user: u16) -> Result<Value> {
        self.api
            .post(
                "/compat/matlab/create",
                &json!({"user_id": user, "session_id": "bench"}),
            )
            .await
            .with_context(|| format!("creating the workspace of user {user}"))
    }

    /// Both probes healthy; any other answer (not yet, or an error) is false.
    async fn healthy(&self, name: &str) -> Result<bool> {
        let path = format!("/compat/matlab/health/{name}");
        let res = api::send(self.api.request(Method::GET, &path), &Method::GET, &path).await?;
        let st = res.status();
        let h: Value = res.json().await.unwrap_or(Value::Null);
        Ok(st == StatusCode::OK
            && h["web_service"] == "healthy"
            && h["websocket_service"] == "healthy")
    }

    /// `n` sequential GETs of `path`, each timed.
    async fn latencies(&self, path: &str, n: usize) -> Result<Vec<Duration>> {
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let t = Instant::now();
            let res = api::send(self.api.request(Method::GET, path), &Method::GET, path).await?;
            api::check(res, &Method::GET, path).await?.bytes().await?;
            out.push(t.elapsed());
        }
        Ok(out)
    }
}

fn build_image(docker: &DockerCli, busybox: &str) -> impl std::future::Future<Output = Result<()>> {
    let docker = docker.clone();
    let busybox = busybox.to_owned();
    async move {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir(dir.path().join("www"))?;
        std::fs::write(dir.path().join("www/index.html"), "workspace ok\n")?;
        std::fs::write(
            dir.path().join("Dockerfile"),
            format!(
                "FROM {busybox}\nCOPY www /www\n\
                 CMD [\"sh\", \"-c\", \"httpd -p 8888 -h /www && exec nc -ll -p 8765 -e cat\"]\n"
            ),
        )?;
        docker
            .run(&[
                "build",
                "-q",
                "-t",
                IMAGE,
                &dir.path().display().to_string(),
            ])
            .await?;
        Ok(())
    }
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    ensure!(
        args.workspaces >= args.creates && args.workspaces <= 100,
        "--workspaces must be between --creates and 100"
    );
    let binary = args
        .server
        .clone()
        .unwrap_or_else(|| PathBuf::from(WORKSPACE_ROOT).join("target/release/tianqi"));
    ensure!(
        binary.exists(),
        "{} not found: cargo build --release -p tianqi",
        binary.display()
    );
    let socket = args
        .docker_host
        .strip_prefix("unix://")
        .context("--docker-host must be a unix:// URL (the server registers it as node `local`)")?
        .to_owned();
    let docker = DockerCli::new(&args.docker, &args.docker_host);
    build_image(&docker, &args.busybox).await?;

    let work = tempfile::tempdir()?;
    let tag: u32 = rand::random();
    let prefix = format!("tqbench-{tag:08x}-u");
    let data_root = work.path().join("ws-data").display().to_string();
    let template = format!("{prefix}{{user_id}}");
    let http_base = HTTP_BASE.to_string();
    let ws_base = WS_BASE.to_string();
    let env = [
        ("TIANQI_NODES_LOCAL_SOCKET", socket.as_str()),
        ("TIANQI_NODES_CHECK_INTERVAL_SECS", "3600"),
        ("TIANQI_WORKSPACES_IMAGE", IMAGE),
        ("TIANQI_WORKSPACES_NAME_TEMPLATE", template.as_str()),
        ("TIANQI_WORKSPACES_HTTP_PORT_BASE", http_base.as_str()),
        ("TIANQI_WORKSPACES_WS_PORT_BASE", ws_base.as_str()),
        ("TIANQI_WORKSPACES_DATA_ROOT", data_root.as_str()),
        ("TIANQI_WORKSPACES_CPUS", CPUS),
        ("TIANQI_WORKSPACES_MEMORY", MEMORY),
        ("TIANQI_WORKSPACES_SHM_SIZE", SHM),
    ];
    let mut server = Server::start_with_env(&binary, work.path(), "bench-admin-password", &env)?;
    let http = reqwest::Client::new();
    server.wait_healthy(&http).await?;
    let bench = Bench {
        api: Client::new(http, server.base_url.clone()),
    };
    let result = run(&args, &bench, &docker, &prefix).await;
    // Clean up whatever happened: the name filter matches both Tianqi's
    // workspaces (`{prefix}<user>`) and the raw containers (`{prefix}raw<i>`),
    // each once (naming a container twice in one `docker rm` fails).
    let leftovers = docker
        .run(&["ps", "-aq", "--filter", &format!("name=^/{prefix}")])
        .await
        .unwrap_or_default();
    let ids: Vec<String> = leftovers.split_whitespace().map(str::to_owned).collect();
    docker.remove(&ids).await;
    server.stop()?;
    let table = result?;
    println!("{table}");
    if let Some(path) = &args.markdown_out {
        std::fs::write(path, &table)?;
    }
    Ok(())
}

async fn run(args: &Args, b: &Bench, docker: &DockerCli, prefix: &str) -> Result<String> {
    // 1. create → both probes healthy, against docker run → both raw probes.
    let mut ours = Vec::new();
    let mut create_only = Vec::new();
    let mut raw = Vec::new();
    let mut raw_run = Vec::new();
    for i in 1..=args.creates {
        let t = Instant::now();
        let created = b.create(i).await?;
        create_only.push(t.elapsed());
        let name = created["container_id"]
            .as_str()
            .context("container_id")?
            .to_owned();
        while !b.healthy(&name).await? {
            ensure!(t.elapsed() < READY_TIMEOUT, "{name} never became healthy");
            tokio::time::sleep(POLL).await;
        }
        ours.push(t.elapsed());

        let (hp, wp) = (RAW_HTTP_BASE + i, RAW_WS_BASE + i);
        let t = Instant::now();
        docker
            .run(&[
                "run",
                "-d",
                "--name",
                &format!("{prefix}raw{i}"),
                "--init",
                "--cpus",
                CPUS,
                "--memory",
                MEMORY,
                "--memory-swap",
                MEMORY,
                "--shm-size",
                SHM,
                "-p",
                &format!("{hp}:8888"),
                "-p",
                &format!("{wp}:8765"),
                IMAGE,
            ])
            .await?;
        raw_run.push(t.elapsed());
        loop {
            let (web, ws) = tokio::join!(probe_http(hp), probe_tcp(wp));
            if web && ws {
                break;
            }
            ensure!(
                t.elapsed() < READY_TIMEOUT,
                "raw container {i} never became healthy"
            );
            tokio::time::sleep(POLL).await;
        }
        raw.push(t.elapsed());
    }

    // 2. /list with all workspaces in place.
    let rest: Vec<u16> = (args.creates + 1..=args.workspaces).collect();
    for chunk in rest.chunks(10) {
        let calls = chunk.iter().map(|u| b.create(*u));
        for r in futures::future::join_all(calls).await {
            r?;
        }
    }
    let list: Value = b.api.get("/compat/matlab/list").await?;
    let total = list["total"].as_u64().unwrap_or(0);
    if total != u64::from(args.workspaces) {
        bail!(
            "expected {} workspaces, /list says {total}",
            args.workspaces
        );
    }
    b.latencies("/compat/matlab/list", 200).await?; // warm-up
    let list_lat = b.latencies("/compat/matlab/list", args.requests).await?;
    let healthz_lat = b.latencies("/healthz", args.requests).await?;

    // 3. /health against the raw probes it performs, on running workspaces.
    let n = (args.requests / 4).max(50);
    let mut health_lat = Vec::with_capacity(n);
    let mut probe_lat = Vec::with_capacity(n);
    for k in 0..n {
        let user = (k as u16 % args.workspaces) + 1;
        let name = format!("{prefix}{user}");
        let t = Instant::now();
        ensure!(
            b.healthy(&name).await?,
            "{name} unhealthy during the benchmark"
        );
        health_lat.push(t.elapsed());
        let t = Instant::now();
        let (web, ws) = tokio::join!(probe_http(HTTP_BASE + user), probe_tcp(WS_BASE + user));
        ensure!(web && ws, "raw probes failed for user {user}");
        probe_lat.push(t.elapsed());
    }

    let when = chrono::Utc::now().format("%Y-%m-%d %H:%M UTC");
    let mut s = format!(
        "Latest run ({when}), {} workspaces, one client, requests back to back:\n\n\
         | benchmark | Tianqi | baseline | ratio |\n|---|---|---|---|\n",
        args.workspaces
    );
    s.push_str(&format!(
        "| /create → both probes healthy, median of {} (baseline: `docker run -d` same image, limits, ports → same probes) | {} | {} | {} |\n",
        args.creates,
        ms(median_ms(&ours)),
        ms(median_ms(&raw)),
        ratio(median_ms(&ours), median_ms(&raw))
    ));
    s.push_str(&format!(
        "| the /create call alone, median (baseline: the `docker run -d` command alone) | {} | {} | {} |\n",
        ms(median_ms(&create_only)),
        ms(median_ms(&raw_run)),
        ratio(median_ms(&create_only), median_ms(&raw_run))
    ));
    s.push_str(&format!(
        "| /create → healthy, p99 | {} | {} | {} |\n",
        ms(percentile_ms(&ours, 99.0)),
        ms(percentile_ms(&raw, 99.0)),
        ratio(percentile_ms(&ours, 99.0), percentile_ms(&raw, 99.0))
    ));
    for (label, p) in [("p50", 50.0), ("p99", 99.0)] {
        s.push_str(&format!(
            "| GET /list ({} workspaces) {label} (baseline: /healthz) | {} | {} | {} |\n",
            args.workspaces,
            ms(percentile_ms(&list_lat, p)),
            ms(percentile_ms(&healthz_lat, p)),
            ratio(percentile_ms(&list_lat, p), percentile_ms(&healthz_lat, p))
        ));
    }
    for (label, p) in [("p50", 50.0), ("p99", 99.0)] {
        s.push_str(&format!(
            "| GET /health {label} (baseline: the raw HTTP GET + TCP connect it performs) | {} | {} | {} |\n",
            ms(percentile_ms(&health_lat, p)),
            ms(percentile_ms(&probe_lat, p)),
            ratio(percentile_ms(&health_lat, p), percentile_ms(&probe_lat, p))
        ));
    }
    let p99 = percentile_ms(&list_lat, 99.0);
    s.push_str(&format!(
        "\n**Target: /list p99 < 5 ms with 100 workspaces — {} ({}).**\n",
        if p99 < 5.0 { "met" } else { "not met" },
        ms(p99)
    ));
    Ok(s)
}
