use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use tianqi_core::tokens::ApiToken;
use tianqi_core::users::User;
use tianqi_service::auth::{CreateApiToken, CreatedApiToken};
use tianqi_service::users::{ChangePassword, UpdateMe};

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{Ctx, CurrentUser, PendingUser};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, PathId};
use crate::state::AppState;

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "me",
    security(("bearer" = [])),
    responses((status = 200, body = User), (status = 401, body = ErrorBody)))]
pub async fn get_me(
    State(state): State<AppState>,
    PendingUser(me): PendingUser,
) -> ApiResult<Json<User>> {
    Ok(Json(state.services.users.get(me.user_id).await?))
}

/// Change your display name or e-mail.
#[utoipa::path(patch, path = "/api/v1/me", tag = "me",
    security(("bearer" = [])),
    request_body = UpdateMe,
    responses((status = 200, body = User), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_me(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiJson(req): ApiJson<UpdateMe>,
) -> ApiResult<Json<User>> {
    Ok(Json(state.services.users.update_me(&me, req).await?))
}

/// Change your password. Your other login sessions end; this one stays.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "me",
    security(("bearer" = [])),
    request_body = ChangePassword,
    responses((status = 204), (status = 401, body = ErrorBody),
        (status = 422, description = "Wrong current password or weak new one", body = ErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    PendingUser(me): PendingUser,
    ApiJson(req): ApiJson<ChangePassword>,
) -> ApiResult<StatusCode> {
    state.services.users.change_own_password(&me, req).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Your live API tokens (never their secrets).
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "me",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<ApiToken>), (status = 401, body = ErrorBody)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
) -> ApiResult<Json<Vec<ApiToken>>> {
    Ok(Json(state.services.auth.api_tokens(&me).await?))
}

/// Create a long-lived API token. The secret is in this response only.
#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "me",
    security(("bearer" = [])),
    request_body = CreateApiToken,
    responses((status = 201, body = CreatedApiToken), (status = 401, body = ErrorBody),
        (status = 409, description = "Too many tokens", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    Ctx(ctx): Ctx,
    ApiJson(req): ApiJson<CreateApiToken>,
) -> ApiResult<(StatusCode, Json<CreatedApiToken>)> {
    let created = state.services.auth.create_api_token(&me, req).await?;
    let _ = ctx.resource_id.set(created.id.to_string());
    Ok((StatusCode::CREATED, Json(created)))
}

/// Revoke one of your API tokens; it stops working at once.
#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "me",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Token id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    state.services.auth.revoke_api_token(&me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The me routes, documented.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_me, update_me))
        .routes(routes!(change_password))
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
}
