//! metrics.k8s.io, served only when the cluster has metrics.

use super::*;

pub(super) fn metrics_absent() -> Response {
    status(
        StatusCode::NOT_FOUND,
        "NotFound",
        "the server could not find the requested resource",
    )
}

pub(super) async fn node_metrics(
    State(s): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = admit(&s, &uri, "GET", &headers) {
        return *r;
    }
    let Some(m) = lock(&s.cluster).metrics.clone() else {
        return metrics_absent();
    };
    let items: Vec<Value> = m
        .nodes
        .iter()
        .map(|(n, (cpu, mem))| {
            json!({
        "metadata": {"name": n}, "timestamp": "2026-12-03T00:00:00Z", "window": "20s",
        "usage": {"cpu": cpu, "memory": mem}})
        })
        .collect();
    Json(json!({"kind": "NodeMetricsList", "apiVersion": "metrics.k8s.io/v1beta1", "metadata": {}, "items": items}))
        .into_response()
}

pub(super) async fn pod_metrics(
    State(s): State<Arc<Shared>>,
    Path(ns): Path<String>,
    uri: Uri,
    method: Method,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = admit_in(&s, &uri, &method, &headers, &ns) {
        return *r;
    }
    let Some(m) = lock(&s.cluster).metrics.clone() else {
        return metrics_absent();
    };
    let items: Vec<Value> = m.pods.iter().filter(|((n, _), _)| *n == ns).map(|((n, p), (cpu, mem))| json!({
        "metadata": {"name": p, "namespace": n}, "timestamp": "2026-12-03T00:00:00Z", "window": "20s",
        "containers": [{"name": "main", "usage": {"cpu": cpu, "memory": mem}}]})).collect();
    Json(json!({"kind": "PodMetricsList", "apiVersion": "metrics.k8s.io/v1beta1", "metadata": {}, "items": items}))
        .into_response()
}
