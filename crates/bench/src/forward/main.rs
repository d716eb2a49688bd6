//! `bench-forward`: traffic through a Tianqi port-forwarding rule beside the
//! same traffic through `socat` (Debian's), measured in the same run:
//!
//! 1. TCP throughput, 1 and 16 streams: `iperf3 -c` through the rule vs
//!    through `socat TCP-LISTEN,fork TCP:…`, both to one `iperf3 -s`; with
//!    the splice relay and with the buffered copy (two servers), and iperf3
//!    straight to the server as the ceiling.
//! 2. New connections per second: 32 workers connect, send a byte, read it
//!    back from an echo server and close.
//! 3. UDP 64-byte datagrams per second: one client keeps 32 datagrams in
//!    flight to an echo server (a lost one is replaced after 50 ms).
//! 4. Memory with 5,000 idle connections: the server's RSS growth vs the
//!    proportional set size (PSS) of socat's processes (one per connection).
//!
//! Needs `iperf3` and `socat` (`apt-get install iperf3 socat`). From the
//! workspace root:
//! `cargo build --release -p tianqi -p tianqi-bench && target/release/bench-forward`

#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Parser;
use serde_json::{json, Value};
use tianqi_bench::api::Client;
use tianqi_bench::report::{mib, ratio, thousands};
use tianqi_bench::server::{rss_kib, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream, UdpSocket};

const WORKSPACE_ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
const PASSWORD: &str = "bench-forward-admin-1";

#[derive(Parser)]
#[command(name = "bench-forward")]
struct Args {
    /// Seconds of each throughput, connection-rate and UDP run.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// Idle connections for the memory figure.
    #[arg(long, default_value_t = 5000)]
    idle: usize,
    /// The `tianqi` binary [default: target/release/tianqi in the workspace].
    #[arg(long)]
    server: Option<PathBuf>,
    /// Also write the Markdown table to this file.
    #[arg(long)]
    markdown_out: Option<PathBuf>,
}

/// A helper process killed when dropped.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn(program: &str, args: &[String]) -> Result<Proc> {
    let child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("cannot start {program} (apt-get install {program})"))?;
    Ok(Proc(child))
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

async fn wait_listening(port: u16) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).await.is_err() {
        if Instant::now() > deadline {
            bail!("nothing listens on 127.0.0.1:{port}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

/// A socat relay from `listen` to `target` (`fork`: a process per client).
fn socat(protocol: &str, listen: u16, target: SocketAddr) -> Result<Proc> {
    let (l, t) = match protocol {
        "tcp" => (
            format!("TCP-LISTEN:{listen},bind=127.0.0.1,fork,reuseaddr,backlog=4096"),
            format!("TCP:{target}"),
        ),
        _ => (
            format!("UDP-LISTEN:{listen},bind=127.0.0.1,fork,reuseaddr"),
            format!("UDP:{target}"),
        ),
    };
    spawn("socat", &[l, t])
}

async fn tcp_echo() -> Result<SocketAddr> {
    let l = TcpListener::bind("127.0.0.1:0").await?;
    let addr = l.local_addr()?;
    tokio::spawn(async move {
        while let Ok((mut s, _)) = l.accept().await {
            tokio::spawn(async move {
                let (mut r, mut w) = s.split();
                let _ = tokio::io::copy(&mut r, &mut w).await;
            });
        }
    });
    Ok(addr)
}

/// Accepts and keeps every connection, reading nothing.
async fn tcp_hold() -> Result<SocketAddr> {
    let l = TcpListener::bind("127.0.0.1:0").await?;
    let addr = l.local_addr()?;
    tokio::spawn(async move {
        let mut kept = Vec::new();
        while let Ok((s, _)) = l.accept().await {
            kept.push(s);
        }
    });
    Ok(addr)
}

async fn udp_echo() -> Result<SocketAddr> {
    let s = UdpSocket::bind("127.0.0.1:0").await?;
    let addr = s.local_addr()?;
    tokio::spawn(async move {
        let mut buf = [0u8; 2048];
        while let Ok((n, peer)) = s.recv_from(&mut buf).await {
            let _ = s.send_to(&buf[..n], peer).await;
        }
    });
    Ok(addr)
}

/// `iperf3 -c` to `port`: received Gbit/s. The server takes one test at a
/// time and needs a moment between two, so a refused start is tried again.
fn iperf(port: u16, streams: u32, seconds: u64) -> Result<f64> {
    let mut last = None;
    for _ in 0..3 {
        std::thread::sleep(Duration::from_secs(1));
        match iperf_once(port, streams, seconds) {
            Ok(rate) => return Ok(rate),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| anyhow::anyhow!("iperf3 did not run")))
}

fn iperf_once(port: u16, streams: u32, seconds: u64) -> Result<f64> {
    let out = Command::new("iperf3")
        .args(["-c", "127.0.0.1", "-p", &port.to_string(), "-J", "-t"])
        .arg(seconds.to_string())
        .args(["-P", &streams.to_string()])
        .output()
        .context("cannot run iperf3 (apt-get install iperf3)")?;
    let v: Value = serde_json::from_slice(&out.stdout).context("iperf3 -J output")?;
    if let Some(e) = v["error"].as_str() {
        bail!("iperf3 to port {port}: {e}");
    }
    v["end"]["sum_received"]["bits_per_second"]
        .as_f64()
        .map(|b| b / 1e9)
        .context("iperf3 reported no received rate")
}

/// Connections per second: `workers` loops of connect, 1 byte there and back, close.
async fn connection_rate(port: u16, seconds: u64, workers: usize) -> Result<f64> {
    let done = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let end = start + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..workers)
        .map(|_| {
            let (done, failed) = (done.clone(), failed.clone());
            tokio::spawn(async move {
                while Instant::now() < end {
                    let ok = async {
                        let mut c = TcpStream::connect(("127.0.0.1", port)).await?;
                        c.write_all(b"x").await?;
                        let mut b = [0u8; 1];
                        c.read_exact(&mut b).await?;
                        std::io::Result::Ok(())
                    }
                    .await;
                    match ok {
                        Ok(()) => done.fetch_add(1, Ordering::Relaxed),
                        Err(_) => failed.fetch_add(1, Ordering::Relaxed),
                    };
                }
            })
        })
        .collect();
    for t in tasks {
        t.await?;
    }
    let failed = failed.load(Ordering::Relaxed);
    if failed > 0 {
        eprintln!("bench-forward: {failed} connections to port {port} failed");
    }
    Ok(done.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64())
}

/// Round trips per second of 64-byte datagrams, 32 in flight.
async fn udp_rate(port: u16, seconds: u64) -> Result<f64> {
    const WINDOW: usize = 32;
    let sock = UdpSocket::bind("127.0.0.1:0").await?;
    sock.connect(("127.0.0.1", port)).await?;
    let payload = [7u8; 64];
    let mut buf = [0u8; 2048];
    let start = Instant::now();
    let end = start + Duration::from_secs(seconds);
    let mut replies = 0u64;
    for _ in 0..WINDOW {
        sock.send(&payload).await?;
    }
    while Instant::now() < end {
        match tokio::time::timeout(Duration::from_millis(50), sock.recv(&mut buf)).await {
            Ok(Ok(_)) => {
                replies += 1;
                sock.send(&payload).await?;
            }
            // Lost datagrams (or a relay still setting up): fill the window again.
            _ => {
                for _ in 0..WINDOW {
                    sock.send(&payload).await?;
                }
            }
        }
    }
    Ok(replies as f64 / start.elapsed().as_secs_f64())
}

/// Opens `n` connections to `port` and keeps them (64 connects at a time).
async fn open_idle(port: u16, n: usize) -> Result<Vec<TcpStream>> {
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let batch = (n - out.len()).min(64);
        let conns =
            futures::future::join_all((0..batch).map(|_| TcpStream::connect(("127.0.0.1", port))))
                .await;
        for c in conns {
            out.push(c.context("opening an idle connection")?);
        }
    }
    Ok(out)
}

/// Proportional set size of `pid` and of every process whose parent it is, KiB.
fn pss_tree_kib(pid: u32) -> u64 {
    let mut total = pss_kib(pid);
    if let Ok(dir) = std::fs::read_dir("/proc") {
        for entry in dir.flatten() {
            let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let stat = std::fs::read_to_string(format!("/proc/{child}/stat")).unwrap_or_default();
            // pid (comm) state ppid …: the comm may hold spaces, so split after ')'.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|p| p.parse::<u32>().ok());
            if ppid == Some(pid) {
                total += pss_kib(child);
            }
        }
    }
    total
}

fn pss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("Pss:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

struct Targets {
    iperf: SocketAddr,
    echo: SocketAddr,
    udp: SocketAddr,
    hold: SocketAddr,
}

/// A server with one rule per target; answers it and the rules' ports.
async fn tianqi(
    binary: &Path,
    zero_copy: bool,
    t: &Targets,
) -> Result<(Server, tempfile::TempDir, [u16; 4])> {
    let work = tempfile::tempdir()?;
    let mut server = Server::start_with_env(
        binary,
        work.path(),
        PASSWORD,
        &[
            ("TIANQI_NODES_LOCAL_SOCKET", ""),
            ("TIANQI_SANDBOX_ENABLED", "false"),
            ("TIANQI_WORKSPACES_ENABLED", "false"),
            (
                "TIANQI_FORWARD_ZERO_COPY",
                if zero_copy { "true" } else { "false" },
            ),
            ("TIANQI_FORWARD_MAX_CONNECTIONS_PER_RULE", "20000"),
        ],
    )?;
    let http = reqwest::Client::new();
    server.wait_healthy(&http).await?;
    let mut api = Client::new(http, server.base_url.clone());
    api.login(PASSWORD).await?;
    let mut ports = [0u16; 4];
    for (i, (protocol, target)) in [
        ("tcp", t.iperf),
        ("tcp", t.echo),
        ("udp", t.udp),
        ("tcp", t.hold),
    ]
    .into_iter()
    .enumerate()
    {
        let port = free_port()?;
        let body: Value = api
            .post(
                "/api/v1/port-forwards",
                &json!({"source_ip": "127.0.0.1", "source_port": port, "protocol": protocol,
                "target_ip": target.ip().to_string(), "target_port": target.port()}),
            )
            .await?;
        if body["live"]["state"] != "listening" {
            bail!("rule to {target} is not listening: {body}");
        }
        ports[i] = port;
    }
    Ok((server, work, ports))
}

#[tokio::main]
async fn main() {
    if let Err(e) = run(Args::parse()).await {
        eprintln!("bench-forward: error: {e:#}");
        std::process::exit(1);
    }
}

async fn run(args: Args) -> Result<()> {
    let binary = args
        .server
        .clone()
        .unwrap_or_else(|| PathBuf::from(WORKSPACE_ROOT).join("target/release/tianqi"));
    if !binary.is_file() {
        bail!(
            "{} not found: cargo build --release -p tianqi",
            binary.display()
        );
    }
    let secs = args.seconds;
    let iperf_port = free_port()?;
    let _iperf = spawn(
        "iperf3",
        &["-s".into(), "-p".into(), iperf_port.to_string()],
    )?;
    wait_listening(iperf_port).await?;
    let t = Targets {
        iperf: ([127, 0, 0, 1], iperf_port).into(),
        echo: tcp_echo().await?,
        udp: udp_echo().await?,
        hold: tcp_hold().await?,
    };
    let mut rows: Vec<(String, String, String, String)> = Vec::new();
    let mut row = |what: &str, ours: String, base: String, r: String| {
        println!("{what}: tianqi {ours}, socat {base}, ratio {r}");
        rows.push((what.to_owned(), ours, base, r));
    };

    // socat baselines, each its own process tree.
    let (s_iperf, s_echo, s_udp) = (free_port()?, free_port()?, free_port()?);
    let _socat_iperf = socat("tcp", s_iperf, t.iperf)?;
    let _socat_echo = socat("tcp", s_echo, t.echo)?;
    let _socat_udp = socat("udp", s_udp, t.udp)?;
    wait_listening(s_iperf).await?;
    wait_listening(s_echo).await?;

    let direct1 = iperf(iperf_port, 1, secs)?;
    let direct16 = iperf(iperf_port, 16, secs)?;
    let socat1 = iperf(s_iperf, 1, secs)?;
    let socat16 = iperf(s_iperf, 16, secs)?;
    let mut splice_rates = (0.0, 0.0);
    for zero_copy in [true, false] {
        let (mut server, _work, ports) = tianqi(&binary, zero_copy, &t).await?;
        let one = iperf(ports[0], 1, secs)?;
        let sixteen = iperf(ports[0], 16, secs)?;
        let how = if zero_copy { "splice" } else { "buffered copy" };
        row(
            &format!("TCP 1 stream, Gbit/s ({how})"),
            format!("{one:.2}"),
            format!("{socat1:.2}"),
            ratio(one, socat1),
        );
        row(
            &format!("TCP 16 streams, Gbit/s ({how})"),
            format!("{sixteen:.2}"),
            format!("{socat16:.2}"),
            ratio(sixteen, socat16),
        );
        if zero_copy {
            splice_rates = (one, sixteen);
            let ours = connection_rate(ports[1], secs, 32).await?;
            let base = connection_rate(s_echo, secs, 32).await?;
            row(
                "new TCP connections/s (32 workers)",
                thousands(ours),
                thousands(base),
                ratio(ours, base),
            );
            let ours = udp_rate(ports[2], secs).await?;
            let base = udp_rate(s_udp, secs).await?;
            row(
                "UDP 64-byte round trips/s (32 in flight)",
                thousands(ours),
                thousands(base),
                ratio(ours, base),
            );

            let before = rss_kib(server.pid())?;
            let idle = open_idle(ports[3], args.idle).await?;
            tokio::time::sleep(Duration::from_secs(2)).await;
            let grown = rss_kib(server.pid())?.saturating_sub(before);
            drop(idle);
            let s_hold = free_port()?;
            let socat_hold = socat("tcp", s_hold, t.hold)?;
            wait_listening(s_hold).await?;
            let idle = open_idle(s_hold, args.idle).await?;
            // socat forks one process per connection; give the last ones time.
            tokio::time::sleep(Duration::from_secs(5)).await;
            let socat_pss = pss_tree_kib(socat_hold.0.id());
            drop(idle);
            drop(socat_hold);
            let n = args.idle as f64;
            row(
                &format!("memory for {} idle TCP connections", args.idle),
                format!("{} ({:.1} KiB each)", mib(grown), grown as f64 / n),
                format!("{} ({:.1} KiB each)", mib(socat_pss), socat_pss as f64 / n),
                ratio(grown as f64, socat_pss as f64),
            );
        }
        server.stop()?;
    }
    let mut md = String::from("| benchmark | Tianqi | socat | ratio |\n|---|---|---|---|\n");
    for (what, ours, base, r) in &rows {
        md.push_str(&format!("| {what} | {ours} | {base} | {r} |\n"));
    }
    md.push_str(&format!(
        "\niperf3 straight to the server (no relay): {direct1:.2} Gbit/s with 1 stream, \
         {direct16:.2} with 16 (splice relay: {:.0} % and {:.0} % of it). {} s per run, \
         {} cores, {}.\n",
        100.0 * splice_rates.0 / direct1,
        100.0 * splice_rates.1 / direct16,
        secs,
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0),
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
    ));
    println!("\n{md}");
    if let Some(path) = args.markdown_out {
        std::fs::write(&path, &md).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
