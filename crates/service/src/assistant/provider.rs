//! The chat-completions client: one POST with the bearer key, its failures
//! told in the user's words. A provider's 401 becomes our 502 (the caller's
//! own session is fine; the provider refused the config's key), its 429 our
//! 429, no answer in time our 504, an unreachable endpoint our 502.

use std::time::Duration;

use serde_json::Value;
use tianqi_core::assistant::stream::error_message;
use tianqi_core::{Error, Result};

use super::config::AssistantSettings;

/// At most this much of a provider's error text is shown.
const DETAIL_MAX: usize = 300;

pub fn client(s: &AssistantSettings) -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .connect_timeout(s.connect_timeout)
        // The key travels in every request: never follow a redirect elsewhere.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| Error::internal(format!("assistant client: {e}")))
}

/// Where and as whom to ask.
pub struct Endpoint<'a> {
    /// The config's name, for messages.
    pub config: &'a str,
    pub url: String,
    pub key: &'a str,
}

fn detail(body: &str) -> String {
    let text = serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|v| error_message(&v))
        .unwrap_or_else(|| body.trim().to_owned());
    let mut t: String = text.chars().take(DETAIL_MAX).collect();
    if t.is_empty() {
        t = "no detail".into();
    }
    t
}

fn send_error(e: &reqwest::Error, ep: &Endpoint<'_>, within: Duration) -> Error {
    if e.is_timeout() {
        Error::GatewayTimeout(format!(
            "AI provider of config '{}' did not answer within {} s",
            ep.config,
            within.as_secs()
        ))
    } else if e.is_connect() {
        Error::BadGateway(format!(
            "cannot connect to the AI provider of config '{}' (is its base_url right and the endpoint up?)",
            ep.config
        ))
    } else {
        Error::BadGateway(format!(
            "the request to the AI provider of config '{}' failed",
            ep.config
        ))
    }
}

/// Sends `body`; answers the response once its status says it is a reply.
/// `within` bounds the wait for the status line and headers.
pub async fn start(
    http: &reqwest::Client,
    ep: &Endpoint<'_>,
    body: &Value,
    within: Duration,
) -> Result<reqwest::Response> {
    let req = http
        .post(&ep.url)
        .bearer_auth(ep.key)
        .header("Accept", "application/json, text/event-stream")
        .json(body)
        .send();
    let res = match tokio::time::timeout(within, req).await {
        Err(_) => {
            return Err(Error::GatewayTimeout(format!(
                "AI provider of config '{}' did not answer within {} s",
                ep.config,
                within.as_secs()
            )))
        }
        Ok(Err(e)) => return Err(send_error(&e, ep, within)),
        Ok(Ok(r)) => r,
    };
    let status = res.status();
    if status.is_success() {
        return Ok(res);
    }
    let retry_after = res
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let text = tokio::time::timeout(Duration::from_secs(5), res.text())
        .await
        .ok()
        .and_then(|r| r.ok())
        .unwrap_or_default();
    let why = detail(&text);
    let code = status.as_u16();
    Err(match code {
        401 | 403 => Error::BadGateway(format!(
            "the AI provider refused the API key of config '{}' (HTTP {code}): {why}",
            ep.config
        )),
        429 => Error::RateLimited {
            message: format!(
                "the AI provider of config '{}' is rate limiting requests (HTTP 429): {why}",
                ep.config
            ),
            retry_after: Duration::from_secs(retry_after.unwrap_or(10)),
        },
        _ => Error::BadGateway(format!(
            "the AI provider of config '{}' answered HTTP {code}: {why}",
            ep.config
        )),
    })
}

/// What reading a streamed body gave.
pub enum Chunk {
    Data(Vec<u8>),
    End,
    /// Nothing came within the idle timeout.
    Stalled,
    Broken(Error),
}

/// The next piece of a streamed body, waiting at most `idle`.
pub async fn next_chunk(res: &mut reqwest::Response, idle: Duration) -> Chunk {
    match tokio::time::timeout(idle, res.chunk()).await {
        Err(_) => Chunk::Stalled,
        Ok(Ok(Some(c))) => Chunk::Data(c.to_vec()),
        Ok(Ok(None)) => Chunk::End,
        Ok(Err(e)) => Chunk::Broken(Error::BadGateway(format!(
            "the AI provider's stream broke off ({})",
            if e.is_timeout() {
                "timeout"
            } else {
                "connection lost"
            }
        ))),
    }
}
