//! Admin API for workspaces (`/api/v1/workspaces`): the list with statuses, one
//! workspace with its live health and probes, create, restart, destroy, and the
//! profile in effect (read-only: it is configuration, see docs/CONFIG.md).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use tianqi_core::page::{Page, PageQuery};
use tianqi_core::workspace::Profile;
use tianqi_service::workspaces::{CreateOutcome, Workspace, WorkspaceHealth};
use utoipa::ToSchema;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{AdminUser, Ctx};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery, PathId};
use crate::state::AppState;

/// Every workspace of the profile, by user id, with its status as last seen.
#[utoipa::path(get, path = "/api/v1/workspaces", tag = "workspaces", security(("bearer" = ["admin"])),
    params(PageQuery),
    responses((status = 200, body = Page<Workspace>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_workspaces(
    State(s): State<AppState>,
    AdminUser(_admin): AdminUser,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> ApiResult<Json<Page<Workspace>>> {
    Ok(Json(s.services.workspaces.page(q).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWorkspace {
    /// 1..=max_users.
    pub user_id: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedWorkspace {
    /// `created`, `already_running` or `started`.
    pub outcome: String,
    pub workspace: Workspace,
}

/// Create (or start) a user's workspace, like the compat `/create`. 201 when a
/// container was made, 200 when it existed.
#[utoipa::path(post, path = "/api/v1/workspaces", tag = "workspaces", security(("bearer" = ["admin"])),
    request_body = CreateWorkspace,
    responses((status = 201, body = CreatedWorkspace), (status = 200, body = CreatedWorkspace),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn create_workspace(
    State(s): State<AppState>,
    AdminUser(_admin): AdminUser,
    Ctx(ctx): Ctx,
    ApiJson(req): ApiJson<CreateWorkspace>,
) -> ApiResult<(StatusCode, Json<CreatedWorkspace>)> {
    let (outcome, _, _) = s.services.workspaces.create(req.user_id).await?;
    let _ = ctx.resource_id.set(req.user_id.to_string());
    let workspace = s.services.workspaces.get(req.user_id).await?;
    let (status, word) = match outcome {
        CreateOutcome::Created => (StatusCode::CREATED, "created"),
        CreateOutcome::AlreadyRunning => (StatusCode::OK, "already_running"),
        CreateOutcome::Started => (StatusCode::OK, "started"),
    };
    Ok((
        status,
        Json(CreatedWorkspace {
            outcome: word.into(),
            workspace,
        }),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkspaceDetail {
    pub workspace: Workspace,
    /// Live from the node: state, CPU/memory, and the HTTP/WebSocket probes.
    pub health: WorkspaceHealth,
}

/// One workspace with its live health (Docker state, CPU/memory, probes).
#[utoipa::path(get, path = "/api/v1/workspaces/{id}", tag = "workspaces", security(("bearer" = ["admin"])),
    params(("id" = i64, Path, description = "the user id")),
    responses((status = 200, body = WorkspaceDetail), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn get_workspace(
    State(s): State<AppState>,
    AdminUser(_admin): AdminUser,
    PathId(user_id): PathId,
) -> ApiResult<Json<WorkspaceDetail>> {
    let health = s
        .services
        .workspaces
        .health(user_id)
        .await
        .map_err(|e| match e {
            tianqi_core::Error::NotFound(_) => {
                tianqi_core::Error::not_found(format!("no workspace for user {user_id}"))
            }
            other => other,
        })?;
    let workspace = s.services.workspaces.get(user_id).await?;
    Ok(Json(WorkspaceDetail { workspace, health }))
}

/// Destroy the container; the user's data directory stays.
#[utoipa::path(delete, path = "/api/v1/workspaces/{id}", tag = "workspaces", security(("bearer" = ["admin"])),
    params(("id" = i64, Path, description = "the user id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn delete_workspace(
    State(s): State<AppState>,
    AdminUser(_admin): AdminUser,
    PathId(user_id): PathId,
) -> ApiResult<StatusCode> {
    s.services
        .workspaces
        .destroy(user_id)
        .await
        .map_err(|e| match e {
            tianqi_core::Error::NotFound(_) => {
                tianqi_core::Error::not_found(format!("no workspace for user {user_id}"))
            }
            other => other,
        })?;
    Ok(StatusCode::NO_CONTENT)
}

/// Restart the same container (ports and limits unchanged).
#[utoipa::path(post, path = "/api/v1/workspaces/{id}/restart", tag = "workspaces", security(("bearer" = ["admin"])),
    params(("id" = i64, Path, description = "the user id")),
    responses((status = 200, body = Workspace), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn restart_workspace(
    State(s): State<AppState>,
    AdminUser(_admin): AdminUser,
    PathId(user_id): PathId,
) -> ApiResult<Json<Workspace>> {
    s.services
        .workspaces
        .restart(user_id)
        .await
        .map_err(|e| match e {
            tianqi_core::Error::NotFound(_) => {
                tianqi_core::Error::not_found(format!("no workspace for user {user_id}"))
            }
            other => other,
        })?;
    Ok(Json(s.services.workspaces.get(user_id).await?))
}

/// The profile in effect (from the configuration; change it there and restart).
#[utoipa::path(get, path = "/api/v1/workspaces/profile", tag = "workspaces", security(("bearer" = ["admin"])),
    responses((status = 200, body = Profile), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub async fn get_profile(
    State(s): State<AppState>,
    AdminUser(_admin): AdminUser,
) -> ApiResult<Json<Profile>> {
    Ok(Json(s.services.workspaces.profile()?))
}

/// The workspaces routes, documented.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_workspaces, create_workspace))
        .routes(routes!(get_profile))
        .routes(routes!(get_workspace, delete_workspace))
        .routes(routes!(restart_workspace))
}
