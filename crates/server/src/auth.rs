//! Who is calling: the request context, bearer-token authentication and the
//! extractors through which every route declares who may call it.
//!
//! * no auth extractor → public route;
//! * [`CurrentUser`] → any signed-in, enabled user (401 otherwise);
//! * [`AdminUser`] → admins only (401 without credentials, 403 for users);
//! * [`PendingUser`] → any signed-in user, also one who must still change
//!   their password (the other two refuse them with 403 until they have).
//!
//! Authentication happens in the extractor, lazily, so public routes never touch
//! the token table. The principal it finds is written into the request's
//! [`RequestContext`], where the audit log reads the actor from.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, OnceLock};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use tianqi_core::net::Cidr;
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
    /// Set by handlers whose audit entry says more than the route (a
    /// Kubernetes change: cluster, namespace, kind, name, action, result).
    pub detail: OnceLock<String>,
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

/// The client address. The peer, unless the peer is a trusted proxy: then the
/// right-most `X-Forwarded-For` hop that is not itself a trusted proxy (hops to
/// its left were written by whoever connected to that proxy, so they prove
/// nothing). A malformed header counts as absent.
pub fn source_ip(headers: &HeaderMap, peer: Option<SocketAddr>, trusted: &[Cidr]) -> String {
    let Some(peer) = peer.map(|p| p.ip().to_canonical()) else {
        return "unknown".to_owned();
    };
    let is_proxy = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
    if !is_proxy(peer) {
        return peer.to_string();
    }
    let hops: Option<Vec<IpAddr>> = headers
        .get_all("x-forwarded-for")
        .iter()
        .map(|v| v.to_str().ok())
        .collect::<Option<Vec<&str>>>()
        .and_then(|values| {
            values
                .iter()
                .flat_map(|v| v.split(','))
                .map(|h| h.trim().parse::<IpAddr>().ok().map(|ip| ip.to_canonical()))
                .collect()
        });
    match hops {
        Some(hops) if !hops.is_empty() => hops
            .iter()
            .rev()
            .find(|ip| !is_proxy(**ip))
            // Every hop a trusted proxy: the first one is as far as we know.
            .or(hops.first())
            .map_or_else(|| peer.to_string(), ToString::to_string),
        _ => peer.to_string(),
    }
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

/// A caller who must choose a new password gets nowhere else first.
fn password_changed(p: Principal) -> Result<Principal, ApiError> {
    if p.must_change_password {
        return Err(ApiError::Domain(Error::forbidden(
            "choose a new password first (POST /api/v1/me/password)",
        )));
    }
    Ok(p)
}

/// A signed-in user who may still have to change their password: the routes
/// that lead there (reading yourself, changing the password, signing out).
#[derive(Debug, Clone)]
pub struct PendingUser(pub Principal);

impl FromRequestParts<AppState> for PendingUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        authenticate(parts, state, Access::User)
            .await
            .map(PendingUser)
    }
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
        password_changed(authenticate(parts, state, Access::User).await?).map(CurrentUser)
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
        password_changed(authenticate(parts, state, Access::Admin).await?).map(AdminUser)
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
    fn forwarded_only_from_trusted_proxies() {
        let proxies = tianqi_core::net::parse_cidrs("10.0.0.0/8").unwrap();
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("198.51.100.7, 203.0.113.9, 10.0.0.2"),
        );
        let direct: SocketAddr = "192.0.2.1:5000".parse().unwrap();
        let proxy: SocketAddr = "10.0.0.1:5000".parse().unwrap();
        // Not from a proxy: the header is the client's own writing.
        assert_eq!(source_ip(&h, Some(direct), &proxies), "192.0.2.1");
        assert_eq!(source_ip(&h, Some(proxy), &[]), "10.0.0.1");
        // From a proxy: the right-most hop that is not a proxy; the left ones
        // (which a client can forge) are not believed.
        assert_eq!(source_ip(&h, Some(proxy), &proxies), "203.0.113.9");
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("10.0.0.3, 10.0.0.2"),
        );
        assert_eq!(source_ip(&h, Some(proxy), &proxies), "10.0.0.3");
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("garbage, 1.2.3.4"),
        );
        assert_eq!(source_ip(&h, Some(proxy), &proxies), "10.0.0.1");
        h.remove("x-forwarded-for");
        assert_eq!(source_ip(&h, Some(proxy), &proxies), "10.0.0.1");
        // Several header lines are one list, in order.
        h.append("x-forwarded-for", HeaderValue::from_static("198.51.100.7"));
        h.append("x-forwarded-for", HeaderValue::from_static("203.0.113.5"));
        assert_eq!(source_ip(&h, Some(proxy), &proxies), "203.0.113.5");
        let mapped: SocketAddr = "[::ffff:192.0.2.9]:1".parse().unwrap();
        assert_eq!(source_ip(&h, Some(mapped), &proxies), "192.0.2.9");
    }
}
