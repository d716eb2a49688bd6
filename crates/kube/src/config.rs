//! `[kube]`: how the server talks to the Kubernetes clusters it manages (the
//! clusters themselves are data, managed through the API).

use std::time::Duration;

use serde::{Deserialize, Serialize};
use tianqi_config::ConfigError;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct KubeConfig {
    /// Bound on one call to a cluster's API server (seconds), connecting included.
    pub request_timeout_secs: u64,
    /// Bound on opening the TCP/TLS connection to an API server (seconds).
    pub connect_timeout_secs: u64,
    /// Clients kept open at most (one per cluster); the least recently used goes first.
    pub pool_size: u64,
    /// A cluster's client unused for this long is closed (seconds).
    pub pool_idle_secs: u64,
}

impl Default for KubeConfig {
    fn default() -> Self {
        Self {
            request_timeout_secs: 15,
            connect_timeout_secs: 5,
            pool_size: 64,
            pool_idle_secs: 600,
        }
    }
}

/// The resolved `[kube]` section.
#[derive(Debug, Clone, PartialEq)]
pub struct KubeSettings {
    pub request_timeout: Duration,
    pub connect_timeout: Duration,
    pub pool_size: usize,
    pub pool_idle: Duration,
}

impl Default for KubeSettings {
    fn default() -> Self {
        KubeConfig::default().settings()
    }
}

impl KubeConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        for (key, v, max) in [
            ("request_timeout_secs", self.request_timeout_secs, 600),
            ("connect_timeout_secs", self.connect_timeout_secs, 120),
            ("pool_size", self.pool_size, 10_000),
            ("pool_idle_secs", self.pool_idle_secs, 86_400),
        ] {
            if v == 0 || v > max {
                return Err(ConfigError::invalid(
                    key,
                    format!("must be between 1 and {max}"),
                ));
            }
        }
        if self.connect_timeout_secs > self.request_timeout_secs {
            return Err(ConfigError::invalid(
                "connect_timeout_secs",
                "must not exceed request_timeout_secs",
            ));
        }
        Ok(())
    }

    pub fn settings(&self) -> KubeSettings {
        KubeSettings {
            request_timeout: Duration::from_secs(self.request_timeout_secs),
            connect_timeout: Duration::from_secs(self.connect_timeout_secs),
            pool_size: usize::try_from(self.pool_size).unwrap_or(usize::MAX),
            pool_idle: Duration::from_secs(self.pool_idle_secs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_bounds_are_named() {
        assert!(KubeConfig::default().validate().is_ok());
        let bad = KubeConfig {
            pool_size: 0,
            ..KubeConfig::default()
        };
        assert!(bad
            .validate()
            .unwrap_err()
            .to_string()
            .contains("pool_size"));
        let bad = KubeConfig {
            connect_timeout_secs: 30,
            request_timeout_secs: 10,
            ..KubeConfig::default()
        };
        assert!(bad
            .validate()
            .unwrap_err()
            .to_string()
            .contains("connect_timeout_secs"));
    }
}
