//! The AI assistant's rows: provider configs (the key sealed), conversations,
//! messages (a reply written as it arrives), tokens used per user and UTC day,
//! and admins' per-user daily limits.

use chrono::{DateTime, NaiveDate, Utc};
use tianqi_core::assistant::{
    ConfigDraft, Conversation, ConversationDraft, Message, ProviderConfig, Role, Usage,
};
use tianqi_core::page::PageRequest;

use crate::{on_db, Result, Store, StoreError};

const CONFIG_COLUMNS: &str =
    "id, name, api_key_hint, base_url, model, temperature, max_tokens, active, \
     created_at, updated_at";

#[derive(sqlx::FromRow)]
struct ConfigRow {
    id: i64,
    name: String,
    api_key_hint: String,
    base_url: String,
    model: String,
    temperature: f64,
    max_tokens: i64,
    active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<ConfigRow> for ProviderConfig {
    fn from(r: ConfigRow) -> Self {
        ProviderConfig {
            id: r.id,
            fields: ConfigDraft {
                name: r.name,
                base_url: r.base_url,
                model: r.model,
                temperature: r.temperature,
                max_tokens: r.max_tokens,
                active: r.active,
            },
            api_key_masked: r.api_key_hint,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const CONVERSATION_SELECT: &str = "SELECT c.id, c.user_id, c.title, c.model, c.system_prompt, \
     c.temperature, c.max_tokens, c.active, c.created_at, c.updated_at, \
     CAST(COALESCE(s.n, 0) AS BIGINT) AS message_count, \
     CAST(COALESCE(s.p, 0) AS BIGINT) AS prompt_tokens, \
     CAST(COALESCE(s.ct, 0) AS BIGINT) AS completion_tokens, \
     CAST(COALESCE(s.t, 0) AS BIGINT) AS total_tokens \
     FROM assistant_conversations c LEFT JOIN (SELECT conversation_id, COUNT(*) AS n, \
     SUM(prompt_tokens) AS p, SUM(completion_tokens) AS ct, SUM(total_tokens) AS t \
     FROM assistant_messages GROUP BY conversation_id) s ON s.conversation_id = c.id";

#[derive(sqlx::FromRow)]
struct ConversationRow {
    id: i64,
    user_id: i64,
    title: String,
    model: String,
    system_prompt: String,
    temperature: f64,
    max_tokens: i64,
    active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    message_count: i64,
    prompt_tokens: i64,
    completion_tokens: i64,
    total_tokens: i64,
}

impl From<ConversationRow> for Conversation {
    fn from(r: ConversationRow) -> Self {
        Conversation {
            id: r.id,
            user_id: r.user_id,
            fields: ConversationDraft {
                title: r.title,
                model: r.model,
                system_prompt: r.system_prompt,
                temperature: r.temperature,
                max_tokens: r.max_tokens,
                active: r.active,
            },
            message_count: r.message_count,
            prompt_tokens: r.prompt_tokens,
            completion_tokens: r.completion_tokens,
            total_tokens: r.total_tokens,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const MESSAGE_COLUMNS: &str = "id, conversation_id, role, content, reasoning, prompt_tokens, \
     completion_tokens, total_tokens, finish_reason, metadata, created_at";

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: i64,
    conversation_id: i64,
    role: String,
    content: String,
    reasoning: String,
    prompt_tokens: i64,
    completion_tokens: i64,
    total_tokens: i64,
    finish_reason: Option<String>,
    metadata: String,
    created_at: DateTime<Utc>,
}

impl TryFrom<MessageRow> for Message {
    type Error = StoreError;
    fn try_from(r: MessageRow) -> Result<Self> {
        let role = Role::parse(&r.role)
            .ok_or_else(|| StoreError::Other(format!("message {}: bad role", r.id)))?;
        Ok(Message {
            id: r.id,
            conversation_id: r.conversation_id,
            role,
            content: r.content,
            reasoning: r.reasoning,
            prompt_tokens: r.prompt_tokens,
            completion_tokens: r.completion_tokens,
            total_tokens: r.total_tokens,
            finish_reason: r.finish_reason,
            metadata: serde_json::from_str(&r.metadata).unwrap_or(serde_json::Value::Null),
            created_at: r.created_at,
        })
    }
}

/// A message to write (a new one, or a reply's state so far).
#[derive(Debug, Clone, Default)]
pub struct MessageWrite<'a> {
    pub content: &'a str,
    pub reasoning: &'a str,
    pub usage: Usage,
    pub finish_reason: Option<&'a str>,
    pub metadata: serde_json::Value,
}

/// The key of a config: sealed form and masked hint.
pub struct SealedKey<'a> {
    pub sealed: &'a str,
    pub hint: &'a str,
}

impl Store {
    /// Inserts a config; when it is active, the active one before it stops
    /// being so, in the same transaction.
    pub async fn insert_assistant_config(
        &self,
        d: &ConfigDraft,
        key: SealedKey<'_>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        Ok(on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            if d.active {
                sqlx::query("UPDATE assistant_configs SET active = FALSE WHERE active")
                    .execute(&mut *tx)
                    .await?;
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO assistant_configs (name, api_key, api_key_hint, base_url, model, \
                 temperature, max_tokens, active, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
            )
            .bind(&d.name)
            .bind(key.sealed)
            .bind(key.hint)
            .bind(&d.base_url)
            .bind(&d.model)
            .bind(d.temperature)
            .bind(d.max_tokens)
            .bind(d.active)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            id
        }))
    }

    /// `key`: None keeps the stored one.
    pub async fn update_assistant_config(
        &self,
        id: i64,
        d: &ConfigDraft,
        key: Option<SealedKey<'_>>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let (sealed, hint) = match &key {
            Some(k) => (Some(k.sealed), Some(k.hint)),
            None => (None, None),
        };
        let n = on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            if d.active {
                sqlx::query(
                    "UPDATE assistant_configs SET active = FALSE WHERE active AND id <> $1",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            let n = sqlx::query(
                "UPDATE assistant_configs SET name = $1, base_url = $2, model = $3, temperature = $4, \
                 max_tokens = $5, active = $6, updated_at = $7, api_key = COALESCE($8, api_key), \
                 api_key_hint = COALESCE($9, api_key_hint) WHERE id = $10",
            )
            .bind(&d.name)
            .bind(&d.base_url)
            .bind(&d.model)
            .bind(d.temperature)
            .bind(d.max_tokens)
            .bind(d.active)
            .bind(now)
            .bind(sealed)
            .bind(hint)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            tx.commit().await?;
            n
        });
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn assistant_config(&self, id: i64) -> Result<ProviderConfig> {
        let sql = format!("SELECT {CONFIG_COLUMNS} FROM assistant_configs WHERE id = $1");
        let row: ConfigRow = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_one(pool)
            .await?);
        Ok(row.into())
    }

    pub async fn assistant_configs(&self) -> Result<Vec<ProviderConfig>> {
        let sql = format!("SELECT {CONFIG_COLUMNS} FROM assistant_configs ORDER BY id");
        let rows: Vec<ConfigRow> =
            on_db!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await?);
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// The active config and its sealed key.
    pub async fn active_assistant_config(&self) -> Result<Option<(ProviderConfig, String)>> {
        let sql = format!(
            "SELECT {CONFIG_COLUMNS} FROM assistant_configs WHERE active ORDER BY id LIMIT 1"
        );
        let row: Option<ConfigRow> = on_db!(self, |pool| sqlx::query_as(&sql)
            .fetch_optional(pool)
            .await?);
        let Some(row) = row else { return Ok(None) };
        let id = row.id;
        let sealed: String = on_db!(self, |pool| sqlx::query_scalar(
            "SELECT api_key FROM assistant_configs WHERE id = $1"
        )
        .bind(id)
        .fetch_one(pool)
        .await?);
        Ok(Some((row.into(), sealed)))
    }

    pub async fn delete_assistant_config(&self, id: i64) -> Result<bool> {
        let n = on_db!(self, |pool| sqlx::query(
            "DELETE FROM assistant_configs WHERE id = $1"
        )
        .bind(id)
        .execute(pool)
        .await?
        .rows_affected());
        Ok(n > 0)
    }

    /// Inserts a conversation; an active one makes the user's others inactive.
    pub async fn insert_conversation(
        &self,
        user_id: i64,
        d: &ConversationDraft,
        now: DateTime<Utc>,
    ) -> Result<Conversation> {
        let id: i64 = on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            if d.active {
                sqlx::query(
                    "UPDATE assistant_conversations SET active = FALSE WHERE user_id = $1 AND active",
                )
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO assistant_conversations (user_id, title, model, system_prompt, \
                 temperature, max_tokens, active, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
            )
            .bind(user_id)
            .bind(&d.title)
            .bind(&d.model)
            .bind(&d.system_prompt)
            .bind(d.temperature)
            .bind(d.max_tokens)
            .bind(d.active)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            id
        });
        self.conversation(id).await
    }

    pub async fn update_conversation(
        &self,
        id: i64,
        user_id: i64,
        d: &ConversationDraft,
        now: DateTime<Utc>,
    ) -> Result<Conversation> {
        let n = on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            if d.active {
                sqlx::query(
                    "UPDATE assistant_conversations SET active = FALSE \
                     WHERE user_id = $1 AND active AND id <> $2",
                )
                .bind(user_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            let n = sqlx::query(
                "UPDATE assistant_conversations SET title = $1, model = $2, system_prompt = $3, \
                 temperature = $4, max_tokens = $5, active = $6, updated_at = $7 WHERE id = $8",
            )
            .bind(&d.title)
            .bind(&d.model)
            .bind(&d.system_prompt)
            .bind(d.temperature)
            .bind(d.max_tokens)
            .bind(d.active)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            tx.commit().await?;
            n
        });
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        self.conversation(id).await
    }

    pub async fn conversation(&self, id: i64) -> Result<Conversation> {
        let sql = format!("{CONVERSATION_SELECT} WHERE c.id = $1");
        let row: ConversationRow = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_one(pool)
            .await?);
        Ok(row.into())
    }

    /// A user's conversations, the latest first.
    pub async fn conversations(
        &self,
        user_id: i64,
        page: PageRequest,
    ) -> Result<(Vec<Conversation>, i64)> {
        let sql = format!(
            "{CONVERSATION_SELECT} WHERE c.user_id = $1 ORDER BY c.updated_at DESC, c.id DESC \
             LIMIT $2 OFFSET $3"
        );
        let (rows, total): (Vec<ConversationRow>, i64) = on_db!(self, |pool| {
            let rows = sqlx::query_as(&sql)
                .bind(user_id)
                .bind(page.limit())
                .bind(page.offset())
                .fetch_all(pool)
                .await?;
            let total: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM assistant_conversations WHERE user_id = $1",
            )
            .bind(user_id)
            .fetch_one(pool)
            .await?;
            (rows, total)
        });
        Ok((rows.into_iter().map(Into::into).collect(), total))
    }

    pub async fn delete_conversation(&self, id: i64) -> Result<bool> {
        let n = on_db!(self, |pool| sqlx::query(
            "DELETE FROM assistant_conversations WHERE id = $1"
        )
        .bind(id)
        .execute(pool)
        .await?
        .rows_affected());
        Ok(n > 0)
    }

    /// A conversation's messages in order.
    pub async fn messages(&self, conversation_id: i64) -> Result<Vec<Message>> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM assistant_messages WHERE conversation_id = $1 ORDER BY id"
        );
        let rows: Vec<MessageRow> = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(conversation_id)
            .fetch_all(pool)
            .await?);
        rows.into_iter().map(Message::try_from).collect()
    }

    pub async fn message(&self, id: i64) -> Result<Message> {
        let sql = format!("SELECT {MESSAGE_COLUMNS} FROM assistant_messages WHERE id = $1");
        let row: MessageRow = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_one(pool)
            .await?);
        row.try_into()
    }

    /// Adds a message and marks the conversation as just used.
    pub async fn insert_message(
        &self,
        conversation_id: i64,
        role: Role,
        m: &MessageWrite<'_>,
        now: DateTime<Utc>,
    ) -> Result<Message> {
        let metadata = m.metadata.to_string();
        let id: i64 = on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO assistant_messages (conversation_id, role, content, reasoning, \
                 prompt_tokens, completion_tokens, total_tokens, finish_reason, metadata, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(conversation_id)
            .bind(role.as_str())
            .bind(m.content)
            .bind(m.reasoning)
            .bind(m.usage.prompt_tokens)
            .bind(m.usage.completion_tokens)
            .bind(m.usage.total_tokens)
            .bind(m.finish_reason)
            .bind(&metadata)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("UPDATE assistant_conversations SET updated_at = $1 WHERE id = $2")
                .bind(now)
                .bind(conversation_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            id
        });
        self.message(id).await
    }

    /// Writes a reply's state so far (the reply may be gone with its
    /// conversation: then nothing happens).
    pub async fn update_message(&self, id: i64, m: &MessageWrite<'_>) -> Result<()> {
        let metadata = m.metadata.to_string();
        on_db!(self, |pool| {
            sqlx::query(
            "UPDATE assistant_messages SET content = $1, reasoning = $2, prompt_tokens = $3, \
             completion_tokens = $4, total_tokens = $5, finish_reason = $6, metadata = $7 WHERE id = $8"
        )
        .bind(m.content)
        .bind(m.reasoning)
        .bind(m.usage.prompt_tokens)
        .bind(m.usage.completion_tokens)
        .bind(m.usage.total_tokens)
        .bind(m.finish_reason)
        .bind(&metadata)
        .bind(id)
        .execute(pool)
        .await?
        .rows_affected()
        });
        Ok(())
    }

    /// Counts `tokens` against the user's day.
    pub async fn add_assistant_usage(
        &self,
        user_id: i64,
        day: NaiveDate,
        tokens: i64,
    ) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
            "INSERT INTO assistant_usage (user_id, day, tokens) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, day) DO UPDATE SET tokens = assistant_usage.tokens + excluded.tokens"
        )
        .bind(user_id)
        .bind(day.to_string())
        .bind(tokens)
        .execute(pool)
        .await?
        .rows_affected()
        });
        Ok(())
    }

    pub async fn assistant_usage(&self, user_id: i64, day: NaiveDate) -> Result<i64> {
        let n: Option<i64> = on_db!(self, |pool| sqlx::query_scalar(
            "SELECT tokens FROM assistant_usage WHERE user_id = $1 AND day = $2"
        )
        .bind(user_id)
        .bind(day.to_string())
        .fetch_optional(pool)
        .await?);
        Ok(n.unwrap_or(0))
    }

    /// The admin's daily limit for a user, when set.
    pub async fn assistant_limit(&self, user_id: i64) -> Result<Option<i64>> {
        Ok(on_db!(self, |pool| sqlx::query_scalar(
            "SELECT daily_tokens FROM assistant_limits WHERE user_id = $1"
        )
        .bind(user_id)
        .fetch_optional(pool)
        .await?))
    }

    /// Sets (Some) or removes (None) a user's own daily limit.
    pub async fn set_assistant_limit(&self, user_id: i64, daily: Option<i64>) -> Result<()> {
        match daily {
            Some(n) => on_db!(self, |pool| sqlx::query(
                "INSERT INTO assistant_limits (user_id, daily_tokens) VALUES ($1, $2) \
                 ON CONFLICT (user_id) DO UPDATE SET daily_tokens = excluded.daily_tokens"
            )
            .bind(user_id)
            .bind(n)
            .execute(pool)
            .await?
            .rows_affected()),
            None => on_db!(self, |pool| sqlx::query(
                "DELETE FROM assistant_limits WHERE user_id = $1"
            )
            .bind(user_id)
            .execute(pool)
            .await?
            .rows_affected()),
        };
        Ok(())
    }
}
