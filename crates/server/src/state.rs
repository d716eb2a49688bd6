//! What every handler can reach.

use std::sync::Arc;

use tianqi_service::Services;

use crate::config::Config;
use crate::metrics::Metrics;

#[derive(Clone)]
pub struct AppState {
    pub services: Services,
    pub config: Arc<Config>,
    pub metrics: Metrics,
    pub sandbox: Arc<SandboxState>,
}

/// The sandbox as the routes see it.
pub struct SandboxState {
    /// The running service, or why there is none (disabled, no Docker address).
    pub service: Result<tianqi_sandbox::Sandbox, String>,
    /// The configured runtimes (listed even when the service is off).
    pub runtimes: tianqi_core::sandbox::Runtimes,
    /// Public mode's per-address run counter.
    pub public_throttle: std::sync::Mutex<tianqi_core::throttle::Throttle>,
}
