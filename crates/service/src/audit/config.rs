//! `[audit]`: how long the trail is kept and how many refused anonymous
//! attempts it records.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use tianqi_config::ConfigError;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AuditConfig {
    /// Entries older than this are deleted once a day; 0 = kept forever.
    pub retention_days: u32,
    /// Refused changes without credentials recorded per source address and
    /// minute; the rest are only counted in /metrics (a flood of anonymous
    /// attempts cannot fill the table).
    pub anonymous_refusals_per_minute: u32,
}

impl Default for AuditConfig {
    fn default() -> Self {
        Self {
            retention_days: 180,
            anonymous_refusals_per_minute: 10,
        }
    }
}

/// The audit settings.
#[derive(Debug, Clone)]
pub struct AuditSettings {
    pub retention: Option<Duration>,
    pub anonymous_refusals_per_minute: u32,
}

impl Default for AuditSettings {
    fn default() -> Self {
        AuditConfig::default().settings()
    }
}

impl AuditConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.anonymous_refusals_per_minute == 0 {
            return Err(ConfigError::invalid(
                "anonymous_refusals_per_minute",
                "must be greater than 0",
            ));
        }
        Ok(())
    }

    pub fn settings(&self) -> AuditSettings {
        AuditSettings {
            retention: (self.retention_days > 0)
                .then(|| Duration::from_secs(u64::from(self.retention_days) * 86_400)),
            anonymous_refusals_per_minute: self.anonymous_refusals_per_minute,
        }
    }
}
