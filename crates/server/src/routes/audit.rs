use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use tianqi_core::audit::AuditEntry;
use tianqi_core::page::Page;
use tianqi_service::audit::AuditQuery;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::AdminUser;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::ApiQuery;
use crate::state::AppState;

/// The audit log, newest first (admin).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit",
    security(("bearer" = ["admin"])),
    params(AuditQuery),
    responses((status = 200, body = Page<AuditEntry>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_audit(
    State(state): State<AppState>,
    _admin: AdminUser,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> ApiResult<Json<Page<AuditEntry>>> {
    Ok(Json(state.services.audit.log(q).await?))
}

/// The entries the filters match as CSV (admin), newest first, at most
/// 100,000 (narrow `since`/`until` for older ones); `page` is ignored.
#[utoipa::path(get, path = "/api/v1/audit/export", tag = "audit",
    security(("bearer" = ["admin"])),
    params(AuditQuery),
    responses((status = 200, description = "one header line (id, at, actor, actor_id, action, object, resource_id, method, route, status, source_ip, detail), then one entry per line", content_type = "text/csv", body = String),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn export_audit(
    State(state): State<AppState>,
    _admin: AdminUser,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> ApiResult<Response> {
    let csv = state.services.audit.export_csv(q).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}

/// The audit routes, documented.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_audit))
        .routes(routes!(export_audit))
}
