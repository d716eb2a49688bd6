//! `[assets]`: how the server reads its assets' BMCs over Redfish.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use tianqi_config::ConfigError;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AssetsConfig {
    /// Every asset with a BMC is read again this often (seconds); 0 = only on demand.
    pub bmc_refresh_interval_secs: u64,
    /// One BMC request's time limit (seconds).
    pub bmc_timeout_secs: u64,
    /// Check BMC certificates against the system's roots. BMCs ship
    /// self-signed certificates, so this is off unless yours are signed.
    pub bmc_verify_tls: bool,
}

impl Default for AssetsConfig {
    fn default() -> Self {
        Self {
            bmc_refresh_interval_secs: 0,
            bmc_timeout_secs: 10,
            bmc_verify_tls: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct AssetSettings {
    pub bmc_refresh_interval: Option<Duration>,
    pub bmc_timeout: Duration,
    pub bmc_verify_tls: bool,
}

impl Default for AssetSettings {
    fn default() -> Self {
        AssetsConfig::default().settings()
    }
}

impl AssetsConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.bmc_refresh_interval_secs > 7 * 86_400 {
            return Err(ConfigError::invalid(
                "bmc_refresh_interval_secs",
                "must be 0 (off) or at most 604800 (a week)",
            ));
        }
        if self.bmc_timeout_secs == 0 || self.bmc_timeout_secs > 300 {
            return Err(ConfigError::invalid(
                "bmc_timeout_secs",
                "must be between 1 and 300",
            ));
        }
        Ok(())
    }

    pub fn settings(&self) -> AssetSettings {
        AssetSettings {
            bmc_refresh_interval: (self.bmc_refresh_interval_secs > 0)
                .then(|| Duration::from_secs(self.bmc_refresh_interval_secs)),
            bmc_timeout: Duration::from_secs(self.bmc_timeout_secs),
            bmc_verify_tls: self.bmc_verify_tls,
        }
    }
}
