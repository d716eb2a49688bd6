//! The sandbox over HTTP: Piston v2 (`/api/v2/runtimes`, `/api/v2/execute`),
//! the seed's simple `/api/v1/sandbox/run`, and the pool status for admins.
//!
//! Piston clients get Piston's shapes: errors are `{"message": …}` and the
//! execute body is read as JSON whatever its content type (popular clients
//! send `text/plain` or none).

use axum::body::Body;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tianqi_core::sandbox::request::ExecuteRequest;
use tianqi_core::sandbox::StageResult;
use tianqi_core::Error;
use tianqi_sandbox::{ExecuteOutcome, PoolStatus, SandboxError};
use utoipa::ToSchema;

use crate::auth::{bearer_principal, peer_of, source_ip, AdminUser};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::ApiJson;
use crate::state::AppState;

/// Who runs code: a signed-in user, or (with `sandbox.public`) an address
/// within its rate limit. The error is a domain error; each API renders it.
async fn admit(parts: &mut Parts, state: &AppState) -> Result<String, Error> {
    if let Some(p) = bearer_principal(parts, state).await? {
        return Ok(format!("user:{}", p.username));
    }
    if !state.config.sandbox.public {
        return Err(Error::unauthorized(
            "authentication required: send an API token as `Authorization: Bearer <token>`",
        ));
    }
    let ip = source_ip(
        &parts.headers,
        peer_of(parts),
        state.config.http.trust_forwarded_for,
    );
    let now = state.services.clock.now().timestamp_millis();
    let mut throttle = state
        .sandbox
        .public_throttle
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // The failed-login throttle's fixed window, counting every run.
    if let Err(retry_after) = throttle.check(&ip, now) {
        return Err(Error::RateLimited {
            message: format!(
                "at most {} runs per minute from one address; retry in {} s",
                state.config.sandbox.public_runs_per_minute,
                retry_after.as_secs()
            ),
            retry_after,
        });
    }
    throttle.record_failure(&ip, now);
    Ok(format!("ip:{ip}"))
}

/// A caller of the Piston API (errors in Piston's shape).
pub struct PistonCaller(pub String);

/// A caller of the simple API (errors in the project's shape).
pub struct SandboxCaller(pub String);

/// Piston's error body.
#[derive(Serialize, ToSchema)]
pub struct PistonMessage {
    pub message: String,
}

fn piston_error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "message": message.into() }))).into_response()
}

fn piston_domain_error(e: Error) -> Response {
    match e {
        Error::Unauthorized(m) => {
            let mut r = piston_error(StatusCode::UNAUTHORIZED, m);
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            r
        }
        Error::RateLimited {
            message,
            retry_after,
        } => {
            let mut r = piston_error(StatusCode::TOO_MANY_REQUESTS, message);
            r.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(retry_after.as_secs().max(1)),
            );
            r
        }
        Error::Unavailable(m) => piston_error(StatusCode::SERVICE_UNAVAILABLE, m),
        other => ApiError::Domain(other).into_response(),
    }
}

impl FromRequestParts<AppState> for PistonCaller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        admit(parts, state)
            .await
            .map(PistonCaller)
            .map_err(piston_domain_error)
    }
}

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

fn service(state: &AppState) -> Result<&tianqi_sandbox::Sandbox, Error> {
    state
        .sandbox
        .service
        .as_ref()
        .map_err(|why| Error::Unavailable(why.clone()))
}

/// One runtime as Piston lists it.
#[derive(Serialize, ToSchema)]
pub struct PistonRuntime {
    pub language: String,
    pub version: String,
    pub aliases: Vec<String>,
    /// The image the runs start from.
    pub runtime: String,
}

/// Piston v2: the runtimes this server runs.
#[utoipa::path(get, path = "/api/v2/runtimes", tag = "sandbox",
    security(("bearer" = [])),
    responses((status = 200, body = [PistonRuntime]), (status = 401, body = PistonMessage)))]
pub async fn piston_runtimes(State(state): State<AppState>, _caller: PistonCaller) -> Response {
    let list: Vec<PistonRuntime> = state
        .sandbox
        .runtimes
        .all()
        .iter()
        .map(|rt| PistonRuntime {
            language: rt.spec.language.clone(),
            version: rt.version.to_string(),
            aliases: rt.spec.aliases.clone(),
            runtime: rt.spec.image.clone(),
        })
        .collect();
    Json(list).into_response()
}

/// A file of an execute request.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct PistonFile {
    /// Defaults to the runtime's source file name for the first file.
    pub name: Option<String>,
    pub content: String,
    /// `utf8` (default), `base64` or `hex`.
    pub encoding: Option<String>,
}

/// Piston v2 execute request. Limits: absent, zero or negative = the configured
/// default; above the configured maximum = 400.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct PistonExecute {
    pub language: String,
    /// A semver range: `3.11.2` (exact), `3.x`, `*`.
    pub version: String,
    pub files: Vec<PistonFile>,
    pub stdin: Option<String>,
    pub args: Option<Vec<String>>,
    /// Milliseconds.
    pub compile_timeout: Option<i64>,
    /// Milliseconds.
    pub run_timeout: Option<i64>,
    /// Milliseconds of CPU.
    pub compile_cpu_time: Option<i64>,
    /// Milliseconds of CPU.
    pub run_cpu_time: Option<i64>,
    /// Bytes.
    pub compile_memory_limit: Option<i64>,
    /// Bytes.
    pub run_memory_limit: Option<i64>,
}

/// Piston's execute response.
#[derive(Serialize, ToSchema)]
pub struct PistonResult {
    pub language: String,
    pub version: String,
    pub run: StageResult,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compile: Option<StageResult>,
}

impl From<ExecuteOutcome> for PistonResult {
    fn from(o: ExecuteOutcome) -> Self {
        Self {
            language: o.language,
            version: o.version,
            run: o.run,
            compile: o.compile,
        }
    }
}

fn log_run(who: &str, language: &str, run: &StageResult) {
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

/// Piston v2: runs code in a fresh container.
#[utoipa::path(post, path = "/api/v2/execute", tag = "sandbox",
    security(("bearer" = [])),
    request_body(content = PistonExecute, description = "JSON, whatever the Content-Type"),
    responses((status = 200, body = PistonResult),
        (status = 400, description = "Bad request, in Piston's words", body = PistonMessage),
        (status = 401, body = PistonMessage), (status = 413, body = PistonMessage),
        (status = 429, description = "Public mode: per-address rate limit", body = PistonMessage),
        (status = 503, description = "Queue full or sandbox node unavailable", body = PistonMessage)))]
pub async fn piston_execute(
    State(state): State<AppState>,
    PistonCaller(who): PistonCaller,
    body: Body,
) -> Response {
    let limit = usize::try_from(state.config.sandbox.max_request_bytes).unwrap_or(usize::MAX);
    let bytes = match axum::body::to_bytes(body, limit).await {
        Ok(b) => b,
        Err(_) => {
            return piston_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("request body exceeds the configured limit of {limit} bytes"),
            )
        }
    };
    let value: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => {
            return piston_error(
                StatusCode::BAD_REQUEST,
                format!("request body is not valid JSON: {e}"),
            )
        }
    };
    let sandbox = match service(&state) {
        Ok(s) => s,
        Err(e) => return piston_domain_error(e),
    };
    match sandbox.execute_json(&value).await {
        Ok(outcome) => {
            log_run(&who, &outcome.language, &outcome.run);
            Json(PistonResult::from(outcome)).into_response()
        }
        Err(SandboxError::BadRequest(m)) => piston_error(StatusCode::BAD_REQUEST, m),
        Err(e) => piston_error(StatusCode::SERVICE_UNAVAILABLE, e.to_string()),
    }
}

/// Anything else under /api/v2: Piston's 404.
pub async fn piston_not_found() -> Response {
    piston_error(StatusCode::NOT_FOUND, "Not Found")
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
    let sandbox = service(&state)?;
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
    Ok(Json(match service(&state) {
        Ok(sandbox) => {
            let status: PoolStatus = sandbox.status();
            json!({ "enabled": true, "pools": status })
        }
        Err(why) => json!({ "enabled": false, "reason": why.to_string() }),
    }))
}
