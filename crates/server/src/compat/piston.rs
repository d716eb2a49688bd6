//! Imitates Piston v2 (engineer-man/piston), the code-execution API of seed
//! doc 002's users: `/api/v2/runtimes` and `/api/v2/execute` with Piston's
//! shapes, statuses and messages, so existing Piston clients only change the
//! base URL and add a token.
//!
//! Errors are `{"message": …}`, and the execute body is read as JSON whatever
//! its content type (popular clients send `text/plain` or none).

use axum::body::Body;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tianqi_core::sandbox::StageResult;
use tianqi_core::Error;
use tianqi_sandbox::{ExecuteOutcome, SandboxError};
use tianqi_service::sandbox::RunCaller;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::routes::sandbox::{admit, log_run};
use crate::state::AppState;

/// A caller of the Piston API (errors in Piston's shape).
pub struct PistonCaller(pub RunCaller);

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
        e @ (Error::Unauthorized(_) | Error::SignedOut(_)) => {
            let mut r = piston_error(StatusCode::UNAUTHORIZED, e.to_string());
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
        .services
        .sandbox
        .runtimes()
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
    let limit = state.services.sandbox.max_request_bytes();
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
    let sandbox = match state.services.sandbox.engine() {
        Ok(s) => s,
        Err(e) => return piston_domain_error(e),
    };
    let _place = match state.services.sandbox.reserve(&who) {
        Ok(p) => p,
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

/// Piston's routes, documented (the catch-all 404 is added by the router).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(piston_runtimes))
        .routes(routes!(piston_execute))
}
