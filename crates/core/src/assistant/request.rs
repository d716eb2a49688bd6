//! The chat-completions request body (OpenAI protocol, which GLM speaks).

use serde_json::{json, Value};

use super::conversation::{ConversationDraft, Role};

/// The body for one reply: the system prompt (when set), the history in
/// order, the conversation's model settings. Streaming asks for the usage
/// in the last chunk (`stream_options.include_usage`), as OpenAI only sends
/// it then; GLM sends it anyway.
pub fn chat_body(c: &ConversationDraft, history: &[(Role, &str)], stream: bool) -> Value {
    let mut messages = Vec::with_capacity(history.len() + 1);
    if !c.system_prompt.trim().is_empty() {
        messages.push(json!({"role": "system", "content": c.system_prompt}));
    }
    for (role, content) in history {
        messages.push(json!({"role": role.as_str(), "content": content}));
    }
    let mut body = json!({
        "model": c.model,
        "messages": messages,
        "temperature": c.temperature,
        "max_tokens": c.max_tokens,
        "stream": stream,
    });
    if stream {
        body["stream_options"] = json!({"include_usage": true});
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(system: &str) -> ConversationDraft {
        ConversationDraft {
            title: "t".into(),
            model: "glm-4-flash".into(),
            system_prompt: system.into(),
            temperature: 0.2,
            max_tokens: 100,
            active: false,
        }
    }

    #[test]
    fn body_carries_system_history_and_settings() {
        let b = chat_body(
            &conv("你是助手"),
            &[
                (Role::User, "hi"),
                (Role::Assistant, "hello"),
                (Role::User, "again"),
            ],
            true,
        );
        assert_eq!(
            b,
            json!({
                "model": "glm-4-flash",
                "messages": [
                    {"role": "system", "content": "你是助手"},
                    {"role": "user", "content": "hi"},
                    {"role": "assistant", "content": "hello"},
                    {"role": "user", "content": "again"}
                ],
                "temperature": 0.2, "max_tokens": 100, "stream": true,
                "stream_options": {"include_usage": true}
            })
        );
        let plain = chat_body(&conv(" "), &[(Role::User, "q")], false);
        assert_eq!(plain["messages"].as_array().map(Vec::len), Some(1));
        assert_eq!(plain["stream"], false);
        assert!(plain.get("stream_options").is_none());
    }
}
