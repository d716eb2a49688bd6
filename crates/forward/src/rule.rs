//! One rule in the table: its listener (when running), its target and its
//! counters, which outlive rebinds so a disable + enable keeps the totals.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::{Forwarder, Protocol, Resolve, RuleSpec, Settings, Target};

/// Whether a rule is serving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Bound and accepting.
    Listening,
    /// Enabled but not bound; `RuleStatus::error` says why.
    Error,
    /// Disabled.
    Stopped,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Listening => "listening",
            State::Error => "error",
            State::Stopped => "stopped",
        }
    }
}

/// A rule's state and counters (since this process started).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleStatus {
    pub state: State,
    /// Why the rule is in `Error` (e.g. "cannot listen on …: address already in use").
    pub error: Option<String>,
    /// The latest problem serving a connection (a refused connect, no target).
    pub last_error: Option<String>,
    /// Open TCP connections or live UDP sessions.
    pub active: u64,
    /// Connections (sessions) since start.
    pub total: u64,
    /// Bytes from clients to the target.
    pub bytes_in: u64,
    /// Bytes from the target back to clients.
    pub bytes_out: u64,
    /// Connections or datagrams refused at the per-rule cap.
    pub rejected: u64,
    /// Where new connections go now.
    pub target: Option<SocketAddr>,
}

#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub active: AtomicU64,
    pub total: AtomicU64,
    pub bytes_in: AtomicU64,
    pub bytes_out: AtomicU64,
    pub rejected: AtomicU64,
}

/// Counts one open connection (or session) until dropped.
pub(crate) struct Open<'a>(&'a Counters);

impl Counters {
    pub fn open(&self) -> Open<'_> {
        self.active.fetch_add(1, Ordering::Relaxed);
        self.total.fetch_add(1, Ordering::Relaxed);
        Open(self)
    }
}

impl Drop for Open<'_> {
    fn drop(&mut self) {
        self.0.active.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Why a dialed rule has no address (what UDP on one notes).
const DIALED: &str =
    "this target is reached through its cluster, TCP only (no address to send UDP to)";

/// What the rule's tasks share.
pub(crate) struct Shared {
    pub counters: Counters,
    /// The address new connections go to, or why there is none.
    target: std::sync::RwLock<(Result<SocketAddr, String>, u64)>,
    follow: AtomicBool,
    /// Connections are opened by the forwarder's dialer (TCP only).
    dial: AtomicBool,
    last_error: std::sync::Mutex<Option<String>>,
    /// Held while the target is resolved again, so a burst of failed
    /// connections costs one resolve.
    resolving: tokio::sync::Mutex<()>,
    pub limit: Arc<Semaphore>,
}

impl Shared {
    /// The current target and its generation (bumped on every change).
    pub fn target(&self) -> (Result<SocketAddr, String>, u64) {
        match self.target.read() {
            Ok(t) => t.clone(),
            Err(_) => (Err("target lock poisoned".into()), 0),
        }
    }

    fn set_target(&self, addr: Result<SocketAddr, String>) {
        if let Ok(mut t) = self.target.write() {
            if t.0 != addr {
                *t = (addr, t.1 + 1);
            }
        }
    }

    /// A following target's address from the caller. A failed lookup keeps a
    /// known address (a node that did not answer once must not cut a working
    /// rule off) and is only noted; a connect that fails there asks again.
    pub fn set_follow_target(&self, addr: Result<SocketAddr, String>) {
        if !self.follow.load(Ordering::Relaxed) {
            return;
        }
        match addr {
            Err(why) if self.target().0.is_ok() => self.note_error(why),
            addr => self.set_target(addr),
        }
    }

    pub fn is_follow(&self) -> bool {
        self.follow.load(Ordering::Relaxed)
    }

    pub fn is_dial(&self) -> bool {
        self.dial.load(Ordering::Relaxed)
    }

    pub fn note_error(&self, message: String) {
        if let Ok(mut e) = self.last_error.lock() {
            *e = Some(message);
        }
    }

    /// Resolves a following target again after connecting to generation
    /// `seen` failed. Another task that already did since answers for us.
    pub async fn refresh(
        &self,
        seen: u64,
        resolver: Option<Arc<dyn Resolve>>,
        id: i64,
    ) -> Option<SocketAddr> {
        let _one = self.resolving.lock().await;
        let (current, generation) = self.target();
        if generation != seen {
            return current.ok();
        }
        let resolver = resolver?;
        let found = resolver.resolve(id).await;
        if let Err(why) = &found {
            self.note_error(why.clone());
        }
        self.set_target(found.clone());
        found.ok()
    }
}

struct Running {
    protocol: Protocol,
    listen: SocketAddr,
    /// Stops the listener.
    stop: CancellationToken,
    /// Closes this listener's connections (after the grace).
    conns: CancellationToken,
    task: JoinHandle<()>,
}

pub(crate) struct Rule {
    spec: RuleSpec,
    pub shared: Arc<Shared>,
    running: Option<Running>,
    state: State,
    error: Option<String>,
}

impl Rule {
    pub fn new(spec: RuleSpec, settings: &Settings) -> Rule {
        let target = match spec.target {
            Target::Addr(a) => Ok(a),
            Target::Follow => Err("the target's address is not known yet".to_owned()),
            Target::Dial => Err(DIALED.to_owned()),
        };
        Rule {
            shared: Arc::new(Shared {
                counters: Counters::default(),
                target: std::sync::RwLock::new((target, 0)),
                follow: AtomicBool::new(spec.target == Target::Follow),
                dial: AtomicBool::new(spec.target == Target::Dial),
                last_error: std::sync::Mutex::default(),
                resolving: tokio::sync::Mutex::default(),
                limit: Arc::new(Semaphore::new(settings.max_connections)),
            }),
            spec,
            running: None,
            state: State::Stopped,
            error: None,
        }
    }

    pub async fn apply(&mut self, spec: RuleSpec, fwd: &Forwarder) {
        let grace = fwd.settings().disable_grace;
        let moved = self
            .running
            .as_ref()
            .is_some_and(|r| r.protocol != spec.protocol || r.listen != spec.listen);
        if !spec.enabled || moved {
            self.stop(grace).await;
        }
        self.shared
            .dial
            .store(spec.target == Target::Dial, Ordering::Relaxed);
        match spec.target {
            Target::Addr(a) => {
                self.shared.follow.store(false, Ordering::Relaxed);
                self.shared.set_target(Ok(a));
            }
            Target::Follow if self.spec.target != Target::Follow => {
                self.shared.follow.store(true, Ordering::Relaxed);
                self.shared
                    .set_target(Err("the target's address is not known yet".into()));
            }
            Target::Follow => {}
            Target::Dial => {
                self.shared.follow.store(false, Ordering::Relaxed);
                self.shared.set_target(Err(DIALED.into()));
            }
        }
        self.spec = spec;
        if self.spec.enabled && self.running.is_none() {
            self.start(fwd);
        }
    }

    fn start(&mut self, fwd: &Forwarder) {
        let listen = self.spec.listen;
        let stop = CancellationToken::new();
        let conns = fwd.connection_token();
        let task = match self.spec.protocol {
            Protocol::Tcp => crate::tcp::bind(listen).map(|listener| {
                fwd.spawn_handle(crate::tcp::accept_loop(
                    listener,
                    self.shared.clone(),
                    stop.clone(),
                    conns.clone(),
                    fwd.clone(),
                    self.spec.id,
                ))
            }),
            Protocol::Udp => crate::udp::bind(listen).map(|socket| {
                fwd.spawn_handle(crate::udp::serve(
                    socket,
                    self.shared.clone(),
                    stop.clone(),
                    fwd.clone(),
                ))
            }),
        };
        match task {
            Ok(task) => {
                self.running = Some(Running {
                    protocol: self.spec.protocol,
                    listen,
                    stop,
                    conns,
                    task,
                });
                self.state = State::Listening;
                self.error = None;
            }
            Err(e) => {
                let why = format!("cannot listen on {listen}: {}", describe(&e));
                tracing::warn!(rule = self.spec.id, error = %why, "port forward not listening");
                self.state = State::Error;
                self.error = Some(why);
            }
        }
    }

    /// Stops listening now (the socket is closed when this returns); open
    /// TCP connections are closed after `grace`.
    pub async fn stop(&mut self, grace: Duration) {
        if let Some(r) = self.running.take() {
            r.stop.cancel();
            if let Err(e) = r.task.await {
                tracing::error!(rule = self.spec.id, error = %e, "listener task failed");
            }
            if grace.is_zero() {
                r.conns.cancel();
            } else {
                tokio::spawn(async move {
                    tokio::time::sleep(grace).await;
                    r.conns.cancel();
                });
            }
        }
        self.state = State::Stopped;
        self.error = None;
    }

    pub fn status(&self) -> RuleStatus {
        let c = &self.shared.counters;
        let load = |a: &AtomicU64| a.load(Ordering::Relaxed);
        RuleStatus {
            state: self.state,
            error: self.error.clone(),
            last_error: self.shared.last_error.lock().ok().and_then(|e| e.clone()),
            active: load(&c.active),
            total: load(&c.total),
            bytes_in: load(&c.bytes_in),
            bytes_out: load(&c.bytes_out),
            rejected: load(&c.rejected),
            target: self.shared.target().0.ok(),
        }
    }
}

/// An OS error in the words an operator searches for.
pub(crate) fn describe(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::AddrInUse => "address already in use".into(),
        K::AddrNotAvailable => {
            "cannot assign requested address (not an address of this server)".into()
        }
        K::PermissionDenied => {
            "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)".into()
        }
        K::ConnectionRefused => "connection refused".into(),
        K::TimedOut => "timed out".into(),
        _ => e.to_string(),
    }
}
