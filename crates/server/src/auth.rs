//! Who is calling: the request context, bearer-token authentication and the
//! extractors through which every route declares who may call it.
//!
//! * no auth extractor → public route;
//! * [`CurrentUser`] → any signed-in, enabled user (401 otherwise);
//! * [`AdminUser`] → admins only (401 without credentials, 403 for users).
//!
//! Authentication happens in the extractor, lazily, so public routes never touch
//! the token table. The principal it finds is written into the request's
//! [`RequestContext`], where the audit log reads the actor from.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, OnceLock};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use tianqi_core::policy::{check_access, Access, Principal};
use tianqi_core::Error;

use crate::error::ApiError;
use crate::state::AppState;

/// Per-request facts shared between middleware and handlers.
#[derive(Debug, Default)]
pub struct RequestContext {
    pub source_ip: String,
    /// Set once the caller is authenticated (or, for login, once they succeed).
    pub actor: OnceLock<Principal>,
    /// Set by handlers that create a resource, so the audit row names it.
    pub resource_id: OnceLock<String>,
}

/// The context as an extractor. Always present: the context middleware adds it.
#[derive(Clone, Debug)]
pub struct Ctx(pub Arc<RequestContext>);

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Arc<RequestContext>>()
            .cloned()
            .map(Ctx)
            .ok_or_else(|| ApiError::Domain(Error::internal("request context missing")))
    }
}

/// The client address: the peer, or the first X-Forwarded-For hop when the
/// operator said a trusted proxy sits in front.
pub fn source_ip(headers: &HeaderMap, peer: Option<SocketAddr>, trust_forwarded: bool) -> String {
    if trust_forwarded {
        let forwarded = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok());
        if let Some(ip) = forwarded {
            return ip.to_string();
        }
    }
    peer.map_or_else(|| "unknown".to_owned(), |p| p.ip().to_string())
}

pub fn peer_of(parts: &Parts) -> Option<SocketAddr> {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0)
}

/// The bearer token of a request, if it carries one.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// The principal of the request's bearer token, if it carries one (recorded
/// in the request context for the audit log). A bad token is an error; no
/// token is `None` — the caller decides whether that is allowed.
pub async fn bearer_principal(
    parts: &mut Parts,
    state: &AppState,
) -> Result<Option<Principal>, Error> {
    let principal = match bearer_token(&parts.headers) {
        Some(token) => Some(state.services.auth.authenticate(token).await?),
        None => None,
    };
    if let (Some(p), Some(ctx)) = (&principal, parts.extensions.get::<Arc<RequestContext>>()) {
        let _ = ctx.actor.set(p.clone());
    }
    Ok(principal)
}

async fn authenticate(
    parts: &mut Parts,
    state: &AppState,
    access: Access,
) -> Result<Principal, ApiError> {
    let principal = bearer_principal(parts, state).await?;
    check_access(principal.as_ref(), access)?;
    principal.ok_or_else(|| ApiError::Domain(Error::unauthorized("authentication required")))
}

/// Any signed-in user.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub Principal);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        authenticate(parts, state, Access::User)
            .await
            .map(CurrentUser)
    }
}

/// An admin.
#[derive(Debug, Clone)]
pub struct AdminUser(pub Principal);

impl FromRequestParts<AppState> for AdminUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        authenticate(parts, state, Access::Admin)
            .await
            .map(AdminUser)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn bearer_parsing() {
        let mut h = HeaderMap::new();
        assert_eq!(bearer_token(&h), None);
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer abc"),
        );
        assert_eq!(bearer_token(&h), Some("abc"));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer  abc "),
        );
        assert_eq!(bearer_token(&h), Some("abc"));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer_token(&h), None);
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer "));
        assert_eq!(bearer_token(&h), None);
    }

    #[test]
    fn forwarded_only_when_trusted() {
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("203.0.113.9, 10.0.0.1"),
        );
        let peer: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        assert_eq!(source_ip(&h, Some(peer), false), "127.0.0.1");
        assert_eq!(source_ip(&h, Some(peer), true), "203.0.113.9");
        h.insert("x-forwarded-for", HeaderValue::from_static("garbage"));
        assert_eq!(source_ip(&h, Some(peer), true), "127.0.0.1");
    }
}
