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
//! Watches: a list with `watch=true` streams the changes of the listed
//! objects as `{"type": "ADDED"|"MODIFIED"|"DELETED", "object": …}` lines
//! (first an ADDED for each object there, unless a later `resourceVersion`
//! than `0` is given) until `timeoutSeconds` or the server stops; creates,
//! patches, deletes and [`FakeApiServer::edit`] all send theirs.
//!
//! Portforward: `…/pods/{name}/portforward?ports=N` over the cluster's
//! WebSocket protocol, to 127.0.0.1:N on this machine (the fake's pod
//! network), see `portforward.rs`.
//!
//! Streams: a pod's log (`…/pods/{name}/log`, `tailLines`, `follow` — new
//! lines come from [`FakeApiServer::append_log`]; deleting the pod or
//! stopping the server ends a followed log) and exec (`…/pods/{name}/exec`)
//! upgraded to a WebSocket speaking `v5.channel.k8s.io` (or v4): stdin on channel
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

mod metrics;
mod objects;
mod portforward;
mod shell;
mod streams;

use metrics::{node_metrics, pod_metrics};
use objects::{
    cluster_nodes, create_object, list_objects, namespace, namespaces, one_object, version,
};
use portforward::pod_portforward;
pub use shell::FakeShell;
use streams::{pod_exec, pod_log};

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
    /// The cluster's nodes (`/api/v1/nodes`); see [`FakeCluster::node`].
    pub nodes: Vec<Value>,
    /// Core kinds (plurals) whose creates never answer, as an API server
    /// that hangs: a test can kill the platform in the middle of one.
    pub stalled_creates: Vec<String>,
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
    /// A node as the API server lists it: allocatable CPU (cores), memory
    /// and NVIDIA cards, ready or not.
    pub fn node(name: &str, cpu: &str, memory: &str, gpus: i64, ready: bool) -> Value {
        json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": name},
               "spec": {},
               "status": {"allocatable": {"cpu": cpu, "memory": memory, "nvidia.com/gpu": gpus.to_string(), "pods": "110"},
                          "conditions": [{"type": "Ready", "status": if ready { "True" } else { "False" }}]}})
    }

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
            // Two schedulable nodes (16 cores, 64 GiB, 2 cards together) and
            // one not ready, which counts for nothing.
            nodes: vec![
                Self::node("node-1", "8", "32Gi", 2, true),
                Self::node("node-2", "8000m", "33554432Ki", 0, true),
                Self::node("node-3", "64", "256Gi", 8, false),
            ],
            stalled_creates: Vec::new(),
        }
    }
}

/// One change to an object, as a watch sends it.
#[derive(Debug, Clone)]
pub(crate) struct Change {
    plural: String,
    namespace: String,
    kind: &'static str,
    object: Value,
}

impl Shared {
    /// Tells the watches about a change.
    fn changed(&self, plural: &str, namespace: &str, kind: &'static str, object: &Value) {
        let _ = self.watch_tx.send(Change {
            plural: plural.to_owned(),
            namespace: namespace.to_owned(),
            kind,
            object: object.clone(),
        });
    }
}

struct Shared {
    cluster: Mutex<FakeCluster>,
    /// `METHOD path?query` of every request, in order.
    requests: Mutex<Vec<String>>,
    execs: Mutex<Vec<FakeExec>>,
    /// Every portforward asked for: (namespace, pod, port).
    forwards: Mutex<Vec<(String, String, u16)>>,
    /// The last object made: every object gets a uid and resource version
    /// of its own, as on a cluster (a Pod made again is a new Pod).
    serial: std::sync::atomic::AtomicUsize,
    /// New log lines: (namespace, pod, line); `None` for the line: the pod
    /// went away, its followed logs end.
    log_tx: tokio::sync::broadcast::Sender<(String, String, Option<String>)>,
    /// Every change to an object: (plural, namespace, ADDED | MODIFIED |
    /// DELETED, the object), for watches.
    watch_tx: tokio::sync::broadcast::Sender<Change>,
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

fn not_found(plural: &str, name: &str) -> Response {
    status(
        StatusCode::NOT_FOUND,
        "NotFound",
        &format!("{plural} \"{name}\" not found"),
    )
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
            forwards: Mutex::default(),
            serial: std::sync::atomic::AtomicUsize::new(1000),
            log_tx: tokio::sync::broadcast::channel(1024).0,
            watch_tx: tokio::sync::broadcast::channel(1024).0,
            gone: tokio::sync::watch::channel(false).0,
        });
        let app = Router::new()
            .route("/version", get(version))
            .route("/api/v1/namespaces", get(namespaces))
            .route("/api/v1/namespaces/{ns}", get(namespace))
            .route("/api/v1/nodes", get(cluster_nodes))
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
            .route(
                "/api/v1/namespaces/{ns}/pods/{name}/portforward",
                get(pod_portforward),
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

    /// The portforwards asked for so far: (namespace, pod, port).
    pub fn forwards(&self) -> Vec<(String, String, u16)> {
        lock(&self.shared.forwards).clone()
    }

    /// The execs served so far, in order.
    pub fn execs(&self) -> Vec<FakeExec> {
        lock(&self.shared.execs).clone()
    }

    /// Changes what the cluster holds (objects, RBAC, metrics) while it runs;
    /// the objects that changed are sent to the watches, as the cluster's
    /// controllers' changes would be.
    pub fn edit(&self, f: impl FnOnce(&mut FakeCluster)) {
        let mut cluster = lock(&self.shared.cluster);
        let before = cluster.objects.clone();
        f(&mut cluster);
        for ((plural, ns, name), obj) in &cluster.objects {
            match before.get(&(plural.clone(), ns.clone(), name.clone())) {
                None => self.shared.changed(plural, ns, "ADDED", obj),
                Some(old) if old != obj => self.shared.changed(plural, ns, "MODIFIED", obj),
                Some(_) => {}
            }
        }
        for (key, obj) in &before {
            if !cluster.objects.contains_key(key) {
                self.shared.changed(&key.0, &key.1, "DELETED", obj);
            }
        }
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
mod tests;
