//! Imitates the MATLAB容器管理系统 (a Flask service, seed doc 000) exactly: the old Flask service's routes, bodies,
//! statuses and messages (seed doc "MATLAB容器管理系统 API 接口文档"), so its
//! clients keep working unchanged. These bodies are deliberately NOT the
//! project's error shape: old clients read `error`/`message` as plain strings.
//!
//! Served under `workspaces.compat.prefix` on the main listener (the bearer
//! `workspaces.compat.token` required) and/or at `/` on `workspaces.compat.listen`
//! (a peer in `workspaces.compat.allow_cidrs`, or the token); anything else is
//! 403 JSON. See `compat::access`.

use std::net::SocketAddr;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::{json, Value};
use tianqi_core::Error;
use tianqi_service::workspaces::CreateOutcome;
use utoipa::{OpenApi, ToSchema};

use crate::compat::access::{admit, Listener, Names};
use crate::state::AppState;

const NAMES: Names = Names {
    section: "workspaces.compat",
};

async fn guard(
    State((state, listener)): State<(AppState, Listener)>,
    req: Request<Body>,
    next: Next,
) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let access = &state.matlab.access;
    match admit(listener, access, NAMES, req.method(), req.headers(), peer) {
        Ok(()) => next.run(req).await,
        Err(why) => {
            tracing::warn!(peer = ?peer, path = %req.uri().path(), reason = %why, "compat API refused");
            (StatusCode::FORBIDDEN, Json(json!({ "error": why }))).into_response()
        }
    }
}

/// The routes, guarded, for nesting under a prefix on the main listener or
/// serving at `/` on the dedicated one (see `compat::access` for who gets in).
pub fn router(state: &AppState, listener: Listener) -> Router<AppState> {
    Router::new()
        .route("/create", post(create))
        .route("/destroy/{container_id}", post(destroy))
        .route("/health/{container_id}", get(health))
        .route("/list", get(list))
        .route("/restart/{container_id}", post(restart))
        .layer(middleware::from_fn_with_state(
            (state.clone(), listener),
            guard,
        ))
}

fn reply(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}

/// The detail of a 500: the domain message, except internal errors (logged,
/// not shown).
fn detail(e: &Error) -> String {
    match e {
        Error::Internal(m) => {
            tracing::error!(error = %m, "compat request failed");
            "internal error (see the server log)".into()
        }
        other => other.to_string(),
    }
}

/// `POST /create` body. Documented for OpenAPI; parsed by hand, because a
/// `user_id` of the wrong type must get the old 400 message, not a 422.
#[derive(Serialize, ToSchema)]
pub struct CreateBody {
    /// 1..=max_users (default 100).
    pub user_id: i64,
    /// Optional; written in the request's log line.
    pub session_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CreateReply {
    pub container_id: String,
    pub http_port: u16,
    pub ws_port: u16,
    /// `running` (new, or a stopped one started) or `already_running`.
    pub status: String,
    pub message: String,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorReply {
    pub error: String,
}

/// Create (or find, or start) the user's workspace. 201 new, 200 existing,
/// 400 bad user_id, 500 anything else (e.g. `port 30001 already in use`).
#[utoipa::path(post, path = "/create", tag = "workspaces-compat", security(("compat" = [])),
    request_body = CreateBody,
    responses((status = 201, body = CreateReply), (status = 200, body = CreateReply),
        (status = 400, body = ErrorReply), (status = 403, body = ErrorReply), (status = 500, body = ErrorReply)))]
pub async fn create(State(s): State<AppState>, body: Bytes) -> Response {
    let started = Instant::now();
    let parsed: Option<Value> = serde_json::from_slice(&body).ok();
    let session_id = parsed
        .as_ref()
        .and_then(|v| v.get("session_id"))
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .unwrap_or_default();
    let user_id = parsed
        .as_ref()
        .and_then(|v| v.get("user_id"))
        .and_then(Value::as_i64);
    let max = s
        .services
        .workspaces
        .profile()
        .map(|p| p.invalid_user_message())
        .unwrap_or_else(|_| "Invalid user_id".into());
    let Some(user_id) = user_id else {
        tracing::info!(route = "/create", %session_id, status = 400, "compat create refused: invalid user_id");
        return reply(StatusCode::BAD_REQUEST, json!({"error": max}));
    };
    let result = s.services.workspaces.create(user_id).await;
    let elapsed_ms = started.elapsed().as_millis();
    match result {
        Ok((outcome, slot, name)) => {
            let (status, word, message) = match outcome {
                CreateOutcome::Created => (
                    StatusCode::CREATED,
                    "running",
                    "Container created successfully",
                ),
                CreateOutcome::AlreadyRunning => (
                    StatusCode::OK,
                    "already_running",
                    "Container is already running",
                ),
                CreateOutcome::Started => {
                    (StatusCode::OK, "running", "Container started successfully")
                }
            };
            tracing::info!(route = "/create", user_id, %session_id, container_id = %name, status = status.as_u16(), elapsed_ms, "compat create");
            reply(
                status,
                json!({"container_id": name, "http_port": slot.http_port, "ws_port": slot.ws_port,
                       "status": word, "message": message}),
            )
        }
        Err(Error::Validation { .. }) => {
            tracing::info!(route = "/create", user_id, %session_id, status = 400, "compat create refused: invalid user_id");
            reply(StatusCode::BAD_REQUEST, json!({"error": max}))
        }
        Err(e) => {
            let d = detail(&e);
            tracing::warn!(route = "/create", user_id, %session_id, status = 500, elapsed_ms, error = %d, "compat create failed");
            reply(
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({"error": format!("Failed to create container: {d}")}),
            )
        }
    }
}

fn user_of(s: &AppState, container_id: &str) -> Option<i64> {
    s.services
        .workspaces
        .profile()
        .ok()
        .and_then(|p| p.user_of(container_id))
}

/// Remove the container; the data directory stays. 404 `{"message","container_id"}`.
#[utoipa::path(post, path = "/destroy/{container_id}", tag = "workspaces-compat", security(("compat" = [])),
    params(("container_id" = String, Path, description = "e.g. matlab-user-1")),
    responses((status = 200, description = "{\"message\":\"Container destroyed successfully\",\"container_id\"}"),
        (status = 404, description = "{\"message\":\"Container not found\",\"container_id\"}"),
        (status = 403, body = ErrorReply), (status = 500, body = ErrorReply)))]
pub async fn destroy(State(s): State<AppState>, Path(container_id): Path<String>) -> Response {
    let not_found = || {
        reply(
            StatusCode::NOT_FOUND,
            json!({"message": "Container not found", "container_id": container_id}),
        )
    };
    let Some(user) = user_of(&s, &container_id) else {
        return not_found();
    };
    match s.services.workspaces.destroy(user).await {
        Ok(()) => {
            tracing::info!(route = "/destroy", %container_id, status = 200, "compat destroy");
            reply(
                StatusCode::OK,
                json!({"message": "Container destroyed successfully", "container_id": container_id}),
            )
        }
        Err(Error::NotFound(_)) => not_found(),
        Err(e) => reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"error": format!("Failed to destroy container: {}", detail(&e))}),
        ),
    }
}

/// `2025-10-05T10:30:00.000Z` from Docker's nanosecond RFC 3339.
fn iso_millis(docker_time: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(docker_time)
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .format("%Y-%m-%dT%H:%M:%S%.3fZ")
                .to_string()
        })
        .unwrap_or_else(|_| docker_time.to_owned())
}

/// State, resource use and the two service probes (HTTP GET on the http port,
/// TCP connect on the ws port, 2 s each). Stopped: `started_at: "unknown"`.
#[utoipa::path(get, path = "/health/{container_id}", tag = "workspaces-compat", security(("compat" = [])),
    params(("container_id" = String, Path, description = "e.g. matlab-user-1")),
    responses((status = 200, description = "running: {container_id,status,started_at,cpu_usage,memory_usage,memory_percent,web_service,websocket_service,http_port,ws_port}; stopped: {container_id,status:\"stopped\",started_at:\"unknown\"}"),
        (status = 404, description = "{\"error\":\"Container not found\",\"container_id\"}"),
        (status = 403, body = ErrorReply), (status = 500, body = ErrorReply)))]
pub async fn health(State(s): State<AppState>, Path(container_id): Path<String>) -> Response {
    let not_found = || {
        reply(
            StatusCode::NOT_FOUND,
            json!({"error": "Container not found", "container_id": container_id}),
        )
    };
    let Some(user) = user_of(&s, &container_id) else {
        return not_found();
    };
    match s.services.workspaces.health(user).await {
        Ok(h) if !h.running => reply(
            StatusCode::OK,
            json!({"container_id": container_id, "status": "stopped", "started_at": "unknown"}),
        ),
        Ok(h) => {
            let word = |ok: bool| if ok { "healthy" } else { "unhealthy" };
            let (web, ws) = h
                .probes
                .as_ref()
                .map_or((false, false), |p| (p.web_healthy, p.websocket_healthy));
            reply(
                StatusCode::OK,
                json!({
                    "container_id": container_id,
                    "status": "running",
                    "started_at": iso_millis(&h.started_at),
                    "cpu_usage": percent_text(h.cpu_percent),
                    "memory_usage": gib_text(h.memory_usage_bytes),
                    "memory_percent": percent_text(h.memory_percent),
                    "web_service": word(web),
                    "websocket_service": word(ws),
                    "http_port": h.http_port,
                    "ws_port": h.ws_port,
                }),
            )
        }
        Err(Error::NotFound(_)) => not_found(),
        Err(e) => reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"error": format!("Failed to get container health: {}", detail(&e))}),
        ),
    }
}

/// Every workspace, running and stopped, by user id; `created` is the first
/// creation (`YYYY-MM-DD HH:MM:SS`, UTC).
#[utoipa::path(get, path = "/list", tag = "workspaces-compat", security(("compat" = [])),
    responses((status = 200, description = "{\"total\",\"containers\":[{container_id,user_id,status,created,http_port,ws_port}]}"),
        (status = 403, body = ErrorReply), (status = 500, body = ErrorReply)))]
pub async fn list(State(s): State<AppState>) -> Response {
    match s.services.workspaces.list().await {
        Ok(items) => {
            let containers: Vec<Value> = items
                .iter()
                .map(|w| {
                    json!({
                        "container_id": w.container_name,
                        "user_id": w.user_id,
                        "status": w.status,
                        "created": w.created_at.format("%Y-%m-%d %H:%M:%S").to_string(),
                        "http_port": w.http_port,
                        "ws_port": w.ws_port,
                    })
                })
                .collect();
            reply(
                StatusCode::OK,
                json!({"total": containers.len(), "containers": containers}),
            )
        }
        Err(e) => reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"error": format!("Failed to list containers: {}", detail(&e))}),
        ),
    }
}

/// Restart the same container: ports and limits unchanged.
#[utoipa::path(post, path = "/restart/{container_id}", tag = "workspaces-compat", security(("compat" = [])),
    params(("container_id" = String, Path, description = "e.g. matlab-user-1")),
    responses((status = 200, description = "{\"message\":\"Container restarted successfully\",\"container_id\"}"),
        (status = 404, description = "{\"error\":\"Container not found\",\"container_id\"}"),
        (status = 403, body = ErrorReply), (status = 500, body = ErrorReply)))]
pub async fn restart(State(s): State<AppState>, Path(container_id): Path<String>) -> Response {
    let not_found = || {
        reply(
            StatusCode::NOT_FOUND,
            json!({"error": "Container not found", "container_id": container_id}),
        )
    };
    let Some(user) = user_of(&s, &container_id) else {
        return not_found();
    };
    match s.services.workspaces.restart(user).await {
        Ok(()) => {
            tracing::info!(route = "/restart", %container_id, status = 200, "compat restart");
            reply(
                StatusCode::OK,
                json!({"message": "Container restarted successfully", "container_id": container_id}),
            )
        }
        Err(Error::NotFound(_)) => not_found(),
        Err(e) => reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"error": format!("Failed to restart container: {}", detail(&e))}),
        ),
    }
}

/// A percentage as the old service printed it (Python's `f"{round(x, 2)}%"`):
/// two decimals at most, trailing zeros dropped, at least one decimal.
pub fn percent_text(v: f64) -> String {
    let v = if v.is_finite() { v.max(0.0) } else { 0.0 };
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0');
    if s.ends_with('.') {
        format!("{s}0%")
    } else {
        format!("{s}%")
    }
}

/// Memory as the old service printed it: GiB with three decimals (`2.302GiB`).
pub fn gib_text(bytes: i64) -> String {
    format!("{:.3}GiB", bytes.max(0) as f64 / f64::from(1u32 << 30))
}

/// The compat operations, for the OpenAPI document (nested under the prefix).
#[derive(OpenApi)]
#[openapi(
    paths(create, destroy, health, list, restart),
    components(schemas(CreateBody, CreateReply, ErrorReply))
)]
pub struct CompatDoc;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_formats() {
        assert_eq!(percent_text(2.7412), "2.74%");
        assert_eq!(percent_text(57.5), "57.5%");
        assert_eq!(percent_text(0.0), "0.0%");
        assert_eq!(percent_text(100.0), "100.0%");
        assert_eq!(gib_text(2_471_000_000), "2.301GiB");
        assert_eq!(gib_text(0), "0.000GiB");
    }
}
