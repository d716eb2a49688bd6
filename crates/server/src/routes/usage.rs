//! Usage (计量): instance-hours, GPU-hours, CPU-core-hours and cost over a
//! period, grouped by user, node, spec or day. Users see their own, admins
//! everyone's (or one user's with `user_id`).

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use tianqi_service::usage::{UsageQuery, UsageReport};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::ApiQuery;
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

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_usage))
}
