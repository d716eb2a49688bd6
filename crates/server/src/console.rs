//! The web console: the built assets of web/ (embedded in the binary at compile
//! time by build.rs) served at `/`.
//!
//! - `/assets/*` are content-hashed by Vite: cached for a year, `immutable`.
//! - `index.html` (and every unknown non-API path, so the console's own routes
//!   such as `/instances/7` survive a reload) is `no-cache`: a new build is
//!   picked up at once.
//! - Anything under `/api/` that no route matched stays a JSON 404.
//! - Responses are gzip-compressed when the client accepts it (see `router`).
//!
//! A binary built before `npm run build` answers `/` with a short page saying
//! how to build the console.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::compression::CompressionLayer;

use crate::error::not_found;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/console_assets.rs"));
}

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const NO_CACHE: &str = "no-cache";
/// Other top-level files (favicon, …): not hashed, so revalidated often.
pub const SHORT: &str = "public, max-age=3600";

const NOT_BUILT: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tianqi</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">
<h1>Tianqi</h1>
<p>The web console was not built into this binary. The API is up: see <a href="/api/docs">/api/docs</a>.</p>
<p>To build the console: <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>, then rebuild the
binary (<code>cargo build --release -p tianqi</code>) — or simply use <code>scripts/run.sh</code>, which does both.</p>
<p>控制台未编译进此程序。请先执行 <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>，再重新编译。</p>
</body></html>
"#;

/// A set of console files by path relative to the build dir (`index.html`,
/// `assets/index-3f2a.js`, …).
#[derive(Clone, Default)]
pub struct Assets {
    files: Arc<BTreeMap<String, Bytes>>,
}

impl Assets {
    /// The files of web/dist as they were when this binary was compiled.
    pub fn embedded() -> Assets {
        Assets::from_iter(
            embedded::ASSETS
                .iter()
                .map(|(p, b)| ((*p).to_owned(), Cow::Borrowed(*b))),
        )
    }

    pub fn is_built(&self) -> bool {
        self.files.contains_key("index.html")
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    fn get(&self, path: &str) -> Option<Bytes> {
        self.files.get(path).cloned()
    }
}

impl FromIterator<(String, Cow<'static, [u8]>)> for Assets {
    fn from_iter<I: IntoIterator<Item = (String, Cow<'static, [u8]>)>>(iter: I) -> Self {
        Assets {
            files: Arc::new(
                iter.into_iter()
                    .map(|(p, b)| {
                        let bytes = match b {
                            Cow::Borrowed(b) => Bytes::from_static(b),
                            Cow::Owned(v) => Bytes::from(v),
                        };
                        (p, bytes)
                    })
                    .collect(),
            ),
        }
    }
}

/// The content type by file extension (what Vite emits, and a little more).
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "txt" => "text/plain; charset=utf-8",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

fn file_response(path: &str, bytes: Bytes, cache: &'static str) -> Response {
    let body = Body::from(bytes);
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(path)),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        body,
    )
        .into_response()
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// Answers one request that no API route matched.
pub async fn serve(assets: &Assets, req: Request) -> Response {
    let path = req.uri().path();
    if is_api(path) || !(req.method() == Method::GET || req.method() == Method::HEAD) {
        return not_found().await;
    }
    let rel = path.trim_start_matches('/');
    if !rel.is_empty() && rel != "index.html" {
        if let Some(bytes) = assets.get(rel) {
            let cache = if rel.starts_with("assets/") {
                IMMUTABLE
            } else {
                SHORT
            };
            return file_response(rel, bytes, cache);
        }
        // A missing hashed file is a stale page asking for an old build: say so
        // plainly rather than answering HTML where a script is expected.
        if rel.starts_with("assets/") {
            return not_found().await;
        }
    }
    match assets.get("index.html") {
        Some(bytes) => file_response("index.html", bytes, NO_CACHE),
        None => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, NO_CACHE),
            ],
            NOT_BUILT,
        )
            .into_response(),
    }
}

/// The console as a router, used as the API router's fallback.
pub fn router(assets: Assets) -> Router {
    Router::new()
        .fallback(move |req: Request| {
            let assets = assets.clone();
            async move { serve(&assets, req).await }
        })
        .layer(CompressionLayer::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert_eq!(
            content_type("assets/a-1.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("assets/a-1.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }

    #[test]
    fn api_paths() {
        assert!(is_api("/api"));
        assert!(is_api("/api/v1/nope"));
        assert!(!is_api("/apis"));
        assert!(!is_api("/instances/1"));
    }
}
