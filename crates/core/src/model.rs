//! Domain records shared by the store, the services and the transports.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A user's role. `admin` may act on every resource; `user` only on their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    User,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::User => "user",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "user" => Some(Role::User),
            _ => None,
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A platform user as the API shows it (never with the password hash).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub enabled: bool,
    pub display_name: String,
    pub email: String,
    /// True while the user still has a password somebody else chose (the generated
    /// admin password, or an admin reset); the console asks for a new one.
    pub must_change_password: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The two kinds of bearer token. Both are opaque random strings; only their keyed
/// hash is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Issued by `POST /auth/login`, expires after the configured session TTL.
    Session,
    /// Created by the user for automation; lives until revoked or its optional expiry.
    Api,
}

impl TokenKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Session => "session",
            TokenKind::Api => "api",
        }
    }

    pub fn parse(s: &str) -> Option<TokenKind> {
        match s {
            "session" => Some(TokenKind::Session),
            "api" => Some(TokenKind::Api),
            _ => None,
        }
    }

    /// The visible prefix of a token's secret, so a leaked token can be recognised
    /// by secret scanners and by people.
    pub fn prefix(self) -> &'static str {
        match self {
            TokenKind::Session => "tqs_",
            TokenKind::Api => "tqa_",
        }
    }
}

/// An API token as its owner sees it in a list (never the secret).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// One audited mutation.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor: Option<String>,
    pub method: String,
    /// The route template, e.g. `/api/v1/users/{id}`.
    pub route: String,
    /// The resource id taken from the path, when the route has one.
    pub resource_id: Option<String>,
    pub source_ip: String,
    pub status: u16,
}
