//! The sandbox as every transport sees it: the running engine (or why there
//! is none), the configured runtimes, and who may start a run — a signed-in
//! user, or with public mode an address within its rate.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tianqi_core::catalog::address::DockerAddress;
use tianqi_core::policy::Principal;
use tianqi_core::sandbox::Runtimes;
use tianqi_core::throttle::{Throttle, ThrottleRule};
use tianqi_core::{Error, Result};
use tianqi_sandbox::{PoolStatus, Sandbox};

use crate::Context;

/// The sandbox's settings, resolved from `[sandbox]` by the binary.
#[derive(Debug, Clone)]
pub struct SandboxSettings {
    /// Where runs go and how the pools behave, or why the sandbox is off.
    pub engine: std::result::Result<(DockerAddress, tianqi_sandbox::Settings), String>,
    /// Bound on connecting to the engine.
    pub connect_timeout: Duration,
    /// Listed even when the engine is off.
    pub runtimes: Runtimes,
    /// Runs per minute one address may start without a token; none = tokens only.
    pub public_runs_per_minute: Option<u32>,
    /// Largest execute request body.
    pub max_request_bytes: usize,
    /// Runs one caller may have waiting or running at once (a fair share of
    /// the queue: one caller cannot fill it for everyone).
    pub max_pending_per_caller: usize,
}

impl SandboxSettings {
    /// No engine, for processes that never run code (the admin CLI).
    pub fn off(reason: &str) -> Self {
        Self {
            engine: Err(reason.to_owned()),
            connect_timeout: Duration::from_secs(10),
            runtimes: Runtimes::default(),
            public_runs_per_minute: None,
            max_request_bytes: 0,
            max_pending_per_caller: 1,
        }
    }
}

/// Who starts a run, for the log line and the fair share.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RunCaller {
    User(String),
    Address(String),
}

impl std::fmt::Display for RunCaller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::User(name) => write!(f, "user:{name}"),
            Self::Address(ip) => write!(f, "ip:{ip}"),
        }
    }
}

#[derive(Clone)]
pub struct SandboxService {
    inner: Arc<Inner>,
}

struct Inner {
    ctx: Context,
    engine: std::result::Result<Sandbox, String>,
    runtimes: Runtimes,
    public: Option<(u32, Mutex<Throttle>)>,
    max_request_bytes: usize,
    max_pending_per_caller: usize,
    /// Runs waiting or running, per caller.
    pending: Mutex<HashMap<RunCaller, usize>>,
}

/// A caller's place among the runs waiting or running; given back when dropped.
pub struct PendingRun {
    caller: RunCaller,
    inner: Arc<Inner>,
}

impl Drop for PendingRun {
    fn drop(&mut self) {
        let mut pending = self
            .inner
            .pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(n) = pending.get_mut(&self.caller) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                pending.remove(&self.caller);
            }
        }
    }
}

impl SandboxService {
    /// Starts the engine's pools in the background (an unreachable engine is
    /// retried by the sandbox itself), or records why the sandbox is off.
    pub fn start(ctx: &Context, settings: SandboxSettings) -> Self {
        let engine = settings.engine.map(|(address, pools)| {
            let host = address.to_string();
            let endpoint = tianqi_docker::Endpoint { address, tls: None };
            let timeout = settings.connect_timeout;
            // Connected (and retried) by the sandbox itself: the engine may come
            // up after Tianqi, its socket appearing later.
            let connect: tianqi_sandbox::Connect = Box::new(move || {
                tianqi_docker::connect(&endpoint, timeout).map_err(|e| format!("{host}: {e}"))
            });
            Sandbox::start(connect, pools)
        });
        if let Err(why) = &engine {
            tracing::info!(reason = %why, "sandbox off");
        }
        let public = settings.public_runs_per_minute.map(|rate| {
            let rule = ThrottleRule {
                limit: rate,
                window: Duration::from_secs(60),
            };
            (rate, Mutex::new(Throttle::new(rule)))
        });
        Self {
            inner: Arc::new(Inner {
                ctx: ctx.clone(),
                engine,
                runtimes: settings.runtimes,
                public,
                max_request_bytes: settings.max_request_bytes,
                max_pending_per_caller: settings.max_pending_per_caller.max(1),
                pending: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// The running engine, or 503 saying why there is none.
    pub fn engine(&self) -> Result<&Sandbox> {
        self.inner
            .engine
            .as_ref()
            .map_err(|why| Error::Unavailable(why.clone()))
    }

    pub fn runtimes(&self) -> &Runtimes {
        &self.inner.runtimes
    }

    pub fn max_request_bytes(&self) -> usize {
        self.inner.max_request_bytes
    }

    /// The pools, or why the sandbox is off.
    pub fn status(&self) -> std::result::Result<PoolStatus, String> {
        match &self.inner.engine {
            Ok(s) => Ok(s.status()),
            Err(why) => Err(why.clone()),
        }
    }

    /// Who may start a run: a signed-in user always; without one, with public
    /// mode on, an address within its runs per minute (every run counts).
    pub fn admit(&self, user: Option<&Principal>, source_ip: &str) -> Result<RunCaller> {
        if let Some(p) = user {
            return Ok(RunCaller::User(p.username.clone()));
        }
        let Some((rate, throttle)) = &self.inner.public else {
            return Err(Error::unauthorized(
                "authentication required: send an API token as `Authorization: Bearer <token>`",
            ));
        };
        let now = self.inner.ctx.clock.now().timestamp_millis();
        let mut throttle = throttle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Err(retry_after) = throttle.check(source_ip, now) {
            return Err(Error::RateLimited {
                message: format!(
                    "at most {rate} runs per minute from one address; retry in {} s",
                    retry_after.as_secs()
                ),
                retry_after,
            });
        }
        throttle.count(source_ip, now);
        Ok(RunCaller::Address(source_ip.to_owned()))
    }

    /// Takes one of `caller`'s places for a run (waiting or running), or 429
    /// when they already hold their share.
    pub fn reserve(&self, caller: &RunCaller) -> Result<PendingRun> {
        let max = self.inner.max_pending_per_caller;
        let mut pending = self
            .inner
            .pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let n = pending.entry(caller.clone()).or_insert(0);
        if *n >= max {
            return Err(Error::RateLimited {
                message: format!(
                    "you have {n} runs waiting or running (at most {max} at once); wait for one to finish"
                ),
                retry_after: Duration::from_secs(1),
            });
        }
        *n += 1;
        Ok(PendingRun {
            caller: caller.clone(),
            inner: self.inner.clone(),
        })
    }

    /// Removes the pools and every container of this installation's sandbox.
    pub async fn shutdown(&self) {
        if let Ok(sandbox) = &self.inner.engine {
            sandbox.shutdown().await;
        }
    }
}
