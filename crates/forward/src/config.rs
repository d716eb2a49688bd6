//! `[forward]`: the port forwarder's behaviour (the rules themselves are data,
//! managed through the API).

use std::time::Duration;

use serde::{Deserialize, Serialize};
use tianqi_config::ConfigError;
use tianqi_core::net::{parse_cidrs, Cidr};

use crate::Settings;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ForwardConfig {
    /// Run the enabled rules; false = rules are kept but nothing listens.
    pub enabled: bool,
    /// After a rule is disabled (or edited to another address), how long its
    /// open TCP connections may go on before they are closed.
    pub disable_grace_secs: u64,
    /// A UDP client whose session saw no datagram either way for this long is
    /// forgotten (its upstream socket closed).
    pub udp_idle_secs: u64,
    /// Bound on connecting to a rule's target.
    pub connect_timeout_ms: u64,
    /// Open TCP connections (or UDP sessions) per rule; more are refused.
    pub max_connections_per_rule: u64,
    /// Networks a rule may forward to (comma-separated CIDRs); the default is
    /// any address. 0.0.0.0, :: and this server's own API/SSH ports never are.
    pub allowed_targets: String,
    /// Move TCP bytes with splice(2) through a pipe (Linux), never copying
    /// them to user space; false = a buffered copy, which measured faster on
    /// loopback here (docs/BENCHMARKS.md), hence the default.
    pub zero_copy: bool,
    /// Size of each direction's buffer (buffered copy) or pipe (splice).
    pub buffer_kib: u64,
    /// How often rules are reconciled with the store: instance targets
    /// re-resolved, rules whose address was busy bound again.
    pub reconcile_interval_secs: u64,
}

impl Default for ForwardConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            disable_grace_secs: 0,
            udp_idle_secs: 30,
            connect_timeout_ms: 5000,
            max_connections_per_rule: 10_000,
            allowed_targets: "0.0.0.0/0,::/0".into(),
            zero_copy: false,
            buffer_kib: 64,
            reconcile_interval_secs: 5,
        }
    }
}

impl ForwardConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        for (key, v) in [
            ("udp_idle_secs", self.udp_idle_secs),
            ("connect_timeout_ms", self.connect_timeout_ms),
            ("max_connections_per_rule", self.max_connections_per_rule),
            ("reconcile_interval_secs", self.reconcile_interval_secs),
        ] {
            if v == 0 {
                return Err(ConfigError::invalid(key, "must be greater than 0"));
            }
        }
        if !(4..=1024).contains(&self.buffer_kib) {
            return Err(ConfigError::invalid(
                "buffer_kib",
                "must be between 4 and 1024",
            ));
        }
        self.allowed_target_networks()
            .map_err(|m| ConfigError::invalid("allowed_targets", m))?;
        Ok(())
    }

    /// The allow-list of target networks (checked with the section).
    pub fn allowed_target_networks(&self) -> Result<Vec<Cidr>, String> {
        let list = parse_cidrs(&self.allowed_targets)?;
        if list.is_empty() {
            return Err("must name at least one network (0.0.0.0/0,::/0 = any)".into());
        }
        Ok(list)
    }

    pub fn settings(&self) -> Settings {
        Settings {
            disable_grace: Duration::from_secs(self.disable_grace_secs),
            udp_idle: Duration::from_secs(self.udp_idle_secs),
            connect_timeout: Duration::from_millis(self.connect_timeout_ms),
            max_connections: usize::try_from(self.max_connections_per_rule)
                .unwrap_or(usize::MAX)
                .min(tokio::sync::Semaphore::MAX_PERMITS),
            zero_copy: self.zero_copy,
            buffer_size: usize::try_from(self.buffer_kib * 1024).unwrap_or(64 * 1024),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_bad_values_are_named() {
        assert!(ForwardConfig::default().validate().is_ok());
        let bad = ForwardConfig {
            allowed_targets: "10.0.0.0/33".into(),
            ..ForwardConfig::default()
        };
        assert!(bad
            .validate()
            .unwrap_err()
            .to_string()
            .contains("allowed_targets"));
        let bad = ForwardConfig {
            allowed_targets: " ".into(),
            ..ForwardConfig::default()
        };
        assert!(bad.validate().is_err());
        let bad = ForwardConfig {
            udp_idle_secs: 0,
            ..ForwardConfig::default()
        };
        assert!(bad
            .validate()
            .unwrap_err()
            .to_string()
            .contains("udp_idle_secs"));
        let bad = ForwardConfig {
            buffer_kib: 2,
            ..ForwardConfig::default()
        };
        assert!(bad.validate().is_err());
    }
}
