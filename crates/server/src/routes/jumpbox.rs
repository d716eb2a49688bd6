//! The SSH jump host's REST side: the SSH public keys each user registers.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use tianqi_core::ssh_keys::SshKey;
use tianqi_service::auth::AddSshKey;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{Ctx, CurrentUser};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, PathId};
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

/// The jump host routes, documented.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_ssh_keys, add_ssh_key))
        .routes(routes!(delete_ssh_key))
}
