//! Starting, watching and stopping the `tianqi` server under test.

use std::fs::OpenOptions;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// How long the server gets to answer `/healthz` after it starts.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(20);
/// How long the server gets to exit after SIGTERM before it is SIGKILLed.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);

/// A running `tianqi serve`. Dropping it stops the server, so every error
/// path that unwinds past it leaves no server behind.
pub struct Server {
    child: Option<Child>,
    pid: u32,
    pub base_url: String,
    data_dir: PathBuf,
    log_path: PathBuf,
}

impl Server {
    /// Starts `tianqi serve` on a free loopback port with its data in
    /// `work_dir/data` and its output in `work_dir/server.log`.
    pub fn start(binary: &Path, work_dir: &Path, admin_password: &str) -> Result<Self> {
        Self::start_with_env(binary, work_dir, admin_password, &[])
    }

    /// Like [`Server::start`], with extra environment variables. Starting
    /// again on the same `work_dir` reuses its data directory (the bootstrap
    /// password only matters at the first start) and appends to its log.
    /// The server logs warnings only, unless `env` sets `TIANQI_LOG_LEVEL`
    /// (a benchmark that counts what the server says about itself).
    pub fn start_with_env(
        binary: &Path,
        work_dir: &Path,
        admin_password: &str,
        env: &[(&str, &str)],
    ) -> Result<Self> {
        let port = free_port()?;
        let listen = format!("127.0.0.1:{port}");
        let data_dir = work_dir.join("data");
        let log_path = work_dir.join("server.log");
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .with_context(|| format!("cannot open {}", log_path.display()))?;
        let log_err = log.try_clone().context("cannot duplicate the log file")?;

        let child = Command::new(binary)
            .arg("serve")
            .arg("--listen")
            .arg(&listen)
            .arg("--data-dir")
            .arg(&data_dir)
            .arg("--log-level")
            .arg(
                env.iter()
                    .find(|(k, _)| *k == "TIANQI_LOG_LEVEL")
                    .map_or("warn", |(_, v)| v),
            )
            .env("TIANQI_BOOTSTRAP_ADMIN_PASSWORD", admin_password)
            // Not the default 0.0.0.0:2026: a benchmark's server listens on loopback only.
            .env("TIANQI_JUMPBOX_LISTEN", "127.0.0.1:0")
            .envs(env.iter().copied())
            .current_dir(work_dir)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        let pid = child.id();
        Ok(Self {
            child: Some(child),
            pid,
            base_url: format!("http://{listen}"),
            data_dir,
            log_path,
        })
    }

    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The server's `--data-dir` (its SQLite file is `tianqi.db` in it).
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Polls `GET /healthz` until it answers 200, the server exits, or the
    /// startup timeout passes.
    pub async fn wait_healthy(&mut self, http: &reqwest::Client) -> Result<()> {
        let url = format!("{}/healthz", self.base_url);
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if let Some(child) = self.child.as_mut() {
                if let Some(status) = child.try_wait().context("cannot poll the server")? {
                    bail!(
                        "the server exited during startup ({status}); its output:\n{}",
                        self.log_tail()
                    );
                }
            }
            match http.get(&url).timeout(Duration::from_secs(2)).send().await {
                Ok(r) if r.status() == reqwest::StatusCode::OK => return Ok(()),
                _ if Instant::now() >= deadline => bail!(
                    "the server did not answer 200 on {url} within {}s; its output:\n{}",
                    STARTUP_TIMEOUT.as_secs(),
                    self.log_tail()
                ),
                _ => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Resident set size in KiB (`VmRSS` in `/proc/<pid>/status`).
    pub fn rss_kib(&self) -> Result<u64> {
        rss_kib(self.pid)
    }

    /// Everything the server wrote so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// The last lines the server wrote.
    pub fn log_tail(&self) -> String {
        let text = self.log_text();
        let lines: Vec<&str> = text.lines().collect();
        let start = lines.len().saturating_sub(40);
        if lines.is_empty() {
            "(nothing)".to_owned()
        } else {
            lines[start..].join("\n")
        }
    }

    /// SIGTERM, then wait; SIGKILL if it has not gone within the stop timeout.
    pub fn stop(&mut self) -> Result<()> {
        let Some(mut child) = self.child.take() else {
            return Ok(());
        };
        if child.try_wait()?.is_some() {
            return Ok(());
        }
        let term = Command::new("kill")
            .args(["-TERM", &self.pid.to_string()])
            .status();
        if !matches!(term, Ok(s) if s.success()) {
            child.kill().context("cannot kill the server")?;
            child.wait().context("cannot reap the server")?;
            return Ok(());
        }
        let deadline = Instant::now() + STOP_TIMEOUT;
        loop {
            if child.try_wait()?.is_some() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                child.kill().context("cannot kill the server")?;
                child.wait().context("cannot reap the server")?;
                bail!(
                    "the server did not exit within {}s of SIGTERM; killed it",
                    STOP_TIMEOUT.as_secs()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Err(e) = self.stop() {
            eprintln!("bench: stopping the server: {e:#}");
        }
    }
}

/// The `tianqi` binary a benchmark starts: `given` (`--server`), else the
/// workspace's release build; absolute, since the server runs in its work dir.
pub fn server_binary(given: Option<&Path>) -> Result<PathBuf> {
    let binary = match given {
        Some(p) => p.to_path_buf(),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
            .join("target/release/tianqi"),
    };
    if !binary.is_file() {
        bail!(
            "server binary {} not found: run `cargo build --release -p tianqi` first \
             (or pass --server <path>)",
            binary.display()
        );
    }
    Ok(binary.canonicalize().unwrap_or(binary))
}

/// A loopback port nobody is listening on right now.
fn free_port() -> Result<u16> {
    let listener =
        TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("cannot find a free port")?;
    Ok(listener.local_addr()?.port())
}

/// `VmRSS` of `pid`, in KiB.
pub fn rss_kib(pid: u32) -> Result<u64> {
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
    parse_vmrss(&status).with_context(|| format!("no VmRSS line in {path}"))
}

fn parse_vmrss(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_vmrss() {
        let status =
            "Name:\ttianqi\nVmPeak:\t  99999 kB\nVmRSS:\t   12596 kB\nRssAnon:\t 4000 kB\n";
        assert_eq!(parse_vmrss(status), Some(12596));
        assert_eq!(parse_vmrss("Name:\tx\n"), None);
    }

    #[test]
    fn reads_our_own_rss() {
        assert!(rss_kib(std::process::id()).unwrap() > 0);
    }
}
