//! The sandbox service: admission (a bounded number of runs at once and a
//! bounded queue), the warm pools and their background refill, one run per
//! container, and reaping of leftovers at start and at shutdown.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use bollard::Docker;
use tianqi_core::sandbox::request::{parse_execute, plan};
use tianqi_core::sandbox::{ExecuteRequest, Runtime, Runtimes, StageResult};
use tokio::sync::{Notify, Semaphore};

use crate::container::{self, Warm};
use crate::job;
use crate::pool::{desired, Pools};
use crate::settings::Settings;

/// How many pool containers one refill round creates at once.
const REFILL_PARALLELISM: usize = 2;

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The request is wrong (Piston's wording).
    #[error("{0}")]
    BadRequest(String),
    /// Too many runs at once; retry later.
    #[error("{0}")]
    Busy(String),
    /// The sandbox node cannot run anything right now.
    #[error("{0}")]
    Unavailable(String),
}

/// Piston's execute response, before serialisation.
#[derive(Debug, Clone)]
pub struct ExecuteOutcome {
    pub language: String,
    pub version: String,
    pub compile: Option<StageResult>,
    pub run: StageResult,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct RuntimePoolStatus {
    pub runtime: String,
    pub warm: usize,
    pub creating: usize,
    pub runs: u64,
    pub cold_starts: u64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct PoolStatus {
    /// The label value of this installation's sandbox containers.
    pub install_id: String,
    pub ready: bool,
    pub last_error: Option<String>,
    pub active: usize,
    pub runtimes: Vec<RuntimePoolStatus>,
}

#[derive(Clone)]
pub struct Sandbox {
    inner: Arc<Inner>,
}

/// Makes the engine client; called until it succeeds (a unix socket that does
/// not exist yet — Docker starting after Tianqi — is retried like a refused TCP).
pub type Connect = Box<dyn Fn() -> Result<Docker, String> + Send + Sync>;

struct Inner {
    connect: Connect,
    settings: Settings,
    started: Instant,
    pools: Mutex<Pools>,
    /// The engine client and the runner volume, once the node is prepared.
    node: tokio::sync::Mutex<Option<(Docker, String)>>,
    permits: Semaphore,
    admitted: AtomicUsize,
    wake: Notify,
    closed: AtomicBool,
    last_error: Mutex<Option<String>>,
    refill: Mutex<Option<tokio::task::JoinHandle<()>>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave the pools inconsistent in a
    // way worse than losing a container, so keep going.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Releases the admission slot however the run ends (even if the request is dropped).
struct Admitted<'a>(&'a AtomicUsize);

impl Drop for Admitted<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Sandbox {
    /// Starts the sandbox: the refill task prepares the node (reaps leftovers,
    /// installs the runner) and fills the pools in the background; an
    /// unreachable node is retried, never fatal.
    pub fn start(connect: Connect, settings: Settings) -> Sandbox {
        let inner = Arc::new(Inner {
            connect,
            permits: Semaphore::new(settings.max_concurrent.max(1)),
            settings,
            started: Instant::now(),
            pools: Mutex::new(Pools::default()),
            node: tokio::sync::Mutex::new(None),
            admitted: AtomicUsize::new(0),
            wake: Notify::new(),
            closed: AtomicBool::new(false),
            last_error: Mutex::new(None),
            refill: Mutex::new(None),
        });
        let task = tokio::spawn(refill_loop(inner.clone()));
        *lock(&inner.refill) = Some(task);
        Sandbox { inner }
    }

    pub fn runtimes(&self) -> &Runtimes {
        &self.inner.settings.runtimes
    }

    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// Parses a Piston v2 body and runs it.
    pub async fn execute_json(
        &self,
        body: &serde_json::Value,
    ) -> Result<ExecuteOutcome, SandboxError> {
        let req = parse_execute(body).map_err(SandboxError::BadRequest)?;
        self.execute(req).await
    }

    pub async fn execute(&self, req: ExecuteRequest) -> Result<ExecuteOutcome, SandboxError> {
        let inner = &self.inner;
        let s = &inner.settings;
        let rt = s
            .runtimes
            .find(&req.language, &req.version)
            .ok_or_else(|| {
                SandboxError::BadRequest(format!(
                    "{}-{} runtime is unknown",
                    req.language, req.version
                ))
            })?
            .clone();
        let job = plan(req, &rt, &s.limits, s.max_files).map_err(SandboxError::BadRequest)?;
        if inner.closed.load(Ordering::SeqCst) {
            return Err(SandboxError::Unavailable(
                "the sandbox is shutting down".into(),
            ));
        }
        let bound = s.max_concurrent + s.max_queue;
        if inner.admitted.fetch_add(1, Ordering::SeqCst) >= bound {
            inner.admitted.fetch_sub(1, Ordering::SeqCst);
            return Err(SandboxError::Busy(format!(
                "the sandbox is busy: {} runs in progress and {} waiting; try again shortly",
                s.max_concurrent, s.max_queue
            )));
        }
        let _admitted = Admitted(&inner.admitted);
        let _permit = match tokio::time::timeout(s.queue_timeout, inner.permits.acquire()).await {
            Ok(Ok(p)) => p,
            Ok(Err(_)) => {
                return Err(SandboxError::Unavailable(
                    "the sandbox is shutting down".into(),
                ))
            }
            Err(_) => {
                return Err(SandboxError::Busy(format!(
                    "waited {} s in the sandbox queue; try again shortly",
                    s.queue_timeout.as_secs()
                )))
            }
        };
        let (docker, volume) = ensure_setup(inner)
            .await
            .map_err(SandboxError::Unavailable)?;
        let mut warm = self.take_or_create(&rt, &docker, &volume).await?;
        let mut result = job::run(&docker, &mut warm, &job).await;
        if result.undelivered {
            // The pool container died while waiting (e.g. the engine restarted):
            // nothing ran, so one fresh container may take the job.
            tracing::warn!(container = %warm.id, "a pool container was dead; retrying the run once");
            warm = self.take_or_create(&rt, &docker, &volume).await?;
            result = job::run(&docker, &mut warm, &job).await;
        }
        // One run per container: dropping it removes it, whatever happened in it
        // (and if this future is dropped mid-run because the client left).
        drop(warm);
        Ok(ExecuteOutcome {
            language: rt.spec.language.clone(),
            version: rt.version.to_string(),
            compile: result.compile,
            run: result.run,
        })
    }

    /// A warm container of `rt`, or (pool empty) one started now on the
    /// prepared node.
    async fn take_or_create(
        &self,
        rt: &Runtime,
        docker: &Docker,
        volume: &str,
    ) -> Result<Warm, SandboxError> {
        let inner = &self.inner;
        let key = rt.key();
        let warm = {
            let mut pools = lock(&inner.pools);
            let p = pools.by_runtime.entry(key.clone()).or_default();
            p.last_used = Some(Instant::now());
            p.runs += 1;
            let w = p.warm.pop_front();
            if w.is_none() {
                p.cold_starts += 1;
            }
            w
        };
        inner.wake.notify_one();
        if let Some(w) = warm {
            return Ok(w);
        }
        container::create_warm(docker, &inner.settings, rt, volume)
            .await
            .map_err(|e| {
                note_error(inner, &e);
                SandboxError::Unavailable(e)
            })
    }

    pub fn status(&self) -> PoolStatus {
        let inner = &self.inner;
        let pools = lock(&inner.pools);
        let runtimes = inner
            .settings
            .runtimes
            .all()
            .iter()
            .map(|rt| {
                let key = rt.key();
                let p = pools.by_runtime.get(&key);
                RuntimePoolStatus {
                    runtime: key,
                    warm: p.map_or(0, |p| p.warm.len()),
                    creating: p.map_or(0, |p| p.creating),
                    runs: p.map_or(0, |p| p.runs),
                    cold_starts: p.map_or(0, |p| p.cold_starts),
                }
            })
            .collect();
        PoolStatus {
            install_id: inner.settings.install_id.clone(),
            ready: inner.node.try_lock().is_ok_and(|v| v.is_some()),
            last_error: lock(&inner.last_error).clone(),
            active: inner.admitted.load(Ordering::SeqCst),
            runtimes,
        }
    }

    /// Stops refilling and removes every container and the runner volume.
    pub async fn shutdown(&self) {
        let inner = &self.inner;
        inner.closed.store(true, Ordering::SeqCst);
        inner.permits.close();
        inner.wake.notify_waiters();
        // Let the refill task finish what it is creating (it drops those once
        // closed), so the reap below sees every container there will be.
        let task = lock(&inner.refill).take();
        if let Some(task) = task {
            if tokio::time::timeout(Duration::from_secs(30), task)
                .await
                .is_err()
            {
                tracing::warn!("the sandbox refill task did not stop within 30 s");
            }
        }
        let warm: Vec<String> = {
            let mut pools = lock(&inner.pools);
            pools
                .by_runtime
                .values_mut()
                .flat_map(|p| p.warm.drain(..))
                .map(|w| w.id.clone())
                .collect()
        };
        let node = inner.node.lock().await.clone();
        let Some((docker, _)) = node else {
            // Never reached the engine: nothing of ours can be on it.
            return;
        };
        futures::future::join_all(warm.iter().map(|id| container::remove(&docker, id))).await;
        // Containers still being created land after this; the refill task
        // removes what it creates once closed, and the next start reaps.
        if let Err(e) = container::reap(&docker, &inner.settings.install_id, true).await {
            tracing::warn!(error = %e, "sandbox shutdown could not reap its containers");
        }
    }
}

fn note_error(inner: &Inner, e: &str) {
    let mut last = lock(&inner.last_error);
    if last.as_deref() != Some(e) {
        tracing::warn!(error = %e, "sandbox");
    }
    *last = Some(e.to_owned());
}

/// Prepares the node once: reaps what an earlier run of this installation
/// left, then installs the runner volume. Answers the volume name.
async fn ensure_setup(inner: &Inner) -> Result<(Docker, String), String> {
    let mut node = inner.node.lock().await;
    if let Some(n) = node.as_ref() {
        return Ok(n.clone());
    }
    let s = &inner.settings;
    let docker = (inner.connect)().map_err(|e| format!("sandbox node unreachable: {e}"))?;
    let reaped = container::reap(&docker, &s.install_id, false)
        .await
        .map_err(|e| format!("sandbox node unreachable: {e}"))?;
    if reaped > 0 {
        tracing::info!(
            containers = reaped,
            "reaped sandbox containers left by an earlier run"
        );
    }
    let mut last = String::from("no runtimes are configured");
    for rt in s.runtimes.all() {
        match container::install_runner(&docker, s, &rt.spec.image).await {
            Ok(v) => {
                *lock(&inner.last_error) = None;
                *node = Some((docker.clone(), v.clone()));
                return Ok((docker, v));
            }
            Err(e) => last = e,
        }
    }
    Err(last)
}

async fn refill_loop(inner: Arc<Inner>) {
    let idle_check = Duration::from_secs(1);
    while !inner.closed.load(Ordering::SeqCst) {
        let (docker, volume) = match ensure_setup(&inner).await {
            Ok(v) => v,
            Err(e) => {
                note_error(&inner, &e);
                tokio::select! {
                    () = inner.wake.notified() => {}
                    () = tokio::time::sleep(Duration::from_secs(5)) => {}
                }
                continue;
            }
        };
        let s = &inner.settings;
        let now = Instant::now();
        let mut create: Vec<Runtime> = Vec::new();
        let mut surplus: Vec<Warm> = Vec::new();
        {
            let mut pools = lock(&inner.pools);
            for rt in s.runtimes.all() {
                let p = pools.by_runtime.entry(rt.key()).or_default();
                let want = desired(
                    s.pool_size,
                    s.idle_pool_size,
                    s.idle,
                    p.last_used,
                    inner.started,
                    now,
                );
                let have = p.warm.len() + p.creating;
                if have < want {
                    let room = REFILL_PARALLELISM.saturating_sub(create.len());
                    let n = (want - have).min(room);
                    p.creating += n;
                    create.extend(std::iter::repeat_n(rt.clone(), n));
                } else if p.warm.len() > want {
                    let extra = p.warm.len() - want;
                    surplus.extend(p.warm.drain(..extra));
                }
            }
        }
        // Dropping a pool container removes it.
        drop(surplus);
        if create.is_empty() {
            tokio::select! {
                () = inner.wake.notified() => {}
                () = tokio::time::sleep(idle_check) => {}
            }
            continue;
        }
        let made = futures::future::join_all(
            create
                .iter()
                .map(|rt| container::create_warm(&docker, s, rt, &volume)),
        )
        .await;
        let mut failed = false;
        let mut discard: Vec<Warm> = Vec::new();
        {
            let closed = inner.closed.load(Ordering::SeqCst);
            let mut pools = lock(&inner.pools);
            for (rt, made) in create.iter().zip(made) {
                let p = pools.by_runtime.entry(rt.key()).or_default();
                p.creating = p.creating.saturating_sub(1);
                match made {
                    Ok(w) if !closed => p.warm.push_back(w),
                    Ok(w) => discard.push(w),
                    Err(e) => {
                        note_error(&inner, &e);
                        failed = true;
                    }
                }
            }
        }
        drop(discard);
        if failed {
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    }
}
