//! A small fake Kubernetes API server (feature `fake`), speaking real HTTP on
//! loopback, for the tests and the console's end-to-end run: no real API
//! server can run on the machines this project is built on. It keeps its
//! objects in memory and checks a bearer token like an API server (401
//! `Status` otherwise). It serves what the driver calls; later layers (and
//! issue 20) grow it here, not in a test file.
//!
//! Objects: an in-memory store keyed by (plural, namespace, name) behind
//! the core (`/api/v1`) and apps (`/apis/apps/v1`) paths, with list (label
//! selectors of `k=v` terms), get, JSON merge patch and delete; a patched
//! `spec.replicas` is "rolled out" at once (status follows), as a
//! controller would. metrics.k8s.io is served only when metrics are set
//! (`FakeCluster::metrics`), as with metrics-server installed. Namespaces in
//! `forbidden` answer 403 like RBAC.
//!
//! Streams: a pod's log (`…/pods/{name}/log`, `tailLines`, `follow` — new
//! lines come from [`FakeApiServer::append_log`]; deleting the pod or
//! stopping the server ends a followed log) and exec (`…/pods/{name}/exec`)
//! upgraded to a WebSocket speaking `v4.channel.k8s.io`: stdin on channel
//! 0, output on 1, the exit `Status` on 3, resizes on 4. Behind it runs a
//! tiny shell ([`FakeShell`]: `echo`, `stty size`, `hostname`, `exit [n]`),
//! so a test can type into a pod terminal and read real answers.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// What the fake cluster holds.
#[derive(Debug, Clone)]
pub struct FakeCluster {
    pub token: String,
    pub git_version: String,
    pub namespaces: Vec<String>,
    /// Namespaces whose objects RBAC forbids (403).
    pub forbidden: Vec<String>,
    /// Objects by (plural, namespace, name).
    pub objects: BTreeMap<(String, String, String), Value>,
    /// `usage` per node and per pod (namespace, name); `None`: metrics-server
    /// is not installed (metrics.k8s.io answers 404).
    pub metrics: Option<FakeMetrics>,
    /// Log lines per (namespace, pod), oldest first.
    pub logs: BTreeMap<(String, String), Vec<String>>,
}

/// One exec the fake served: what was asked and what the client did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeExec {
    pub namespace: String,
    pub pod: String,
    pub container: Option<String>,
    pub command: Vec<String>,
    /// Every size the client sent on channel 4, (cols, rows).
    pub resizes: Vec<(u16, u16)>,
    /// Still connected.
    pub open: bool,
}

#[derive(Debug, Clone, Default)]
pub struct FakeMetrics {
    /// node → (cpu, memory) quantities.
    pub nodes: BTreeMap<String, (String, String)>,
    /// (namespace, pod) → (cpu, memory) of its one container.
    pub pods: BTreeMap<(String, String), (String, String)>,
}

impl FakeCluster {
    /// A cluster with something to look at in `team-a`: Deployment `web`
    /// (2 replicas, pods `web-1`/`web-2`), StatefulSet `db` (pod `db-0`),
    /// DaemonSet `agent`, Service `web` (NodePort) with its endpoints, and
    /// metrics for two nodes and the pods.
    pub fn sample() -> Self {
        let mut c = Self::default();
        let ns = "team-a";
        let template = |app: &str, image: &str| {
            json!({"metadata": {"labels": {"app": app}},
                   "spec": {"containers": [{"name": app, "image": image}]}})
        };
        let meta = |name: &str| {
            json!({"name": name, "namespace": ns, "uid": format!("uid-{name}"),
                   "creationTimestamp": "2026-12-01T08:00:00Z", "labels": {"app": name},
                   "managedFields": [{"manager": "kubectl", "operation": "Apply"}]})
        };
        c.put("deployments", json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta("web"),
            "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}}, "template": template("web", "nginx:1.27")},
            "status": {"replicas": 2, "readyReplicas": 2}}));
        c.put("statefulsets", json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": meta("db"),
            "spec": {"replicas": 1, "serviceName": "db", "selector": {"matchLabels": {"app": "db"}}, "template": template("db", "postgres:17")},
            "status": {"replicas": 1, "readyReplicas": 1}}));
        c.put("daemonsets", json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": meta("agent"),
            "spec": {"selector": {"matchLabels": {"app": "agent"}}, "template": template("agent", "busybox:1.36")},
            "status": {"desiredNumberScheduled": 2, "numberReady": 1, "currentNumberScheduled": 2, "numberMisscheduled": 0}}));
        for (pod, app, ip, node) in [
            ("web-1", "web", "10.1.0.11", "node-1"),
            ("web-2", "web", "10.1.0.12", "node-2"),
            ("db-0", "db", "10.1.0.20", "node-1"),
        ] {
            let mut m = meta(pod);
            m["labels"] = json!({"app": app});
            c.put("pods", json!({"apiVersion": "v1", "kind": "Pod", "metadata": m,
                "spec": {"nodeName": node, "containers": [{"name": app, "image": "img"}]},
                "status": {"phase": "Running", "podIP": ip, "containerStatuses": [
                    {"name": app, "ready": true, "restartCount": 1, "image": "img", "imageID": ""}]}}));
        }
        c.put("services", json!({"apiVersion": "v1", "kind": "Service", "metadata": meta("web"),
            "spec": {"type": "NodePort", "clusterIP": "10.96.0.10", "selector": {"app": "web"},
                     "ports": [{"name": "http", "protocol": "TCP", "port": 80, "targetPort": 8080, "nodePort": 30080}]}}));
        c.put("endpoints", json!({"apiVersion": "v1", "kind": "Endpoints", "metadata": meta("web"),
            "subsets": [{"addresses": [
                {"ip": "10.1.0.11", "nodeName": "node-1", "targetRef": {"kind": "Pod", "name": "web-1", "namespace": ns}},
                {"ip": "10.1.0.12", "nodeName": "node-2", "targetRef": {"kind": "Pod", "name": "web-2", "namespace": ns}}],
                "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}]}]}));
        let mut metrics = FakeMetrics::default();
        metrics
            .nodes
            .insert("node-1".into(), ("250m".into(), "1Gi".into()));
        metrics
            .nodes
            .insert("node-2".into(), ("750m".into(), "2Gi".into()));
        for pod in ["web-1", "web-2", "db-0"] {
            metrics
                .pods
                .insert((ns.into(), pod.into()), ("5m".into(), "64Mi".into()));
        }
        c.metrics = Some(metrics);
        c.logs.insert(
            (ns.into(), "web-1".into()),
            (1..=5).map(|i| format!("web-1 line {i}")).collect(),
        );
        c
    }

    /// Stores an object under its `metadata.namespace`/`name`.
    pub fn put(&mut self, plural: &str, obj: Value) {
        let ns = obj["metadata"]["namespace"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let name = obj["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        self.objects.insert((plural.to_owned(), ns, name), obj);
    }
}

impl Default for FakeCluster {
    fn default() -> Self {
        Self {
            token: "fake-token-0123456789".into(),
            git_version: "v1.31.2-fake".into(),
            namespaces: vec!["default".into(), "kube-system".into(), "team-a".into()],
            forbidden: Vec::new(),
            objects: BTreeMap::new(),
            metrics: None,
            logs: BTreeMap::new(),
        }
    }
}

struct Shared {
    cluster: Mutex<FakeCluster>,
    /// `METHOD path?query` of every request, in order.
    requests: Mutex<Vec<String>>,
    execs: Mutex<Vec<FakeExec>>,
    /// New log lines: (namespace, pod, line); `None` for the line: the pod
    /// went away, its followed logs end.
    log_tx: tokio::sync::broadcast::Sender<(String, String, Option<String>)>,
    /// Set when the server stops: open streams break off as a dead
    /// cluster's would (axum leaves upgraded and streaming connections be).
    gone: tokio::sync::watch::Sender<bool>,
}

pub struct FakeApiServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

fn status(code: StatusCode, reason: &str, message: &str) -> Response {
    (
        code,
        Json(
            json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                    "message": message, "reason": reason, "code": code.as_u16()}),
        ),
    )
        .into_response()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Records the request and checks the bearer token (the 401 boxed: a
/// response is large for an `Err`).
fn admit(s: &Shared, uri: &Uri, method: &str, headers: &HeaderMap) -> Result<(), Box<Response>> {
    lock(&s.requests).push(format!("{method} {uri}"));
    let want = format!("Bearer {}", lock(&s.cluster).token);
    match headers.get("authorization").and_then(|v| v.to_str().ok()) {
        Some(got) if got == want => Ok(()),
        _ => Err(Box::new(status(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "Unauthorized",
        ))),
    }
}

async fn version(State(s): State<Arc<Shared>>, uri: Uri, headers: HeaderMap) -> Response {
    if let Err(r) = admit(&s, &uri, "GET", &headers) {
        return *r;
    }
    let v = lock(&s.cluster).git_version.clone();
    Json(
        json!({"major": "1", "minor": "31", "gitVersion": v, "gitCommit": "fake",
                "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z",
                "goVersion": "go1.23", "compiler": "gc", "platform": "linux/amd64"}),
    )
    .into_response()
}

async fn namespaces(State(s): State<Arc<Shared>>, uri: Uri, headers: HeaderMap) -> Response {
    if let Err(r) = admit(&s, &uri, "GET", &headers) {
        return *r;
    }
    let items: Vec<Value> = lock(&s.cluster)
        .namespaces
        .iter()
        .map(|n| json!({"metadata": {"name": n}, "status": {"phase": "Active"}}))
        .collect();
    Json(
        json!({"apiVersion": "v1", "kind": "NamespaceList", "metadata": {"resourceVersion": "1"},
                "items": items}),
    )
    .into_response()
}

/// The plurals each API group serves here.
const CORE: [&str; 4] = ["pods", "services", "endpoints", "persistentvolumeclaims"];
const APPS: [&str; 3] = ["deployments", "statefulsets", "daemonsets"];

fn kind_of(plural: &str) -> &'static str {
    match plural {
        "pods" => "Pod",
        "services" => "Service",
        "endpoints" => "Endpoints",
        "persistentvolumeclaims" => "PersistentVolumeClaim",
        "deployments" => "Deployment",
        "statefulsets" => "StatefulSet",
        _ => "DaemonSet",
    }
}

/// Which group a path's prefix names, or a 404 for one not served.
fn served(group: &str, plural: &str) -> Result<(), Box<Response>> {
    let ok = match group {
        "core" => CORE.contains(&plural),
        _ => APPS.contains(&plural),
    };
    if ok {
        Ok(())
    } else {
        Err(Box::new(status(
            StatusCode::NOT_FOUND,
            "NotFound",
            "the server could not find the requested resource",
        )))
    }
}

fn not_found(plural: &str, name: &str) -> Response {
    status(
        StatusCode::NOT_FOUND,
        "NotFound",
        &format!("{plural} \"{name}\" not found"),
    )
}

/// `k=v` terms joined by `,` (what the driver sends for matchLabels).
fn selects(obj: &Value, selector: Option<&str>) -> bool {
    let Some(sel) = selector.filter(|s| !s.is_empty()) else {
        return true;
    };
    let labels = &obj["metadata"]["labels"];
    sel.split(',').all(|term| match term.split_once('=') {
        Some((k, v)) => labels[k].as_str() == Some(v),
        None => labels.get(term).is_some(),
    })
}

/// RFC 7386 JSON merge patch.
fn merge(target: &mut Value, patch: &Value) {
    let Some(p) = patch.as_object() else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = json!({});
    }
    if let Some(t) = target.as_object_mut() {
        for (k, v) in p {
            if v.is_null() {
                t.remove(k);
            } else {
                merge(t.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
    }
}

/// Admits a namespaced request: token, then RBAC on the namespace.
fn admit_in(
    s: &Shared,
    uri: &Uri,
    method: &Method,
    headers: &HeaderMap,
    ns: &str,
) -> Result<(), Box<Response>> {
    admit(s, uri, method.as_str(), headers)?;
    if lock(&s.cluster).forbidden.iter().any(|f| f == ns) {
        return Err(Box::new(status(
            StatusCode::FORBIDDEN,
            "Forbidden",
            &format!("User \"fake-admin\" cannot access resources in the namespace \"{ns}\""),
        )));
    }
    Ok(())
}

async fn list_objects(
    State(s): State<Arc<Shared>>,
    Path((ns, plural)): Path<(String, String)>,
    Query(q): Query<BTreeMap<String, String>>,
    uri: Uri,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let group = if uri.path().starts_with("/api/v1/") {
        "core"
    } else {
        "apps"
    };
    if let Err(r) = admit_in(&s, &uri, &method, &headers, &ns).and_then(|()| served(group, &plural))
    {
        return *r;
    }
    let items: Vec<Value> = lock(&s.cluster)
        .objects
        .iter()
        .filter(|((p, n, _), o)| {
            *p == plural && *n == ns && selects(o, q.get("labelSelector").map(String::as_str))
        })
        .map(|(_, o)| o.clone())
        .collect();
    let version = if group == "core" { "v1" } else { "apps/v1" };
    Json(
        json!({"apiVersion": version, "kind": format!("{}List", kind_of(&plural)),
                "metadata": {"resourceVersion": "1"}, "items": items}),
    )
    .into_response()
}

/// A create (core group): stored as sent, with what the API server adds,
/// and at once the state its controllers would reach — a Pod running its
/// containers, a claim bound. An existing name is 409 AlreadyExists.
async fn create_object(
    State(s): State<Arc<Shared>>,
    Path((ns, plural)): Path<(String, String)>,
    uri: Uri,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(r) =
        admit_in(&s, &uri, &method, &headers, &ns).and_then(|()| served("core", &plural))
    {
        return *r;
    }
    let Ok(mut obj) = serde_json::from_slice::<Value>(&body) else {
        return status(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "the body is not JSON",
        );
    };
    let Some(name) = obj["metadata"]["name"].as_str().map(str::to_owned) else {
        return status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Invalid",
            "metadata.name: Required value",
        );
    };
    let key = (plural.clone(), ns.clone(), name.clone());
    let mut cluster = lock(&s.cluster);
    if cluster.objects.contains_key(&key) {
        return status(
            StatusCode::CONFLICT,
            "AlreadyExists",
            &format!("{plural} \"{name}\" already exists"),
        );
    }
    let serial = cluster.objects.len() + 1;
    obj["metadata"]["namespace"] = json!(ns);
    obj["metadata"]["uid"] = json!(format!("fake-uid-{serial}"));
    obj["metadata"]["resourceVersion"] = json!(serial.to_string());
    obj["metadata"]["creationTimestamp"] = json!("2026-01-01T00:00:00Z");
    match plural.as_str() {
        "pods" => {
            let running: Vec<Value> = obj["spec"]["containers"]
                .as_array()
                .map(|cs| {
                    cs.iter()
                        .map(|c| json!({"name": c["name"], "image": c["image"], "ready": true,
                                        "restartCount": 0,
                                        "state": {"running": {"startedAt": "2026-01-01T00:00:01Z"}}}))
                        .collect()
                })
                .unwrap_or_default();
            obj["status"] = json!({"phase": "Running", "containerStatuses": running});
        }
        "persistentvolumeclaims" => obj["status"] = json!({"phase": "Bound"}),
        _ => {}
    }
    cluster.objects.insert(key, obj.clone());
    (StatusCode::CREATED, Json(obj)).into_response()
}

async fn one_object(
    State(s): State<Arc<Shared>>,
    Path((ns, plural, name)): Path<(String, String, String)>,
    uri: Uri,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let group = if uri.path().starts_with("/api/v1/") {
        "core"
    } else {
        "apps"
    };
    if let Err(r) = admit_in(&s, &uri, &method, &headers, &ns).and_then(|()| served(group, &plural))
    {
        return *r;
    }
    let key = (plural.clone(), ns, name.clone());
    let mut cluster = lock(&s.cluster);
    match method {
        Method::GET => match cluster.objects.get(&key) {
            Some(o) => Json(o.clone()).into_response(),
            None => not_found(&plural, &name),
        },
        Method::PATCH => {
            let merge_patch = headers.get("content-type").and_then(|v| v.to_str().ok())
                == Some("application/merge-patch+json");
            let patch: Option<Value> = serde_json::from_slice(&body).ok();
            let (true, Some(patch)) = (merge_patch, patch) else {
                return status(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "UnsupportedMediaType",
                    "the fake serves JSON merge patches only",
                );
            };
            let Some(obj) = cluster.objects.get_mut(&key) else {
                return not_found(&plural, &name);
            };
            merge(obj, &patch);
            // The controller, at once: the wanted replicas are the ready ones.
            if let Some(n) = obj["spec"]["replicas"].as_i64() {
                obj["status"]["replicas"] = json!(n);
                obj["status"]["readyReplicas"] = json!(n);
            }
            Json(obj.clone()).into_response()
        }
        Method::DELETE => match cluster.objects.remove(&key) {
            Some(_) if plural == "pods" => {
                let _ = s.log_tx.send((key.1.clone(), name.clone(), None));
                Json(json!({"kind": "Status", "apiVersion": "v1", "metadata": {},
                            "status": "Success", "details": {"name": name, "kind": plural}}))
                .into_response()
            }
            Some(_) => Json(json!({"kind": "Status", "apiVersion": "v1", "metadata": {},
                                   "status": "Success", "details": {"name": name, "kind": plural}}))
            .into_response(),
            None => not_found(&plural, &name),
        },
        _ => status(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            "method not allowed",
        ),
    }
}

fn metrics_absent() -> Response {
    status(
        StatusCode::NOT_FOUND,
        "NotFound",
        "the server could not find the requested resource",
    )
}

async fn node_metrics(State(s): State<Arc<Shared>>, uri: Uri, headers: HeaderMap) -> Response {
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

async fn pod_metrics(
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

/// The pod and its containers, or the API server's answer why not: 404 for
/// no such pod, 400 for a container it does not have (or none named when
/// it has several).
fn pod_container(
    s: &Shared,
    ns: &str,
    pod: &str,
    container: Option<&str>,
) -> Result<Option<String>, Box<Response>> {
    let cluster = lock(&s.cluster);
    let Some(p) = cluster
        .objects
        .get(&("pods".to_owned(), ns.to_owned(), pod.to_owned()))
    else {
        return Err(Box::new(not_found("pods", pod)));
    };
    let names: Vec<String> = p["spec"]["containers"]
        .as_array()
        .map(|cs| {
            cs.iter()
                .filter_map(|c| c["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    match container {
        Some(c) if names.iter().any(|n| n == c) => Ok(Some(c.to_owned())),
        Some(c) => Err(Box::new(status(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            &format!("container {c} is not valid for pod {pod}"),
        ))),
        None if names.len() > 1 => Err(Box::new(status(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            &format!(
                "a container name must be specified for pod {pod}, choose one of: [{}]",
                names.join(" ")
            ),
        ))),
        None => Ok(None),
    }
}

fn query_value<'a>(q: &'a [(String, String)], key: &str) -> Option<&'a str> {
    q.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

async fn pod_log(
    State(s): State<Arc<Shared>>,
    Path((ns, pod)): Path<(String, String)>,
    Query(q): Query<Vec<(String, String)>>,
    uri: Uri,
    method: Method,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = admit_in(&s, &uri, &method, &headers, &ns) {
        return *r;
    }
    if let Err(r) = pod_container(&s, &ns, &pod, query_value(&q, "container")) {
        return *r;
    }
    let tail: usize = query_value(&q, "tailLines")
        .and_then(|t| t.parse().ok())
        .unwrap_or(usize::MAX);
    let follow = query_value(&q, "follow") == Some("true");
    let key = (ns.clone(), pod.clone());
    // Subscribed before the stored lines are read: no line falls between.
    let mut rx = s.log_tx.subscribe();
    let stored: Vec<String> = {
        let cluster = lock(&s.cluster);
        let all = cluster.logs.get(&key).cloned().unwrap_or_default();
        all[all.len().saturating_sub(tail)..].to_vec()
    };
    let head: String = stored.iter().map(|l| format!("{l}\n")).collect();
    if !follow {
        return head.into_response();
    }
    let (tx, mut out) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(64);
    if !head.is_empty() {
        let _ = tx.try_send(Ok(Bytes::from(head)));
    }
    // Forwards the pod's new lines until the client goes (a failed send),
    // the pod is deleted (`None`) or the server stops (the task is dropped
    // with the runtime's connection).
    let mut gone = s.gone.subscribe();
    tokio::spawn(async move {
        use tokio::sync::broadcast::error::RecvError;
        loop {
            let got = tokio::select! {
                got = rx.recv() => got,
                () = went_away(&mut gone) => {
                    let _ = tx.send(Err(std::io::Error::other("the API server went away"))).await;
                    break;
                }
            };
            match got {
                Ok((n, p, line)) if n == key.0 && p == key.1 => {
                    let Some(line) = line else { break };
                    if tx.send(Ok(Bytes::from(format!("{line}\n")))).await.is_err() {
                        break;
                    }
                }
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            }
        }
    });
    let stream = futures::stream::poll_fn(move |cx| out.poll_recv(cx));
    axum::body::Body::from_stream(stream).into_response()
}

/// Resolves once the server stops (or is dropped).
async fn went_away(rx: &mut tokio::sync::watch::Receiver<bool>) {
    loop {
        let gone = *rx.borrow_and_update();
        if gone || rx.changed().await.is_err() {
            return;
        }
    }
}

/// The v4 channel numbers.
const STDIN: u8 = 0;
const STDOUT: u8 = 1;
const ERROR: u8 = 3;
const RESIZE: u8 = 4;

async fn pod_exec(
    State(s): State<Arc<Shared>>,
    Path((ns, pod)): Path<(String, String)>,
    Query(q): Query<Vec<(String, String)>>,
    uri: Uri,
    method: Method,
    headers: HeaderMap,
    ws: axum::extract::ws::WebSocketUpgrade,
) -> Response {
    if let Err(r) = admit_in(&s, &uri, &method, &headers, &ns) {
        return *r;
    }
    let container = match pod_container(&s, &ns, &pod, query_value(&q, "container")) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let command: Vec<String> = q
        .iter()
        .filter(|(k, _)| k == "command")
        .map(|(_, v)| v.clone())
        .collect();
    let index = {
        let mut execs = lock(&s.execs);
        execs.push(FakeExec {
            namespace: ns,
            pod: pod.clone(),
            container,
            command,
            resizes: Vec::new(),
            open: true,
        });
        execs.len() - 1
    };
    ws.protocols(["v4.channel.k8s.io"])
        .on_upgrade(move |socket| serve_exec(socket, s, index, pod))
}

async fn serve_exec(
    mut socket: axum::extract::ws::WebSocket,
    s: Arc<Shared>,
    index: usize,
    pod: String,
) {
    use axum::extract::ws::Message;
    let out = |bytes: &[u8]| {
        let mut v = Vec::with_capacity(bytes.len() + 1);
        v.push(STDOUT);
        v.extend_from_slice(bytes);
        Message::Binary(v.into())
    };
    let mut shell = FakeShell::new(&pod);
    let mut exit = None;
    let mut gone = s.gone.subscribe();
    if socket.send(out(FakeShell::PROMPT.as_bytes())).await.is_ok() {
        loop {
            let msg = tokio::select! {
                m = socket.recv() => m,
                () = went_away(&mut gone) => None,
            };
            let Some(Ok(msg)) = msg else { break };
            let Message::Binary(b) = msg else {
                if matches!(msg, Message::Close(_)) {
                    break;
                }
                continue;
            };
            match b.first() {
                Some(&STDIN) => {
                    let (echo, ended) = shell.feed(&b[1..]);
                    if !echo.is_empty() && socket.send(out(echo.as_bytes())).await.is_err() {
                        break;
                    }
                    if ended.is_some() {
                        exit = ended;
                        break;
                    }
                }
                Some(&RESIZE) => {
                    let v: Value = serde_json::from_slice(&b[1..]).unwrap_or(Value::Null);
                    let (cols, rows) = (
                        u16::try_from(v["Width"].as_u64().unwrap_or(0)).unwrap_or(0),
                        u16::try_from(v["Height"].as_u64().unwrap_or(0)).unwrap_or(0),
                    );
                    shell.size = (cols, rows);
                    if let Some(e) = lock(&s.execs).get_mut(index) {
                        e.resizes.push((cols, rows));
                    }
                }
                _ => {}
            }
        }
    }
    if let Some(code) = exit {
        let status = if code == 0 {
            json!({"metadata": {}, "status": "Success"})
        } else {
            json!({"metadata": {}, "status": "Failure",
                   "message": format!("command terminated with non-zero exit code: exit status {code}"),
                   "reason": "NonZeroExitCode",
                   "details": {"causes": [{"reason": "ExitCode", "message": code.to_string()}]}})
        };
        let mut v = vec![ERROR];
        v.extend_from_slice(status.to_string().as_bytes());
        let _ = socket.send(Message::Binary(v.into())).await;
        let _ = socket.send(Message::Close(None)).await;
    }
    if let Some(e) = lock(&s.execs).get_mut(index) {
        e.open = false;
    }
}

/// The shell behind the fake's exec: a TTY's echo and line editing, and a
/// few commands a test can check answers of.
pub struct FakeShell {
    pod: String,
    line: String,
    /// (cols, rows) as the last resize said.
    pub size: (u16, u16),
}

impl FakeShell {
    pub const PROMPT: &'static str = "/ # ";

    pub fn new(pod: &str) -> Self {
        Self {
            pod: pod.to_owned(),
            line: String::new(),
            size: (80, 24),
        }
    }

    /// Takes typed bytes; answers what the terminal shows and, once the
    /// shell exits, its exit code.
    pub fn feed(&mut self, bytes: &[u8]) -> (String, Option<i32>) {
        let mut shown = String::new();
        for ch in String::from_utf8_lossy(bytes).chars() {
            match ch {
                '\r' | '\n' => {
                    shown.push_str("\r\n");
                    let line = std::mem::take(&mut self.line);
                    match self.run(line.trim()) {
                        Ok(answer) => {
                            shown.push_str(&answer);
                            shown.push_str(Self::PROMPT);
                        }
                        Err(code) => return (shown, Some(code)),
                    }
                }
                '\u{7f}' | '\u{8}' => {
                    if self.line.pop().is_some() {
                        shown.push_str("\u{8} \u{8}");
                    }
                }
                '\u{3}' => {
                    self.line.clear();
                    shown.push_str("^C\r\n");
                    shown.push_str(Self::PROMPT);
                }
                '\u{4}' if self.line.is_empty() => return (shown, Some(0)),
                c => {
                    self.line.push(c);
                    shown.push(c);
                }
            }
        }
        (shown, None)
    }

    /// One command line: its output, or `Err(code)` for `exit`.
    fn run(&self, line: &str) -> Result<String, i32> {
        let (cmd, rest) = line.split_once(' ').unwrap_or((line, ""));
        Ok(match cmd {
            "" => String::new(),
            "exit" => return Err(rest.trim().parse().unwrap_or(0)),
            "echo" => format!("{rest}\r\n"),
            "hostname" => format!("{}\r\n", self.pod),
            "stty" if rest.trim() == "size" => format!("{} {}\r\n", self.size.1, self.size.0),
            other => format!("sh: {other}: not found\r\n"),
        })
    }
}

impl FakeApiServer {
    /// Listens on 127.0.0.1 (a free port).
    pub async fn start(cluster: FakeCluster) -> std::io::Result<Self> {
        Self::start_on(
            "127.0.0.1:0".parse().map_err(std::io::Error::other)?,
            cluster,
        )
        .await
    }

    pub async fn start_on(addr: SocketAddr, cluster: FakeCluster) -> std::io::Result<Self> {
        let shared = Arc::new(Shared {
            cluster: Mutex::new(cluster),
            requests: Mutex::default(),
            execs: Mutex::default(),
            log_tx: tokio::sync::broadcast::channel(1024).0,
            gone: tokio::sync::watch::channel(false).0,
        });
        let app = Router::new()
            .route("/version", get(version))
            .route("/api/v1/namespaces", get(namespaces))
            .route(
                "/api/v1/namespaces/{ns}/{plural}",
                get(list_objects).post(create_object),
            )
            .route(
                "/api/v1/namespaces/{ns}/{plural}/{name}",
                get(one_object).patch(one_object).delete(one_object),
            )
            .route("/api/v1/namespaces/{ns}/pods/{name}/log", get(pod_log))
            .route("/api/v1/namespaces/{ns}/pods/{name}/exec", get(pod_exec))
            .route("/apis/apps/v1/namespaces/{ns}/{plural}", get(list_objects))
            .route(
                "/apis/apps/v1/namespaces/{ns}/{plural}/{name}",
                get(one_object).patch(one_object).delete(one_object),
            )
            .route("/apis/metrics.k8s.io/v1beta1/nodes", get(node_metrics))
            .route(
                "/apis/metrics.k8s.io/v1beta1/namespaces/{ns}/pods",
                get(pod_metrics),
            )
            .fallback(|| async {
                status(
                    StatusCode::NOT_FOUND,
                    "NotFound",
                    "the server could not find the requested resource",
                )
            })
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
            if let Err(e) = served {
                tracing::warn!(error = %e, "fake API server stopped");
            }
        });
        Ok(Self {
            addr,
            shared,
            stop: Some(stop),
            task,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A kubeconfig for this server with its token.
    pub fn kubeconfig(&self) -> String {
        let token = lock(&self.shared.cluster).token.clone();
        self.kubeconfig_with_token(&token)
    }

    /// A kubeconfig for this server with any token (a wrong one gets 401).
    pub fn kubeconfig_with_token(&self, token: &str) -> String {
        kubeconfig_for(&self.url(), token)
    }

    /// Every request so far, as `METHOD path?query`.
    pub fn requests(&self) -> Vec<String> {
        lock(&self.shared.requests).clone()
    }

    pub fn set_namespaces(&self, names: &[&str]) {
        lock(&self.shared.cluster).namespaces = names.iter().map(|s| (*s).to_owned()).collect();
    }

    /// An object as the fake holds it now.
    pub fn object(&self, plural: &str, ns: &str, name: &str) -> Option<Value> {
        lock(&self.shared.cluster)
            .objects
            .get(&(plural.to_owned(), ns.to_owned(), name.to_owned()))
            .cloned()
    }

    /// A new line in a pod's log; followed logs of the pod get it at once.
    pub fn append_log(&self, ns: &str, pod: &str, line: &str) {
        lock(&self.shared.cluster)
            .logs
            .entry((ns.to_owned(), pod.to_owned()))
            .or_default()
            .push(line.to_owned());
        let _ = self
            .shared
            .log_tx
            .send((ns.to_owned(), pod.to_owned(), Some(line.to_owned())));
    }

    /// The execs served so far, in order.
    pub fn execs(&self) -> Vec<FakeExec> {
        lock(&self.shared.execs).clone()
    }

    /// Changes what the cluster holds (objects, RBAC, metrics) while it runs.
    pub fn edit(&self, f: impl FnOnce(&mut FakeCluster)) {
        f(&mut lock(&self.shared.cluster));
    }

    /// Stops listening and drops every open connection: the cluster is gone.
    pub async fn stop(mut self) {
        self.shared.gone.send_replace(true);
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        self.task.abort();
        let _ = (&mut self.task).await;
    }
}

/// A token kubeconfig for an API server URL.
pub fn kubeconfig_for(server: &str, token: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Config\ncurrent-context: fake\n\
         clusters:\n- name: fake\n  cluster:\n    server: {server}\n\
         contexts:\n- name: fake\n  context:\n    cluster: fake\n    user: fake-admin\n    namespace: default\n\
         users:\n- name: fake-admin\n  user:\n    token: {token}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        CheckedKubeconfig, ClusterClient, KubeError, KubeSettings, LogLines, PodShell, SHELL,
    };

    #[tokio::test]
    async fn the_real_client_probes_the_fake_over_http() {
        let fake = FakeApiServer::start(FakeCluster::default()).await.unwrap();
        let settings = KubeSettings::default();
        let k = CheckedKubeconfig::parse(&fake.kubeconfig()).unwrap();
        let c = ClusterClient::connect(&k, &settings).await.unwrap();
        let p = c.probe().await.unwrap();
        assert_eq!(p.server_version, "v1.31.2-fake");
        assert_eq!(p.namespaces, ["default", "kube-system", "team-a"]);
        assert_eq!(
            fake.requests(),
            ["GET /version", "GET /api/v1/namespaces?&limit=500"]
        );

        let wrong = CheckedKubeconfig::parse(&fake.kubeconfig_with_token("nope")).unwrap();
        let c = ClusterClient::connect(&wrong, &settings).await.unwrap();
        assert!(matches!(c.probe().await, Err(KubeError::Unauthorized(_))));

        fake.stop().await;
        let k =
            CheckedKubeconfig::parse(&kubeconfig_for(&format!("http://{}", "127.0.0.1:1"), "t"))
                .unwrap();
        let c = ClusterClient::connect(&k, &settings).await.unwrap();
        assert!(matches!(c.probe().await, Err(KubeError::Unreachable(_))));
    }

    /// Layer (2): list, get and update logic against the in-memory store.
    #[tokio::test]
    async fn workloads_pods_and_services_against_the_store() {
        use tianqi_core::kube::resources::WorkloadKind;
        let fake = FakeApiServer::start(FakeCluster::sample()).await.unwrap();
        let k = CheckedKubeconfig::parse(&fake.kubeconfig()).unwrap();
        let c = ClusterClient::connect(&k, &KubeSettings::default())
            .await
            .unwrap();

        let d = c
            .workloads("team-a", WorkloadKind::Deployment)
            .await
            .unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].name.as_str(), d[0].ready, d[0].desired),
            ("web", 2, 2)
        );
        let ds = c
            .workloads("team-a", WorkloadKind::DaemonSet)
            .await
            .unwrap();
        assert_eq!((ds[0].ready, ds[0].desired), (1, 2));
        assert!(c
            .workloads("default", WorkloadKind::StatefulSet)
            .await
            .unwrap()
            .is_empty());

        let pods = c
            .workload_pods("team-a", WorkloadKind::Deployment, "web")
            .await
            .unwrap();
        let names: Vec<&str> = pods.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["web-1", "web-2"]);

        let w = c
            .scale("team-a", WorkloadKind::Deployment, "web", 5)
            .await
            .unwrap();
        assert_eq!((w.ready, w.desired), (5, 5));
        assert_eq!(
            fake.object("deployments", "team-a", "web").unwrap()["spec"]["replicas"],
            5
        );

        let at = chrono::DateTime::from_timestamp(1_796_000_000, 0).unwrap();
        c.restart("team-a", WorkloadKind::StatefulSet, "db", at)
            .await
            .unwrap();
        let db = fake.object("statefulsets", "team-a", "db").unwrap();
        assert_eq!(
            db["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"],
            at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        );
        // The merge kept the rest of the template.
        assert_eq!(db["spec"]["template"]["metadata"]["labels"]["app"], "db");

        let y = c.pod_yaml("team-a", "web-1").await.unwrap();
        assert!(y.yaml.contains("podIP: 10.1.0.11"), "{}", y.yaml);
        c.delete_pod("team-a", "web-1").await.unwrap();
        assert!(fake.object("pods", "team-a", "web-1").is_none());
        assert!(matches!(
            c.delete_pod("team-a", "web-1").await,
            Err(KubeError::NotFound(_))
        ));

        let e = c.service_endpoints("team-a", "web").await.unwrap();
        assert_eq!(e.service.ports[0].node_port, Some(30080));
        assert_eq!(e.addresses.len(), 2);

        let u = c.cluster_usage().await.unwrap();
        assert_eq!((u.cpu_millicores, u.memory_bytes), (1000, 3 << 30));
        assert_eq!(c.pod_usage("team-a").await.unwrap().len(), 3);
        fake.edit(|c| c.metrics = None);
        assert!(matches!(
            c.cluster_usage().await,
            Err(KubeError::NotServed(_))
        ));

        fake.edit(|c| c.forbidden = vec!["team-a".into()]);
        assert!(matches!(
            c.pods("team-a").await,
            Err(KubeError::Forbidden(_))
        ));
        fake.stop().await;
    }

    /// An instance's objects through the real client: the claim and Pod
    /// arrive as planned, a stop deletes the Pod and keeps the claim, a
    /// start creates the Pod again on the kept claim, a second Pod of the
    /// name is a conflict, deletes of what is gone are done.
    #[tokio::test]
    async fn an_instance_pod_and_its_claim_through_stop_and_start() {
        use tianqi_core::kube::instance_pod::{plan_claim, plan_pod, PodGpus, PodInput};
        let (fake, c) = sample_client().await;
        let input = PodInput {
            install_id: "9f3ac2d1",
            instance_id: 5,
            name: "split-job",
            owner_id: 2,
            cluster_id: 1,
            namespace: "team-a",
            image: "busybox:1.36",
            keep_alive: &[],
            cpu_milli: 500,
            memory_mib: 256,
            system_disk_gb: 0,
            data_disk_gb: 0,
            default_data_gb: 10,
            storage_class: "",
            gpus: PodGpus::Split {
                cards: 1,
                vram_mib: 4096,
                cores_percent: None,
                model: String::new(),
            },
            shm_mib: 64,
            drop_capabilities: &[],
            image_capabilities: &[],
        };
        let (pod, claim) = (plan_pod(&input), plan_claim(&input));
        c.create_instance(&pod, &claim).await.unwrap();
        let stored = fake.object("pods", "team-a", &pod.name).expect("the pod");
        let sent = serde_json::to_value(crate::instance_objects::instance_pod(&pod)).unwrap();
        assert_eq!(stored["spec"], sent["spec"], "stored as sent");
        assert_eq!(stored["metadata"]["labels"], sent["metadata"]["labels"]);
        assert_eq!(stored["status"]["phase"], "Running");
        let kept = fake
            .object("persistentvolumeclaims", "team-a", &claim.name)
            .expect("the claim");
        assert_eq!(kept["spec"]["resources"]["requests"]["storage"], "10Gi");

        match c.create_instance(&pod, &claim).await {
            Err(KubeError::Conflict(m)) => assert!(m.contains("already exists"), "{m}"),
            other => panic!("a second pod of the name: {other:?}"),
        }

        c.delete_instance_pod("team-a", &pod.name).await.unwrap();
        assert!(fake.object("pods", "team-a", &pod.name).is_none());
        assert!(fake
            .object("persistentvolumeclaims", "team-a", &claim.name)
            .is_some());
        c.delete_instance_pod("team-a", &pod.name).await.unwrap();

        c.create_instance(&pod, &claim).await.unwrap();
        assert!(
            fake.object("pods", "team-a", &pod.name).is_some(),
            "started again"
        );
        let reused = fake
            .object("persistentvolumeclaims", "team-a", &claim.name)
            .unwrap();
        assert_eq!(
            reused["metadata"]["uid"], kept["metadata"]["uid"],
            "the same claim"
        );

        c.delete_instance_pod("team-a", &pod.name).await.unwrap();
        c.delete_instance_claim("team-a", &claim.name)
            .await
            .unwrap();
        c.delete_instance_claim("team-a", &claim.name)
            .await
            .unwrap();
        assert!(fake
            .object("persistentvolumeclaims", "team-a", &claim.name)
            .is_none());
        let posts: Vec<String> = fake
            .requests()
            .into_iter()
            .filter(|r| r.starts_with("POST"))
            .collect();
        assert!(
            posts
                .iter()
                .all(|r| r.contains("/api/v1/namespaces/team-a/")),
            "{posts:?}"
        );
        fake.stop().await;
    }

    async fn sample_client() -> (FakeApiServer, ClusterClient) {
        let fake = FakeApiServer::start(FakeCluster::sample()).await.unwrap();
        let k = CheckedKubeconfig::parse(&fake.kubeconfig()).unwrap();
        let c = ClusterClient::connect(&k, &KubeSettings::default())
            .await
            .unwrap();
        (fake, c)
    }

    fn logs_of(tail: i64) -> tianqi_core::kube::resources::PodLogRequest {
        tianqi_core::kube::resources::PodLogRequest {
            container: None,
            tail_lines: tail,
            since_seconds: None,
            follow: false,
            timestamps: false,
        }
    }

    /// Layer (3): a followed log over real HTTP — the tail, then new lines
    /// as they are written, ended by the pod's deletion; a cluster that goes
    /// away mid-stream ends it with an error.
    #[tokio::test]
    async fn logs_are_tailed_and_followed_until_the_pod_or_the_cluster_goes() {
        use futures::StreamExt;
        async fn next(l: &mut LogLines) -> Option<Result<String, KubeError>> {
            tokio::time::timeout(std::time::Duration::from_secs(5), l.next())
                .await
                .unwrap_or_else(|_| panic!("no line within 5 s"))
        }
        let (fake, c) = sample_client().await;
        let once = c.pod_logs("team-a", "web-1", &logs_of(2)).await.unwrap();
        assert_eq!(once.lines, ["web-1 line 4", "web-1 line 5"]);
        assert!(matches!(
            c.pod_logs("team-a", "nope", &logs_of(2)).await,
            Err(KubeError::NotFound(_))
        ));
        let mut bad = logs_of(2);
        bad.container = Some("sidecar".into());
        assert!(matches!(
            c.pod_logs("team-a", "web-1", &bad).await,
            Err(KubeError::Rejected { code: 400, .. })
        ));

        let mut lines = c
            .follow_pod_logs("team-a", "web-1", &logs_of(1))
            .await
            .unwrap();
        assert_eq!(next(&mut lines).await.unwrap().unwrap(), "web-1 line 5");
        fake.append_log("team-a", "web-1", "新的一行");
        fake.append_log("team-a", "web-2", "another pod's line");
        assert_eq!(next(&mut lines).await.unwrap().unwrap(), "新的一行");
        c.delete_pod("team-a", "web-1").await.unwrap();
        assert!(
            next(&mut lines).await.is_none(),
            "the pod's deletion ends the log"
        );

        let mut lines = c
            .follow_pod_logs("team-a", "web-2", &logs_of(10))
            .await
            .unwrap();
        fake.append_log("team-a", "web-2", "before the end");
        assert_eq!(
            next(&mut lines).await.unwrap().unwrap(),
            "another pod's line"
        );
        assert_eq!(next(&mut lines).await.unwrap().unwrap(), "before the end");
        fake.stop().await;
        let end = next(&mut lines).await;
        assert!(
            matches!(end, Some(Err(KubeError::Unreachable(_)))),
            "{end:?}"
        );
    }

    /// Layer (3): the exec WebSocket (`v4.channel.k8s.io`) with the real
    /// client — typed input echoed by the TTY, a resize on channel 4 seen
    /// by `stty size`, the exit code from the `Status` on channel 3, and
    /// the refusals before any upgrade.
    #[tokio::test]
    async fn a_pod_shell_types_resizes_and_exits_with_its_code() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (fake, c) = sample_client().await;
        let mut sh = c
            .exec_shell("team-a", "web-1", None, 100, 30)
            .await
            .unwrap();

        async fn read_until(sh: &mut PodShell, want: &str) -> String {
            let mut seen = String::new();
            let mut buf = [0u8; 1024];
            let read = async {
                while !seen.contains(want) {
                    let n = sh.output.read(&mut buf).await.unwrap();
                    if n == 0 {
                        break;
                    }
                    seen.push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            };
            tokio::time::timeout(std::time::Duration::from_secs(5), read)
                .await
                .unwrap_or_else(|_| panic!("no {want:?} in {seen:?}"));
            seen
        }

        read_until(&mut sh, FakeShell::PROMPT).await;
        sh.input.write_all(b"stty size\r").await.unwrap();
        assert!(read_until(&mut sh, "30 100").await.contains("stty size"));
        // Two at once: neither is dropped, the last one wins.
        sh.control.resize(90, 20).await;
        sh.control.resize(132, 43).await;
        // The resize goes on its own channel; give it a moment to land.
        for _ in 0..50 {
            if fake.execs()[0].resizes.contains(&(132, 43)) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        sh.input.write_all("echo 你好\r".as_bytes()).await.unwrap();
        read_until(&mut sh, "你好\r\n").await;
        sh.input.write_all(b"stty size\r").await.unwrap();
        read_until(&mut sh, "43 132").await;
        let exit = sh.control.exit_code().unwrap();
        sh.input.write_all(b"exit 3\r").await.unwrap();
        assert_eq!(
            tokio::time::timeout(std::time::Duration::from_secs(5), exit)
                .await
                .unwrap(),
            Some(3)
        );
        let e = &fake.execs()[0];
        assert_eq!(e.command, SHELL);
        assert_eq!(e.resizes, [(100, 30), (90, 20), (132, 43)]);
        drop(sh);

        // Closing from our side: the fake sees the connection go.
        let sh = c.exec_shell("team-a", "db-0", None, 80, 24).await.unwrap();
        sh.control.close();
        for _ in 0..100 {
            if !fake.execs()[1].open {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(!fake.execs()[1].open, "the exec ended with our close");

        assert!(matches!(
            c.exec_shell("team-a", "nope", None, 80, 24).await,
            Err(KubeError::NotFound(_))
        ));
        assert!(matches!(
            c.exec_shell("team-a", "web-1", Some("sidecar"), 80, 24)
                .await,
            Err(KubeError::Rejected { code: 400, .. })
        ));
        fake.edit(|c| c.forbidden = vec!["team-a".into()]);
        assert!(matches!(
            c.exec_shell("team-a", "web-1", None, 80, 24).await,
            Err(KubeError::Forbidden(_))
        ));
        fake.stop().await;
    }

    #[test]
    fn the_fake_shell_edits_lines_like_a_tty() {
        let mut sh = FakeShell::new("web-1");
        let (shown, exit) = sh.feed(b"ech\x7fho hi\rhostname\r");
        assert_eq!(exit, None);
        assert_eq!(
            shown,
            "ech\u{8} \u{8}ho hi\r\nhi\r\n/ # hostname\r\nweb-1\r\n/ # "
        );
        assert_eq!(sh.feed(b"ls\r").0, "ls\r\nsh: ls: not found\r\n/ # ");
        assert_eq!(sh.feed(b"\x04"), (String::new(), Some(0)));
    }
}
