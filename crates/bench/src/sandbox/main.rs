//! `bench-sandbox`: Python `print("hi")` through `POST /api/v2/execute` (warm
//! pool of single-use containers) against the seed's approach — one
//! `docker run -i --rm` per request with the same limits, the code piped in —
//! measured in the same run, at concurrency 1 and 8.
//!
//! Needs the test Docker engine and the sandbox image: `scripts/testenv.sh up`
//! and `source target/testenv/env`. From the workspace root:
//! `cargo build --release -p tianqi -p tianqi-bench && target/release/bench-sandbox`

#![forbid(unsafe_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use clap::Parser;
use reqwest::Method;
use serde_json::{json, Value};
use tianqi_bench::api::{self, Client};
use tianqi_bench::report::{ms, ratio};
use tianqi_bench::server::Server;
use tianqi_bench::stats::percentile_ms;

const WORKSPACE_ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
const IMAGE: &str = "tianqi/sandbox:bookworm";
const CODE: &str = "print(\"hi\")";

#[derive(Parser)]
#[command(name = "bench-sandbox")]
struct Args {
    /// Sequential runs at concurrency 1 (each side).
    #[arg(long, default_value_t = 40)]
    sequential: usize,
    /// Seconds of sustained load at concurrency 8 (each side).
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// Warm containers per runtime on the Tianqi side.
    #[arg(long, default_value_t = 8)]
    pool: usize,
}

struct Side {
    c1: Vec<Duration>,
    c8: Vec<Duration>,
    c8_elapsed: Duration,
}

impl Side {
    fn rate(&self) -> f64 {
        self.c8.len() as f64 / self.c8_elapsed.as_secs_f64()
    }
}

/// The engine's own ceiling for one-container-per-run: create + start +
/// remove of a container with the sandbox's isolation settings, nothing run in
/// it, `workers` at a time for `seconds`, straight through the API.
async fn container_cycles(host: &str, seconds: u64, workers: usize) -> Result<(usize, Duration)> {
    use bollard::container::{Config, RemoveContainerOptions};
    use bollard::models::{HostConfig, HostConfigLogConfig};
    let address = tianqi_core::catalog::address::DockerAddress::parse("docker", host)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let docker = tianqi_docker::connect(
        &tianqi_docker::Endpoint { address, tls: None },
        Duration::from_secs(30),
    )?;
    let config = Config {
        image: Some(IMAGE.to_owned()),
        cmd: Some(vec!["sleep".into(), "3600".into()]),
        user: Some("65534:65534".into()),
        labels: Some([("tianqi.bench".to_owned(), "cycle".to_owned())].into()),
        network_disabled: Some(true),
        host_config: Some(HostConfig {
            network_mode: Some("none".into()),
            readonly_rootfs: Some(true),
            tmpfs: Some(
                [(
                    "/tmp".to_owned(),
                    "rw,exec,nosuid,nodev,size=64m,mode=1777".to_owned(),
                )]
                .into(),
            ),
            memory: Some(128 << 20),
            memory_swap: Some(128 << 20),
            nano_cpus: Some(1_000_000_000),
            pids_limit: Some(64),
            cap_drop: Some(vec!["ALL".into()]),
            security_opt: Some(vec!["no-new-privileges".into()]),
            log_config: Some(HostConfigLogConfig {
                typ: Some("none".into()),
                config: None,
            }),
            ..Default::default()
        }),
        ..Default::default()
    };
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..workers {
        let (docker, config, stop) = (docker.clone(), config.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = 0usize;
            while !stop.load(Ordering::Relaxed) {
                let id = docker
                    .create_container::<String, String>(None, config.clone())
                    .await?
                    .id;
                docker.start_container::<String>(&id, None).await?;
                let rm = RemoveContainerOptions {
                    force: true,
                    ..Default::default()
                };
                docker.remove_container(&id, Some(rm)).await?;
                n += 1;
            }
            anyhow::Ok(n)
        }));
    }
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let mut total = 0;
    for t in tasks {
        total += t.await??;
    }
    Ok((total, start.elapsed()))
}

fn docker_host() -> Result<String> {
    std::env::var("TQ_TEST_DOCKER_HOST").context(
        "TQ_TEST_DOCKER_HOST is not set: run scripts/testenv.sh up and source target/testenv/env",
    )
}

/// The seed's approach: the docker CLI, code on stdin, the same limits.
fn docker_run_once(host: &str) -> Result<Duration> {
    let t = Instant::now();
    let mut child = Command::new("docker")
        .args([
            "-H",
            host,
            "run",
            "-i",
            "--rm",
            "--network",
            "none",
            "--read-only",
        ])
        .args(["--tmpfs", "/tmp:rw,exec,nosuid,nodev,size=64m,mode=1777"])
        .args([
            "--memory",
            "128m",
            "--memory-swap",
            "128m",
            "--cpus",
            "1",
            "--pids-limit",
            "64",
        ])
        .args([
            "--cap-drop",
            "ALL",
            "--security-opt",
            "no-new-privileges",
            "--user",
            "65534:65534",
        ])
        .args([IMAGE, "python3", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("docker run")?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(CODE.as_bytes())?;
    }
    let out = child.wait_with_output()?;
    ensure!(
        out.status.success() && out.stdout == b"hi\n",
        "docker run answered {:?}: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(t.elapsed())
}

async fn execute_once(api: &Client) -> Result<Duration> {
    const PATH: &str = "/api/v2/execute";
    let t = Instant::now();
    let req = api
        .request(Method::POST, PATH)
        .json(&json!({"language": "python", "version": "*", "files": [{"content": CODE}]}));
    let res = api::send(req, &Method::POST, PATH).await?;
    let v: Value = api::read_json(res, &Method::POST, PATH).await?;
    ensure!(v["run"]["stdout"] == "hi\n", "POST {PATH} answered {v}");
    Ok(t.elapsed())
}

async fn sustained<F, Fut>(seconds: u64, workers: usize, f: F) -> Result<(Vec<Duration>, Duration)>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<Duration>> + Send,
{
    let f = Arc::new(f);
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..workers {
        let (f, stop) = (f.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let mut samples = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                samples.push(f().await?);
            }
            anyhow::Ok(samples)
        }));
    }
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    Ok((all, start.elapsed()))
}

/// Containers of this server's installation still on the engine (other
/// servers may share the engine; their containers are not ours to count).
fn leftovers(host: &str, install_id: &str) -> Result<usize> {
    let label = format!("label=tianqi.sandbox={install_id}");
    let out = Command::new("docker")
        .args(["-H", host, "ps", "-aq", "--filter", &label])
        .output()?;
    Ok(String::from_utf8_lossy(&out.stdout).lines().count())
}

#[tokio::main]
async fn main() {
    if let Err(e) = run(Args::parse()).await {
        eprintln!("bench-sandbox: error: {e:#}");
        std::process::exit(1);
    }
}

async fn run(args: Args) -> Result<()> {
    let host = docker_host()?;
    let binary = PathBuf::from(WORKSPACE_ROOT).join("target/release/tianqi");
    ensure!(
        binary.exists(),
        "build first: cargo build --release -p tianqi -p tianqi-bench"
    );
    let work = tempfile::Builder::new()
        .prefix("tianqi-bench-sandbox-")
        .tempdir()?;
    let password = "bench-sandbox-password";
    let pool = args.pool.to_string();
    let mut server = Server::start_with_env(
        &binary,
        work.path(),
        password,
        &[
            ("TIANQI_NODES_LOCAL_SOCKET", ""),
            ("TIANQI_SANDBOX_DOCKER_HOST", &host),
            ("TIANQI_SANDBOX_POOL_SIZE", &pool),
            ("TIANQI_SANDBOX_MAX_CONCURRENT", "8"),
            ("TIANQI_SANDBOX_MAX_QUEUE", "64"),
        ],
    )?;
    let http = reqwest::Client::new();
    server.wait_healthy(&http).await?;
    let mut api = Client::new(http, server.base_url.clone());
    api.login(password).await?;

    // Wait for the python pool to be full: the steady state being measured.
    let deadline = Instant::now() + Duration::from_secs(60);
    let install_id;
    loop {
        let v: Value = api.get("/api/v1/sandbox/status").await?;
        let warm = v["pools"]["runtimes"][0]["warm"].as_u64().unwrap_or(0);
        if warm as usize >= args.pool {
            install_id = v["pools"]["install_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            break;
        }
        if Instant::now() > deadline {
            bail!("the pool did not fill in 60 s: {v}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    eprintln!("bench-sandbox: pool warm; Tianqi at concurrency 1");
    let mut c1 = Vec::new();
    for _ in 0..args.sequential {
        c1.push(execute_once(&api).await?);
        // Let the pool refill between runs: this row measures a warm pool.
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    eprintln!(
        "bench-sandbox: Tianqi at concurrency 8 for {} s",
        args.seconds
    );
    let (c8, c8_elapsed) = {
        let api = api.clone();
        sustained(args.seconds, 8, move || {
            let api = api.clone();
            async move { execute_once(&api).await }
        })
        .await?
    };
    let ours = Side { c1, c8, c8_elapsed };
    server.stop()?;
    // Removal is asynchronous to the answers; shutdown reaps the rest.
    let left = leftovers(&host, &install_id)?;

    eprintln!("bench-sandbox: docker run at concurrency 1");
    let mut c1 = Vec::new();
    for _ in 0..args.sequential.min(20) {
        let h = host.clone();
        c1.push(tokio::task::spawn_blocking(move || docker_run_once(&h)).await??);
    }
    eprintln!(
        "bench-sandbox: docker run at concurrency 8 for {} s",
        args.seconds
    );
    let (c8, c8_elapsed) = {
        let host = host.clone();
        sustained(args.seconds, 8, move || {
            let h = host.clone();
            async move { tokio::task::spawn_blocking(move || docker_run_once(&h)).await? }
        })
        .await?
    };
    let base_side = Side { c1, c8, c8_elapsed };

    eprintln!("bench-sandbox: the engine's container cycle rate (create + start + remove) at concurrency 8 for {} s", args.seconds);
    let (cycles, cycles_elapsed) = container_cycles(&host, args.seconds, 8).await?;
    let ceiling = cycles as f64 / cycles_elapsed.as_secs_f64();

    let row = |name: &str, o: f64, b: f64, fmt: &dyn Fn(f64) -> String| {
        format!("| {name} | {} | {} | {} |", fmt(o), fmt(b), ratio(o, b))
    };
    let rate = |v: f64| format!("{v:.1} runs/s");
    let p = |s: &[Duration], q| percentile_ms(s, q);
    let p50_ratio = p(&base_side.c1, 50.0) / p(&ours.c1, 50.0).max(0.001);
    println!("| Python `print(\"hi\")` | Tianqi `/api/v2/execute` (warm pool) | `docker run -i --rm`, same limits | Tianqi ÷ baseline |");
    println!("|---|---|---|---|");
    println!(
        "{}",
        row(
            "concurrency 1: p50",
            p(&ours.c1, 50.0),
            p(&base_side.c1, 50.0),
            &ms
        )
    );
    println!(
        "{}",
        row(
            "concurrency 1: p99",
            p(&ours.c1, 99.0),
            p(&base_side.c1, 99.0),
            &ms
        )
    );
    println!(
        "{}",
        row(
            "concurrency 8: p50",
            p(&ours.c8, 50.0),
            p(&base_side.c8, 50.0),
            &ms
        )
    );
    println!(
        "{}",
        row(
            "concurrency 8: p99",
            p(&ours.c8, 99.0),
            p(&base_side.c8, 99.0),
            &ms
        )
    );
    println!(
        "{}",
        row(
            "concurrency 8: sustained",
            ours.rate(),
            base_side.rate(),
            &rate
        )
    );
    println!();
    println!(
        "the engine's ceiling for one container per run (create + start + remove, nothing run, concurrency 8): {ceiling:.1} containers/s; Tianqi sustained {:.1} runs/s = {:.0}% of it",
        ours.rate(),
        100.0 * ours.rate() / ceiling.max(0.001)
    );
    println!(
        "runs: {} + {} (Tianqi), {} + {} (docker run); labelled containers left after shutdown: {left}",
        ours.c1.len(),
        ours.c8.len(),
        base_side.c1.len(),
        base_side.c8.len()
    );
    println!(
        "targets: p50 ≥ 5× lower than docker run: {} ({p50_ratio:.1}×); ≥ 20 runs/s sustained: {} ({:.1}); zero left: {}",
        if p50_ratio >= 5.0 { "met" } else { "NOT met" },
        if ours.rate() >= 20.0 { "met" } else { "NOT met" },
        ours.rate(),
        if left == 0 { "met" } else { "NOT met" }
    );
    Ok(())
}
