//! The web terminal's WebSocket side, shared by every shell the console
//! opens (an instance's, a pod's): the protocol of docs/TERMINAL.md, the
//! bounded output queue, the end of access, and the audit entry.
//!
//! Client → server text frames `{"type":"input","data":"…"}`,
//! `{"type":"resize","cols":N,"rows":M}`, `{"type":"ping"}` (binary frames
//! are raw input); server → client binary frames of terminal output, text
//! `{"type":"pong"}`, and `{"type":"exit"[,"code":N]}` before it closes.
//! Closing the socket ends the shell.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::extract::ws::{close_code, CloseFrame, Message, WebSocket};
use futures::{SinkExt, Stream, StreamExt};
use serde::Deserialize;
use tianqi_core::policy::Principal;
use tianqi_service::sessions::{LiveSession, SessionEnd};
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::state::AppState;

/// A shell's output: chunks until it ends (an error ends it too).
pub type ShellOutput = Pin<Box<dyn Stream<Item = Vec<u8>> + Send>>;
/// A shell's input.
pub type ShellInput = Pin<Box<dyn AsyncWrite + Send>>;
/// The shell's exit code, once it has ended and it is known.
pub type ExitCode = Pin<Box<dyn Future<Output = Option<i32>> + Send>>;

/// What differs between shells: how a resize reaches them and how they end.
pub trait ShellControl: Send + 'static {
    fn resize(&mut self, cols: u16, rows: u16) -> impl Future<Output = ()> + Send;
    /// Ends the shell (the client went, or access ended).
    fn close(self) -> impl Future<Output = ()> + Send;
}

/// Who used a terminal and on what, for its audit entry when it ends.
pub struct Account {
    pub state: AppState,
    pub me: Principal,
    /// The route template the entry is filed under.
    pub route: &'static str,
    pub resource_id: String,
    pub source_ip: String,
    pub started: chrono::DateTime<chrono::Utc>,
    /// More of what the shell was (cluster, namespace, pod, container).
    pub about: serde_json::Value,
}

impl Account {
    /// One audit entry per terminal: who, what, from where, when it started
    /// and ended, the bytes each way and why it ended.
    async fn record(self, bytes_in: u64, bytes_out: u64, ended_by: &str) {
        let ended = self.state.services.ctx.clock.now();
        let mut detail = serde_json::json!({
            "started_at": self.started,
            "ended_at": ended,
            "bytes_in": bytes_in,
            "bytes_out": bytes_out,
            "ended_by": ended_by,
        });
        if let (Some(d), Some(more)) = (detail.as_object_mut(), self.about.as_object()) {
            d.extend(more.clone());
        }
        let entry = tianqi_store::NewAudit {
            at: ended,
            actor_id: Some(self.me.user_id),
            actor: Some(self.me.username.clone()),
            method: "GET".into(),
            route: self.route.into(),
            resource_id: Some(self.resource_id),
            source_ip: self.source_ip,
            status: 101,
            detail: detail.to_string(),
        };
        if let Err(e) = self.state.services.audit.record(entry).await {
            tracing::error!(error = %e, "could not write the terminal's audit entry");
        }
    }
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum ClientMessage {
    Input { data: String },
    Resize { cols: u16, rows: u16 },
    Ping,
}

/// The `exit` frame: with the code when the shell said it.
fn exit_frame(code: Option<i32>) -> String {
    match code {
        Some(c) => format!(r#"{{"type":"exit","code":{c}}}"#),
        None => r#"{"type":"exit"}"#.to_owned(),
    }
}

/// Bridges the socket to the shell until one side ends or access ends.
pub async fn bridge<C: ShellControl>(
    socket: WebSocket,
    mut output: ShellOutput,
    mut input: ShellInput,
    exit: Option<ExitCode>,
    mut control: C,
    live: LiveSession,
    account: Account,
) {
    let (mut sink, mut source) = socket.split();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Message>(64);

    let bytes_out = Arc::new(AtomicU64::new(0));
    let mut bytes_in: u64 = 0;
    // Output → client (bounded queue: a slow client slows the shell, not memory).
    // Its end (the shell's) ends the bridge too: a client that does not
    // answer the close frame cannot keep the session open.
    let (shell_done, mut shell_ended) = tokio::sync::oneshot::channel::<()>();
    let to_client = {
        let tx = tx.clone();
        let bytes_out = bytes_out.clone();
        tokio::spawn(async move {
            let _done = shell_done;
            while let Some(bytes) = output.next().await {
                bytes_out.fetch_add(bytes.len() as u64, Ordering::Relaxed);
                if tx.send(Message::Binary(bytes.into())).await.is_err() {
                    return;
                }
            }
            // The shell ended: its code, when the other side says it soon.
            let code = match exit {
                Some(f) => tokio::time::timeout(std::time::Duration::from_secs(2), f)
                    .await
                    .ok()
                    .flatten(),
                None => None,
            };
            let _ = tx.send(Message::Text(exit_frame(code).into())).await;
            let _ = tx.send(Message::Close(None)).await;
        })
    };
    let writer = tokio::spawn(async move {
        while let Some(m) = rx.recv().await {
            let close = matches!(m, Message::Close(_));
            if sink.send(m).await.is_err() || close {
                break;
            }
        }
    });

    // Client → shell, until the client goes, the shell ends or access ends.
    let ended = live.ended();
    tokio::pin!(ended);
    let mut ended_by = "client";
    loop {
        let msg = tokio::select! {
            () = &mut ended => {
                match live.end_reason() {
                    SessionEnd::AccessEnded => {
                        ended_by = "access ended";
                        let _ = tx
                            .send(Message::Text(r#"{"type":"exit","reason":"access ended"}"#.into()))
                            .await;
                        let _ = tx.send(Message::Close(None)).await;
                    }
                    // Not an exit: the client reconnects once the server is back.
                    SessionEnd::ServerStopping => {
                        ended_by = "server stopping";
                        let _ = tx
                            .send(Message::Close(Some(CloseFrame {
                                code: close_code::RESTART,
                                reason: "server restarting".into(),
                            })))
                            .await;
                    }
                }
                break;
            }
            _ = &mut shell_ended => {
                ended_by = "shell exited";
                break;
            }
            m = source.next() => match m {
                Some(Ok(m)) => m,
                _ => break,
            },
        };
        match msg {
            Message::Binary(bytes) => {
                bytes_in += bytes.len() as u64;
                if input.write_all(&bytes).await.is_err() {
                    break;
                }
            }
            Message::Text(text) => match serde_json::from_str::<ClientMessage>(&text) {
                Ok(ClientMessage::Input { data }) => {
                    bytes_in += data.len() as u64;
                    if input.write_all(data.as_bytes()).await.is_err() {
                        break;
                    }
                }
                Ok(ClientMessage::Resize { cols, rows }) => {
                    control
                        .resize(cols.clamp(10, 1000), rows.clamp(5, 500))
                        .await;
                }
                Ok(ClientMessage::Ping) => {
                    let _ = tx.send(Message::Text(r#"{"type":"pong"}"#.into())).await;
                }
                Err(_) => {
                    let _ = tx
                        .send(Message::Text(
                            r#"{"type":"error","message":"unknown message; expected input, resize or ping"}"#.into(),
                        ))
                        .await;
                }
            },
            Message::Close(_) => break,
            Message::Ping(_) | Message::Pong(_) => {}
        }
    }
    // The client is gone (or the shell or access ended): the shell ends too.
    drop(tx);
    drop(input);
    control.close().await;
    // The output task ends with the shell's output; the writer once it has
    // flushed the last frames (bounded, so a stalled client cannot hold it).
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), to_client).await;
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), writer).await;
    drop(live);
    account
        .record(bytes_in, bytes_out.load(Ordering::Relaxed), ended_by)
        .await;
}

/// A pod's shell, wrapped for the bridge: resizes on channel 4, the end by
/// closing the exec.
struct PodShellControl(tianqi_service::kube::ShellControl);

impl ShellControl for PodShellControl {
    async fn resize(&mut self, cols: u16, rows: u16) {
        self.0.resize(cols, rows).await;
    }

    async fn close(self) {
        self.0.close();
    }
}

/// Bridges the socket to a shell in a pod (a cluster's pod, or an
/// instance's on a Kubernetes node), with its exit code when it ends.
pub async fn bridge_pod(
    socket: WebSocket,
    shell: tianqi_service::kube::PodShell,
    live: LiveSession,
    account: Account,
) {
    let tianqi_service::kube::PodShell {
        input,
        output,
        mut control,
    } = shell;
    let exit = control.exit_code();
    let output = Box::pin(
        tokio_util::io::ReaderStream::new(output)
            .take_while(|c| std::future::ready(c.is_ok()))
            .filter_map(|c| std::future::ready(c.ok().map(|b| b.to_vec()))),
    );
    bridge(
        socket,
        output,
        input,
        exit,
        PodShellControl(control),
        live,
        account,
    )
    .await;
}
