use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use tianqi_service::auth::{LoginRequest, LoginResponse};

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{Ctx, PendingUser};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::ApiJson;
use crate::state::AppState;

/// Sign in with a username and password; answers a session bearer token.
///
/// Failed attempts are limited per source address and per username; past the
/// limit the answer is 429 with `Retry-After`.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = LoginResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Wrong credentials or disabled account", body = ErrorBody),
        (status = 422, description = "Missing or mistyped field", body = ErrorBody),
        (status = 429, description = "Too many failed attempts", body = ErrorBody),
    ))]
pub async fn login(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Json<LoginResponse>> {
    let (res, principal) = state.services.auth.login(&req, &ctx.source_ip).await?;
    let _ = ctx.actor.set(principal);
    Ok(Json(res))
}

/// Revoke the token this request was made with.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    security(("bearer" = [])),
    responses((status = 204, description = "Signed out"), (status = 401, body = ErrorBody)))]
pub async fn logout(
    State(state): State<AppState>,
    PendingUser(me): PendingUser,
) -> ApiResult<StatusCode> {
    state.services.auth.logout(&me).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The auth routes, documented.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
}
