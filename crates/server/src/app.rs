//! Assembling and running the server: store, keys, first-start bootstrap, the
//! router with its middleware, and graceful shutdown.

use std::future::{Future, IntoFuture};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::routing::{any, get};
use axum::{middleware, Json, Router};
use tianqi_core::clock::{Clock, SystemClock};
use tianqi_core::throttle::ThrottleRule;
use tianqi_service::users::BootstrapOutcome;
use tianqi_service::{AuthSettings, CatalogSettings, Services};
use tianqi_store::{Store, StoreOptions};
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::audit;
use crate::config::Config;
use crate::console;
use crate::error::{json_errors, not_found};
use crate::keys::{self, INITIAL_ADMIN_PASSWORD_FILE};
use crate::metrics::{self, Metrics};
use crate::openapi::ApiDoc;
use crate::routes::{
    audit as audit_routes, auth, catalog, compat, instances, me, ops, sandbox, terminal, users,
    workspaces,
};
use crate::state::{AppState, SandboxState};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Keys(#[from] keys::KeyError),
    #[error("cannot open the database: {0}")]
    Store(#[from] tianqi_store::StoreError),
    #[error("cannot create the first admin: {0}")]
    Bootstrap(tianqi_core::Error),
    #[error("cannot listen on {addr}: {message}")]
    Bind { addr: String, message: String },
    #[error("server failed: {0}")]
    Serve(String),
}

/// Service settings derived from the configuration.
pub fn auth_settings(c: &Config) -> AuthSettings {
    let window = Duration::from_secs(c.auth.login_window_secs);
    AuthSettings {
        session_ttl: Duration::from_secs(c.auth.session_ttl_secs),
        login_ip: ThrottleRule {
            max_failures: c.auth.login_max_failures_per_ip,
            window,
        },
        login_user: ThrottleRule {
            max_failures: c.auth.login_max_failures_per_user,
            window,
        },
        max_api_tokens_per_user: usize::try_from(c.auth.max_api_tokens_per_user)
            .unwrap_or(usize::MAX),
        token_cache_ttl: Duration::from_millis(c.auth.token_cache_ms),
    }
}

pub fn store_options(c: &Config) -> StoreOptions {
    StoreOptions {
        max_connections: c.db.max_connections,
        busy_timeout: Duration::from_millis(c.db.busy_timeout_ms),
        acquire_timeout: Duration::from_millis(c.db.acquire_timeout_ms),
    }
}

/// Opens the data dir, keys and store (running migrations) and builds the services.
/// Shared by `serve` and the admin CLI, so both see the same data.
pub async fn open_services(config: &Config, clock: Arc<dyn Clock>) -> Result<Services, StartError> {
    let keys = keys::load_keys(&config.data_dir, &config.secret_key)?;
    let url = config.effective_database_url();
    if config.database_url.is_empty() {
        // SQLite gives its -wal and -shm files the database file's mode, so
        // creating the file 0600 first keeps all three private.
        keys::ensure_private_file(&config.data_dir.join("tianqi.db"))?;
    }
    let store = Store::open(&url, &store_options(config)).await?;
    let services = Services::new(store, keys, clock, auth_settings(config))
        .with_install_id()
        .await
        .map_err(StartError::Bootstrap)?;
    let services = services.with_catalog(CatalogSettings {
        data_dir: config.data_dir.clone(),
        node_timeout: Duration::from_secs(config.nodes.timeout_secs),
        pids_limit: config.instances.pids_limit,
        shm_mib: config.instances.shm_mib,
    });
    // The configuration was validated when loaded, so the profile is there.
    Ok(match config.workspace_profile() {
        Ok(profile) if config.workspaces.enabled => services.with_workspaces(profile),
        _ => services,
    })
}

/// Creates the first admin on a new database and says how to sign in.
async fn bootstrap(config: &Config, services: &Services) -> Result<(), StartError> {
    let supplied = Some(config.bootstrap_admin_password.as_str()).filter(|p| !p.is_empty());
    match services
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

/// The HTTP application, with the console built into this binary.
pub fn router(state: AppState) -> Router {
    router_with_console(state, console::Assets::embedded())
}

/// The HTTP application serving `assets` as the web console at `/`.
pub fn router_with_console(state: AppState, assets: console::Assets) -> Router {
    let (api, openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(users::list_users, users::create_user))
        .routes(routes!(
            users::get_user,
            users::update_user,
            users::delete_user
        ))
        .routes(routes!(users::reset_password))
        .routes(routes!(me::get_me, me::update_me))
        .routes(routes!(me::change_password))
        .routes(routes!(me::list_tokens, me::create_token))
        .routes(routes!(me::revoke_token))
        .routes(routes!(audit_routes::list_audit))
        .routes(routes!(catalog::list_images, catalog::create_image))
        .routes(routes!(
            catalog::get_image,
            catalog::update_image,
            catalog::delete_image
        ))
        .routes(routes!(catalog::list_specs, catalog::create_spec))
        .routes(routes!(
            catalog::get_spec,
            catalog::update_spec,
            catalog::delete_spec
        ))
        .routes(routes!(catalog::list_nodes, catalog::create_node))
        .routes(routes!(
            catalog::get_node,
            catalog::update_node,
            catalog::delete_node
        ))
        .routes(routes!(catalog::test_node))
        .routes(routes!(catalog::node_capacity))
        .routes(routes!(catalog::pull_image))
        .routes(routes!(
            instances::list_instances,
            instances::create_instance
        ))
        .routes(routes!(instances::placement))
        .routes(routes!(instances::get_instance, instances::delete_instance))
        .routes(routes!(instances::start_instance))
        .routes(routes!(instances::stop_instance))
        .routes(routes!(instances::restart_instance))
        .routes(routes!(instances::instance_stats))
        .routes(routes!(instances::instance_stats_stream))
        .routes(routes!(instances::instance_logs))
        .routes(routes!(terminal::terminal))
        .routes(routes!(instances::list_orphans))
        .routes(routes!(instances::delete_orphan))
        .routes(routes!(sandbox::piston_runtimes))
        .routes(routes!(sandbox::piston_execute))
        .routes(routes!(sandbox::run_code))
        .routes(routes!(sandbox::sandbox_status))
        .routes(routes!(
            workspaces::list_workspaces,
            workspaces::create_workspace
        ))
        .routes(routes!(workspaces::get_profile))
        .routes(routes!(
            workspaces::get_workspace,
            workspaces::delete_workspace
        ))
        .routes(routes!(workspaces::restart_workspace))
        .routes(routes!(ops::healthz))
        .routes(routes!(ops::readyz))
        .routes(routes!(ops::metrics))
        .split_for_parts();
    let compat_prefix = state.config.workspaces.compat.prefix.clone();
    let compat_on_main = state.config.workspaces.enabled && !compat_prefix.is_empty();
    let openapi = if compat_on_main {
        openapi.nest(compat_prefix.clone(), compat::CompatDoc::openapi())
    } else {
        openapi
    };
    let api = if compat_on_main {
        api.nest(&compat_prefix, compat::router(&state))
    } else {
        api
    };
    let openapi = Arc::new(openapi);
    let body_limit = usize::try_from(state.config.http.body_limit_bytes).unwrap_or(usize::MAX);

    api.route(
        "/api/openapi.json",
        get(move || {
            let doc = openapi.clone();
            async move { Json(doc) }
        }),
    )
    .route("/api/docs", get(ops::docs_page))
    .route("/api/v2/{*rest}", any(sandbox::piston_not_found))
    // Unknown `/api/...` paths stay JSON 404s; everything else is the console.
    .fallback_service(console::router(assets))
    // Innermost first: the audit trail sees the handler's status; panics become
    // 500s that metrics count; every error body is made JSON last.
    .layer(middleware::from_fn_with_state(state.clone(), audit::audit))
    .layer(CatchPanicLayer::new())
    .layer(middleware::from_fn(metrics::track))
    .layer(middleware::from_fn(json_errors))
    .layer(DefaultBodyLimit::max(body_limit))
    .with_state(state)
}

/// The compat routes at `/` for the dedicated listener, with the same context,
/// audit, metrics and error layers as the main app.
fn compat_app(state: AppState) -> Router {
    compat::router(&state)
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), audit::audit))
        .layer(CatchPanicLayer::new())
        .layer(middleware::from_fn(metrics::track))
        .layer(middleware::from_fn(json_errors))
        .layer(DefaultBodyLimit::max(
            usize::try_from(state.config.http.body_limit_bytes).unwrap_or(usize::MAX),
        ))
        .with_state(state)
}

/// Binds `workspaces.compat.listen` when set (like the old service's :8080).
async fn compat_listener(state: &AppState) -> Result<Option<TcpListener>, StartError> {
    let w = &state.config.workspaces;
    if !w.enabled || w.compat.listen.is_empty() {
        return Ok(None);
    }
    let listener = TcpListener::bind(&w.compat.listen)
        .await
        .map_err(|e| StartError::Bind {
            addr: w.compat.listen.clone(),
            message: e.to_string(),
        })?;
    tracing::info!(addr = %w.compat.listen, "compat workspace API listening");
    Ok(Some(listener))
}

/// A started server: store open, first admin created, ready to accept.
pub struct Server {
    pub state: AppState,
    /// The web console served at `/` (the embedded build unless replaced).
    pub console: console::Assets,
}

impl Server {
    pub async fn start(config: Config) -> Result<Server, StartError> {
        Self::start_with_clock(config, Arc::new(SystemClock)).await
    }

    pub async fn start_with_clock(
        config: Config,
        clock: Arc<dyn Clock>,
    ) -> Result<Server, StartError> {
        let services = open_services(&config, clock).await?;
        bootstrap(&config, &services).await?;
        match services
            .register_local_node(&config.nodes.local_socket)
            .await
        {
            Ok(Some(node)) => {
                tracing::info!(node = %node.name, address = %node.docker_address, "registered this machine's Docker Engine as a node")
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "could not register the local Docker Engine"),
        }
        let console = console::Assets::embedded();
        if console.is_built() {
            tracing::info!(files = console.len(), "web console embedded; served at /");
        } else {
            tracing::warn!("this binary was built without the web console (web/dist was empty): build it with `cd web && npm ci && npm run build`, then rebuild");
        }
        tracing::info!(
            database = services.store.engine().as_str(),
            url = %tianqi_store::redact_url(&config.effective_database_url()),
            data_dir = %config.data_dir.display(),
            "store ready"
        );
        let sandbox = Arc::new(start_sandbox(&config, &services));
        Ok(Server {
            state: AppState {
                services,
                config: Arc::new(config),
                metrics: Metrics::global(),
                sandbox,
            },
            console,
        })
    }

    pub async fn bind(&self) -> Result<TcpListener, StartError> {
        let addr = self.state.config.listen.clone();
        TcpListener::bind(&addr)
            .await
            .map_err(|e| StartError::Bind {
                addr,
                message: e.to_string(),
            })
    }

    /// Serves until `shutdown` resolves, then stops accepting, gives in-flight
    /// requests `http.shutdown_grace_secs` to finish, and closes the store.
    pub async fn run(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartError> {
        let state = self.state;
        let console = self.console;
        let grace = Duration::from_secs(state.config.http.shutdown_grace_secs);
        let addr = listener
            .local_addr()
            .map(|a| a.to_string())
            .unwrap_or_default();
        let app = router_with_console(state.clone(), console)
            .into_make_service_with_connect_info::<SocketAddr>();

        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let signal = async move {
            shutdown.await;
            let _ = stop_tx.send(());
        };
        let mut server = tokio::spawn(
            axum::serve(listener, app)
                .with_graceful_shutdown(signal)
                .into_future(),
        );
        let compat_server = compat_listener(&state).await?.map(|listener| {
            tokio::spawn(
                axum::serve(
                    listener,
                    compat_app(state.clone()).into_make_service_with_connect_info::<SocketAddr>(),
                )
                .into_future(),
            )
        });
        let housekeeping = tokio::spawn(housekeeping(state.services.clone()));
        let metrics_upkeep = tokio::spawn({
            let metrics = state.metrics.clone();
            async move {
                let mut tick = tokio::time::interval(Duration::from_secs(5));
                loop {
                    tick.tick().await;
                    metrics.upkeep();
                }
            }
        });
        let node_health = tokio::spawn(node_health(
            state.services.clone(),
            Duration::from_secs(state.config.nodes.check_interval_secs),
        ));
        tracing::info!(%addr, "listening");

        let result = tokio::select! {
            r = &mut server => r,
            Ok(()) = stop_rx => {
                tracing::info!(grace_secs = grace.as_secs(), "shutting down: no new connections; finishing in-flight requests");
                match tokio::time::timeout(grace, &mut server).await {
                    Ok(r) => r,
                    Err(_) => {
                        tracing::warn!("in-flight requests did not finish within the grace period; closing them");
                        server.abort();
                        Ok(Ok(()))
                    }
                }
            }
        };
        housekeeping.abort();
        node_health.abort();
        if let Some(c) = compat_server {
            c.abort();
        }
        if let Ok(sandbox) = &state.sandbox.service {
            sandbox.shutdown().await;
        }
        metrics_upkeep.abort();
        state.services.store.close().await;
        tracing::info!("stopped");
        match result {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(StartError::Serve(e.to_string())),
            Err(e) if e.is_cancelled() => Ok(()),
            Err(e) => Err(StartError::Serve(e.to_string())),
        }
    }
}

/// Starts the sandbox on its Docker Engine, or records why it is off.
fn start_sandbox(config: &Config, services: &Services) -> SandboxState {
    let sb = &config.sandbox;
    // Validated with the configuration; an error here cannot happen.
    let runtimes = tianqi_core::sandbox::Runtimes::new(&sb.runtimes).unwrap_or_default();
    let public_throttle = std::sync::Mutex::new(tianqi_core::throttle::Throttle::new(
        tianqi_core::throttle::ThrottleRule {
            max_failures: sb.public_runs_per_minute,
            window: Duration::from_secs(60),
        },
    ));
    let service = sandbox_service(config, services, &runtimes);
    if let Err(why) = &service {
        tracing::info!(reason = %why, "sandbox off");
    }
    SandboxState {
        service,
        runtimes,
        public_throttle,
    }
}

fn sandbox_service(
    config: &Config,
    services: &Services,
    runtimes: &tianqi_core::sandbox::Runtimes,
) -> Result<tianqi_sandbox::Sandbox, String> {
    let sb = &config.sandbox;
    if !sb.enabled {
        return Err("the sandbox is disabled (sandbox.enabled = false)".into());
    }
    let host = if sb.docker_host.is_empty() {
        if config.nodes.local_socket.is_empty() {
            return Err("the sandbox has no Docker Engine: set sandbox.docker_host".into());
        }
        format!("unix://{}", config.nodes.local_socket)
    } else {
        sb.docker_host.clone()
    };
    let address = tianqi_core::catalog::address::DockerAddress::parse("sandbox.docker_host", &host)
        .map_err(|e| e.to_string())?;
    let endpoint = tianqi_docker::Endpoint { address, tls: None };
    let timeout = Duration::from_secs(config.nodes.timeout_secs.max(10));
    // Connected (and retried) by the sandbox itself: the engine may come up
    // after Tianqi, its socket appearing later.
    let connect: tianqi_sandbox::Connect = Box::new(move || {
        tianqi_docker::connect(&endpoint, timeout).map_err(|e| format!("{host}: {e}"))
    });
    let count = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
    Ok(tianqi_sandbox::Sandbox::start(
        connect,
        tianqi_sandbox::Settings {
            install_id: services.install_id.clone(),
            runtimes: runtimes.clone(),
            limits: sb.limits.clone(),
            pool_size: count(sb.pool_size),
            idle_pool_size: count(sb.idle_pool_size),
            idle: Duration::from_secs(sb.idle_secs),
            max_concurrent: count(sb.max_concurrent),
            max_queue: count(sb.max_queue),
            queue_timeout: Duration::from_secs(sb.queue_timeout_secs),
            max_files: count(sb.max_files),
            cpus_milli: sb.cpus_milli,
            pids_limit: sb.pids_limit,
            tmpfs_mib: sb.tmpfs_mib,
            nofile: sb.nofile,
            fsize_mib: sb.fsize_mib,
        },
    ))
}

/// Periodic upkeep that needs no operator: dropping dead tokens.
async fn housekeeping(services: Services) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        match services.purge_dead_tokens().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(tokens = n, "purged revoked and expired tokens"),
            Err(e) => tracing::warn!(error = %e, "token purge failed"),
        }
    }
}

/// The node health loop: every interval, every node is probed concurrently with
/// the node timeout; status changes are logged once each (by the service).
async fn node_health(services: Services, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = services.check_all_nodes().await {
            tracing::warn!(error = %e, "node health check failed");
        }
        // Workspaces follow their containers (and a restarted server recovers
        // them) on the same tick; the first tick runs at start.
        match services.reconcile_workspaces().await {
            Ok(0) | Err(tianqi_core::Error::Unavailable(_)) => {}
            Ok(n) => tracing::info!(workspaces = n, "reconciled workspaces"),
            Err(e) => tracing::warn!(error = %e, "workspace reconciliation failed"),
        }
    }
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => futures::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => tracing::info!("received SIGINT"),
        () = term => tracing::info!("received SIGTERM"),
    }
}
