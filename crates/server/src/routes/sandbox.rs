//! The sandbox over HTTP, in the project's shapes: the seed's simple
//! `/api/v1/sandbox/run` and the pool status for admins. Piston's API is
//! `compat::piston`; both admit callers here.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tianqi_core::sandbox::request::ExecuteRequest;
use tianqi_core::sandbox::StageResult;
use tianqi_core::Error;
use tianqi_sandbox::{PoolStatus, SandboxError};
use tianqi_service::sandbox::RunCaller;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{bearer_principal, peer_of, source_ip, AdminUser};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::ApiJson;
use crate::state::AppState;

/// Who runs code: a signed-in user, or (with `sandbox.public`) an address
/// within its rate limit. The error is a domain error; each API renders it.
pub(crate) async fn admit(parts: &mut Parts, state: &AppState) -> Result<RunCaller, Error> {
    let user = bearer_principal(parts, state).await?;
    let ip = source_ip(&parts.headers, peer_of(parts), &state.proxies);
    state.services.sandbox.admit(user.as_ref(), &ip)
}

/// A caller of the simple API (errors in the project's shape).
pub struct SandboxCaller(pub RunCaller);

impl FromRequestParts<AppState> for SandboxCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        admit(parts, state)
            .await
            .map(SandboxCaller)
            .map_err(ApiError::Domain)
    }
}

fn sandbox_error(e: SandboxError) -> Error {
    match e {
        SandboxError::BadRequest(m) => Error::validation("request", m),
        SandboxError::Busy(m) | SandboxError::Unavailable(m) => Error::Unavailable(m),
    }
}

pub(crate) fn log_run(who: &RunCaller, language: &str, run: &StageResult) {
    tracing::info!(
        caller = %who,
        language,
        status = run.status.as_deref().unwrap_or("OK"),
        wall_ms = run.wall_time,
        "sandbox run"
    );
    metrics::counter!("tianqi_sandbox_runs_total", "status" => run.status.clone().unwrap_or_else(|| "OK".into()))
        .increment(1);
}

/// The seed's simple run request.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RunCode {
    pub code: String,
    /// A runtime's language or alias; default `python`.
    pub language: Option<String>,
    pub stdin: Option<String>,
    /// Wall-clock limit in ms (≤ the configured maximum; ≤ 0 = default).
    pub timeout_ms: Option<i64>,
}

/// The simple run result.
#[derive(Serialize, ToSchema)]
pub struct RunOutcome {
    /// Exited 0 within every limit.
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
    pub exit_code: Option<i32>,
    /// `OK`, or Piston's status: RE, SG, TO, OL, EL, XX.
    pub status: String,
    pub wall_time_ms: u64,
}

/// Runs a snippet (python by default) in a fresh container.
#[utoipa::path(post, path = "/api/v1/sandbox/run", tag = "sandbox",
    security(("bearer" = [])),
    request_body = RunCode,
    responses((status = 200, body = RunOutcome), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub async fn run_code(
    State(state): State<AppState>,
    SandboxCaller(who): SandboxCaller,
    ApiJson(req): ApiJson<RunCode>,
) -> ApiResult<Json<RunOutcome>> {
    let sandbox = state.services.sandbox.engine()?;
    let _place = state.services.sandbox.reserve(&who)?;
    let request = ExecuteRequest {
        language: req.language.unwrap_or_else(|| "python".into()),
        version: "*".into(),
        files: vec![tianqi_core::sandbox::SourceFile {
            name: None,
            content: req.code.into_bytes(),
            text: true,
        }],
        stdin: req.stdin.unwrap_or_default().into_bytes(),
        args: vec![],
        limits: tianqi_core::sandbox::limits::RequestedLimits {
            run_timeout: req.timeout_ms,
            ..Default::default()
        },
    };
    let outcome = sandbox.execute(request).await.map_err(sandbox_error)?;
    log_run(&who, &outcome.language, &outcome.run);
    // A failed compilation is the run's failure (Piston puts it in both).
    let run = outcome.run;
    Ok(Json(RunOutcome {
        success: run.ok(),
        exit_code: run.code,
        status: run.status.unwrap_or_else(|| "OK".into()),
        stdout: run.stdout,
        stderr: run.stderr,
        wall_time_ms: run.wall_time,
    }))
}

/// The warm pools, per runtime (admin).
#[utoipa::path(get, path = "/api/v1/sandbox/status", tag = "sandbox",
    security(("bearer" = ["admin"])),
    responses((status = 200, description = "Pool status", body = serde_json::Value),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn sandbox_status(
    State(state): State<AppState>,
    _admin: AdminUser,
) -> ApiResult<Json<serde_json::Value>> {
    Ok(Json(match state.services.sandbox.status() {
        Ok(status) => {
            let status: PoolStatus = status;
            json!({ "enabled": true, "pools": status })
        }
        Err(why) => json!({ "enabled": false, "reason": why }),
    }))
}

/// The sandbox routes, documented.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(run_code))
        .routes(routes!(sandbox_status))
}
