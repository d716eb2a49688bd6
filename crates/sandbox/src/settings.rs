//! What a running sandbox needs to know, resolved from the configuration.

use std::time::Duration;

use tianqi_core::sandbox::{LimitSettings, Runtimes};

#[derive(Debug, Clone)]
pub struct Settings {
    /// Labels this installation's containers (and scopes reaping to them).
    pub install_id: String,
    pub runtimes: Runtimes,
    pub limits: LimitSettings,
    /// Warm containers kept per runtime while it is in use.
    pub pool_size: usize,
    /// Warm containers kept per runtime after `idle` without runs.
    pub idle_pool_size: usize,
    pub idle: Duration,
    /// Runs executing at once; more wait in the queue.
    pub max_concurrent: usize,
    /// Runs that may wait; beyond that a request is refused at once.
    pub max_queue: usize,
    /// How long a run may wait in the queue before it is refused.
    pub queue_timeout: Duration,
    pub max_files: usize,
    pub cpus_milli: u64,
    pub pids_limit: i64,
    pub tmpfs_mib: u64,
    pub nofile: u64,
    pub fsize_mib: u64,
}
