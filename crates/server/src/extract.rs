//! Request extractors whose rejections are API errors naming the field at fault.
//!
//! axum's own `Json`, `Query` and `Path` answer with plain-text bodies and a mix of
//! statuses; these wrap the same parsing and answer the way every other error does:
//! malformed JSON → 400, a well-formed value of the wrong shape → 422 with `field`,
//! a body over the limit → 413.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use tianqi_core::Error;

use crate::error::ApiError;
use crate::state::AppState;

/// A JSON body. The content type is not checked: clients that omit it or send
/// `text/plain` are common, and a bearer-token API has no CSRF exposure to guard.
pub struct ApiJson<T>(pub T);

/// Query parameters.
pub struct ApiQuery<T>(pub T);

/// An integer id from the path (`/users/{id}`).
pub struct PathId(pub i64);

/// Turns a serde error at `path` into the field name to report.
fn field_of(path: &serde_path_to_error::Path, message: &str) -> String {
    let p = path.to_string();
    // "missing field `x`" / "unknown field `x`" are reported on the parent; the
    // field worth naming is the one in backticks.
    let named = message
        .split('`')
        .nth(1)
        .filter(|_| message.contains("field `"));
    match (p.as_str(), named) {
        (".", Some(n)) => n.to_owned(),
        (".", None) => "body".to_owned(),
        (parent, Some(n)) if message.contains("missing field") => format!("{parent}.{n}"),
        (p, _) => p.to_owned(),
    }
}

/// serde's messages mention Rust types ("expected u32"); say it in JSON's words.
fn tidy(message: &str) -> String {
    let mut m = message.to_owned();
    for (from, to) in [
        ("u8", "a non-negative integer"),
        ("u16", "a non-negative integer"),
        ("u32", "a non-negative integer"),
        ("u64", "a non-negative integer"),
        ("i32", "an integer"),
        ("i64", "an integer"),
        ("a boolean", "true or false"),
    ] {
        m = m.replace(&format!("expected {from}"), &format!("expected {to}"));
    }
    if let Some(i) = m.find(" at line ") {
        m.truncate(i);
    }
    m
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::BadRequest(
            "request body is empty; expected a JSON object".into(),
        ));
    }
    // Syntax first (a truncated body or trailing garbage is a 400), then shape
    // (a wrong type or a missing field is a 422 naming the field).
    let json: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::BadRequest(format!("malformed JSON: {e}")))?;
    let value = serde_path_to_error::deserialize(json).map_err(|e| {
        let message = e.inner().to_string();
        let field = field_of(e.path(), &message);
        ApiError::Domain(Error::validation(
            field.clone(),
            format!("{field}: {}", tidy(&message)),
        ))
    })?;
    Ok(value)
}

impl<T> FromRequest<AppState> for ApiJson<T>
where
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| match e {
            BytesRejection::FailedToBufferBody(inner)
                if inner.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                ApiError::PayloadTooLarge(state.http.body_limit_bytes)
            }
            other => ApiError::BadRequest(format!("could not read the request body: {other}")),
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

impl<T> FromRequestParts<AppState> for ApiQuery<T>
where
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(ApiQuery)
            .map_err(|e| {
                let message = e.inner().to_string();
                let field = field_of(e.path(), &message);
                ApiError::Domain(Error::validation(
                    field.clone(),
                    format!("query parameter {field}: {}", tidy(&message)),
                ))
            })
    }
}

impl FromRequestParts<AppState> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(raw): axum::extract::Path<String> =
            axum::extract::Path::from_request_parts(parts, state)
                .await
                .map_err(|_| {
                    ApiError::Domain(Error::validation("id", "id must be a positive integer"))
                })?;
        match raw.parse::<i64>() {
            Ok(id) if id > 0 => Ok(PathId(id)),
            _ => Err(ApiError::Domain(Error::validation(
                "id",
                format!("id must be a positive integer, got {raw:?}"),
            ))),
        }
    }
}
