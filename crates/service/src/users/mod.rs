//! User administration and self-service.

use serde::Deserialize;
use tianqi_core::page::{Page, PageQuery};
use tianqi_core::policy::Principal;
use tianqi_core::tokens::TokenKind;
use tianqi_core::users::{Role, User};
use tianqi_core::{crypto, validate, Error, Result};
use tianqi_store::{NewUser, StoreError, UserFilter, UserPatch};

use crate::auth::AuthService;
use crate::Context;

/// User administration and self-service.
#[derive(Clone)]
pub struct UserService {
    ctx: Context,
    /// Passwords are hashed with its hasher; a change here ends cached token lookups.
    auth: AuthService,
}

/// `POST /api/v1/users`
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    /// ASCII letters, digits, `_`, `.`, `-`; 1–32 characters, starting with a letter or digit.
    pub username: String,
    /// 8–256 characters.
    pub password: String,
    #[serde(default = "default_role")]
    pub role: Role,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub email: String,
}

fn default_role() -> Role {
    Role::User
}

/// `PATCH /api/v1/users/{id}`: every field optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    pub role: Option<Role>,
    pub enabled: Option<bool>,
    pub display_name: Option<String>,
    pub email: Option<String>,
}

/// `PATCH /api/v1/me`: what users may change about themselves.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMe {
    pub display_name: Option<String>,
    pub email: Option<String>,
}

/// `POST /api/v1/users/{id}/password`
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResetPassword {
    pub password: String,
}

/// `POST /api/v1/me/password`
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    pub current_password: String,
    pub new_password: String,
}

/// Filters for `GET /api/v1/users`.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct UserListQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    /// `admin` or `user`.
    pub role: Option<Role>,
    pub enabled: Option<bool>,
    /// Substring of the username.
    pub q: Option<String>,
}

/// How the first admin's password was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BootstrapOutcome {
    /// The platform generated this password; show it once.
    Generated { username: String, password: String },
    /// The operator supplied it (TIANQI_BOOTSTRAP_ADMIN_PASSWORD).
    Supplied { username: String },
    /// An admin was bootstrapped on an earlier start; nothing was done.
    AlreadyDone,
}

pub const BOOTSTRAP_ADMIN: &str = "admin";

fn conflict_username(e: StoreError, username: &str) -> Error {
    match e {
        StoreError::Unique(_) => Error::conflict(format!("username '{username}' is already taken")),
        other => other.into(),
    }
}

impl UserService {
    pub fn new(ctx: Context, auth: AuthService) -> Self {
        Self { ctx, auth }
    }

    /// Creates the first admin on the first start of a database. Later starts do
    /// nothing, whatever happened to that account since.
    pub async fn bootstrap_admin(&self, supplied: Option<&str>) -> Result<BootstrapOutcome> {
        if self
            .ctx
            .store
            .setting("admin_bootstrapped")
            .await?
            .is_some()
        {
            return Ok(BootstrapOutcome::AlreadyDone);
        }
        let (password, generated) = match supplied {
            Some(p) => {
                validate::password("bootstrap_admin_password", p)?;
                (p.to_owned(), false)
            }
            None => (crypto::generate_password(), true),
        };
        let hash = self.auth.hasher.hash(&password).await?;
        let new = NewUser {
            username: BOOTSTRAP_ADMIN.into(),
            password_hash: hash,
            role: Role::Admin,
            display_name: "Administrator".into(),
            email: String::new(),
            // A generated password travelled through a log line: ask for a new one.
            must_change_password: generated,
            now: self.ctx.clock.now(),
        };
        match self
            .ctx
            .store
            .bootstrap_admin(&new)
            .await
            .map_err(|e| conflict_username(e, BOOTSTRAP_ADMIN))?
        {
            None => Ok(BootstrapOutcome::AlreadyDone),
            Some(u) if generated => Ok(BootstrapOutcome::Generated {
                username: u.username,
                password,
            }),
            Some(u) => Ok(BootstrapOutcome::Supplied {
                username: u.username,
            }),
        }
    }

    pub async fn create(&self, req: CreateUser) -> Result<User> {
        validate::username("username", &req.username)?;
        validate::password("password", &req.password)?;
        validate::text(
            "display_name",
            &req.display_name,
            validate::DISPLAY_NAME_MAX,
        )?;
        validate::email("email", &req.email)?;
        let hash = self.auth.hasher.hash(&req.password).await?;
        let new = NewUser {
            username: req.username.clone(),
            password_hash: hash,
            role: req.role,
            display_name: req.display_name,
            email: req.email,
            must_change_password: false,
            now: self.ctx.clock.now(),
        };
        self.ctx
            .store
            .insert_user(&new)
            .await
            .map_err(|e| conflict_username(e, &req.username))
    }

    pub async fn get(&self, id: i64) -> Result<User> {
        self.ctx.store.user(id).await.map_err(|e| match e {
            StoreError::NotFound => Error::not_found(format!("user {id} not found")),
            other => other.into(),
        })
    }

    pub async fn list(&self, q: UserListQuery) -> Result<Page<User>> {
        let page = PageQuery {
            page: q.page,
            page_size: q.page_size,
        }
        .validate()?;
        if let Some(s) = &q.q {
            validate::text("q", s, validate::USERNAME_MAX)?;
        }
        let filter = UserFilter {
            role: q.role,
            enabled: q.enabled,
            username_contains: q.q.filter(|s| !s.is_empty()),
        };
        let (items, total) = self.ctx.store.list_users(&filter, page).await?;
        Ok(Page::new(items, total, page))
    }

    pub async fn update(&self, id: i64, req: UpdateUser) -> Result<User> {
        if let Some(d) = &req.display_name {
            validate::text("display_name", d, validate::DISPLAY_NAME_MAX)?;
        }
        if let Some(e) = &req.email {
            validate::email("email", e)?;
        }
        let before = self.get(id).await?;
        let patch = UserPatch {
            role: req.role,
            enabled: req.enabled,
            display_name: req.display_name,
            email: req.email,
        };
        let after = self
            .ctx
            .store
            .update_user(id, &patch, self.ctx.clock.now())
            .await?
            .ok_or_else(|| {
                Error::conflict("this change would leave the platform without an enabled admin")
            })?;
        // Role and enabled flag live in cached token lookups.
        self.auth.forget_tokens();
        if before.enabled && !after.enabled {
            // Disabling takes effect at once: every token stops working now, not
            // when it expires.
            self.ctx
                .store
                .revoke_user_tokens(id, None, None, self.ctx.clock.now())
                .await?;
            self.auth.forget_tokens();
        }
        // A session opened with the old role, or by a now disabled account, ends.
        self.auth.sessions.recheck_now().await;
        Ok(after)
    }

    pub async fn update_me(&self, me: &Principal, req: UpdateMe) -> Result<User> {
        self.update(
            me.user_id,
            UpdateUser {
                display_name: req.display_name,
                email: req.email,
                ..UpdateUser::default()
            },
        )
        .await
    }

    /// An admin sets a new password for a user: every token and session of theirs
    /// ends, and they are asked to choose their own password at the next login.
    pub async fn reset_password(&self, id: i64, req: ResetPassword) -> Result<()> {
        validate::password("password", &req.password)?;
        self.get(id).await?;
        let hash = self.auth.hasher.hash(&req.password).await?;
        let now = self.ctx.clock.now();
        self.ctx.store.set_password(id, &hash, true, now).await?;
        // A reset is what an admin does when an account may be in other hands:
        // every token ends, API tokens too.
        self.ctx
            .store
            .revoke_user_tokens(id, None, None, now)
            .await?;
        self.auth.forget_tokens();
        self.auth.sessions.recheck_now().await;
        Ok(())
    }

    /// A user changes their own password; their other sessions end.
    pub async fn change_own_password(&self, me: &Principal, req: ChangePassword) -> Result<()> {
        validate::password("new_password", &req.new_password)?;
        let current = self.ctx.store.password_hash(me.user_id).await?;
        if !self
            .auth
            .hasher
            .verify(&req.current_password, &current)
            .await?
        {
            return Err(Error::validation(
                "current_password",
                "current_password is not correct",
            ));
        }
        if req.current_password == req.new_password {
            return Err(Error::validation(
                "new_password",
                "new_password must differ from the current password",
            ));
        }
        let hash = self.auth.hasher.hash(&req.new_password).await?;
        let now = self.ctx.clock.now();
        self.ctx
            .store
            .set_password(me.user_id, &hash, false, now)
            .await?;
        self.ctx
            .store
            .revoke_user_tokens(me.user_id, Some(TokenKind::Session), Some(me.token_id), now)
            .await?;
        self.auth.forget_tokens();
        self.auth.sessions.recheck_now().await;
        Ok(())
    }

    pub async fn delete(&self, actor: Option<&Principal>, id: i64) -> Result<()> {
        if actor.is_some_and(|a| a.user_id == id) {
            return Err(Error::conflict("you cannot delete your own account"));
        }
        self.get(id).await?;
        let owned = self.ctx.store.count_instances(Some(id), None).await?;
        if owned > 0 {
            return Err(Error::conflict(format!(
                "user {id} still owns {owned} instance(s); delete them first"
            )));
        }
        if !self.ctx.store.delete_user(id).await? {
            return Err(Error::conflict(
                "this would delete the last enabled admin; promote another user first",
            ));
        }
        self.auth.forget_tokens();
        self.auth.sessions.recheck_now().await;
        Ok(())
    }

    /// Lifts the sign-in lockout of user `id` (the attempts counted for its
    /// name; an address that guessed stays limited).
    pub async fn unlock(&self, id: i64) -> Result<()> {
        let user = self.get(id).await?;
        self.auth.unlock(&user.username).await?;
        Ok(())
    }

    /// Looks a user up by name (for the CLI).
    pub async fn by_name(&self, username: &str) -> Result<User> {
        self.ctx
            .store
            .user_with_hash(username)
            .await?
            .map(|(u, _)| u)
            .ok_or_else(|| Error::not_found(format!("user '{username}' not found")))
    }
}
