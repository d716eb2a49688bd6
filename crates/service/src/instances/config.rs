//! `[instances]`: limits every instance container gets.

use serde::{Deserialize, Serialize};
use tianqi_config::ConfigError;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct InstancesConfig {
    /// PidsLimit of every instance container (a fork bomb stays inside it).
    pub pids_limit: i64,
    /// /dev/shm size of instance containers in MiB (capped at their memory).
    pub shm_mib: i64,
    /// Most bytes of log lines one `logs?tail=` answer carries (the newest
    /// are kept).
    pub logs_max_bytes: u64,
}

impl Default for InstancesConfig {
    fn default() -> Self {
        Self {
            pids_limit: 4096,
            shm_mib: 1024,
            logs_max_bytes: 2 * 1024 * 1024,
        }
    }
}

/// The instance settings are the section itself: nothing to convert.
pub type InstanceSettings = InstancesConfig;

impl InstancesConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.pids_limit < 16 {
            return Err(ConfigError::invalid("pids_limit", "must be at least 16"));
        }
        if self.logs_max_bytes < 1024 {
            return Err(ConfigError::invalid(
                "logs_max_bytes",
                "must be at least 1024",
            ));
        }
        if self.shm_mib < 1 {
            return Err(ConfigError::invalid("shm_mib", "must be at least 1"));
        }
        Ok(())
    }
}
