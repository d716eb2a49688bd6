//! The AI assistant (AI 助手, seed 003 §9): chat with any OpenAI-compatible
//! chat-completions endpoint (GLM by default).
//!
//! Pure parts only: the provider configs and conversations as written and
//! validated ([`config`], [`conversation`]), the request body sent to the
//! provider ([`request`]), the incremental parser of its streamed answer
//! ([`stream`]) and the per-user daily token limit ([`limit`]).

pub mod config;
pub mod conversation;
pub mod limit;
pub mod request;
pub mod stream;

pub use config::{ConfigDraft, ConfigFields, ProviderConfig, DEFAULT_BASE_URL};
pub use conversation::{Conversation, ConversationDraft, ConversationFields, Message, Role};
pub use limit::{DailyUsage, TokenLimit};
pub use stream::{Completion, StreamEvent, StreamParser, Usage};

use crate::{Error, Result};

/// Temperature as the OpenAI protocol bounds it.
pub const TEMPERATURE_MAX: f64 = 2.0;
/// The largest `max_tokens` a config or a conversation may ask for.
pub const MAX_TOKENS_MAX: i64 = 1_000_000;
pub const MODEL_MAX: usize = 128;

pub(crate) fn temperature(field: &str, t: f64) -> Result<()> {
    if !t.is_finite() || !(0.0..=TEMPERATURE_MAX).contains(&t) {
        return Err(Error::validation(
            field,
            format!("{field} must be between 0 and {TEMPERATURE_MAX}"),
        ));
    }
    Ok(())
}

pub(crate) fn max_tokens(field: &str, n: i64) -> Result<()> {
    if !(1..=MAX_TOKENS_MAX).contains(&n) {
        return Err(Error::validation(
            field,
            format!("{field} must be between 1 and {MAX_TOKENS_MAX}"),
        ));
    }
    Ok(())
}

/// A model name goes into the provider's JSON as is: printable, no spaces.
pub(crate) fn model(field: &str, m: &str) -> Result<()> {
    crate::validate::name(field, m, MODEL_MAX)?;
    if m.chars().any(char::is_whitespace) {
        return Err(Error::validation(
            field,
            format!("{field} must not contain spaces"),
        ));
    }
    Ok(())
}
