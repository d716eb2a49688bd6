//! Kubernetes routes: the registered clusters (admins manage them; a user
//! sees those they hold a grant on) and the grants. The kubeconfig is
//! write-only: it goes in on create or replace and never comes back.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use tianqi_core::kube::grants::{GrantInput, GrantRecord};
use tianqi_core::kube::{Cluster, ClusterInput};
use tianqi_core::page::Page;
use tianqi_service::kube::{ClusterListQuery, GrantListQuery};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{AdminUser, Ctx, CurrentUser};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery, PathId};
use crate::state::AppState;

mod resources;

/// List the registered clusters, by name, with each one's last connection
/// test: an admin sees every one, a user those they hold a grant on.
#[utoipa::path(get, path = "/api/v1/k8s/clusters", tag = "kubernetes", security(("bearer" = [])),
    params(ClusterListQuery),
    responses((status = 200, body = Page<Cluster>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_clusters(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiQuery(q): ApiQuery<ClusterListQuery>,
) -> ApiResult<Json<Page<Cluster>>> {
    Ok(Json(s.services.kube.list(&me, q).await?))
}

/// Register a cluster (admin) from a kubeconfig whose credentials are
/// embedded: `exec`/`auth-provider` plugins and file references are refused
/// (422 `kubeconfig`, naming the place). An enabled cluster is tested at
/// once; the answer carries the outcome (`status`, `last_error`). 409 on a
/// taken name.
#[utoipa::path(post, path = "/api/v1/k8s/clusters", tag = "kubernetes", security(("bearer" = ["admin"])),
    request_body = ClusterInput,
    responses((status = 201, body = Cluster), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_cluster(
    State(s): State<AppState>,
    _a: AdminUser,
    Ctx(ctx): Ctx,
    ApiJson(input): ApiJson<ClusterInput>,
) -> ApiResult<(StatusCode, Json<Cluster>)> {
    let cluster = s.services.kube.create(input).await?;
    let _ = ctx.resource_id.set(cluster.id.to_string());
    Ok((StatusCode::CREATED, Json(cluster)))
}

/// One cluster (an admin, or a user with a grant on it; 404 otherwise).
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}", tag = "kubernetes", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Cluster), (status = 404, body = ErrorBody)))]
pub async fn get_cluster(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<Json<Cluster>> {
    Ok(Json(s.services.kube.get_for(&me, id).await?))
}

/// Change a cluster (admin): absent fields stay; `kubeconfig` replaces the
/// stored one. A new kubeconfig, or switching the cluster on, tests it again.
#[utoipa::path(patch, path = "/api/v1/k8s/clusters/{id}", tag = "kubernetes", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)), request_body = ClusterInput,
    responses((status = 200, body = Cluster), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_cluster(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
    ApiJson(input): ApiJson<ClusterInput>,
) -> ApiResult<Json<Cluster>> {
    Ok(Json(s.services.kube.update(id, input).await?))
}

/// Forget a cluster (admin); nothing on the cluster changes.
#[utoipa::path(delete, path = "/api/v1/k8s/clusters/{id}", tag = "kubernetes", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_cluster(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    s.services.kube.delete(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Test the connection now (admin): the API server's version and the
/// namespaces the kubeconfig's user can list. The outcome is stored and
/// returned (`status`, `server_version`, `namespace_count`, `last_error`);
/// a cluster that fails the test is not an error of this call. 409 when the
/// cluster is disabled.
#[utoipa::path(post, path = "/api/v1/k8s/clusters/{id}/test", tag = "kubernetes", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Cluster), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn test_cluster(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
) -> ApiResult<Json<Cluster>> {
    Ok(Json(s.services.kube.test(id).await?))
}

/// The grants: an admin sees every one (filter by `user_id` or
/// `cluster_id`), a user their own.
#[utoipa::path(get, path = "/api/v1/k8s/grants", tag = "kubernetes", security(("bearer" = [])),
    params(GrantListQuery),
    responses((status = 200, body = Vec<GrantRecord>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_grants(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiQuery(q): ApiQuery<GrantListQuery>,
) -> ApiResult<Json<Vec<GrantRecord>>> {
    Ok(Json(s.services.kube.list_grants(&me, q).await?))
}

/// Grant a user access (admin): every cluster (no `cluster_id`), one
/// cluster (no `namespace`), or one namespace of a cluster; `read` (lists,
/// YAML, logs, metrics) or `write` (also scale, restart, delete, the pod
/// terminal). 422 naming the field; 409 when the user already holds a
/// grant on this scope.
#[utoipa::path(post, path = "/api/v1/k8s/grants", tag = "kubernetes", security(("bearer" = ["admin"])),
    request_body = GrantInput,
    responses((status = 201, body = GrantRecord), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_grant(
    State(s): State<AppState>,
    _a: AdminUser,
    Ctx(ctx): Ctx,
    ApiJson(input): ApiJson<GrantInput>,
) -> ApiResult<(StatusCode, Json<GrantRecord>)> {
    let g = s.services.kube.create_grant(&input).await?;
    let _ = ctx.resource_id.set(g.id.to_string());
    let _ = ctx.detail.set(grant_detail(&g));
    Ok((StatusCode::CREATED, Json(g)))
}

/// Revoke a grant (admin). What it allowed ends at once: the user's pod
/// terminals and followed pod logs it covered close ("access ended").
#[utoipa::path(delete, path = "/api/v1/k8s/grants/{id}", tag = "kubernetes", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_grant(
    State(s): State<AppState>,
    _a: AdminUser,
    Ctx(ctx): Ctx,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    let g = s.services.kube.delete_grant(id).await?;
    let _ = ctx.detail.set(grant_detail(&g));
    Ok(StatusCode::NO_CONTENT)
}

/// Who got (or lost) what, for the audit entry.
fn grant_detail(g: &GrantRecord) -> String {
    serde_json::json!({
        "user": g.username, "cluster": g.cluster_name, "namespace": g.namespace,
        "level": g.level.as_str(),
    })
    .to_string()
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_clusters, create_cluster))
        .routes(routes!(get_cluster, update_cluster, delete_cluster))
        .routes(routes!(test_cluster))
        .routes(routes!(list_grants, create_grant))
        .routes(routes!(delete_grant))
        .merge(resources::router())
}
