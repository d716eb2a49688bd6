//! `[http]`: the HTTP listener's limits and shutdown.

use serde::{Deserialize, Serialize};
use tianqi_config::ConfigError;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct HttpConfig {
    /// Largest accepted request body.
    pub body_limit_bytes: u64,
    /// How long shutdown waits for in-flight requests before closing them.
    pub shutdown_grace_secs: u64,
    /// Take the client address from X-Forwarded-For (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            body_limit_bytes: 1024 * 1024,
            shutdown_grace_secs: 10,
            trust_forwarded_for: false,
        }
    }
}

impl HttpConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.body_limit_bytes == 0 {
            return Err(ConfigError::invalid(
                "body_limit_bytes",
                "must be greater than 0",
            ));
        }
        Ok(())
    }

    pub fn body_limit(&self) -> usize {
        usize::try_from(self.body_limit_bytes).unwrap_or(usize::MAX)
    }
}
