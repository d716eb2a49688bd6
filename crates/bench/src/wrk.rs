//! Running `wrk` and reading its report.

use std::io::ErrorKind;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{bail, Context, Result};

/// One `wrk` run: what to hit and how hard.
#[derive(Debug, Clone)]
pub struct WrkRun<'a> {
    pub wrk: &'a str,
    pub url: &'a str,
    pub threads: u32,
    pub connections: u32,
    pub duration: Duration,
    /// Extra request headers, `Name: value`.
    pub headers: &'a [String],
}

/// What we read from `wrk --latency`.
#[derive(Debug, Clone, PartialEq)]
pub struct WrkReport {
    pub requests_per_sec: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Total requests completed (`N requests in ...`).
    pub requests: u64,
    /// `Non-2xx or 3xx responses: N`, 0 when the line is absent.
    pub non_2xx: u64,
    /// `Socket errors: connect a, read b, write c, timeout d`, summed; 0 when absent.
    pub socket_errors: u64,
}

impl WrkReport {
    /// Fails on any non-2xx answer (a figure made of errors measures nothing);
    /// warns on socket errors. `what` names the run in messages.
    pub fn check_clean(&self, what: &str) -> Result<()> {
        if self.requests == 0 {
            bail!("{what}: wrk completed no request");
        }
        if self.non_2xx > 0 {
            bail!(
                "{what}: {} of {} responses were not 2xx/3xx; the benchmark must measure \
                 successful requests",
                self.non_2xx,
                self.requests
            );
        }
        if self.socket_errors > 0 {
            eprintln!(
                "warning: {what}: {} socket errors (connect/read/write/timeout) in {} requests",
                self.socket_errors, self.requests
            );
        }
        Ok(())
    }
}

impl WrkRun<'_> {
    fn args(&self) -> Vec<String> {
        let secs = self.duration.as_secs().max(1);
        let mut args = vec![
            format!("-t{}", self.threads),
            format!("-c{}", self.connections),
            format!("-d{secs}s"),
            "--latency".to_owned(),
        ];
        for h in self.headers {
            args.push("-H".to_owned());
            args.push(h.clone());
        }
        args.push(self.url.to_owned());
        args
    }

    /// Starts `wrk`; the returned child's stdout is piped.
    pub fn spawn(&self) -> Result<tokio::process::Child> {
        tokio::process::Command::new(self.wrk)
            .args(self.args())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| {
                if e.kind() == ErrorKind::NotFound {
                    anyhow::anyhow!(
                        "`{}` not found: install wrk (on Debian: apt-get install -y wrk) or pass --wrk <path>",
                        self.wrk
                    )
                } else {
                    anyhow::Error::new(e).context(format!("cannot start `{}`", self.wrk))
                }
            })
    }

    /// Runs `wrk` to completion and parses its report.
    pub async fn run(&self) -> Result<WrkReport> {
        let child = self.spawn()?;
        finish(child, self.url).await
    }
}

/// Waits for a `wrk` started by [`WrkRun::spawn`] and parses its report.
pub async fn finish(child: tokio::process::Child, url: &str) -> Result<WrkReport> {
    let out = child.wait_with_output().await.context("waiting for wrk")?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        bail!(
            "wrk against {url} failed ({}):\n{}{}",
            out.status,
            stdout,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    parse(&stdout).with_context(|| format!("cannot read wrk's report for {url}:\n{stdout}"))
}

/// Parses the text `wrk --latency` prints.
pub fn parse(text: &str) -> Result<WrkReport> {
    let mut requests_per_sec = None;
    let mut p50 = None;
    let mut p99 = None;
    let mut requests = None;
    let mut non_2xx = 0;
    let mut socket_errors = 0;
    let mut in_distribution = false;

    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("Latency Distribution") {
            in_distribution = true;
            continue;
        }
        if in_distribution {
            match t.split_whitespace().collect::<Vec<_>>().as_slice() {
                ["50%", v] => {
                    p50 = Some(duration_ms(v)?);
                    continue;
                }
                ["99%", v] => {
                    p99 = Some(duration_ms(v)?);
                    continue;
                }
                [p, _] if p.ends_with('%') => continue,
                _ => in_distribution = false,
            }
        }
        if let Some(v) = t.strip_prefix("Requests/sec:") {
            let v = v.trim();
            requests_per_sec = Some(
                v.parse::<f64>()
                    .with_context(|| format!("bad Requests/sec value {v:?}"))?,
            );
        } else if let Some(v) = t.strip_prefix("Non-2xx or 3xx responses:") {
            let v = v.trim();
            non_2xx = v
                .parse()
                .with_context(|| format!("bad Non-2xx count {v:?}"))?;
        } else if let Some(v) = t.strip_prefix("Socket errors:") {
            // "connect 0, read 0, write 0, timeout 0"
            for part in v.split(',') {
                if let Some(n) = part.split_whitespace().nth(1) {
                    socket_errors += n
                        .parse::<u64>()
                        .with_context(|| format!("bad socket error count in {t:?}"))?;
                }
            }
        } else if let Some((n, _)) = t.split_once(" requests in ") {
            requests = n.trim().parse().ok();
        }
    }

    Ok(WrkReport {
        requests_per_sec: requests_per_sec.context("no `Requests/sec:` line")?,
        p50_ms: p50.context("no `50%` line in the latency distribution")?,
        p99_ms: p99.context("no `99%` line in the latency distribution")?,
        requests: requests.context("no `N requests in` line")?,
        non_2xx,
        socket_errors,
    })
}

/// `612.00us`, `1.23ms`, `2.01s`, `1.50m`, `1.00h` → milliseconds.
pub fn duration_ms(v: &str) -> Result<f64> {
    let (num, factor) = if let Some(n) = v.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = v.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = v.strip_suffix('s') {
        (n, 1_000.0)
    } else if let Some(n) = v.strip_suffix('m') {
        (n, 60_000.0)
    } else if let Some(n) = v.strip_suffix('h') {
        (n, 3_600_000.0)
    } else {
        bail!("latency {v:?} has no known unit");
    };
    let n: f64 = num
        .parse()
        .with_context(|| format!("bad latency value {v:?}"))?;
    Ok(n * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
Running 10s test @ http://127.0.0.1:40000/api/v1/users?page_size=20
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.02ms  500.12us  20.01ms   90.00%
    Req/Sec     3.20k   200.00     3.60k    70.00%
  Latency Distribution
     50%  612.00us
     75%    1.10ms
     90%    1.80ms
     99%    3.12ms
  63812 requests in 10.00s, 120.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 7
Requests/sec:   6380.50
Transfer/sec:     12.00MB
";

    #[test]
    fn parses_a_full_report() {
        let r = parse(SAMPLE).unwrap();
        assert!((r.requests_per_sec - 6380.5).abs() < 1e-9);
        assert!((r.p50_ms - 0.612).abs() < 1e-9);
        assert!((r.p99_ms - 3.12).abs() < 1e-9);
        assert_eq!(r.requests, 63812);
        assert_eq!(r.non_2xx, 7);
        assert_eq!(r.socket_errors, 3);
    }

    #[test]
    fn clean_report_has_no_errors() {
        let text = SAMPLE
            .lines()
            .filter(|l| !l.contains("Non-2xx") && !l.contains("Socket errors"))
            .collect::<Vec<_>>()
            .join("\n");
        let r = parse(&text).unwrap();
        assert_eq!(r.non_2xx, 0);
        assert_eq!(r.socket_errors, 0);
    }

    #[test]
    fn missing_distribution_is_an_error() {
        let text = SAMPLE
            .lines()
            .filter(|l| !l.contains("99%"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(parse(&text).is_err());
    }

    #[test]
    fn clean_check() {
        let r = parse(SAMPLE).unwrap();
        assert!(r.check_clean("x").is_err());
        let ok = WrkReport { non_2xx: 0, ..r };
        assert!(ok.check_clean("x").is_ok());
        let none = WrkReport { requests: 0, ..ok };
        assert!(none.check_clean("x").is_err());
    }

    #[test]
    fn units() {
        assert!((duration_ms("612.00us").unwrap() - 0.612).abs() < 1e-9);
        assert!((duration_ms("1.23ms").unwrap() - 1.23).abs() < 1e-9);
        assert!((duration_ms("2.01s").unwrap() - 2010.0).abs() < 1e-9);
        assert!((duration_ms("1.50m").unwrap() - 90_000.0).abs() < 1e-9);
        assert!(duration_ms("12").is_err());
        assert!(duration_ms("abcms").is_err());
    }

    #[test]
    fn args_carry_headers_before_the_url() {
        let headers = vec!["Authorization: Bearer x".to_owned()];
        let run = WrkRun {
            wrk: "wrk",
            url: "http://127.0.0.1:1/x",
            threads: 2,
            connections: 64,
            duration: Duration::from_secs(10),
            headers: &headers,
        };
        assert_eq!(
            run.args(),
            [
                "-t2",
                "-c64",
                "-d10s",
                "--latency",
                "-H",
                "Authorization: Bearer x",
                "http://127.0.0.1:1/x"
            ]
        );
    }
}
