//! The one client the benchmark programs use to talk to Tianqi's HTTP API.
//!
//! [`Client::get`], [`Client::post`] and [`Client::delete`] are for set-up and
//! checks: they fail on any non-2xx answer with the method, path, status and
//! body. A measured call uses [`Client::request`] (or
//! [`Client::request_url`] with a URL joined before the clock starts) and
//! reads the answer with [`check`] or [`read_json`], so that the timed region
//! holds exactly the request and what the benchmark reads of its answer.

use anyhow::{bail, Context, Result};
use reqwest::{Method, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The user the benchmarks sign in as (the bootstrap admin).
pub const ADMIN: &str = "admin";

/// A base URL and, once signed in, a bearer token. Cloning is cheap (the
/// HTTP connection pool is shared).
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
}

#[derive(Debug, Deserialize)]
struct LoginResponse {
    token: String,
}

impl Client {
    /// An anonymous client for the server at `base` (`http://host:port`).
    pub fn new(http: reqwest::Client, base: impl Into<String>) -> Self {
        Self {
            http,
            base: base.into(),
            token: None,
        }
    }

    /// Signs in as [`ADMIN`] with `password`; later requests carry the token.
    pub async fn login(&mut self, password: &str) -> Result<()> {
        let body = json!({ "username": ADMIN, "password": password });
        let answer: LoginResponse = self.post("/api/v1/auth/login", &body).await?;
        self.token = Some(answer.token);
        Ok(())
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// The bearer token, once signed in.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The header lines another client (wrk) needs to make the same
    /// authenticated requests: `Authorization: Bearer …`, or none.
    pub fn header_lines(&self) -> Vec<String> {
        self.token
            .iter()
            .map(|t| format!("Authorization: Bearer {t}"))
            .collect()
    }

    /// The absolute URL of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request to `path`, with the token when signed in; nothing is sent.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.request_url(method, &self.url(path))
    }

    /// Like [`Client::request`] for a URL made by [`Client::url`] beforehand.
    pub fn request_url(&self, method: Method, url: &str) -> RequestBuilder {
        let req = self.http.request(method, url);
        match &self.token {
            Some(t) => req.bearer_auth(t),
            None => req,
        }
    }

    /// `GET path`, 2xx, its JSON body.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.call(Method::GET, path, None::<&()>).await
    }

    /// `POST path` with a JSON body, 2xx, its JSON body.
    pub async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &(impl Serialize + ?Sized),
    ) -> Result<T> {
        self.call(Method::POST, path, Some(body)).await
    }

    /// `DELETE path`, 2xx; the body is not read.
    pub async fn delete(&self, path: &str) -> Result<()> {
        let res = send(self.request(Method::DELETE, path), &Method::DELETE, path).await?;
        check(res, &Method::DELETE, path).await?;
        Ok(())
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&(impl Serialize + ?Sized)>,
    ) -> Result<T> {
        let mut req = self.request(method.clone(), path);
        if let Some(body) = body {
            req = req.json(body);
        }
        let res = send(req, &method, path).await?;
        read_json(res, &method, path).await
    }
}

/// Sends `req`, naming the call when it cannot be sent.
pub async fn send(req: RequestBuilder, method: &Method, path: &str) -> Result<Response> {
    req.send().await.with_context(|| format!("{method} {path}"))
}

/// Fails unless the answer is 2xx, naming the call, the status and the body.
pub async fn check(res: Response, method: &Method, path: &str) -> Result<Response> {
    let status = res.status();
    if !status.is_success() {
        bail!(
            "{method} {path} answered {status}: {}",
            res.text().await.unwrap_or_default()
        );
    }
    Ok(res)
}

/// [`check`], then the JSON body.
pub async fn read_json<T: DeserializeOwned>(
    res: Response,
    method: &Method,
    path: &str,
) -> Result<T> {
    check(res, method, path)
        .await?
        .json()
        .await
        .with_context(|| format!("reading the answer to {method} {path}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A client of a server that answers every request with `status` and
    /// `body` (JSON), then closes the connection.
    async fn client_of(status: &str, body: &str) -> Client {
        let response = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
             connection: close\r\n\r\n{body}",
            body.len()
        );
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let _ = socket.write_all(response.as_bytes()).await;
            }
        });
        Client::new(reqwest::Client::new(), base)
    }

    #[test]
    fn urls_and_wrk_headers() {
        let mut c = Client::new(reqwest::Client::new(), "http://127.0.0.1:1");
        assert_eq!(c.url("/healthz"), "http://127.0.0.1:1/healthz");
        assert!(c.header_lines().is_empty());
        c.token = Some("tqs_abc".into());
        assert_eq!(c.header_lines(), ["Authorization: Bearer tqs_abc"]);
    }

    #[tokio::test]
    async fn a_non_2xx_answer_names_the_call_status_and_body() {
        let c = client_of("404 Not Found", r#"{"error":"no such x"}"#).await;
        let e = c.get::<serde_json::Value>("/api/v1/x/7").await.unwrap_err();
        assert_eq!(
            format!("{e:#}"),
            r#"GET /api/v1/x/7 answered 404 Not Found: {"error":"no such x"}"#
        );
        let e = c.delete("/api/v1/x/7").await.unwrap_err();
        assert!(format!("{e:#}").starts_with("DELETE /api/v1/x/7 answered 404"));
    }

    #[tokio::test]
    async fn a_2xx_answer_is_read_as_json() {
        let c = client_of("201 Created", r#"{"id":7}"#).await;
        let v: serde_json::Value = c.post("/api/v1/x", &json!({})).await.unwrap();
        assert_eq!(v["id"], 7);
    }
}
