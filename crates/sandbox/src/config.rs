//! `[sandbox]`: untrusted code runs (Piston v2 API and /api/v1/sandbox/run).

use std::time::Duration;

use serde::{Deserialize, Serialize};
use tianqi_config::ConfigError;
use tianqi_core::catalog::address::DockerAddress;
use tianqi_core::sandbox::{LimitSettings, RuntimeSpec, Runtimes};

use crate::Settings;

/// The image `scripts/sandbox-images.sh` builds from Debian packages.
pub const SANDBOX_IMAGE: &str = "tianqi/sandbox:bookworm";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SandboxConfig {
    pub enabled: bool,
    /// Docker Engine the runs go to (`unix:///…` or `tcp://host:port`);
    /// empty = `nodes.local_socket`.
    pub docker_host: String,
    /// Allow runs without a token, rate-limited per client address.
    pub public: bool,
    /// Runs per minute one address may start when `public` is on.
    pub public_runs_per_minute: u32,
    /// Warm containers kept per runtime while it is in use.
    pub pool_size: u64,
    /// Warm containers kept per runtime after `idle_secs` without runs.
    pub idle_pool_size: u64,
    pub idle_secs: u64,
    /// Runs executing at once; more wait in the queue.
    pub max_concurrent: u64,
    /// Runs that may wait; beyond that requests get 503.
    pub max_queue: u64,
    /// Runs one caller (a user, or an address in public mode) may have waiting
    /// or running at once; beyond that 429, so one caller cannot fill the
    /// queue for everyone.
    pub max_pending_per_caller: u64,
    /// How long a run may wait in the queue before it gets 503.
    pub queue_timeout_secs: u64,
    /// Largest execute request body (413 above it).
    pub max_request_bytes: u64,
    pub max_files: u64,
    /// CPU quota of each run's container, in thousandths of a CPU.
    pub cpus_milli: u64,
    pub pids_limit: i64,
    /// Size of the run's writable /tmp (tmpfs, counted in its memory).
    pub tmpfs_mib: u64,
    /// Open files per process.
    pub nofile: u64,
    /// Largest file a run may write.
    pub fsize_mib: u64,
    pub limits: LimitSettings,
    pub runtimes: Vec<RuntimeSpec>,
}

fn builtin_runtime(
    language: &str,
    version: &str,
    aliases: &[&str],
    source_file: &str,
    compile: &[&str],
    run: &[&str],
) -> RuntimeSpec {
    let owned = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect();
    RuntimeSpec {
        language: language.into(),
        version: version.into(),
        aliases: owned(aliases),
        image: SANDBOX_IMAGE.into(),
        source_file: source_file.into(),
        compile: owned(compile),
        run: owned(run),
        limits: Default::default(),
    }
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            docker_host: String::new(),
            public: false,
            public_runs_per_minute: 30,
            pool_size: 4,
            idle_pool_size: 1,
            idle_secs: 300,
            max_concurrent: 4,
            max_queue: 32,
            max_pending_per_caller: 8,
            queue_timeout_secs: 30,
            max_request_bytes: 1024 * 1024,
            max_files: 16,
            cpus_milli: 1000,
            pids_limit: 64,
            tmpfs_mib: 64,
            nofile: 256,
            fsize_mib: 16,
            limits: Default::default(),
            // Debian bookworm's versions, as installed in SANDBOX_IMAGE.
            runtimes: vec![
                builtin_runtime(
                    "python",
                    "3.11.2",
                    &["py", "python3"],
                    "main.py",
                    &[],
                    &["python3", "{file}"],
                ),
                builtin_runtime(
                    "bash",
                    "5.2.15",
                    &["sh"],
                    "main.sh",
                    &[],
                    &["bash", "{file}"],
                ),
                builtin_runtime(
                    "c",
                    "12.2.0",
                    &["gcc"],
                    "main.c",
                    &[
                        "gcc",
                        "-O2",
                        "-pipe",
                        "-o",
                        "/tmp/box/a.out",
                        "-x",
                        "c",
                        "{files}",
                        "-x",
                        "none",
                        "-lm",
                    ],
                    &["/tmp/box/a.out"],
                ),
            ],
        }
    }
}

impl SandboxConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        Runtimes::new(&self.runtimes).map_err(|m| ConfigError::invalid("runtimes", m))?;
        self.limits
            .check()
            .map_err(|m| ConfigError::invalid("limits", m))?;
        for (key, v) in [
            ("pool_size", self.pool_size),
            ("max_concurrent", self.max_concurrent),
            ("max_pending_per_caller", self.max_pending_per_caller),
            ("max_request_bytes", self.max_request_bytes),
            ("max_files", self.max_files),
            ("cpus_milli", self.cpus_milli),
            ("tmpfs_mib", self.tmpfs_mib),
            ("nofile", self.nofile),
            ("fsize_mib", self.fsize_mib),
            ("queue_timeout_secs", self.queue_timeout_secs),
            (
                "public_runs_per_minute",
                u64::from(self.public_runs_per_minute),
            ),
        ] {
            if v == 0 {
                return Err(ConfigError::invalid(key, "must be greater than 0"));
            }
        }
        if self.pids_limit < 8 {
            return Err(ConfigError::invalid("pids_limit", "must be at least 8"));
        }
        if !self.docker_host.is_empty() {
            DockerAddress::parse("sandbox.docker_host", &self.docker_host)
                .map_err(|e| ConfigError::invalid("docker_host", e.to_string()))?;
        }
        Ok(())
    }

    /// The engine the runs go to: `docker_host`, else this machine's socket.
    /// Err says why there is none (the sandbox is then off).
    pub fn engine_address(&self, local_socket: &str) -> Result<DockerAddress, String> {
        if !self.enabled {
            return Err("the sandbox is disabled (sandbox.enabled = false)".into());
        }
        let host = if self.docker_host.is_empty() {
            if local_socket.is_empty() {
                return Err("the sandbox has no Docker Engine: set sandbox.docker_host".into());
            }
            format!("unix://{local_socket}")
        } else {
            self.docker_host.clone()
        };
        DockerAddress::parse("sandbox.docker_host", &host).map_err(|e| e.to_string())
    }

    /// The configured runtimes (checked with the section).
    pub fn runtimes(&self) -> Runtimes {
        Runtimes::new(&self.runtimes).unwrap_or_default()
    }

    pub fn settings(&self, install_id: &str) -> Settings {
        let count = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
        Settings {
            install_id: install_id.to_owned(),
            runtimes: self.runtimes(),
            limits: self.limits.clone(),
            pool_size: count(self.pool_size),
            idle_pool_size: count(self.idle_pool_size),
            idle: Duration::from_secs(self.idle_secs),
            max_concurrent: count(self.max_concurrent),
            max_queue: count(self.max_queue),
            queue_timeout: Duration::from_secs(self.queue_timeout_secs),
            max_files: count(self.max_files),
            cpus_milli: self.cpus_milli,
            pids_limit: self.pids_limit,
            tmpfs_mib: self.tmpfs_mib,
            nofile: self.nofile,
            fsize_mib: self.fsize_mib,
        }
    }
}
