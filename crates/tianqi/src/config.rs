//! The configuration root: the top-level keys and one section per feature,
//! each defined (with its defaults and checks) beside the code that reads it.
//! The loader itself (layers, key names, `Secret`) is `tianqi_config`.
//!
//! Adding a feature's section is one field here, one line in `validate`, and a
//! row per key in docs/CONFIG.md (a test checks that).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tianqi_config::{ConfigError, Layer, Secret};
use tianqi_forward::ForwardConfig;
use tianqi_jumpbox::JumpboxConfig;
use tianqi_kube::KubeConfig;
use tianqi_sandbox::SandboxConfig;
use tianqi_server::HttpConfig;
use tianqi_service::assets::AssetsConfig;
use tianqi_service::assistant::AssistantConfig;
use tianqi_service::audit::AuditConfig;
use tianqi_service::auth::AuthConfig;
use tianqi_service::catalog::NodesConfig;
use tianqi_service::finetune::FinetuneConfig;
use tianqi_service::instances::InstancesConfig;
use tianqi_service::sessions::SessionsConfig;
use tianqi_service::tasks::TasksConfig;
use tianqi_service::usage::UsageConfig;
use tianqi_service::workspaces::WorkspacesConfig;
use tianqi_store::DbConfig;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Address the HTTP API and console listen on.
    pub listen: String,
    /// Where the SQLite database, generated keys and node files live.
    pub data_dir: PathBuf,
    /// `postgres://user:pass@host/db` to use PostgreSQL; empty = SQLite under data_dir.
    pub database_url: String,
    /// `text` or `json`.
    pub log_format: String,
    /// A tracing filter, e.g. `info` or `info,tianqi_server=debug`.
    pub log_level: String,
    /// Password for the first admin, used only on the very first start; empty = generate one.
    pub bootstrap_admin_password: Secret,
    /// Base64url key (32 bytes) that encrypts secrets at rest; empty = generated file in data_dir.
    pub secret_key: Secret,
    pub http: HttpConfig,
    pub db: DbConfig,
    pub auth: AuthConfig,
    pub audit: AuditConfig,
    pub nodes: NodesConfig,
    pub instances: InstancesConfig,
    pub sessions: SessionsConfig,
    pub sandbox: SandboxConfig,
    pub workspaces: WorkspacesConfig,
    pub forward: ForwardConfig,
    pub tasks: TasksConfig,
    pub finetune: FinetuneConfig,
    pub jumpbox: JumpboxConfig,
    pub assets: AssetsConfig,
    pub assistant: AssistantConfig,
    pub kube: KubeConfig,
    pub usage: UsageConfig,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8890".into(),
            data_dir: PathBuf::from("./data"),
            database_url: String::new(),
            log_format: "text".into(),
            log_level: "info".into(),
            bootstrap_admin_password: Secret::default(),
            secret_key: Secret::default(),
            http: HttpConfig::default(),
            db: DbConfig::default(),
            auth: AuthConfig::default(),
            audit: AuditConfig::default(),
            nodes: NodesConfig::default(),
            instances: InstancesConfig::default(),
            sessions: SessionsConfig::default(),
            sandbox: SandboxConfig::default(),
            workspaces: WorkspacesConfig::default(),
            forward: ForwardConfig::default(),
            tasks: TasksConfig::default(),
            finetune: FinetuneConfig::default(),
            jumpbox: JumpboxConfig::default(),
            assets: AssetsConfig::default(),
            assistant: AssistantConfig::default(),
            kube: KubeConfig::default(),
            usage: UsageConfig::default(),
        }
    }
}

impl tianqi_config::Root for Config {
    fn validate(&self) -> Result<(), ConfigError> {
        self.listen_addr()?;
        if !matches!(self.log_format.as_str(), "text" | "json") {
            return Err(ConfigError::invalid(
                "log_format",
                "must be `text` or `json`",
            ));
        }
        if self.data_dir.as_os_str().is_empty() {
            return Err(ConfigError::invalid("data_dir", "must not be empty"));
        }
        if !self.database_url.is_empty()
            && !["sqlite:", "postgres:", "postgresql:"]
                .iter()
                .any(|p| self.database_url.starts_with(p))
        {
            return Err(ConfigError::invalid(
                "database_url",
                "must start with postgres://, postgresql:// or sqlite://",
            ));
        }
        self.http.validate().map_err(|e| e.within("http"))?;
        self.db.validate().map_err(|e| e.within("db"))?;
        self.instances
            .validate()
            .map_err(|e| e.within("instances"))?;
        self.nodes.validate().map_err(|e| e.within("nodes"))?;
        self.sessions.validate().map_err(|e| e.within("sessions"))?;
        self.sandbox.validate().map_err(|e| e.within("sandbox"))?;
        self.workspaces
            .validate(self.instances.pids_limit)
            .map_err(|e| e.within("workspaces"))?;
        self.auth.validate().map_err(|e| e.within("auth"))?;
        self.audit.validate().map_err(|e| e.within("audit"))?;
        self.forward.validate().map_err(|e| e.within("forward"))?;
        self.tasks.validate().map_err(|e| e.within("tasks"))?;
        self.finetune.validate().map_err(|e| e.within("finetune"))?;
        self.jumpbox.validate().map_err(|e| e.within("jumpbox"))?;
        self.assets.validate().map_err(|e| e.within("assets"))?;
        self.assistant
            .validate()
            .map_err(|e| e.within("assistant"))?;
        self.kube.validate().map_err(|e| e.within("kube"))?;
        self.usage.validate().map_err(|e| e.within("usage"))?;
        Ok(())
    }
}

impl Config {
    /// Loads file, environment and flags in precedence order.
    pub fn load(config_file: Option<&Path>, flags: Layer) -> Result<Config, ConfigError> {
        tianqi_config::load(config_file, flags)
    }

    pub fn listen_addr(&self) -> Result<SocketAddr, ConfigError> {
        self.listen.parse().map_err(|_| {
            ConfigError::invalid(
                "listen",
                format!("`{}` is not an address like 127.0.0.1:8890", self.listen),
            )
        })
    }

    /// The workspace profile, when workspaces are on (checked when loaded).
    pub fn workspace_profile(&self) -> Option<tianqi_core::workspace::Profile> {
        if !self.workspaces.enabled {
            return None;
        }
        self.workspaces.profile(self.instances.pids_limit).ok()
    }

    /// The database URL in effect: the configured one, or SQLite under data_dir.
    pub fn effective_database_url(&self) -> String {
        if self.database_url.is_empty() {
            tianqi_store::Store::sqlite_url(&self.data_dir)
        } else {
            self.database_url.clone()
        }
    }

    /// The configuration as TOML with secrets masked (`tianqi config show`).
    pub fn to_masked_toml(&self) -> String {
        let mut shown = self.clone();
        shown.database_url = tianqi_store::redact_url(&shown.database_url);
        tianqi_config::masked_toml(&shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(layers: &[Layer]) -> Result<Config, ConfigError> {
        tianqi_config::resolve(layers)
    }

    fn file_layer(name: &str, text: &str) -> Result<Layer, ConfigError> {
        tianqi_config::file_layer::<Config>(name, text)
    }

    fn env_layer(vars: Vec<(String, String)>) -> Result<Layer, ConfigError> {
        tianqi_config::env_layer::<Config, _>(vars)
    }

    #[test]
    fn sandbox_runtimes_come_from_the_file_and_are_checked() {
        let text = r#"
[sandbox]
pool_size = 2
[sandbox.limits]
run_timeout_max_ms = 60000
[[sandbox.runtimes]]
language = "python"
version = "3.12.1"
image = "my/python:3.12"
source_file = "main.py"
run = ["python3", "{file}"]
limits = { run_timeout_ms = 5000 }
"#;
        let c = resolve(&[file_layer("t.toml", text).unwrap()]).unwrap();
        assert_eq!(c.sandbox.pool_size, 2);
        assert_eq!(c.sandbox.limits.run_timeout_max_ms, 60000);
        assert_eq!(c.sandbox.runtimes.len(), 1);
        assert_eq!(c.sandbox.runtimes[0].limits.run_timeout_ms, Some(5000));
        // `config show` prints it back.
        let shown = c.to_masked_toml();
        assert!(shown.contains("my/python:3.12"), "{shown}");
        assert!(Config::default()
            .to_masked_toml()
            .contains("tianqi/sandbox:bookworm"));

        let bad = text.replace("3.12.1", "3.12");
        let e = resolve(&[file_layer("t.toml", &bad).unwrap()]).unwrap_err();
        assert!(e.to_string().contains("sandbox.runtimes"), "{e}");
        let bad = text.replace("run_timeout_max_ms = 60000", "run_timeout_max_ms = 1");
        let e = resolve(&[file_layer("t.toml", &bad).unwrap()]).unwrap_err();
        assert!(e.to_string().contains("run_timeout_ms"), "{e}");
        let bad = text.replace("pool_size = 2", "pool_size = 2\nunknown = 1");
        assert!(file_layer("t.toml", &bad).is_err());
    }

    #[test]
    fn wrong_types_are_named() {
        let f = file_layer("t.toml", "[http]\nbody_limit_bytes = \"big\"\n").unwrap();
        let e = resolve(&[f]).unwrap_err();
        assert!(e.to_string().contains("http.body_limit_bytes"), "{e}");
        let e = env_layer(vec![("TIANQI_DB_MAX_CONNECTIONS".into(), "many".into())]).unwrap_err();
        assert!(e.to_string().contains("TIANQI_DB_MAX_CONNECTIONS"), "{e}");
        let f = file_layer("t.toml", "[http]\nbody_limit_bytes = -5\n").unwrap();
        assert!(resolve(&[f]).is_err());
        let f = file_layer("t.toml", "log_format = \"xml\"\n").unwrap();
        assert!(resolve(&[f])
            .unwrap_err()
            .to_string()
            .contains("log_format"));
    }

    #[test]
    fn secrets_are_masked() {
        let c = Config {
            bootstrap_admin_password: "hunter22hunter".into(),
            secret_key: "k3y".into(),
            database_url: "postgres://u:pw123@h/db".into(),
            ..Config::default()
        };
        let shown = c.to_masked_toml();
        assert!(
            !shown.contains("hunter22hunter") && !shown.contains("k3y") && !shown.contains("pw123")
        );
        assert!(shown.contains("****"));
    }

    #[test]
    fn workspace_profile_from_config() {
        let c = resolve(&[]).unwrap();
        let p = c.workspace_profile().unwrap();
        assert_eq!(p.name_template, "matlab-user-{user_id}");
        assert_eq!(
            (p.http_port_base, p.ws_port_base, p.max_users),
            (30000, 31000, 100)
        );
        assert_eq!(
            (p.cpu_milli, p.memory_bytes, p.shm_bytes),
            (2000, 4 << 30, 4 << 30)
        );
        assert!(p.data_root.ends_with("/matlab_data") && p.data_root.starts_with('/'));
        let env = env_layer(vec![("TIANQI_WORKSPACES_MEMORY".into(), "lots".into())]).unwrap();
        let e = resolve(&[env]).unwrap_err();
        assert!(e.to_string().contains("workspaces.memory"), "{e}");
        let f = file_layer("t.toml", "[workspaces]\nws_port_base = 30050\n").unwrap();
        let e = resolve(&[f]).unwrap_err();
        assert!(e.to_string().contains("workspaces.ws_port_base"), "{e}");
        let f = file_layer(
            "t.toml",
            "[workspaces.compat]\nallow_cidrs = \"10.0.0.0/99\"\n",
        )
        .unwrap();
        let e = resolve(&[f]).unwrap_err();
        assert!(e.to_string().contains("allow_cidrs"), "{e}");
        let f = file_layer("t.toml", "[workspaces.compat]\nprefix = \"compat\"\n").unwrap();
        assert!(resolve(&[f]).is_err());
        let f = file_layer("t.toml", "[workspaces.compat]\ntoken = \"s3cr3t-token\"\n").unwrap();
        let c = resolve(&[f]).unwrap();
        assert!(!c.to_masked_toml().contains("s3cr3t-token"));
    }

    #[test]
    fn secret_keys_follow_the_type() {
        let secret: Vec<String> = tianqi_config::known_keys::<Config>()
            .into_iter()
            .filter(|k| k.secret)
            .map(|k| k.name)
            .collect();
        assert_eq!(
            secret,
            [
                "bootstrap_admin_password",
                "secret_key",
                "tasks.compat.token",
                "workspaces.compat.token"
            ]
        );
    }
}

#[cfg(test)]
mod docs_tests {
    /// docs/CONFIG.md lists every key and its variable, so the reference cannot
    /// fall behind the code.
    #[test]
    fn config_reference_lists_every_key() {
        let doc = include_str!("../../../docs/CONFIG.md");
        for key in tianqi_config::known_keys::<super::Config>() {
            let key = key.name;
            assert!(
                doc.contains(&format!("| `{key}` |")),
                "docs/CONFIG.md lacks key {key}"
            );
            let var = tianqi_config::env_name(&key);
            assert!(
                doc.contains(&format!("`{var}`")),
                "docs/CONFIG.md lacks {var}"
            );
        }
    }
}
