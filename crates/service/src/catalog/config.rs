//! `[nodes]`: how compute nodes are reached and checked.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tianqi_config::ConfigError;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct NodesConfig {
    /// How often every node's Docker connection is tested.
    pub check_interval_secs: u64,
    /// Bound on each call to a node's Docker Engine.
    pub timeout_secs: u64,
    /// This machine's Docker socket, registered as node `local` on first start
    /// when it answers, and offered to admins in the console when it appears
    /// later; empty = never.
    pub local_socket: String,
}

impl Default for NodesConfig {
    fn default() -> Self {
        Self {
            check_interval_secs: 30,
            timeout_secs: 5,
            local_socket: "/var/run/docker.sock".into(),
        }
    }
}

/// What the catalog needs to reach nodes.
#[derive(Debug, Clone)]
pub struct NodeSettings {
    /// Where per-node files (TLS material for the Docker client) are written.
    pub data_dir: PathBuf,
    /// Bound on every call to a node's Docker Engine.
    pub timeout: Duration,
    /// How often the health loop probes every node.
    pub check_interval: Duration,
    /// This machine's Docker socket (`nodes.local_socket`), offered as node
    /// `local`; empty = never.
    pub local_socket: String,
}

impl NodesConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.check_interval_secs == 0 || self.timeout_secs == 0 {
            return Err(ConfigError::invalid(
                "check_interval_secs",
                "node check interval and timeout must be above 0",
            ));
        }
        if !self.local_socket.is_empty() && !self.local_socket.starts_with('/') {
            return Err(ConfigError::invalid(
                "local_socket",
                "must be an absolute path (or empty)",
            ));
        }
        Ok(())
    }

    pub fn settings(&self, data_dir: PathBuf) -> NodeSettings {
        NodeSettings {
            data_dir,
            timeout: Duration::from_secs(self.timeout_secs),
            check_interval: Duration::from_secs(self.check_interval_secs),
            local_socket: self.local_socket.clone(),
        }
    }
}
