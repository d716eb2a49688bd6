//! A started server: services open, first admin made, the listeners and the
//! features' loops run by the supervisor until shutdown.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tianqi_core::clock::{Clock, SystemClock};
use tianqi_server::{console, AppState};
use tokio::net::TcpListener;

use crate::boot::{self, Purpose, StartError};
use crate::config::Config;
use crate::supervisor::{HttpOptions, Supervisor};

pub struct Server {
    pub state: AppState,
    /// The web console served at `/` (the embedded build unless replaced).
    pub console: console::Assets,
    /// The SSH jump host, bound (when enabled).
    jumpbox: Option<tianqi_jumpbox::Jumpbox>,
    config: Config,
}

impl Server {
    pub async fn start(config: Config) -> Result<Server, StartError> {
        Self::start_with_clock(config, Arc::new(SystemClock)).await
    }

    pub async fn start_with_clock(
        config: Config,
        clock: Arc<dyn Clock>,
    ) -> Result<Server, StartError> {
        let services = boot::open_services(&config, clock, Purpose::Serve).await?;
        boot::bootstrap_admin(&config, &services).await?;
        match services
            .catalog
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
            database = services.store().engine().as_str(),
            url = %tianqi_store::redact_url(&config.effective_database_url()),
            data_dir = %config.data_dir.display(),
            "store ready"
        );
        let jumpbox = if config.jumpbox.enabled {
            let settings = config.jumpbox.settings(&config.data_dir);
            Some(tianqi_jumpbox::Jumpbox::bind(services.clone(), settings).await?)
        } else {
            None
        };
        let state = AppState::new(services, config.http.clone(), boot::matlab_compat(&config));
        Ok(Server {
            state,
            console,
            jumpbox,
            config,
        })
    }

    /// Where the SSH jump host listens (when enabled).
    pub fn jumpbox_addr(&self) -> Option<std::net::SocketAddr> {
        self.jumpbox
            .as_ref()
            .and_then(tianqi_jumpbox::Jumpbox::local_addr)
    }

    pub async fn bind(&self) -> Result<TcpListener, StartError> {
        bind(&self.config.listen).await
    }

    /// Serves until `shutdown` resolves, then stops the listeners (in-flight
    /// requests get `http.shutdown_grace_secs`), the loops, and the services.
    pub async fn run(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartError> {
        let Server {
            state,
            console,
            jumpbox,
            config,
        } = self;
        let services = state.services.clone();
        let mut sup = Supervisor::new();
        // Listed before the first request, so other servers count this one's
        // in-flight work from the start.
        if let Err(e) = services.fleet.beat_round().await {
            tracing::warn!(error = %e, "could not join the list of servers");
        }

        let addr = listener
            .local_addr()
            .map(|a| a.to_string())
            .unwrap_or_default();
        let options = HttpOptions {
            header_read_timeout: Duration::from_secs(config.http.header_read_timeout_secs),
        };
        let app = tianqi_server::router_with_console(state.clone(), console);
        sup.serve("http", listener, app, options);
        let grace = Duration::from_secs(config.http.shutdown_grace_secs);
        if let Some(jb) = jumpbox {
            sup.listen("jumpbox", move |stop| jb.serve(stop, grace));
        }
        let auth = services.auth.clone();
        sup.listen("access-changes", move |stop| async move {
            auth.follow_access_changes(stop).await
        });
        let tasks = services.tasks.clone();
        sup.listen("task-changes", move |stop| async move {
            tasks.follow_changes(stop).await
        });
        let instances = services.instances.clone();
        sup.listen_on_one_server("kube-watch", services.ctx.store.clone(), move |stop| {
            let instances = instances.clone();
            async move { instances.follow_clusters(stop).await }
        });
        let matlab = &config.workspaces;
        if matlab.enabled && !matlab.compat.listen.is_empty() {
            let listener = bind(&matlab.compat.listen).await?;
            tracing::info!(addr = %matlab.compat.listen, "compat workspace API listening");
            let app = tianqi_server::matlab_app(state.clone());
            sup.serve("matlab-compat", listener, app, options);
        }

        if let Some(listen) = state.services.tasks.settings().compat.listen.clone() {
            let listener = bind(&listen).await?;
            tracing::info!(addr = %listen, "compat Mini PM2 API listening");
            sup.serve(
                "pm2-compat",
                listener,
                tianqi_server::pm2_app(state.clone()),
                options,
            );
        }

        // One line per feature loop: its service and its round.
        let nodes_every = Duration::from_secs(config.nodes.check_interval_secs);
        let hourly = Duration::from_secs(3600);
        let daily = Duration::from_secs(86_400);
        sup.every_on_one_server(
            "node-health",
            nodes_every,
            services.store().clone(),
            services.catalog.clone(),
            |c| async move { c.check_round().await },
        );
        sup.every_on_one_server(
            "workspace-reconcile",
            nodes_every,
            services.store().clone(),
            services.workspaces.clone(),
            |w| async move { w.reconcile_round().await },
        );
        if config.instances.autostop_interval_secs > 0 {
            sup.every_on_one_server(
                "instance-autostop",
                Duration::from_secs(config.instances.autostop_interval_secs),
                services.store().clone(),
                services.instances.clone(),
                |i| async move { i.autostop_round().await },
            );
        }
        if config.instances.stats_history_interval_secs > 0 {
            sup.every(
                "instance-stats-history",
                Duration::from_secs(config.instances.stats_history_interval_secs),
                services.instances.clone(),
                |i| async move { i.stats_history_round().await },
            );
        }
        if config.workspaces.enabled && config.workspaces.idle_stop_minutes > 0 {
            sup.every_on_one_server(
                "workspace-idle",
                Duration::from_secs(match config.instances.autostop_interval_secs {
                    0 => 60,
                    n => n,
                }),
                services.store().clone(),
                services.workspaces.clone(),
                |w| async move { w.idle_round().await },
            );
        }
        sup.every(
            "session-recheck",
            Duration::from_secs(config.sessions.recheck_secs),
            services.sessions.clone(),
            |s| async move { s.recheck_round().await },
        );
        sup.every_on_one_server(
            "audit-prune",
            daily,
            services.store().clone(),
            services.audit.clone(),
            |a| async move { a.prune_round().await },
        );
        sup.every(
            "forward-reconcile",
            Duration::from_secs(config.forward.reconcile_interval_secs),
            services.forward.clone(),
            |f| async move { f.reconcile_round().await },
        );
        // With several servers on PostgreSQL, the lease holder schedules.
        sup.every(
            "task-lead",
            tianqi_service::tasks::LEAD_EVERY,
            services.tasks.clone(),
            |t| async move { t.lead_round().await },
        );
        // Each round waits for the next due task itself (≤ 0.5 s).
        sup.every(
            "task-scheduler",
            Duration::from_millis(1),
            services.tasks.clone(),
            |t| async move { t.scheduler_round().await },
        );
        sup.every(
            "task-jobs",
            config.tasks.settings(&config.data_dir).jobs_scan,
            services.tasks.clone(),
            |t| async move { t.jobs_round().await },
        );
        sup.every_on_one_server(
            "finetune-reconcile",
            Duration::from_secs(30),
            services.store().clone(),
            services.finetune.clone(),
            |f| async move { f.reconcile_round().await },
        );
        if let Some(every) = services.assets.settings().bmc_refresh_interval {
            sup.every_on_one_server(
                "bmc-refresh",
                every,
                services.store().clone(),
                services.assets.clone(),
                |a| async move { a.bmc_round().await },
            );
        }
        sup.every_on_one_server(
            "recording-retention",
            daily,
            services.store().clone(),
            services.jumpbox.clone(),
            |j| async move { j.retention_round().await },
        );
        sup.every_on_one_server(
            "token-purge",
            hourly,
            services.store().clone(),
            services.auth.clone(),
            |a| async move { a.purge_round().await },
        );
        sup.every(
            "server-beat",
            tianqi_service::fleet::BEAT_EVERY,
            services.fleet.clone(),
            |f| async move { f.beat_round().await },
        );
        sup.every(
            "usage-heartbeat",
            tianqi_store::USAGE_HEARTBEAT,
            services.usage.clone(),
            |u| async move { u.heartbeat_round().await },
        );
        sup.every(
            "metrics-upkeep",
            Duration::from_secs(5),
            state.metrics.clone(),
            |m| async move { m.upkeep_round() },
        );

        tracing::info!(%addr, "listening");
        // Live sessions (streams, terminals, SSH) end as soon as the server
        // begins to stop, not after the grace period they would otherwise hold.
        let sessions = services.sessions.clone();
        let shutdown = async move {
            shutdown.await;
            sessions.stop_all();
        };
        sup.run(shutdown, grace).await;
        services.shutdown().await;
        tracing::info!("stopped");
        Ok(())
    }
}

async fn bind(addr: &str) -> Result<TcpListener, StartError> {
    TcpListener::bind(addr).await.map_err(|e| StartError::Bind {
        addr: addr.to_owned(),
        message: e.to_string(),
    })
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
