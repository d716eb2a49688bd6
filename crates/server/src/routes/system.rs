//! The system monitor (系统监控, admin only): this server's host (CPU,
//! memory, disks, load, network, top processes) and the Docker nodes' own
//! figures, once or pushed over a WebSocket.
//!
//! WebSocket protocol: subprotocol `tianqi.system` (and, from a browser, the
//! token as `tianqi.token.<token>`, as for the terminal). The server sends a
//! text frame `{"type":"snapshot","host":{…},"nodes":[…]}` at once and then
//! every `interval` seconds; `{"type":"ping"}` from the client is answered
//! `{"type":"pong"}`. When access ends (sign-out, revocation, the role
//! taken away) it sends `{"type":"end","reason":"access ended"}` and closes
//! (`"server stopping"` when the server stops: the console reconnects).

use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use futures::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use tianqi_core::policy::{check_access, Access, Principal};
use tianqi_core::system::{HostSnapshot, NodeFigures};
use tianqi_core::Error;
use tianqi_service::fleet::ServerView;
use tianqi_service::sessions::{LiveSession, SessionKind};
use tianqi_service::Services;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::AdminUser;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::ApiQuery;
use crate::routes::instances::terminal::{same_origin, WsUser};
use crate::state::AppState;

pub const SUBPROTOCOL: &str = "tianqi.system";

/// This server's host now: CPU, memory, disks, load, network and the top
/// processes by CPU and by memory (CPU figures cover the time since the
/// previous sample, shared by every caller for about a second).
#[utoipa::path(get, path = "/api/v1/system/host", tag = "system", security(("bearer" = ["admin"])),
    responses((status = 200, body = HostSnapshot), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn host(
    State(s): State<AppState>,
    AdminUser(me): AdminUser,
) -> ApiResult<Json<HostSnapshot>> {
    Ok(Json(s.services.system.host(&me).await?.as_ref().clone()))
}

/// Every Docker node as its Engine describes itself (`docker info`): CPUs,
/// memory, containers, images; an unreachable node says why.
#[utoipa::path(get, path = "/api/v1/system/nodes", tag = "system", security(("bearer" = ["admin"])),
    responses((status = 200, body = Vec<NodeFigures>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn nodes(
    State(s): State<AppState>,
    AdminUser(me): AdminUser,
) -> ApiResult<Json<Vec<NodeFigures>>> {
    Ok(Json(s.services.system.nodes(&me).await?))
}

/// The Tianqi servers sharing this database, heard of within the last hour
/// (each beats every 5 s; one silent for 30 s is `alive: false`, and
/// another server finishes what it left). One server on SQLite.
#[utoipa::path(get, path = "/api/v1/system/servers", tag = "system", security(("bearer" = ["admin"])),
    responses((status = 200, body = Vec<ServerView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn servers(
    State(s): State<AppState>,
    AdminUser(me): AdminUser,
) -> ApiResult<Json<Vec<ServerView>>> {
    Ok(Json(s.services.fleet.list(&me).await?))
}

/// An admin on a WebSocket (the token from the header or the subprotocol).
/// Checked in the extractor so a refusal is an HTTP answer before any upgrade.
pub struct WsAdmin(pub Principal);

impl FromRequestParts<AppState> for WsAdmin {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let WsUser(me) = WsUser::from_request_parts(parts, state).await?;
        check_access(Some(&me), Access::Admin)?;
        if me.must_change_password {
            return Err(
                Error::forbidden("choose a new password first (POST /api/v1/me/password)").into(),
            );
        }
        Ok(WsAdmin(me))
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StreamQuery {
    /// Seconds between snapshots, 1–60 (default 3).
    pub interval: Option<u64>,
}

/// One pushed frame.
#[derive(Serialize, ToSchema)]
pub struct SnapshotFrame {
    /// Always `snapshot`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub host: HostSnapshot,
    pub nodes: Vec<NodeFigures>,
}

/// The host and node figures pushed every `interval` seconds over a WebSocket
/// (see the module's protocol); ends when the admin's access ends.
#[utoipa::path(get, path = "/api/v1/system/ws", tag = "system", security(("bearer" = ["admin"])),
    params(StreamQuery),
    responses((status = 101, description = "Switching to the WebSocket protocol; frames are SnapshotFrame"),
        (status = 401, body = ErrorBody), (status = 403, description = "Not an admin, or cross-origin", body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn stream(
    State(s): State<AppState>,
    WsAdmin(me): WsAdmin,
    ApiQuery(q): ApiQuery<StreamQuery>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> ApiResult<Response> {
    if !same_origin(&headers) {
        return Err(Error::forbidden("cross-origin WebSocket refused").into());
    }
    let interval = q.interval.unwrap_or(3);
    if !(1..=60).contains(&interval) {
        return Err(Error::validation("interval", "must be between 1 and 60 seconds").into());
    }
    let live = s.services.sessions.open(&me, SessionKind::Stats)?;
    let services = s.services.clone();
    Ok(ws
        .protocols([SUBPROTOCOL])
        .on_upgrade(move |socket| push(socket, services, me, live, Duration::from_secs(interval))))
}

async fn frame(services: &Services, me: &Principal) -> Option<String> {
    let (host, nodes) = tokio::join!(services.system.host(me), services.system.nodes(me));
    let nodes = nodes.unwrap_or_else(|e| {
        tracing::warn!(error = %e, "system monitor: the node figures could not be read");
        Vec::new()
    });
    let frame = SnapshotFrame {
        kind: "snapshot",
        host: host.ok()?.as_ref().clone(),
        nodes,
    };
    serde_json::to_string(&frame).ok()
}

async fn push(
    socket: WebSocket,
    services: Services,
    me: Principal,
    live: LiveSession,
    every: Duration,
) {
    let (mut sink, mut source) = socket.split();
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let ended = live.ended();
    tokio::pin!(ended);
    loop {
        tokio::select! {
            () = &mut ended => {
                let end = live.end_reason().end_frame();
                let _ = sink.send(Message::Text(end.into())).await;
                break;
            }
            _ = ticks.tick() => {
                let Some(text) = frame(&services, &me).await else {
                    tracing::warn!("system monitor snapshot could not be taken");
                    continue;
                };
                // The access may have ended while the figures were read.
                if live.is_ended() {
                    continue;
                }
                if sink.send(Message::Text(text.into())).await.is_err() {
                    break;
                }
            }
            m = source.next() => match m {
                Some(Ok(Message::Text(t))) if t.contains("\"ping\"") => {
                    if sink.send(Message::Text(r#"{"type":"pong"}"#.into())).await.is_err() {
                        break;
                    }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
        }
    }
    let _ = sink.send(Message::Close(None)).await;
    drop(live);
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(host))
        .routes(routes!(nodes))
        .routes(routes!(servers))
        .routes(routes!(stream))
}
