//! A task's log followed live over a WebSocket (the console's log viewer, and
//! the Mini PM2 `/ws/logs` through `compat::pm2`).
//!
//! Protocol: subprotocol `tianqi.logs` (from a browser the token as a second
//! subprotocol `tianqi.token.<token>`). Server → client text frames
//! `{"type":"line","task_id":"…","run_id":N,"text":"<time> [run N] [stream] …","level":"ERROR"|null}`
//! for every line written from the moment of the upgrade; `{"type":"lagged","skipped":n}`
//! when the client fell more than 1,024 lines behind (it goes on from the
//! newest); `{"type":"end","reason":"access ended"}` before the server closes
//! because access ended (`"server stopping"` when the server stops). Past lines are `GET /api/v1/tasks/{id}/logs`.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use futures::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::json;
use tianqi_core::Error;
use tianqi_service::sessions::{LiveSession, SessionEnd, SessionKind};
use tianqi_service::tasks::LiveLine;
use tokio::sync::broadcast;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiResult, ErrorBody};
use crate::extract::ApiQuery;
use crate::routes::instances::terminal::{same_origin, WsUser};
use crate::state::AppState;

pub const SUBPROTOCOL: &str = "tianqi.logs";

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FollowQuery {
    /// Only this run's lines.
    pub run: Option<i64>,
}

/// Follow the task's log live over a WebSocket (owner or admin; see the
/// module's protocol). Lines from the upgrade on; the past is `GET …/logs`.
#[utoipa::path(get, path = "/api/v1/tasks/{id}/logs/ws", tag = "tasks", security(("bearer" = [])),
    params(("id" = String, Path), FollowQuery),
    responses((status = 101, description = "Switching to the WebSocket protocol"), (status = 401, body = ErrorBody),
        (status = 403, description = "Cross-origin request", body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn follow_task_logs(
    State(s): State<AppState>,
    WsUser(me): WsUser,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<FollowQuery>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> ApiResult<Response> {
    if !same_origin(&headers) {
        return Err(Error::forbidden("cross-origin WebSocket refused").into());
    }
    if me.must_change_password {
        return Err(
            Error::forbidden("choose a new password first (POST /api/v1/me/password)").into(),
        );
    }
    let live = s.services.sessions.open(&me, SessionKind::Logs)?;
    let rx = s.services.tasks.follow_logs(&me, &id).await?;
    let run = q.run;
    Ok(ws.protocols([SUBPROTOCOL]).on_upgrade(move |socket| {
        pump(
            socket,
            rx,
            move |l: &LiveLine| *l.task_id == *id && run.is_none_or(|r| r == l.run_id),
            line_frame,
            Some(live),
        )
    }))
}

fn line_frame(l: &LiveLine) -> String {
    json!({
        "type": "line",
        "task_id": &*l.task_id,
        "run_id": l.run_id,
        "text": l.text,
        "level": l.level.map(|l| l.as_str()),
    })
    .to_string()
}

/// Copies the lines `keep` accepts to the socket as `encode` writes them,
/// until the client goes or (with a live session) access ends.
pub(crate) async fn pump(
    socket: WebSocket,
    mut rx: broadcast::Receiver<LiveLine>,
    keep: impl Fn(&LiveLine) -> bool + Send + 'static,
    encode: fn(&LiveLine) -> String,
    live: Option<LiveSession>,
) {
    let (mut sink, mut source) = socket.split();
    let ends = live.as_ref().map(LiveSession::ended);
    let ended = async move {
        match ends {
            Some(f) => f.await,
            None => std::future::pending().await,
        }
    };
    tokio::pin!(ended);
    loop {
        tokio::select! {
            () = &mut ended => {
                // Only a live session's end resolves `ended`.
                let end = live
                    .as_ref()
                    .map_or(SessionEnd::AccessEnded, LiveSession::end_reason)
                    .end_frame();
                let _ = sink.send(Message::Text(end.into())).await;
                break;
            }
            line = rx.recv() => {
                let text = match line {
                    Ok(l) if keep(&l) => encode(&l),
                    Ok(_) => continue,
                    Err(broadcast::error::RecvError::Lagged(n)) => {
                        json!({"type": "lagged", "skipped": n}).to_string()
                    }
                    Err(broadcast::error::RecvError::Closed) => break,
                };
                if sink.send(Message::Text(text.into())).await.is_err() {
                    break;
                }
            }
            m = source.next() => match m {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
        }
    }
    let _ = sink.send(Message::Close(None)).await;
    drop(live);
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(follow_task_logs))
}
