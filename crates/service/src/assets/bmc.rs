//! The Redfish client: two GETs with basic auth (the systems collection, then
//! its first system), each bounded by `assets.bmc_timeout_secs`. Failures are
//! told in operator words: refused credentials, an unreachable address, a
//! timeout, an answer that is not Redfish.

use std::time::Duration;

use serde_json::Value;
use tianqi_core::assets::redfish::{first_member, BmcFacts};
use tianqi_core::{Error, Result};

pub struct Bmc<'a> {
    pub address: &'a str,
    pub username: &'a str,
    pub password: &'a str,
}

pub fn client(timeout: Duration, verify_tls: bool) -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .danger_accept_invalid_certs(!verify_tls)
        // A BMC answers directly; a redirect elsewhere would carry the credentials away.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| Error::internal(format!("BMC client: {e}")))
}

async fn get(http: &reqwest::Client, bmc: &Bmc<'_>, path: &str) -> Result<Value> {
    let url = format!("{}{path}", bmc.address);
    let res = http
        .get(&url)
        .basic_auth(bmc.username, Some(bmc.password))
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| {
            let why = if e.is_timeout() {
                "no answer in time".to_owned()
            } else if e.is_connect() {
                "cannot connect (is the address right and the BMC up?)".to_owned()
            } else {
                "the request failed".to_owned()
            };
            Error::Unavailable(format!("BMC {}: {why}", bmc.address))
        })?;
    let status = res.status();
    if status == reqwest::StatusCode::UNAUTHORIZED || status == reqwest::StatusCode::FORBIDDEN {
        return Err(Error::validation(
            "bmc_password",
            format!(
                "BMC {} refused the username or password (HTTP {})",
                bmc.address,
                status.as_u16()
            ),
        ));
    }
    if !status.is_success() {
        return Err(Error::Unavailable(format!(
            "BMC {} answered HTTP {} for {path}",
            bmc.address,
            status.as_u16()
        )));
    }
    res.json::<Value>().await.map_err(|_| {
        Error::Unavailable(format!(
            "BMC {} did not answer Redfish JSON for {path}",
            bmc.address
        ))
    })
}

/// Reads the first system's facts.
pub async fn read(http: &reqwest::Client, bmc: &Bmc<'_>) -> Result<BmcFacts> {
    let systems = get(http, bmc, "/redfish/v1/Systems").await?;
    let path = first_member(&systems).ok_or_else(|| {
        Error::Unavailable(format!(
            "BMC {} lists no system under /redfish/v1/Systems",
            bmc.address
        ))
    })?;
    let system = get(http, bmc, &path).await?;
    Ok(BmcFacts::from_system(&system))
}
