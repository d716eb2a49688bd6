//! The system monitor (admins only): this server's host read from /proc with
//! `sysinfo`, and each Docker node as its Engine describes itself.
//!
//! CPU use is a difference between two readings, so the service keeps one
//! `sysinfo` reader alive and answers what happened since its previous
//! sample; the first sample of a fresh reader waits the library's minimum
//! interval for a second reading. Samples are shared for `CACHE_FOR`, so any
//! number of dashboards cost one reading of /proc per second.

mod probe;

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tianqi_core::policy::{check_access, Access, Principal};
use tianqi_core::system::{HostSnapshot, NodeFigures};
use tianqi_core::{Error, Result};

use crate::catalog::CatalogService;
use crate::Context;

use probe::Probe;

/// How long one sample is answered to everyone who asks.
const CACHE_FOR: Duration = Duration::from_millis(900);
/// Processes per top list.
pub const TOP_PROCESSES: usize = 10;

/// A snapshot and when it was taken (monotonic, for the cache).
type Sample = (Instant, Arc<HostSnapshot>);

#[derive(Clone)]
pub struct SystemService {
    ctx: Context,
    catalog: CatalogService,
    probe: Arc<Mutex<Probe>>,
    last: Arc<Mutex<Option<Sample>>>,
    /// One sampling at a time: a second caller waits and takes its result.
    sampling: Arc<tokio::sync::Mutex<()>>,
}

impl SystemService {
    pub fn new(ctx: Context, catalog: CatalogService) -> Self {
        Self {
            ctx,
            catalog,
            probe: Arc::new(Mutex::new(Probe::new())),
            last: Arc::new(Mutex::new(None)),
            sampling: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    fn cached(&self) -> Option<Arc<HostSnapshot>> {
        let last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        last.as_ref()
            .filter(|(at, _)| at.elapsed() < CACHE_FOR)
            .map(|(_, s)| s.clone())
    }

    /// This server's host now (admins).
    pub async fn host(&self, who: &Principal) -> Result<Arc<HostSnapshot>> {
        check_access(Some(who), Access::Admin)?;
        if let Some(s) = self.cached() {
            return Ok(s);
        }
        let _one = self.sampling.lock().await;
        if let Some(s) = self.cached() {
            return Ok(s);
        }
        let probe = self.probe.clone();
        let now = self.ctx.clock.now();
        // Reading /proc is blocking file I/O (and may wait for a second CPU
        // reading): off the async workers.
        let snapshot = tokio::task::spawn_blocking(move || {
            let mut p = probe.lock().unwrap_or_else(PoisonError::into_inner);
            p.sample(now, TOP_PROCESSES)
        })
        .await
        .map_err(|e| Error::Internal(format!("host sampling stopped: {e}")))?;
        let snapshot = Arc::new(snapshot);
        *self.last.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((Instant::now(), snapshot.clone()));
        Ok(snapshot)
    }

    /// Every Docker node's figures from its Engine (admins), asked
    /// concurrently, each within the node timeout; a node that does not answer
    /// is listed as unreachable with the reason.
    pub async fn nodes(&self, who: &Principal) -> Result<Vec<NodeFigures>> {
        check_access(Some(who), Access::Admin)?;
        let mut nodes = self.ctx.store.all_nodes().await?;
        // A Kubernetes node has no engine to ask (its cluster's page says more).
        nodes.retain(|n| n.draft.kube.is_none());
        let timeout = self.catalog.settings().timeout;
        let asks = nodes.iter().map(|n| async move {
            let name = n.draft.name.clone();
            let docker = match self.catalog.connect(n).await {
                Ok(d) => d,
                Err(e) => return NodeFigures::unreachable(n.id, name, e.to_string()),
            };
            match tianqi_docker::observe::engine_figures(&docker, timeout).await {
                Ok(f) => NodeFigures {
                    node_id: n.id,
                    name,
                    reachable: true,
                    error: None,
                    cpus: f.cpus,
                    memory_bytes: f.memory_bytes,
                    containers_running: f.containers_running,
                    containers_paused: f.containers_paused,
                    containers_stopped: f.containers_stopped,
                    images: f.images,
                    server_version: f.server_version,
                    kernel_version: f.kernel_version,
                    operating_system: f.operating_system,
                },
                Err(e) => {
                    self.catalog.forget_client(n.id);
                    NodeFigures::unreachable(n.id, name, e.to_string())
                }
            }
        });
        let mut out = futures::future::join_all(asks).await;
        out.sort_by_key(|n| n.node_id);
        Ok(out)
    }
}
