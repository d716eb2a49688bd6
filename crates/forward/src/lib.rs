//! The port forwarder: TCP and UDP relays for a live table of rules, with
//! per-rule counters.
//!
//! The interface is narrow on purpose: [`Forwarder::apply`] makes one rule
//! what its [`RuleSpec`] says (bind, rebind, stop, retarget), [`Forwarder::remove`]
//! drops it, [`Forwarder::status`] reads its state and counters. Nothing here
//! knows about HTTP, the store or instances: a rule whose target follows an
//! instance gets its address from the caller ([`Forwarder::set_target`]) and
//! asks a [`Resolve`] again when connecting to it fails.
//!
//! TCP: one task per connection copies both directions, with half-close
//! (an EOF on one side becomes a write shutdown on the other), a connect
//! timeout and a per-rule connection cap; on Linux the bytes move with
//! splice(2) through a pipe (see `relay`). UDP: one upstream socket per client
//! address, replies sent back from the rule's socket to that client only,
//! sessions forgotten after the idle time.
#![forbid(unsafe_code)]

mod config;
mod interfaces;
mod relay;
mod rule;
mod tcp;
mod udp;

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio_util::task::TaskTracker;

pub use config::ForwardConfig;
pub use interfaces::server_addresses;
pub use rule::{RuleStatus, State};

use rule::Rule;

/// What a running forwarder needs to know, resolved from `[forward]`.
#[derive(Debug, Clone)]
pub struct Settings {
    pub disable_grace: Duration,
    pub udp_idle: Duration,
    pub connect_timeout: Duration,
    pub max_connections: usize,
    pub zero_copy: bool,
    pub buffer_size: usize,
}

impl Default for Settings {
    fn default() -> Self {
        ForwardConfig::default().settings()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    Tcp,
    Udp,
}

/// Where a rule's traffic goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A fixed address.
    Addr(SocketAddr),
    /// An address that changes (a container's): set with
    /// [`Forwarder::set_target`], asked of the [`Resolve`] when connecting fails.
    Follow,
    /// No address: each TCP connection is opened by the [`Dial`] (a Pod's
    /// port over its cluster's portforward). UDP cannot be dialed.
    Dial,
}

/// One rule as the forwarder should run it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSpec {
    pub id: i64,
    pub protocol: Protocol,
    pub listen: SocketAddr,
    pub target: Target,
    pub enabled: bool,
}

/// A boxed future, so [`Resolve`] can be a trait object.
pub type ResolveFuture = Pin<Box<dyn Future<Output = Result<SocketAddr, String>> + Send>>;

/// Finds the current address of a [`Target::Follow`] rule's target.
pub trait Resolve: Send + Sync + 'static {
    fn resolve(&self, rule_id: i64) -> ResolveFuture;
}

/// A connection a [`Dial`] opened: its two halves, and what must live as
/// long as they do (the cluster's forward).
pub struct Dialed {
    pub read: Pin<Box<dyn tokio::io::AsyncRead + Send>>,
    pub write: Pin<Box<dyn tokio::io::AsyncWrite + Send>>,
    pub guard: Box<dyn std::any::Any + Send>,
}

/// A boxed future, so [`Dial`] can be a trait object.
pub type DialFuture = Pin<Box<dyn Future<Output = Result<Dialed, String>> + Send>>;

/// Opens one connection to a [`Target::Dial`] rule's target. The far end
/// has no half-close: a client's EOF ends nothing; the connection ends
/// when the far end does.
pub trait Dial: Send + Sync + 'static {
    fn dial(&self, rule_id: i64) -> DialFuture;
}

/// A handle on the running forwarder; clones share it.
#[derive(Clone)]
pub struct Forwarder {
    inner: Arc<Inner>,
}

struct Inner {
    settings: Settings,
    rules: Mutex<HashMap<i64, Rule>>,
    resolver: std::sync::RwLock<Option<Arc<dyn Resolve>>>,
    dialer: std::sync::RwLock<Option<Arc<dyn Dial>>>,
    /// Every listener and connection task, so shutdown can wait for them.
    tasks: TaskTracker,
    /// Parent of every rule's connection token: shutdown closes them all at
    /// once, also those of rules still in a disable grace period.
    kill: tokio_util::sync::CancellationToken,
}

impl Forwarder {
    pub fn new(settings: Settings) -> Self {
        Self {
            inner: Arc::new(Inner {
                settings,
                rules: Mutex::default(),
                resolver: std::sync::RwLock::default(),
                dialer: std::sync::RwLock::default(),
                tasks: TaskTracker::new(),
                kill: tokio_util::sync::CancellationToken::new(),
            }),
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// Who finds the address of [`Target::Follow`] rules when connecting fails.
    pub fn set_resolver(&self, resolver: Arc<dyn Resolve>) {
        if let Ok(mut r) = self.inner.resolver.write() {
            *r = Some(resolver);
        }
    }

    fn resolver(&self) -> Option<Arc<dyn Resolve>> {
        self.inner.resolver.read().ok().and_then(|r| r.clone())
    }

    /// Who opens the connections of [`Target::Dial`] rules.
    pub fn set_dialer(&self, dialer: Arc<dyn Dial>) {
        if let Ok(mut d) = self.inner.dialer.write() {
            *d = Some(dialer);
        }
    }

    fn dialer(&self) -> Option<Arc<dyn Dial>> {
        self.inner.dialer.read().ok().and_then(|d| d.clone())
    }

    /// Makes rule `spec.id` run as `spec` says and answers its status: a new
    /// enabled rule is bound; a changed address or protocol rebinds (the old
    /// connections get the grace period); a disabled rule stops listening at
    /// once (its TCP connections close after the grace); a rule whose bind
    /// failed is tried again. A changed fixed target applies to new
    /// connections. Answers once the listener is bound or closed.
    pub async fn apply(&self, spec: RuleSpec) -> RuleStatus {
        let mut rules = self.inner.rules.lock().await;
        let rule = rules
            .entry(spec.id)
            .or_insert_with(|| Rule::new(spec.clone(), &self.inner.settings));
        rule.apply(spec, self).await;
        rule.status()
    }

    /// Stops a rule and forgets it (its connections get the grace period).
    pub async fn remove(&self, id: i64) {
        let rule = self.inner.rules.lock().await.remove(&id);
        if let Some(mut rule) = rule {
            rule.stop(self.inner.settings.disable_grace).await;
        }
    }

    /// The ids of every rule in the table.
    pub async fn rule_ids(&self) -> Vec<i64> {
        self.inner.rules.lock().await.keys().copied().collect()
    }

    /// Sets the address a [`Target::Follow`] rule forwards to; an `Err` (why
    /// there is none) replaces only an unknown address, and is otherwise noted
    /// as the rule's last error.
    pub async fn set_target(&self, id: i64, addr: Result<SocketAddr, String>) {
        if let Some(rule) = self.inner.rules.lock().await.get(&id) {
            rule.shared.set_follow_target(addr);
        }
    }

    pub async fn status(&self, id: i64) -> Option<RuleStatus> {
        self.inner.rules.lock().await.get(&id).map(Rule::status)
    }

    pub async fn statuses(&self) -> HashMap<i64, RuleStatus> {
        self.inner
            .rules
            .lock()
            .await
            .iter()
            .map(|(id, r)| (*id, r.status()))
            .collect()
    }

    /// Stops every rule, closes every connection at once, and waits for all
    /// of their tasks.
    pub async fn shutdown(&self) {
        self.inner.kill.cancel();
        let rules: Vec<Rule> = self
            .inner
            .rules
            .lock()
            .await
            .drain()
            .map(|(_, r)| r)
            .collect();
        for mut rule in rules {
            rule.stop(Duration::ZERO).await;
        }
        self.inner.tasks.close();
        self.inner.tasks.wait().await;
    }

    fn connection_token(&self) -> tokio_util::sync::CancellationToken {
        self.inner.kill.child_token()
    }

    fn spawn_handle<F>(&self, task: F) -> tokio::task::JoinHandle<()>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        self.inner.tasks.spawn(task)
    }
}
