//! Bearer tokens (login sessions and API tokens), stored by keyed hash only.

use chrono::{DateTime, Utc};
use tianqi_core::tokens::{ApiToken, TokenKind};
use tianqi_core::users::Role;

use crate::{on_db, Result, Store, StoreError};

#[derive(Debug, Clone)]
pub struct NewToken<'a> {
    pub user_id: i64,
    pub kind: TokenKind,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub now: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// What authentication needs to know about a presented token and its user, in
/// one round trip.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenAuth {
    pub token_id: i64,
    pub kind: TokenKind,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked: bool,
    pub last_used_at: Option<DateTime<Utc>>,
    pub user_id: i64,
    pub username: String,
    pub role: Role,
    pub enabled: bool,
    /// The user must choose a new password before doing anything else.
    pub must_change_password: bool,
}

/// What the live-session recheck needs about a token.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenState {
    pub token_id: i64,
    pub revoked: bool,
    pub expires_at: Option<DateTime<Utc>>,
    pub enabled: bool,
    pub role: Role,
}

#[derive(sqlx::FromRow)]
struct TokenAuthRow {
    token_id: i64,
    kind: String,
    expires_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
    last_used_at: Option<DateTime<Utc>>,
    user_id: i64,
    username: String,
    role: String,
    enabled: bool,
    must_change_password: bool,
}

#[derive(sqlx::FromRow)]
struct ApiTokenRow {
    id: i64,
    name: String,
    created_at: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
    last_used_at: Option<DateTime<Utc>>,
}

impl Store {
    pub async fn insert_token(&self, t: &NewToken<'_>) -> Result<i64> {
        let (id,): (i64,) = on_db!(self, |pool| {
            sqlx::query_as(
                "INSERT INTO tokens (user_id, kind, name, token_hash, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(t.user_id)
            .bind(t.kind.as_str())
            .bind(t.name)
            .bind(t.token_hash)
            .bind(t.now)
            .bind(t.expires_at)
            .fetch_one(pool)
            .await?
        });
        Ok(id)
    }

    /// Whether each of `ids` still grants access, as the live-session recheck
    /// reads it (tokens gone from the table are missing from the answer).
    pub async fn token_states(&self, ids: &[i64]) -> Result<Vec<TokenState>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT t.id, t.revoked_at, t.expires_at, u.enabled, u.role \
             FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.id IN ({})",
            placeholders.join(", ")
        );
        type Row = (
            i64,
            Option<DateTime<Utc>>,
            Option<DateTime<Utc>>,
            bool,
            String,
        );
        let rows: Vec<Row> = on_db!(self, |pool| {
            let mut q = sqlx::query_as(&sql);
            for id in ids {
                q = q.bind(id);
            }
            q.fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .filter_map(|(token_id, revoked_at, expires_at, enabled, role)| {
                Some(TokenState {
                    token_id,
                    revoked: revoked_at.is_some(),
                    expires_at,
                    enabled,
                    role: Role::parse(&role)?,
                })
            })
            .collect())
    }

    pub async fn token_auth(&self, token_hash: &str) -> Result<Option<TokenAuth>> {
        let row: Option<TokenAuthRow> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT t.id AS token_id, t.kind, t.expires_at, t.revoked_at, t.last_used_at, \
                        u.id AS user_id, u.username, u.role, u.enabled, u.must_change_password \
                 FROM tokens t JOIN users u ON u.id = t.user_id \
                 WHERE t.token_hash = $1",
            )
            .bind(token_hash)
            .fetch_optional(pool)
            .await?
        });
        row.map(|r| {
            Ok(TokenAuth {
                token_id: r.token_id,
                kind: TokenKind::parse(&r.kind)
                    .ok_or_else(|| StoreError::Other(format!("unknown token kind {}", r.kind)))?,
                expires_at: r.expires_at,
                revoked: r.revoked_at.is_some(),
                last_used_at: r.last_used_at,
                user_id: r.user_id,
                username: r.username,
                role: Role::parse(&r.role)
                    .ok_or_else(|| StoreError::Other(format!("unknown role {}", r.role)))?,
                enabled: r.enabled,
                must_change_password: r.must_change_password,
            })
        })
        .transpose()
    }

    pub async fn touch_token(&self, token_id: i64, now: DateTime<Utc>) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query("UPDATE tokens SET last_used_at = $2 WHERE id = $1")
                .bind(token_id)
                .bind(now)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Revokes one token of `user_id`; `false` when there is no such live token.
    pub async fn revoke_token(
        &self,
        user_id: i64,
        token_id: i64,
        kind: Option<TokenKind>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE tokens SET revoked_at = $3 \
                 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL \
                   AND ($4 IS NULL OR kind = $4)",
            )
            .bind(token_id)
            .bind(user_id)
            .bind(now)
            .bind(kind.map(TokenKind::as_str))
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n > 0)
    }

    /// Revokes every live token of `kind` (all kinds when `None`) of a user,
    /// except `keep` (the session that asked, when a user changes their password).
    pub async fn revoke_user_tokens(
        &self,
        user_id: i64,
        kind: Option<TokenKind>,
        keep: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        let n = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE tokens SET revoked_at = $2 \
                 WHERE user_id = $1 AND revoked_at IS NULL \
                   AND ($3 IS NULL OR kind = $3) AND ($4 IS NULL OR id <> $4)",
            )
            .bind(user_id)
            .bind(now)
            .bind(kind.map(TokenKind::as_str))
            .bind(keep)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n)
    }

    /// The user's live API tokens (not revoked, not expired at `now`).
    pub async fn api_tokens(&self, user_id: i64, now: DateTime<Utc>) -> Result<Vec<ApiToken>> {
        let rows: Vec<ApiTokenRow> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, name, created_at, expires_at, last_used_at FROM tokens \
                 WHERE user_id = $1 AND kind = 'api' AND revoked_at IS NULL ORDER BY id",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .filter(|r| r.expires_at.is_none_or(|e| e > now))
            .map(|r| ApiToken {
                id: r.id,
                name: r.name,
                created_at: r.created_at,
                expires_at: r.expires_at,
                last_used_at: r.last_used_at,
            })
            .collect())
    }

    /// Deletes tokens that can never authenticate again (revoked or expired before
    /// `before`), so the table does not grow with every login.
    pub async fn purge_dead_tokens(&self, before: DateTime<Utc>) -> Result<u64> {
        let n = on_db!(self, |pool| {
            sqlx::query(
                "DELETE FROM tokens WHERE (revoked_at IS NOT NULL AND revoked_at < $1) \
                 OR (expires_at IS NOT NULL AND expires_at < $1)",
            )
            .bind(before)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n)
    }
}
