//! Workspaces: one long-lived container per (profile, user id) with ports and a
//! data directory that follow from the user id alone, so a client can compute
//! them (the MATLAB service's clients do: HTTP = 30000 + id). Pure: the profile
//! rules, the container plan, the source-address allow-list and the exact text
//! formats the compat API answers with.

use std::collections::BTreeMap;

use crate::container::ContainerPlan;
use crate::{Error, Result};

/// Placeholder for the user id in name templates and environment values.
pub const USER_ID_PLACEHOLDER: &str = "{user_id}";

/// Directories created under `user_<id>/` on the first create (the old service's
/// layout), and the log file inside.
pub const DATA_SUBDIRS: &[&str] = &[
    "commands",
    "results",
    "scripts",
    "logs",
    "command_queue",
    "models",
    "Documents/MATLAB",
];
pub const DATA_LOG_FILE: &str = "logs/container.log";

/// Label keys every workspace container carries (besides `tianqi.managed` and
/// `tianqi.install`): enough to rebuild the record from Docker alone.
pub const LABEL_PROFILE: &str = "tianqi.workspace";
pub const LABEL_USER: &str = "tianqi.workspace.user";
pub const LABEL_HTTP_PORT: &str = "tianqi.workspace.http_port";
pub const LABEL_WS_PORT: &str = "tianqi.workspace.ws_port";

/// Everything that decides what a workspace container is.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Profile {
    /// The profile's name (`matlab`); part of labels and records.
    pub name: String,
    pub image: String,
    /// Container name with `{user_id}`, e.g. `matlab-user-{user_id}`.
    pub name_template: String,
    /// User ids are 1..=max_users.
    pub max_users: i64,
    /// Host HTTP port = http_port_base + user id.
    pub http_port_base: u16,
    /// Host WebSocket port = ws_port_base + user id.
    pub ws_port_base: u16,
    /// The ports the image listens on inside the container.
    pub container_http_port: u16,
    pub container_ws_port: u16,
    /// Absolute host path; `user_<id>/` below it is the user's data.
    pub data_root: String,
    /// Where the user's data directory appears inside the container.
    pub mount_path: String,
    /// `uid:gid` given to the data directories created on first create (empty =
    /// the server's own user).
    pub data_owner: String,
    pub cpu_milli: i64,
    pub memory_bytes: i64,
    pub shm_bytes: i64,
    pub pids_limit: i64,
    pub license_server: String,
    /// Value of CONTEXT_TAGS; `{user_id}` is replaced.
    pub context_tags: String,
    /// Name of the node the containers run on.
    pub node: String,
    /// Host address the workspace ports are published on; empty = every
    /// address (as the old service did).
    pub publish_ip: String,
    /// Stop a workspace (its data kept) after this many minutes idle; 0 = never.
    pub idle_stop_minutes: i64,
    /// Below this CPU use (percent of one core) with no exec running, idle.
    pub idle_cpu_percent: f64,
}

/// Where a user's workspace lives: the container name and the host ports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub user_id: i64,
    pub http_port: u16,
    pub ws_port: u16,
}

fn docker_name_ok(name: &str) -> bool {
    // Docker: [a-zA-Z0-9][a-zA-Z0-9_.-]+
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        && name.len() <= 128
}

impl Profile {
    /// Checks the rules a profile must meet before any container is made from it.
    /// `field` prefixes the field names in errors (`workspaces.`).
    pub fn validate(&self, field: &str) -> Result<()> {
        let f = |k: &str| format!("{field}{k}");
        if !self.publish_ip.is_empty() && self.publish_ip.parse::<std::net::IpAddr>().is_err() {
            return Err(Error::validation(
                f("publish_ip"),
                "must be an IP address of the node (or empty for every address)",
            ));
        }
        if self.image.trim().is_empty() {
            return Err(Error::validation(f("image"), "must not be empty"));
        }
        if self.name_template.matches(USER_ID_PLACEHOLDER).count() != 1 {
            return Err(Error::validation(
                f("name_template"),
                "must contain {user_id} exactly once",
            ));
        }
        if !docker_name_ok(&self.container_name(1)) {
            return Err(Error::validation(
                f("name_template"),
                "must give a valid container name ([A-Za-z0-9][A-Za-z0-9_.-]*)",
            ));
        }
        if self.max_users < 1 || self.max_users > 10_000 {
            return Err(Error::validation(f("max_users"), "must be 1..=10000"));
        }
        for (key, base) in [
            ("http_port_base", self.http_port_base),
            ("ws_port_base", self.ws_port_base),
        ] {
            if i64::from(base) + self.max_users > 65535 || base == 0 {
                return Err(Error::validation(
                    f(key),
                    format!(
                        "{base} + max_users ({}) must stay within 1..=65535",
                        self.max_users
                    ),
                ));
            }
        }
        let (h, w) = (i64::from(self.http_port_base), i64::from(self.ws_port_base));
        if (h - w).abs() < self.max_users {
            return Err(Error::validation(
                f("ws_port_base"),
                "the HTTP and WebSocket port ranges overlap",
            ));
        }
        if self.container_http_port == 0
            || self.container_ws_port == 0
            || self.container_http_port == self.container_ws_port
        {
            return Err(Error::validation(
                f("container_http_port"),
                "container ports must be distinct and above 0",
            ));
        }
        if !self.data_root.starts_with('/') {
            return Err(Error::validation(
                f("data_root"),
                "must be an absolute path (or start with ~/)",
            ));
        }
        if !self.mount_path.starts_with('/') || self.mount_path.contains(':') {
            return Err(Error::validation(
                f("mount_path"),
                "must be an absolute path without ':'",
            ));
        }
        if self.data_root.contains(':') {
            return Err(Error::validation(f("data_root"), "must not contain ':'"));
        }
        if !self.data_owner.is_empty() && parse_owner(&self.data_owner).is_none() {
            return Err(Error::validation(
                f("data_owner"),
                "must be uid:gid (numbers) or empty",
            ));
        }
        if self.cpu_milli < 10 {
            return Err(Error::validation(f("cpus"), "must be at least 0.01"));
        }
        if self.memory_bytes < 6 * 1024 * 1024 {
            return Err(Error::validation(f("memory"), "must be at least 6m"));
        }
        if self.shm_bytes < 1024 * 1024 {
            return Err(Error::validation(f("shm_size"), "must be at least 1m"));
        }
        if self.node.trim().is_empty() {
            return Err(Error::validation(f("node"), "must name a node"));
        }
        Ok(())
    }

    pub fn container_name(&self, user_id: i64) -> String {
        self.name_template
            .replace(USER_ID_PLACEHOLDER, &user_id.to_string())
    }

    /// The slot of a user id in range, else `None`.
    pub fn slot(&self, user_id: i64) -> Option<Slot> {
        if user_id < 1 || user_id > self.max_users {
            return None;
        }
        let port = |base: u16| u16::try_from(i64::from(base) + user_id).ok();
        Some(Slot {
            user_id,
            http_port: port(self.http_port_base)?,
            ws_port: port(self.ws_port_base)?,
        })
    }

    /// The user id a container name stands for (`matlab-user-7` → 7), when it
    /// follows the template and the id is in range. Leading zeros or signs are
    /// refused so one workspace has exactly one name.
    pub fn user_of(&self, container_name: &str) -> Option<i64> {
        let (pre, post) = self.name_template.split_once(USER_ID_PLACEHOLDER)?;
        let digits = container_name.strip_prefix(pre)?.strip_suffix(post)?;
        if digits.is_empty()
            || digits.len() > 6
            || digits.starts_with('0')
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let id: i64 = digits.parse().ok()?;
        self.slot(id).map(|s| s.user_id)
    }

    /// The user's data directory on the node's host.
    pub fn data_dir(&self, user_id: i64) -> String {
        format!("{}/user_{user_id}", self.data_root.trim_end_matches('/'))
    }

    /// The message old clients get for a bad user id.
    pub fn invalid_user_message(&self) -> String {
        format!("Invalid user_id. Must be between 1 and {}", self.max_users)
    }

    pub fn labels(&self, install_id: &str, node_id: i64, slot: Slot) -> BTreeMap<String, String> {
        BTreeMap::from([
            ("tianqi.managed".to_owned(), "true".to_owned()),
            ("tianqi.install".to_owned(), install_id.to_owned()),
            ("tianqi.node".to_owned(), node_id.to_string()),
            (LABEL_PROFILE.to_owned(), self.name.clone()),
            (LABEL_USER.to_owned(), slot.user_id.to_string()),
            (LABEL_HTTP_PORT.to_owned(), slot.http_port.to_string()),
            (LABEL_WS_PORT.to_owned(), slot.ws_port.to_string()),
        ])
    }

    /// The exact container for a user's workspace.
    pub fn plan(&self, install_id: &str, node_id: i64, slot: Slot) -> ContainerPlan {
        let id = slot.user_id.to_string();
        ContainerPlan {
            name: self.container_name(slot.user_id),
            image: self.image.clone(),
            cmd: Vec::new(),
            working_dir: None,
            labels: self.labels(install_id, node_id, slot),
            env: vec![
                format!("USER_ID={id}"),
                format!("LICENSE_SERVER={}", self.license_server),
                format!(
                    "CONTEXT_TAGS={}",
                    self.context_tags.replace(USER_ID_PLACEHOLDER, &id)
                ),
            ],
            nano_cpus: self.cpu_milli * 1_000_000,
            memory_bytes: self.memory_bytes,
            memory_swap_bytes: self.memory_bytes,
            shm_bytes: self.shm_bytes,
            pids_limit: self.pids_limit,
            storage_size_gb: None,
            volumes: Vec::new(),
            binds: vec![format!(
                "{}:{}:rw",
                self.data_dir(slot.user_id),
                self.mount_path
            )],
            gpu_device_ids: Vec::new(),
            ports: vec![
                (self.container_http_port, slot.http_port),
                (self.container_ws_port, slot.ws_port),
            ],
            // Long-lived: back after a node reboot or a daemon restart, but a
            // container stopped on purpose stays stopped.
            restart_unless_stopped: true,
            network: None,
            publish_ip: Some(self.publish_ip.clone()).filter(|ip| !ip.is_empty()),
            cap_drop: Vec::new(),
            cap_add: Vec::new(),
            log_rotation: None,
            read_only_files: Vec::new(),
        }
    }
}

/// `1000:1000` → (1000, 1000).
pub fn parse_owner(s: &str) -> Option<(u32, u32)> {
    let (u, g) = s.split_once(':')?;
    Some((u.trim().parse().ok()?, g.trim().parse().ok()?))
}

/// Docker-style CPU count (`2`, `1.5`) → millicores.
pub fn parse_cpus(s: &str) -> Option<i64> {
    let v: f64 = s.trim().parse().ok()?;
    (v.is_finite() && v > 0.0 && v <= 1024.0).then(|| (v * 1000.0).round() as i64)
}

/// Docker-style size (`4g`, `4G`, `512m`, `1024k`, `100b`, plain bytes) → bytes.
pub fn parse_size(s: &str) -> Option<i64> {
    let t = s.trim().to_ascii_lowercase();
    let t = t.strip_suffix('b').unwrap_or(&t);
    let (num, mult): (&str, i64) = match t.chars().last()? {
        'k' => (&t[..t.len() - 1], 1 << 10),
        'm' => (&t[..t.len() - 1], 1 << 20),
        'g' => (&t[..t.len() - 1], 1 << 30),
        't' => (&t[..t.len() - 1], 1 << 40),
        _ => (t, 1),
    };
    let n: i64 = num.trim().parse().ok()?;
    (n > 0).then(|| n.checked_mul(mult)).flatten()
}

/// A port number named in a Docker error about a busy host port, if it is one
/// of ours: Docker says "port is already allocated" (its own bookkeeping) or
/// "address already in use" (the proxy's bind).
pub fn busy_port(message: &str, slot: Slot) -> Option<u16> {
    let m = message.to_ascii_lowercase();
    if !(m.contains("already allocated") || m.contains("address already in use")) {
        return None;
    }
    [slot.http_port, slot.ws_port]
        .into_iter()
        .find(|p| m.contains(&format!(":{p}")))
        .or(Some(slot.http_port).filter(|_| m.contains(&slot.http_port.to_string())))
        .or(Some(slot.ws_port).filter(|_| m.contains(&slot.ws_port.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn profile() -> Profile {
        Profile {
            name: "matlab".into(),
            image: "matlab:r2024a".into(),
            name_template: "matlab-user-{user_id}".into(),
            max_users: 100,
            http_port_base: 30000,
            ws_port_base: 31000,
            container_http_port: 8888,
            container_ws_port: 8765,
            data_root: "/home/t/matlab_data".into(),
            mount_path: "/home/matlab/shared".into(),
            data_owner: String::new(),
            cpu_milli: 2000,
            memory_bytes: 4 << 30,
            shm_bytes: 4 << 30,
            pids_limit: 4096,
            license_server: "27000@lic".into(),
            context_tags: "user_{user_id}".into(),
            node: "local".into(),
            publish_ip: String::new(),
            idle_stop_minutes: 0,
            idle_cpu_percent: 5.0,
        }
    }

    #[test]
    fn slots_names_and_users() {
        let p = profile();
        p.validate("workspaces.").unwrap();
        assert_eq!(
            p.slot(1),
            Some(Slot {
                user_id: 1,
                http_port: 30001,
                ws_port: 31001
            })
        );
        assert_eq!(p.slot(100).unwrap().ws_port, 31100);
        assert_eq!((p.slot(0), p.slot(101), p.slot(-3)), (None, None, None));
        assert_eq!(p.container_name(42), "matlab-user-42");
        assert_eq!(p.user_of("matlab-user-42"), Some(42));
        for bad in [
            "matlab-user-042",
            "matlab-user-0",
            "matlab-user-101",
            "matlab-user-",
            "matlab-user-1x",
            "matlab-user--1",
            "other-1",
            "matlab-user-99999999999999999999",
        ] {
            assert_eq!(p.user_of(bad), None, "{bad}");
        }
        assert_eq!(
            p.invalid_user_message(),
            "Invalid user_id. Must be between 1 and 100"
        );
    }

    #[test]
    fn plan_is_the_old_services_container() {
        let p = profile();
        let c = p.plan("inst1234", 3, p.slot(7).unwrap());
        assert_eq!(c.name, "matlab-user-7");
        assert_eq!(c.ports, vec![(8888, 30007), (8765, 31007)]);
        assert_eq!(
            c.binds,
            vec!["/home/t/matlab_data/user_7:/home/matlab/shared:rw"]
        );
        assert_eq!(
            c.env,
            vec![
                "USER_ID=7",
                "LICENSE_SERVER=27000@lic",
                "CONTEXT_TAGS=user_7"
            ]
        );
        assert_eq!(c.nano_cpus, 2_000_000_000);
        assert_eq!((c.memory_bytes, c.memory_swap_bytes), (4 << 30, 4 << 30));
        assert_eq!(c.labels[LABEL_USER], "7");
        assert_eq!(c.labels[LABEL_PROFILE], "matlab");
        assert_eq!(c.labels[LABEL_HTTP_PORT], "30007");
        assert_eq!(c.labels["tianqi.install"], "inst1234");
        assert!(c.restart_unless_stopped);
    }

    #[test]
    fn profile_rules() {
        let bad = |f: fn(&mut Profile), field: &str| {
            let mut p = profile();
            f(&mut p);
            match p.validate("workspaces.") {
                Err(Error::Validation { field: got, .. }) => assert_eq!(got, field),
                other => panic!("{field}: {other:?}"),
            }
        };
        bad(
            |p| p.name_template = "matlab".into(),
            "workspaces.name_template",
        );
        bad(
            |p| p.name_template = "/x{user_id}".into(),
            "workspaces.name_template",
        );
        bad(|p| p.max_users = 0, "workspaces.max_users");
        bad(|p| p.http_port_base = 65500, "workspaces.http_port_base");
        bad(|p| p.ws_port_base = 30050, "workspaces.ws_port_base");
        bad(|p| p.data_root = "rel/dir".into(), "workspaces.data_root");
        bad(|p| p.data_owner = "matlab".into(), "workspaces.data_owner");
        bad(|p| p.memory_bytes = 1, "workspaces.memory");
        bad(
            |p| p.container_ws_port = 8888,
            "workspaces.container_http_port",
        );
    }

    #[test]
    fn sizes_and_cpus() {
        assert_eq!(parse_size("4g"), Some(4 << 30));
        assert_eq!(parse_size("4G"), Some(4 << 30));
        assert_eq!(parse_size("512m"), Some(512 << 20));
        assert_eq!(parse_size("512MB"), Some(512 << 20));
        assert_eq!(parse_size("100"), Some(100));
        assert_eq!(parse_size("x"), None);
        assert_eq!(parse_size("-1g"), None);
        assert_eq!(parse_cpus("2"), Some(2000));
        assert_eq!(parse_cpus("1.5"), Some(1500));
        assert_eq!(parse_cpus("0"), None);
        assert_eq!(parse_owner("1000:1001"), Some((1000, 1001)));
    }

    #[test]
    fn busy_ports_are_named() {
        let s = profile().slot(1).unwrap();
        let e = "driver failed programming external connectivity on endpoint matlab-user-1: \
                 Error starting userland proxy: listen tcp4 0.0.0.0:31001: bind: address already in use";
        assert_eq!(busy_port(e, s), Some(31001));
        let e = "Bind for 0.0.0.0:30001 failed: port is already allocated";
        assert_eq!(busy_port(e, s), Some(30001));
        assert_eq!(busy_port("no such image", s), None);
    }
}
