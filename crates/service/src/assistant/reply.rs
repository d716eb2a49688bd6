//! A streamed reply, run as its own task: it reads the provider's stream,
//! forwards each piece to the client's channel and writes what arrived to the
//! store every [`FLUSH_EVERY`] and at the end. It does not depend on the
//! client: when the client goes away (stop generating), the provider stalls,
//! or the server shuts down, the reply is kept as far as it came, with a
//! finish reason that says why it ended.

use std::time::Duration;

use serde::Serialize;
use serde_json::json;
use tianqi_core::assistant::limit::{day_of, estimate_tokens};
use tianqi_core::assistant::{Message, StreamEvent, StreamParser, Usage};
use tianqi_core::clock::Clock;
use tianqi_store::{MessageWrite, Store};
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::provider::{next_chunk, Chunk};

/// How often a reply in progress is written to the store.
pub const FLUSH_EVERY: Duration = Duration::from_millis(500);

/// What the client's stream carries (one SSE event each).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReplyEvent {
    /// Text that arrived: answer and/or reasoning.
    Delta { content: String, reasoning: String },
    /// The provider's token counts.
    Usage(Usage),
    /// The reply failed or stalled; `done` follows with what was kept.
    Error { message: String },
    /// The reply as stored, with its finish reason: always the last event.
    Done { message: Message },
}

pub(super) struct ReplyJob {
    pub store: Store,
    pub clock: std::sync::Arc<dyn Clock>,
    pub user_id: i64,
    pub message_id: i64,
    pub model: String,
    pub idle: Duration,
    /// The request's text, for a usage estimate when the provider sends none.
    pub prompt_estimate: i64,
    pub tx: mpsc::Sender<ReplyEvent>,
    pub stop: CancellationToken,
    /// Held until the job ends, after the reply's tokens are counted.
    pub _in_flight: Option<super::InFlight>,
}

enum End {
    /// The provider finished (with `[DONE]` or the end of the body).
    Provider {
        done: bool,
    },
    Stopped,
    Stalled,
    Failed(String),
}

#[derive(Default)]
struct Progress {
    content: String,
    reasoning: String,
    finish: Option<String>,
    usage: Option<Usage>,
}

impl ReplyJob {
    async fn flush(&self, p: &Progress, finish: Option<&str>, metadata: serde_json::Value) {
        let w = MessageWrite {
            content: &p.content,
            reasoning: &p.reasoning,
            usage: p.usage.unwrap_or_default(),
            finish_reason: finish,
            metadata,
        };
        if let Err(e) = self.store.update_message(self.message_id, &w).await {
            tracing::warn!(message = self.message_id, error = %e, "cannot write the reply so far");
        }
    }

    /// Applies parsed events; answers how the stream ended, if it did.
    async fn apply(&self, events: Vec<StreamEvent>, p: &mut Progress) -> Option<End> {
        for ev in events {
            let out = match ev {
                StreamEvent::Delta { content, reasoning } => {
                    p.content.push_str(&content);
                    p.reasoning.push_str(&reasoning);
                    ReplyEvent::Delta { content, reasoning }
                }
                StreamEvent::Usage(u) => {
                    p.usage = Some(u);
                    ReplyEvent::Usage(u)
                }
                StreamEvent::Finish(r) => {
                    p.finish = Some(r);
                    continue;
                }
                StreamEvent::Done => return Some(End::Provider { done: true }),
                StreamEvent::Error(m) => return Some(End::Failed(m)),
            };
            if self.tx.send(out).await.is_err() {
                return Some(End::Stopped);
            }
        }
        None
    }

    pub async fn run(self, mut res: reqwest::Response) {
        let mut parser = StreamParser::new();
        let mut p = Progress::default();
        let mut flushed = Instant::now();
        let mut dirty = false;
        let end = loop {
            let chunk = tokio::select! {
                _ = self.tx.closed() => break End::Stopped,
                _ = self.stop.cancelled() => break End::Stopped,
                c = next_chunk(&mut res, self.idle) => c,
            };
            let events = match chunk {
                Chunk::Data(b) => parser.feed(&b),
                Chunk::End => {
                    let events = parser.finish();
                    match self.apply(events, &mut p).await {
                        Some(end) => break end,
                        None => break End::Provider { done: false },
                    }
                }
                Chunk::Stalled => break End::Stalled,
                Chunk::Broken(e) => break End::Failed(e.to_string()),
            };
            dirty |= !events.is_empty();
            if let Some(end) = self.apply(events, &mut p).await {
                break end;
            }
            if dirty && flushed.elapsed() >= FLUSH_EVERY {
                self.flush(&p, None, json!({"model": self.model})).await;
                flushed = Instant::now();
                dirty = false;
            }
        };
        // Stop reading: dropping the response closes the provider's stream.
        drop(res);
        let (finish, error) = match end {
            End::Provider { done } => (
                p.finish
                    .clone()
                    .unwrap_or_else(|| if done { "stop" } else { "incomplete" }.to_owned()),
                None,
            ),
            End::Stopped => ("stopped".to_owned(), None),
            End::Stalled => (
                "stalled".to_owned(),
                Some(format!(
                    "the AI provider sent nothing for {} s; the reply was ended and what arrived is kept",
                    self.idle.as_secs()
                )),
            ),
            End::Failed(m) => ("error".to_owned(), Some(m)),
        };
        let estimated = p.usage.is_none();
        if estimated {
            let completion = estimate_tokens(&p.content) + estimate_tokens(&p.reasoning);
            p.usage = Some(Usage {
                prompt_tokens: self.prompt_estimate,
                completion_tokens: completion,
                total_tokens: self.prompt_estimate + completion,
            });
        }
        let mut metadata = json!({"model": self.model, "usage_estimated": estimated});
        if let Some(e) = &error {
            metadata["error"] = json!(e);
        }
        self.flush(&p, Some(&finish), metadata).await;
        let tokens = p.usage.map(|u| u.total_tokens).unwrap_or(0);
        let day = day_of(self.clock.now());
        if let Err(e) = self
            .store
            .add_assistant_usage(self.user_id, day, tokens)
            .await
        {
            tracing::warn!(user = self.user_id, error = %e, "cannot count assistant tokens");
        }
        if let Some(message) = error {
            let _ = self.tx.send(ReplyEvent::Error { message }).await;
        }
        if let Ok(message) = self.store.message(self.message_id).await {
            let _ = self.tx.send(ReplyEvent::Done { message }).await;
        }
    }
}
