//! `[http]`: the HTTP listener's limits and shutdown.

use serde::{Deserialize, Serialize};
use tianqi_config::ConfigError;
use tianqi_core::net::{parse_cidrs, Cidr};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct HttpConfig {
    /// Largest accepted request body.
    pub body_limit_bytes: u64,
    /// How long shutdown waits for in-flight requests before closing them.
    pub shutdown_grace_secs: u64,
    /// A client must send a request's headers within this; idle keep-alive
    /// connections close after it too.
    pub header_read_timeout_secs: u64,
    /// Comma-separated addresses/CIDRs of reverse proxies in front of Tianqi.
    /// Only when the peer is one of them is `X-Forwarded-For` read, and the
    /// client is the right-most hop that is not a trusted proxy. Empty = the
    /// peer is the client (the header is ignored).
    pub trusted_proxies: String,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            body_limit_bytes: 1024 * 1024,
            shutdown_grace_secs: 10,
            header_read_timeout_secs: 10,
            trusted_proxies: String::new(),
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
        if self.header_read_timeout_secs == 0 {
            return Err(ConfigError::invalid(
                "header_read_timeout_secs",
                "must be greater than 0",
            ));
        }
        if self.header_read_timeout_secs == 0 {
            return Err(ConfigError::invalid(
                "header_read_timeout_secs",
                "must be greater than 0",
            ));
        }
        parse_cidrs(&self.trusted_proxies)
            .map_err(|m| ConfigError::invalid("trusted_proxies", m))?;
        Ok(())
    }

    /// The trusted proxies (checked with the section).
    pub fn proxies(&self) -> Vec<Cidr> {
        parse_cidrs(&self.trusted_proxies).unwrap_or_default()
    }

    pub fn body_limit(&self) -> usize {
        usize::try_from(self.body_limit_bytes).unwrap_or(usize::MAX)
    }
}
