//! What can go wrong talking to a cluster, in words an operator can act on.
//! The service maps these to HTTP: the cluster's own refusals keep their
//! meaning (404, 409, 422), failures on the cluster's side are 502, a
//! cluster that does not answer in time 504.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KubeError {
    /// 401 from the API server: the kubeconfig's credentials are not accepted.
    #[error("the cluster refused the kubeconfig's credentials (401 Unauthorized): {0}")]
    Unauthorized(String),
    /// 403: the credentials are valid but RBAC forbids the call.
    #[error("the cluster's RBAC forbids this for the kubeconfig's user (403 Forbidden): {0}")]
    Forbidden(String),
    #[error("not found on the cluster: {0}")]
    NotFound(String),
    #[error("the cluster refused the change (409 Conflict): {0}")]
    Conflict(String),
    /// 400/422: the cluster rejected what we sent.
    #[error("the cluster rejected the request ({code}): {message}")]
    Rejected { code: u16, message: String },
    /// The API (group) is not served, e.g. metrics.k8s.io without metrics-server.
    #[error("{0}")]
    NotServed(String),
    #[error("the cluster did not answer within {} s", .0.as_secs())]
    Timeout(Duration),
    #[error("cannot reach the cluster: {0}")]
    Unreachable(String),
    /// 5xx, or an answer we could not read.
    #[error("the cluster answered with an error ({code}): {message}")]
    Server { code: u16, message: String },
    /// The client could not be built from the kubeconfig.
    #[error("cannot use the kubeconfig: {0}")]
    Config(String),
}

/// An error with its causes, one line: kube's top-level messages alone
/// ("ServiceError: client error (Connect)") do not say what failed.
pub(crate) fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let m = c.to_string();
        if !s.contains(&m) {
            s.push_str(": ");
            s.push_str(&m);
        }
        cur = c.source();
    }
    s
}

impl From<kube::Error> for KubeError {
    fn from(e: kube::Error) -> Self {
        match e {
            kube::Error::Api(s) => {
                let message = if s.message.is_empty() {
                    s.reason.clone()
                } else {
                    s.message.clone()
                };
                match s.code {
                    401 => KubeError::Unauthorized(message),
                    403 => KubeError::Forbidden(message),
                    404 => KubeError::NotFound(message),
                    409 => KubeError::Conflict(message),
                    400 | 422 => KubeError::Rejected {
                        code: s.code,
                        message,
                    },
                    code => KubeError::Server { code, message },
                }
            }
            kube::Error::SerdeError(e) => KubeError::Server {
                code: 200,
                message: format!("an answer we could not read: {e}"),
            },
            // An exec the API server would not upgrade: its status is all
            // kube-rs keeps of the answer.
            kube::Error::UpgradeConnection(
                kube::client::UpgradeConnectionError::ProtocolSwitch(status),
            ) => {
                let message = format!("the API server refused the terminal: {status}");
                match status.as_u16() {
                    401 => KubeError::Unauthorized(message),
                    403 => KubeError::Forbidden(message),
                    404 => KubeError::NotFound(message),
                    400 | 422 => KubeError::Rejected {
                        code: status.as_u16(),
                        message,
                    },
                    code => KubeError::Server { code, message },
                }
            }
            kube::Error::Auth(e) => KubeError::Unauthorized(chain(&e)),
            kube::Error::InferKubeconfig(e) => KubeError::Config(chain(&e)),
            other => {
                let text = chain(&other);
                // hyper-timeout's connect/read limits surface as a service error.
                if text.contains("deadline has elapsed") || text.contains("timed out") {
                    KubeError::Unreachable(format!("timed out: {text}"))
                } else {
                    KubeError::Unreachable(text)
                }
            }
        }
    }
}
