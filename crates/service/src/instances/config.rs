//! `[instances]`: limits every instance container gets, and how idle and
//! scheduled shutdown watches them.

use serde::{Deserialize, Serialize};
use tianqi_config::ConfigError;
use tianqi_core::container::{Isolation, DOCKER_DEFAULT_CAPABILITIES};

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
    /// Capabilities every instance loses from Docker's default set
    /// (comma-separated); an image may give some back (`capabilities`).
    pub drop_capabilities: String,
    /// One Docker network per owner on each node, so one tenant's instances
    /// cannot reach another's (Docker isolates its bridges from each other).
    pub network_per_owner: bool,
    /// Container log rotation: the json-file `max-size` (e.g. `10m`)…
    pub log_max_size: String,
    /// …and how many files are kept.
    pub log_max_files: u32,
    /// How often running instances are checked for idle and scheduled
    /// shutdown (seconds); 0 turns automatic stops off.
    pub autostop_interval_secs: u64,
    /// The owner is warned (in the console) this many minutes before an
    /// automatic stop.
    pub autostop_warn_minutes: u64,
    /// An instance using less CPU than this (percent of one core, averaged
    /// between two checks) and holding no terminal or SSH session is idle.
    pub idle_cpu_percent: f64,
    /// Seconds between the samples of running instances kept for the
    /// charts on their pages (the last hour, in memory); 0 keeps none.
    pub stats_history_interval_secs: u64,
}

impl Default for InstancesConfig {
    fn default() -> Self {
        Self {
            pids_limit: 4096,
            shm_mib: 1024,
            logs_max_bytes: 2 * 1024 * 1024,
            drop_capabilities: "NET_RAW,MKNOD,AUDIT_WRITE".into(),
            network_per_owner: true,
            log_max_size: "10m".into(),
            log_max_files: 3,
            autostop_interval_secs: 60,
            autostop_warn_minutes: 10,
            idle_cpu_percent: 5.0,
            stats_history_interval_secs: 15,
        }
    }
}

/// The instance settings are the section itself: nothing to convert.
pub type InstanceSettings = InstancesConfig;

impl InstancesConfig {
    fn dropped(&self) -> Vec<String> {
        self.drop_capabilities
            .split(',')
            .map(|c| c.trim().trim_start_matches("CAP_").to_ascii_uppercase())
            .filter(|c| !c.is_empty())
            .collect()
    }

    /// How an instance of an image with `capabilities` is fenced off.
    pub fn isolation(&self, capabilities: &[String]) -> Isolation {
        Isolation {
            drop_capabilities: self.dropped(),
            image_capabilities: capabilities.to_vec(),
            log_rotation: Some((self.log_max_size.clone(), self.log_max_files)),
            network_per_owner: self.network_per_owner,
        }
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.pids_limit < 16 {
            return Err(ConfigError::invalid("pids_limit", "must be at least 16"));
        }
        for c in self.dropped() {
            if !DOCKER_DEFAULT_CAPABILITIES.contains(&c.as_str()) {
                return Err(ConfigError::invalid(
                    "drop_capabilities",
                    format!(
                        "{c} is not in Docker's default set ({})",
                        DOCKER_DEFAULT_CAPABILITIES.join(", ")
                    ),
                ));
            }
        }
        let size_ok = self
            .log_max_size
            .strip_suffix(['k', 'm', 'g'])
            .is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n > 0));
        if !size_ok {
            return Err(ConfigError::invalid(
                "log_max_size",
                "must be a size like 10m (k, m or g)",
            ));
        }
        if self.log_max_files == 0 {
            return Err(ConfigError::invalid("log_max_files", "must be at least 1"));
        }
        if self.logs_max_bytes < 1024 {
            return Err(ConfigError::invalid(
                "logs_max_bytes",
                "must be at least 1024",
            ));
        }
        if self.stats_history_interval_secs > 3600 {
            return Err(ConfigError::invalid(
                "stats_history_interval_secs",
                "must be 0 (no history) or 1–3600 seconds",
            ));
        }
        if !(self.idle_cpu_percent.is_finite() && self.idle_cpu_percent > 0.0) {
            return Err(ConfigError::invalid(
                "idle_cpu_percent",
                "must be a number above 0",
            ));
        }
        if self.shm_mib < 1 {
            return Err(ConfigError::invalid("shm_mib", "must be at least 1"));
        }
        Ok(())
    }
}
