//! SSH public keys: each user registers their own (`/api/v1/me/ssh-keys`),
//! and the jump host signs a user in with one. Keys are credentials, so they
//! live with sign-in: a key sign-in obeys the same lockout as a password.

use serde::Deserialize;
use tianqi_core::policy::Principal;
use tianqi_core::ssh_keys::{parse_public_key, SshKey};
use tianqi_core::{validate, Error, Result};
use tianqi_store::{NewSshKey, StoreError};

use super::{throttle_key_user, AuthService};

/// Keys one user may register.
const MAX_KEYS_PER_USER: usize = 50;

/// `POST /api/v1/me/ssh-keys`
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AddSshKey {
    /// A label, 1–64 characters; empty = the key's comment.
    #[serde(default)]
    pub name: String,
    /// One line in OpenSSH format, as in `~/.ssh/id_ed25519.pub`.
    pub public_key: String,
}

impl AuthService {
    pub async fn ssh_keys(&self, me: &Principal) -> Result<Vec<SshKey>> {
        Ok(self.ctx.store.ssh_keys(me.user_id).await?)
    }

    pub async fn add_ssh_key(&self, me: &Principal, req: AddSshKey) -> Result<SshKey> {
        let key = parse_public_key(&req.public_key)?;
        let name = if req.name.trim().is_empty() {
            let c: String = key.comment.chars().take(validate::TOKEN_NAME_MAX).collect();
            if c.is_empty() {
                key.algorithm.clone()
            } else {
                c
            }
        } else {
            req.name.trim().to_owned()
        };
        validate::name("name", &name, validate::TOKEN_NAME_MAX)?;
        if self.ctx.store.ssh_keys(me.user_id).await?.len() >= MAX_KEYS_PER_USER {
            return Err(Error::conflict(format!(
                "you already have {MAX_KEYS_PER_USER} SSH keys; delete one first"
            )));
        }
        let line = key.line();
        self.ctx
            .store
            .insert_ssh_key(&NewSshKey {
                user_id: me.user_id,
                name: &name,
                algorithm: &key.algorithm,
                public_key: &line,
                fingerprint: &key.fingerprint,
                now: self.ctx.clock.now(),
            })
            .await
            .map_err(|e| match e {
                StoreError::Unique(_) => Error::conflict(format!(
                    "you have already registered this key ({})",
                    key.fingerprint
                )),
                other => other.into(),
            })
    }

    pub async fn delete_ssh_key(&self, me: &Principal, id: i64) -> Result<()> {
        if !self.ctx.store.delete_ssh_key(me.user_id, id).await? {
            return Err(Error::not_found(format!("SSH key {id} not found")));
        }
        Ok(())
    }

    /// Whether `username` (enabled) has the key: the answer to a client that
    /// asks before it signs. Counts nothing.
    pub async fn ssh_key_would_do(&self, username: &str, fingerprint: &str) -> Result<bool> {
        let Some((user, _)) = self.lookup(username).await? else {
            return Ok(false);
        };
        Ok(user.enabled && self.ctx.store.has_ssh_key(user.id, fingerprint).await?)
    }

    /// Signs `username` in with a key whose signature the transport verified.
    /// A user locked out by failed passwords stays locked out; a key that is
    /// not theirs does not count as a failure (clients offer every key they
    /// have).
    pub async fn login_with_ssh_key(&self, username: &str, fingerprint: &str) -> Result<Principal> {
        let user_key = throttle_key_user(username);
        let held = self
            .count_attempt(&user_key, self.settings.login_user)
            .await?;
        self.ctx.store.refund_login_attempt(&user_key).await?;
        drop(held);
        let refused = || Error::unauthorized("invalid username or key");
        let Some((user, _)) = self.lookup(username).await? else {
            return Err(refused());
        };
        if !user.enabled
            || !self
                .ctx
                .store
                .use_ssh_key(user.id, fingerprint, self.ctx.clock.now())
                .await?
        {
            return Err(refused());
        }
        Ok(self.issue_session(&user).await?.1)
    }

    async fn lookup(&self, username: &str) -> Result<Option<(tianqi_core::users::User, String)>> {
        if username.is_empty() || username.len() > 256 {
            return Ok(None);
        }
        Ok(self.ctx.store.user_with_hash(username).await?)
    }
}
