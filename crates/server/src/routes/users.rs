use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use tianqi_core::page::Page;
use tianqi_core::users::User;
use tianqi_service::users::{CreateUser, ResetPassword, UpdateUser, UserListQuery};

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{AdminUser, Ctx};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery, PathId};
use crate::state::AppState;

/// List users (admin), with filters and pagination.
#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    security(("bearer" = ["admin"])),
    params(UserListQuery),
    responses(
        (status = 200, body = Page<User>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody),
    ))]
pub async fn list_users(
    State(state): State<AppState>,
    _admin: AdminUser,
    ApiQuery(q): ApiQuery<UserListQuery>,
) -> ApiResult<Json<Page<User>>> {
    Ok(Json(state.services.users.list(q).await?))
}

/// Create a user (admin).
#[utoipa::path(post, path = "/api/v1/users", tag = "users",
    security(("bearer" = ["admin"])),
    request_body = CreateUser,
    responses(
        (status = 201, body = User),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, description = "Username taken", body = ErrorBody), (status = 422, body = ErrorBody),
    ))]
pub async fn create_user(
    State(state): State<AppState>,
    _admin: AdminUser,
    Ctx(ctx): Ctx,
    ApiJson(req): ApiJson<CreateUser>,
) -> ApiResult<(StatusCode, Json<User>)> {
    let user = state.services.users.create(req).await?;
    let _ = ctx.resource_id.set(user.id.to_string());
    Ok((StatusCode::CREATED, Json(user)))
}

/// Get one user (admin).
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = User), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_user(
    State(state): State<AppState>,
    _admin: AdminUser,
    PathId(id): PathId,
) -> ApiResult<Json<User>> {
    Ok(Json(state.services.users.get(id).await?))
}

/// Change a user's role, enabled flag, display name or e-mail (admin).
///
/// Disabling a user revokes all their tokens at once. The last enabled admin
/// cannot be demoted or disabled (409).
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path, description = "User id")),
    request_body = UpdateUser,
    responses((status = 200, body = User), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_user(
    State(state): State<AppState>,
    _admin: AdminUser,
    PathId(id): PathId,
    ApiJson(req): ApiJson<UpdateUser>,
) -> ApiResult<Json<User>> {
    Ok(Json(state.services.users.update(id, req).await?))
}

/// Delete a user and their tokens (admin). Not yourself, not the last admin.
#[utoipa::path(delete, path = "/api/v1/users/{id}", tag = "users",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path, description = "User id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_user(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    state.services.users.delete(Some(&admin), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Set a new password for a user (admin). Their sessions end and they must
/// choose a new password at their next login; their API tokens keep working.
#[utoipa::path(post, path = "/api/v1/users/{id}/password", tag = "users",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path, description = "User id")),
    request_body = ResetPassword,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    _admin: AdminUser,
    PathId(id): PathId,
    ApiJson(req): ApiJson<ResetPassword>,
) -> ApiResult<StatusCode> {
    state.services.users.reset_password(id, req).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Lifts the user's sign-in lockout (failed attempts counted for the name).
#[utoipa::path(post, path = "/api/v1/users/{id}/unlock", tag = "users",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path, description = "user id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn unlock_user(
    State(state): State<AppState>,
    _admin: AdminUser,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    state.services.users.unlock(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The users routes, documented.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user, delete_user))
        .routes(routes!(reset_password))
        .routes(routes!(unlock_user))
}
