//! Watching a container: resource statistics and logs.

use bollard::container::{LogOutput, LogsOptions, StatsOptions};
use bollard::Docker;
use futures::{Stream, StreamExt};
use serde::Serialize;
use utoipa::ToSchema;

use crate::DriverError;

/// One sample of a container's resource use.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Stats {
    /// CPU use relative to the instance's CPU quota: 100 = using all it may.
    pub cpu_percent: f64,
    /// Bytes in use, page cache excluded (as `docker stats` counts).
    pub mem_usage: i64,
    pub mem_limit: i64,
    pub mem_percent: f64,
    pub net_rx: i64,
    pub net_tx: i64,
    pub blk_read: i64,
    pub blk_write: i64,
    pub pids: i64,
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// One sample. Docker waits for a second reading to compute CPU use (~1 s).
pub async fn stats(docker: &Docker, id: &str, cpu_quota_cores: f64) -> Result<Stats, DriverError> {
    let mut stream = docker.stats(
        id,
        Some(StatsOptions {
            stream: false,
            one_shot: false,
        }),
    );
    let s = stream
        .next()
        .await
        .ok_or_else(|| DriverError::Api("no statistics returned".into()))??;
    let cpu_delta =
        s.cpu_stats.cpu_usage.total_usage as f64 - s.precpu_stats.cpu_usage.total_usage as f64;
    let sys_delta = s.cpu_stats.system_cpu_usage.unwrap_or(0) as f64
        - s.precpu_stats.system_cpu_usage.unwrap_or(0) as f64;
    let online = s.cpu_stats.online_cpus.unwrap_or(1).max(1) as f64;
    let host_percent = if cpu_delta > 0.0 && sys_delta > 0.0 {
        cpu_delta / sys_delta * online * 100.0
    } else {
        0.0
    };
    let cpu_percent = if cpu_quota_cores > 0.0 {
        host_percent / cpu_quota_cores
    } else {
        host_percent
    };
    let usage = s.memory_stats.usage.unwrap_or(0);
    // cgroup v1 counts page cache in usage; v2 reports inactive_file.
    let cache = match s.memory_stats.stats {
        Some(bollard::container::MemoryStatsStats::V1(v1)) => v1.total_inactive_file,
        Some(bollard::container::MemoryStatsStats::V2(v2)) => v2.inactive_file,
        None => 0,
    };
    let mem_usage = to_i64(usage.saturating_sub(cache));
    let mem_limit = to_i64(s.memory_stats.limit.unwrap_or(0));
    let io = io_totals(&s);
    Ok(Stats {
        cpu_percent: (cpu_percent * 100.0).round() / 100.0,
        mem_usage,
        mem_limit,
        mem_percent: if mem_limit > 0 {
            ((mem_usage as f64 / mem_limit as f64) * 10_000.0).round() / 100.0
        } else {
            0.0
        },
        net_rx: to_i64(io.net_rx),
        net_tx: to_i64(io.net_tx),
        blk_read: to_i64(io.blk_read),
        blk_write: to_i64(io.blk_write),
        pids: to_i64(s.pids_stats.current.unwrap_or(0)),
    })
}

/// Bytes through the network and the block devices since the container
/// started (every network, every device).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IoTotals {
    pub net_rx: u64,
    pub net_tx: u64,
    pub blk_read: u64,
    pub blk_write: u64,
}

fn io_totals(s: &bollard::container::Stats) -> IoTotals {
    let (net_rx, net_tx) = s
        .networks
        .as_ref()
        .map(|n| {
            n.values()
                .fold((0u64, 0u64), |(r, t), v| (r + v.rx_bytes, t + v.tx_bytes))
        })
        .unwrap_or((0, 0));
    let (blk_read, blk_write) = s
        .blkio_stats
        .io_service_bytes_recursive
        .as_ref()
        .map(|entries| {
            entries.iter().fold((0u64, 0u64), |(r, w), e| {
                match e.op.to_ascii_lowercase().as_str() {
                    "read" => (r + e.value, w),
                    "write" => (r, w + e.value),
                    _ => (r, w),
                }
            })
        })
        .unwrap_or((0, 0));
    IoTotals {
        net_rx,
        net_tx,
        blk_read,
        blk_write,
    }
}

/// One log line.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct LogLine {
    /// `stdout` or `stderr`.
    pub stream: &'static str,
    /// The line as Docker stored it, prefixed with its RFC 3339 timestamp.
    pub line: String,
}

/// The last `tail` lines, then (with `follow`) new ones as they come.
pub fn logs(
    docker: &Docker,
    id: &str,
    tail: u32,
    follow: bool,
) -> impl Stream<Item = Result<LogLine, DriverError>> {
    let docker = if follow {
        docker
            .clone()
            .with_timeout(std::time::Duration::from_secs(24 * 3600))
    } else {
        docker.clone()
    };
    let options = LogsOptions::<String> {
        stdout: true,
        stderr: true,
        follow,
        timestamps: true,
        tail: tail.to_string(),
        ..Default::default()
    };
    docker.logs(id, Some(options)).map(|item| {
        let out = item?;
        let (stream, bytes) = match out {
            LogOutput::StdErr { message } => ("stderr", message),
            LogOutput::StdOut { message } | LogOutput::Console { message } => ("stdout", message),
            LogOutput::StdIn { message } => ("stdin", message),
        };
        Ok(LogLine {
            stream,
            line: String::from_utf8_lossy(&bytes)
                .trim_end_matches('\n')
                .to_owned(),
        })
    })
}

/// A container's output as it comes, line by line without Docker's
/// timestamps (the caller stamps them), from `since` (Unix seconds; 0 = its
/// start) until the container stops.
pub fn follow_output(
    docker: &Docker,
    id: &str,
    since: i64,
) -> impl Stream<Item = Result<(&'static str, Vec<u8>), DriverError>> {
    let docker = docker
        .clone()
        .with_timeout(std::time::Duration::from_secs(7 * 24 * 3600));
    let options = LogsOptions::<String> {
        stdout: true,
        stderr: true,
        follow: true,
        since,
        ..Default::default()
    };
    docker.logs(id, Some(options)).map(|item| {
        Ok(match item? {
            LogOutput::StdErr { message } => ("stderr", message.to_vec()),
            LogOutput::StdOut { message } | LogOutput::Console { message } => {
                ("stdout", message.to_vec())
            }
            LogOutput::StdIn { message } => ("stdin", message.to_vec()),
        })
    })
}

/// Raw counters of one reading, taken without Docker's one-second wait for a
/// second sample: the caller keeps the previous reading and computes CPU use
/// from the difference (the workspace health check answers in milliseconds).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RawSample {
    /// Container CPU time, ns.
    pub cpu_total: u64,
    /// Host CPU time, ns.
    pub system_total: u64,
    pub online_cpus: u64,
    /// Bytes in use, page cache excluded.
    pub mem_usage: i64,
    pub mem_limit: i64,
    pub io: IoTotals,
}

impl RawSample {
    /// CPU use since `earlier`, or `None` when the counters went backwards (the
    /// container started again in between) or no host time passed.
    pub fn cpu_percent_after(&self, earlier: &RawSample) -> Option<f64> {
        (self.cpu_total >= earlier.cpu_total && self.system_total > earlier.system_total)
            .then(|| self.cpu_percent_since(earlier))
    }

    /// CPU use since `earlier` in percent of one core (as `docker stats` prints).
    pub fn cpu_percent_since(&self, earlier: &RawSample) -> f64 {
        let cpu = self.cpu_total.saturating_sub(earlier.cpu_total) as f64;
        let sys = self.system_total.saturating_sub(earlier.system_total) as f64;
        if cpu > 0.0 && sys > 0.0 {
            cpu / sys * self.online_cpus.max(1) as f64 * 100.0
        } else {
            0.0
        }
    }
}

/// One reading. With `one_shot: false` Docker includes its previous reading,
/// and the CPU use between the two is answered as well.
pub async fn raw_sample(
    docker: &Docker,
    id: &str,
    one_shot: bool,
) -> Result<(RawSample, Option<f64>), DriverError> {
    let mut stream = docker.stats(
        id,
        Some(StatsOptions {
            stream: false,
            one_shot,
        }),
    );
    let s = stream
        .next()
        .await
        .ok_or_else(|| DriverError::Api("no statistics returned".into()))??;
    let usage = s.memory_stats.usage.unwrap_or(0);
    let cache = match s.memory_stats.stats {
        Some(bollard::container::MemoryStatsStats::V1(v1)) => v1.total_inactive_file,
        Some(bollard::container::MemoryStatsStats::V2(v2)) => v2.inactive_file,
        None => 0,
    };
    let now = RawSample {
        cpu_total: s.cpu_stats.cpu_usage.total_usage,
        system_total: s.cpu_stats.system_cpu_usage.unwrap_or(0),
        online_cpus: s.cpu_stats.online_cpus.unwrap_or(1),
        mem_usage: to_i64(usage.saturating_sub(cache)),
        mem_limit: to_i64(s.memory_stats.limit.unwrap_or(0)),
        io: io_totals(&s),
    };
    let cpu = s.precpu_stats.system_cpu_usage.map(|sys| {
        now.cpu_percent_since(&RawSample {
            cpu_total: s.precpu_stats.cpu_usage.total_usage,
            system_total: sys,
            ..now
        })
    });
    Ok((now, cpu))
}

/// What an Engine says about its machine (`docker info`), for the system
/// monitor's per-node figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EngineFigures {
    pub cpus: i64,
    pub memory_bytes: i64,
    pub containers_running: i64,
    pub containers_paused: i64,
    pub containers_stopped: i64,
    pub images: i64,
    pub server_version: String,
    pub kernel_version: String,
    pub operating_system: String,
}

/// `docker info`, bounded by `timeout` (one slow node must not hold the others).
pub async fn engine_figures(
    docker: &Docker,
    timeout: std::time::Duration,
) -> Result<EngineFigures, DriverError> {
    let info = tokio::time::timeout(timeout, docker.info())
        .await
        .map_err(|_| {
            DriverError::Unreachable(format!("no answer within {} s", timeout.as_secs_f32()))
        })??;
    Ok(EngineFigures {
        cpus: info.ncpu.unwrap_or_default(),
        memory_bytes: info.mem_total.unwrap_or_default(),
        containers_running: info.containers_running.unwrap_or_default(),
        containers_paused: info.containers_paused.unwrap_or_default(),
        containers_stopped: info.containers_stopped.unwrap_or_default(),
        images: info.images.unwrap_or_default(),
        server_version: info.server_version.unwrap_or_default(),
        kernel_version: info.kernel_version.unwrap_or_default(),
        operating_system: info.operating_system.unwrap_or_default(),
    })
}

/// How many processes Tianqi (or anyone) started in the container with
/// `exec` are still running: a web terminal, an SSH shell or command, a
/// forwarding relay. Idle detection counts any of them as use.
pub async fn running_execs(docker: &Docker, id: &str) -> Result<usize, DriverError> {
    let inspect = docker.inspect_container(id, None).await?;
    let mut running = 0;
    for exec_id in inspect.exec_ids.unwrap_or_default() {
        match docker.inspect_exec(&exec_id).await {
            Ok(e) if e.running == Some(true) => running += 1,
            Ok(_) => {}
            // Gone between the two calls: it ended.
            Err(bollard::errors::Error::DockerResponseServerError {
                status_code: 404, ..
            }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(running)
}
