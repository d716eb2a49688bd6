//! A cluster's objects: namespaces, workloads, pods (with their logs and a
//! terminal), services, metrics, under `/api/v1/k8s/clusters/{id}/…`. Admins
//! may do anything; a user what their grants allow — the service checks
//! each call (`KubeService::authorize`, the policy's `check_k8s`). Every
//! change is audited with what it touched (cluster, namespace, kind, name,
//! action) and its result; never a kubeconfig or an object's content.

use std::collections::HashMap;
use std::convert::Infallible;

use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures::StreamExt;
use serde_json::json;
use tianqi_core::kube::resources::{
    ClusterUsage, ObjectYaml, Pod, PodLogQuery, PodLogs, PodTerminalQuery, ScaleInput, Service,
    ServiceEndpoints, Usage, Workload, WorkloadKind,
};
use tianqi_core::{Error, Result};
use tianqi_service::kube::Target;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{Ctx, CurrentUser, RequestContext};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery};
use crate::routes::instances::terminal::{same_origin, WsUser, SUBPROTOCOL};
use crate::state::AppState;
use crate::terminal::{bridge_pod, Account};

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

/// The namespaces the cluster's kubeconfig user can list; a user sees
/// those their grants cover (404 without any grant on the cluster).
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces", tag = "kubernetes", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<String>), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn namespaces(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    p: KubePath,
) -> ApiResult<Json<Vec<String>>> {
    Ok(Json(s.services.kube.namespaces(&me, p.id()?).await?))
}

/// Workloads of one kind (`deployments`, `statefulsets`, `daemonsets`) in a
/// namespace: ready/desired, images, creation time. 502 when the cluster
/// refuses (401/403, said in the message), 504 when it does not answer.
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}", tag = "kubernetes",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("kind" = String, Path, description = "deployments, statefulsets or daemonsets")),
    responses((status = 200, body = Vec<Workload>), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn workloads(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    p: KubePath,
) -> ApiResult<Json<Vec<Workload>>> {
    let kind = p.kind()?;
    Ok(Json(
        s.services
            .kube
            .workloads(&me, p.id()?, &p.namespace()?, kind)
            .await?,
    ))
}

/// One workload as YAML (without `managedFields`).
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}/{name}", tag = "kubernetes",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("kind" = String, Path), ("name" = String, Path)),
    responses((status = 200, body = ObjectYaml), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn workload(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    p: KubePath,
) -> ApiResult<Json<ObjectYaml>> {
    let kind = p.kind()?;
    Ok(Json(
        s.services
            .kube
            .workload_yaml(&me, &p.target()?, kind)
            .await?,
    ))
}

/// Delete a workload (write grant, audited); its pods go with it (background
/// propagation).
#[utoipa::path(delete, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}/{name}", tag = "kubernetes",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("kind" = String, Path), ("name" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn delete_workload(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
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
        s.services.kube.delete_workload(&me, &t, kind),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The pods a workload selects.
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}/{name}/pods", tag = "kubernetes",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("kind" = String, Path), ("name" = String, Path)),
    responses((status = 200, body = Vec<Pod>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn workload_pods(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    p: KubePath,
) -> ApiResult<Json<Vec<Pod>>> {
    let kind = p.kind()?;
    Ok(Json(
        s.services
            .kube
            .workload_pods(&me, &p.target()?, kind)
            .await?,
    ))
}

/// Scale a Deployment or StatefulSet (write grant, audited): `replicas` 0–1000;
/// a DaemonSet is 422 `kind`.
#[utoipa::path(post, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}/{name}/scale", tag = "kubernetes",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("kind" = String, Path), ("name" = String, Path)),
    request_body = ScaleInput,
    responses((status = 200, body = Workload), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn scale(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
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
        s.services.kube.scale(&me, &t, kind, &input),
    )
    .await?;
    Ok(Json(w))
}

/// Rollout restart (write grant, audited): stamps the pod template with
/// `kubectl.kubernetes.io/restartedAt`, so every pod is replaced.
#[utoipa::path(post, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}/{name}/restart", tag = "kubernetes",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("kind" = String, Path), ("name" = String, Path)),
    responses((status = 200, body = Workload), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn restart(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
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
        s.services.kube.restart(&me, &t, kind),
    )
    .await?;
    Ok(Json(w))
}

/// The pods in a namespace: phase, IP, node, restarts, creation time.
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods", tag = "kubernetes",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("namespace" = String, Path)),
    responses((status = 200, body = Vec<Pod>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn pods(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    p: KubePath,
) -> ApiResult<Json<Vec<Pod>>> {
    Ok(Json(
        s.services.kube.pods(&me, p.id()?, &p.namespace()?).await?,
    ))
}

/// One pod as YAML.
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods/{name}", tag = "kubernetes",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("name" = String, Path)),
    responses((status = 200, body = ObjectYaml), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn pod(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    p: KubePath,
) -> ApiResult<Json<ObjectYaml>> {
    Ok(Json(s.services.kube.pod_yaml(&me, &p.target()?).await?))
}

/// Delete a pod (write grant, audited); its controller, if any, replaces it.
#[utoipa::path(delete, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods/{name}", tag = "kubernetes",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("name" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn delete_pod(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
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
        s.services.kube.delete_pod(&me, &t),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The services in a namespace: type, cluster IP, ports (with node ports).
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/services", tag = "kubernetes",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("namespace" = String, Path)),
    responses((status = 200, body = Vec<Service>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn services(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    p: KubePath,
) -> ApiResult<Json<Vec<Service>>> {
    Ok(Json(
        s.services
            .kube
            .services(&me, p.id()?, &p.namespace()?)
            .await?,
    ))
}

/// One service as YAML.
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/services/{name}", tag = "kubernetes",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("name" = String, Path)),
    responses((status = 200, body = ObjectYaml), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn service(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    p: KubePath,
) -> ApiResult<Json<ObjectYaml>> {
    Ok(Json(s.services.kube.service_yaml(&me, &p.target()?).await?))
}

/// Where a service sends traffic: its cluster IP and node ports, and the
/// addresses (pods) behind it, ready or not.
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/services/{name}/endpoints", tag = "kubernetes",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("name" = String, Path)),
    responses((status = 200, body = ServiceEndpoints), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn service_endpoints(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    p: KubePath,
) -> ApiResult<Json<ServiceEndpoints>> {
    Ok(Json(
        s.services.kube.service_endpoints(&me, &p.target()?).await?,
    ))
}

/// The cluster's CPU and memory use, per node and summed (metrics.k8s.io).
/// 502 saying "install metrics-server" when the cluster does not serve it.
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/metrics", tag = "kubernetes", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = ClusterUsage), (status = 404, body = ErrorBody), (status = 502, body = ErrorBody),
        (status = 504, body = ErrorBody)))]
pub async fn cluster_metrics(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    p: KubePath,
) -> ApiResult<Json<ClusterUsage>> {
    Ok(Json(s.services.kube.cluster_usage(&me, p.id()?).await?))
}

/// The pods' CPU and memory use in a namespace (metrics.k8s.io).
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/metrics/pods", tag = "kubernetes",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("namespace" = String, Path)),
    responses((status = 200, body = Vec<Usage>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn pod_metrics(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    p: KubePath,
) -> ApiResult<Json<Vec<Usage>>> {
    Ok(Json(
        s.services
            .kube
            .pod_usage(&me, p.id()?, &p.namespace()?)
            .await?,
    ))
}

/// A pod's log: the last `tail_lines` lines as JSON, or with `follow=true`
/// Server-Sent Events — `event: log` `{"line"}` per line as the container
/// writes it, `event: error` with the message when the stream breaks (the
/// cluster went away), `event: end` `{"reason"}` when it ends: `"log ended"`
/// (the container stopped, the pod was deleted), `"access ended"` (the
/// grant was revoked, the token ended), `"server stopping"`.
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods/{name}/logs", tag = "kubernetes",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("name" = String, Path), PodLogQuery),
    responses((status = 200, body = PodLogs, description = "the lines; with follow=true a text/event-stream"),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody),
        (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn pod_logs(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    p: KubePath,
    ApiQuery(q): ApiQuery<PodLogQuery>,
) -> ApiResult<Response> {
    let (t, r) = (p.target()?, q.checked()?);
    if !r.follow {
        return Ok(Json(s.services.kube.pod_logs(&me, &t, &r).await?).into_response());
    }
    let (live, lines) = s.services.kube.follow_pod_logs(&me, &t, &r).await?;
    // The lines until the log or the session ends, then one `end` event
    // saying which, and the stream closes.
    let why = Box::pin(live.ended_why());
    let events = futures::stream::unfold(Some((lines, why, live)), |state| async move {
        let (mut lines, mut why, live) = state?;
        let ev = tokio::select! {
            item = lines.next() => match item {
                Some(Ok(line)) => Event::default()
                    .event("log")
                    .json_data(json!({"line": line}))
                    .unwrap_or_default(),
                Some(Err(e)) => Event::default().event("error").data(e.to_string()),
                None => return Some((Ok::<_, Infallible>(end_event("log ended")), None)),
            },
            why = &mut why => return Some((Ok(end_event(why.as_str())), None)),
        };
        Some((Ok(ev), Some((lines, why, live))))
    });
    Ok(Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response())
}

fn end_event(reason: &str) -> Event {
    Event::default()
        .event("end")
        .json_data(json!({"reason": reason}))
        .unwrap_or_default()
}

/// Open a shell in a pod's container over WebSocket (write grant): the
/// same protocol as the instance terminal (docs/TERMINAL.md) — subprotocol
/// `tianqi.terminal`, the token as `tianqi.token.<token>` from browsers,
/// same-origin only — bridged to an exec of a login shell (`bash` when the
/// image has it, else `sh`) with a TTY over the cluster's WebSocket
/// protocol. `{"type":"exit","code":N}` when the shell ends. Audited when it
/// ends, like instance terminals.
#[utoipa::path(get, path = "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods/{name}/terminal", tag = "kubernetes",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("namespace" = String, Path), ("name" = String, Path), PodTerminalQuery),
    responses((status = 101, description = "Switching to the WebSocket protocol"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody), (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn pod_terminal(
    State(s): State<AppState>,
    WsUser(me): WsUser,
    Ctx(ctx): Ctx,
    p: KubePath,
    ApiQuery(q): ApiQuery<PodTerminalQuery>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> ApiResult<Response> {
    if !same_origin(&headers) {
        return Err(Error::forbidden("cross-origin WebSocket refused").into());
    }
    if me.must_change_password {
        return Err(
            Error::forbidden("choose a new password first (POST /api/v1/me/password)").into(),
        );
    }
    let t = p.target()?;
    let container = q.container()?;
    let cols = q.cols.unwrap_or(80).clamp(10, 1000);
    let rows = q.rows.unwrap_or(24).clamp(5, 500);
    // Everything that can fail happens before the upgrade: errors are
    // ordinary HTTP answers.
    let (live, shell) = s
        .services
        .kube
        .open_pod_terminal(&me, &t, container.as_deref(), cols, rows)
        .await?;
    let account = Account {
        state: s.clone(),
        me,
        route: "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods/{name}/terminal",
        resource_id: format!("{}/{}/{}", t.cluster, t.namespace, t.name),
        source_ip: ctx.source_ip.clone(),
        started: s.services.ctx.clock.now(),
        about: json!({"cluster": t.cluster, "namespace": t.namespace, "pod": t.name,
                      "container": container}),
    };
    Ok(ws
        .protocols([SUBPROTOCOL])
        .on_upgrade(move |socket| bridge_pod(socket, shell, live, account)))
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
        .routes(routes!(pod_logs))
        .routes(routes!(pod_terminal))
        .routes(routes!(services))
        .routes(routes!(service))
        .routes(routes!(service_endpoints))
        .routes(routes!(cluster_metrics))
        .routes(routes!(pod_metrics))
}
