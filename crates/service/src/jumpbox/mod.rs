//! The SSH jump host as the other transports see it: whether it runs and where
//! (`GET /api/v1/jumpbox/info`, from which the console builds the SSH command),
//! and its live connections (admins list and end them). The listener itself is
//! `crates/jumpbox`; it registers each signed-in connection here, and records
//! terminal sessions through [`recordings`].

mod recordings;

pub use recordings::{Recorder, RecordingListQuery, RecordingStart};

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU16, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tianqi_core::policy::Principal;
use tianqi_core::{Error, Result};
use tokio_util::sync::CancellationToken;

use crate::Context;

/// From `[jumpbox]`, resolved by the binary.
#[derive(Debug, Clone, Default)]
pub struct JumpboxSettings {
    pub enabled: bool,
    /// The host name users connect to; empty = the one the request came to.
    pub public_host: String,
    /// `jumpbox.record`: write every terminal session to an asciicast file.
    pub record: bool,
    /// `<data dir>/recordings`.
    pub recordings_dir: PathBuf,
    /// `jumpbox.recording_retention_days` (none = keep).
    pub recording_retention: Option<Duration>,
}

/// `GET /api/v1/jumpbox/info`
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JumpboxInfo {
    pub enabled: bool,
    /// Where to connect: `jumpbox.public_host`, else the host this request came to.
    pub host: String,
    /// The port the jump host listens on (0 when it does not run).
    pub port: u16,
}

/// One connection, as an admin sees it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JumpboxSession {
    pub id: u64,
    pub user_id: i64,
    pub username: String,
    /// The instance it is in now (none at the menu).
    pub instance_id: Option<i64>,
    pub instance_name: Option<String>,
    pub source_ip: String,
    pub started_at: DateTime<Utc>,
    /// Bytes from the client into instances, and back, so far.
    pub bytes_in: u64,
    pub bytes_out: u64,
}

struct Entry {
    user_id: i64,
    username: String,
    instance: Mutex<Option<(i64, String)>>,
    source_ip: String,
    started_at: DateTime<Utc>,
    bytes_in: AtomicU64,
    bytes_out: AtomicU64,
    kill: CancellationToken,
}

struct Inner {
    ctx: Context,
    settings: JumpboxSettings,
    port: AtomicU16,
    next: AtomicU64,
    live: Mutex<HashMap<u64, Arc<Entry>>>,
}

#[derive(Clone)]
pub struct JumpboxService {
    inner: Arc<Inner>,
}

/// A registered connection; it leaves the list when dropped.
pub struct JumpboxConnection {
    id: u64,
    entry: Arc<Entry>,
    service: JumpboxService,
}

impl JumpboxConnection {
    /// Resolves when an admin ends the connection.
    pub async fn killed(&self) {
        self.entry.kill.cancelled().await;
    }

    pub fn kill_token(&self) -> CancellationToken {
        self.entry.kill.clone()
    }

    /// The instance the connection is in now (`None`: back at the menu).
    pub fn set_instance(&self, instance: Option<(i64, String)>) {
        *self
            .entry
            .instance
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = instance;
    }

    /// Adds one chunk's bytes (the bridge counts as it carries them).
    pub fn count(&self, bytes_in: u64, bytes_out: u64) {
        self.entry.bytes_in.fetch_add(bytes_in, Ordering::Relaxed);
        self.entry.bytes_out.fetch_add(bytes_out, Ordering::Relaxed);
    }
}

impl Drop for JumpboxConnection {
    fn drop(&mut self) {
        self.service.with_live(|l| {
            l.remove(&self.id);
        });
    }
}

impl JumpboxService {
    pub fn new(ctx: Context, settings: JumpboxSettings) -> Self {
        Self {
            inner: Arc::new(Inner {
                ctx,
                settings,
                port: AtomicU16::new(0),
                next: AtomicU64::new(1),
                live: Mutex::new(HashMap::new()),
            }),
        }
    }

    fn with_live<R>(&self, f: impl FnOnce(&mut HashMap<u64, Arc<Entry>>) -> R) -> R {
        let mut l = self
            .inner
            .live
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut l)
    }

    /// The listener tells where it is bound (once, at start).
    pub fn set_listening(&self, port: u16) {
        self.inner.port.store(port, Ordering::Relaxed);
    }

    /// `request_host`: the host name (no port) the HTTP request came to.
    pub fn info(&self, request_host: &str) -> JumpboxInfo {
        let s = &self.inner.settings;
        let port = self.inner.port.load(Ordering::Relaxed);
        JumpboxInfo {
            enabled: s.enabled && port != 0,
            host: if s.public_host.is_empty() {
                request_host.to_owned()
            } else {
                s.public_host.clone()
            },
            port,
        }
    }

    pub fn register(&self, me: &Principal, source_ip: &str) -> JumpboxConnection {
        let id = self.inner.next.fetch_add(1, Ordering::SeqCst);
        let entry = Arc::new(Entry {
            user_id: me.user_id,
            username: me.username.clone(),
            instance: Mutex::new(None),
            source_ip: source_ip.to_owned(),
            started_at: self.inner.ctx.clock.now(),
            bytes_in: AtomicU64::new(0),
            bytes_out: AtomicU64::new(0),
            kill: CancellationToken::new(),
        });
        self.with_live(|l| l.insert(id, entry.clone()));
        JumpboxConnection {
            id,
            entry,
            service: self.clone(),
        }
    }

    /// Every open connection, oldest first (admins).
    pub fn sessions(&self) -> Vec<JumpboxSession> {
        let mut all: Vec<JumpboxSession> = self.with_live(|l| {
            l.iter()
                .map(|(id, e)| {
                    let instance = e
                        .instance
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .clone();
                    JumpboxSession {
                        id: *id,
                        user_id: e.user_id,
                        username: e.username.clone(),
                        instance_id: instance.as_ref().map(|i| i.0),
                        instance_name: instance.map(|i| i.1),
                        source_ip: e.source_ip.clone(),
                        started_at: e.started_at,
                        bytes_in: e.bytes_in.load(Ordering::Relaxed),
                        bytes_out: e.bytes_out.load(Ordering::Relaxed),
                    }
                })
                .collect()
        });
        all.sort_by_key(|s| s.id);
        all
    }

    /// Ends one connection (admins): the client is disconnected and its
    /// processes in the instance end.
    pub fn kill(&self, id: u64) -> Result<()> {
        let entry = self.with_live(|l| l.get(&id).cloned());
        match entry {
            Some(e) => {
                e.kill.cancel();
                tracing::info!(session = id, user = %e.username, "SSH session ended by an admin");
                Ok(())
            }
            None => Err(Error::not_found(format!("SSH session {id} not found"))),
        }
    }
}
