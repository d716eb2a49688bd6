//! A cluster's client: kube-rs's client with every call bounded by the
//! section's request timeout, and the calls the platform makes.

use std::future::Future;
use std::time::Duration;

use k8s_openapi::api::core::v1::Namespace;
use kube::api::{Api, ListParams};
use serde::Serialize;

use crate::error::KubeError;
use crate::kubeconfig::CheckedKubeconfig;
use crate::KubeSettings;

/// The most namespaces one listing returns; the probe only counts them.
pub const NAMESPACE_LIMIT: u32 = 500;

#[derive(Clone)]
pub struct ClusterClient {
    pub(crate) client: kube::Client,
    timeout: Duration,
}

/// What a connection test found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Probe {
    /// `gitVersion` of the API server, e.g. `v1.31.2`.
    pub server_version: String,
    /// The namespaces the kubeconfig's user can list (at most [`NAMESPACE_LIMIT`]).
    pub namespaces: Vec<String>,
}

impl ClusterClient {
    /// A client for a checked kubeconfig. Building one opens no connection.
    pub async fn connect(
        kubeconfig: &CheckedKubeconfig,
        settings: &KubeSettings,
    ) -> Result<Self, KubeError> {
        let config = kubeconfig
            .client_config(settings.connect_timeout, settings.request_timeout)
            .await
            .map_err(|e| KubeError::Config(crate::error::chain(&e)))?;
        let client = kube::Client::try_from(config).map_err(KubeError::from)?;
        Ok(Self::from_client(client, settings.request_timeout))
    }

    /// Over any kube client (tests hand in one over a mock service (`crate::mock_service`)).
    pub fn from_client(client: kube::Client, timeout: Duration) -> Self {
        Self { client, timeout }
    }

    /// Runs one call under the request timeout.
    pub(crate) async fn bounded<T>(
        &self,
        call: impl Future<Output = Result<T, kube::Error>>,
    ) -> Result<T, KubeError> {
        match tokio::time::timeout(self.timeout, call).await {
            Ok(r) => r.map_err(KubeError::from),
            Err(_) => Err(KubeError::Timeout(self.timeout)),
        }
    }

    /// The API server's `gitVersion`.
    pub async fn server_version(&self) -> Result<String, KubeError> {
        Ok(self
            .bounded(self.client.apiserver_version())
            .await?
            .git_version)
    }

    /// The connection test: the server's version, then the namespaces.
    pub async fn probe(&self) -> Result<Probe, KubeError> {
        let info = self.bounded(self.client.apiserver_version()).await?;
        let namespaces = self.namespaces().await?;
        Ok(Probe {
            server_version: info.git_version,
            namespaces,
        })
    }

    /// The namespaces' names, sorted (the API server lists them by name).
    pub async fn namespaces(&self) -> Result<Vec<String>, KubeError> {
        let api: Api<Namespace> = Api::all(self.client.clone());
        let list = self
            .bounded(api.list(&ListParams::default().limit(NAMESPACE_LIMIT)))
            .await?;
        let mut names: Vec<String> = list
            .items
            .into_iter()
            .filter_map(|n| n.metadata.name)
            .collect();
        names.sort();
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use std::pin::pin;

    use crate::mock_service as mock;
    use http::{Response, StatusCode};
    use kube::client::Body;
    use serde_json::json;

    use super::*;

    type Handle = mock::Handle;

    fn pair(timeout: Duration) -> (ClusterClient, Handle) {
        let (svc, handle) = mock::pair();
        (
            ClusterClient::from_client(kube::Client::new(svc, "default"), timeout),
            handle,
        )
    }

    fn json_response(status: StatusCode, v: serde_json::Value) -> Response<Body> {
        let mut r = Response::new(Body::from(serde_json::to_vec(&v).unwrap_or_default()));
        *r.status_mut() = status;
        r
    }

    #[tokio::test]
    async fn probe_asks_for_version_then_namespaces_with_a_limit() {
        let (client, handle) = pair(Duration::from_secs(5));
        let server = tokio::spawn(async move {
            let mut handle = pin!(handle);
            let (req, send) = handle.next_request().await.unwrap();
            assert_eq!(req.method(), http::Method::GET);
            assert_eq!(req.uri().to_string(), "/version");
            send.send_response(json_response(
                StatusCode::OK,
                json!({"major": "1", "minor": "31", "gitVersion": "v1.31.2", "gitCommit": "",
                       "gitTreeState": "", "buildDate": "", "goVersion": "", "compiler": "", "platform": ""}),
            ));
            let (req, send) = handle.next_request().await.unwrap();
            assert_eq!(req.method(), http::Method::GET);
            assert_eq!(req.uri().to_string(), "/api/v1/namespaces?&limit=500");
            send.send_response(json_response(
                StatusCode::OK,
                json!({"apiVersion": "v1", "kind": "NamespaceList", "metadata": {},
                       "items": [{"metadata": {"name": "kube-system"}}, {"metadata": {"name": "default"}}]}),
            ));
        });
        let probe = client.probe().await.unwrap();
        server.await.unwrap();
        assert_eq!(
            probe,
            Probe {
                server_version: "v1.31.2".into(),
                namespaces: vec!["default".into(), "kube-system".into()],
            }
        );
    }

    #[tokio::test]
    async fn refusals_keep_their_meaning() {
        for (code, reason, expect) in [
            (401, "Unauthorized", "401 Unauthorized"),
            (403, "Forbidden", "403 Forbidden"),
            (404, "NotFound", "not found"),
            (500, "InternalError", "(500)"),
        ] {
            let (client, handle) = pair(Duration::from_secs(5));
            let server = tokio::spawn(async move {
                let mut handle = pin!(handle);
                let (_req, send) = handle.next_request().await.unwrap();
                send.send_response(json_response(
                    StatusCode::from_u16(code).unwrap(),
                    json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                           "message": format!("said {reason}"), "reason": reason, "code": code}),
                ));
            });
            let e = client.namespaces().await.unwrap_err();
            server.await.unwrap();
            let text = e.to_string();
            assert!(
                text.contains(expect) && text.contains(&format!("said {reason}")),
                "{code}: {text}"
            );
            match code {
                401 => assert!(matches!(e, KubeError::Unauthorized(_))),
                403 => assert!(matches!(e, KubeError::Forbidden(_))),
                404 => assert!(matches!(e, KubeError::NotFound(_))),
                _ => assert!(matches!(e, KubeError::Server { code: 500, .. })),
            }
        }
    }

    #[tokio::test]
    async fn a_cluster_that_does_not_answer_times_out() {
        let (client, handle) = pair(Duration::from_millis(200));
        // The request arrives and is never answered.
        let server = tokio::spawn(async move {
            let mut handle = pin!(handle);
            let held = handle.next_request().await;
            tokio::time::sleep(Duration::from_secs(2)).await;
            drop(held);
        });
        let started = std::time::Instant::now();
        let e = client.probe().await.unwrap_err();
        assert_eq!(e, KubeError::Timeout(Duration::from_millis(200)));
        assert!(started.elapsed() < Duration::from_secs(2));
        server.abort();
    }
}
