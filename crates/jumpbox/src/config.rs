//! `[jumpbox]`: the SSH jump host's listener, banner, host key and limits.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tianqi_config::ConfigError;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct JumpboxConfig {
    /// Run the SSH jump host.
    pub enabled: bool,
    /// Address the SSH jump host listens on.
    pub listen: String,
    /// Shown before authentication (the seed platform's greeting).
    pub banner: String,
    /// The server's Ed25519 host key (OpenSSH format); empty = `jumpbox_host_key`
    /// in the data dir, generated once (0600) and kept, so clients never see the
    /// key change.
    pub host_key_file: PathBuf,
    /// A connection with no traffic for this long is closed.
    pub idle_timeout_secs: u64,
    /// Allow `ssh -L` (direct-tcpip) into the chosen instance.
    pub allow_port_forwarding: bool,
    /// The host name users connect to, shown in the console's SSH command;
    /// empty = the host name the console was opened with.
    pub public_host: String,
    /// Record every terminal (pty) session in an instance as an asciicast v2
    /// file under `<data dir>/recordings/`.
    pub record: bool,
    /// Recordings older than this many days are removed (files and rows);
    /// 0 = keep them.
    pub recording_retention_days: u32,
}

impl Default for JumpboxConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            listen: "0.0.0.0:2026".into(),
            banner: "欢迎使用SSH跳板机服务".into(),
            host_key_file: PathBuf::new(),
            idle_timeout_secs: 1800,
            allow_port_forwarding: true,
            public_host: String::new(),
            record: false,
            recording_retention_days: 30,
        }
    }
}

impl JumpboxConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.listen
            .parse::<SocketAddr>()
            .map_err(|e| ConfigError::invalid("listen", format!("not an address:port ({e})")))?;
        if self.idle_timeout_secs == 0 {
            return Err(ConfigError::invalid(
                "idle_timeout_secs",
                "must be greater than 0",
            ));
        }
        if self.public_host.len() > 253 || self.public_host.contains(char::is_whitespace) {
            return Err(ConfigError::invalid(
                "public_host",
                "must be a host name or address",
            ));
        }
        if self.banner.len() > 4096 {
            return Err(ConfigError::invalid("banner", "must be at most 4096 bytes"));
        }
        Ok(())
    }

    /// What the jump host service (the other transports' view of it, and
    /// the recordings) runs with.
    pub fn service_settings(&self, data_dir: &Path) -> tianqi_service::jumpbox::JumpboxSettings {
        tianqi_service::jumpbox::JumpboxSettings {
            enabled: self.enabled,
            public_host: self.public_host.clone(),
            record: self.record,
            recordings_dir: data_dir.join("recordings"),
            recording_retention: (self.recording_retention_days > 0)
                .then(|| Duration::from_secs(u64::from(self.recording_retention_days) * 86_400)),
        }
    }

    /// The settings the jump host runs with; `data_dir` holds the generated
    /// host key when none is configured.
    pub fn settings(&self, data_dir: &Path) -> Settings {
        Settings {
            listen: self.listen.clone(),
            banner: self.banner.clone(),
            host_key_file: if self.host_key_file.as_os_str().is_empty() {
                data_dir.join("jumpbox_host_key")
            } else {
                self.host_key_file.clone()
            },
            idle_timeout: Duration::from_secs(self.idle_timeout_secs),
            allow_port_forwarding: self.allow_port_forwarding,
            auth_rejection: Duration::from_secs(1),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: String,
    pub banner: String,
    pub host_key_file: PathBuf,
    pub idle_timeout: Duration,
    pub allow_port_forwarding: bool,
    /// How long every refused authentication takes (russh's
    /// `auth_rejection_time`), so timing does not tell which part was wrong.
    pub auth_rejection: Duration,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_checks() {
        let c = JumpboxConfig::default();
        assert!(c.validate().is_ok());
        let s = c.settings(Path::new("/var/lib/tianqi"));
        assert_eq!(
            s.host_key_file,
            Path::new("/var/lib/tianqi/jumpbox_host_key")
        );
        assert_eq!(s.idle_timeout, Duration::from_secs(1800));
        let svc = c.service_settings(Path::new("/var/lib/tianqi"));
        assert!(!svc.record);
        assert_eq!(svc.recordings_dir, Path::new("/var/lib/tianqi/recordings"));
        assert_eq!(
            svc.recording_retention,
            Some(Duration::from_secs(30 * 86_400))
        );
        let keep = JumpboxConfig {
            recording_retention_days: 0,
            ..JumpboxConfig::default()
        };
        assert_eq!(
            keep.service_settings(Path::new("/d")).recording_retention,
            None
        );
        let bad = JumpboxConfig {
            listen: "2026".into(),
            ..JumpboxConfig::default()
        };
        assert!(bad.validate().unwrap_err().to_string().contains("listen"));
        let bad = JumpboxConfig {
            idle_timeout_secs: 0,
            ..JumpboxConfig::default()
        };
        assert!(bad.validate().is_err());
    }
}
