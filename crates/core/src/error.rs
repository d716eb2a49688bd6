//! The domain error: what went wrong, in terms a transport can map to a status.
//!
//! Every layer below the transports returns this type; the HTTP layer maps it to a
//! status code in exactly one place (`tianqi_server::error`).

use std::time::Duration;

/// A domain error. The message is safe to show to the caller: it never contains
/// secrets, SQL or internal paths.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input broke a rule; `field` names the offending field.
    #[error("{message}")]
    Validation { field: String, message: String },
    /// The request cannot be taken at all (malformed, or beyond any possible
    /// value, like a password longer than any account can have); 400.
    #[error("{message}")]
    BadRequest { field: String, message: String },
    /// No such resource (or the caller may not know it exists).
    #[error("{0}")]
    NotFound(String),
    /// The request conflicts with existing state (duplicate name, last admin, ...).
    #[error("{0}")]
    Conflict(String),
    /// Missing, malformed, expired or revoked credentials.
    #[error("{0}")]
    Unauthorized(String),
    /// Credentials that were good and no longer are; 401 with the reason, so
    /// a client can tell its user why they were signed out.
    #[error("{0}")]
    SignedOut(SignedOut),
    /// Authenticated, but not allowed to do this.
    #[error("{0}")]
    Forbidden(String),
    /// Too many attempts; retry after the given delay.
    #[error("{message}")]
    RateLimited {
        message: String,
        retry_after: Duration,
    },
    /// A dependency (database, node) cannot be reached right now.
    #[error("{0}")]
    Unavailable(String),
    /// An upstream service we call or relay for (an AI provider, a Kubernetes
    /// API server) refused or failed the request: bad credentials, an error
    /// answer, unreachable; 502.
    #[error("{0}")]
    BadGateway(String),
    /// An upstream service did not answer in time; 504.
    #[error("{0}")]
    GatewayTimeout(String),
    /// A bug or an unexpected failure. The text is logged, never returned.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Why a token that once worked no longer does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedOut {
    AccountDisabled,
    TokenRevoked,
    TokenExpired,
}

impl SignedOut {
    /// The stable name clients read (`error.reason` in an API answer).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AccountDisabled => "account_disabled",
            Self::TokenRevoked => "token_revoked",
            Self::TokenExpired => "token_expired",
        }
    }
}

impl std::fmt::Display for SignedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::AccountDisabled => "this account is disabled",
            Self::TokenRevoked => "token has been revoked",
            Self::TokenExpired => "token has expired",
        })
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn bad_request(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::BadRequest {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound(what.into())
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict(message.into())
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::Unauthorized(message.into())
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden(message.into())
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::Internal(message.into())
    }
}
