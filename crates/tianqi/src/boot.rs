//! Boot: from a configuration to running services — the data dir and its
//! keys, the store (migrations run), every feature's settings, the services,
//! and on a new database the first admin.

use std::sync::Arc;
use std::time::Duration;

use tianqi_core::clock::Clock;
use tianqi_server::MatlabCompat;
use tianqi_service::sandbox::SandboxSettings;
use tianqi_service::users::BootstrapOutcome;
use tianqi_service::ForwardSettings;
use tianqi_service::{Context, Services, Settings};
use tianqi_store::Store;

use crate::config::Config;
use crate::keys::{self, INITIAL_ADMIN_PASSWORD_FILE};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Jumpbox(#[from] tianqi_jumpbox::JumpboxError),
    #[error(transparent)]
    Keys(#[from] keys::KeyError),
    #[error("cannot open the database: {0}")]
    Store(#[from] tianqi_store::StoreError),
    #[error("cannot create the first admin: {0}")]
    Bootstrap(tianqi_core::Error),
    #[error("cannot listen on {addr}: {message}")]
    Bind { addr: String, message: String },
}

/// Whether this process runs code in the sandbox (`serve`) or only works on
/// the store (the admin CLI).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Serve,
    Cli,
}

/// Every feature's settings, from its section.
pub fn settings(config: &Config, install_id: &str, purpose: Purpose) -> Settings {
    Settings {
        data_dir: config.data_dir.clone(),
        auth: config.auth.settings(),
        audit: config.audit.settings(),
        nodes: config.nodes.settings(config.data_dir.clone()),
        instances: config.instances.clone(),
        sessions: config.sessions.settings(),
        workspaces: config.workspace_profile(),
        sandbox: match purpose {
            Purpose::Serve => sandbox_settings(config, install_id),
            Purpose::Cli => SandboxSettings::off("the sandbox runs in `tianqi serve` only"),
        },
        forward: forward_settings(config),
        tasks: config.tasks.settings(&config.data_dir),
        finetune: config.finetune.settings(&config.data_dir),
        jumpbox: config.jumpbox.service_settings(&config.data_dir),
        assets: config.assets.settings(),
        assistant: config.assistant.settings(),
        kube: config.kube.settings(),
    }
}

fn sandbox_settings(config: &Config, install_id: &str) -> SandboxSettings {
    let sb = &config.sandbox;
    SandboxSettings {
        engine: sb
            .engine_address(&config.nodes.local_socket)
            .map(|address| (address, sb.settings(install_id))),
        connect_timeout: Duration::from_secs(config.nodes.timeout_secs.max(10)),
        runtimes: sb.runtimes(),
        public_runs_per_minute: sb.public.then_some(sb.public_runs_per_minute),
        max_request_bytes: usize::try_from(sb.max_request_bytes).unwrap_or(usize::MAX),
        max_pending_per_caller: usize::try_from(sb.max_pending_per_caller).unwrap_or(usize::MAX),
    }
}

fn forward_settings(config: &Config) -> ForwardSettings {
    let f = &config.forward;
    // This server's own listeners are never forwarding targets.
    let protected = [
        config.listen.as_str(),
        config.workspaces.compat.listen.as_str(),
        config.tasks.compat.listen.as_str(),
        if config.jumpbox.enabled {
            config.jumpbox.listen.as_str()
        } else {
            ""
        },
    ]
    .into_iter()
    .filter_map(|a| a.parse().ok())
    .collect();
    ForwardSettings {
        enabled: f.enabled,
        engine: f.settings(),
        allowed_targets: f.allowed_target_networks().unwrap_or_default(),
        protected,
    }
}

/// Where the MATLAB compat API is served on the main listener and who may call it.
pub fn matlab_compat(config: &Config) -> MatlabCompat {
    let w = &config.workspaces;
    MatlabCompat {
        prefix: Some(w.compat.prefix.clone()).filter(|p| w.enabled && !p.is_empty()),
        access: w.compat_access(),
    }
}

/// Opens the data dir, keys and store (running migrations) and builds the services.
/// Shared by `serve` and the admin CLI, so both see the same data.
pub async fn open_services(
    config: &Config,
    clock: Arc<dyn Clock>,
    purpose: Purpose,
) -> Result<Services, StartError> {
    let keys = keys::load_keys(&config.data_dir, config.secret_key.expose())?;
    if config.database_url.is_empty() {
        // SQLite gives its -wal and -shm files the database file's mode, so
        // creating the file 0600 first keeps all three private.
        keys::ensure_private_file(&config.data_dir.join("tianqi.db"))?;
    }
    let store = Store::open(&config.effective_database_url(), &config.db.options()).await?;
    // Checked by `Config::validate`; the meter opens disk intervals at it.
    if let Ok(price) = config.usage.disk_price() {
        store.set_disk_price(price);
    }
    let ctx = Context::open(store, keys, clock)
        .await
        .map_err(StartError::Bootstrap)?;
    let settings = settings(config, &ctx.install_id, purpose);
    Ok(Services::new(ctx, settings))
}

/// Creates the first admin on a new database and says how to sign in.
pub async fn bootstrap_admin(config: &Config, services: &Services) -> Result<(), StartError> {
    let supplied =
        Some(config.bootstrap_admin_password.expose().as_str()).filter(|p| !p.is_empty());
    match services
        .users
        .bootstrap_admin(supplied)
        .await
        .map_err(StartError::Bootstrap)?
    {
        BootstrapOutcome::AlreadyDone => {}
        BootstrapOutcome::Supplied { username } => {
            tracing::info!(%username, "created the first admin with the configured bootstrap password");
        }
        BootstrapOutcome::Generated { username, password } => {
            let path = config.data_dir.join(INITIAL_ADMIN_PASSWORD_FILE);
            keys::write_private_file(&path, &format!("{password}\n"))?;
            // The one time this password is shown; the console asks for a new one
            // at first sign-in.
            tracing::warn!(
                %username,
                file = %path.display(),
                "initial admin password for user {username}: {password} (also in {}; change it after signing in)",
                path.display()
            );
        }
    }
    Ok(())
}
