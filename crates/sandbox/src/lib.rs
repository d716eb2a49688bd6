//! The sandbox: untrusted code runs in a fresh container that no other run has
//! used, taken from a warm pool of pre-started containers per runtime and
//! replaced in the background.
//!
//! Each pool container starts the embedded static runner (see `runner/main.rs`)
//! as its only process and waits on the attached stdin; a run writes the job,
//! reads framed output until the runner reports the exit, and the container is
//! removed. The host — not the runner — enforces the wall timeout, the output
//! caps and the frame sizes, by killing the whole container.
#![forbid(unsafe_code)]

mod config;
mod container;
mod job;
mod pool;
mod service;
mod settings;

pub use config::{SandboxConfig, SANDBOX_IMAGE};
pub use service::{Connect, ExecuteOutcome, PoolStatus, Sandbox, SandboxError};
pub use settings::Settings;

/// The runner executable, built statically by build.rs.
pub const RUNNER: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tianqi-sandbox-runner"));

/// Label on every sandbox container and runner volume, valued with the
/// installation id, so start-up reaps only this installation's leftovers.
pub const LABEL: &str = "tianqi.sandbox";
/// Label naming the runtime a pool container belongs to.
pub const RUNTIME_LABEL: &str = "tianqi.sandbox.runtime";
