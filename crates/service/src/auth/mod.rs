//! Login, bearer-token authentication, logout and API tokens.

mod config;
mod in_flight;
pub mod password;
mod ssh_keys;
mod token_cache;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tianqi_core::policy::Principal;
use tianqi_core::throttle::{over_limit, ThrottleRule};
use tianqi_core::tokens::{ApiToken, TokenKind};
use tianqi_core::users::{Role, User};
use tianqi_core::{crypto, validate, Error, Result, SignedOut};
use tianqi_store::{Channel, NewToken};
use tokio_util::sync::CancellationToken;

pub use config::AuthConfig;
use in_flight::{Held, InFlight};
pub use ssh_keys::AddSshKey;
use token_cache::TokenCache;

use crate::sessions::SessionRegistry;
use crate::Context;

/// Authentication settings taken from the configuration.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    pub session_ttl: Duration,
    pub login_ip: ThrottleRule,
    pub login_user: ThrottleRule,
    pub max_api_tokens_per_user: usize,
    /// How long a token lookup may be reused (0 = never); see `token_cache`.
    pub token_cache_ttl: Duration,
    /// Password hashes waiting or running at once; more get 503.
    pub max_pending_hashes: usize,
    /// Longest life of an API token in days, and the life of one created
    /// without an expiry; 0 = tokens may live until revoked.
    pub api_token_max_days: u32,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthConfig::default().settings()
    }
}

/// Sign-in, tokens and who a token belongs to. Owns the password hasher and
/// the token cache; sign-in attempts are counted in the store.
#[derive(Clone)]
pub struct AuthService {
    ctx: Context,
    settings: Arc<AuthSettings>,
    pub(crate) hasher: password::Hasher,
    token_cache: Arc<TokenCache>,
    /// Sign-ins whose password check is running (see `in_flight`).
    in_flight: Arc<InFlight>,
    /// Live streams and terminals: ended with their token.
    pub(crate) sessions: SessionRegistry,
}

/// How often `last_used_at` is written for a token in use: at most once a minute,
/// so authenticated reads do not turn into database writes.
const TOUCH_EVERY: chrono::Duration = chrono::Duration::seconds(60);

/// `POST /api/v1/auth/login`
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginUser {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub must_change_password: bool,
}

/// The session token and who it belongs to.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: LoginUser,
}

/// `POST /api/v1/me/tokens`
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateApiToken {
    /// A label to recognise the token by, 1–64 characters.
    pub name: String,
    /// Days until the token expires (1–3650, or up to `auth.api_token_max_days`); omit for a
    /// token that lives until revoked (or `auth.api_token_max_days` when that is set).
    pub expires_in_days: Option<u32>,
}

/// A new API token. `token` is shown this once and cannot be retrieved again.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiToken {
    pub id: i64,
    pub name: String,
    pub token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
}

fn throttle_key_user(username: &str) -> String {
    format!("user:{}", username.to_ascii_lowercase())
}

fn throttle_key_ip(ip: &str) -> String {
    format!("ip:{ip}")
}

fn to_chrono(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

impl AuthService {
    pub fn new(ctx: Context, settings: AuthSettings, sessions: SessionRegistry) -> Self {
        Self {
            ctx,
            sessions,
            token_cache: Arc::new(TokenCache::new(settings.token_cache_ttl)),
            in_flight: Arc::default(),
            hasher: password::Hasher::new(settings.max_pending_hashes),
            settings: Arc::new(settings),
        }
    }

    /// Forgets every cached token lookup: after a change to users or tokens,
    /// the next request of every token is looked up again.
    pub(crate) fn forget_tokens(&self) {
        self.token_cache.clear();
    }

    /// Follows the other servers' signals that access changed (until
    /// `stop`): each forgets this server's cached token lookups and rechecks
    /// its live sessions, so a token revoked or a user disabled on one
    /// server stops working on all at once. Nothing to follow on SQLite.
    pub async fn follow_access_changes(&self, stop: CancellationToken) {
        crate::signals::follow(&self.ctx.store, Channel::Access, stop, |_| async move {
            self.forget_tokens();
            self.sessions.recheck_here().await;
        })
        .await;
    }

    /// Checks a username and password and issues a session token.
    ///
    /// Attempts are counted per source address and per username *before* the
    /// password is checked (a good one is given back), so a burst of
    /// concurrent guesses gets no more checks than the limit; past it the
    /// answer is `RateLimited` without hashing anything. A password longer
    /// than any a user can set is refused before hashing, and a disabled
    /// account answers like a wrong password.
    pub async fn login(
        &self,
        req: &LoginRequest,
        source_ip: &str,
    ) -> Result<(LoginResponse, Principal)> {
        if req.password.chars().count() > validate::PASSWORD_MAX {
            return Err(Error::bad_request(
                "password",
                format!(
                    "password is longer than {} characters, which no account can have",
                    validate::PASSWORD_MAX
                ),
            ));
        }
        let ip_key = throttle_key_ip(source_ip);
        let user_key = throttle_key_user(&req.username);
        let held_user = self
            .count_attempt(&user_key, self.settings.login_user)
            .await?;
        let held_ip = match self.count_attempt(&ip_key, self.settings.login_ip).await {
            Ok(h) => h,
            Err(e) => {
                // Refused for the address: this attempt checks nothing, so the
                // username's budget is not spent on it.
                self.ctx.store.refund_login_attempt(&user_key).await?;
                return Err(e);
            }
        };

        let found = if req.username.is_empty() || req.username.len() > 256 {
            None
        } else {
            self.ctx.store.user_with_hash(&req.username).await?
        };
        // Verify against a decoy when the user does not exist, so the answer takes
        // as long either way and does not reveal which usernames exist.
        let hash = found
            .as_ref()
            .map_or_else(|| password::decoy_hash().to_owned(), |(_, h)| h.clone());
        let ok = self.hasher.verify(&req.password, &hash).await? && found.is_some();
        let Some((user, _)) = found.filter(|(u, _)| ok && u.enabled) else {
            return Err(Error::unauthorized("invalid username or password"));
        };
        self.ctx.store.clear_login_attempts(&user_key).await?;
        self.ctx.store.refund_login_attempt(&ip_key).await?;
        // Only now, with the places given back, may attempts waiting for them
        // count again.
        drop((held_user, held_ip));
        self.issue_session(&user).await
    }

    /// A session token for `user`, who just proved who they are.
    async fn issue_session(&self, user: &User) -> Result<(LoginResponse, Principal)> {
        let now = self.ctx.clock.now();
        let expires_at = now + to_chrono(self.settings.session_ttl);
        let token = crypto::new_token(TokenKind::Session.prefix());
        let token_id = self
            .ctx
            .store
            .insert_token(&NewToken {
                user_id: user.id,
                kind: TokenKind::Session,
                name: "",
                token_hash: &crypto::token_hash(&self.ctx.keys.token_signing, &token),
                now,
                expires_at: Some(expires_at),
            })
            .await?;
        let principal = Principal {
            must_change_password: user.must_change_password,
            user_id: user.id,
            username: user.username.clone(),
            role: user.role,
            token_id,
        };
        Ok((
            LoginResponse {
                token,
                expires_at,
                user: login_user(user),
            },
            principal,
        ))
    }

    /// Counts one attempt for `key`; `RateLimited` when it goes over `rule`.
    ///
    /// Over the limit while other attempts for `key` are still being checked
    /// here, it waits for one to settle and counts again (see `in_flight`). A
    /// refused attempt is taken back: it checks nothing, and a burst of them
    /// must not leave the address locked out after the burst.
    async fn count_attempt(&self, key: &str, rule: ThrottleRule) -> Result<Held> {
        let window_ms = i64::try_from(rule.window.as_millis()).unwrap_or(i64::MAX);
        let deadline = tokio::time::Instant::now() + in_flight::SETTLE_WAIT;
        loop {
            let counting = self.in_flight.counting.lock().await;
            // Listen before counting, so a check settling meanwhile is not missed.
            let settling = self.in_flight.settling(key);
            let settled = settling.as_ref().map(|n| n.notified());
            tokio::pin!(settled);
            if let Some(n) = settled.as_mut().as_pin_mut() {
                n.enable();
            }
            let now = self.ctx.clock.now().timestamp_millis();
            let w = self
                .ctx
                .store
                .count_login_attempt(key, now, window_ms)
                .await?;
            let Err(retry_after) = over_limit(rule, w.started_ms, w.attempts, now) else {
                return Ok(self.in_flight.hold(key));
            };
            self.ctx.store.refund_login_attempt(key).await?;
            drop(counting);
            let waited = match settled.as_mut().as_pin_mut() {
                Some(n) if tokio::time::Instant::now() < deadline => {
                    tokio::time::timeout_at(deadline, n).await.is_ok()
                }
                _ => false,
            };
            if !waited {
                return Err(Error::RateLimited {
                    message: "too many failed sign-ins; try again later".into(),
                    retry_after,
                });
            }
        }
    }

    /// Lifts the sign-in lockout of `username` (an admin's call). Answers
    /// whether there was anything counted.
    pub async fn unlock(&self, username: &str) -> Result<bool> {
        Ok(self
            .ctx
            .store
            .clear_login_attempts(&throttle_key_user(username))
            .await?)
    }

    /// Resolves a bearer token to the principal behind it. Unknown, expired,
    /// revoked tokens and tokens of disabled users are all `Unauthorized`.
    pub async fn authenticate(&self, token: &str) -> Result<Principal> {
        let plausible = (token.starts_with(TokenKind::Session.prefix())
            || token.starts_with(TokenKind::Api.prefix()))
            && token.len() < 128;
        if !plausible {
            return Err(Error::unauthorized("invalid token"));
        }
        let hash = crypto::token_hash(&self.ctx.keys.token_signing, token);
        let t = match self.token_cache.get(&hash) {
            (Some(t), _) => t,
            (None, generation) => {
                let Some(t) = self.ctx.store.token_auth(&hash).await? else {
                    return Err(Error::unauthorized("invalid token"));
                };
                self.token_cache.put(&hash, t.clone(), generation);
                t
            }
        };
        let now = self.ctx.clock.now();
        // Disabling an account also revokes its tokens: saying "disabled"
        // first tells its open console why it was signed out.
        if !t.enabled {
            return Err(Error::SignedOut(SignedOut::AccountDisabled));
        }
        if t.revoked {
            return Err(Error::SignedOut(SignedOut::TokenRevoked));
        }
        if t.expires_at.is_some_and(|e| e <= now) {
            return Err(Error::SignedOut(SignedOut::TokenExpired));
        }
        if t.last_used_at.is_none_or(|at| now - at > TOUCH_EVERY) {
            // Best effort: a failed bookkeeping write must not fail the request.
            if let Err(e) = self.ctx.store.touch_token(t.token_id, now).await {
                tracing::warn!(error = %e, "could not record token use");
            }
        }
        Ok(Principal {
            must_change_password: t.must_change_password,
            user_id: t.user_id,
            username: t.username,
            role: t.role,
            token_id: t.token_id,
        })
    }

    /// Revokes the token the request came with.
    pub async fn logout(&self, me: &Principal) -> Result<()> {
        self.ctx
            .store
            .revoke_token(me.user_id, me.token_id, None, self.ctx.clock.now())
            .await?;
        self.token_cache.clear();
        self.sessions.end_token(me.token_id, "signed out").await;
        Ok(())
    }

    pub async fn create_api_token(
        &self,
        me: &Principal,
        req: CreateApiToken,
    ) -> Result<CreatedApiToken> {
        validate::name("name", &req.name, validate::TOKEN_NAME_MAX)?;
        let now = self.ctx.clock.now();
        let max = self.settings.api_token_max_days;
        let days = match (req.expires_in_days, max) {
            (None, 0) => None,
            (None, max) => Some(max),
            (Some(d @ 1..=3650), 0) => Some(d),
            (Some(d), max) if (1..=max).contains(&d) => Some(d),
            (Some(_), 0) => {
                return Err(Error::validation(
                    "expires_in_days",
                    "expires_in_days must be between 1 and 3650",
                ))
            }
            (Some(_), max) => {
                return Err(Error::validation(
                    "expires_in_days",
                    format!(
                        "expires_in_days must be between 1 and {max} (auth.api_token_max_days)"
                    ),
                ))
            }
        };
        let expires_at = days.map(|d| now + chrono::Duration::days(i64::from(d)));
        let live = self.ctx.store.api_tokens(me.user_id, now).await?.len();
        if live >= self.settings.max_api_tokens_per_user {
            return Err(Error::conflict(format!(
                "you already have {live} API tokens; revoke one first"
            )));
        }
        let token = crypto::new_token(TokenKind::Api.prefix());
        let id = self
            .ctx
            .store
            .insert_token(&NewToken {
                user_id: me.user_id,
                kind: TokenKind::Api,
                name: &req.name,
                token_hash: &crypto::token_hash(&self.ctx.keys.token_signing, &token),
                now,
                expires_at,
            })
            .await?;
        Ok(CreatedApiToken {
            id,
            name: req.name,
            token,
            created_at: now,
            expires_at,
        })
    }

    pub async fn api_tokens(&self, me: &Principal) -> Result<Vec<ApiToken>> {
        Ok(self
            .ctx
            .store
            .api_tokens(me.user_id, self.ctx.clock.now())
            .await?)
    }

    pub async fn revoke_api_token(&self, me: &Principal, id: i64) -> Result<()> {
        let revoked = self
            .ctx
            .store
            .revoke_token(me.user_id, id, Some(TokenKind::Api), self.ctx.clock.now())
            .await?;
        self.token_cache.clear();
        if revoked {
            self.sessions.end_token(id, "API token revoked").await;
        }
        if !revoked {
            return Err(Error::not_found(format!("API token {id} not found")));
        }
        Ok(())
    }

    /// The housekeeping loop's round: dead tokens and old sign-in windows go.
    pub async fn purge_round(&self) -> Result<()> {
        match self.purge_dead_tokens().await? {
            0 => {}
            n => tracing::info!(tokens = n, "purged revoked and expired tokens"),
        }
        let longest = self
            .settings
            .login_ip
            .window
            .max(self.settings.login_user.window);
        let before = self.ctx.clock.now() - to_chrono(longest);
        self.ctx
            .store
            .prune_login_attempts(before.timestamp_millis())
            .await?;
        Ok(())
    }

    /// Drops tokens that ended more than a day ago (housekeeping).
    pub async fn purge_dead_tokens(&self) -> Result<u64> {
        let before = self.ctx.clock.now() - chrono::Duration::days(1);
        Ok(self.ctx.store.purge_dead_tokens(before).await?)
    }
}

fn login_user(u: &User) -> LoginUser {
    LoginUser {
        id: u.id,
        username: u.username.clone(),
        role: u.role,
        must_change_password: u.must_change_password,
    }
}
