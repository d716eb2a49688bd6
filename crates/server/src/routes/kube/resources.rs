//! A cluster's objects (admin): namespaces, workloads, pods, services,
//! metrics, under `/api/v1/k8s/clusters/{id}/…`. Every change is audited
//! with what it touched (cluster, namespace, kind, name, action) and its
//! result; never a kubeconfig or an object's content.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;
use serde_json::json;
use tianqi_core::kube::resources::{
    ClusterUsage, ObjectYaml, Pod, ScaleInput, Service, ServiceEndpoints, Usage, Workload,
    WorkloadKind,
};
use tianqi_core::{Error, Result};
use tianqi_service::kube::Target;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{AdminUser, Ctx, RequestContext};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::ApiJson;
use crate::state::AppState;

/// The path's parameters, checked as they are used: `id` a positive
/// integer, `namespace` a DNS label, `name` a DNS subdomain, `kind` one of
/// the workload plurals (422 naming the parameter; 404 for another kind).
pub struct KubePath(HashMap<String, String>);

impl FromRequestParts<AppState> for KubePath {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> std::result::Result<Self, Self::Rejection> {
        let axum::extract::Path(m): axum::extract::Path<HashMap<String, String>> =
            axum::extract::Path::from_request_parts(parts, state)
                .await
                .map_err(|e| ApiError::BadRequest(e.body_text()))?;
        Ok(Self(m))
    }
}

impl KubePath {
    fn raw(&self, key: &str) -> &str {
        self.0.get(key).map_or("", String::as_str)
    }

    fn id(&self) -> Result<i64> {
        let raw = self.raw("id");
        match raw.parse::<i64>() {
            Ok(id) if id > 0 => Ok(id),
            _ => Err(Error::validation(
                "id",
                format!("id must be a positive integer, got {raw:?}"),
            )),
        }
    }

    fn namespace(&self) -> Result<String> {
        let ns = self.raw("namespace");
        tianqi_core::kube::resources::namespace("namespace", ns)?;
        Ok(ns.to_owned())
    }

    fn kind(&self) -> Result<WorkloadKind> {
        WorkloadKind::from_plural(self.raw("kind"))
    }

    fn target(&self) -> Result<Target> {
        Target::new(self.id()?, self.raw("namespace"), self.raw("name"))
    }
}

/// Runs a change and notes it for the audit entry: what it touched, and
/// its result (`ok`, or the error's message — the cluster's words, which
/// carry no secret).
async fn audited<T>(
    ctx: &RequestContext,
    t: &Target,
    kind: &str,
    action: &str,
    extra: serde_json::Value,
    call: impl std::future::Future<Output = Result<T>>,
) -> Result<T> {
    let out = call.await;
    let mut detail = json!({
        "cluster": t.cluster, "namespace": t.namespace, "kind": kind, "name": t.name,
        "action": action,
        "result": match &out { Ok(_) => "ok".to_owned(), Err(e) => e.to_string() },
    });
    if let (Some(d), Some(x)) = (detail.as_object_mut(), extra.as_object()) {
        d.extend(x.clone());
    }
    let _ = ctx.detail.set(detail.to_string());
    let _ = ctx
        .resource_id
        .set(format!("{}/{}/{}", t.cluster, t.namespace, t.name));
    out
}

/// The namespaces the cluster's kubeconfig user can list (admin).
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces", tag = "kubernetes", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<String>), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn namespaces(
    State(s): State<AppState>,
    _a: AdminUser,
    p: KubePath,
) -> ApiResult<Json<Vec<String>>> {
    Ok(Json(s.services.kube.namespaces(p.id()?).await?))
}

/// Workloads of one kind (`deployments`, `statefulsets`, `daemonsets`) in a
/// namespace: ready/desired, images, creation time. 502 when the cluster
/// refuses (401/403, said in the message), 504 when it does not answer.
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}", tag = "kubernetes",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("kind" = String, Path, description = "deployments, statefulsets or daemonsets")),
    responses((status = 200, body = Vec<Workload>), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn workloads(
    State(s): State<AppState>,
    _a: AdminUser,
    p: KubePath,
) -> ApiResult<Json<Vec<Workload>>> {
    let kind = p.kind()?;
    Ok(Json(
        s.services
            .kube
            .workloads(p.id()?, &p.namespace()?, kind)
            .await?,
    ))
}

/// One workload as YAML (without `managedFields`).
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}/{name}", tag = "kubernetes",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("kind" = String, Path), ("name" = String, Path)),
    responses((status = 200, body = ObjectYaml), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn workload(
    State(s): State<AppState>,
    _a: AdminUser,
    p: KubePath,
) -> ApiResult<Json<ObjectYaml>> {
    let kind = p.kind()?;
    Ok(Json(
        s.services.kube.workload_yaml(&p.target()?, kind).await?,
    ))
}

/// Delete a workload (admin, audited); its pods go with it (background
/// propagation).
#[utoipa::path(delete, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}/{name}", tag = "kubernetes",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("kind" = String, Path), ("name" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn delete_workload(
    State(s): State<AppState>,
    _a: AdminUser,
    Ctx(ctx): Ctx,
    p: KubePath,
) -> ApiResult<StatusCode> {
    let (kind, t) = (p.kind()?, p.target()?);
    audited(
        &ctx,
        &t,
        kind.as_str(),
        "delete",
        json!({}),
        s.services.kube.delete_workload(&t, kind),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The pods a workload selects.
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}/{name}/pods", tag = "kubernetes",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("kind" = String, Path), ("name" = String, Path)),
    responses((status = 200, body = Vec<Pod>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn workload_pods(
    State(s): State<AppState>,
    _a: AdminUser,
    p: KubePath,
) -> ApiResult<Json<Vec<Pod>>> {
    let kind = p.kind()?;
    Ok(Json(
        s.services.kube.workload_pods(&p.target()?, kind).await?,
    ))
}

/// Scale a Deployment or StatefulSet (admin, audited): `replicas` 0–1000;
/// a DaemonSet is 422 `kind`.
#[utoipa::path(post, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}/{name}/scale", tag = "kubernetes",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("kind" = String, Path), ("name" = String, Path)),
    request_body = ScaleInput,
    responses((status = 200, body = Workload), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn scale(
    State(s): State<AppState>,
    _a: AdminUser,
    Ctx(ctx): Ctx,
    p: KubePath,
    ApiJson(input): ApiJson<ScaleInput>,
) -> ApiResult<Json<Workload>> {
    let (kind, t) = (p.kind()?, p.target()?);
    let w = audited(
        &ctx,
        &t,
        kind.as_str(),
        "scale",
        json!({"replicas": input.replicas}),
        s.services.kube.scale(&t, kind, &input),
    )
    .await?;
    Ok(Json(w))
}

/// Rollout restart (admin, audited): stamps the pod template with
/// `kubectl.kubernetes.io/restartedAt`, so every pod is replaced.
#[utoipa::path(post, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}/{name}/restart", tag = "kubernetes",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("kind" = String, Path), ("name" = String, Path)),
    responses((status = 200, body = Workload), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn restart(
    State(s): State<AppState>,
    _a: AdminUser,
    Ctx(ctx): Ctx,
    p: KubePath,
) -> ApiResult<Json<Workload>> {
    let (kind, t) = (p.kind()?, p.target()?);
    let w = audited(
        &ctx,
        &t,
        kind.as_str(),
        "restart",
        json!({}),
        s.services.kube.restart(&t, kind),
    )
    .await?;
    Ok(Json(w))
}

/// The pods in a namespace: phase, IP, node, restarts, creation time.
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods", tag = "kubernetes",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path), ("namespace" = String, Path)),
    responses((status = 200, body = Vec<Pod>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn pods(
    State(s): State<AppState>,
    _a: AdminUser,
    p: KubePath,
) -> ApiResult<Json<Vec<Pod>>> {
    Ok(Json(s.services.kube.pods(p.id()?, &p.namespace()?).await?))
}

/// One pod as YAML.
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods/{name}", tag = "kubernetes",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("name" = String, Path)),
    responses((status = 200, body = ObjectYaml), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn pod(
    State(s): State<AppState>,
    _a: AdminUser,
    p: KubePath,
) -> ApiResult<Json<ObjectYaml>> {
    Ok(Json(s.services.kube.pod_yaml(&p.target()?).await?))
}

/// Delete a pod (admin, audited); its controller, if any, replaces it.
#[utoipa::path(delete, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods/{name}", tag = "kubernetes",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("name" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn delete_pod(
    State(s): State<AppState>,
    _a: AdminUser,
    Ctx(ctx): Ctx,
    p: KubePath,
) -> ApiResult<StatusCode> {
    let t = p.target()?;
    audited(
        &ctx,
        &t,
        "Pod",
        "delete",
        json!({}),
        s.services.kube.delete_pod(&t),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The services in a namespace: type, cluster IP, ports (with node ports).
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/services", tag = "kubernetes",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path), ("namespace" = String, Path)),
    responses((status = 200, body = Vec<Service>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn services(
    State(s): State<AppState>,
    _a: AdminUser,
    p: KubePath,
) -> ApiResult<Json<Vec<Service>>> {
    Ok(Json(
        s.services.kube.services(p.id()?, &p.namespace()?).await?,
    ))
}

/// One service as YAML.
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/services/{name}", tag = "kubernetes",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("name" = String, Path)),
    responses((status = 200, body = ObjectYaml), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn service(
    State(s): State<AppState>,
    _a: AdminUser,
    p: KubePath,
) -> ApiResult<Json<ObjectYaml>> {
    Ok(Json(s.services.kube.service_yaml(&p.target()?).await?))
}

/// Where a service sends traffic: its cluster IP and node ports, and the
/// addresses (pods) behind it, ready or not.
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/services/{name}/endpoints", tag = "kubernetes",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("name" = String, Path)),
    responses((status = 200, body = ServiceEndpoints), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn service_endpoints(
    State(s): State<AppState>,
    _a: AdminUser,
    p: KubePath,
) -> ApiResult<Json<ServiceEndpoints>> {
    Ok(Json(s.services.kube.service_endpoints(&p.target()?).await?))
}

/// The cluster's CPU and memory use, per node and summed (metrics.k8s.io).
/// 502 saying "install metrics-server" when the cluster does not serve it.
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/metrics", tag = "kubernetes", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    responses((status = 200, body = ClusterUsage), (status = 404, body = ErrorBody), (status = 502, body = ErrorBody),
        (status = 504, body = ErrorBody)))]
pub async fn cluster_metrics(
    State(s): State<AppState>,
    _a: AdminUser,
    p: KubePath,
) -> ApiResult<Json<ClusterUsage>> {
    Ok(Json(s.services.kube.cluster_usage(p.id()?).await?))
}

/// The pods' CPU and memory use in a namespace (metrics.k8s.io).
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/metrics/pods", tag = "kubernetes",
    security(("bearer" = ["admin"])),
    params(("id" = i64, Path), ("namespace" = String, Path)),
    responses((status = 200, body = Vec<Usage>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn pod_metrics(
    State(s): State<AppState>,
    _a: AdminUser,
    p: KubePath,
) -> ApiResult<Json<Vec<Usage>>> {
    Ok(Json(
        s.services.kube.pod_usage(p.id()?, &p.namespace()?).await?,
    ))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(namespaces))
        .routes(routes!(workloads))
        .routes(routes!(workload, delete_workload))
        .routes(routes!(workload_pods))
        .routes(routes!(scale))
        .routes(routes!(restart))
        .routes(routes!(pods))
        .routes(routes!(pod, delete_pod))
        .routes(routes!(services))
        .routes(routes!(service))
        .routes(routes!(service_endpoints))
        .routes(routes!(cluster_metrics))
        .routes(routes!(pod_metrics))
}
