//! The HTTP application: one `merge` per feature, the compat facades, the
//! OpenAPI document built from the same routes, the console as the fallback,
//! and the middleware every listener shares.
//!
//! Adding a feature's routes is one `.merge(routes::<feature>::router())` line
//! in [`api_routes`].

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{any, get};
use axum::{middleware, Json, Router};
use tower_http::catch_panic::CatchPanicLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::compat;
use crate::compat::access::Listener;
use crate::console;
use crate::error::{json_errors, not_found};
use crate::openapi::ApiDoc;
use crate::routes;
use crate::state::AppState;
use crate::{audit, metrics};

/// Every documented route of the main listener.
fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(routes::auth::router())
        .merge(routes::users::router())
        .merge(routes::me::router())
        .merge(routes::audit::router())
        .merge(routes::catalog::router())
        .merge(routes::instances::router())
        .merge(compat::piston::router())
        .merge(routes::sandbox::router())
        .merge(routes::workspaces::router())
        .merge(routes::port_forwards::router())
        .merge(routes::tasks::router())
        .merge(routes::finetune::router())
        .merge(routes::usage::router())
        .merge(routes::system::router())
        .merge(routes::jumpbox::router())
        .merge(routes::assets::router())
        .merge(routes::assistant::router())
        .merge(routes::kube::router())
        .merge(routes::ops::router())
}

/// The OpenAPI document the main listener serves, with the MATLAB compat
/// operations under `matlab_prefix` when they are served there.
pub fn openapi(matlab_prefix: Option<&str>) -> utoipa::openapi::OpenApi {
    let (_, doc) = api_routes().split_for_parts();
    with_compat_doc(doc, matlab_prefix)
}

fn with_compat_doc(
    doc: utoipa::openapi::OpenApi,
    matlab_prefix: Option<&str>,
) -> utoipa::openapi::OpenApi {
    let doc = crate::openapi::with_common_errors(doc);
    match matlab_prefix {
        Some(prefix) => doc.nest(prefix, compat::matlab::CompatDoc::openapi()),
        None => doc,
    }
}

/// The HTTP application, with the console built into this binary.
pub fn router(state: AppState) -> Router {
    router_with_console(state, console::Assets::embedded())
}

/// The HTTP application serving `assets` as the web console at `/`.
pub fn router_with_console(state: AppState, assets: console::Assets) -> Router {
    let (api, doc) = api_routes().split_for_parts();
    let prefix = state.matlab.prefix.clone();
    let doc = Arc::new(with_compat_doc(doc, prefix.as_deref()));
    let api = match &prefix {
        Some(p) => api.nest(p, compat::matlab::router(&state, Listener::Main)),
        None => api,
    };
    let api = match state.services.tasks.settings().compat.prefix.clone() {
        Some(p) => api.nest(&p, compat::pm2::router(&state, Listener::Main)),
        None => api,
    };
    let app = api
        .route(
            "/api/openapi.json",
            get(move || {
                let doc = doc.clone();
                async move { Json(doc) }
            }),
        )
        .route("/api/docs", get(routes::ops::docs_page))
        .route("/api/v2/{*rest}", any(compat::piston::piston_not_found))
        // Unknown `/api/...` paths stay JSON 404s; everything else is the console.
        .fallback_service(console::router(assets));
    with_layers(app, state)
}

/// The MATLAB compat routes at `/`, for their dedicated listener. Its
/// callers are who they connect from: no proxy's header is believed there.
pub fn matlab_app(state: AppState) -> Router {
    let state = AppState {
        proxies: Vec::new().into(),
        ..state
    };
    let routes = compat::matlab::router(&state, Listener::Dedicated).fallback(not_found);
    with_layers(routes, state)
}

/// The Mini PM2 compat routes at `/`, for their dedicated listener (like
/// the seed's :8100).
pub fn pm2_app(state: AppState) -> Router {
    let state = AppState {
        proxies: Vec::new().into(),
        ..state
    };
    let routes = compat::pm2::router(&state, Listener::Dedicated).fallback(not_found);
    with_layers(routes, state)
}

/// The middleware of every listener. Innermost first: the audit trail sees
/// the handler's status; panics become 500s that metrics count; every error
/// body is made JSON last.
fn with_layers(app: Router<AppState>, state: AppState) -> Router {
    let body_limit = state.http.body_limit();
    app.layer(middleware::from_fn_with_state(state.clone(), audit::audit))
        .layer(CatchPanicLayer::new())
        .layer(middleware::from_fn(metrics::track))
        .layer(middleware::from_fn(json_errors))
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(state)
}
