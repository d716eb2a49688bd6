//! The web terminal: a WebSocket bridged to a TTY exec in the instance.
//!
//! Protocol (docs/TERMINAL.md): client → server text frames
//! `{"type":"input","data":"…"}`, `{"type":"resize","cols":N,"rows":M}`,
//! `{"type":"ping"}` (binary frames are raw input); server → client binary frames
//! of terminal output, text `{"type":"pong"}`, and `{"type":"exit"}` before it
//! closes. Closing the socket ends the shell.

use axum::extract::ws::{close_code, CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::response::Response;
use futures::{SinkExt, StreamExt};
use serde::Deserialize;
use tianqi_core::policy::Principal;
use tianqi_core::Error;
use tianqi_service::instances::TerminalSession;
use tokio::io::AsyncWriteExt;
use utoipa::IntoParams;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tianqi_service::sessions::{LiveSession, SessionEnd, SessionKind};

use crate::auth::{bearer_token, Ctx, RequestContext};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::PathId;
use crate::state::AppState;

pub const SUBPROTOCOL: &str = "tianqi.terminal";
const TOKEN_PROTOCOL_PREFIX: &str = "tianqi.token.";

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TerminalQuery {
    /// Initial size.
    pub cols: Option<u16>,
    pub rows: Option<u16>,
}

/// A caller authenticated the ways a client can: the Authorization header, or
/// (browsers, which cannot set headers on a WebSocket) a `tianqi.token.<token>`
/// subprotocol offered beside `tianqi.terminal`. Never the URL: URLs end up in
/// proxy logs and browser history.
pub struct WsUser(pub Principal);

impl FromRequestParts<AppState> for WsUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let from_protocol = parts
            .headers
            .get(header::SEC_WEBSOCKET_PROTOCOL)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.split(',')
                    .map(str::trim)
                    .find_map(|p| p.strip_prefix(TOKEN_PROTOCOL_PREFIX))
                    .map(str::to_owned)
            });
        let token = bearer_token(&parts.headers)
            .map(str::to_owned)
            .or(from_protocol)
            .ok_or_else(|| ApiError::Domain(Error::unauthorized("authentication required")))?;
        let principal = state.services.auth.authenticate(&token).await?;
        if let Some(ctx) = parts.extensions.get::<std::sync::Arc<RequestContext>>() {
            let _ = ctx.actor.set(principal.clone());
        }
        Ok(WsUser(principal))
    }
}

/// Browsers send Origin; it must be this server (no cross-site page may drive a
/// user's terminal). Non-browser clients send none.
pub(crate) fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin
        .split_once("://")
        .map_or(origin, |(_, rest)| rest)
        .trim_end_matches('/');
    !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
}

/// Open a terminal in a running instance (owner or admin) over WebSocket.
#[utoipa::path(get, path = "/api/v1/instances/{id}/terminal", tag = "instances", security(("bearer" = [])),
    params(("id" = i64, Path), TerminalQuery),
    responses((status = 101, description = "Switching to the WebSocket protocol"), (status = 401, body = ErrorBody),
        (status = 403, description = "Cross-origin request", body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Instance not running", body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn terminal(
    State(s): State<AppState>,
    WsUser(me): WsUser,
    Ctx(ctx): Ctx,
    PathId(id): PathId,
    Query(q): Query<TerminalQuery>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> ApiResult<Response> {
    if !same_origin(&headers) {
        return Err(Error::forbidden("cross-origin WebSocket refused").into());
    }
    let cols = q.cols.unwrap_or(80).clamp(10, 1000);
    let rows = q.rows.unwrap_or(24).clamp(5, 500);
    // Everything that can fail is checked before the upgrade, so errors are
    // ordinary HTTP answers.
    if me.must_change_password {
        return Err(
            Error::forbidden("choose a new password first (POST /api/v1/me/password)").into(),
        );
    }
    let live = s.services.sessions.open(&me, SessionKind::Terminal)?;
    let session = s
        .services
        .instances
        .open_terminal(&me, id, cols, rows)
        .await?;
    let account = Account {
        state: s.clone(),
        me,
        instance_id: id,
        source_ip: ctx.source_ip.clone(),
        started: s.services.ctx.clock.now(),
    };
    Ok(ws
        .protocols([SUBPROTOCOL])
        .on_upgrade(move |socket| bridge(socket, session, live, account)))
}

/// Who used a terminal, for its audit entry when it ends.
struct Account {
    state: AppState,
    me: Principal,
    instance_id: i64,
    source_ip: String,
    started: chrono::DateTime<chrono::Utc>,
}

impl Account {
    /// One audit entry per terminal: who, which instance, from where, when it
    /// started and ended, the bytes each way and why it ended.
    async fn record(self, bytes_in: u64, bytes_out: u64, ended_by: &str) {
        let ended = self.state.services.ctx.clock.now();
        let detail = serde_json::json!({
            "started_at": self.started,
            "ended_at": ended,
            "bytes_in": bytes_in,
            "bytes_out": bytes_out,
            "ended_by": ended_by,
        });
        let entry = tianqi_store::NewAudit {
            at: ended,
            actor_id: Some(self.me.user_id),
            actor: Some(self.me.username.clone()),
            method: "GET".into(),
            route: "/api/v1/instances/{id}/terminal".into(),
            resource_id: Some(self.instance_id.to_string()),
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

async fn bridge(socket: WebSocket, session: TerminalSession, live: LiveSession, account: Account) {
    let (mut sink, mut source) = socket.split();
    let nonce = session.terminal.nonce().to_owned();
    let TerminalSession {
        docker,
        container_id,
        terminal,
    } = session;
    let tianqi_docker::terminal::Terminal {
        exec_id,
        mut output,
        mut input,
        ..
    } = terminal;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Message>(64);

    let bytes_out = Arc::new(AtomicU64::new(0));
    let mut bytes_in: u64 = 0;
    // Output → client (bounded queue: a slow client slows the shell, not memory).
    let to_client = {
        let tx = tx.clone();
        let bytes_out = bytes_out.clone();
        tokio::spawn(async move {
            while let Some(chunk) = output.next().await {
                match chunk {
                    Ok(bytes) => {
                        bytes_out.fetch_add(bytes.len() as u64, Ordering::Relaxed);
                        if tx.send(Message::Binary(bytes.into())).await.is_err() {
                            break;
                        }
                    }
                    Err(_) => break,
                }
            }
            let _ = tx.send(Message::Text(r#"{"type":"exit"}"#.into())).await;
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
    let resize_docker = docker.clone();
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
                    let (cols, rows) = (cols.clamp(10, 1000), rows.clamp(5, 500));
                    let _ =
                        tianqi_docker::terminal::resize(&resize_docker, &exec_id, cols, rows).await;
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
    if let Err(e) = tianqi_docker::terminal::close(&docker, &container_id, &nonce).await {
        tracing::warn!(error = %e, "could not end a terminal's shell");
    }
    // The output task ends with the shell's output; the writer once it has
    // flushed the last frames (bounded, so a stalled client cannot hold it).
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), to_client).await;
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), writer).await;
    drop(live);
    account
        .record(bytes_in, bytes_out.load(Ordering::Relaxed), ended_by)
        .await;
}
