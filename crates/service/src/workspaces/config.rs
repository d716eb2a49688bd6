//! `[workspaces]`: the workspace profile and the compat API's access.
//!
//! The profile lives in the configuration, not the database (one per
//! installation: the compat API has no profile parameter): the data root is a
//! host path bind-mounted into containers, and the port bases are what old
//! clients compute ports from — both belong to whoever runs the machine, not
//! to an API call (see docs/ARCHITECTURE.md).

use std::net::SocketAddr;

use serde::{Deserialize, Serialize};
use tianqi_config::{ConfigError, Secret};
use tianqi_core::net::{parse_cidrs, Cidr};
use tianqi_core::workspace::{parse_cpus, parse_size, Profile};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct WorkspacesConfig {
    /// Serve workspaces at all (the compat routes, the admin API, reconciliation).
    pub enabled: bool,
    /// The profile's name, recorded in labels and rows.
    pub profile: String,
    pub image: String,
    /// Container name; `{user_id}` is replaced.
    pub name_template: String,
    pub max_users: i64,
    pub http_port_base: i64,
    pub ws_port_base: i64,
    /// Ports the image listens on inside the container.
    pub container_http_port: i64,
    pub container_ws_port: i64,
    /// Host directory holding `user_<id>/`; a leading `~/` is the server's $HOME.
    pub data_root: String,
    pub mount_path: String,
    /// `uid:gid` for data directories created on first create; empty = unchanged.
    pub data_owner: String,
    pub cpus: String,
    pub memory: String,
    pub shm_size: String,
    pub license_server: String,
    /// CONTEXT_TAGS; `{user_id}` is replaced.
    pub context_tags: String,
    /// Name of the node the containers run on.
    pub node: String,
    /// Host address the workspace ports are published on; empty = every
    /// address (as the old service). Set it to a private address when the
    /// workspaces should not be reachable from outside.
    pub publish_ip: String,
    /// Stop a workspace after this many minutes idle (CPU below
    /// `idle_cpu_percent` and nothing started by exec running in it); its
    /// container and data are kept, and the next create or restart starts it.
    /// 0 = never.
    pub idle_stop_minutes: i64,
    pub idle_cpu_percent: f64,
    pub compat: CompatConfig,
}

/// `[workspaces.compat]`: where the MATLAB-compatible API is served and who
/// may call it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CompatConfig {
    /// Where the MATLAB-compatible routes live on the main listener; empty = not there.
    pub prefix: String,
    /// A dedicated listener serving them at `/` (like the old service on :8080); empty = none.
    pub listen: String,
    /// Comma-separated addresses/CIDRs allowed without a token.
    pub allow_cidrs: String,
    /// Bearer token. Required on the main listener (empty = the compat routes
    /// there refuse everyone); on the dedicated listener it admits any address.
    pub token: Secret,
    /// Comma-separated host names the dedicated listener answers to, besides
    /// IP addresses and `localhost` (a request naming another host is refused:
    /// DNS rebinding).
    pub allowed_hosts: String,
}

impl Default for WorkspacesConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            profile: "matlab".into(),
            image: "matlab:latest".into(),
            name_template: "matlab-user-{user_id}".into(),
            max_users: 100,
            http_port_base: 30000,
            ws_port_base: 31000,
            container_http_port: 8888,
            container_ws_port: 8765,
            data_root: "~/matlab_data".into(),
            mount_path: "/home/matlab/shared".into(),
            data_owner: String::new(),
            cpus: "2".into(),
            memory: "4g".into(),
            shm_size: "4G".into(),
            license_server: String::new(),
            context_tags: String::new(),
            node: "local".into(),
            publish_ip: String::new(),
            idle_stop_minutes: 0,
            idle_cpu_percent: 5.0,
            compat: CompatConfig::default(),
        }
    }
}

impl Default for CompatConfig {
    fn default() -> Self {
        Self {
            prefix: "/compat/matlab".into(),
            listen: String::new(),
            allow_cidrs: "127.0.0.0/8,::1/128".into(),
            token: Secret::default(),
            allowed_hosts: String::new(),
        }
    }
}

/// Who may call the compat API, as the transport checks it.
#[derive(Debug, Clone, Default)]
pub struct CompatAccess {
    /// Addresses admitted without a token, on the dedicated listener only.
    pub cidrs: Vec<Cidr>,
    /// Empty = no token admits anyone.
    pub token: Secret,
    /// Host names the dedicated listener answers to (IPs and `localhost` always).
    pub allowed_hosts: Vec<String>,
}

impl WorkspacesConfig {
    /// Checks the section; `pids_limit` is the instances' (workspaces share it).
    pub fn validate(&self, pids_limit: i64) -> Result<(), ConfigError> {
        if !self.enabled {
            return Ok(());
        }
        self.profile(pids_limit)?;
        let c = &self.compat;
        if !c.prefix.is_empty()
            && (!c.prefix.starts_with('/')
                || c.prefix.ends_with('/')
                || c.prefix.starts_with("/api"))
        {
            return Err(ConfigError::invalid(
                "compat.prefix",
                "must start with / (not /api), not end with /, or be empty",
            ));
        }
        if !c.listen.is_empty() && c.listen.parse::<SocketAddr>().is_err() {
            return Err(ConfigError::invalid(
                "compat.listen",
                "must be an address like 0.0.0.0:8080 (or empty)",
            ));
        }
        parse_cidrs(&c.allow_cidrs).map_err(|m| ConfigError::invalid("compat.allow_cidrs", m))?;
        Ok(())
    }

    /// The profile the section describes, checked (keys relative to the section).
    pub fn profile(&self, pids_limit: i64) -> Result<Profile, ConfigError> {
        let port = |key: &str, v: i64| {
            u16::try_from(v)
                .map_err(|_| ConfigError::invalid(key, format!("{v} is not a port number")))
        };
        let size = |key: &str, v: &str| {
            parse_size(v).ok_or_else(|| {
                ConfigError::invalid(key, format!("`{v}` is not a size like 4g or 512m"))
            })
        };
        let data_root = match self.data_root.strip_prefix("~/") {
            Some(rest) => {
                let home = std::env::var("HOME").unwrap_or_default();
                if home.is_empty() {
                    return Err(ConfigError::invalid("data_root", "~ needs $HOME to be set"));
                }
                format!("{}/{rest}", home.trim_end_matches('/'))
            }
            None => self.data_root.clone(),
        };
        let profile = Profile {
            name: self.profile.clone(),
            image: self.image.clone(),
            name_template: self.name_template.clone(),
            max_users: self.max_users,
            http_port_base: port("http_port_base", self.http_port_base)?,
            ws_port_base: port("ws_port_base", self.ws_port_base)?,
            container_http_port: port("container_http_port", self.container_http_port)?,
            container_ws_port: port("container_ws_port", self.container_ws_port)?,
            data_root,
            mount_path: self.mount_path.clone(),
            data_owner: self.data_owner.clone(),
            cpu_milli: parse_cpus(&self.cpus).ok_or_else(|| {
                ConfigError::invalid(
                    "cpus",
                    format!("`{}` is not a CPU count like 2 or 1.5", self.cpus),
                )
            })?,
            memory_bytes: size("memory", &self.memory)?,
            shm_bytes: size("shm_size", &self.shm_size)?,
            pids_limit,
            license_server: self.license_server.clone(),
            context_tags: self.context_tags.clone(),
            node: self.node.clone(),
            publish_ip: self.publish_ip.trim().to_owned(),
            idle_stop_minutes: self.idle_stop_minutes,
            idle_cpu_percent: self.idle_cpu_percent,
        };
        if self.idle_stop_minutes != 0 {
            tianqi_core::autostop::validate_idle_minutes(
                "idle_stop_minutes",
                Some(self.idle_stop_minutes),
            )
            .map_err(|_| {
                ConfigError::invalid(
                    "idle_stop_minutes",
                    format!(
                        "must be 0 (never) or between 1 and {}",
                        tianqi_core::autostop::MAX_IDLE_MINUTES
                    ),
                )
            })?;
        }
        if !(self.idle_cpu_percent.is_finite() && self.idle_cpu_percent > 0.0) {
            return Err(ConfigError::invalid(
                "idle_cpu_percent",
                "must be a number above 0",
            ));
        }
        if self.profile.is_empty()
            || !self
                .profile
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(ConfigError::invalid(
                "profile",
                "must be letters, digits, - or _",
            ));
        }
        profile.validate("").map_err(|e| match e {
            tianqi_core::Error::Validation { field, message } => {
                ConfigError::invalid(field, message)
            }
            other => ConfigError::invalid("(profile)", other.to_string()),
        })?;
        Ok(profile)
    }

    /// Who the compat API admits (the list was checked with the section).
    pub fn compat_access(&self) -> CompatAccess {
        CompatAccess {
            cidrs: parse_cidrs(&self.compat.allow_cidrs).unwrap_or_default(),
            token: self.compat.token.clone(),
            allowed_hosts: self
                .compat
                .allowed_hosts
                .split(',')
                .map(|h| h.trim().to_ascii_lowercase())
                .filter(|h| !h.is_empty())
                .collect(),
        }
    }
}
