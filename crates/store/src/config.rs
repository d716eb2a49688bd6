//! `[db]`: the connection pool.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use tianqi_config::ConfigError;

use crate::StoreOptions;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DbConfig {
    pub max_connections: u32,
    /// How long SQLite waits on a locked database.
    pub busy_timeout_ms: u64,
    /// How long a request waits for a pooled connection.
    pub acquire_timeout_ms: u64,
}

impl Default for DbConfig {
    fn default() -> Self {
        Self {
            max_connections: 16,
            busy_timeout_ms: 5000,
            acquire_timeout_ms: 5000,
        }
    }
}

impl DbConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.max_connections == 0 {
            return Err(ConfigError::invalid(
                "max_connections",
                "must be greater than 0",
            ));
        }
        Ok(())
    }

    pub fn options(&self) -> StoreOptions {
        StoreOptions {
            max_connections: self.max_connections,
            busy_timeout: Duration::from_millis(self.busy_timeout_ms),
            acquire_timeout: Duration::from_millis(self.acquire_timeout_ms),
        }
    }
}
