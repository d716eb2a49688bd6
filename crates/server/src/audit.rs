//! The request context and the audit trail of every mutating request.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, MatchedPath, State};
use axum::http::{Method, Request};
use axum::middleware::Next;
use axum::response::Response;
use tianqi_service::audit::Recorded;
use tianqi_store::NewAudit;

use crate::auth::{source_ip, RequestContext};
use crate::state::AppState;

fn is_mutation(m: &Method) -> bool {
    matches!(
        *m,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    )
}

/// The id a route acts on: the last path segment that fills a `{…}` parameter.
fn resource_id(template: &str, path: &str) -> Option<String> {
    template
        .split('/')
        .zip(path.split('/'))
        .filter(|(t, _)| t.starts_with('{'))
        .map(|(_, p)| p.to_owned())
        .last()
}

/// Attaches a [`RequestContext`] to the request and, for mutations, records who
/// did what once the response is known. Only the method, the route template, the
/// id, the address and the status are written: never a body, so never a secret.
pub async fn audit(State(state): State<AppState>, mut req: Request<Body>, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let ctx = Arc::new(RequestContext {
        source_ip: source_ip(req.headers(), peer, &state.proxies),
        ..RequestContext::default()
    });
    req.extensions_mut().insert(ctx.clone());
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned());
    let path = req.uri().path().to_owned();

    let res = next.run(req).await;

    // Code runs change no state and can come many per second: they are logged
    // (caller, runtime, status) and counted in /metrics, not written to the audit table.
    let is_run = route
        .as_deref()
        .is_some_and(|r| r.starts_with("/api/v2/") || r == "/api/v1/sandbox/run");
    let Some(route) = route.filter(|_| is_mutation(&method) && !is_run) else {
        return res;
    };
    let actor = ctx.actor.get();
    let entry = NewAudit {
        at: state.services.ctx.clock.now(),
        actor_id: actor.map(|a| a.user_id),
        actor: actor.map(|a| a.username.clone()),
        method: method.as_str().to_owned(),
        resource_id: ctx
            .resource_id
            .get()
            .cloned()
            .or_else(|| resource_id(&route, &path)),
        route,
        source_ip: ctx.source_ip.clone(),
        status: res.status().as_u16(),
        detail: ctx.detail.get().cloned().unwrap_or_default(),
    };
    let status = entry.status;
    let anonymous_refusal = entry.actor_id.is_none() && status >= 400;
    if anonymous_refusal {
        metrics::counter!("tianqi_refused_anonymous_writes_total", "status" => status.to_string())
            .increment(1);
    }
    match state.services.audit.record(entry).await {
        Ok(Recorded::Written) => {}
        Ok(Recorded::Skipped) => {
            metrics::counter!("tianqi_audit_skipped_total").increment(1);
        }
        Err(e) => tracing::error!(error = %e, "could not write audit entry"),
    }
    res
}

#[cfg(test)]
mod tests {
    use super::resource_id;

    #[test]
    fn resource_ids_from_templates() {
        assert_eq!(
            resource_id("/api/v1/users/{id}", "/api/v1/users/42").as_deref(),
            Some("42")
        );
        assert_eq!(
            resource_id("/api/v1/users/{id}/password", "/api/v1/users/7/password").as_deref(),
            Some("7")
        );
        assert_eq!(resource_id("/api/v1/users", "/api/v1/users"), None);
    }
}
