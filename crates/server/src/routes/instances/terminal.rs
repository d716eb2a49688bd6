//! The web terminal: a WebSocket bridged to a TTY exec in the instance
//! (the protocol and the bridge are `crate::terminal`'s, docs/TERMINAL.md).
//! Who may open one: [`WsUser`] and [`same_origin`], shared with the other
//! WebSocket routes.

use axum::extract::ws::{WebSocket, WebSocketUpgrade};
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::response::Response;
use futures::StreamExt;
use serde::Deserialize;
use tianqi_core::policy::Principal;
use tianqi_core::Error;
use tianqi_service::instances::TerminalSession;
use utoipa::IntoParams;

use tianqi_service::sessions::{LiveSession, SessionKind};

use crate::auth::{bearer_token, Ctx, RequestContext};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::PathId;
use crate::state::AppState;
use crate::terminal::{bridge, bridge_pod, Account, ShellControl};

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
        route: "/api/v1/instances/{id}/terminal",
        resource_id: id.to_string(),
        source_ip: ctx.source_ip.clone(),
        started: s.services.ctx.clock.now(),
        about: serde_json::json!({}),
    };
    Ok(ws
        .protocols([SUBPROTOCOL])
        .on_upgrade(move |socket| bridge_instance(socket, session, live, account)))
}

/// An instance's shell: a TTY exec, resized and ended through Docker.
struct DockerShell {
    docker: tianqi_docker::Docker,
    container_id: String,
    exec_id: String,
    nonce: String,
}

impl ShellControl for DockerShell {
    async fn resize(&mut self, cols: u16, rows: u16) {
        let _ = tianqi_docker::terminal::resize(&self.docker, &self.exec_id, cols, rows).await;
    }

    async fn close(self) {
        if let Err(e) =
            tianqi_docker::terminal::close(&self.docker, &self.container_id, &self.nonce).await
        {
            tracing::warn!(error = %e, "could not end a terminal's shell");
        }
    }
}

async fn bridge_instance(
    socket: WebSocket,
    session: TerminalSession,
    live: LiveSession,
    account: Account,
) {
    let (docker, container_id, terminal) = match session {
        TerminalSession::Docker {
            docker,
            container_id,
            terminal,
        } => (docker, container_id, terminal),
        TerminalSession::Pod(shell) => return bridge_pod(socket, shell, live, account).await,
    };
    let nonce = terminal.nonce().to_owned();
    let tianqi_docker::terminal::Terminal {
        exec_id,
        output,
        input,
        ..
    } = terminal;
    // An error reading the exec's output ends it, as its end does.
    let output = Box::pin(
        output
            .take_while(|c| std::future::ready(c.is_ok()))
            .filter_map(|c| std::future::ready(c.ok())),
    );
    let control = DockerShell {
        docker,
        container_id,
        exec_id,
        nonce,
    };
    bridge(socket, output, input, None, control, live, account).await;
}
