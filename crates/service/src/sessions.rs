//! Live sessions: the streams and terminals a token keeps open after the
//! request that authenticated it. They are registered here so they end when
//! access ends — at once for changes made through this server (logout, token
//! revocation, disabling, a role or password change: each checks the live
//! sessions against the store right after writing), and within one recheck
//! round (`sessions.recheck_secs`) for anything else (token expiry, a change by
//! the CLI or another server). They are also capped per user and in total.
//! A session that a Kubernetes grant allows (a pod terminal, a pod's
//! followed log) carries what it touches; the same rechecks end it when the
//! grants no longer cover it.
//! When the server stops they all end first, saying so, so that clients
//! reconnect to the next server rather than hang or treat it as lost access.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tianqi_config::ConfigError;
use tianqi_core::kube::grants::{Grant, GrantLevel, KubeTarget};
use tianqi_core::policy::{self, Principal};
use tianqi_core::users::Role;
use tianqi_core::{Error, Result};
use tokio_util::sync::{CancellationToken, WaitForCancellationFutureOwned};

use crate::Context;

/// `[sessions]`: live streams and terminals.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SessionsConfig {
    /// Streams (stats, followed logs) and terminals one user may hold open.
    pub max_per_user: u32,
    /// Streams and terminals open at once on this server.
    pub max_total: u32,
    /// How often every live session's token is checked again (expiry, and
    /// changes made by another process).
    pub recheck_secs: u64,
}

impl Default for SessionsConfig {
    fn default() -> Self {
        Self {
            max_per_user: 8,
            max_total: 256,
            recheck_secs: 2,
        }
    }
}

impl SessionsConfig {
    pub fn validate(&self) -> std::result::Result<(), ConfigError> {
        for (key, v) in [
            ("max_per_user", u64::from(self.max_per_user)),
            ("max_total", u64::from(self.max_total)),
            ("recheck_secs", self.recheck_secs),
        ] {
            if v == 0 {
                return Err(ConfigError::invalid(key, "must be greater than 0"));
            }
        }
        Ok(())
    }

    pub fn settings(&self) -> SessionSettings {
        SessionSettings {
            max_per_user: usize::try_from(self.max_per_user).unwrap_or(usize::MAX),
            max_total: usize::try_from(self.max_total).unwrap_or(usize::MAX),
            recheck: Duration::from_secs(self.recheck_secs),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SessionSettings {
    pub max_per_user: usize,
    pub max_total: usize,
    pub recheck: Duration,
}

impl Default for SessionSettings {
    fn default() -> Self {
        SessionsConfig::default().settings()
    }
}

/// What a session is, for the messages and the caps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Stats,
    Logs,
    Terminal,
    /// A connection to the SSH jump host.
    Ssh,
    /// A shell in a Kubernetes pod.
    PodTerminal,
}

impl SessionKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Stats => "statistics stream",
            Self::Logs => "log stream",
            Self::Terminal => "terminal",
            Self::Ssh => "SSH connection",
            Self::PodTerminal => "pod terminal",
        }
    }
}

struct Entry {
    user_id: i64,
    token_id: i64,
    role: Role,
    /// What a Kubernetes grant must keep covering for the session to go on.
    kube: Option<KubeAccess>,
    ends: CancellationToken,
}

/// Where in a cluster a session works, and at what level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubeAccess {
    pub cluster: i64,
    pub namespace: String,
    pub level: GrantLevel,
}

struct Inner {
    ctx: Context,
    settings: SessionSettings,
    next: AtomicU64,
    live: Mutex<HashMap<u64, Entry>>,
    /// Set once, when the server begins to stop.
    stopping: AtomicBool,
}

/// Why a live session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    /// The token was revoked or expired, its user disabled, their role or
    /// password changed: the client must sign in again.
    AccessEnded,
    /// The server is stopping: the client may reconnect once it is back.
    ServerStopping,
}

impl SessionEnd {
    /// The reason as streams and terminals tell their clients.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AccessEnded => "access ended",
            Self::ServerStopping => "server stopping",
        }
    }

    /// The `{"type":"end","reason":…}` frame of the WebSocket streams.
    pub fn end_frame(self) -> String {
        format!(r#"{{"type":"end","reason":"{}"}}"#, self.as_str())
    }
}

#[derive(Clone)]
pub struct SessionRegistry {
    inner: Arc<Inner>,
}

/// A registered session; it leaves the registry when dropped.
pub struct LiveSession {
    id: u64,
    ends: CancellationToken,
    registry: SessionRegistry,
}

impl LiveSession {
    /// Resolves when access ends (the session must close then).
    pub fn ended(&self) -> WaitForCancellationFutureOwned {
        self.ends.clone().cancelled_owned()
    }

    pub fn is_ended(&self) -> bool {
        self.ends.is_cancelled()
    }

    /// Resolves when access ends, with why (for a task that outlives a borrow).
    pub fn ended_why(&self) -> impl std::future::Future<Output = SessionEnd> + Send + 'static {
        let ends = self.ends.clone();
        let registry = self.registry.clone();
        async move {
            ends.cancelled().await;
            registry.end_reason()
        }
    }

    /// Why the session ended (meaningful once `ended()` resolved).
    pub fn end_reason(&self) -> SessionEnd {
        self.registry.end_reason()
    }
}

impl SessionRegistry {
    fn end_reason(&self) -> SessionEnd {
        if self.inner.stopping.load(Ordering::SeqCst) {
            SessionEnd::ServerStopping
        } else {
            SessionEnd::AccessEnded
        }
    }
}

impl Drop for LiveSession {
    fn drop(&mut self) {
        self.registry.with_live(|live| {
            live.remove(&self.id);
        });
    }
}

impl SessionRegistry {
    pub fn new(ctx: Context, settings: SessionSettings) -> Self {
        Self {
            inner: Arc::new(Inner {
                ctx,
                settings,
                next: AtomicU64::new(1),
                live: Mutex::new(HashMap::new()),
                stopping: AtomicBool::new(false),
            }),
        }
    }

    fn with_live<R>(&self, f: impl FnOnce(&mut HashMap<u64, Entry>) -> R) -> R {
        let mut live = self
            .inner
            .live
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut live)
    }

    /// Registers a session of `me`, or refuses (429) past the caps.
    pub fn open(&self, me: &Principal, kind: SessionKind) -> Result<LiveSession> {
        self.open_with(me, kind, None)
    }

    /// Registers a session a Kubernetes grant allows (checked by the caller
    /// just before); it ends once the user's grants stop covering `access`.
    pub fn open_kube(
        &self,
        me: &Principal,
        kind: SessionKind,
        access: KubeAccess,
    ) -> Result<LiveSession> {
        self.open_with(me, kind, Some(access))
    }

    fn open_with(
        &self,
        me: &Principal,
        kind: SessionKind,
        kube: Option<KubeAccess>,
    ) -> Result<LiveSession> {
        let s = &self.inner.settings;
        if self.inner.stopping.load(Ordering::SeqCst) {
            return Err(Error::Unavailable(format!(
                "the server is stopping; open this {} again once it is back",
                kind.as_str()
            )));
        }
        let ends = CancellationToken::new();
        let id = self.inner.next.fetch_add(1, Ordering::SeqCst);
        self.with_live(|live| {
            let mine = live.values().filter(|e| e.user_id == me.user_id).count();
            if mine >= s.max_per_user {
                return Err(Error::RateLimited {
                    message: format!(
                        "you have {mine} streams and terminals open (at most {}); close one to open this {}",
                        s.max_per_user,
                        kind.as_str()
                    ),
                    retry_after: Duration::from_secs(5),
                });
            }
            if live.len() >= s.max_total {
                return Err(Error::RateLimited {
                    message: format!(
                        "the server has {} streams and terminals open, its limit; try this {} again shortly",
                        live.len(),
                        kind.as_str()
                    ),
                    retry_after: Duration::from_secs(5),
                });
            }
            live.insert(
                id,
                Entry {
                    user_id: me.user_id,
                    token_id: me.token_id,
                    role: me.role,
                    kube,
                    ends: ends.clone(),
                },
            );
            Ok(())
        })?;
        Ok(LiveSession {
            id,
            ends,
            registry: self.clone(),
        })
    }

    fn end_where(&self, why: &str, pred: impl Fn(&Entry) -> bool) {
        let ended = self.with_live(|live| {
            let mut n = 0;
            for e in live.values().filter(|e| pred(e)) {
                e.ends.cancel();
                n += 1;
            }
            n
        });
        if ended > 0 {
            tracing::info!(sessions = ended, reason = why, "ended live sessions");
        }
    }

    /// Ends the sessions of one token (logout, revocation; the store says it
    /// is revoked already), here and, by announcing it, on the other servers.
    pub async fn end_token(&self, token_id: i64, why: &str) {
        self.end_where(why, |e| e.token_id == token_id);
        self.announce().await;
    }

    /// The server begins to stop: every live session ends now (their
    /// `end_reason` says why) and no new one opens.
    pub fn stop_all(&self) {
        if self.inner.stopping.swap(true, Ordering::SeqCst) {
            return;
        }
        self.end_where("server stopping", |_| true);
    }

    /// Waits (at most `within`) for the ended sessions to finish — a terminal
    /// ends its shell and writes its audit entry — before the store closes.
    pub async fn drained(&self, within: Duration) {
        let deadline = tokio::time::Instant::now() + within;
        while self.open_count() > 0 {
            if tokio::time::Instant::now() >= deadline {
                tracing::warn!(
                    sessions = self.open_count(),
                    "live sessions did not finish before the server stopped"
                );
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// How many sessions are open now.
    pub fn open_count(&self) -> usize {
        self.with_live(|live| live.len())
    }

    /// A recheck right after a change this server made (an account disabled,
    /// a role, password or grant changed): its sessions end at once, not a
    /// round later, and so do the other servers' (announced). A failure only
    /// delays that to the next round.
    pub async fn recheck_now(&self) {
        self.recheck_here().await;
        self.announce().await;
    }

    /// A recheck of this server's sessions alone (another server announced
    /// a change).
    pub async fn recheck_here(&self) {
        if let Err(e) = self.recheck_round().await {
            tracing::warn!(error = %e, "live sessions will be rechecked on the next round");
        }
    }

    /// Tells the other servers on this database that access changed.
    async fn announce(&self) {
        if let Err(e) = self
            .inner
            .ctx
            .store
            .announce(tianqi_store::Channel::Access, "changed")
            .await
        {
            tracing::warn!(error = %e, "other servers will recheck their sessions on their next round");
        }
    }

    /// The recheck round: every live session's token against the store —
    /// revoked, expired, its user disabled or its role changed ends it.
    pub async fn recheck_round(&self) -> Result<()> {
        let tokens: Vec<i64> = self.with_live(|live| {
            let mut t: Vec<i64> = live.values().map(|e| e.token_id).collect();
            t.sort_unstable();
            t.dedup();
            t
        });
        if tokens.is_empty() {
            return Ok(());
        }
        let now = self.inner.ctx.clock.now();
        let states = self.inner.ctx.store.token_states(&tokens).await?;
        let valid: HashMap<i64, Role> = states
            .into_iter()
            .filter(|t| !t.revoked && t.enabled && t.expires_at.is_none_or(|e| e > now))
            .map(|t| (t.token_id, t.role))
            .collect();
        let asked: HashSet<i64> = tokens.into_iter().collect();
        self.end_where("access ended", |e| {
            access_ended(&asked, &valid, e.token_id, e.role)
        });
        self.recheck_kube().await
    }

    /// Sessions a Kubernetes grant allowed, against the grants now held.
    async fn recheck_kube(&self) -> Result<()> {
        let users: Vec<i64> = self.with_live(|live| {
            let mut u: Vec<i64> = live
                .values()
                .filter(|e| e.kube.is_some() && e.role != Role::Admin)
                .map(|e| e.user_id)
                .collect();
            u.sort_unstable();
            u.dedup();
            u
        });
        let mut grants: HashMap<i64, Vec<Grant>> = HashMap::new();
        for user in users {
            let held = crate::kube::grants::grants_of_user(&self.inner.ctx.store, user).await?;
            grants.insert(user, held);
        }
        self.end_where("kubernetes grant revoked", |e| {
            let (Some(k), Some(held)) = (&e.kube, grants.get(&e.user_id)) else {
                return false;
            };
            let who = Principal {
                user_id: e.user_id,
                username: String::new(),
                role: e.role,
                token_id: e.token_id,
                must_change_password: false,
            };
            let target = KubeTarget::Namespace(k.cluster, &k.namespace);
            policy::check_k8s(&who, held, target, k.level).is_err()
        });
        Ok(())
    }
}

/// Whether a session of `token_id` (opened with `role`) ends after a recheck
/// that asked the store about `asked` and found `valid` still granting
/// access. Only tokens asked about are judged: a session opened while the
/// store answered is not in the answer, and is checked next round.
fn access_ended(
    asked: &HashSet<i64>,
    valid: &HashMap<i64, Role>,
    token_id: i64,
    role: Role,
) -> bool {
    asked.contains(&token_id) && valid.get(&token_id) != Some(&role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recheck_judges_only_the_tokens_it_asked_about() {
        let asked: HashSet<i64> = [1, 2, 3].into();
        let valid: HashMap<i64, Role> = [(1, Role::User), (3, Role::Admin)].into();
        assert!(!access_ended(&asked, &valid, 1, Role::User), "still valid");
        assert!(
            access_ended(&asked, &valid, 2, Role::User),
            "revoked or gone"
        );
        assert!(access_ended(&asked, &valid, 3, Role::User), "role changed");
        assert!(
            !access_ended(&asked, &valid, 4, Role::User),
            "opened during the recheck: judged next round, not ended unseen"
        );
    }
}
