//! A small fake Kubernetes API server (feature `fake`), speaking real HTTP on
//! loopback, for the tests and the console's end-to-end run: no real API
//! server can run on the machines this project is built on. It keeps its
//! objects in memory and checks a bearer token like an API server (401
//! `Status` otherwise). It serves what the driver calls; later layers (and
//! issue 20) grow it here, not in a test file.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::State;
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
}

impl Default for FakeCluster {
    fn default() -> Self {
        Self {
            token: "fake-token-0123456789".into(),
            git_version: "v1.31.2-fake".into(),
            namespaces: vec!["default".into(), "kube-system".into(), "team-a".into()],
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
}
