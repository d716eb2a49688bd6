//! Bearer tokens: sessions from sign-in and long-lived API tokens.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The two kinds of bearer token. Both are opaque random strings; only their keyed
/// hash is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}
