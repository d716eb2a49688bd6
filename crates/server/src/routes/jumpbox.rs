//! The SSH jump host's REST side: where it listens (for the console's SSH
//! command), the SSH public keys each user registers, the admins' list of
//! open SSH sessions, and the session recordings (admins).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use tianqi_core::ssh_keys::SshKey;
use tianqi_service::auth::AddSshKey;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use axum::body::Body;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use tianqi_core::asciicast::{Recording, MEDIA_TYPE};
use tianqi_core::page::Page;
use tianqi_service::jumpbox::{JumpboxInfo, JumpboxSession, RecordingListQuery};

use crate::auth::{AdminUser, Ctx, CurrentUser};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery, PathId};
use crate::state::AppState;

/// Your SSH public keys for the jump host.
#[utoipa::path(get, path = "/api/v1/me/ssh-keys", tag = "jumpbox",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<SshKey>), (status = 401, body = ErrorBody)))]
pub async fn list_ssh_keys(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
) -> ApiResult<Json<Vec<SshKey>>> {
    Ok(Json(state.services.auth.ssh_keys(&me).await?))
}

/// Register an SSH public key (one OpenSSH line); the jump host then accepts it
/// for you.
#[utoipa::path(post, path = "/api/v1/me/ssh-keys", tag = "jumpbox",
    security(("bearer" = [])),
    request_body = AddSshKey,
    responses((status = 201, body = SshKey), (status = 401, body = ErrorBody),
        (status = 409, description = "Already registered, or too many keys", body = ErrorBody),
        (status = 422, description = "Not an OpenSSH public key line (the message says why)", body = ErrorBody)))]
pub async fn add_ssh_key(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Ctx(ctx): Ctx,
    ApiJson(req): ApiJson<AddSshKey>,
) -> ApiResult<(StatusCode, Json<SshKey>)> {
    let key = state.services.auth.add_ssh_key(&me, req).await?;
    let _ = ctx.resource_id.set(key.id.to_string());
    Ok((StatusCode::CREATED, Json(key)))
}

/// Delete one of your SSH keys; the jump host refuses it from then on.
#[utoipa::path(delete, path = "/api/v1/me/ssh-keys/{id}", tag = "jumpbox",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Key id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_ssh_key(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    state.services.auth.delete_ssh_key(&me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The host name (without port) this request was sent to.
fn request_host(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    // `[::1]:8890` → `::1`; `example.org:8890` → `example.org`
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or_default().to_owned();
    }
    host.rsplit_once(':').map_or(host, |(h, _)| h).to_owned()
}

/// Whether the SSH jump host runs, and the host and port to connect to.
#[utoipa::path(get, path = "/api/v1/jumpbox/info", tag = "jumpbox",
    security(("bearer" = [])),
    responses((status = 200, body = JumpboxInfo), (status = 401, body = ErrorBody)))]
pub async fn jumpbox_info(
    State(state): State<AppState>,
    CurrentUser(_me): CurrentUser,
    headers: HeaderMap,
) -> ApiResult<Json<JumpboxInfo>> {
    Ok(Json(state.services.jumpbox.info(&request_host(&headers))))
}

/// Open SSH connections: who, from where, in which instance, since when.
#[utoipa::path(get, path = "/api/v1/jumpbox/sessions", tag = "jumpbox",
    security(("bearer" = ["admin"])),
    responses((status = 200, body = Vec<JumpboxSession>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_sessions(
    State(state): State<AppState>,
    AdminUser(_me): AdminUser,
) -> ApiResult<Json<Vec<JumpboxSession>>> {
    Ok(Json(state.services.jumpbox.sessions()))
}

/// End an SSH connection: the client is disconnected and its processes end.
#[utoipa::path(delete, path = "/api/v1/jumpbox/sessions/{id}", tag = "jumpbox",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path, description = "Session id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn kill_session(
    State(state): State<AppState>,
    AdminUser(_me): AdminUser,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    let id = u64::try_from(id)
        .map_err(|_| tianqi_core::Error::not_found(format!("SSH session {id} not found")))?;
    state.services.jumpbox.kill(id)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Recorded terminal sessions (`jumpbox.record`), newest first; filter by
/// user or instance.
#[utoipa::path(get, path = "/api/v1/jumpbox/recordings", tag = "jumpbox",
    security(("bearer" = ["admin"])),
    params(RecordingListQuery),
    responses((status = 200, body = Page<Recording>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_recordings(
    State(state): State<AppState>,
    AdminUser(_me): AdminUser,
    ApiQuery(q): ApiQuery<RecordingListQuery>,
) -> ApiResult<Json<Page<Recording>>> {
    Ok(Json(state.services.jumpbox.recordings(q).await?))
}

/// A recording's asciicast v2 file (streamed; while the session runs, what is
/// written so far).
#[utoipa::path(get, path = "/api/v1/jumpbox/recordings/{id}/cast", tag = "jumpbox",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path, description = "Recording id")),
    responses((status = 200, description = "asciicast v2: a JSON header line, then one JSON array per event",
            content_type = "application/x-asciicast", body = String),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn recording_cast(
    State(state): State<AppState>,
    AdminUser(_me): AdminUser,
    PathId(id): PathId,
) -> ApiResult<Response> {
    let stream = state.services.jumpbox.recording_cast(id).await?;
    let headers = [
        (header::CONTENT_TYPE, MEDIA_TYPE.to_owned()),
        (
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"recording-{id}.cast\""),
        ),
    ];
    Ok((headers, Body::from_stream(stream)).into_response())
}

/// Delete a recording (its file and its row).
#[utoipa::path(delete, path = "/api/v1/jumpbox/recordings/{id}", tag = "jumpbox",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path, description = "Recording id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_recording(
    State(state): State<AppState>,
    AdminUser(_me): AdminUser,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    state.services.jumpbox.delete_recording(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The jump host routes, documented.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(jumpbox_info))
        .routes(routes!(list_sessions))
        .routes(routes!(kill_session))
        .routes(routes!(list_recordings))
        .routes(routes!(recording_cast))
        .routes(routes!(delete_recording))
        .routes(routes!(list_ssh_keys, add_ssh_key))
        .routes(routes!(delete_ssh_key))
}
