//! The `docker` CLI against the test engine: the raw baselines and the
//! clean-up of what the benchmark made.

use std::io::ErrorKind;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// `docker -H <host> …`, one process per call (argv arrays, no shell).
#[derive(Debug, Clone)]
pub struct DockerCli {
    program: String,
    host: String,
}

impl DockerCli {
    pub fn new(program: &str, host: &str) -> Self {
        Self {
            program: program.to_owned(),
            host: host.to_owned(),
        }
    }

    /// Runs `docker -H <host> <args>`; answers its trimmed stdout and how long
    /// the command took, from spawn to exit. Fails when it exits non-zero.
    pub async fn timed(&self, args: &[&str]) -> Result<(Duration, String)> {
        let started = Instant::now();
        let out = tokio::process::Command::new(&self.program)
            .arg("-H")
            .arg(&self.host)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .output()
            .await
            .map_err(|e| {
                if e.kind() == ErrorKind::NotFound {
                    anyhow::anyhow!(
                        "`{}` not found: install the docker CLI (scripts/testenv.sh up does) \
                         or pass --docker <path>",
                        self.program
                    )
                } else {
                    anyhow::Error::new(e).context(format!("cannot start `{}`", self.program))
                }
            })?;
        let took = started.elapsed();
        if !out.status.success() {
            bail!(
                "`{} -H {} {}` failed ({}): {}",
                self.program,
                self.host,
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        let stdout = String::from_utf8(out.stdout)
            .with_context(|| format!("`docker {}` printed non-UTF-8", args.join(" ")))?;
        Ok((took, stdout.trim().to_owned()))
    }

    pub async fn run(&self, args: &[&str]) -> Result<String> {
        Ok(self.timed(args).await?.1)
    }

    /// `docker rm -f -v <ids>`; answers how many could not be removed (and
    /// says why on stderr). Removing is best effort: it runs on error paths.
    pub async fn remove(&self, ids: &[String]) -> usize {
        let mut failed = 0;
        for chunk in ids.chunks(50) {
            let mut args = vec!["rm", "-f", "-v"];
            args.extend(chunk.iter().map(String::as_str));
            if let Err(e) = self.run(&args).await {
                eprintln!("bench-instances: warning: {e:#}");
                failed += chunk.len();
            }
        }
        failed
    }
}
