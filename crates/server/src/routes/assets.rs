//! Assets routes (资产管理, admin only): the server inventory, its
//! statistics, batch delete and the CSV import/export.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use tianqi_core::assets::csv::AssetRowError;
use tianqi_core::assets::{Asset, AssetFields, AssetStatistics};
use tianqi_core::page::Page;
use tianqi_service::assets::{
    AssetImportReport, AssetListQuery, BatchDeleted, BmcRefresh, ImportOutcome,
};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{AdminUser, Ctx};
use crate::error::{ApiResult, ErrorBody, ErrorDetail};
use crate::extract::{ApiJson, ApiQuery, PathId};
use crate::state::AppState;

/// List assets (admin), filtered by hostname, service tag, IP, status and
/// department, a page at a time.
#[utoipa::path(get, path = "/api/v1/assets", tag = "assets", security(("bearer" = ["admin"])),
    params(AssetListQuery),
    responses((status = 200, body = Page<Asset>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn list_assets(
    State(s): State<AppState>,
    _a: AdminUser,
    ApiQuery(q): ApiQuery<AssetListQuery>,
) -> ApiResult<Json<Page<Asset>>> {
    Ok(Json(s.services.assets.list(q).await?))
}

/// Record a server (admin). `hostname` and `service_tag` are required; the
/// service tag is unique (409).
#[utoipa::path(post, path = "/api/v1/assets", tag = "assets", security(("bearer" = ["admin"])),
    request_body = AssetFields,
    responses((status = 201, body = Asset), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_asset(
    State(s): State<AppState>,
    _a: AdminUser,
    Ctx(ctx): Ctx,
    ApiJson(f): ApiJson<AssetFields>,
) -> ApiResult<(StatusCode, Json<Asset>)> {
    let asset = s.services.assets.create(f).await?;
    let _ = ctx.resource_id.set(asset.id.to_string());
    Ok((StatusCode::CREATED, Json(asset)))
}

/// One asset (admin).
#[utoipa::path(get, path = "/api/v1/assets/{id}", tag = "assets", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Asset), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_asset(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
) -> ApiResult<Json<Asset>> {
    Ok(Json(s.services.assets.get(id).await?))
}

/// Change an asset (admin): absent fields stay, `null` clears a number, a
/// date, the power state or the node link.
#[utoipa::path(patch, path = "/api/v1/assets/{id}", tag = "assets", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)), request_body = AssetFields,
    responses((status = 200, body = Asset), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_asset(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
    ApiJson(f): ApiJson<AssetFields>,
) -> ApiResult<Json<Asset>> {
    Ok(Json(s.services.assets.update(id, f).await?))
}

/// Delete an asset (admin).
#[utoipa::path(delete, path = "/api/v1/assets/{id}", tag = "assets", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_asset(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    s.services.assets.delete(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssetIds {
    /// Asset ids (1–500).
    pub ids: Vec<i64>,
}

/// Delete several assets at once (admin), in one transaction.
#[utoipa::path(post, path = "/api/v1/assets/batch-delete", tag = "assets", security(("bearer" = ["admin"])),
    request_body = AssetIds,
    responses((status = 200, body = BatchDeleted), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn batch_delete_assets(
    State(s): State<AppState>,
    _a: AdminUser,
    ApiJson(b): ApiJson<AssetIds>,
) -> ApiResult<Json<BatchDeleted>> {
    Ok(Json(s.services.assets.delete_many(b.ids).await?))
}

/// Counts by status and warranties ending soon (admin): the console's stat cards.
#[utoipa::path(get, path = "/api/v1/assets/statistics", tag = "assets", security(("bearer" = ["admin"])),
    responses((status = 200, body = AssetStatistics), (status = 403, body = ErrorBody)))]
pub async fn asset_statistics(
    State(s): State<AppState>,
    _a: AdminUser,
) -> ApiResult<Json<AssetStatistics>> {
    Ok(Json(s.services.assets.statistics().await?))
}

/// The assets the filters match as CSV (admin), in the format the import reads.
#[utoipa::path(get, path = "/api/v1/assets/export", tag = "assets", security(("bearer" = ["admin"])),
    params(AssetListQuery),
    responses((status = 200, description = "the assets as CSV, one header line then one asset per line", content_type = "text/csv", body = String),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn export_assets(
    State(s): State<AppState>,
    _a: AdminUser,
    ApiQuery(q): ApiQuery<AssetListQuery>,
) -> ApiResult<Response> {
    let csv = s.services.assets.export_csv(q).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"assets.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssetImport {
    /// The CSV text: a header naming the columns, then one asset per line.
    pub csv: String,
    /// Import the good rows and report the bad ones, instead of importing nothing.
    #[serde(default)]
    pub skip_bad_rows: bool,
}

/// A refused import: the usual error, and every bad row.
#[derive(Serialize, ToSchema)]
pub struct AssetImportRejected {
    pub error: ErrorDetail,
    /// Every bad row; absent when the request itself was refused (a body
    /// that is not the import's JSON, a file that is not CSV).
    #[schema(required = false)]
    pub rows: Vec<AssetRowError>,
}

/// Import assets from CSV (admin). Every row is checked first; with any bad
/// row nothing is imported (422 listing each bad row's line and field) unless
/// `skip_bad_rows`.
#[utoipa::path(post, path = "/api/v1/assets/import", tag = "assets", security(("bearer" = ["admin"])),
    request_body = AssetImport,
    responses((status = 200, body = AssetImportReport), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 422, description = "a broken file (`error` only) or bad rows (`rows` lists them; nothing imported)", body = AssetImportRejected)))]
pub async fn import_assets(
    State(s): State<AppState>,
    _a: AdminUser,
    ApiJson(b): ApiJson<AssetImport>,
) -> ApiResult<Response> {
    Ok(
        match s
            .services
            .assets
            .import_csv(&b.csv, b.skip_bad_rows)
            .await?
        {
            ImportOutcome::Imported(report) => Json(report).into_response(),
            ImportOutcome::Rejected(rows) => {
                let first = rows.first().map(|r| r.field.clone());
                let message = format!(
                    "{} row(s) cannot be imported, so nothing was; first: line {}: {}",
                    rows.len(),
                    rows.first().map(|r| r.line).unwrap_or_default(),
                    rows.first().map(|r| r.message.as_str()).unwrap_or_default()
                );
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Json(AssetImportRejected {
                        error: ErrorDetail {
                            code: "validation_failed",
                            message,
                            field: first,
                            reason: None,
                        },
                        rows,
                    }),
                )
                    .into_response()
            }
        },
    )
}

/// Read the asset's BMC over Redfish now (admin) and write what it reports —
/// model, serial, service tag, CPU, memory, power state — over the asset;
/// answers the facts and what changed. The outcome is also kept on the asset
/// (`bmc`). 422 `bmc_password` when the BMC refuses the credentials, 503 when
/// it cannot be reached or does not speak Redfish.
#[utoipa::path(post, path = "/api/v1/assets/{id}/bmc-refresh", tag = "assets", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    responses((status = 200, body = BmcRefresh), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn refresh_bmc(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
) -> ApiResult<Json<BmcRefresh>> {
    Ok(Json(s.services.assets.refresh_bmc(id).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_assets, create_asset))
        .routes(routes!(asset_statistics))
        .routes(routes!(export_assets))
        .routes(routes!(import_assets))
        .routes(routes!(batch_delete_assets))
        .routes(routes!(get_asset, update_asset, delete_asset))
        .routes(routes!(refresh_bmc))
}
