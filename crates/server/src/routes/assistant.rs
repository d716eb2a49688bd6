//! Assistant routes (AI 助手): provider configs (admin; the key write-only),
//! the caller's own conversations and messages, sending a message (the reply
//! streamed as Server-Sent Events, or whole), the day's token usage and
//! admins' per-user daily limits.

use std::convert::Infallible;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures::stream::{self, Stream, StreamExt};
use serde::{Deserialize, Serialize};
use tianqi_core::assistant::{
    config::ConfigFields, Conversation, ConversationFields, DailyUsage, Message, ProviderConfig,
};
use tianqi_core::page::{Page, PageQuery};
use tianqi_service::assistant::{Exchange, ReplyEvent, SendMessage, Streaming};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{AdminUser, Ctx, CurrentUser};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery, PathId};
use crate::state::AppState;

/// Provider configs (admin); keys shown masked only.
#[utoipa::path(get, path = "/api/v1/assistant/configs", tag = "assistant", security(("bearer" = ["admin"])),
    responses((status = 200, body = Vec<ProviderConfig>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_configs(
    State(s): State<AppState>,
    _a: AdminUser,
) -> ApiResult<Json<Vec<ProviderConfig>>> {
    Ok(Json(s.services.assistant.configs().await?))
}

/// Add a provider config (admin). `name` (unique, 409) and `api_key` are
/// required; `base_url` defaults to GLM's OpenAI-compatible endpoint and must
/// be http(s). `active: true` makes it the one active config.
#[utoipa::path(post, path = "/api/v1/assistant/configs", tag = "assistant", security(("bearer" = ["admin"])),
    request_body = ConfigFields,
    responses((status = 201, body = ProviderConfig), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_config(
    State(s): State<AppState>,
    _a: AdminUser,
    Ctx(ctx): Ctx,
    ApiJson(f): ApiJson<ConfigFields>,
) -> ApiResult<(StatusCode, Json<ProviderConfig>)> {
    let c = s.services.assistant.create_config(f).await?;
    let _ = ctx.resource_id.set(c.id.to_string());
    Ok((StatusCode::CREATED, Json(c)))
}

/// One provider config (admin).
#[utoipa::path(get, path = "/api/v1/assistant/configs/{id}", tag = "assistant", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    responses((status = 200, body = ProviderConfig), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_config(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
) -> ApiResult<Json<ProviderConfig>> {
    Ok(Json(s.services.assistant.config(id).await?))
}

/// Change a provider config (admin); absent fields stay, an absent
/// `api_key` keeps the stored key.
#[utoipa::path(patch, path = "/api/v1/assistant/configs/{id}", tag = "assistant", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)), request_body = ConfigFields,
    responses((status = 200, body = ProviderConfig), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_config(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
    ApiJson(f): ApiJson<ConfigFields>,
) -> ApiResult<Json<ProviderConfig>> {
    Ok(Json(s.services.assistant.update_config(id, f).await?))
}

/// Delete a provider config (admin).
#[utoipa::path(delete, path = "/api/v1/assistant/configs/{id}", tag = "assistant", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_config(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    s.services.assistant.delete_config(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Make this config the active one (admin); the one before it stops being so.
#[utoipa::path(post, path = "/api/v1/assistant/configs/{id}/activate", tag = "assistant", security(("bearer" = ["admin"])),
    params(("id" = i64, Path)),
    responses((status = 200, body = ProviderConfig), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn activate_config(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
) -> ApiResult<Json<ProviderConfig>> {
    Ok(Json(s.services.assistant.activate_config(id).await?))
}

/// Your conversations, the latest first.
#[utoipa::path(get, path = "/api/v1/assistant/conversations", tag = "assistant", security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = Page<Conversation>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_conversations(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> ApiResult<Json<Page<Conversation>>> {
    Ok(Json(s.services.assistant.conversations(&me, q).await?))
}

/// Start a conversation; unset settings come from the active config.
#[utoipa::path(post, path = "/api/v1/assistant/conversations", tag = "assistant", security(("bearer" = [])),
    request_body = ConversationFields,
    responses((status = 201, body = Conversation), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_conversation(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    Ctx(ctx): Ctx,
    ApiJson(f): ApiJson<ConversationFields>,
) -> ApiResult<(StatusCode, Json<Conversation>)> {
    let c = s.services.assistant.create_conversation(&me, f).await?;
    let _ = ctx.resource_id.set(c.id.to_string());
    Ok((StatusCode::CREATED, Json(c)))
}

/// One of your conversations (somebody else's: 404).
#[utoipa::path(get, path = "/api/v1/assistant/conversations/{id}", tag = "assistant", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Conversation), (status = 404, body = ErrorBody)))]
pub async fn get_conversation(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<Json<Conversation>> {
    Ok(Json(s.services.assistant.conversation(&me, id).await?))
}

/// Rename a conversation or change its settings.
#[utoipa::path(patch, path = "/api/v1/assistant/conversations/{id}", tag = "assistant", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ConversationFields,
    responses((status = 200, body = Conversation), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_conversation(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
    ApiJson(f): ApiJson<ConversationFields>,
) -> ApiResult<Json<Conversation>> {
    Ok(Json(
        s.services.assistant.update_conversation(&me, id, f).await?,
    ))
}

/// Delete a conversation and its messages (the day's token count stays).
#[utoipa::path(delete, path = "/api/v1/assistant/conversations/{id}", tag = "assistant", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete_conversation(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    s.services.assistant.delete_conversation(&me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A conversation's messages in order.
#[utoipa::path(get, path = "/api/v1/assistant/conversations/{id}/messages", tag = "assistant", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Message>), (status = 404, body = ErrorBody)))]
pub async fn list_messages(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
) -> ApiResult<Json<Vec<Message>>> {
    Ok(Json(s.services.assistant.messages(&me, id).await?))
}

/// The first event of a streamed reply: both messages as stored when it began.
#[derive(Serialize, ToSchema)]
pub struct ReplyStart {
    pub user_message: Message,
    pub reply: Message,
}

fn sse_event(name: &str, data: &impl Serialize) -> Event {
    Event::default()
        .event(name)
        .json_data(data)
        .unwrap_or_else(|_| Event::default().event("error").data("{}"))
}

fn events(s: Streaming) -> impl Stream<Item = Result<Event, Infallible>> {
    let start = sse_event(
        "start",
        &ReplyStart {
            user_message: s.user_message,
            reply: s.reply,
        },
    );
    let rest = stream::unfold(s.events, |mut rx| async move {
        let ev = rx.recv().await?;
        let name = match &ev {
            ReplyEvent::Delta { .. } => "delta",
            ReplyEvent::Usage(_) => "usage",
            ReplyEvent::Error { .. } => "error",
            ReplyEvent::Done { .. } => "done",
        };
        Some((sse_event(name, &ev), rx))
    });
    stream::once(async move { start }).chain(rest).map(Ok)
}

/// Send a message and get the reply from the active config's provider.
/// Streamed (`stream`, the default) as `text/event-stream`: `start` (both
/// messages), `delta` (content/reasoning), `usage`, `error` (the reply
/// failed or stalled), then `done` with the reply as stored. Closing the
/// stream stops the reply; what arrived is kept (`finish_reason: stopped`).
/// Refusals come before any event: 429 beyond the daily token limit or when
/// the provider rate-limits, 502 when it refuses the key or cannot be
/// reached, 504 when it does not answer in time, 409 with no active config.
#[utoipa::path(post, path = "/api/v1/assistant/conversations/{id}/messages", tag = "assistant", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = SendMessage,
    responses(
        (status = 200, description = "the whole reply (`stream: false`), or the reply as Server-Sent Events (`stream: true`); each event's data is a ReplyEvent (`start`: ReplyStart)",
            content((Exchange = "application/json"), (ReplyEvent = "text/event-stream"))),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody), (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
pub async fn send_message(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
    PathId(id): PathId,
    ApiJson(b): ApiJson<SendMessage>,
) -> ApiResult<Response> {
    let a = &s.services.assistant;
    if !b.stream {
        return Ok(Json(a.send(&me, id, &b.content).await?).into_response());
    }
    let streaming = a.send_stream(&me, id, &b.content).await?;
    Ok(Sse::new(events(streaming))
        .keep_alive(KeepAlive::default())
        .into_response())
}

/// Your tokens today (UTC) and your daily limit.
#[utoipa::path(get, path = "/api/v1/assistant/usage", tag = "assistant", security(("bearer" = [])),
    responses((status = 200, body = DailyUsage), (status = 401, body = ErrorBody)))]
pub async fn my_usage(
    State(s): State<AppState>,
    CurrentUser(me): CurrentUser,
) -> ApiResult<Json<DailyUsage>> {
    Ok(Json(s.services.assistant.usage(me.user_id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitBody {
    /// Tokens per UTC day for this user; `null` = the server default
    /// (`assistant.daily_token_limit`); 0 = none at all.
    pub daily_tokens: Option<i64>,
}

/// A user's tokens today and daily limit (admin).
#[utoipa::path(get, path = "/api/v1/assistant/limits/{id}", tag = "assistant", security(("bearer" = ["admin"])),
    params(("id" = i64, Path, description = "user id")),
    responses((status = 200, body = DailyUsage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_limit(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
) -> ApiResult<Json<DailyUsage>> {
    Ok(Json(s.services.assistant.usage_of(id).await?))
}

/// Set a user's daily token limit (admin).
#[utoipa::path(put, path = "/api/v1/assistant/limits/{id}", tag = "assistant", security(("bearer" = ["admin"])),
    params(("id" = i64, Path, description = "user id")), request_body = LimitBody,
    responses((status = 200, body = DailyUsage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn set_limit(
    State(s): State<AppState>,
    _a: AdminUser,
    PathId(id): PathId,
    ApiJson(b): ApiJson<LimitBody>,
) -> ApiResult<Json<DailyUsage>> {
    Ok(Json(
        s.services.assistant.set_limit(id, b.daily_tokens).await?,
    ))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_configs, create_config))
        .routes(routes!(get_config, update_config, delete_config))
        .routes(routes!(activate_config))
        .routes(routes!(list_conversations, create_conversation))
        .routes(routes!(
            get_conversation,
            update_conversation,
            delete_conversation
        ))
        .routes(routes!(list_messages, send_message))
        .routes(routes!(my_usage))
        .routes(routes!(get_limit, set_limit))
}
