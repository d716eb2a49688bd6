//! The provider's answer, streamed or whole (OpenAI chat-completions protocol).
//!
//! A streamed answer is Server-Sent Events: `data: {chunk}` lines, events
//! ended by a blank line, `data: [DONE]` last. Each chunk carries
//! `choices[0].delta.content` and, from reasoning models (GLM-4.5+,
//! DeepSeek-R1), `delta.reasoning_content`; the last chunk(s) carry
//! `finish_reason` and `usage`. [`StreamParser`] is fed the bytes as they come,
//! split anywhere (inside a line, inside a UTF-8 character), and answers the
//! events complete so far. No I/O: the service feeds it.

use serde::Serialize;
use serde_json::Value;

/// A line longer than this is not a chat chunk: the parser refuses it rather
/// than buffering without end.
pub const LINE_MAX: usize = 1 << 20;

/// Token counts the provider reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Usage {
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub total_tokens: i64,
}

impl Usage {
    fn of(v: &Value) -> Option<Usage> {
        let u = v.get("usage").filter(|u| u.is_object())?;
        let n = |k: &str| u.get(k).and_then(Value::as_i64).unwrap_or(0).max(0);
        let (p, c) = (n("prompt_tokens"), n("completion_tokens"));
        let t = u
            .get("total_tokens")
            .and_then(Value::as_i64)
            .unwrap_or(p + c)
            .max(0);
        Some(Usage {
            prompt_tokens: p,
            completion_tokens: c,
            total_tokens: t,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum StreamEvent {
    /// Text that arrived (either part may be empty, not both).
    Delta {
        content: String,
        reasoning: String,
    },
    /// Why the model stopped (`stop`, `length`, `content_filter`, …).
    Finish(String),
    Usage(Usage),
    /// `data: [DONE]`: nothing more comes.
    Done,
    /// The provider sent an error object, or something that is not a chunk.
    Error(String),
}

#[derive(Debug, Default)]
pub struct StreamParser {
    /// Bytes of the line not yet ended.
    line: Vec<u8>,
    /// The `data:` lines of the event not yet ended.
    data: Vec<String>,
    done: bool,
}

/// The provider's error object's message, when `v` is one.
pub fn error_message(v: &Value) -> Option<String> {
    let e = v.get("error")?;
    let msg = e
        .get("message")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| e.as_str().map(str::to_owned))
        .unwrap_or_else(|| e.to_string());
    Some(msg)
}

fn chunk_events(v: &Value, out: &mut Vec<StreamEvent>) {
    if let Some(m) = error_message(v) {
        out.push(StreamEvent::Error(m));
        return;
    }
    if let Some(choice) = v.get("choices").and_then(|c| c.get(0)) {
        let text = |k: &str| {
            choice
                .get("delta")
                .and_then(|d| d.get(k))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let (content, reasoning) = (text("content"), text("reasoning_content"));
        if !content.is_empty() || !reasoning.is_empty() {
            out.push(StreamEvent::Delta { content, reasoning });
        }
        if let Some(r) = choice.get("finish_reason").and_then(Value::as_str) {
            out.push(StreamEvent::Finish(r.to_owned()));
        }
    }
    if let Some(u) = Usage::of(v) {
        out.push(StreamEvent::Usage(u));
    }
}

impl StreamParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether `[DONE]` arrived.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Feeds the next bytes; answers the events they complete.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<StreamEvent> {
        let mut out = Vec::new();
        for &b in bytes {
            if self.done {
                break;
            }
            if b == b'\n' {
                let mut line = std::mem::take(&mut self.line);
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                self.line_done(&line, &mut out);
            } else if self.line.len() >= LINE_MAX {
                self.line.clear();
                self.done = true;
                out.push(StreamEvent::Error(format!(
                    "the provider sent a line longer than {LINE_MAX} bytes"
                )));
            } else {
                self.line.push(b);
            }
        }
        out
    }

    /// The end of the body: an event the provider did not end with a blank
    /// line still counts.
    pub fn finish(&mut self) -> Vec<StreamEvent> {
        let mut out = Vec::new();
        if !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            self.line_done(&line, &mut out);
        }
        self.dispatch(&mut out);
        out
    }

    fn line_done(&mut self, line: &[u8], out: &mut Vec<StreamEvent>) {
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        let line = String::from_utf8_lossy(line);
        // Comments (`: keep-alive`) and the other SSE fields carry no text.
        if let Some(rest) = line.strip_prefix("data:") {
            let rest = rest.strip_prefix(' ').unwrap_or(rest);
            self.data.push(rest.to_owned());
        }
    }

    fn dispatch(&mut self, out: &mut Vec<StreamEvent>) {
        if self.data.is_empty() || self.done {
            self.data.clear();
            return;
        }
        let data = std::mem::take(&mut self.data).join("\n");
        if data.trim() == "[DONE]" {
            self.done = true;
            out.push(StreamEvent::Done);
            return;
        }
        match serde_json::from_str::<Value>(&data) {
            Ok(v) => chunk_events(&v, out),
            Err(_) => out.push(StreamEvent::Error(format!(
                "the provider sent a chunk that is not JSON: {}",
                data.chars().take(120).collect::<String>()
            ))),
        }
    }
}

/// A whole (non-streamed) answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub content: String,
    pub reasoning: String,
    pub finish_reason: Option<String>,
    pub usage: Option<Usage>,
    /// The model that answered, as the provider names it.
    pub model: Option<String>,
}

/// Reads a non-streamed answer's body; `Err` says what is wrong with it.
pub fn parse_completion(v: &Value) -> Result<Completion, String> {
    if let Some(m) = error_message(v) {
        return Err(m);
    }
    let choice = v
        .get("choices")
        .and_then(|c| c.get(0))
        .ok_or_else(|| "the provider's answer has no choices".to_owned())?;
    let msg = choice.get("message");
    let text = |k: &str| {
        msg.and_then(|m| m.get(k))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Ok(Completion {
        content: text("content"),
        reasoning: text("reasoning_content"),
        finish_reason: choice
            .get("finish_reason")
            .and_then(Value::as_str)
            .map(str::to_owned),
        usage: Usage::of(v),
        model: v.get("model").and_then(Value::as_str).map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A stream as GLM sends it (recorded shape): reasoning first, then the
    /// answer, a keep-alive comment, CRLF line ends in the middle, the finish
    /// reason and the usage in the last chunk, `[DONE]`.
    const RECORDED: &str = concat!(
        "data: {\"id\":\"1\",\"created\":1,\"model\":\"glm-4.5\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"先想\"}}]}\n\n",
        ": keep-alive\n\n",
        "data: {\"id\":\"1\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"一下。\"}}]}\r\n\r\n",
        "data: {\"id\":\"1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"你好\"}}]}\n\n",
        "data: {\"id\":\"1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"，世界 🌏\"}}]}\n\n",
        "data: {\"id\":\"1\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"delta\":{\"content\":\"\"}}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,\"total_tokens\":19}}\n\n",
        "data: [DONE]\n\n",
        "data: {\"after\":\"done is ignored\"}\n\n",
    );

    /// What a parse yields, folded: content, reasoning, finish, usage, done, errors.
    type Folded = (
        String,
        String,
        Option<String>,
        Option<Usage>,
        bool,
        Vec<String>,
    );

    fn fold(events: Vec<StreamEvent>) -> Folded {
        let mut f: Folded = Default::default();
        for e in events {
            match e {
                StreamEvent::Delta { content, reasoning } => {
                    f.0.push_str(&content);
                    f.1.push_str(&reasoning);
                }
                StreamEvent::Finish(r) => f.2 = Some(r),
                StreamEvent::Usage(u) => f.3 = Some(u),
                StreamEvent::Done => f.4 = true,
                StreamEvent::Error(m) => f.5.push(m),
            }
        }
        f
    }

    fn parse_in(parts: &[&[u8]]) -> Folded {
        let mut p = StreamParser::new();
        let mut all = Vec::new();
        for part in parts {
            all.extend(p.feed(part));
        }
        all.extend(p.finish());
        fold(all)
    }

    fn expected() -> Folded {
        (
            "你好，世界 🌏".into(),
            "先想一下。".into(),
            Some("stop".into()),
            Some(Usage {
                prompt_tokens: 12,
                completion_tokens: 7,
                total_tokens: 19,
            }),
            true,
            vec![],
        )
    }

    #[test]
    fn whole_stream_at_once() {
        assert_eq!(parse_in(&[RECORDED.as_bytes()]), expected());
    }

    #[test]
    fn every_split_point_gives_the_same_events() {
        let b = RECORDED.as_bytes();
        for i in 0..=b.len() {
            assert_eq!(parse_in(&[&b[..i], &b[i..]]), expected(), "split at {i}");
        }
    }

    #[test]
    fn byte_by_byte_splits_inside_utf8_characters() {
        let b = RECORDED.as_bytes();
        let parts: Vec<&[u8]> = b.chunks(1).collect();
        assert_eq!(parse_in(&parts), expected());
    }

    proptest! {
        #[test]
        fn any_chunking_gives_the_same_events(cuts in proptest::collection::vec(0usize..2000, 0..12)) {
            let b = RECORDED.as_bytes();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (b.len() + 1)).collect();
            cuts.sort_unstable();
            let mut parts = Vec::new();
            let mut at = 0;
            for c in cuts {
                parts.push(&b[at..c]);
                at = c;
            }
            parts.push(&b[at..]);
            prop_assert_eq!(parse_in(&parts), expected());
        }
    }

    #[test]
    fn an_unended_last_event_and_no_done() {
        let f = parse_in(&[b"data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}"]);
        assert_eq!(f.0, "x");
        assert!(!f.4);
    }

    #[test]
    fn errors_in_the_stream() {
        let f = parse_in(&[
            b"data: {\"error\":{\"message\":\"quota exceeded\",\"code\":\"1113\"}}\n\n",
        ]);
        assert_eq!(f.5, vec!["quota exceeded".to_owned()]);
        let f = parse_in(&[b"data: {not json\n\n"]);
        assert!(f.5[0].contains("not JSON"), "{:?}", f.5);
        let mut p = StreamParser::new();
        let e = p.feed(&vec![b'a'; LINE_MAX + 5]);
        assert!(matches!(&e[..], [StreamEvent::Error(_)]), "{e:?}");
        assert!(p.is_done());
    }

    #[test]
    fn usage_without_total_is_summed() {
        let f = parse_in(&[
            b"data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}\n\n",
        ]);
        assert_eq!(f.3.map(|u| u.total_tokens), Some(7));
    }

    #[test]
    fn whole_answers() {
        let v = serde_json::json!({
            "model": "glm-4-flash",
            "choices": [{"index": 0, "finish_reason": "length",
                "message": {"role": "assistant", "content": "答", "reasoning_content": "想"}}],
            "usage": {"prompt_tokens": 5, "completion_tokens": 1, "total_tokens": 6}
        });
        let c = parse_completion(&v).unwrap();
        assert_eq!((c.content.as_str(), c.reasoning.as_str()), ("答", "想"));
        assert_eq!(c.finish_reason.as_deref(), Some("length"));
        assert_eq!(c.usage.map(|u| u.total_tokens), Some(6));
        assert_eq!(c.model.as_deref(), Some("glm-4-flash"));
        assert!(parse_completion(&serde_json::json!({"error": {"message": "bad"}})).is_err());
        assert!(parse_completion(&serde_json::json!({"choices": []})).is_err());
    }
}
