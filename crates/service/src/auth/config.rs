//! `[auth]`: sessions, the failed-login throttle, API tokens.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use tianqi_config::ConfigError;
use tianqi_core::throttle::ThrottleRule;

use super::AuthSettings;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AuthConfig {
    /// Lifetime of a login session token.
    pub session_ttl_secs: u64,
    /// Failed logins from one address before it is locked out for the window.
    pub login_max_failures_per_ip: u32,
    /// Failed logins for one username before it is locked out for the window.
    pub login_max_failures_per_user: u32,
    pub login_window_secs: u64,
    pub max_api_tokens_per_user: u32,
    /// How long a token lookup is reused (0 = look up every request). Changes
    /// through this server apply at once; other processes' within this time.
    pub token_cache_ms: u64,
    /// Password checks waiting or running at once (one per core runs); a
    /// sign-in beyond that gets 503 instead of queueing without bound.
    pub max_pending_hashes: u32,
    /// Longest life of an API token in days (1–3650), also given to tokens
    /// created without an expiry; 0 = a token may live until revoked.
    pub api_token_max_days: u32,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            session_ttl_secs: 12 * 3600,
            login_max_failures_per_ip: 20,
            login_max_failures_per_user: 5,
            login_window_secs: 300,
            max_api_tokens_per_user: 100,
            token_cache_ms: 2000,
            max_pending_hashes: 64,
            api_token_max_days: 0,
        }
    }
}

impl AuthConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.session_ttl_secs == 0 {
            return Err(ConfigError::invalid(
                "session_ttl_secs",
                "must be greater than 0",
            ));
        }
        if self.login_max_failures_per_ip == 0 || self.login_max_failures_per_user == 0 {
            return Err(ConfigError::invalid(
                "login_max_failures_per_ip",
                "login failure limits must be greater than 0",
            ));
        }
        if self.api_token_max_days > 3650 {
            return Err(ConfigError::invalid(
                "api_token_max_days",
                "must be at most 3650 (or 0 for no limit)",
            ));
        }
        if self.max_pending_hashes == 0 {
            return Err(ConfigError::invalid(
                "max_pending_hashes",
                "must be greater than 0",
            ));
        }
        Ok(())
    }

    pub fn settings(&self) -> AuthSettings {
        let window = Duration::from_secs(self.login_window_secs);
        AuthSettings {
            session_ttl: Duration::from_secs(self.session_ttl_secs),
            login_ip: ThrottleRule {
                limit: self.login_max_failures_per_ip,
                window,
            },
            login_user: ThrottleRule {
                limit: self.login_max_failures_per_user,
                window,
            },
            max_api_tokens_per_user: usize::try_from(self.max_api_tokens_per_user)
                .unwrap_or(usize::MAX),
            token_cache_ttl: Duration::from_millis(self.token_cache_ms),
            max_pending_hashes: usize::try_from(self.max_pending_hashes).unwrap_or(usize::MAX),
            api_token_max_days: self.api_token_max_days,
        }
    }
}
