//! Instance routes. Ownership is enforced by the service (owner or admin; 404
//! for anyone else), the same check the terminal and SSH use.

mod batch;
pub(crate) mod terminal;

use std::convert::Infallible;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures::{Stream, StreamExt};
use tianqi_core::autostop::Schedule;
use tianqi_core::instance::Instance;
use tianqi_core::page::Page;
use tianqi_docker::observe::{LogLine, Stats};
use tianqi_service::instances::Orphan;
use tianqi_service::instances::{
    CreateInstance, InstanceListQuery, LogsQuery, PlacementCandidate, PlacementQuery,
    SpecPlacement, SpecPlacementQuery, StatsHistory,
};
use tianqi_service::sessions::{SessionEnd, SessionKind};

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{AdminUser, Ctx, CurrentUser};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery, PathId};
use crate::state::AppState;

/// Your instances (admins: everyone's), with filters and pagination.
#[utoipa::path(get, path = "/api/v1/instances", tag = "instances", security(("bearer" = [])),
    params(InstanceListQuery),
    responses((status = 200, body = Page<Instance>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_instances(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiQuery(q): ApiQuery<InstanceListQuery>,
) -> ApiResult<Json<Page<Instance>>> {
    Ok(Json(s.services.instances.list(&me, q).await?))
}

/// Create an instance: best-fit placement (or the given node, checked the same
/// way), an atomic reservation, then the container with hard limits. 409 names
/// the missing resource; 503 names an unreachable node.
#[utoipa::path(post, path = "/api/v1/instances", tag = "instances", security(("bearer" = [])),
    request_body = CreateInstance,
    responses((status = 201, body = Instance), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn create_instance(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    Ctx(ctx): Ctx,
    ApiJson(req): ApiJson<CreateInstance>,
) -> ApiResult<(StatusCode, Json<Instance>)> {
    let inst = s.services.instances.create(&me, req).await?;
    let _ = ctx.resource_id.set(inst.id.to_string());
    Ok((StatusCode::CREATED, Json(inst)))
}

/// Nodes that can take an instance of this spec and image, best fit first, with
/// each card's free VRAM.
#[utoipa::path(get, path = "/api/v1/instances/placement", tag = "instances", security(("bearer" = [])),
    params(PlacementQuery),
    responses((status = 200, body = Vec<PlacementCandidate>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn placement(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiQuery(q): ApiQuery<PlacementQuery>,
) -> ApiResult<Json<Vec<PlacementCandidate>>> {
    Ok(Json(
        s.services.instances.placement_candidates(&me, q).await?,
    ))
}

/// For each listed spec usable with the image: can an instance be placed now,
/// and if not, which resource is short (the create dialog greys it out).
#[utoipa::path(get, path = "/api/v1/instances/placement/specs", tag = "instances", security(("bearer" = [])),
    params(SpecPlacementQuery),
    responses((status = 200, body = Vec<SpecPlacement>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn spec_placements(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiQuery(q): ApiQuery<SpecPlacementQuery>,
) -> ApiResult<Json<Vec<SpecPlacement>>> {
    Ok(Json(s.services.instances.spec_placements(&me, q).await?))
}

/// One instance (owner or admin). When it is recorded as running, its
/// container is checked on the node (bounded to 2 s), so one that ended is
/// `exited` here with `exit_code` and `exit_reason`.
#[utoipa::path(get, path = "/api/v1/instances/{id}", tag = "instances", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Instance), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_instance(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<Json<Instance>> {
    Ok(Json(s.services.instances.get_live(&me, id).await?))
}

/// Delete an instance: container and data volume removed, reservation released.
#[utoipa::path(delete, path = "/api/v1/instances/{id}", tag = "instances", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn delete_instance(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    s.services.instances.delete(&me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Start a stopped instance.
#[utoipa::path(post, path = "/api/v1/instances/{id}/start", tag = "instances", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Instance), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn start_instance(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<Json<Instance>> {
    Ok(Json(s.services.instances.start(&me, id).await?))
}

/// Stop an instance (SIGTERM, then SIGKILL after 10 s). Its reservation is kept.
#[utoipa::path(post, path = "/api/v1/instances/{id}/stop", tag = "instances", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Instance), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn stop_instance(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<Json<Instance>> {
    Ok(Json(s.services.instances.stop(&me, id).await?))
}

/// Set (replace) an instance's shutdown schedule (定时关机): a time to stop
/// at and/or a run length in hours; null fields clear. Idle limits come from
/// the spec (`idle_stop_minutes`) and the owner's quota.
#[utoipa::path(put, path = "/api/v1/instances/{id}/auto-stop", tag = "instances", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = Schedule,
    responses((status = 200, body = Instance), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_auto_stop(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
    ApiJson(schedule): ApiJson<Schedule>,
) -> ApiResult<Json<Instance>> {
    Ok(Json(
        s.services.instances.set_schedule(&me, id, schedule).await?,
    ))
}

/// Restart an instance.
#[utoipa::path(post, path = "/api/v1/instances/{id}/restart", tag = "instances", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Instance), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn restart_instance(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<Json<Instance>> {
    Ok(Json(s.services.instances.restart(&me, id).await?))
}

/// Labelled containers of this installation with no instance behind them, on
/// every connected node (admin).
#[utoipa::path(get, path = "/api/v1/admin/orphans", tag = "instances", security(("bearer" = ["admin"])),
    responses((status = 200, body = Vec<Orphan>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_orphans(
    State(s): State<AppState>,
    _a: AdminUser,
) -> ApiResult<Json<Vec<Orphan>>> {
    Ok(Json(s.services.instances.orphans().await?))
}

/// Remove an orphan container and its data volume (admin).
#[utoipa::path(delete, path = "/api/v1/admin/orphans/{node_id}/{container_id}", tag = "instances",
    security(("bearer" = ["admin"])),
    params(("node_id" = i64, Path), ("container_id" = String, Path, description = "Full id, or a prefix of at least 12; on a Kubernetes node the Pod's name")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn delete_orphan(
    State(s): State<AppState>,
    _a: AdminUser,
    axum::extract::Path((node_id, container_id)): axum::extract::Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let node_id: i64 = node_id
        .parse()
        .map_err(|_| tianqi_core::Error::validation("node_id", "node_id must be an integer"))?;
    s.services
        .instances
        .delete_orphan(node_id, &container_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Resource use now: `cpu_percent` (of the instance's CPU quota), memory, network,
/// block I/O, processes. Takes about a second (Docker samples twice).
#[utoipa::path(get, path = "/api/v1/instances/{id}/stats", tag = "instances", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Stats), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn instance_stats(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<Json<Stats>> {
    Ok(Json(s.services.instances.stats(&me, id).await?))
}

/// The last hour of its resource use, for charts: a point every
/// `instances.stats_history_interval_secs` (15 s) while it runs, with CPU in
/// percent of its quota, memory in use, and network and disk rates (bytes/s).
#[utoipa::path(get, path = "/api/v1/instances/{id}/stats/history", tag = "instances", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = StatsHistory), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn instance_stats_history(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<Json<StatsHistory>> {
    Ok(Json(s.services.instances.stats_history(&me, id).await?))
}

/// The same statistics every 5 s as Server-Sent Events (`event: stats`), for
/// the console; an `event: error` ends the stream.
#[utoipa::path(get, path = "/api/v1/instances/{id}/stats/stream", tag = "instances", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, description = "text/event-stream", content_type = "text/event-stream"), (status = 404, body = ErrorBody)))]
pub async fn instance_stats_stream(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    // Check access and reachability before the stream starts; the stream is a
    // live session, ended when access ends.
    let live = s.services.sessions.open(&me, SessionKind::Stats)?;
    let first = s.services.instances.stats(&me, id).await?;
    let services = s.services.clone();
    let stream = futures::stream::unfold(
        (Some(first), services, me, live, false),
        move |(first, services, me, live, done)| async move {
            if done {
                return None;
            }
            let sample = match first {
                Some(f) => Ok(f),
                None => {
                    tokio::select! {
                        () = live.ended() => Err(match live.end_reason() {
                            SessionEnd::AccessEnded => tianqi_core::Error::unauthorized("access ended"),
                            SessionEnd::ServerStopping => tianqi_core::Error::Unavailable("the server is stopping".into()),
                        }),
                        () = tokio::time::sleep(std::time::Duration::from_secs(5)) => {
                            services.instances.stats(&me, id).await
                        }
                    }
                }
            };
            let (event, stop) = match sample {
                Ok(st) => (Event::default().event("stats").json_data(st).ok(), false),
                Err(e) => (
                    Event::default().event("error").data(e.to_string()).into(),
                    true,
                ),
            };
            event.map(|ev| (Ok(ev), (None, services, me, live, stop)))
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// Logs with timestamps: the last `tail` lines as JSON, or with `follow=true`
/// as Server-Sent Events (`event: log`, `{"stream","line"}`) that continue as
/// the container writes.
#[utoipa::path(get, path = "/api/v1/instances/{id}/logs", tag = "instances", security(("bearer" = [])),
    params(("id" = i64, Path), LogsQuery),
    responses((status = 200, body = Vec<LogLine>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn instance_logs(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
    ApiQuery(q): ApiQuery<LogsQuery>,
) -> ApiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let follow = q.follow.unwrap_or(false);
    let live = if follow {
        Some(s.services.sessions.open(&me, SessionKind::Logs)?)
    } else {
        None
    };
    let Some(live) = live else {
        return Ok(Json(s.services.instances.logs_tail(&me, id, q.tail).await?).into_response());
    };
    let lines = s.services.instances.logs(&me, id, &q).await?;
    // Followed logs are a live session: they end when access ends.
    let ended = live.ended();
    let events = lines.take_until(ended).map(move |item| {
        let _session = &live;
        Ok::<_, Infallible>(match item {
            Ok(l) => Event::default()
                .event("log")
                .json_data(l)
                .unwrap_or_default(),
            Err(e) => Event::default().event("error").data(e),
        })
    });
    Ok(Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response())
}

/// The instances routes, documented.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_instances, create_instance))
        .routes(routes!(placement))
        .routes(routes!(spec_placements))
        .routes(routes!(get_instance, delete_instance))
        .routes(routes!(start_instance))
        .routes(routes!(stop_instance))
        .routes(routes!(restart_instance))
        .routes(routes!(set_auto_stop))
        .routes(routes!(instance_stats))
        .routes(routes!(instance_stats_stream))
        .routes(routes!(instance_stats_history))
        .routes(routes!(instance_logs))
        .routes(routes!(terminal::terminal))
        .routes(routes!(list_orphans))
        .routes(routes!(delete_orphan))
        .routes(routes!(batch::batch_stop))
        .routes(routes!(batch::batch_start))
        .routes(routes!(batch::batch_delete))
}
