//! The AI assistant (AI 助手): provider configs (admin), each user's
//! conversations, and replies from the active config's OpenAI-compatible
//! endpoint, streamed or whole, counted against a daily token limit.

mod config;
mod in_flight;
mod provider;
mod reply;

pub use config::{AssistantConfig, AssistantSettings};
pub use reply::ReplyEvent;

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::json;
use tianqi_core::assistant::config::{mask, ConfigDraft, ConfigFields};
use tianqi_core::assistant::conversation::{content, title_from, Defaults, DEFAULT_TITLE};
use tianqi_core::assistant::limit::{day_of, estimate_tokens, DailyUsage, TokenLimit};
use tianqi_core::assistant::request::chat_body;
use tianqi_core::assistant::stream::parse_completion;
use tianqi_core::assistant::{
    Conversation, ConversationDraft, ConversationFields, Message, ProviderConfig, Role,
};
use tianqi_core::page::{Page, PageQuery};
use tianqi_core::policy::{check_private, Principal};
use tianqi_core::{Error, Result};
use tianqi_store::{MessageWrite, SealedKey, StoreError};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::Context;
use in_flight::{InFlight, Replying};

/// How many events a slow client may lag behind before the reply waits.
const CHANNEL: usize = 64;
/// Attempts at a write that makes a config active, when a concurrent one won.
const ACTIVATE_ATTEMPTS: usize = 5;

/// What a user sends.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SendMessage {
    pub content: String,
    /// Stream the reply as Server-Sent Events (default), or answer it whole.
    #[serde(default = "yes")]
    pub stream: bool,
}

fn yes() -> bool {
    true
}

/// A whole reply: the user's message and the answer, both stored.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Exchange {
    pub user_message: Message,
    pub reply: Message,
}

/// A reply being streamed: both messages as stored when it began, and the
/// events that follow.
pub struct Streaming {
    pub user_message: Message,
    pub reply: Message,
    pub events: mpsc::Receiver<ReplyEvent>,
}

#[derive(Clone)]
pub struct AssistantService {
    ctx: Context,
    settings: Arc<AssistantSettings>,
    /// None when the HTTP client could not be built (then sending says so).
    http: Option<reqwest::Client>,
    replies: TaskTracker,
    stop: CancellationToken,
    /// Users with a daily limit whose reply is in progress (see `in_flight`).
    replying: Replying,
}

/// A config write refused by a UNIQUE constraint: the name, or the one
/// active config (a concurrent activation won: try again).
enum ConfigConflict {
    Name,
    Active,
}

fn config_conflict(e: &StoreError) -> Option<ConfigConflict> {
    match e {
        StoreError::Unique(m) if m.contains("name") => Some(ConfigConflict::Name),
        // The partial unique index, or PostgreSQL breaking a deadlock between
        // two activations' "clear the active one" updates: try again.
        StoreError::Unique(_) | StoreError::Contended(_) => Some(ConfigConflict::Active),
        _ => None,
    }
}

fn not_found(what: &str, id: i64) -> impl Fn(StoreError) -> Error + '_ {
    move |e| match e {
        StoreError::NotFound => Error::not_found(format!("{what} {id} not found")),
        other => other.into(),
    }
}

impl AssistantService {
    pub fn new(ctx: Context, settings: AssistantSettings) -> Self {
        let http = match provider::client(&settings) {
            Ok(c) => Some(c),
            Err(e) => {
                tracing::error!(error = %e, "the assistant's HTTP client cannot be built");
                None
            }
        };
        Self {
            ctx,
            settings: Arc::new(settings),
            http,
            replies: TaskTracker::new(),
            stop: CancellationToken::new(),
            replying: Replying::default(),
        }
    }

    pub fn settings(&self) -> &AssistantSettings {
        &self.settings
    }

    /// Ends the replies in progress (each keeps what arrived) and waits for them.
    pub async fn shutdown(&self) {
        self.stop.cancel();
        self.replies.close();
        self.replies.wait().await;
    }

    // ---- provider configs (admin; the routes check the role) ----

    pub async fn configs(&self) -> Result<Vec<ProviderConfig>> {
        Ok(self.ctx.store.assistant_configs().await?)
    }

    pub async fn config(&self, id: i64) -> Result<ProviderConfig> {
        self.ctx
            .store
            .assistant_config(id)
            .await
            .map_err(not_found("assistant config", id))
    }

    fn seal(&self, key: &str) -> Result<(String, String)> {
        Ok((self.ctx.keys.secrets.encrypt(key)?, mask(key)))
    }

    /// Runs a config write, again when a concurrent activation took the one
    /// active slot between our two statements (PostgreSQL, read committed).
    async fn retry_active<F, Fut, T>(&self, name: &str, write: F) -> Result<T>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = std::result::Result<T, StoreError>>,
    {
        let mut last = None;
        for _ in 0..ACTIVATE_ATTEMPTS {
            match write().await {
                Ok(v) => return Ok(v),
                Err(e) => match config_conflict(&e) {
                    Some(ConfigConflict::Name) => {
                        return Err(Error::conflict(format!(
                            "an assistant config named '{name}' already exists"
                        )))
                    }
                    Some(ConfigConflict::Active) => last = Some(e),
                    None => return Err(e.into()),
                },
            }
        }
        Err(match last {
            Some(_) => Error::conflict("another config was activated at the same time; try again"),
            None => Error::internal("config write: no attempt made"),
        })
    }

    pub async fn create_config(&self, f: ConfigFields) -> Result<ProviderConfig> {
        let d = ConfigDraft::new(&f)?;
        let (sealed, hint) = self.seal(f.api_key.as_deref().unwrap_or_default())?;
        let now = self.ctx.clock.now();
        let id = self
            .retry_active(&d.name, || {
                self.ctx.store.insert_assistant_config(
                    &d,
                    SealedKey {
                        sealed: &sealed,
                        hint: &hint,
                    },
                    now,
                )
            })
            .await?;
        self.config(id).await
    }

    pub async fn update_config(&self, id: i64, f: ConfigFields) -> Result<ProviderConfig> {
        let current = self.config(id).await?;
        let d = current.fields.apply(&f)?;
        let key = f.api_key.as_deref().map(|k| self.seal(k)).transpose()?;
        let now = self.ctx.clock.now();
        self.retry_active(&d.name, || {
            self.ctx.store.update_assistant_config(
                id,
                &d,
                key.as_ref()
                    .map(|(sealed, hint)| SealedKey { sealed, hint }),
                now,
            )
        })
        .await
        .map_err(|e| match e {
            Error::NotFound(_) => Error::not_found(format!("assistant config {id} not found")),
            other => other,
        })?;
        self.config(id).await
    }

    /// Makes this config the active one (the one before it stops being so).
    pub async fn activate_config(&self, id: i64) -> Result<ProviderConfig> {
        self.update_config(
            id,
            ConfigFields {
                active: Some(true),
                ..ConfigFields::default()
            },
        )
        .await
    }

    pub async fn delete_config(&self, id: i64) -> Result<()> {
        if !self.ctx.store.delete_assistant_config(id).await? {
            return Err(Error::not_found(format!("assistant config {id} not found")));
        }
        Ok(())
    }

    // ---- conversations (each user their own) ----

    async fn owned(&self, who: &Principal, id: i64) -> Result<Conversation> {
        let c = self
            .ctx
            .store
            .conversation(id)
            .await
            .map_err(not_found("conversation", id))?;
        check_private(who, c.user_id, &format!("conversation {id}"))?;
        Ok(c)
    }

    pub async fn conversations(&self, who: &Principal, q: PageQuery) -> Result<Page<Conversation>> {
        let page = q.validate()?;
        let (items, total) = self.ctx.store.conversations(who.user_id, page).await?;
        Ok(Page::new(items, total, page))
    }

    /// A new conversation; unset settings come from the active config (or
    /// the built-in GLM defaults when none is active yet).
    pub async fn create_conversation(
        &self,
        who: &Principal,
        f: ConversationFields,
    ) -> Result<Conversation> {
        let active = self.ctx.store.active_assistant_config().await?;
        let d = match &active {
            Some((c, _)) => ConversationDraft::new(
                &f,
                &Defaults {
                    model: &c.fields.model,
                    temperature: c.fields.temperature,
                    max_tokens: c.fields.max_tokens,
                },
            )?,
            None => ConversationDraft::new(
                &f,
                &Defaults {
                    model: tianqi_core::assistant::config::DEFAULT_MODEL,
                    temperature: tianqi_core::assistant::config::DEFAULT_TEMPERATURE,
                    max_tokens: tianqi_core::assistant::config::DEFAULT_MAX_TOKENS,
                },
            )?,
        };
        Ok(self
            .ctx
            .store
            .insert_conversation(who.user_id, &d, self.ctx.clock.now())
            .await?)
    }

    pub async fn conversation(&self, who: &Principal, id: i64) -> Result<Conversation> {
        self.owned(who, id).await
    }

    pub async fn update_conversation(
        &self,
        who: &Principal,
        id: i64,
        f: ConversationFields,
    ) -> Result<Conversation> {
        let c = self.owned(who, id).await?;
        let d = c.fields.apply(&f)?;
        self.ctx
            .store
            .update_conversation(id, who.user_id, &d, self.ctx.clock.now())
            .await
            .map_err(not_found("conversation", id))
    }

    pub async fn delete_conversation(&self, who: &Principal, id: i64) -> Result<()> {
        self.owned(who, id).await?;
        if !self.ctx.store.delete_conversation(id).await? {
            return Err(Error::not_found(format!("conversation {id} not found")));
        }
        Ok(())
    }

    pub async fn messages(&self, who: &Principal, id: i64) -> Result<Vec<Message>> {
        self.owned(who, id).await?;
        Ok(self.ctx.store.messages(id).await?)
    }

    // ---- tokens ----

    async fn limit_of(&self, user_id: i64) -> Result<(TokenLimit, bool)> {
        Ok(match self.ctx.store.assistant_limit(user_id).await? {
            Some(n) => (TokenLimit(Some(n)), true),
            None => (TokenLimit(self.settings.daily_token_limit), false),
        })
    }

    /// What `user_id` used today and may use.
    pub async fn usage(&self, user_id: i64) -> Result<DailyUsage> {
        let day = day_of(self.ctx.clock.now());
        let used = self.ctx.store.assistant_usage(user_id, day).await?;
        let (limit, own) = self.limit_of(user_id).await?;
        Ok(DailyUsage {
            day,
            used_tokens: used,
            limit_tokens: limit.0,
            own_limit: own,
        })
    }

    /// A user's usage and limit (admin): 404 for no such user.
    pub async fn usage_of(&self, user_id: i64) -> Result<DailyUsage> {
        self.ctx
            .store
            .user(user_id)
            .await
            .map_err(not_found("user", user_id))?;
        self.usage(user_id).await
    }

    /// Sets a user's own daily limit (admin); `None` returns them to the
    /// server default (`assistant.daily_token_limit`).
    pub async fn set_limit(&self, user_id: i64, daily: Option<i64>) -> Result<DailyUsage> {
        if let Some(n) = daily {
            if n < 0 {
                return Err(Error::validation(
                    "daily_tokens",
                    "daily_tokens must be 0 or more (null: the server default)",
                ));
            }
        }
        self.ctx
            .store
            .user(user_id)
            .await
            .map_err(not_found("user", user_id))?;
        self.ctx.store.set_assistant_limit(user_id, daily).await?;
        self.usage(user_id).await
    }

    // ---- replies ----

    /// Everything a reply needs, checked before anything is written: the
    /// conversation is the caller's, the text is fine, a config is active,
    /// the day's tokens are not used up. Then the provider is asked; only
    /// once it accepted is the user's message stored.
    async fn begin(
        &self,
        who: &Principal,
        id: i64,
        text: &str,
        stream: bool,
    ) -> Result<(Conversation, reqwest::Response, i64, Option<InFlight>)> {
        let conv = self.owned(who, id).await?;
        content("content", text)?;
        let now = self.ctx.clock.now();
        let limit = self.limit_of(who.user_id).await?.0;
        // Taken before the day's usage is read, and given back only after the
        // reply's tokens are counted: the next reply reads them.
        let in_flight = match limit.0 {
            Some(_) => Some(self.replying.begin(who.user_id)?),
            None => None,
        };
        let used = self
            .ctx
            .store
            .assistant_usage(who.user_id, day_of(now))
            .await?;
        limit.check(used, now)?;
        let Some((cfg, sealed)) = self.ctx.store.active_assistant_config().await? else {
            return Err(Error::conflict(
                "no assistant config is active: an admin must add one and activate it",
            ));
        };
        let key = self.ctx.keys.secrets.decrypt(&sealed)?;
        let earlier = self.ctx.store.messages(id).await?;
        let keep = self.settings.history_messages;
        let mut history: Vec<(Role, &str)> = earlier
            .iter()
            .filter(|m| m.role != Role::System && !m.content.is_empty())
            .map(|m| (m.role, m.content.as_str()))
            .collect();
        if history.len() > keep {
            history.drain(..history.len() - keep);
        }
        history.push((Role::User, text));
        let prompt_estimate = history.iter().map(|(_, t)| estimate_tokens(t)).sum::<i64>()
            + estimate_tokens(&conv.fields.system_prompt);
        let body = chat_body(&conv.fields, &history, stream);
        let http = self
            .http
            .as_ref()
            .ok_or_else(|| Error::internal("the assistant's HTTP client is not available"))?;
        let endpoint = provider::Endpoint {
            config: &cfg.fields.name,
            url: ConfigDraft::completions_url(&cfg.fields.base_url),
            key: &key,
        };
        let res = provider::start(http, &endpoint, &body, self.settings.request_timeout).await?;
        Ok((conv, res, prompt_estimate, in_flight))
    }

    /// The first message names an untitled conversation.
    async fn store_user_message(&self, conv: &Conversation, text: &str) -> Result<Message> {
        let now = self.ctx.clock.now();
        if conv.message_count == 0 && conv.fields.title == DEFAULT_TITLE {
            let mut d = conv.fields.clone();
            d.title = title_from(text);
            self.ctx
                .store
                .update_conversation(conv.id, conv.user_id, &d, now)
                .await?;
        }
        Ok(self
            .ctx
            .store
            .insert_message(
                conv.id,
                Role::User,
                &MessageWrite {
                    content: text,
                    ..MessageWrite::default()
                },
                now,
            )
            .await?)
    }

    /// Sends `text` and answers the whole reply.
    pub async fn send(&self, who: &Principal, id: i64, text: &str) -> Result<Exchange> {
        // `_in_flight` lives to the end, after the tokens are counted.
        let (conv, res, prompt_estimate, _in_flight) = self.begin(who, id, text, false).await?;
        let within = self.settings.request_timeout;
        let body = match tokio::time::timeout(within, res.json::<serde_json::Value>()).await {
            Err(_) => {
                return Err(Error::GatewayTimeout(format!(
                    "the AI provider did not finish its answer within {} s",
                    within.as_secs()
                )))
            }
            Ok(Err(_)) => {
                return Err(Error::BadGateway(
                    "the AI provider's answer is not JSON".into(),
                ))
            }
            Ok(Ok(v)) => v,
        };
        let c = parse_completion(&body).map_err(|m| {
            Error::BadGateway(format!("the AI provider's answer is not a reply: {m}"))
        })?;
        let estimated = c.usage.is_none();
        let usage = c.usage.unwrap_or_else(|| {
            let completion = estimate_tokens(&c.content) + estimate_tokens(&c.reasoning);
            tianqi_core::assistant::Usage {
                prompt_tokens: prompt_estimate,
                completion_tokens: completion,
                total_tokens: prompt_estimate + completion,
            }
        });
        let user_message = self.store_user_message(&conv, text).await?;
        let reply = self
            .ctx
            .store
            .insert_message(
                id,
                Role::Assistant,
                &MessageWrite {
                    content: &c.content,
                    reasoning: &c.reasoning,
                    usage,
                    finish_reason: Some(c.finish_reason.as_deref().unwrap_or("stop")),
                    metadata: json!({
                        "model": c.model.unwrap_or_else(|| conv.fields.model.clone()),
                        "usage_estimated": estimated,
                    }),
                },
                self.ctx.clock.now(),
            )
            .await?;
        self.ctx
            .store
            .add_assistant_usage(
                who.user_id,
                day_of(self.ctx.clock.now()),
                usage.total_tokens,
            )
            .await?;
        Ok(Exchange {
            user_message,
            reply,
        })
    }

    /// Sends `text` and answers the reply as it streams. Errors before the
    /// provider accepted come back as errors (nothing is stored); after,
    /// they arrive as events and the reply keeps what came.
    pub async fn send_stream(&self, who: &Principal, id: i64, text: &str) -> Result<Streaming> {
        let (conv, res, prompt_estimate, in_flight) = self.begin(who, id, text, true).await?;
        let user_message = self.store_user_message(&conv, text).await?;
        let reply = self
            .ctx
            .store
            .insert_message(
                id,
                Role::Assistant,
                &MessageWrite {
                    metadata: json!({"model": conv.fields.model}),
                    ..MessageWrite::default()
                },
                self.ctx.clock.now(),
            )
            .await?;
        let (tx, rx) = mpsc::channel(CHANNEL);
        let job = reply::ReplyJob {
            store: self.ctx.store.clone(),
            clock: self.ctx.clock.clone(),
            user_id: who.user_id,
            message_id: reply.id,
            model: conv.fields.model.clone(),
            idle: self.settings.stream_idle_timeout,
            prompt_estimate,
            tx,
            stop: self.stop.clone(),
            _in_flight: in_flight,
        };
        self.replies.spawn(job.run(res));
        Ok(Streaming {
            user_message,
            reply,
            events: rx,
        })
    }
}
