//! `bench-jumpbox`: the SSH jump host of a real `tianqi` server with Debian's
//! OpenSSH client (and sshpass) against a real container, each figure beside a
//! baseline measured in the same run:
//!
//! 1. connect → menu → quit (`ssh -T admin`, password auth) — p50, no baseline
//!    (nothing else offers the menu);
//! 2. a command in the instance: `ssh admin+NAME true` against
//!    `docker exec CONTAINER true` on the host — p50 each, and the ratio;
//! 3. 200 MB of output: `ssh admin+NAME 'head -c 200000000 /dev/zero'` against
//!    the same through `docker exec` — MB/s each and the ratio (target ≥ 0.5×);
//! 4. N concurrent shells (`ssh -tt admin+NAME`, held open): the server's RSS
//!    growth per session.
//!
//! Needs the test engine: `scripts/testenv.sh up` and
//! `source target/testenv/env`. Build and run from the workspace root:
//! `cargo build --release -p tianqi -p tianqi-bench && target/release/bench-jumpbox`

#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use clap::Parser;
use serde::Deserialize;
use serde_json::json;
use tianqi_bench::api::Client;
use tianqi_bench::server::Server;
use tianqi_bench::stats::{median_ms, percentile_ms};

const WORKSPACE_ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
const PASSWORD: &str = "bench-jumpbox-admin-pw";
const BYTES: u64 = 200_000_000;

#[derive(Debug, Parser)]
#[command(name = "bench-jumpbox")]
struct Args {
    /// The `tianqi` binary [default: target/release/tianqi in the workspace]
    #[arg(long, value_name = "PATH")]
    server: Option<PathBuf>,
    /// Docker engine to run the instance on
    #[arg(long, value_name = "URL", env = "TQ_TEST_DOCKER_HOST")]
    docker_host: String,
    /// Image of the instance (must be present on that engine)
    #[arg(long, value_name = "REF", env = "TQ_TEST_BUSYBOX_IMAGE")]
    image: String,
    /// Repetitions of the latency measurements
    #[arg(long, default_value_t = 20)]
    runs: usize,
    /// Concurrent sessions for the memory figure
    #[arg(long, default_value_t = 100)]
    sessions: usize,
}

#[derive(Deserialize)]
struct Id {
    id: i64,
}

#[derive(Deserialize)]
struct Inst {
    container_id: String,
    status: String,
}

#[derive(Deserialize)]
struct Info {
    port: u16,
}

fn ssh(port: u16, login: &str) -> Command {
    let mut c = Command::new("sshpass");
    c.args(["-p", PASSWORD, "ssh", "-p", &port.to_string()]);
    for o in [
        "StrictHostKeyChecking=no",
        "UserKnownHostsFile=/dev/null",
        "LogLevel=ERROR",
        "PreferredAuthentications=password",
        "PubkeyAuthentication=no",
    ] {
        c.args(["-o", o]);
    }
    c.arg(format!("{login}@127.0.0.1"));
    c
}

fn timed(mut c: Command, stdin: Option<&str>) -> Result<Duration> {
    let t = Instant::now();
    let mut child = c
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("spawn")?;
    if let Some(text) = stdin {
        use std::io::Write;
        if let Some(mut i) = child.stdin.take() {
            i.write_all(text.as_bytes())?;
        }
    } else {
        drop(child.stdin.take());
    }
    let st = child.wait()?;
    ensure!(st.success() || stdin.is_some(), "command failed: {st}");
    Ok(t.elapsed())
}

fn docker(host: &str) -> Command {
    let mut c = Command::new("docker");
    c.args(["-H", host]);
    c
}

fn mbps(d: Duration) -> f64 {
    BYTES as f64 / 1e6 / d.as_secs_f64()
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let args = Args::parse();
    let binary = args
        .server
        .clone()
        .unwrap_or_else(|| PathBuf::from(WORKSPACE_ROOT).join("target/release/tianqi"));
    if !binary.is_file() {
        bail!(
            "{} not found: build it with cargo build --release -p tianqi",
            binary.display()
        );
    }
    let work = tempfile::tempdir()?;
    let mut server = Server::start_with_env(
        &binary,
        work.path(),
        PASSWORD,
        &[
            ("TIANQI_NODES_LOCAL_SOCKET", ""),
            ("TIANQI_SESSIONS_MAX_PER_USER", "1000"),
            ("TIANQI_SESSIONS_MAX_TOTAL", "1000"),
        ],
    )?;
    let http = reqwest::Client::new();
    server.wait_healthy(&http).await?;
    let mut api = Client::new(http.clone(), server.base_url.clone());
    api.login(PASSWORD).await?;
    let node: Id = api
        .post("/api/v1/nodes", &json!({"name": "bench", "public_ip": "127.0.0.1", "private_ip": "127.0.0.1",
            "docker_address": args.docker_host, "cpu_cores": 2, "memory_gb": 8, "system_disk_gb": 100}))
        .await?;
    let image: Id = api
        .post("/api/v1/images", &json!({"name": "bench", "address": args.image, "keep_alive_command": ["sleep", "86400"]}))
        .await?;
    let spec: Id = api
        .post(
            "/api/v1/specs",
            &json!({"name": "bench", "cpu_cores": 1.0, "memory_gb": 2.0, "system_disk_gb": 5}),
        )
        .await?;
    let inst: Inst = api
        .post(
            "/api/v1/instances",
            &json!({"name": "jb", "image_id": image.id, "spec_id": spec.id, "node_id": node.id}),
        )
        .await?;
    ensure!(inst.status == "running", "instance is {}", inst.status);
    let info: Info = api.get("/api/v1/jumpbox/info").await?;
    let port = info.port;

    // 1. connect → menu → quit
    let mut menu = Vec::new();
    for _ in 0..args.runs {
        let mut c = ssh(port, "admin");
        c.arg("-T");
        menu.push(timed(c, Some("q\n"))?);
    }
    // 2. a command: through the jump host and through docker exec
    let (mut via, mut raw) = (Vec::new(), Vec::new());
    for _ in 0..args.runs {
        let mut c = ssh(port, "admin+jb");
        c.arg("true");
        via.push(timed(c, None)?);
        let mut d = docker(&args.docker_host);
        d.args(["exec", &inst.container_id, "true"]);
        raw.push(timed(d, None)?);
    }
    // 3. 200 MB of output
    let cmd = format!("head -c {BYTES} /dev/zero");
    let mut c = ssh(port, "admin+jb");
    c.arg(&cmd);
    let through = timed(c, None)?;
    let mut d = docker(&args.docker_host);
    d.args(["exec", &inst.container_id, "sh", "-c", &cmd]);
    let direct = timed(d, None)?;
    // 4. sessions held open
    let before = server.rss_kib()?;
    let mut held = Vec::new();
    let errors = work.path().join("held-stderr");
    std::fs::create_dir_all(&errors)?;
    for i in 0..args.sessions {
        let mut c = ssh(port, "admin+jb");
        c.arg("-tt");
        let err = std::fs::File::create(errors.join(i.to_string()))?;
        held.push(
            c.stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(err)
                .spawn()?,
        );
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut open = 0;
    while Instant::now() < deadline {
        // A pooled connection the server closed while the shells started
        // fails once; the next poll opens a new one.
        let Ok(s) = api
            .get::<Vec<serde_json::Value>>("/api/v1/jumpbox/sessions")
            .await
        else {
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        };
        open = s.iter().filter(|x| !x["instance_id"].is_null()).count();
        if open >= args.sessions {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let after = server.rss_kib()?;
    if open < args.sessions {
        // Why the others did not get in: each distinct complaint once.
        let mut seen = std::collections::BTreeMap::<String, usize>::new();
        for i in 0..args.sessions {
            let text = std::fs::read_to_string(errors.join(i.to_string())).unwrap_or_default();
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                *seen.entry(line.to_owned()).or_default() += 1;
            }
        }
        eprintln!(
            "only {open} of {} shells opened; their ssh said:",
            args.sessions
        );
        for (line, n) in seen {
            eprintln!("  {n}× {line}");
        }
        eprintln!("server log tail:\n{}", server.log_tail());
    }
    for mut h in held {
        let _ = h.kill();
        let _ = h.wait();
    }
    server.stop()?;
    let _ = docker(&args.docker_host)
        .args(["rm", "-f", &inst.container_id])
        .output();

    let (v, r) = (median_ms(&via), median_ms(&raw));
    let (t, dm) = (mbps(through), mbps(direct));
    println!(
        "bench-jumpbox ({} runs; binary {})",
        args.runs,
        binary.display()
    );
    println!("| measurement | jump host | baseline | ratio |");
    println!("|---|---|---|---|");
    println!(
        "| connect → menu → quit, p50 (p90) | {:.0} ms ({:.0} ms) | — | — |",
        median_ms(&menu),
        percentile_ms(&menu, 90.0)
    );
    println!("| `true` in the instance, p50 | {v:.0} ms (ssh admin+NAME) | {r:.0} ms (docker exec) | {:.2}× the time |", v / r);
    println!(
        "| 200 MB of output | {t:.0} MB/s | {dm:.0} MB/s (docker exec) | {:.2}× |",
        t / dm
    );
    println!(
        "| {open} shells open | {:.0} KiB RSS per session | — | — |",
        (after.saturating_sub(before)) as f64 / open.max(1) as f64
    );
    Ok(())
}
