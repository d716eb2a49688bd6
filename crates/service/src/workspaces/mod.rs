//! Workspaces: one long-lived container per user id of a profile, with fixed
//! ports and a data directory that outlives the container.
//!
//! Concurrency: every operation on a user's workspace holds that user's lock, so
//! twenty simultaneous creates for one user make one container (the first
//! creates, the others find it running), while different users proceed in
//! parallel. Docker is the authority on what exists; the store keeps a record
//! per workspace (the fast list, and a journal for a restarted server).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bollard::Docker;
use chrono::{DateTime, Utc};
use serde::Serialize;
use tianqi_core::workspace::{busy_port, Profile, Slot, DATA_LOG_FILE, DATA_SUBDIRS};
use tianqi_core::{Error, Result};
use tianqi_docker::container::{self as dc, ContainerInfo};
use tianqi_docker::observe::{raw_sample, RawSample};
use tianqi_docker::DriverError;
use tianqi_store::{StoredNode, WorkspaceRow};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use utoipa::ToSchema;

use crate::Services;

/// Each service probe (HTTP GET, TCP connect) gets this long.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(2);
/// Grace before SIGKILL on restart.
const STOP_GRACE_SECS: isize = 10;
/// Bound on container create/start/remove. Longer than the node timeout (which
/// bounds quick reads): fifty creates at once queue inside dockerd, and a start
/// that times out here would be rolled back although Docker finishes it.
const LIFECYCLE_TIMEOUT: Duration = Duration::from_secs(120);
/// A kept stats reading older than this is refreshed in the background.
const STATS_REFRESH: Duration = Duration::from_secs(2);
/// A kept stats reading older than this is not served; the call waits.
const STATS_STALE: Duration = Duration::from_secs(60);

fn slow(docker: &Docker) -> Docker {
    docker.clone().with_timeout(LIFECYCLE_TIMEOUT)
}

/// Per-process workspace state: the profile, per-user locks, the node client.
pub struct WorkspaceState {
    pub profile: Profile,
    locks: Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
    node: tokio::sync::Mutex<Option<(Docker, StoredNode)>>,
    /// The latest stats reading per container (see `cpu_and_memory`).
    samples: Mutex<HashMap<String, Sampled>>,
    /// The list as last read from the store; dropped by every write this
    /// process makes (the only writer: one server per database, see above).
    /// (generation, list): every drop bumps the generation, so a read that
    /// raced a write never stores the list it read before that write.
    list: Mutex<(u64, Option<Arc<Vec<Workspace>>>)>,
}

/// A container's latest resource reading and the CPU use it showed.
#[derive(Debug, Clone, Copy)]
struct Sampled {
    at: Instant,
    sample: RawSample,
    cpu_percent: f64,
    refreshing: bool,
}

impl WorkspaceState {
    pub fn new(profile: Profile) -> Self {
        Self {
            profile,
            locks: Mutex::new(HashMap::new()),
            node: tokio::sync::Mutex::new(None),
            samples: Mutex::new(HashMap::new()),
            list: Mutex::new((0, None)),
        }
    }

    fn drop_list(&self) {
        if let Ok(mut l) = self.list.lock() {
            *l = (l.0.wrapping_add(1), None);
        }
    }

    fn lock_of(&self, user_id: i64) -> Arc<tokio::sync::Mutex<()>> {
        match self.locks.lock() {
            Ok(mut m) => m.entry(user_id).or_default().clone(),
            // A poisoned map only means a panic elsewhere; a fresh lock is safe
            // because the store and Docker still reject real conflicts.
            Err(_) => Arc::new(tokio::sync::Mutex::new(())),
        }
    }
}

/// A workspace as the admin API and the compat list show it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
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

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct Probes {
    /// An HTTP response (any status below 500) on the HTTP port within 2 s.
    pub web_healthy: bool,
    /// A TCP connection to the WebSocket port within 2 s.
    pub websocket_healthy: bool,
    /// How long both probes took together, ms.
    pub probe_ms: f64,
}

/// A workspace's health: Docker's state, resource use and the two probes.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct Health {
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

fn driver(e: DriverError) -> Error {
    Error::Unavailable(e.to_string())
}

/// An HTTP GET on `host:port`: healthy when anything answers with a status
/// below 500 within the timeout.
pub async fn probe_http(host: &str, port: u16) -> bool {
    let attempt = async {
        let mut s = TcpStream::connect((host, port)).await.ok()?;
        let req = format!("GET / HTTP/1.0\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n");
        s.write_all(req.as_bytes()).await.ok()?;
        let mut buf = [0u8; 64];
        let mut got = 0;
        while got < 12 {
            let n = s.read(&mut buf[got..]).await.ok()?;
            if n == 0 {
                break;
            }
            got += n;
        }
        let head = std::str::from_utf8(&buf[..got]).ok()?;
        let code: u16 = head.strip_prefix("HTTP/1.")?.get(2..5)?.parse().ok()?;
        Some(code < 500)
    };
    matches!(
        tokio::time::timeout(PROBE_TIMEOUT, attempt).await,
        Ok(Some(true))
    )
}

/// A TCP connect on `host:port` within the timeout.
pub async fn probe_tcp(host: &str, port: u16) -> bool {
    matches!(
        tokio::time::timeout(PROBE_TIMEOUT, TcpStream::connect((host, port))).await,
        Ok(Ok(_))
    )
}

/// Creates the user's data directory tree; answers whether it was new.
async fn prepare_data_dir(profile: &Profile, user_id: i64) -> Result<bool> {
    let dir = profile.data_dir(user_id);
    let fresh = !Path::new(&dir).exists();
    let owner = tianqi_core::workspace::parse_owner(&profile.data_owner);
    let io = |what: &str, e: std::io::Error| Error::Unavailable(format!("{what}: {e}"));
    for sub in DATA_SUBDIRS {
        let p = format!("{dir}/{sub}");
        tokio::fs::create_dir_all(&p)
            .await
            .map_err(|e| io(&format!("cannot create {p}"), e))?;
    }
    let log = format!("{dir}/{DATA_LOG_FILE}");
    tokio::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log)
        .await
        .map_err(|e| io(&format!("cannot create {log}"), e))?;
    if let (true, Some((uid, gid))) = (fresh, owner) {
        // Only a tree made here is handed over; an existing one is the user's.
        let mut paths = vec![dir.clone(), log];
        for sub in DATA_SUBDIRS {
            let mut p = dir.clone();
            for part in sub.split('/') {
                p = format!("{p}/{part}");
                paths.push(p.clone());
            }
        }
        for p in paths {
            std::os::unix::fs::chown(&p, Some(uid), Some(gid))
                .map_err(|e| io(&format!("cannot chown {p}"), e))?;
        }
    }
    Ok(fresh)
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

impl Services {
    fn ws(&self) -> Result<&Arc<WorkspaceState>> {
        self.workspaces
            .as_ref()
            .ok_or_else(|| Error::Unavailable("workspaces are not configured".into()))
    }

    pub fn workspace_profile(&self) -> Result<Profile> {
        Ok(self.ws()?.profile.clone())
    }

    /// The profile's node and a client for it, kept between calls; dropped when
    /// a call fails so the next one reconnects.
    async fn ws_node(&self) -> Result<(Docker, StoredNode)> {
        let ws = self.ws()?;
        let mut cached = ws.node.lock().await;
        if let Some(c) = cached.as_ref() {
            return Ok(c.clone());
        }
        let node = self
            .store
            .all_nodes()
            .await?
            .into_iter()
            .find(|n| n.draft.name == ws.profile.node)
            .ok_or_else(|| {
                Error::Unavailable(format!(
                    "the workspace node '{}' is not registered",
                    ws.profile.node
                ))
            })?;
        let (docker, node) = self.node_docker(node.id).await?;
        *cached = Some((docker.clone(), node.clone()));
        Ok((docker, node))
    }

    async fn forget_node(&self) {
        if let Ok(ws) = self.ws() {
            *ws.node.lock().await = None;
        }
    }

    fn is_ours(&self, profile: &Profile, c: &ContainerInfo) -> bool {
        c.labels.get("tianqi.install") == Some(&self.install_id)
            && c.labels.get(tianqi_core::workspace::LABEL_PROFILE) == Some(&profile.name)
    }

    async fn ws_put(&self, row: &WorkspaceRow) -> Result<()> {
        let r = self.store.put_workspace(row).await;
        self.ws()?.drop_list();
        Ok(r?)
    }

    async fn ws_delete(&self, profile: &str, user_id: i64) -> Result<()> {
        let r = self.store.delete_workspace(profile, user_id).await;
        self.ws()?.drop_list();
        r?;
        Ok(())
    }

    async fn ws_set_status(&self, profile: &str, user_id: i64, status: &str) -> Result<()> {
        let r = self
            .store
            .set_workspace_status(profile, user_id, status, self.clock.now())
            .await;
        self.ws()?.drop_list();
        Ok(r?)
    }

    /// The container of `user_id` if it exists and is this installation's.
    async fn ws_container(
        &self,
        docker: &Docker,
        profile: &Profile,
        user_id: i64,
    ) -> Result<Option<ContainerInfo>> {
        let name = profile.container_name(user_id);
        match dc::inspect(docker, &name).await {
            Ok(Some(c)) if self.is_ours(profile, &c) => Ok(Some(c)),
            Ok(_) => Ok(None),
            Err(e) => {
                self.forget_node().await;
                Err(driver(e))
            }
        }
    }

    fn row_for(
        &self,
        profile: &Profile,
        slot: Slot,
        node_id: i64,
        c: Option<&ContainerInfo>,
        status: &str,
        created_at: DateTime<Utc>,
    ) -> WorkspaceRow {
        WorkspaceRow {
            profile: profile.name.clone(),
            user_id: slot.user_id,
            node_id,
            container_name: profile.container_name(slot.user_id),
            container_id: c.map(|c| c.id.clone()).unwrap_or_default(),
            http_port: i64::from(slot.http_port),
            ws_port: i64::from(slot.ws_port),
            status: status.to_owned(),
            created_at,
            updated_at: self.clock.now(),
        }
    }

    /// Makes the record agree with a container that exists.
    async fn record_seen(
        &self,
        profile: &Profile,
        slot: Slot,
        node_id: i64,
        c: &ContainerInfo,
        running: bool,
    ) -> Result<()> {
        let status = if running { "running" } else { "stopped" };
        match self.store.workspace(&profile.name, slot.user_id).await? {
            Some(r) if r.container_id == c.id && r.status == status => Ok(()),
            Some(r) if r.container_id == c.id => Ok(self
                .ws_set_status(&profile.name, slot.user_id, status)
                .await?),
            _ => {
                let created = parse_time(&c.created).unwrap_or_else(|| self.clock.now());
                let row = self.row_for(profile, slot, node_id, Some(c), status, created);
                Ok(self.ws_put(&row).await?)
            }
        }
    }

    fn slot_of(profile: &Profile, user_id: i64) -> Result<Slot> {
        profile
            .slot(user_id)
            .ok_or_else(|| Error::validation("user_id", profile.invalid_user_message()))
    }

    /// The compat `/create`: make the user's workspace run.
    pub async fn create_workspace(&self, user_id: i64) -> Result<(CreateOutcome, Slot, String)> {
        let ws = self.ws()?.clone();
        let profile = &ws.profile;
        let slot = Self::slot_of(profile, user_id)?;
        let name = profile.container_name(user_id);
        let lock = ws.lock_of(user_id);
        let _guard = lock.lock().await;
        let (docker, node) = self.ws_node().await?;
        match dc::inspect(&docker, &name).await.map_err(driver)? {
            Some(c) if !self.is_ours(profile, &c) => Err(Error::conflict(format!(
                "a container named {name} exists and is not managed by this Tianqi installation"
            ))),
            Some(c) if c.running => {
                self.record_seen(profile, slot, node.id, &c, true).await?;
                Ok((CreateOutcome::AlreadyRunning, slot, name))
            }
            Some(c) => {
                // A stopped workspace is started as it is (same ports, limits, data).
                prepare_data_dir(profile, user_id).await?;
                if let Err(e) = dc::start(&slow(&docker), &c.id).await {
                    return Err(start_error(&e, slot));
                }
                self.record_seen(profile, slot, node.id, &c, true).await?;
                prime_stats(&ws, &docker, &c.id);
                Ok((CreateOutcome::Started, slot, name))
            }
            None => {
                self.create_fresh(&docker, &node, profile, slot).await?;
                Ok((CreateOutcome::Created, slot, name))
            }
        }
    }

    /// A new container. The record is written `creating` first, so a crash in
    /// the middle leaves a trace reconciliation can roll back; any failure here
    /// removes what was made (container, record, and the data directory if this
    /// attempt created it).
    async fn create_fresh(
        &self,
        docker: &Docker,
        node: &StoredNode,
        profile: &Profile,
        slot: Slot,
    ) -> Result<()> {
        let now = self.clock.now();
        let row = self.row_for(profile, slot, node.id, None, "creating", now);
        self.ws_put(&row).await?;
        let fresh_dir = match prepare_data_dir(profile, slot.user_id).await {
            Ok(f) => f,
            Err(e) => {
                self.ws_delete(&profile.name, slot.user_id).await?;
                return Err(e);
            }
        };
        let plan = profile.plan(&self.install_id, node.id, slot);
        let docker = &slow(docker);
        let result = async {
            let (id, _) = dc::create_container(docker, &plan).await.map_err(driver)?;
            if let Err(e) = dc::start(docker, &id).await {
                let _ = dc::remove(docker, &id, &[]).await;
                return Err(start_error(&e, slot));
            }
            Ok(id)
        }
        .await;
        match result {
            Ok(id) => {
                let mut row = row;
                prime_stats(self.ws()?, docker, &id);
                row.container_id = id;
                row.status = "running".into();
                row.updated_at = self.clock.now();
                self.ws_put(&row).await?;
                tracing::info!(workspace = %plan.name, user_id = slot.user_id, http_port = slot.http_port, ws_port = slot.ws_port, "workspace created");
                Ok(())
            }
            Err(e) => {
                // Nothing half-created: the container is gone (above), then the
                // record and a data directory made only for this attempt.
                self.ws_delete(&profile.name, slot.user_id).await?;
                if fresh_dir {
                    let _ = tokio::fs::remove_dir_all(profile.data_dir(slot.user_id)).await;
                }
                tracing::warn!(workspace = %plan.name, error = %e, "workspace create failed and was rolled back");
                Err(e)
            }
        }
    }

    /// The compat `/destroy`: remove the container, keep the data directory.
    /// NotFound when there is no such workspace.
    pub async fn destroy_workspace(&self, user_id: i64) -> Result<()> {
        let ws = self.ws()?.clone();
        let profile = &ws.profile;
        let _ = Self::slot_of(profile, user_id).map_err(|_| Error::not_found("no workspace"))?;
        let lock = ws.lock_of(user_id);
        let _guard = lock.lock().await;
        let (docker, _) = self.ws_node().await?;
        let found = self.ws_container(&docker, profile, user_id).await?;
        let Some(c) = found else {
            self.ws_delete(&profile.name, user_id).await?;
            return Err(Error::not_found("Container not found"));
        };
        dc::remove(&slow(&docker), &c.id, &[])
            .await
            .map_err(driver)?;
        self.ws_delete(&profile.name, user_id).await?;
        if let Ok(mut s) = ws.samples.lock() {
            s.remove(&c.id);
        }
        tracing::info!(workspace = %c.name, "workspace destroyed (data directory kept)");
        Ok(())
    }

    /// The compat `/restart`: same container, so the same ports and limits.
    pub async fn restart_workspace(&self, user_id: i64) -> Result<()> {
        let ws = self.ws()?.clone();
        let profile = &ws.profile;
        let slot = Self::slot_of(profile, user_id).map_err(|_| Error::not_found("no workspace"))?;
        let lock = ws.lock_of(user_id);
        let _guard = lock.lock().await;
        let (docker, node) = self.ws_node().await?;
        let Some(c) = self.ws_container(&docker, profile, user_id).await? else {
            self.ws_delete(&profile.name, user_id).await?;
            return Err(Error::not_found("Container not found"));
        };
        prepare_data_dir(profile, user_id).await?;
        if let Err(e) = dc::restart(&docker, &c.id, STOP_GRACE_SECS).await {
            return Err(start_error(&e, slot));
        }
        self.record_seen(profile, slot, node.id, &c, true).await?;
        prime_stats(&ws, &docker, &c.id);
        Ok(())
    }

    /// The compat `/health`: Docker's state; when running, resource use and the
    /// two probes, run concurrently. NotFound when there is no such workspace.
    pub async fn workspace_health(&self, user_id: i64) -> Result<Health> {
        let ws = self.ws()?.clone();
        let profile = &ws.profile;
        let slot = Self::slot_of(profile, user_id).map_err(|_| Error::not_found("no workspace"))?;
        let (docker, node) = self.ws_node().await?;
        let Some(c) = self.ws_container(&docker, profile, user_id).await? else {
            return Err(Error::not_found("Container not found"));
        };
        let mut health = Health {
            container_name: c.name.clone(),
            running: c.running,
            started_at: String::new(),
            cpu_percent: 0.0,
            memory_usage_bytes: 0,
            memory_limit_bytes: 0,
            memory_percent: 0.0,
            probes: None,
            http_port: slot.http_port,
            ws_port: slot.ws_port,
        };
        // Keep the list's status in step with what was just seen.
        let recorded = self.store.workspace(&profile.name, user_id).await?;
        let status = if c.running { "running" } else { "stopped" };
        if recorded.as_ref().map(|r| r.status.as_str()) != Some(status) {
            let _guard = ws.lock_of(user_id).try_lock_owned();
            if _guard.is_ok() {
                self.record_seen(profile, slot, node.id, &c, c.running)
                    .await?;
            }
        }
        if !c.running {
            return Ok(health);
        }
        health.started_at = c.started_at.clone();
        let host = probe_host(&node);
        let started = Instant::now();
        let (sample, web, wsock) = tokio::join!(
            self.cpu_and_memory(&ws, &docker, &c.id),
            async {
                let web = probe_http(&host, slot.http_port).await;
                (web, started.elapsed())
            },
            async {
                let w = probe_tcp(&host, slot.ws_port).await;
                (w, started.elapsed())
            },
        );
        let (cpu, sample) = sample?;
        health.cpu_percent = cpu;
        health.memory_usage_bytes = sample.mem_usage;
        health.memory_limit_bytes = sample.mem_limit;
        health.memory_percent = if sample.mem_limit > 0 {
            sample.mem_usage as f64 / sample.mem_limit as f64 * 100.0
        } else {
            0.0
        };
        health.probes = Some(Probes {
            web_healthy: web.0,
            websocket_healthy: wsock.0,
            probe_ms: web.1.max(wsock.1).as_secs_f64() * 1000.0,
        });
        Ok(health)
    }

    /// CPU and memory without making `/health` wait for Docker: its stats API
    /// answers on the collector's next one-second tick even in one-shot mode.
    /// So the latest reading is kept per container and served while a
    /// background read refreshes it (when older than `STATS_REFRESH`); only the
    /// first call for a container, or one after `STATS_STALE`, waits for a
    /// reading (which then includes Docker's own previous one, so CPU is known
    /// at once). CPU use is between the two newest readings.
    async fn cpu_and_memory(
        &self,
        ws: &Arc<WorkspaceState>,
        docker: &Docker,
        id: &str,
    ) -> Result<(f64, RawSample)> {
        let cached = ws.samples.lock().ok().and_then(|mut m| {
            let e = m.get_mut(id)?;
            if e.at.elapsed() > STATS_STALE {
                return None;
            }
            let start_refresh = e.at.elapsed() > STATS_REFRESH && !e.refreshing;
            e.refreshing |= start_refresh;
            Some((*e, start_refresh))
        });
        match cached {
            Some((e, start_refresh)) => {
                if start_refresh {
                    let (ws, docker, id) = (ws.clone(), docker.clone(), id.to_owned());
                    tokio::spawn(async move {
                        let fresh = raw_sample(&docker, &id, true).await;
                        if let Ok(mut m) = ws.samples.lock() {
                            match fresh {
                                Ok((s, _)) => {
                                    let previous = m.get(&id).map(|p| p.sample);
                                    m.insert(
                                        id,
                                        Sampled {
                                            at: Instant::now(),
                                            cpu_percent: previous
                                                .map_or(0.0, |p| s.cpu_percent_since(&p)),
                                            sample: s,
                                            refreshing: false,
                                        },
                                    );
                                }
                                Err(_) => {
                                    if let Some(p) = m.get_mut(&id) {
                                        p.refreshing = false;
                                    }
                                }
                            }
                        }
                    });
                }
                Ok((e.cpu_percent, e.sample))
            }
            None => {
                let (sample, cpu) = raw_sample(docker, id, false).await.map_err(driver)?;
                let cpu_percent = cpu.unwrap_or(0.0);
                if let Ok(mut m) = ws.samples.lock() {
                    m.insert(
                        id.to_owned(),
                        Sampled {
                            at: Instant::now(),
                            sample,
                            cpu_percent,
                            refreshing: false,
                        },
                    );
                }
                Ok((cpu_percent, sample))
            }
        }
    }

    /// The compat `/list` and the admin list: the records, by user id. No call
    /// to Docker: statuses are as last seen (see [`Workspace::status`]).
    pub async fn list_workspaces(&self) -> Result<Arc<Vec<Workspace>>> {
        let ws = self.ws()?;
        let generation = match ws.list.lock() {
            Ok(l) => match &l.1 {
                Some(list) => return Ok(list.clone()),
                None => l.0,
            },
            Err(_) => 0,
        };
        let list: Arc<Vec<Workspace>> = Arc::new(
            self.store
                .workspaces(&ws.profile.name)
                .await?
                .into_iter()
                .filter(|r| r.status != "creating")
                .map(Workspace::from)
                .collect(),
        );
        if let Ok(mut l) = ws.list.lock() {
            if l.0 == generation {
                l.1 = Some(list.clone());
            }
        }
        Ok(list)
    }

    pub async fn get_workspace(&self, user_id: i64) -> Result<Workspace> {
        let profile = &self.ws()?.profile;
        self.store
            .workspace(&profile.name, user_id)
            .await?
            .filter(|r| r.status != "creating")
            .map(Workspace::from)
            .ok_or_else(|| Error::not_found(format!("no workspace for user {user_id}")))
    }

    /// Makes the records agree with the node's labelled containers (one list
    /// call; users whose record and container already agree cost nothing more):
    /// adopts containers without a record (a lost database, a crash after the
    /// create), removes containers a create left never started, drops records
    /// whose container is gone, and follows status changes made outside. Users
    /// with an operation in progress are left for the next tick.
    pub async fn reconcile_workspaces(&self) -> Result<usize> {
        let ws = self.ws()?.clone();
        let profile = &ws.profile;
        let (docker, node) = match self.ws_node().await {
            Ok(n) => n,
            Err(Error::Unavailable(m)) => {
                tracing::debug!(reason = %m, "workspace reconciliation skipped");
                return Ok(0);
            }
            Err(e) => return Err(e),
        };
        let seen = match dc::list_labelled(
            &docker,
            &self.install_id,
            tianqi_core::workspace::LABEL_PROFILE,
            &profile.name,
        )
        .await
        {
            Ok(s) => s,
            Err(e) => {
                self.forget_node().await;
                return Err(driver(e));
            }
        };
        let rows = self.store.workspaces(&profile.name).await?;
        let by_user: HashMap<i64, &WorkspaceRow> = rows.iter().map(|r| (r.user_id, r)).collect();
        let mut suspects: HashSet<i64> = HashSet::new();
        let mut seen_users = HashSet::new();
        for c in &seen {
            let Some(user) = profile.user_of(&c.name) else {
                continue;
            };
            seen_users.insert(user);
            let agrees = by_user.get(&user).is_some_and(|r| {
                r.container_id == c.id && r.status == if c.running { "running" } else { "stopped" }
            });
            if !agrees || c.state == "created" {
                suspects.insert(user);
            }
        }
        suspects.extend(
            rows.iter()
                .map(|r| r.user_id)
                .filter(|u| !seen_users.contains(u)),
        );
        let mut fixed = 0;
        for user in suspects {
            let Ok(_guard) = ws.lock_of(user).try_lock_owned() else {
                continue;
            };
            let Some(slot) = profile.slot(user) else {
                continue;
            };
            let c = self.ws_container(&docker, profile, user).await?;
            let row = self.store.workspace(&profile.name, user).await?;
            match (c, row) {
                (Some(c), row) if c.state == "created" => {
                    // Made but never started: the remains of an interrupted create.
                    tracing::warn!(workspace = %c.name, "removing a workspace container a create left behind");
                    dc::remove(&slow(&docker), &c.id, &[])
                        .await
                        .map_err(driver)?;
                    if row.is_some() {
                        self.ws_delete(&profile.name, user).await?;
                    }
                }
                (Some(c), _) => {
                    self.record_seen(profile, slot, node.id, &c, c.running)
                        .await?;
                }
                (None, Some(_)) => {
                    tracing::info!(
                        user_id = user,
                        "workspace container is gone; dropping its record"
                    );
                    self.ws_delete(&profile.name, user).await?;
                }
                (None, None) => continue,
            }
            fixed += 1;
        }
        Ok(fixed)
    }
}

/// Takes a first stats reading in the background right after a start, so the
/// first `/health` (which clients send once the services are up) finds one
/// instead of waiting for Docker's collector.
fn prime_stats(ws: &Arc<WorkspaceState>, docker: &Docker, id: &str) {
    let (ws, docker, id) = (ws.clone(), docker.clone(), id.to_owned());
    tokio::spawn(async move {
        if let Ok((sample, cpu)) = raw_sample(&docker, &id, false).await {
            if let Ok(mut m) = ws.samples.lock() {
                m.insert(
                    id,
                    Sampled {
                        at: Instant::now(),
                        sample,
                        cpu_percent: cpu.unwrap_or(0.0),
                        refreshing: false,
                    },
                );
            }
        }
    });
}

/// Where the probes connect: the node's private address (the server reaches
/// nodes there), else its public one, else this machine.
fn probe_host(node: &StoredNode) -> String {
    [&node.draft.private_ip, &node.draft.public_ip]
        .into_iter()
        .find(|ip| !ip.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| "127.0.0.1".into())
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
