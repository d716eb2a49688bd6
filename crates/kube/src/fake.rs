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
        }
    }
}

#[derive(Default)]
struct Shared {
    cluster: Mutex<FakeCluster>,
    /// `METHOD path?query` of every request, in order.
    requests: Mutex<Vec<String>>,
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
const CORE: [&str; 3] = ["pods", "services", "endpoints"];
const APPS: [&str; 3] = ["deployments", "statefulsets", "daemonsets"];

fn kind_of(plural: &str) -> &'static str {
    match plural {
        "pods" => "Pod",
        "services" => "Service",
        "endpoints" => "Endpoints",
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
        });
        let app = Router::new()
            .route("/version", get(version))
            .route("/api/v1/namespaces", get(namespaces))
            .route("/api/v1/namespaces/{ns}/{plural}", get(list_objects))
            .route(
                "/api/v1/namespaces/{ns}/{plural}/{name}",
                get(one_object).patch(one_object).delete(one_object),
            )
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

    /// Changes what the cluster holds (objects, RBAC, metrics) while it runs.
    pub fn edit(&self, f: impl FnOnce(&mut FakeCluster)) {
        f(&mut lock(&self.shared.cluster));
    }

    /// Stops listening and drops every open connection: the cluster is gone.
    pub async fn stop(mut self) {
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
    use crate::{CheckedKubeconfig, ClusterClient, KubeError, KubeSettings};

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
}
