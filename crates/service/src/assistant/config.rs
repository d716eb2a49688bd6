//! `[assistant]`: how the server talks to the AI provider, and the default
//! daily token limit.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use tianqi_config::ConfigError;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AssistantConfig {
    /// Time limit to connect to the provider (seconds).
    pub connect_timeout_secs: u64,
    /// Time limit for the provider's answer to begin (streamed) or to be
    /// whole (not streamed), in seconds.
    pub request_timeout_secs: u64,
    /// A streamed reply that sends nothing for this long is ended as stalled
    /// (seconds); what arrived is kept.
    pub stream_idle_timeout_secs: u64,
    /// Tokens a user's replies may use per UTC day unless an admin set the
    /// user's own limit; 0 = unlimited.
    pub daily_token_limit: u64,
    /// How many earlier messages of a conversation go with each request.
    pub history_messages: u32,
}

impl Default for AssistantConfig {
    fn default() -> Self {
        Self {
            connect_timeout_secs: 10,
            request_timeout_secs: 120,
            stream_idle_timeout_secs: 60,
            daily_token_limit: 0,
            history_messages: 40,
        }
    }
}

#[derive(Debug, Clone)]
pub struct AssistantSettings {
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    pub stream_idle_timeout: Duration,
    pub daily_token_limit: Option<i64>,
    pub history_messages: usize,
}

impl Default for AssistantSettings {
    fn default() -> Self {
        AssistantConfig::default().settings()
    }
}

fn secs(field: &str, v: u64, max: u64) -> Result<(), ConfigError> {
    if v == 0 || v > max {
        return Err(ConfigError::invalid(
            field,
            format!("must be between 1 and {max}"),
        ));
    }
    Ok(())
}

impl AssistantConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        secs("connect_timeout_secs", self.connect_timeout_secs, 300)?;
        secs("request_timeout_secs", self.request_timeout_secs, 3600)?;
        secs(
            "stream_idle_timeout_secs",
            self.stream_idle_timeout_secs,
            3600,
        )?;
        if self.daily_token_limit > i64::MAX as u64 {
            return Err(ConfigError::invalid("daily_token_limit", "is too large"));
        }
        if self.history_messages > 1000 {
            return Err(ConfigError::invalid(
                "history_messages",
                "must be at most 1000",
            ));
        }
        Ok(())
    }

    pub fn settings(&self) -> AssistantSettings {
        AssistantSettings {
            connect_timeout: Duration::from_secs(self.connect_timeout_secs),
            request_timeout: Duration::from_secs(self.request_timeout_secs),
            stream_idle_timeout: Duration::from_secs(self.stream_idle_timeout_secs),
            daily_token_limit: (self.daily_token_limit > 0)
                .then_some(self.daily_token_limit as i64),
            history_messages: self.history_messages as usize,
        }
    }
}
