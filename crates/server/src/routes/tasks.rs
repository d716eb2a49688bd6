//! Tasks (任务, Mini PM2): definitions, run now / stop / restart / toggle,
//! batches, run history, logs, import and export. Users see their own
//! tasks, admins all; host-process tasks (the only target so far) are
//! admin-only because they run as the server's user.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tianqi_core::page::{Page, PageQuery};
use tianqi_core::tasks::{TaskFields, TaskRun};
use tianqi_service::tasks::{
    BatchResult, ExportFormat, ImportReport, LogQuery, LogTail, Started, TaskListQuery, TaskView,
    TasksFile,
};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{Ctx, CurrentUser};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

/// Tasks by id, each with its state and next run.
#[utoipa::path(get, path = "/api/v1/tasks", tag = "tasks", security(("bearer" = [])),
    params(TaskListQuery),
    responses((status = 200, body = Page<TaskView>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_tasks(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiQuery(q): ApiQuery<TaskListQuery>,
) -> ApiResult<Json<Page<TaskView>>> {
    Ok(Json(s.services.tasks.list(&me, q).await?))
}

/// Create a task (the seed's fields: `id`, `script_path`, `interval_minutes`,
/// `execute_path`, `enabled`, …). Host-process tasks: admins only (403).
#[utoipa::path(post, path = "/api/v1/tasks", tag = "tasks", security(("bearer" = [])),
    request_body = TaskFields,
    responses((status = 201, body = TaskView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_task(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    Ctx(ctx): Ctx,
    ApiJson(f): ApiJson<TaskFields>,
) -> ApiResult<(StatusCode, Json<TaskView>)> {
    let task = s.services.tasks.create(&me, f).await?;
    let _ = ctx.resource_id.set(task.task.id.clone());
    Ok((StatusCode::CREATED, Json(task)))
}

#[utoipa::path(get, path = "/api/v1/tasks/{id}", tag = "tasks", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = TaskView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_task(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<TaskView>> {
    Ok(Json(s.services.tasks.get(&me, &id).await?))
}

/// Change a task; absent fields stay (an interval replaces a cron
/// expression and the other way round).
#[utoipa::path(patch, path = "/api/v1/tasks/{id}", tag = "tasks", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = TaskFields,
    responses((status = 200, body = TaskView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_task(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<TaskFields>,
) -> ApiResult<Json<TaskView>> {
    Ok(Json(s.services.tasks.update(&me, &id, f).await?))
}

/// Delete a task: its runs are stopped, its history and logs removed.
#[utoipa::path(delete, path = "/api/v1/tasks/{id}", tag = "tasks", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_task(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    s.services.tasks.delete(&me, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RunStarted {
    /// `started` or `queued` (overlap: queue).
    pub result: Started,
}

/// Run it now. Running already with `overlap: skip` → 409.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/run", tag = "tasks", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 202, body = RunStarted), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn run_task(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<RunStarted>)> {
    let result = s.services.tasks.run_now(&me, &id).await?;
    Ok((StatusCode::ACCEPTED, Json(RunStarted { result })))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Stopped {
    /// Runs that were told to stop (SIGTERM to the process group, SIGKILL
    /// after `kill_timeout`).
    pub stopped: usize,
}

/// Stop its runs, and their retries or restarts.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/stop", tag = "tasks", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = Stopped), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn stop_task(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Stopped>> {
    let stopped = s.services.tasks.stop(&me, &id).await?;
    Ok(Json(Stopped { stopped }))
}

/// Stop it, wait for its runs to end, run it again.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/restart", tag = "tasks", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 202, body = RunStarted), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn restart_task(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<RunStarted>)> {
    let result = s.services.tasks.restart(&me, &id).await?;
    Ok((StatusCode::ACCEPTED, Json(RunStarted { result })))
}

/// Enable a disabled task or disable an enabled one (disabling stops its
/// runs).
#[utoipa::path(post, path = "/api/v1/tasks/{id}/toggle", tag = "tasks", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = TaskView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn toggle_task(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<TaskView>> {
    Ok(Json(s.services.tasks.toggle(&me, &id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchIds {
    /// Task ids (1–1000).
    pub ids: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BatchResults {
    pub items: Vec<BatchResult>,
}

/// Run several now; each answers for itself.
#[utoipa::path(post, path = "/api/v1/tasks/batch/run", tag = "tasks", security(("bearer" = [])),
    request_body = BatchIds,
    responses((status = 200, body = BatchResults), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn batch_run(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiJson(b): ApiJson<BatchIds>,
) -> ApiResult<Json<BatchResults>> {
    let items = s.services.tasks.batch_run(&me, &b.ids).await?;
    Ok(Json(BatchResults { items }))
}

/// Stop several; each answers for itself.
#[utoipa::path(post, path = "/api/v1/tasks/batch/stop", tag = "tasks", security(("bearer" = [])),
    request_body = BatchIds,
    responses((status = 200, body = BatchResults), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn batch_stop(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiJson(b): ApiJson<BatchIds>,
) -> ApiResult<Json<BatchResults>> {
    let items = s.services.tasks.batch_stop(&me, &b.ids).await?;
    Ok(Json(BatchResults { items }))
}

/// Delete several, all or none (one unknown id → 404, nothing deleted).
#[utoipa::path(post, path = "/api/v1/tasks/batch/delete", tag = "tasks", security(("bearer" = [])),
    request_body = BatchIds,
    responses((status = 200, body = BatchResults), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn batch_delete(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiJson(b): ApiJson<BatchIds>,
) -> ApiResult<Json<BatchResults>> {
    let items = s.services.tasks.batch_delete(&me, &b.ids).await?;
    Ok(Json(BatchResults { items }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RunsQuery {
    /// 1-based page number (default 1; JSON only).
    pub page: Option<u32>,
    /// Items per page, 1 to 500 (default 20; JSON only).
    pub page_size: Option<u32>,
    /// `json` (a page, the default) or `csv` (the whole history, newest first).
    #[param(inline)]
    pub format: Option<ExportFormat>,
}

/// Its runs, newest first: trigger, attempt, times, exit code or signal; as
/// a page of JSON or (format=csv) the whole history as CSV.
#[utoipa::path(get, path = "/api/v1/tasks/{id}/runs", tag = "tasks", security(("bearer" = [])),
    params(("id" = String, Path), RunsQuery),
    responses((status = 200, description = "a page of runs (format=json) or every run as CSV (format=csv)", content((Page<TaskRun> = "application/json"), (String = "text/csv"))), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn task_runs(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<RunsQuery>,
) -> ApiResult<Response> {
    Ok(match q.format.unwrap_or(ExportFormat::Json) {
        ExportFormat::Json => {
            let page = PageQuery {
                page: q.page,
                page_size: q.page_size,
            };
            Json(s.services.tasks.runs(&me, &id, page).await?).into_response()
        }
        ExportFormat::Csv => (
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            s.services.tasks.runs_csv(&me, &id).await?,
        )
            .into_response(),
    })
}

/// The end of its log (every line `<time> [run N] [stream] text`), with a
/// level filter.
#[utoipa::path(get, path = "/api/v1/tasks/{id}/logs", tag = "tasks", security(("bearer" = [])),
    params(("id" = String, Path), LogQuery),
    responses((status = 200, body = LogTail), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn task_logs(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<LogQuery>,
) -> ApiResult<Json<LogTail>> {
    Ok(Json(s.services.tasks.tail(&me, &id, q).await?))
}

/// Remove its log files.
#[utoipa::path(delete, path = "/api/v1/tasks/{id}/logs", tag = "tasks", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn clear_task_logs(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    s.services.tasks.clear_logs(&me, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `json` (the seed's tasks.json, the default) or `csv`.
    #[param(inline)]
    pub format: Option<ExportFormat>,
}

/// Your tasks (admins: all) as the seed's tasks.json or as CSV.
#[utoipa::path(get, path = "/api/v1/tasks/export", tag = "tasks", security(("bearer" = [])),
    params(ExportQuery),
    responses((status = 200, description = "the tasks as the seed's tasks.json (format=json) or as CSV (format=csv)", content((TasksFile = "application/json"), (String = "text/csv"))), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn export_tasks(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiQuery(q): ApiQuery<ExportQuery>,
) -> ApiResult<Response> {
    Ok(match q.format.unwrap_or(ExportFormat::Json) {
        ExportFormat::Json => Json(s.services.tasks.export_file(&me).await?).into_response(),
        ExportFormat::Csv => (
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            s.services.tasks.export_csv(&me).await?,
        )
            .into_response(),
    })
}

/// Import a tasks.json (the seed's format, `settings` block included): all
/// tasks or none; existing ids are updated.
#[utoipa::path(post, path = "/api/v1/tasks/import", tag = "tasks", security(("bearer" = [])),
    request_body = TasksFile,
    responses((status = 200, body = ImportReport), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn import_tasks(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiJson(file): ApiJson<TasksFile>,
) -> ApiResult<Json<ImportReport>> {
    Ok(Json(s.services.tasks.import(&me, file).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Preview {
    /// The next fire times (UTC); empty for an on-demand task.
    pub next: Vec<DateTime<Utc>>,
}

/// The next 5 fire times of a definition (nothing is saved): the console's
/// schedule helper.
#[utoipa::path(post, path = "/api/v1/tasks/preview", tag = "tasks", security(("bearer" = [])),
    request_body = TaskFields,
    responses((status = 200, body = Preview), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn preview_task(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiJson(f): ApiJson<TaskFields>,
) -> ApiResult<Json<Preview>> {
    Ok(Json(Preview {
        next: s.services.tasks.preview(&me, f, 5)?,
    }))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tasks, create_task))
        .routes(routes!(export_tasks))
        .routes(routes!(import_tasks))
        .routes(routes!(preview_task))
        .routes(routes!(batch_run))
        .routes(routes!(batch_stop))
        .routes(routes!(batch_delete))
        .routes(routes!(get_task, update_task, delete_task))
        .routes(routes!(run_task))
        .routes(routes!(stop_task))
        .routes(routes!(restart_task))
        .routes(routes!(toggle_task))
        .routes(routes!(task_runs))
        .routes(routes!(task_logs, clear_task_logs))
        .merge(super::tasks_live::router())
}
