//! Small helpers for talking to Tianqi's JSON API.

use anyhow::{bail, Context, Result};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize)]
struct LoginResponse {
    token: String,
}

/// Signs in as `admin` and answers the bearer token.
pub async fn login(http: &reqwest::Client, base: &str, password: &str) -> Result<String> {
    let res = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({ "username": "admin", "password": password }))
        .send()
        .await
        .context("POST /api/v1/auth/login")?;
    let body: LoginResponse = expect_status(res, "POST /api/v1/auth/login", None).await?;
    Ok(body.token)
}

/// Fails unless the answer is 2xx (or exactly `want`, when given), then reads
/// its JSON body.
pub async fn expect_status<T: DeserializeOwned>(
    res: reqwest::Response,
    what: &str,
    want: Option<reqwest::StatusCode>,
) -> Result<T> {
    let status = res.status();
    let ok = match want {
        Some(w) => status == w,
        None => status.is_success(),
    };
    if !ok {
        bail!(
            "{what} answered {status}{}: {}",
            want.map(|w| format!(", expected {w}")).unwrap_or_default(),
            res.text().await.unwrap_or_default()
        );
    }
    res.json()
        .await
        .with_context(|| format!("reading the answer to {what}"))
}
