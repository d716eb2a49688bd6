//! The HTTP error: the one place where errors become status codes and JSON.
//!
//! Body shape, everywhere under /api: `{"error":{"code","message","field"?,"reason"?}}`.

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tianqi_core::Error;
use utoipa::ToSchema;

/// An error as the API returns it.
#[derive(Debug)]
pub enum ApiError {
    /// A domain error from a service.
    Domain(Error),
    /// The request itself could not be read (malformed JSON, empty body).
    BadRequest(String),
    /// The body exceeds the configured limit.
    PayloadTooLarge(u64),
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError::Domain(e)
    }
}

impl From<tianqi_store::StoreError> for ApiError {
    fn from(e: tianqi_store::StoreError) -> Self {
        ApiError::Domain(e.into())
    }
}

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code, e.g. `validation_failed`.
    pub code: &'static str,
    /// A sentence for people.
    pub message: String,
    /// The request field at fault, for validation errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Why a signed-in client was signed out (401 only): `account_disabled`,
    /// `token_revoked` or `token_expired`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
}

pub fn error_response(
    status: StatusCode,
    code: &'static str,
    message: impl Into<String>,
    field: Option<String>,
) -> Response {
    let body = ErrorBody {
        error: ErrorDetail {
            code,
            message: message.into(),
            field,
            reason: None,
        },
    };
    (status, axum::Json(body)).into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::BadRequest(m) => {
                error_response(StatusCode::BAD_REQUEST, "bad_request", m, None)
            }
            ApiError::PayloadTooLarge(limit) => error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("request body exceeds the limit of {limit} bytes"),
                None,
            ),
            ApiError::Domain(e) => {
                let retry_after = match &e {
                    Error::RateLimited { retry_after, .. } => Some(*retry_after),
                    _ => None,
                };
                let (status, detail) = domain_error(e);
                let mut r = (status, axum::Json(ErrorBody { error: detail })).into_response();
                if status == StatusCode::UNAUTHORIZED {
                    r.headers_mut()
                        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                }
                if let Some(after) = retry_after {
                    r.headers_mut().insert(
                        header::RETRY_AFTER,
                        HeaderValue::from(after.as_secs().max(1)),
                    );
                }
                r
            }
        }
    }
}

/// A domain error's status and body: for a request's answer, and for one
/// item of a batch, which answers each item as its own request would.
pub fn domain_error(e: Error) -> (StatusCode, ErrorDetail) {
    let detail = |code: &'static str, message: String, field: Option<String>| ErrorDetail {
        code,
        message,
        field,
        reason: None,
    };
    match e {
        Error::Validation { field, message } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            detail("validation_failed", message, Some(field)),
        ),
        Error::BadRequest { field, message } => (
            StatusCode::BAD_REQUEST,
            detail("bad_request", message, Some(field)),
        ),
        Error::NotFound(m) => (StatusCode::NOT_FOUND, detail("not_found", m, None)),
        Error::Conflict(m) => (StatusCode::CONFLICT, detail("conflict", m, None)),
        Error::Unauthorized(m) => (StatusCode::UNAUTHORIZED, detail("unauthorized", m, None)),
        Error::SignedOut(why) => (
            StatusCode::UNAUTHORIZED,
            ErrorDetail {
                reason: Some(why.as_str()),
                ..detail("unauthorized", why.to_string(), None)
            },
        ),
        Error::Forbidden(m) => (StatusCode::FORBIDDEN, detail("forbidden", m, None)),
        Error::RateLimited { message, .. } => (
            StatusCode::TOO_MANY_REQUESTS,
            detail("rate_limited", message, None),
        ),
        Error::Unavailable(m) => {
            tracing::warn!(error = %m, "dependency unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                detail("unavailable", m, None),
            )
        }
        Error::BadGateway(m) => (StatusCode::BAD_GATEWAY, detail("bad_gateway", m, None)),
        Error::GatewayTimeout(m) => (
            StatusCode::GATEWAY_TIMEOUT,
            detail("gateway_timeout", m, None),
        ),
        Error::Internal(m) => {
            // The detail goes to the log only; callers get a generic sentence.
            tracing::error!(error = %m, "internal error");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                detail(
                    "internal",
                    "internal server error; the details are in the server log".to_owned(),
                    None,
                ),
            )
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

fn code_for(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::CONFLICT => "conflict",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "validation_failed",
        StatusCode::TOO_MANY_REQUESTS => "rate_limited",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        StatusCode::BAD_GATEWAY => "bad_gateway",
        StatusCode::GATEWAY_TIMEOUT => "gateway_timeout",
        s if s.is_server_error() => "internal",
        _ => "error",
    }
}

/// A safety net under the API: any error response that is not already our JSON
/// (405 from the router, 413 from a body limit, a panic caught as 500) is
/// rewritten into the standard error body, so clients parse one shape only.
pub async fn json_errors(req: Request<Body>, next: Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return res;
    }
    let message = match status {
        StatusCode::METHOD_NOT_ALLOWED => "method not allowed on this route".to_owned(),
        StatusCode::NOT_FOUND => "no such route".to_owned(),
        s => s.canonical_reason().unwrap_or("error").to_lowercase(),
    };
    let mut out = error_response(status, code_for(status), message, None);
    // Keep headers that tell the client what to do next.
    for h in [header::ALLOW, header::RETRY_AFTER, header::WWW_AUTHENTICATE] {
        if let Some(v) = res.headers().get(&h) {
            out.headers_mut().insert(h, v.clone());
        }
    }
    out
}

/// Fallback for unknown routes.
pub async fn not_found() -> Response {
    error_response(StatusCode::NOT_FOUND, "not_found", "no such route", None)
}
