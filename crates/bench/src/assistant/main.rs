//! `bench-assistant`: a streamed assistant reply through Tianqi beside the same
//! stream taken straight from the provider, measured in the same run.
//!
//! The provider is ours, on loopback: an OpenAI-compatible chat-completions
//! endpoint that streams `--tokens` content chunks `--pace-ms` apart, then the
//! finish reason, `usage` and `[DONE]` (each request on its own connection,
//! `Connection: close`). Measured, each way:
//!
//! 1. sequential: `--runs` replies one after the other, time to the first
//!    content token and to the end of the stream, p50/p99;
//! 2. concurrent: `--concurrency` replies at once (each user conversation its
//!    own), the same two times per stream, p50/p99, and the wall time.
//!
//! Through Tianqi a reply is `POST /api/v1/assistant/conversations/{id}/messages`
//! (SSE): the first `delta` event is the first token, the stream's end (after
//! `done`, the reply as stored) its end; Tianqi also stores the reply every
//! 0.5 s while it streams. Each conversation gets a single message, so the
//! request Tianqi sends is the same size as the direct one.
//!
//! From the workspace root:
//! `cargo build --release -p tianqi -p tianqi-bench && target/release/bench-assistant`

#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Parser;
use rand::distributions::{Alphanumeric, DistString};
use serde_json::{json, Value};
use tianqi_bench::api::Client;
use tianqi_bench::report::{ms, ratio};
use tianqi_bench::server::{server_binary, Server};
use tianqi_bench::stats::percentile_ms;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const KEY: &str = "sk-bench-assistant-0123456789";

#[derive(Parser)]
#[command(name = "bench-assistant")]
struct Args {
    /// Content chunks (tokens) per reply.
    #[arg(long, default_value_t = 100)]
    tokens: usize,
    /// Milliseconds between two chunks.
    #[arg(long, default_value_t = 10)]
    pace_ms: u64,
    /// Sequential replies measured each way (after 3 unmeasured).
    #[arg(long, default_value_t = 30)]
    runs: usize,
    /// Replies streamed at once in the concurrent run.
    #[arg(long, default_value_t = 50)]
    concurrency: usize,
    /// The `tianqi` binary [default: target/release/tianqi in the workspace].
    #[arg(long)]
    server: Option<PathBuf>,
    /// Also write the Markdown table to this file.
    #[arg(long)]
    markdown_out: Option<PathBuf>,
}

/// How the fake provider streams.
#[derive(Clone, Copy)]
struct Pace {
    tokens: usize,
    gap: Duration,
}

/// Starts the provider; answers its address.
async fn provider(pace: Pace) -> Result<SocketAddr> {
    let l = TcpListener::bind("127.0.0.1:0").await?;
    let addr = l.local_addr()?;
    tokio::spawn(async move {
        while let Ok((s, _)) = l.accept().await {
            tokio::spawn(async move {
                if let Err(e) = answer(s, pace).await {
                    eprintln!("bench-assistant: provider: {e:#}");
                }
            });
        }
    });
    Ok(addr)
}

/// Reads one request (headers, then `Content-Length` bytes) and streams the reply.
async fn answer(mut s: TcpStream, pace: Pace) -> Result<()> {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let (head_end, length) = loop {
        let n = s.read(&mut chunk).await?;
        if n == 0 {
            bail!("the client closed before its request was whole");
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..i]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            break (i + 4, length);
        }
    };
    while buf.len() < head_end + length {
        let n = s.read(&mut chunk).await?;
        if n == 0 {
            bail!("the client closed mid-body");
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8_lossy(&buf[..head_end]);
    if !head.contains(&format!("Bearer {KEY}")) && !head.contains(&format!("bearer {KEY}")) {
        s.write_all(b"HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            .await?;
        return Ok(());
    }
    s.write_all(
        b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\nconnection: close\r\n\r\n",
    )
    .await?;
    for i in 0..pace.tokens {
        if i > 0 {
            tokio::time::sleep(pace.gap).await;
        }
        let c =
            json!({"id": "b", "choices": [{"index": 0, "delta": {"content": format!("tok{i} ")}}]});
        s.write_all(format!("data: {c}\n\n").as_bytes()).await?;
    }
    let last = json!({"id": "b", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 8, "completion_tokens": pace.tokens, "total_tokens": pace.tokens + 8}});
    s.write_all(format!("data: {last}\n\ndata: [DONE]\n\n").as_bytes())
        .await?;
    s.shutdown().await?;
    Ok(())
}

/// Time to the first chunk holding `first` and to the end of the body.
struct Timing {
    first: Duration,
    whole: Duration,
}

/// `ends`: what the stream's last 16 KiB must hold (it ended as it should).
async fn timed(req: reqwest::RequestBuilder, first: &str, ends: &[&str]) -> Result<Timing> {
    let start = Instant::now();
    let mut res = req.send().await?;
    if !res.status().is_success() {
        bail!("{}: {}", res.status(), res.text().await.unwrap_or_default());
    }
    let mut seen: Option<Duration> = None;
    let mut tail = String::new();
    while let Some(c) = res.chunk().await? {
        let text = String::from_utf8_lossy(&c);
        if seen.is_none() && text.contains(first) {
            seen = Some(start.elapsed());
        }
        tail.push_str(&text);
        if tail.len() > 32 * 1024 {
            let mut cut = tail.len() - 16 * 1024;
            while !tail.is_char_boundary(cut) {
                cut += 1;
            }
            tail.drain(..cut);
        }
    }
    let whole = start.elapsed();
    if let Some(missing) = ends.iter().find(|e| !tail.contains(**e)) {
        bail!("the stream ended without {missing:?}");
    }
    Ok(Timing {
        first: seen.context("no token arrived")?,
        whole,
    })
}

/// The two ways to get one reply.
#[derive(Clone)]
struct Ways {
    http: reqwest::Client,
    direct_url: String,
    api: Client,
    tokens: usize,
}

impl Ways {
    async fn direct(&self) -> Result<Timing> {
        let body = json!({"model": "bench", "stream": true, "stream_options": {"include_usage": true},
            "messages": [{"role": "user", "content": "count"}]});
        let req = self
            .http
            .post(&self.direct_url)
            .bearer_auth(KEY)
            .json(&body);
        timed(req, "\"content\"", &["[DONE]"]).await
    }

    async fn tianqi(&self, conversation: i64) -> Result<Timing> {
        let path = format!("/api/v1/assistant/conversations/{conversation}/messages");
        let req = self
            .api
            .request(reqwest::Method::POST, &path)
            .json(&json!({"content": "count", "stream": true}));
        // The reply as stored names the last token: all of them went through.
        let last = format!("tok{} ", self.tokens - 1);
        timed(req, "event: delta", &["event: done", &last]).await
    }

    async fn conversation(&self) -> Result<i64> {
        let c: Value = self
            .api
            .post("/api/v1/assistant/conversations", &json!({}))
            .await?;
        c["id"].as_i64().context("no conversation id")
    }
}

struct Summary {
    first_p50: f64,
    first_p99: f64,
    whole_p50: f64,
    whole_p99: f64,
    wall_ms: f64,
}

fn summary(t: &[Timing], wall: Duration) -> Summary {
    let first: Vec<Duration> = t.iter().map(|t| t.first).collect();
    let whole: Vec<Duration> = t.iter().map(|t| t.whole).collect();
    Summary {
        first_p50: percentile_ms(&first, 50.0),
        first_p99: percentile_ms(&first, 99.0),
        whole_p50: percentile_ms(&whole, 50.0),
        whole_p99: percentile_ms(&whole, 99.0),
        wall_ms: wall.as_secs_f64() * 1000.0,
    }
}

async fn sequential(ways: &Ways, runs: usize, tianqi: bool) -> Result<Summary> {
    let mut out = Vec::with_capacity(runs);
    let start = Instant::now();
    for i in 0..runs + 3 {
        let t = if tianqi {
            let c = ways.conversation().await?;
            ways.tianqi(c).await?
        } else {
            ways.direct().await?
        };
        if i >= 3 {
            out.push(t);
        }
    }
    Ok(summary(&out, start.elapsed()))
}

async fn concurrent(ways: &Ways, n: usize, tianqi: bool) -> Result<Summary> {
    let mut conversations = Vec::with_capacity(n);
    if tianqi {
        for _ in 0..n {
            conversations.push(ways.conversation().await?);
        }
    }
    let gate = Arc::new(tokio::sync::Barrier::new(n));
    let start = Instant::now();
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let ways = ways.clone();
            let gate = gate.clone();
            let conv = conversations.get(i).copied();
            tokio::spawn(async move {
                gate.wait().await;
                match conv {
                    Some(c) => ways.tianqi(c).await,
                    None => ways.direct().await,
                }
            })
        })
        .collect();
    let mut out = Vec::with_capacity(n);
    for t in tasks {
        out.push(t.await??);
    }
    Ok(summary(&out, start.elapsed()))
}

fn row(s: &mut String, what: &str, ours: f64, base: f64) {
    s.push_str(&format!(
        "| {what} | {} | {} | {} | {}{} |\n",
        ms(ours),
        ms(base),
        ratio(ours, base),
        if ours >= base { "+" } else { "−" },
        ms((ours - base).abs()),
    ));
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let binary = server_binary(args.server.as_deref())?;
    if args.tokens == 0 || args.runs == 0 || args.concurrency == 0 {
        bail!("--tokens, --runs and --concurrency must be at least 1");
    }
    let pace = Pace {
        tokens: args.tokens,
        gap: Duration::from_millis(args.pace_ms),
    };
    let addr = provider(pace).await?;
    let work_dir = tempfile::Builder::new()
        .prefix("tianqi-bench-assistant-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let password = Alphanumeric.sample_string(&mut rand::thread_rng(), 24);
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .pool_max_idle_per_host(0)
        .build()?;
    eprintln!("bench-assistant: starting {}", binary.display());
    let mut server = Server::start(&binary, work_dir.path(), &password)?;
    server.wait_healthy(&http).await?;
    let mut api = Client::new(http.clone(), server.base_url.clone());
    api.login(&password).await?;
    let _: Value = api
        .post(
            "/api/v1/assistant/configs",
            &json!({"name": "bench", "api_key": KEY, "base_url": format!("http://{addr}/v4"),
                "model": "bench", "active": true}),
        )
        .await?;
    let ways = Ways {
        http,
        direct_url: format!("http://{addr}/v4/chat/completions"),
        api,
        tokens: args.tokens,
    };

    eprintln!("bench-assistant: {} sequential replies each way", args.runs);
    let seq_direct = sequential(&ways, args.runs, false).await?;
    let seq_ours = sequential(&ways, args.runs, true).await?;
    eprintln!(
        "bench-assistant: {} replies at once, each way",
        args.concurrency
    );
    let con_direct = concurrent(&ways, args.concurrency, false).await?;
    let con_ours = concurrent(&ways, args.concurrency, true).await?;
    server.stop()?;

    let stream_ms = args.pace_ms as f64 * (args.tokens.saturating_sub(1)) as f64;
    let mut s = String::new();
    s.push_str("| measure | through Tianqi | straight from the provider | ratio | added |\n");
    s.push_str("|---|---|---|---|---|\n");
    row(
        &mut s,
        "first token p50 (one at a time)",
        seq_ours.first_p50,
        seq_direct.first_p50,
    );
    row(
        &mut s,
        "first token p99 (one at a time)",
        seq_ours.first_p99,
        seq_direct.first_p99,
    );
    row(
        &mut s,
        "whole stream p50 (one at a time)",
        seq_ours.whole_p50,
        seq_direct.whole_p50,
    );
    row(
        &mut s,
        "whole stream p99 (one at a time)",
        seq_ours.whole_p99,
        seq_direct.whole_p99,
    );
    let c = args.concurrency;
    row(
        &mut s,
        &format!("first token p50 ({c} at once)"),
        con_ours.first_p50,
        con_direct.first_p50,
    );
    row(
        &mut s,
        &format!("first token p99 ({c} at once)"),
        con_ours.first_p99,
        con_direct.first_p99,
    );
    row(
        &mut s,
        &format!("whole stream p50 ({c} at once)"),
        con_ours.whole_p50,
        con_direct.whole_p50,
    );
    row(
        &mut s,
        &format!("whole stream p99 ({c} at once)"),
        con_ours.whole_p99,
        con_direct.whole_p99,
    );
    row(
        &mut s,
        &format!("wall time, {c} at once"),
        con_ours.wall_ms,
        con_direct.wall_ms,
    );
    s.push('\n');
    s.push_str(&format!(
        "{} tokens {} ms apart (the provider's stream alone lasts {}); {} sequential replies \
         after 3 unmeasured, then {c} at once; ratio = Tianqi ÷ straight, same run; added = \
         the difference. Measured {} on {} cores against {}.\n",
        args.tokens,
        args.pace_ms,
        ms(stream_ms),
        args.runs,
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        binary.display(),
    ));
    println!("{s}");
    if let Some(p) = args.markdown_out {
        std::fs::write(&p, &s).with_context(|| format!("cannot write {}", p.display()))?;
    }
    Ok(())
}
