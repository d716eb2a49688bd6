//! Operations endpoints: liveness, readiness, metrics, the OpenAPI document and
//! the API docs page.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{error_response, ErrorBody};
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct Ready {
    pub status: &'static str,
    /// `sqlite` or `postgres`.
    pub database: &'static str,
}

/// Liveness: the process is up and serving.
#[utoipa::path(get, path = "/healthz", tag = "ops", responses((status = 200, body = Health)))]
pub async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// Readiness: the store answers.
#[utoipa::path(get, path = "/readyz", tag = "ops",
    responses((status = 200, body = Ready), (status = 503, body = ErrorBody)))]
pub async fn readyz(State(state): State<AppState>) -> Response {
    let store = &state.services.store();
    match tokio::time::timeout(std::time::Duration::from_secs(3), store.ping()).await {
        Ok(Ok(())) => Json(Ready {
            status: "ready",
            database: store.engine().as_str(),
        })
        .into_response(),
        Ok(Err(e)) => error_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            format!("database not reachable: {e}"),
            None,
        ),
        Err(_) => error_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "database did not answer within 3 s",
            None,
        ),
    }
}

/// Prometheus metrics in the text exposition format.
#[utoipa::path(get, path = "/metrics", tag = "ops",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub async fn metrics(State(state): State<AppState>) -> Response {
    let mut text = state.metrics.render(state.services.store());
    text.push_str(&super::port_forwards::metrics_text(&state.services).await);
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

const DOCS_PAGE: &str = include_str!("../../assets/api-docs.html");

/// The API documentation page (self-contained: works without internet access).
pub async fn docs_page() -> Html<&'static str> {
    Html(DOCS_PAGE)
}

/// The ops routes, documented.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
        .routes(routes!(metrics))
}
