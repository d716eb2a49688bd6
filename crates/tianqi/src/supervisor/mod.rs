//! Everything long-running starts here and stops on one signal: the
//! listeners (HTTP, the MATLAB compat listener) and the periodic loops of the
//! features, under one cancellation token.
//!
//! Shutdown goes in order: listeners stop accepting and their in-flight
//! requests get the grace period (then their connections are closed); the
//! loops finish the round they are in and stop; the caller then stops the
//! services (the sandbox's pools, the store). Nothing is aborted: every task
//! is awaited.
//!
//! Adding a feature's listener or loop is one `serve` or `every` line where
//! the server is assembled (`crate::server`).

mod http;
mod periodic;

pub use http::HttpOptions;

use std::future::Future;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// How often a listener's lease is renewed ([`Supervisor::listen_on_one_server`]).
const LISTENER_RENEW: Duration = Duration::from_secs(5);

pub struct Supervisor {
    /// Cancelled when shutdown starts: listeners stop accepting, loops stop
    /// after their current round.
    stop: CancellationToken,
    /// Cancelled when the grace period is over: open connections are closed.
    kill: CancellationToken,
    listeners: Vec<(String, JoinHandle<()>)>,
    loops: Vec<(&'static str, JoinHandle<()>)>,
}

impl Default for Supervisor {
    fn default() -> Self {
        Self::new()
    }
}

impl Supervisor {
    pub fn new() -> Self {
        Self {
            stop: CancellationToken::new(),
            kill: CancellationToken::new(),
            listeners: Vec::new(),
            loops: Vec::new(),
        }
    }

    /// Serves `app` on `listener` until shutdown.
    pub fn serve(
        &mut self,
        name: impl Into<String>,
        listener: TcpListener,
        app: Router,
        options: HttpOptions,
    ) {
        let name = name.into();
        let task = tokio::spawn(http::serve(
            name.clone(),
            listener,
            app,
            options,
            self.stop.clone(),
            self.kill.clone(),
        ));
        self.listeners.push((name, task));
    }

    /// Runs a listener that speaks its own protocol (the SSH jump host) or
    /// hears the database's (the other servers' announcements):
    /// `serve(stop)` accepts until `stop` is cancelled, then closes its
    /// connections; it gets the same grace period as the HTTP listeners.
    pub fn listen<F, Fut>(&mut self, name: impl Into<String>, serve: F)
    where
        F: FnOnce(CancellationToken) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let task = tokio::spawn(serve(self.stop.clone()));
        self.listeners.push((name.into(), task));
    }

    /// A listener that runs on one server at a time (several servers on
    /// PostgreSQL): while this server holds the lease `name` (renewed every
    /// [`LISTENER_RENEW`]), `serve(term)` runs, and `term` ends when the
    /// lease is lost, when it cannot be renewed, or at shutdown; then the
    /// server waits to take the lease again. On SQLite it simply runs.
    pub fn listen_on_one_server<F, Fut>(
        &mut self,
        name: &'static str,
        store: tianqi_store::Store,
        serve: F,
    ) where
        F: Fn(CancellationToken) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        // A 15 s lease: a dead holder's passes within about 15 s.
        let lease = periodic::Lease::new(name, LISTENER_RENEW * 2, store);
        let stop = self.stop.clone();
        let task = tokio::spawn(async move {
            while !stop.is_cancelled() {
                if !lease.hold().await {
                    tokio::select! {
                        () = tokio::time::sleep(LISTENER_RENEW) => {}
                        () = stop.cancelled() => {}
                    }
                    continue;
                }
                tracing::info!(listener = name, "this server runs it now");
                let term = stop.child_token();
                let mut running = tokio::spawn(serve(term.clone()));
                let ended_itself = loop {
                    tokio::select! {
                        _ = &mut running => break true,
                        () = tokio::time::sleep(LISTENER_RENEW) => {
                            if !lease.hold().await {
                                tracing::info!(listener = name, "another server runs it now");
                                break false;
                            }
                        }
                        () = stop.cancelled() => break false,
                    }
                };
                term.cancel();
                if ended_itself {
                    // Ended (or failed) on its own: not again at once.
                    tokio::select! {
                        () = tokio::time::sleep(LISTENER_RENEW) => {}
                        () = stop.cancelled() => {}
                    }
                } else {
                    let _ = running.await;
                }
            }
            lease.release().await;
        });
        self.listeners.push((name.into(), task));
    }

    /// Runs `round(service)` now and then every `period` until shutdown. A
    /// round that fails is logged and counted
    /// (`tianqi_loop_failures_total{loop}`); the schedule goes on.
    pub fn every<S, F, Fut, E>(
        &mut self,
        name: &'static str,
        period: Duration,
        service: S,
        round: F,
    ) where
        S: Clone + Send + 'static,
        F: Fn(S) -> Fut + Send + 'static,
        Fut: Future<Output = Result<(), E>> + Send + 'static,
        E: std::fmt::Display + 'static,
    {
        let task = tokio::spawn(periodic::run(name, period, self.stop.clone(), move || {
            let ran = round(service.clone());
            async move { ran.await.map(|()| periodic::Outcome::Ran) }
        }));
        self.loops.push((name, task));
    }

    /// Like [`Self::every`], for work that must run on one server at a time
    /// when several share the database (node checks and the reconciliation
    /// they run, pruning): before each round the loop takes or renews its
    /// lease in `store` (`loop_leases`; PostgreSQL only — a SQLite file has
    /// one server); a server without it skips the round. A holder that dies
    /// stops renewing, and another server takes over once the lease has expired (its period plus half of it, at least
    /// 10 s): within about two periods. A stopping holder gives it up.
    pub fn every_on_one_server<S, F, Fut, E>(
        &mut self,
        name: &'static str,
        period: Duration,
        store: tianqi_store::Store,
        service: S,
        round: F,
    ) where
        S: Clone + Send + 'static,
        F: Fn(S) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), E>> + Send + 'static,
        E: std::fmt::Display + 'static,
    {
        let lease = periodic::Lease::new(name, period, store);
        let round = std::sync::Arc::new(round);
        let stop = self.stop.clone();
        let held = lease.clone();
        let task = tokio::spawn(async move {
            periodic::run(name, period, stop, move || {
                let (lease, round, service) = (held.clone(), round.clone(), service.clone());
                async move {
                    if !lease.hold().await {
                        return Ok(periodic::Outcome::Skipped);
                    }
                    round(service)
                        .await
                        .map(|()| periodic::Outcome::Ran)
                        .map_err(|e| e.to_string())
                }
            })
            .await;
            lease.release().await;
        });
        self.loops.push((name, task));
    }

    /// Waits for `shutdown`, then stops everything in order (see the module
    /// docs). Answers once every listener and loop has ended.
    pub async fn run(self, shutdown: impl Future<Output = ()>, grace: Duration) {
        shutdown.await;
        tracing::info!(
            grace_secs = grace.as_secs(),
            "shutting down: no new connections; finishing in-flight requests"
        );
        self.stop.cancel();
        let listeners =
            futures::future::join_all(self.listeners.into_iter().map(|(name, task)| async move {
                if let Err(e) = task.await {
                    tracing::error!(listener = %name, error = %e, "listener task failed");
                }
            }));
        tokio::pin!(listeners);
        if tokio::time::timeout(grace, &mut listeners).await.is_err() {
            tracing::warn!(
                "in-flight requests did not finish within the grace period; closing them"
            );
            self.kill.cancel();
            listeners.await;
        }
        for (name, task) in self.loops {
            if let Err(e) = task.await {
                tracing::error!(r#loop = name, error = %e, "loop task failed");
            }
        }
    }
}
