//! Imitates Mini PM2 (seed 004, a FastAPI service on :8100): its routes and
//! field names (`id`, `script_path`, `interval_minutes`, `execute_path`,
//! `enabled`, …), so its curl scripts and tasks.json files keep working.
//! Errors are FastAPI's shape, `{"detail": "..."}`, not the project's.
//!
//! Served under `tasks.compat.prefix` on the main listener (the bearer
//! `tasks.compat.token` required) and/or at `/` on `tasks.compat.listen` (a
//! peer in `tasks.compat.allow_cidrs`, or the token). It acts as the admin
//! named by `tasks.compat.run_as`: the tasks it creates are theirs and run as
//! the server's user.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{header, Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use tianqi_core::policy::Principal;
use tianqi_core::tasks::{Task, TaskFields};
use tianqi_core::Error;
use tianqi_service::tasks::{ExportFormat, LogQuery, TaskView};

use crate::compat::access::{admit, Listener, Names};
use crate::compat::pm2_monitor;
use crate::state::AppState;

const NAMES: Names = Names {
    section: "tasks.compat",
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
    let access = &state.services.tasks.settings().compat.access;
    match admit(listener, access, NAMES, req.method(), req.headers(), peer) {
        Ok(()) => next.run(req).await,
        Err(why) => {
            tracing::warn!(peer = ?peer, path = %req.uri().path(), reason = %why, "pm2 compat API refused");
            (StatusCode::FORBIDDEN, Json(json!({ "detail": why }))).into_response()
        }
    }
}

/// The routes, guarded, for nesting under a prefix on the main listener or
/// serving at `/` on the dedicated one.
pub fn router(state: &AppState, listener: Listener) -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/api/status", get(status))
        .route("/api/tasks", get(list).post(create))
        .route("/api/tasks/batch/run", post(batch_run))
        .route("/api/tasks/{id}", put(update))
        .route("/api/tasks/{id}/run", post(run))
        .route("/api/tasks/{id}/toggle", post(toggle))
        .route("/api/tasks/{id}/restart", post(restart))
        .route("/api/logs", get(logs))
        .route("/api/monitoring/metrics", get(pm2_monitor::metrics))
        .route("/api/system/info", get(pm2_monitor::info))
        .route("/api/system/processes", get(pm2_monitor::processes))
        .route("/ws/logs", get(pm2_monitor::ws_logs))
        .route("/api/export/tasks", post(export))
        .route("/api/settings/config", get(settings_config))
        .route("/api/settings/validate-config", post(validate_config))
        .route("/api/settings/storage-info", get(storage_info))
        .route("/api/settings/clear-logs", post(clear_logs))
        .layer(middleware::from_fn_with_state(
            (state.clone(), listener),
            guard,
        ))
}

/// FastAPI's error shape with the status our error type maps to.
pub(super) fn fail(e: Error) -> Response {
    let (status, detail) = match &e {
        Error::Validation { field, message } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"detail": message, "field": field}),
        ),
        Error::BadRequest { message, .. } => (StatusCode::BAD_REQUEST, json!({"detail": message})),
        Error::NotFound(m) => (StatusCode::NOT_FOUND, json!({"detail": m})),
        Error::Conflict(m) => (StatusCode::CONFLICT, json!({"detail": m})),
        Error::Forbidden(m) | Error::Unauthorized(m) => {
            (StatusCode::FORBIDDEN, json!({"detail": m}))
        }
        Error::SignedOut(why) => (StatusCode::FORBIDDEN, json!({"detail": why.to_string()})),
        Error::RateLimited { message, .. } => {
            (StatusCode::TOO_MANY_REQUESTS, json!({"detail": message}))
        }
        Error::Unavailable(m) => (StatusCode::SERVICE_UNAVAILABLE, json!({"detail": m})),
        Error::BadGateway(m) => (StatusCode::BAD_GATEWAY, json!({"detail": m})),
        Error::GatewayTimeout(m) => (StatusCode::GATEWAY_TIMEOUT, json!({"detail": m})),
        Error::Internal(m) => {
            tracing::error!(error = %m, "pm2 compat request failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({"detail": "internal error (see the server log)"}),
            )
        }
    };
    (status, Json(detail)).into_response()
}

pub(super) fn ok(body: Value) -> Response {
    (StatusCode::OK, Json(body)).into_response()
}

pub(super) async fn me(s: &AppState) -> Result<Principal, Response> {
    s.services.tasks.compat_principal().await.map_err(fail)
}

/// A task in the seed's shape: its definition fields plus its state.
fn seed_task(t: &Task, running: usize) -> Value {
    let mut v = serde_json::to_value(t.spec.to_fields(&t.id)).unwrap_or_else(|_| json!({}));
    if let Some(o) = v.as_object_mut() {
        o.insert("status".into(), json!(t.status));
        o.insert("last_run".into(), json!(t.last_run_at));
        o.insert("next_run".into(), json!(t.next_run_at));
        o.insert("run_count".into(), json!(t.run_count));
        o.insert("last_exit_code".into(), json!(t.last_exit_code));
        o.insert("last_error".into(), json!(t.last_error));
        o.insert("running".into(), json!(running));
    }
    v
}

fn view(v: &TaskView) -> Value {
    seed_task(&v.task, v.running)
}

async fn health() -> Response {
    ok(json!({"status": "healthy", "timestamp": chrono::Utc::now()}))
}

async fn status(State(s): State<AppState>) -> Response {
    let me = match me(&s).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match s.services.tasks.counts(&me).await {
        Ok(by_status) => {
            let total: usize = by_status.values().sum();
            ok(json!({
                "status": "running",
                "app": "Tianqi (Mini PM2 compatible)",
                "version": env!("CARGO_PKG_VERSION"),
                "tasks": {"total": total, "by_status": by_status},
                "max_concurrent": s.services.tasks.settings().max_concurrent,
            }))
        }
        Err(e) => fail(e),
    }
}

async fn list(State(s): State<AppState>) -> Response {
    let me = match me(&s).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match s.services.tasks.all_visible(&me).await {
        Ok(tasks) => {
            let items: Vec<Value> = tasks.iter().map(|t| seed_task(t, 0)).collect();
            ok(json!({"tasks": items, "total": items.len()}))
        }
        Err(e) => fail(e),
    }
}

async fn create(State(s): State<AppState>, Json(f): Json<TaskFields>) -> Response {
    let me = match me(&s).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match s.services.tasks.create(&me, f).await {
        Ok(t) => ok(json!({"message": format!("Task {} created", t.task.id), "task": view(&t)})),
        Err(e) => fail(e),
    }
}

async fn update(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Json(f): Json<TaskFields>,
) -> Response {
    let me = match me(&s).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match s.services.tasks.update(&me, &id, f).await {
        Ok(t) => ok(json!({"message": format!("Task {id} updated"), "task": view(&t)})),
        Err(e) => fail(e),
    }
}

async fn run(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let me = match me(&s).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match s.services.tasks.run_now(&me, &id).await {
        Ok(r) => ok(json!({"message": format!("Task {id} started"), "task_id": id, "result": r})),
        Err(e) => fail(e),
    }
}

async fn toggle(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let me = match me(&s).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match s.services.tasks.toggle(&me, &id).await {
        Ok(t) => ok(json!({
            "message": format!("Task {id} {}", if t.task.spec.enabled { "enabled" } else { "disabled" }),
            "enabled": t.task.spec.enabled,
            "task": view(&t),
        })),
        Err(e) => fail(e),
    }
}

async fn restart(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let me = match me(&s).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match s.services.tasks.restart(&me, &id).await {
        Ok(r) => ok(json!({"message": format!("Task {id} restarted"), "task_id": id, "result": r})),
        Err(e) => fail(e),
    }
}

#[derive(Debug, Deserialize)]
struct BatchBody {
    #[serde(default, alias = "ids")]
    task_ids: Vec<String>,
}

async fn batch_run(State(s): State<AppState>, Json(b): Json<BatchBody>) -> Response {
    let me = match me(&s).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match s.services.tasks.batch_run(&me, &b.task_ids).await {
        Ok(results) => ok(json!({"message": "Batch run done", "results": results})),
        Err(e) => fail(e),
    }
}

#[derive(Debug, Deserialize)]
struct LogsQuery {
    task_id: Option<String>,
    level: Option<String>,
    lines: Option<usize>,
}

async fn logs(State(s): State<AppState>, Query(q): Query<LogsQuery>) -> Response {
    let me = match me(&s).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let query = LogQuery {
        lines: q.lines,
        level: q.level,
        run: None,
    };
    let lines = match &q.task_id {
        Some(id) => s.services.tasks.tail(&me, id, query).await.map(|t| t.lines),
        None => s.services.tasks.tail_all(&me, query).await,
    };
    match lines {
        Ok(lines) => ok(json!({"logs": lines, "total": lines.len()})),
        Err(e) => fail(e),
    }
}

#[derive(Debug, Deserialize)]
struct ExportBody {
    format: Option<ExportFormat>,
}

async fn export(State(s): State<AppState>, Json(b): Json<ExportBody>) -> Response {
    let me = match me(&s).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match b.format.unwrap_or(ExportFormat::Json) {
        ExportFormat::Json => match s.services.tasks.export_file(&me).await {
            Ok(f) => ok(json!(f)),
            Err(e) => fail(e),
        },
        ExportFormat::Csv => match s.services.tasks.export_csv(&me).await {
            Ok(csv) => ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response(),
            Err(e) => fail(e),
        },
    }
}

async fn settings_config(State(s): State<AppState>) -> Response {
    let t = s.services.tasks.settings();
    ok(json!({
        "storage": {"type": s.services.store().engine().as_str()},
        "logging": {
            "log_dir": t.log_dir,
            "max_log_size": t.max_log_size,
            "max_log_files": t.max_log_files,
        },
        "tasks": {
            "max_concurrent": t.max_concurrent,
            "default_interval": 10,
            "timeout": tianqi_core::tasks::DEFAULT_TIMEOUT_SECS,
            "scripts_root": t.scripts_root,
        },
    }))
}

/// The running configuration was checked when the server started; this
/// answers that it holds.
async fn validate_config() -> Response {
    ok(json!({"valid": true, "errors": []}))
}

async fn storage_info(State(s): State<AppState>) -> Response {
    let me = match me(&s).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let (bytes, files) = s.services.tasks.log_usage();
    match s.services.tasks.all_visible(&me).await {
        Ok(tasks) => ok(json!({
            "type": s.services.store().engine().as_str(),
            "tasks": tasks.len(),
            "log_dir": s.services.tasks.settings().log_dir,
            "log_bytes": bytes,
            "log_files": files,
        })),
        Err(e) => fail(e),
    }
}

async fn clear_logs(State(s): State<AppState>) -> Response {
    let me = match me(&s).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    match s.services.tasks.clear_all_logs(&me).await {
        Ok(n) => ok(json!({"message": "Logs cleared", "tasks": n})),
        Err(e) => fail(e),
    }
}
