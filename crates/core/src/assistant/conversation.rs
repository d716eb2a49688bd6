//! Conversations (会话) and their messages. Each conversation belongs to one
//! user and carries the model settings its replies are asked with.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::validate;
use crate::{Error, Result};

pub const TITLE_MAX: usize = 200;
pub const SYSTEM_PROMPT_MAX: usize = 20_000;
/// One message a user sends (characters).
pub const CONTENT_MAX: usize = 100_000;
pub const DEFAULT_TITLE: &str = "新对话";

// Documented as `MessageRole`: the users' `Role` (admin/user) holds that
// name in the OpenAPI document, and one name for both left the console's
// generated types saying a message's role is admin or user.
/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = MessageRole))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    System,
    User,
    Assistant,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::System => "system",
            Role::User => "user",
            Role::Assistant => "assistant",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "system" => Some(Role::System),
            "user" => Some(Role::User),
            "assistant" => Some(Role::Assistant),
            _ => None,
        }
    }
}

/// A valid conversation in storage form.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationDraft {
    pub title: String,
    pub model: String,
    /// Sent first, as the `system` message, with every request ('' = none).
    pub system_prompt: String,
    pub temperature: f64,
    pub max_tokens: i64,
    /// The conversation the console opens first (at most one per user).
    pub active: bool,
}

/// What a create or an update (rename, settings) sends; absent fields keep
/// their value (create: the active config's defaults).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConversationFields {
    pub title: Option<String>,
    pub model: Option<String>,
    pub system_prompt: Option<String>,
    pub temperature: Option<f64>,
    pub max_tokens: Option<i64>,
    pub active: Option<bool>,
}

/// A conversation as the API shows it, with the tokens its replies used.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conversation {
    pub id: i64,
    pub user_id: i64,
    #[serde(flatten)]
    pub fields: ConversationDraft,
    pub message_count: i64,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub total_tokens: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One message: what the user sent, or a reply (possibly still arriving,
/// stopped or failed — `finish_reason` says which).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    pub id: i64,
    pub conversation_id: i64,
    pub role: Role,
    pub content: String,
    /// The model's separate reasoning stream (`reasoning_content`), when it sends one.
    pub reasoning: String,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub total_tokens: i64,
    /// The provider's (`stop`, `length`, …) or ours: `stopped` (the client
    /// went away), `stalled` (no data within the idle timeout), `error`;
    /// none while the reply is arriving, and on user messages.
    pub finish_reason: Option<String>,
    /// Extra facts: the model that answered, `usage_estimated`, an error text.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub metadata: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// A conversation's settings as taken from the active config's defaults.
pub struct Defaults<'a> {
    pub model: &'a str,
    pub temperature: f64,
    pub max_tokens: i64,
}

impl ConversationDraft {
    fn check(self) -> Result<Self> {
        validate::name("title", &self.title, TITLE_MAX)?;
        super::model("model", &self.model)?;
        if self.system_prompt.chars().count() > SYSTEM_PROMPT_MAX {
            return Err(Error::validation(
                "system_prompt",
                format!("system_prompt must be at most {SYSTEM_PROMPT_MAX} characters"),
            ));
        }
        super::temperature("temperature", self.temperature)?;
        super::max_tokens("max_tokens", self.max_tokens)?;
        Ok(self)
    }

    pub fn new(f: &ConversationFields, d: &Defaults<'_>) -> Result<Self> {
        ConversationDraft {
            title: f
                .title
                .as_deref()
                .map(str::trim)
                .unwrap_or(DEFAULT_TITLE)
                .to_owned(),
            model: f.model.clone().unwrap_or_else(|| d.model.to_owned()),
            system_prompt: f.system_prompt.clone().unwrap_or_default(),
            temperature: f.temperature.unwrap_or(d.temperature),
            max_tokens: f.max_tokens.unwrap_or(d.max_tokens),
            active: f.active.unwrap_or(false),
        }
        .check()
    }

    pub fn apply(&self, f: &ConversationFields) -> Result<Self> {
        ConversationDraft {
            title: f
                .title
                .as_deref()
                .map(|t| t.trim().to_owned())
                .unwrap_or_else(|| self.title.clone()),
            model: f.model.clone().unwrap_or_else(|| self.model.clone()),
            system_prompt: f
                .system_prompt
                .clone()
                .unwrap_or_else(|| self.system_prompt.clone()),
            temperature: f.temperature.unwrap_or(self.temperature),
            max_tokens: f.max_tokens.unwrap_or(self.max_tokens),
            active: f.active.unwrap_or(self.active),
        }
        .check()
    }
}

/// What a user sends: not blank, bounded.
pub fn content(field: &str, text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::validation(
            field,
            format!("{field} must not be empty"),
        ));
    }
    if text.chars().count() > CONTENT_MAX {
        return Err(Error::validation(
            field,
            format!("{field} must be at most {CONTENT_MAX} characters"),
        ));
    }
    Ok(())
}

/// A title for a new conversation from its first message: its first line,
/// at most 30 characters.
pub fn title_from(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or_default().trim();
    let mut t: String = line.chars().take(30).collect();
    if line.chars().count() > 30 {
        t.push('…');
    }
    if t.is_empty() {
        DEFAULT_TITLE.to_owned()
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: Defaults<'static> = Defaults {
        model: "glm-4-flash",
        temperature: 0.7,
        max_tokens: 4096,
    };

    fn field(e: Error) -> String {
        match e {
            Error::Validation { field, .. } => field,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn new_takes_the_config_defaults() {
        let c = ConversationDraft::new(&ConversationFields::default(), &D).unwrap();
        assert_eq!(c.title, DEFAULT_TITLE);
        assert_eq!(c.model, "glm-4-flash");
        assert_eq!((c.temperature, c.max_tokens), (0.7, 4096));
        let r = c
            .apply(&ConversationFields {
                title: Some(" 周报 ".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(r.title, "周报");
        assert_eq!(r.model, "glm-4-flash");
    }

    #[test]
    fn bad_fields_are_named() {
        let cases: Vec<(ConversationFields, &str)> = vec![
            (
                ConversationFields {
                    title: Some(" ".into()),
                    ..Default::default()
                },
                "title",
            ),
            (
                ConversationFields {
                    title: Some("x".repeat(201)),
                    ..Default::default()
                },
                "title",
            ),
            (
                ConversationFields {
                    model: Some(String::new()),
                    ..Default::default()
                },
                "model",
            ),
            (
                ConversationFields {
                    temperature: Some(3.0),
                    ..Default::default()
                },
                "temperature",
            ),
            (
                ConversationFields {
                    max_tokens: Some(0),
                    ..Default::default()
                },
                "max_tokens",
            ),
            (
                ConversationFields {
                    system_prompt: Some("x".repeat(SYSTEM_PROMPT_MAX + 1)),
                    ..Default::default()
                },
                "system_prompt",
            ),
        ];
        for (f, want) in cases {
            assert_eq!(
                ConversationDraft::new(&f, &D)
                    .map_err(field)
                    .err()
                    .as_deref(),
                Some(want)
            );
        }
        assert_eq!(
            content("content", "  \n").map_err(field).err().as_deref(),
            Some("content")
        );
    }

    #[test]
    fn titles_from_first_lines() {
        assert_eq!(title_from("  你好\n第二行"), "你好");
        assert_eq!(
            title_from(&"长".repeat(40)),
            format!("{}…", "长".repeat(30))
        );
        assert_eq!(title_from("\n\n"), DEFAULT_TITLE);
    }
}
