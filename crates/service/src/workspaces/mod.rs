//! Workspaces: one long-lived container per user id of a profile, with fixed
//! ports and a data directory that outlives the container.
//!
//! Concurrency: every operation on a user's workspace holds that user's lock, so
//! twenty simultaneous creates for one user make one container (the first
//! creates, the others find it running), while different users proceed in
//! parallel. The lock is this process's and, on PostgreSQL, the database's
//! (`SharedLock::Workspace`, a lease row), so servers sharing the database take
//! turns too. Docker is the authority on what exists; the store keeps a record
//! per workspace (the fast list, and a journal for a restarted server).

mod config;
mod data_dir;
mod idle;
mod lifecycle;
mod probes;
mod reconcile;
mod records;
mod stats;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bollard::Docker;
use chrono::{DateTime, Utc};
use serde::Serialize;
use tianqi_core::page::{Page, PageQuery};
use tianqi_core::workspace::{busy_port, Profile, Slot};
use tianqi_core::{Error, Result};
use tianqi_docker::DriverError;
use tianqi_store::{Engine, SharedGuard, SharedLock, Store, StoredNode, WorkspaceRow};

pub use config::{CompatAccess, CompatConfig, WorkspacesConfig};
pub use probes::{probe_http, probe_tcp, PROBE_TIMEOUT};

use crate::catalog::CatalogService;
use crate::Context;
use stats::Sampled;

/// Grace before SIGKILL on restart.
const STOP_GRACE_SECS: isize = 10;
/// Bound on container create/start/remove. Longer than the node timeout (which
/// bounds quick reads): fifty creates at once queue inside dockerd, and a start
/// that times out here would be rolled back although Docker finishes it.
const LIFECYCLE_TIMEOUT: Duration = Duration::from_secs(120);

fn with_lifecycle_timeout(docker: &Docker) -> Docker {
    docker.clone().with_timeout(LIFECYCLE_TIMEOUT)
}

/// Workspaces of the configured profile (none = workspaces are off).
#[derive(Clone)]
pub struct WorkspaceService {
    ctx: Context,
    catalog: CatalogService,
    state: Option<Arc<State>>,
}

/// Per-process workspace state: the profile, per-user locks, the node client.
struct State {
    profile: Profile,
    locks: Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
    node: tokio::sync::Mutex<Option<(Docker, StoredNode)>>,
    /// The latest stats reading per container (see `cpu_and_memory`).
    samples: Mutex<HashMap<String, Sampled>>,
    /// Idle culling's last reading per user (see `idle_round`).
    idle: Mutex<HashMap<i64, idle::IdleWatch>>,
    /// The list as last read from the store, on SQLite only (one server is
    /// the only writer; on PostgreSQL other servers write too, and the list
    /// is read each time); dropped by every write this process makes.
    /// (generation, list): every drop bumps the generation, so a read that
    /// raced a write never stores the list it read before that write.
    list: Mutex<(u64, Option<Arc<Vec<Workspace>>>)>,
    cache_list: bool,
    store: Store,
}

/// One user's workspace lock, both halves (see the module docs).
struct UserGuard {
    _shared: SharedGuard,
    _local: tokio::sync::OwnedMutexGuard<()>,
}

impl State {
    fn new(profile: Profile, store: Store) -> Self {
        Self {
            profile,
            cache_list: store.engine() == Engine::Sqlite,
            store,
            locks: Mutex::new(HashMap::new()),
            node: tokio::sync::Mutex::new(None),
            samples: Mutex::new(HashMap::new()),
            idle: Mutex::new(HashMap::new()),
            list: Mutex::new((0, None)),
        }
    }

    fn drop_list(&self) {
        if let Ok(mut l) = self.list.lock() {
            *l = (l.0.wrapping_add(1), None);
        }
    }

    fn local_lock(&self, user_id: i64) -> Arc<tokio::sync::Mutex<()>> {
        match self.locks.lock() {
            Ok(mut m) => m.entry(user_id).or_default().clone(),
            // A poisoned map only means a panic elsewhere; a fresh lock is safe
            // because the store and Docker still reject real conflicts.
            Err(_) => Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    /// Waits for `user_id`'s lock: this process's first (so one connection
    /// at most waits on the database), then other servers'.
    async fn lock_user(&self, user_id: i64) -> Result<UserGuard> {
        let local = self.local_lock(user_id).lock_owned().await;
        let shared = self
            .store
            .shared_lock(SharedLock::Workspace(user_id))
            .await?;
        Ok(UserGuard {
            _shared: shared,
            _local: local,
        })
    }

    /// `user_id`'s lock if nobody holds it (background work that can wait
    /// for its next round).
    async fn try_lock_user(&self, user_id: i64) -> Result<Option<UserGuard>> {
        let Ok(local) = self.local_lock(user_id).try_lock_owned() else {
            return Ok(None);
        };
        Ok(self
            .store
            .try_shared_lock(SharedLock::Workspace(user_id))
            .await?
            .map(|shared| UserGuard {
                _shared: shared,
                _local: local,
            }))
    }
}

/// A workspace as the admin API and the compat list show it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Workspace {
    pub profile: String,
    pub user_id: i64,
    /// The container's name (the compat API's `container_id`).
    pub container_name: String,
    /// Docker's container id.
    pub docker_id: String,
    pub node_id: i64,
    pub http_port: i64,
    pub ws_port: i64,
    /// running | stopped (as last seen: every operation, health check and
    /// reconciliation tick updates it).
    pub status: String,
    /// When this container was first created.
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<WorkspaceRow> for Workspace {
    fn from(r: WorkspaceRow) -> Self {
        Self {
            profile: r.profile,
            user_id: r.user_id,
            container_name: r.container_name,
            docker_id: r.container_id,
            node_id: r.node_id,
            http_port: r.http_port,
            ws_port: r.ws_port,
            status: r.status,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// What a create did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateOutcome {
    Created,
    AlreadyRunning,
    /// It existed, stopped, and was started.
    Started,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Probes {
    /// An HTTP response (any status below 500) on the HTTP port within 2 s.
    pub web_healthy: bool,
    /// A TCP connection to the WebSocket port within 2 s.
    pub websocket_healthy: bool,
    /// How long both probes took together, ms.
    pub probe_ms: f64,
}

/// A workspace's health: Docker's state, resource use and the two probes.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkspaceHealth {
    pub container_name: String,
    pub running: bool,
    /// Docker's StartedAt (RFC 3339); empty when stopped.
    pub started_at: String,
    /// Percent of one core between the two newest kept readings (as `docker stats`).
    pub cpu_percent: f64,
    pub memory_usage_bytes: i64,
    pub memory_limit_bytes: i64,
    pub memory_percent: f64,
    pub probes: Option<Probes>,
    pub http_port: u16,
    pub ws_port: u16,
}

/// The engine said no (or did not answer).
fn engine_error(e: DriverError) -> Error {
    Error::Unavailable(e.to_string())
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

impl WorkspaceService {
    pub fn new(ctx: Context, catalog: CatalogService, profile: Option<Profile>) -> Self {
        let state = profile.map(|p| Arc::new(State::new(p, ctx.store.clone())));
        Self {
            ctx,
            catalog,
            state,
        }
    }

    fn state(&self) -> Result<&Arc<State>> {
        self.state
            .as_ref()
            .ok_or_else(|| Error::Unavailable("workspaces are not configured".into()))
    }

    pub fn profile(&self) -> Result<Profile> {
        Ok(self.state()?.profile.clone())
    }

    /// The profile's node and a client for it, kept between calls; dropped when
    /// a call fails so the next one reconnects.
    async fn node(&self) -> Result<(Docker, StoredNode)> {
        let state = self.state()?;
        let mut cached = state.node.lock().await;
        if let Some(c) = cached.as_ref() {
            return Ok(c.clone());
        }
        let node = self
            .ctx
            .store
            .all_nodes()
            .await?
            .into_iter()
            .find(|n| n.draft.name == state.profile.node)
            .ok_or_else(|| {
                Error::Unavailable(format!(
                    "the workspace node '{}' is not registered",
                    state.profile.node
                ))
            })?;
        let (docker, node) = self.catalog.docker(node.id).await?;
        *cached = Some((docker.clone(), node.clone()));
        Ok((docker, node))
    }

    async fn forget_node(&self) {
        if let Ok(state) = self.state() {
            *state.node.lock().await = None;
        }
    }

    fn slot_of(profile: &Profile, user_id: i64) -> Result<Slot> {
        profile
            .slot(user_id)
            .ok_or_else(|| Error::validation("user_id", profile.invalid_user_message()))
    }

    /// The compat `/list` and the admin list: the records, by user id. No call
    /// to Docker: statuses are as last seen (see [`Workspace::status`]).
    pub async fn list(&self) -> Result<Arc<Vec<Workspace>>> {
        let state = self.state()?;
        let generation = match state.list.lock() {
            Ok(l) => match &l.1 {
                Some(list) if state.cache_list => return Ok(list.clone()),
                _ => l.0,
            },
            Err(_) => 0,
        };
        let list: Arc<Vec<Workspace>> = Arc::new(
            self.ctx
                .store
                .workspaces(&state.profile.name)
                .await?
                .into_iter()
                .filter(|r| r.status != "creating")
                .map(Workspace::from)
                .collect(),
        );
        if let Ok(mut l) = state.list.lock() {
            if state.cache_list && l.0 == generation {
                l.1 = Some(list.clone());
            }
        }
        Ok(list)
    }

    pub async fn get(&self, user_id: i64) -> Result<Workspace> {
        let profile = &self.state()?.profile;
        self.ctx
            .store
            .workspace(&profile.name, user_id)
            .await?
            .filter(|r| r.status != "creating")
            .map(Workspace::from)
            .ok_or_else(|| Error::not_found(format!("no workspace for user {user_id}")))
    }

    /// One page of [`Self::list`].
    pub async fn page(&self, q: PageQuery) -> Result<Page<Workspace>> {
        let req = q.validate()?;
        let all = self.list().await?;
        let total = i64::try_from(all.len()).unwrap_or(i64::MAX);
        let items = all
            .iter()
            .skip(usize::try_from(req.offset()).unwrap_or(usize::MAX))
            .take(usize::try_from(req.limit()).unwrap_or(0))
            .cloned()
            .collect();
        Ok(Page::new(items, total, req))
    }
}

/// A failed start: a busy host port becomes "port N already in use" (the old
/// service's wording); anything else keeps Docker's words.
fn start_error(e: &DriverError, slot: Slot) -> Error {
    let text = e.to_string();
    match busy_port(&text, slot) {
        Some(p) => Error::conflict(format!("port {p} already in use")),
        None => Error::Unavailable(text),
    }
}
