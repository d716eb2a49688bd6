//! Fine-tuning jobs (模型微调): create (validated, placed, reserved, started),
//! list, detail, statistics, the loss / learning-rate series, the log with
//! offset and count (and a long-poll follow), stop and delete; the presets.
//! Users see and act on their own jobs, admins on all.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use tianqi_core::finetune::{Job, JobFields, Statistics};
use tianqi_core::page::Page;
use tianqi_service::finetune::{JobListQuery, JobLogQuery, JobLogs, JobMetrics, PresetView};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{Ctx, CurrentUser};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery, PathId};
use crate::state::AppState;

/// The seed's presets (quick_test, standard, full_finetune) and `custom`.
#[utoipa::path(get, path = "/api/v1/finetune/presets", tag = "finetune", security(("bearer" = [])),
    responses((status = 200, body = Vec<PresetView>), (status = 401, body = ErrorBody)))]
pub async fn list_finetune_presets(
    State(s): State<AppState>,
    _me: CurrentUser,
) -> ApiResult<Json<Vec<PresetView>>> {
    Ok(Json(s.services.finetune.presets()))
}

/// Jobs, newest first (a user's own; every job for admins).
#[utoipa::path(get, path = "/api/v1/finetune/jobs", tag = "finetune", security(("bearer" = [])),
    params(JobListQuery),
    responses((status = 200, body = Page<Job>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_finetune_jobs(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiQuery(q): ApiQuery<JobListQuery>,
) -> ApiResult<Json<Page<Job>>> {
    Ok(Json(s.services.finetune.list(&me, q).await?))
}

/// Create a job: checked (422 naming the field: preset, params.*, paths
/// outside `finetune.allowed_roots`, GPU cards the node lacks or that are
/// taken), placed like an instance and its capacity reserved (no node →
/// 409), then its container started in the background — the job answered
/// is `pending`. Nothing is held for a refused job.
#[utoipa::path(post, path = "/api/v1/finetune/jobs", tag = "finetune", security(("bearer" = [])),
    request_body = JobFields,
    responses((status = 201, body = Job), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_finetune_job(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    Ctx(ctx): Ctx,
    ApiJson(f): ApiJson<JobFields>,
) -> ApiResult<(StatusCode, Json<Job>)> {
    let job = s.services.finetune.create(&me, f).await?;
    let _ = ctx.resource_id.set(job.id.to_string());
    Ok((StatusCode::CREATED, Json(job)))
}

/// Counts by status for the stat cards.
#[utoipa::path(get, path = "/api/v1/finetune/statistics", tag = "finetune", security(("bearer" = [])),
    responses((status = 200, body = Statistics), (status = 401, body = ErrorBody)))]
pub async fn finetune_statistics(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
) -> ApiResult<Json<Statistics>> {
    Ok(Json(s.services.finetune.statistics(&me).await?))
}

#[utoipa::path(get, path = "/api/v1/finetune/jobs/{id}", tag = "finetune", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Job), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_finetune_job(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<Json<Job>> {
    Ok(Json(s.services.finetune.get(&me, id).await?))
}

/// Delete an ended job with its series and log; an active one → 409.
#[utoipa::path(delete, path = "/api/v1/finetune/jobs/{id}", tag = "finetune", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn delete_finetune_job(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    s.services.finetune.delete(&me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stop a pending or running job: SIGTERM to the trainer, SIGKILL after
/// `finetune.stop_grace_secs`; it ends `stopped` (never `failed` because of
/// the stop). Answers at once; an ended job → 409.
#[utoipa::path(post, path = "/api/v1/finetune/jobs/{id}/stop", tag = "finetune", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 202, body = Job), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn stop_finetune_job(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<(StatusCode, Json<Job>)> {
    Ok((
        StatusCode::ACCEPTED,
        Json(s.services.finetune.stop(&me, id).await?),
    ))
}

/// The latest figures and the loss / learning-rate / epoch series.
#[utoipa::path(get, path = "/api/v1/finetune/jobs/{id}/metrics", tag = "finetune", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = JobMetrics), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn finetune_job_metrics(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<Json<JobMetrics>> {
    Ok(Json(s.services.finetune.metrics(&me, id).await?))
}

/// The job's log lines from `offset` (`count` of them); with `wait_ms`, an
/// active job's caller waits for the next line (follow by asking again from
/// `next_offset`).
#[utoipa::path(get, path = "/api/v1/finetune/jobs/{id}/logs", tag = "finetune", security(("bearer" = [])),
    params(("id" = i64, Path), JobLogQuery),
    responses((status = 200, body = JobLogs), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn finetune_job_logs(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
    ApiQuery(q): ApiQuery<JobLogQuery>,
) -> ApiResult<Json<JobLogs>> {
    Ok(Json(s.services.finetune.logs(&me, id, q).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_finetune_presets))
        .routes(routes!(list_finetune_jobs, create_finetune_job))
        .routes(routes!(finetune_statistics))
        .routes(routes!(get_finetune_job, delete_finetune_job))
        .routes(routes!(stop_finetune_job))
        .routes(routes!(finetune_job_metrics))
        .routes(routes!(finetune_job_logs))
}
