//! A pod's streams: its log (once, or followed) and a shell in it (exec
//! over the Kubernetes WebSocket protocol: kube-rs offers
//! `v5.channel.k8s.io` then `v4.channel.k8s.io`; stdin is channel 0,
//! output 1, the exit status 3, resizes 4).

use std::future::Future;
use std::pin::Pin;

use futures::channel::mpsc;
use futures::{AsyncBufReadExt, SinkExt, Stream, TryStreamExt};
use k8s_openapi::api::core::v1::Pod as KPod;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Status;
use kube::api::{AttachParams, LogParams, TerminalSize};
use tianqi_core::kube::resources::{PodLogRequest, PodLogs};
use tokio::io::{AsyncRead, AsyncWrite};

use crate::error::KubeError;
use crate::ClusterClient;

/// What the pod terminal runs: a login shell, bash when the image has it.
/// A fixed string — nothing from a request is ever part of it.
pub const SHELL: [&str; 3] = [
    "/bin/sh",
    "-c",
    "export TERM=xterm-256color LANG=C.UTF-8; \
     if command -v bash >/dev/null 2>&1; then exec bash -l; else exec sh -l; fi",
];

fn log_params(r: &PodLogRequest, follow: bool) -> LogParams {
    LogParams {
        container: r.container.clone(),
        follow,
        tail_lines: Some(r.tail_lines),
        since_seconds: r.since_seconds,
        timestamps: r.timestamps,
        ..LogParams::default()
    }
}

/// A followed log: lines as the container writes them, until it ends.
pub type LogLines = Pin<Box<dyn Stream<Item = Result<String, KubeError>> + Send>>;

/// An open shell in a pod: its TTY's two directions, and its control.
pub struct PodShell {
    pub input: Pin<Box<dyn AsyncWrite + Send>>,
    pub output: Pin<Box<dyn AsyncRead + Send>>,
    pub control: ShellControl,
}

/// Resizes, the exit code, the end. Dropping it ends the exec.
pub struct ShellControl {
    resize: Option<mpsc::Sender<TerminalSize>>,
    status: Option<Pin<Box<dyn Future<Output = Option<i32>> + Send>>>,
    process: kube::api::AttachedProcess,
}

impl ShellControl {
    /// Tells the shell its window's size. Waits (briefly) for room in the
    /// channel rather than dropping it: the last size sent must arrive.
    pub async fn resize(&mut self, cols: u16, rows: u16) {
        if let Some(tx) = self.resize.as_mut() {
            let size = TerminalSize {
                width: cols,
                height: rows,
            };
            let _ = tokio::time::timeout(std::time::Duration::from_secs(2), tx.send(size)).await;
        }
    }

    /// The exit code, once the shell has ended and the API server said it
    /// (channel 3); `None` when the connection ended without saying.
    pub fn exit_code(&mut self) -> Option<Pin<Box<dyn Future<Output = Option<i32>> + Send>>> {
        self.status.take()
    }

    /// Ends the exec: the WebSocket to the API server closes, which ends
    /// the stream on the node.
    pub fn close(&self) {
        self.process.abort();
    }
}

impl Drop for ShellControl {
    fn drop(&mut self) {
        self.process.abort();
    }
}

/// The exit code a `Status` on channel 3 carries: `Success` is 0, a
/// `NonZeroExitCode` names it in `details.causes[reason=ExitCode]`.
pub fn exit_code_of(status: &Status) -> Option<i32> {
    if status.status.as_deref() == Some("Success") {
        return Some(0);
    }
    status
        .details
        .as_ref()?
        .causes
        .as_deref()?
        .iter()
        .find(|c| c.reason.as_deref() == Some("ExitCode"))
        .and_then(|c| c.message.as_deref()?.parse().ok())
}

impl ClusterClient {
    fn pods_api(&self, ns: &str) -> kube::Api<KPod> {
        kube::Api::namespaced(self.client.clone(), ns)
    }

    /// The log's last lines (bounded by the request timeout).
    pub async fn pod_logs(
        &self,
        ns: &str,
        name: &str,
        r: &PodLogRequest,
    ) -> Result<PodLogs, KubeError> {
        let text = self
            .bounded(self.pods_api(ns).logs(name, &log_params(r, false)))
            .await?;
        Ok(PodLogs {
            namespace: ns.to_owned(),
            pod: name.to_owned(),
            container: r.container.clone(),
            lines: text.lines().map(str::to_owned).collect(),
        })
    }

    /// The log followed: opening is bounded by the request timeout, the
    /// lines then come for as long as the container writes them.
    pub async fn follow_pod_logs(
        &self,
        ns: &str,
        name: &str,
        r: &PodLogRequest,
    ) -> Result<LogLines, KubeError> {
        let reader = self
            .bounded(self.pods_api(ns).log_stream(name, &log_params(r, true)))
            .await?;
        let lines = reader
            .lines()
            .map_err(|e| KubeError::Unreachable(format!("the log stream broke: {e}")));
        Ok(Box::pin(lines))
    }

    /// Opens [`SHELL`] with a TTY in the pod's container (the only one when
    /// `container` is `None`), sized `cols`×`rows`.
    pub async fn exec_shell(
        &self,
        ns: &str,
        name: &str,
        container: Option<&str>,
        cols: u16,
        rows: u16,
    ) -> Result<PodShell, KubeError> {
        self.exec_tty(ns, name, container, SHELL, cols, rows).await
    }

    /// Runs `/bin/sh -c LINE` with a TTY in the pod's container, sized
    /// `cols`×`rows` (what sshd does with `ssh -t HOST COMMAND`). The line is
    /// the user's own command for their own instance, as on a Docker node.
    pub async fn exec_tty_command(
        &self,
        ns: &str,
        name: &str,
        container: &str,
        line: &str,
        cols: u16,
        rows: u16,
    ) -> Result<PodShell, KubeError> {
        let argv = ["/bin/sh", "-c", line];
        self.exec_tty(ns, name, Some(container), argv, cols, rows)
            .await
    }

    async fn exec_tty(
        &self,
        ns: &str,
        name: &str,
        container: Option<&str>,
        argv: [&str; 3],
        cols: u16,
        rows: u16,
    ) -> Result<PodShell, KubeError> {
        let mut ap = AttachParams::interactive_tty();
        if let Some(c) = container {
            ap = ap.container(c);
        }
        let mut process = self
            .bounded(self.pods_api(ns).exec(name, argv, &ap))
            .await?;
        let (Some(input), Some(output)) = (process.stdin(), process.stdout()) else {
            return Err(KubeError::Server {
                code: 101,
                message: "the exec stream has no stdin or stdout".into(),
            });
        };
        let resize = process.terminal_size();
        let status = process.take_status().map(|s| {
            let f: Pin<Box<dyn Future<Output = Option<i32>> + Send>> =
                Box::pin(async move { s.await.as_ref().and_then(exit_code_of) });
            f
        });
        let mut control = ShellControl {
            resize,
            status,
            process,
        };
        control.resize(cols, rows).await;
        Ok(PodShell {
            input: Box::pin(input),
            output: Box::pin(output),
            control,
        })
    }
}

/// A command running in a pod without a terminal (`sh -c LINE`): its
/// stdin, stdout and stderr apart, and its exit code once it ends. Dropping
/// it ends the exec.
pub struct PodCommand {
    pub input: Pin<Box<dyn AsyncWrite + Send>>,
    pub stdout: Pin<Box<dyn AsyncRead + Send>>,
    pub stderr: Pin<Box<dyn AsyncRead + Send>>,
    /// The exit code once the command has ended and the API server said it.
    pub status: Option<Pin<Box<dyn Future<Output = Option<i32>> + Send>>>,
    process: kube::api::AttachedProcess,
}

impl PodCommand {
    /// Ends the exec (the client left).
    pub fn close(&self) {
        self.process.abort();
    }
}

impl Drop for PodCommand {
    fn drop(&mut self) {
        self.process.abort();
    }
}

/// A TCP stream to a port of a pod over the cluster's portforward (the
/// pod's own network, as its `localhost` sees it). The forward ends when
/// this is dropped.
pub struct PodPort {
    pub input: Pin<Box<dyn AsyncWrite + Send>>,
    pub output: Pin<Box<dyn AsyncRead + Send>>,
    /// Resolves with the cluster's complaint about the port (a refused
    /// connection), if it makes one.
    pub error: Option<Pin<Box<dyn Future<Output = Option<String>> + Send>>>,
    forwarder: kube::api::Portforwarder,
}

impl Drop for PodPort {
    fn drop(&mut self) {
        self.forwarder.abort();
    }
}

impl ClusterClient {
    /// Runs `/bin/sh -c LINE` in the pod's container without a terminal
    /// (what sshd does with an exec request). The line is the user's own
    /// command for their own instance, as on a Docker node.
    pub async fn exec_command(
        &self,
        ns: &str,
        name: &str,
        container: &str,
        line: &str,
    ) -> Result<PodCommand, KubeError> {
        self.exec_piped(ns, name, container, ["/bin/sh", "-c", line])
            .await
    }

    /// Runs [`SHELL`] in the pod's container without a terminal, reading
    /// its commands from stdin (what sshd does for `ssh -T HOST` without a
    /// command, e.g. `ssh -T HOST < script.sh`).
    pub async fn exec_shell_piped(
        &self,
        ns: &str,
        name: &str,
        container: &str,
    ) -> Result<PodCommand, KubeError> {
        self.exec_piped(ns, name, container, SHELL).await
    }

    async fn exec_piped(
        &self,
        ns: &str,
        name: &str,
        container: &str,
        argv: [&str; 3],
    ) -> Result<PodCommand, KubeError> {
        let ap = AttachParams::default()
            .container(container)
            .stdin(true)
            .stdout(true)
            .stderr(true);
        let mut process = self
            .bounded(self.pods_api(ns).exec(name, argv, &ap))
            .await?;
        let (Some(input), Some(stdout), Some(stderr)) =
            (process.stdin(), process.stdout(), process.stderr())
        else {
            return Err(KubeError::Server {
                code: 101,
                message: "the exec stream has no stdin, stdout or stderr".into(),
            });
        };
        let status = process.take_status().map(|s| {
            let f: Pin<Box<dyn Future<Output = Option<i32>> + Send>> =
                Box::pin(async move { s.await.as_ref().and_then(exit_code_of) });
            f
        });
        Ok(PodCommand {
            input: Box::pin(input),
            stdout: Box::pin(stdout),
            stderr: Box::pin(stderr),
            status,
            process,
        })
    }

    /// Opens a stream to `port` of a pod (opening bounded by the request
    /// timeout).
    pub async fn port_forward(
        &self,
        ns: &str,
        name: &str,
        port: u16,
    ) -> Result<PodPort, KubeError> {
        let mut forwarder = self
            .bounded(self.pods_api(ns).portforward(name, &[port]))
            .await?;
        let stream = forwarder
            .take_stream(port)
            .ok_or_else(|| KubeError::Server {
                code: 101,
                message: "the portforward stream has no port".into(),
            })?;
        let error = forwarder.take_error(port).map(|f| {
            let f: Pin<Box<dyn Future<Output = Option<String>> + Send>> = Box::pin(f);
            f
        });
        let (output, input) = tokio::io::split(stream);
        Ok(PodPort {
            input: Box::pin(input),
            output: Box::pin(output),
            error,
            forwarder,
        })
    }
}
