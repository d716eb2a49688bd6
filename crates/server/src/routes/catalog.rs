//! Catalog routes: images and specs (users read listed ones; admins manage),
//! nodes (admins only), node tests, capacity and image pulls.

use std::convert::Infallible;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures::{Stream, StreamExt};
use serde::{Deserialize, Serialize};
use tianqi_core::assets::Asset;
use tianqi_core::catalog::capacity::Capacity;
use tianqi_core::catalog::image::{Image, ImageFields};
use tianqi_core::catalog::node::{Node, NodeFields};
use tianqi_core::catalog::spec::{Spec, SpecFields};
use tianqi_core::page::Page;
use tianqi_docker::PullEvent;
use tianqi_service::catalog::images::ImageListQuery;
use tianqi_service::catalog::nodes::{LocalCandidate, NodeListQuery};
use tianqi_service::catalog::specs::SpecListQuery;
use utoipa::{IntoParams, ToSchema};

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{AdminUser, Ctx, CurrentUser};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery, PathId};
use crate::state::AppState;

// ---- images ---------------------------------------------------------------

/// List images. Users see listed images only.
#[utoipa::path(get, path = "/api/v1/images", tag = "images", security(("bearer" = [])),
    params(ImageListQuery),
    responses((status = 200, body = Page<Image>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_images(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiQuery(q): ApiQuery<ImageListQuery>,
) -> ApiResult<Json<Page<Image>>> {
    Ok(Json(s.services.catalog.list_images(&me, q).await?))
}

/// Register an image (admin). `name` and `address` are required.
#[utoipa::path(post, path = "/api/v1/images", tag = "images", security(("bearer" = ["admin"])),
    request_body = ImageFields,
    responses((status = 201, body = Image), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_image(
    State(s): State<AppState>,
    _a: AdminUser,
    Ctx(ctx): Ctx,
    ApiJson(f): ApiJson<ImageFields>,
) -> ApiResult<(StatusCode, Json<Image>)> {
    let image = s.services.catalog.create_image(f).await?;
    let _ = ctx.resource_id.set(image.id.to_string());
    Ok((StatusCode::CREATED, Json(image)))
}

/// One image. Unlisted images exist for admins only.
#[utoipa::path(get, path = "/api/v1/images/{id}", tag = "images", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Image), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_image(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<Json<Image>> {
    Ok(Json(s.services.catalog.image_for(&me, id).await?))
}

/// Change an image (admin); absent fields stay as they are.
#[utoipa::path(patch, path = "/api/v1/images/{id}", tag = "images", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)), request_body = ImageFields,
    responses((status = 200, body = Image), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_image(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
    ApiJson(f): ApiJson<ImageFields>,
) -> ApiResult<Json<Image>> {
    Ok(Json(s.services.catalog.update_image(id, f).await?))
}

/// Remove an image from the catalog (admin). Images already on nodes stay there.
/// Instances made from it: 409 with their count unless `force=true`.
#[utoipa::path(delete, path = "/api/v1/images/{id}", tag = "images", security(("bearer" = ["admin"])),
    params(("id" = i64, Path), ForceQuery),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_image(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
    ApiQuery(q): ApiQuery<ForceQuery>,
) -> ApiResult<StatusCode> {
    s.services
        .catalog
        .delete_image(id, q.force.unwrap_or(false))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- specs ----------------------------------------------------------------

/// List product specs. Users see listed specs only; `image_id` hides specs the
/// image cannot run (VRAM split on an image without it).
#[utoipa::path(get, path = "/api/v1/specs", tag = "specs", security(("bearer" = [])),
    params(SpecListQuery),
    responses((status = 200, body = Page<Spec>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_specs(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiQuery(q): ApiQuery<SpecListQuery>,
) -> ApiResult<Json<Page<Spec>>> {
    Ok(Json(s.services.catalog.list_specs(&me, q).await?))
}

/// Define a product spec (admin).
#[utoipa::path(post, path = "/api/v1/specs", tag = "specs", security(("bearer" = ["admin"])),
    request_body = SpecFields,
    responses((status = 201, body = Spec), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_spec(
    State(s): State<AppState>,
    _a: AdminUser,
    Ctx(ctx): Ctx,
    ApiJson(f): ApiJson<SpecFields>,
) -> ApiResult<(StatusCode, Json<Spec>)> {
    let spec = s.services.catalog.create_spec(f).await?;
    let _ = ctx.resource_id.set(spec.id.to_string());
    Ok((StatusCode::CREATED, Json(spec)))
}

/// One spec. Unlisted specs exist for admins only.
#[utoipa::path(get, path = "/api/v1/specs/{id}", tag = "specs", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Spec), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_spec(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<Json<Spec>> {
    Ok(Json(s.services.catalog.spec_for(&me, id).await?))
}

/// Change a spec (admin).
#[utoipa::path(patch, path = "/api/v1/specs/{id}", tag = "specs", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)), request_body = SpecFields,
    responses((status = 200, body = Spec), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_spec(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
    ApiJson(f): ApiJson<SpecFields>,
) -> ApiResult<Json<Spec>> {
    Ok(Json(s.services.catalog.update_spec(id, f).await?))
}

/// Delete a spec (admin). Instances made with it: 409 with their count
/// unless `force=true`.
#[utoipa::path(delete, path = "/api/v1/specs/{id}", tag = "specs", security(("bearer" = ["admin"])),
    params(("id" = i64, Path), ForceQuery),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_spec(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
    ApiQuery(q): ApiQuery<ForceQuery>,
) -> ApiResult<StatusCode> {
    s.services
        .catalog
        .delete_spec(id, q.force.unwrap_or(false))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- nodes ----------------------------------------------------------------

/// List compute nodes (admin), with their Docker connection status.
#[utoipa::path(get, path = "/api/v1/nodes", tag = "nodes", security(("bearer" = ["admin"])),
    params(NodeListQuery),
    responses((status = 200, body = Page<Node>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_nodes(
    State(s): State<AppState>,
    _a: AdminUser,
    ApiQuery(q): ApiQuery<NodeListQuery>,
) -> ApiResult<Json<Page<Node>>> {
    Ok(Json(s.services.catalog.list_nodes(q).await?))
}

/// Register a node (admin). The Docker connection is tested at once (5 s) and
/// the outcome stored in `docker_status`; a failed test still registers the node.
#[utoipa::path(post, path = "/api/v1/nodes", tag = "nodes", security(("bearer" = ["admin"])),
    request_body = NodeFields,
    responses((status = 201, body = Node), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_node(
    State(s): State<AppState>,
    _a: AdminUser,
    Ctx(ctx): Ctx,
    ApiJson(f): ApiJson<NodeFields>,
) -> ApiResult<(StatusCode, Json<Node>)> {
    let node = s.services.catalog.create_node(f).await?;
    let _ = ctx.resource_id.set(node.id.to_string());
    Ok((StatusCode::CREATED, Json(node)))
}

/// Whether this machine's Docker Engine (`nodes.local_socket`) answers and no
/// node uses it yet (admin): the console offers to register it when `offer`.
#[utoipa::path(get, path = "/api/v1/nodes/local-candidate", tag = "nodes", security(("bearer" = ["admin"])),
    responses((status = 200, body = LocalCandidate), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn local_candidate(
    State(s): State<AppState>,
    _a: AdminUser,
) -> ApiResult<Json<LocalCandidate>> {
    Ok(Json(s.services.catalog.local_candidate().await?))
}

/// Register this machine's Docker Engine as node `local` (admin), sized from
/// what the engine reports. 409 when a node already uses its socket (or the
/// name `local` is taken), 503 when no engine answers.
#[utoipa::path(post, path = "/api/v1/nodes/local", tag = "nodes", security(("bearer" = ["admin"])),
    responses((status = 201, body = Node), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 503, description = "No engine answers", body = ErrorBody)))]
pub async fn register_local_node(
    State(s): State<AppState>,
    _a: AdminUser,
    Ctx(ctx): Ctx,
) -> ApiResult<(StatusCode, Json<Node>)> {
    let node = s.services.catalog.register_local().await?;
    let _ = ctx.resource_id.set(node.id.to_string());
    Ok((StatusCode::CREATED, Json(node)))
}

/// One node with Docker's facts (versions, OS, kernel, CPUs, memory, storage
/// driver, runtimes) from its last successful test (admin).
#[utoipa::path(get, path = "/api/v1/nodes/{id}", tag = "nodes", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    responses((status = 200, body = NodeView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_node(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
) -> ApiResult<Json<NodeView>> {
    let node = s.services.catalog.node(id).await?;
    let asset = s.services.assets.of_node(id).await?;
    Ok(Json(NodeView { node, asset }))
}

/// A node with the physical server (asset) linked to it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NodeView {
    #[serde(flatten)]
    pub node: Node,
    /// The asset (资产) recorded for this server, when one is linked.
    pub asset: Option<Asset>,
}

/// Change a node (admin) and re-test it. Secrets (`ssh_password`, `client_key`):
/// absent keeps them, `""` removes them.
#[utoipa::path(patch, path = "/api/v1/nodes/{id}", tag = "nodes", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)), request_body = NodeFields,
    responses((status = 200, body = Node), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_node(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
    ApiJson(f): ApiJson<NodeFields>,
) -> ApiResult<Json<Node>> {
    Ok(Json(s.services.catalog.update_node(id, f).await?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ForceQuery {
    /// Delete even when instances still use it (and, for a node, run on it).
    pub force: Option<bool>,
}

/// Delete a node (admin). Its TLS files are removed.
#[utoipa::path(delete, path = "/api/v1/nodes/{id}", tag = "nodes", security(("bearer" = ["admin"])),
    params(("id" = i64, Path), ForceQuery),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_node(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
    ApiQuery(q): ApiQuery<ForceQuery>,
) -> ApiResult<StatusCode> {
    s.services
        .catalog
        .delete_node(id, q.force.unwrap_or(false))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Test the node's Docker connection now (admin).
#[utoipa::path(post, path = "/api/v1/nodes/{id}/test", tag = "nodes", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Node), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn test_node(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
) -> ApiResult<Json<Node>> {
    Ok(Json(s.services.catalog.test_node(id).await?))
}

/// Totals, allocated and free CPU, memory, disks, GPUs and per-card VRAM (admin).
#[utoipa::path(get, path = "/api/v1/nodes/{id}/capacity", tag = "nodes", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Capacity), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn node_capacity(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
) -> ApiResult<Json<Capacity>> {
    Ok(Json(s.services.catalog.node_capacity(id).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImagePresentQuery {
    /// An image reference as Docker names it, e.g. `tianqi/sandbox:bookworm`.
    pub reference: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImagePresence {
    pub reference: String,
    /// The node's engine has this image.
    pub present: bool,
}

/// Whether an image is on the node's engine (admin): the console offers the
/// sandbox image built by `scripts/run.sh` when node `local` has it.
#[utoipa::path(get, path = "/api/v1/nodes/{id}/images/present", tag = "nodes", security(("bearer" = ["admin"])),
    params(("id" = i64, Path), ImagePresentQuery),
    responses((status = 200, body = ImagePresence), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 503, description = "Node unreachable", body = ErrorBody)))]
pub async fn node_image_present(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
    ApiQuery(q): ApiQuery<ImagePresentQuery>,
) -> ApiResult<Json<ImagePresence>> {
    let present = s.services.catalog.node_has_image(id, &q.reference).await?;
    Ok(Json(ImagePresence {
        reference: q.reference,
        present,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PullRequest {
    pub image_id: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PullEnd {
    /// `ok` or `error`.
    pub status: &'static str,
    pub message: String,
}

fn pull_events(
    progress: impl Stream<Item = Result<PullEvent, String>> + Send + 'static,
) -> impl Stream<Item = Result<Event, Infallible>> + Send + 'static {
    let end = std::sync::Arc::new(std::sync::Mutex::new(None::<String>));
    let seen = end.clone();
    let body = progress
        .take_while(move |item| {
            let keep = item.is_ok();
            if let Err(e) = item {
                if let Ok(mut slot) = seen.lock() {
                    *slot = Some(e.clone());
                }
            }
            futures::future::ready(keep)
        })
        .filter_map(|item| {
            futures::future::ready(
                item.ok()
                    .and_then(|ev| Event::default().event("progress").json_data(ev).ok()),
            )
        });
    let tail = futures::stream::once(async move {
        let error = end.lock().ok().and_then(|mut s| s.take());
        let last = match error {
            Some(message) => PullEnd {
                status: "error",
                message,
            },
            None => PullEnd {
                status: "ok",
                message: "pull complete".into(),
            },
        };
        let name = if last.status == "ok" { "done" } else { "error" };
        Event::default().event(name).json_data(last).ok()
    })
    .filter_map(futures::future::ready);
    body.chain(tail).map(Ok)
}

/// Pull an image onto a node (admin), streaming progress as Server-Sent Events:
/// `progress` events (`{"layer","status","current","total"}`), then one `done`
/// or `error` event (`{"status","message"}`). An unreachable node answers 503
/// before the stream starts.
#[utoipa::path(post, path = "/api/v1/nodes/{id}/images/pull", tag = "nodes", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)), request_body = PullRequest,
    responses((status = 200, description = "text/event-stream of progress", content_type = "text/event-stream"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 503, description = "Node unreachable", body = ErrorBody)))]
pub async fn pull_image(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
    ApiJson(req): ApiJson<PullRequest>,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let progress = s.services.catalog.pull_to_node(id, req.image_id).await?;
    Ok(Sse::new(pull_events(progress)).keep_alive(KeepAlive::default()))
}

/// The catalog routes, documented.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_images, create_image))
        .routes(routes!(get_image, update_image, delete_image))
        .routes(routes!(list_specs, create_spec))
        .routes(routes!(get_spec, update_spec, delete_spec))
        .routes(routes!(list_nodes, create_node))
        .routes(routes!(local_candidate))
        .routes(routes!(register_local_node))
        .routes(routes!(get_node, update_node, delete_node))
        .routes(routes!(test_node))
        .routes(routes!(node_capacity))
        .routes(routes!(pull_image))
        .routes(routes!(node_image_present))
}
