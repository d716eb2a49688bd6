//! Usage (计量): instance-hours, GPU-hours, CPU-core-hours and cost over a
//! period, grouped by user, node, spec or day. Users see their own, admins
//! everyone's (or one user's with `user_id`). Quotas (配额): the admin API and
//! each user's own view.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use tianqi_service::usage::{MyQuota, QuotaFields, QuotaList, UsageQuery, UsageReport};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{AdminUser, CurrentUser};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery, PathId};
use crate::state::AppState;

#[derive(Debug, Clone, Copy, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum UsageFormat {
    #[default]
    Json,
    Csv,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FormatQuery {
    /// `json` (the default) or `csv`.
    #[param(inline)]
    pub format: Option<UsageFormat>,
}

/// Usage over a period (default: this month so far, by day). Costs are exact
/// decimals; each interval is priced at the spec's price when it opened.
#[utoipa::path(get, path = "/api/v1/usage", tag = "usage", security(("bearer" = [])),
    params(UsageQuery, FormatQuery),
    responses((status = 200, description = "the report as JSON (format=json) or as CSV (format=csv)", content((UsageReport = "application/json"), (String = "text/csv"))),
        (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_usage(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiQuery(q): ApiQuery<UsageQuery>,
    ApiQuery(f): ApiQuery<FormatQuery>,
) -> ApiResult<Response> {
    Ok(match f.format.unwrap_or_default() {
        UsageFormat::Json => Json(s.services.usage.report(&me, q).await?).into_response(),
        UsageFormat::Csv => (
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            s.services.usage.report_csv(&me, q).await?,
        )
            .into_response(),
    })
}

/// Every quota (admin): the default for everyone and the users' own.
#[utoipa::path(get, path = "/api/v1/quotas", tag = "usage", security(("bearer" = ["admin"])),
    responses((status = 200, body = QuotaList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_quotas(State(s): State<AppState>, _a: AdminUser) -> ApiResult<Json<QuotaList>> {
    Ok(Json(s.services.usage.quotas().await?))
}

/// Set the default quota (admin): every field replaced, null = no limit.
#[utoipa::path(put, path = "/api/v1/quotas/default", tag = "usage", security(("bearer" = ["admin"])),
    request_body = QuotaFields,
    responses((status = 200, body = QuotaFields), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn set_default_quota(
    State(s): State<AppState>,
    _a: AdminUser,
    ApiJson(f): ApiJson<QuotaFields>,
) -> ApiResult<Json<QuotaFields>> {
    Ok(Json(s.services.usage.set_quota(None, f).await?))
}

/// Set a user's own quota (admin): laid over the default field by field.
#[utoipa::path(put, path = "/api/v1/quotas/{id}", tag = "usage", security(("bearer" = ["admin"])),
    params(("id" = i64, Path, description = "user id")),
    request_body = QuotaFields,
    responses((status = 200, body = QuotaFields), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_user_quota(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
    ApiJson(f): ApiJson<QuotaFields>,
) -> ApiResult<Json<QuotaFields>> {
    Ok(Json(s.services.usage.set_quota(Some(id), f).await?))
}

/// Remove a user's own quota (admin): the default applies again.
#[utoipa::path(delete, path = "/api/v1/quotas/{id}", tag = "usage", security(("bearer" = ["admin"])),
    params(("id" = i64, Path, description = "user id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_user_quota(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    s.services.usage.delete_quota(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Your quota in force and what counts against it now (the dashboard's
/// month-to-date cost is `in_use.month_cost`).
#[utoipa::path(get, path = "/api/v1/me/quota", tag = "usage", security(("bearer" = [])),
    responses((status = 200, body = MyQuota), (status = 401, body = ErrorBody)))]
pub async fn my_quota(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
) -> ApiResult<Json<MyQuota>> {
    Ok(Json(s.services.usage.my_quota(&me).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_usage))
        .routes(routes!(my_quota))
        .routes(routes!(list_quotas))
        .routes(routes!(set_default_quota))
        .routes(routes!(set_user_quota, delete_user_quota))
}
