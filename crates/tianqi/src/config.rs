//! Configuration: defaults, then a TOML file, then `TIANQI_*` environment
//! variables, then command-line flags (each overriding the one before).
//!
//! The set of keys is the serialized form of [`Config::default`], so the key
//! list, the environment variable names and the documentation cannot drift apart:
//! a key is `http.body_limit_bytes` in the file and `TIANQI_HTTP_BODY_LIMIT_BYTES`
//! in the environment. An unknown key in either place is an error naming it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::{Table, Value};

/// Keys whose values are secrets: masked by `tianqi config show`.
pub const SECRET_KEYS: &[&str] = &[
    "bootstrap_admin_password",
    "secret_key",
    "workspaces.compat.token",
];
pub const ENV_PREFIX: &str = "TIANQI_";
pub const DEFAULT_FILE: &str = "tianqi.toml";

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
    pub bootstrap_admin_password: String,
    /// Base64url key (32 bytes) that encrypts secrets at rest; empty = generated file in data_dir.
    pub secret_key: String,
    pub http: HttpConfig,
    pub db: DbConfig,
    pub auth: AuthConfig,
    pub nodes: NodesConfig,
    pub instances: InstancesConfig,
    pub sandbox: SandboxConfig,
    pub workspaces: WorkspacesConfig,
}

/// `[sandbox]`: untrusted code runs (Piston v2 API and /api/v1/sandbox/run).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SandboxConfig {
    pub enabled: bool,
    /// Docker Engine the runs go to (`unix:///…` or `tcp://host:port`);
    /// empty = `nodes.local_socket`.
    pub docker_host: String,
    /// Allow runs without a token, rate-limited per client address.
    pub public: bool,
    /// Runs per minute one address may start when `public` is on.
    pub public_runs_per_minute: u32,
    /// Warm containers kept per runtime while it is in use.
    pub pool_size: u64,
    /// Warm containers kept per runtime after `idle_secs` without runs.
    pub idle_pool_size: u64,
    pub idle_secs: u64,
    /// Runs executing at once; more wait in the queue.
    pub max_concurrent: u64,
    /// Runs that may wait; beyond that requests get 503.
    pub max_queue: u64,
    /// How long a run may wait in the queue before it gets 503.
    pub queue_timeout_secs: u64,
    /// Largest execute request body (413 above it).
    pub max_request_bytes: u64,
    pub max_files: u64,
    /// CPU quota of each run's container, in thousandths of a CPU.
    pub cpus_milli: u64,
    pub pids_limit: i64,
    /// Size of the run's writable /tmp (tmpfs, counted in its memory).
    pub tmpfs_mib: u64,
    /// Open files per process.
    pub nofile: u64,
    /// Largest file a run may write.
    pub fsize_mib: u64,
    pub limits: tianqi_core::sandbox::LimitSettings,
    pub runtimes: Vec<tianqi_core::sandbox::RuntimeSpec>,
}

/// The image `scripts/sandbox-images.sh` builds from Debian packages.
pub const SANDBOX_IMAGE: &str = "tianqi/sandbox:bookworm";

fn builtin_runtime(
    language: &str,
    version: &str,
    aliases: &[&str],
    source_file: &str,
    compile: &[&str],
    run: &[&str],
) -> tianqi_core::sandbox::RuntimeSpec {
    let owned = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect();
    tianqi_core::sandbox::RuntimeSpec {
        language: language.into(),
        version: version.into(),
        aliases: owned(aliases),
        image: SANDBOX_IMAGE.into(),
        source_file: source_file.into(),
        compile: owned(compile),
        run: owned(run),
        limits: Default::default(),
    }
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            docker_host: String::new(),
            public: false,
            public_runs_per_minute: 30,
            pool_size: 4,
            idle_pool_size: 1,
            idle_secs: 300,
            max_concurrent: 4,
            max_queue: 32,
            queue_timeout_secs: 30,
            max_request_bytes: 1024 * 1024,
            max_files: 16,
            cpus_milli: 1000,
            pids_limit: 64,
            tmpfs_mib: 64,
            nofile: 256,
            fsize_mib: 16,
            limits: Default::default(),
            // Debian bookworm's versions, as installed in SANDBOX_IMAGE.
            runtimes: vec![
                builtin_runtime(
                    "python",
                    "3.11.2",
                    &["py", "python3"],
                    "main.py",
                    &[],
                    &["python3", "{file}"],
                ),
                builtin_runtime(
                    "bash",
                    "5.2.15",
                    &["sh"],
                    "main.sh",
                    &[],
                    &["bash", "{file}"],
                ),
                builtin_runtime(
                    "c",
                    "12.2.0",
                    &["gcc"],
                    "main.c",
                    &[
                        "gcc",
                        "-O2",
                        "-pipe",
                        "-o",
                        "/tmp/box/a.out",
                        "-x",
                        "c",
                        "{files}",
                        "-x",
                        "none",
                        "-lm",
                    ],
                    &["/tmp/box/a.out"],
                ),
            ],
        }
    }
}

/// The workspace profile (one per installation: the compat API has no profile
/// parameter) and the compat API's transport. Kept in the configuration, not the
/// database: the data root is a host path bind-mounted into containers, and the
/// port bases are what old clients compute ports from — both belong to whoever
/// runs the machine, not to an API call (see docs/ARCHITECTURE.md).
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
    pub compat: CompatConfig,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CompatConfig {
    /// Where the MATLAB-compatible routes live on the main listener; empty = not there.
    pub prefix: String,
    /// A dedicated listener serving them at `/` (like the old service on :8080); empty = none.
    pub listen: String,
    /// Comma-separated addresses/CIDRs allowed without a token.
    pub allow_cidrs: String,
    /// Bearer token that admits any address; empty = addresses only.
    pub token: String,
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
            token: String::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct InstancesConfig {
    /// PidsLimit of every instance container (a fork bomb stays inside it).
    pub pids_limit: i64,
    /// /dev/shm size of instance containers in MiB (capped at their memory).
    pub shm_mib: i64,
}

impl Default for InstancesConfig {
    fn default() -> Self {
        Self {
            pids_limit: 4096,
            shm_mib: 1024,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct NodesConfig {
    /// How often every node's Docker connection is tested.
    pub check_interval_secs: u64,
    /// Bound on each call to a node's Docker Engine.
    pub timeout_secs: u64,
    /// This machine's Docker socket, registered as node `local` on first start
    /// when it answers; empty = never.
    pub local_socket: String,
}

impl Default for NodesConfig {
    fn default() -> Self {
        Self {
            check_interval_secs: 30,
            timeout_secs: 5,
            local_socket: "/var/run/docker.sock".into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct HttpConfig {
    /// Largest accepted request body.
    pub body_limit_bytes: u64,
    /// How long shutdown waits for in-flight requests before closing them.
    pub shutdown_grace_secs: u64,
    /// Take the client address from X-Forwarded-For (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DbConfig {
    pub max_connections: u32,
    /// How long SQLite waits on a locked database.
    pub busy_timeout_ms: u64,
    /// How long a request waits for a pooled connection.
    pub acquire_timeout_ms: u64,
}

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
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8890".into(),
            data_dir: PathBuf::from("./data"),
            database_url: String::new(),
            log_format: "text".into(),
            log_level: "info".into(),
            bootstrap_admin_password: String::new(),
            secret_key: String::new(),
            http: HttpConfig::default(),
            db: DbConfig::default(),
            auth: AuthConfig::default(),
            nodes: NodesConfig::default(),
            instances: InstancesConfig::default(),
            sandbox: SandboxConfig::default(),
            workspaces: WorkspacesConfig::default(),
        }
    }
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            body_limit_bytes: 1024 * 1024,
            shutdown_grace_secs: 10,
            trust_forwarded_for: false,
        }
    }
}

impl Default for DbConfig {
    fn default() -> Self {
        Self {
            max_connections: 16,
            busy_timeout_ms: 5000,
            acquire_timeout_ms: 5000,
        }
    }
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
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error("unknown config key `{key}` in {source_name}")]
    UnknownKey { key: String, source_name: String },
    #[error("config key `{key}` in {source_name}: expected {expected}, got {got}")]
    WrongType {
        key: String,
        source_name: String,
        expected: &'static str,
        got: String,
    },
    #[error("cannot read config file {path}: {message}")]
    File { path: String, message: String },
    #[error("config key `{key}`: {message}")]
    Invalid { key: String, message: String },
}

/// Where a layer of configuration came from, for error messages.
#[derive(Debug, Clone)]
pub struct Layer {
    pub source_name: String,
    pub values: Vec<(String, Value)>,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "a string",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a number",
        Value::Boolean(_) => "true or false",
        Value::Datetime(_) => "a date-time",
        Value::Array(_) => "an array",
        Value::Table(_) => "a table",
    }
}

/// Every leaf key of the defaults, with its default value: `("http.body_limit_bytes", 1048576)`.
pub fn known_keys() -> Vec<(String, Value)> {
    fn walk(prefix: &str, t: &Table, out: &mut Vec<(String, Value)>) {
        for (k, v) in t {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                Value::Table(inner) => walk(&key, inner, out),
                leaf => out.push((key, leaf.clone())),
            }
        }
    }
    let mut out = Vec::new();
    if let Ok(Value::Table(t)) = Value::try_from(Config::default()) {
        walk("", &t, &mut out);
    }
    out
}

/// The environment variable that sets `key`.
pub fn env_name(key: &str) -> String {
    format!("{ENV_PREFIX}{}", key.replace('.', "_").to_ascii_uppercase())
}

/// Flattens a parsed TOML file into `(key, value)` pairs, rejecting unknown keys.
pub fn file_layer(source_name: &str, text: &str) -> Result<Layer, ConfigError> {
    let table: Table = text
        .parse()
        .map_err(|e: toml::de::Error| ConfigError::File {
            path: source_name.to_owned(),
            message: e.message().to_owned(),
        })?;
    let known = known_keys();
    let mut values = Vec::new();
    fn walk(
        prefix: &str,
        t: &Table,
        known: &[(String, Value)],
        source: &str,
        out: &mut Vec<(String, Value)>,
    ) -> Result<(), ConfigError> {
        for (k, v) in t {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            let is_section = known
                .iter()
                .any(|(kk, _)| kk.starts_with(&format!("{key}.")));
            match v {
                Value::Table(inner) if is_section => walk(&key, inner, known, source, out)?,
                leaf => {
                    if !known.iter().any(|(kk, _)| *kk == key) {
                        return Err(ConfigError::UnknownKey {
                            key,
                            source_name: source.to_owned(),
                        });
                    }
                    out.push((key, leaf.clone()));
                }
            }
        }
        Ok(())
    }
    walk("", &table, &known, source_name, &mut values)?;
    Ok(Layer {
        source_name: source_name.to_owned(),
        values,
    })
}

/// Picks the `TIANQI_*` variables out of `vars`, typed like the defaults.
pub fn env_layer<I>(vars: I) -> Result<Layer, ConfigError>
where
    I: IntoIterator<Item = (String, String)>,
{
    let known = known_keys();
    let mut values = Vec::new();
    for (name, raw) in vars {
        if !name.starts_with(ENV_PREFIX) {
            continue;
        }
        let Some((key, default)) = known.iter().find(|(k, _)| env_name(k) == name) else {
            return Err(ConfigError::UnknownKey {
                key: name,
                source_name: "the environment".into(),
            });
        };
        let wrong = |expected| ConfigError::WrongType {
            key: name.clone(),
            source_name: "the environment".into(),
            expected,
            got: format!("{raw:?}"),
        };
        let value = match default {
            Value::Integer(_) => {
                Value::Integer(raw.trim().parse().map_err(|_| wrong("an integer"))?)
            }
            Value::Boolean(_) => Value::Boolean(match raw.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "on" => true,
                "false" | "0" | "no" | "off" => false,
                _ => return Err(wrong("true or false")),
            }),
            _ => Value::String(raw),
        };
        values.push((key.clone(), value));
    }
    Ok(Layer {
        source_name: "the environment".into(),
        values,
    })
}

fn set_path(root: &mut Table, key: &str, value: Value) {
    let mut parts: Vec<&str> = key.split('.').collect();
    let Some(last) = parts.pop() else { return };
    let mut t = root;
    for p in parts {
        let entry = t
            .entry(p.to_owned())
            .or_insert_with(|| Value::Table(Table::new()));
        let Value::Table(inner) = entry else { return };
        t = inner;
    }
    t.insert(last.to_owned(), value);
}

/// Applies `layers` in order over the defaults and checks the result.
pub fn resolve(layers: &[Layer]) -> Result<Config, ConfigError> {
    let known = known_keys();
    let mut root = match Value::try_from(Config::default()) {
        Ok(Value::Table(t)) => t,
        _ => Table::new(),
    };
    for layer in layers {
        for (key, value) in &layer.values {
            let Some((_, default)) = known.iter().find(|(k, _)| k == key) else {
                return Err(ConfigError::UnknownKey {
                    key: key.clone(),
                    source_name: layer.source_name.clone(),
                });
            };
            let same_type = std::mem::discriminant(default) == std::mem::discriminant(value);
            let negative = matches!(value, Value::Integer(i) if *i < 0);
            if !same_type || negative {
                return Err(ConfigError::WrongType {
                    key: key.clone(),
                    source_name: layer.source_name.clone(),
                    expected: if negative {
                        "a non-negative integer"
                    } else {
                        type_name(default)
                    },
                    got: value.to_string(),
                });
            }
            set_path(&mut root, key, value.clone());
        }
    }
    let config: Config = Value::Table(root)
        .try_into()
        .map_err(|e: toml::de::Error| ConfigError::Invalid {
            key: "(config)".into(),
            message: e.message().to_owned(),
        })?;
    config.validate()?;
    Ok(config)
}

/// Reads the file layer: the explicit `--config` path (which must exist), or
/// `./tianqi.toml` when present.
pub fn read_file_layer(explicit: Option<&Path>) -> Result<Option<Layer>, ConfigError> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let p = PathBuf::from(DEFAULT_FILE);
            if !p.exists() {
                return Ok(None);
            }
            p
        }
    };
    let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::File {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    file_layer(&path.display().to_string(), &text).map(Some)
}

impl Config {
    /// Loads file, environment and flags in precedence order.
    pub fn load(config_file: Option<&Path>, flags: Layer) -> Result<Config, ConfigError> {
        let mut layers = Vec::new();
        if let Some(file) = read_file_layer(config_file)? {
            layers.push(file);
        }
        layers.push(env_layer(std::env::vars())?);
        layers.push(flags);
        resolve(&layers)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |key: &str, message: &str| ConfigError::Invalid {
            key: key.into(),
            message: message.into(),
        };
        self.listen_addr()?;
        if !matches!(self.log_format.as_str(), "text" | "json") {
            return Err(invalid("log_format", "must be `text` or `json`"));
        }
        if self.data_dir.as_os_str().is_empty() {
            return Err(invalid("data_dir", "must not be empty"));
        }
        if !self.database_url.is_empty()
            && !["sqlite:", "postgres:", "postgresql:"]
                .iter()
                .any(|p| self.database_url.starts_with(p))
        {
            return Err(invalid(
                "database_url",
                "must start with postgres://, postgresql:// or sqlite://",
            ));
        }
        if self.http.body_limit_bytes == 0 {
            return Err(invalid("http.body_limit_bytes", "must be greater than 0"));
        }
        if self.db.max_connections == 0 {
            return Err(invalid("db.max_connections", "must be greater than 0"));
        }
        if self.instances.pids_limit < 16 {
            return Err(invalid("instances.pids_limit", "must be at least 16"));
        }
        if self.instances.shm_mib < 1 {
            return Err(invalid("instances.shm_mib", "must be at least 1"));
        }
        if self.nodes.check_interval_secs == 0 || self.nodes.timeout_secs == 0 {
            return Err(invalid(
                "nodes.check_interval_secs",
                "node check interval and timeout must be above 0",
            ));
        }
        if !self.nodes.local_socket.is_empty() && !self.nodes.local_socket.starts_with('/') {
            return Err(invalid(
                "nodes.local_socket",
                "must be an absolute path (or empty)",
            ));
        }
        self.validate_sandbox()?;
        if self.workspaces.enabled {
            self.workspace_profile()?;
            let c = &self.workspaces.compat;
            if !c.prefix.is_empty()
                && (!c.prefix.starts_with('/')
                    || c.prefix.ends_with('/')
                    || c.prefix.starts_with("/api"))
            {
                return Err(invalid(
                    "workspaces.compat.prefix",
                    "must start with / (not /api), not end with /, or be empty",
                ));
            }
            if !c.listen.is_empty() && c.listen.parse::<SocketAddr>().is_err() {
                return Err(invalid(
                    "workspaces.compat.listen",
                    "must be an address like 0.0.0.0:8080 (or empty)",
                ));
            }
            tianqi_core::workspace::parse_cidrs(&c.allow_cidrs)
                .map_err(|m| invalid("workspaces.compat.allow_cidrs", &m))?;
        }
        if self.auth.session_ttl_secs == 0 {
            return Err(invalid("auth.session_ttl_secs", "must be greater than 0"));
        }
        if self.auth.login_max_failures_per_ip == 0 || self.auth.login_max_failures_per_user == 0 {
            return Err(invalid(
                "auth.login_max_failures_per_ip",
                "login failure limits must be greater than 0",
            ));
        }
        Ok(())
    }

    fn validate_sandbox(&self) -> Result<(), ConfigError> {
        let invalid = |key: &str, message: String| ConfigError::Invalid {
            key: key.into(),
            message,
        };
        let sb = &self.sandbox;
        tianqi_core::sandbox::Runtimes::new(&sb.runtimes)
            .map_err(|m| invalid("sandbox.runtimes", m))?;
        sb.limits
            .check()
            .map_err(|m| invalid("sandbox.limits", m))?;
        for (key, v) in [
            ("sandbox.pool_size", sb.pool_size),
            ("sandbox.max_concurrent", sb.max_concurrent),
            ("sandbox.max_request_bytes", sb.max_request_bytes),
            ("sandbox.max_files", sb.max_files),
            ("sandbox.cpus_milli", sb.cpus_milli),
            ("sandbox.tmpfs_mib", sb.tmpfs_mib),
            ("sandbox.nofile", sb.nofile),
            ("sandbox.fsize_mib", sb.fsize_mib),
            ("sandbox.queue_timeout_secs", sb.queue_timeout_secs),
            (
                "sandbox.public_runs_per_minute",
                u64::from(sb.public_runs_per_minute),
            ),
        ] {
            if v == 0 {
                return Err(invalid(key, "must be greater than 0".into()));
            }
        }
        if sb.pids_limit < 8 {
            return Err(invalid("sandbox.pids_limit", "must be at least 8".into()));
        }
        if !sb.docker_host.is_empty() {
            tianqi_core::catalog::address::DockerAddress::parse(
                "sandbox.docker_host",
                &sb.docker_host,
            )
            .map_err(|e| invalid("sandbox.docker_host", e.to_string()))?;
        }
        Ok(())
    }

    pub fn listen_addr(&self) -> Result<SocketAddr, ConfigError> {
        self.listen.parse().map_err(|_| ConfigError::Invalid {
            key: "listen".into(),
            message: format!("`{}` is not an address like 127.0.0.1:8890", self.listen),
        })
    }

    /// The workspace profile the configuration describes, checked.
    pub fn workspace_profile(&self) -> Result<tianqi_core::workspace::Profile, ConfigError> {
        let w = &self.workspaces;
        let invalid = |key: &str, message: String| ConfigError::Invalid {
            key: format!("workspaces.{key}"),
            message,
        };
        let port = |key: &str, v: i64| {
            u16::try_from(v).map_err(|_| invalid(key, format!("{v} is not a port number")))
        };
        let size = |key: &str, v: &str| {
            tianqi_core::workspace::parse_size(v)
                .ok_or_else(|| invalid(key, format!("`{v}` is not a size like 4g or 512m")))
        };
        let data_root = match w.data_root.strip_prefix("~/") {
            Some(rest) => {
                let home = std::env::var("HOME").unwrap_or_default();
                if home.is_empty() {
                    return Err(invalid("data_root", "~ needs $HOME to be set".into()));
                }
                format!("{}/{rest}", home.trim_end_matches('/'))
            }
            None => w.data_root.clone(),
        };
        let profile = tianqi_core::workspace::Profile {
            name: w.profile.clone(),
            image: w.image.clone(),
            name_template: w.name_template.clone(),
            max_users: w.max_users,
            http_port_base: port("http_port_base", w.http_port_base)?,
            ws_port_base: port("ws_port_base", w.ws_port_base)?,
            container_http_port: port("container_http_port", w.container_http_port)?,
            container_ws_port: port("container_ws_port", w.container_ws_port)?,
            data_root,
            mount_path: w.mount_path.clone(),
            data_owner: w.data_owner.clone(),
            cpu_milli: tianqi_core::workspace::parse_cpus(&w.cpus).ok_or_else(|| {
                invalid(
                    "cpus",
                    format!("`{}` is not a CPU count like 2 or 1.5", w.cpus),
                )
            })?,
            memory_bytes: size("memory", &w.memory)?,
            shm_bytes: size("shm_size", &w.shm_size)?,
            pids_limit: self.instances.pids_limit,
            license_server: w.license_server.clone(),
            context_tags: w.context_tags.clone(),
            node: w.node.clone(),
        };
        if w.profile.is_empty()
            || !w
                .profile
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(invalid("profile", "must be letters, digits, - or _".into()));
        }
        profile.validate("workspaces.").map_err(|e| match e {
            tianqi_core::Error::Validation { field, message } => ConfigError::Invalid {
                key: field,
                message,
            },
            other => ConfigError::Invalid {
                key: "workspaces".into(),
                message: other.to_string(),
            },
        })?;
        Ok(profile)
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
        for key in SECRET_KEYS {
            let field = match *key {
                "bootstrap_admin_password" => &mut shown.bootstrap_admin_password,
                "secret_key" => &mut shown.secret_key,
                "workspaces.compat.token" => &mut shown.workspaces.compat.token,
                _ => continue,
            };
            if !field.is_empty() {
                *field = "****".into();
            }
        }
        shown.database_url = tianqi_store::redact_url(&shown.database_url);
        toml::to_string_pretty(&shown).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(values: &[(&str, Value)]) -> Layer {
        Layer {
            source_name: "flags".into(),
            values: values
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        }
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
    fn precedence_flag_over_env_over_file_over_default() {
        let file = file_layer(
            "t.toml",
            "listen = \"127.0.0.1:1\"\nlog_level = \"debug\"\n[http]\nbody_limit_bytes = 10\n",
        )
        .unwrap();
        let env = env_layer(vec![
            ("TIANQI_LISTEN".into(), "127.0.0.1:2".into()),
            ("TIANQI_HTTP_BODY_LIMIT_BYTES".into(), "20".into()),
            ("PATH".into(), "/bin".into()),
        ])
        .unwrap();
        let flag = flags(&[("listen", Value::String("127.0.0.1:3".into()))]);
        let c = resolve(&[file.clone(), env.clone(), flag]).unwrap();
        assert_eq!(c.listen, "127.0.0.1:3");
        assert_eq!(c.http.body_limit_bytes, 20);
        assert_eq!(c.log_level, "debug");
        assert_eq!(c.log_format, "text");
        let c = resolve(&[file.clone(), env]).unwrap();
        assert_eq!(c.listen, "127.0.0.1:2");
        let c = resolve(&[file]).unwrap();
        assert_eq!(c.listen, "127.0.0.1:1");
        assert_eq!(resolve(&[]).unwrap(), Config::default());
    }

    #[test]
    fn unknown_keys_are_named() {
        let e = file_layer("t.toml", "[http]\nbody_limit = 1\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown config key `http.body_limit` in t.toml"
        );
        let e = file_layer("t.toml", "lsten = \"x\"\n").unwrap_err();
        assert!(e.to_string().contains("`lsten`"), "{e}");
        let e = env_layer(vec![("TIANQI_LISTN".into(), "x".into())]).unwrap_err();
        assert!(e.to_string().contains("TIANQI_LISTN"), "{e}");
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
    fn env_names_follow_keys() {
        assert_eq!(
            env_name("http.body_limit_bytes"),
            "TIANQI_HTTP_BODY_LIMIT_BYTES"
        );
        assert_eq!(
            env_name("bootstrap_admin_password"),
            "TIANQI_BOOTSTRAP_ADMIN_PASSWORD"
        );
        let keys: Vec<String> = known_keys().into_iter().map(|(k, _)| k).collect();
        assert!(keys.contains(&"auth.session_ttl_secs".to_string()));
    }
}

#[cfg(test)]
mod docs_tests {
    /// docs/CONFIG.md lists every key and its variable, so the reference cannot
    /// fall behind the code.
    #[test]
    fn config_reference_lists_every_key() {
        let doc = include_str!("../../../docs/CONFIG.md");
        for (key, _) in super::known_keys() {
            assert!(
                doc.contains(&format!("| `{key}` |")),
                "docs/CONFIG.md lacks key {key}"
            );
            let var = super::env_name(&key);
            assert!(
                doc.contains(&format!("`{var}`")),
                "docs/CONFIG.md lacks {var}"
            );
        }
    }
}
