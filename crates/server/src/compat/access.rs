//! Who may call a compat facade. The old systems had no accounts: their
//! callers are scripts on trusted machines. So:
//!
//! * on the **main listener** (reachable through the usual reverse proxy, so
//!   "from 127.0.0.1" may mean "from the Internet") only the facade's bearer
//!   token admits; without a configured token the routes refuse everyone;
//! * on the facade's **dedicated listener** (like the old service's own port)
//!   a peer address in the allow-list also admits — the peer itself, never a
//!   forwarded header — and the `Host` must be an IP, `localhost` or a
//!   configured name, so a web page cannot reach it through DNS rebinding;
//! * everywhere, a mutation carrying an `Origin` from another site is refused
//!   (a page in a browser cannot make one for a script that has none).

use std::net::{IpAddr, SocketAddr};

use axum::http::{header, HeaderMap, Method};
use tianqi_core::crypto::constant_time_eq;
use tianqi_service::workspaces::CompatAccess;

use crate::auth::bearer_token;

/// Where a facade's request arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listener {
    Main,
    Dedicated,
}

/// What a facade's settings are called, for the refusals' messages.
#[derive(Debug, Clone, Copy)]
pub struct Names {
    /// e.g. `workspaces.compat`.
    pub section: &'static str,
}

fn token_ok(access: &CompatAccess, given: Option<&str>) -> bool {
    match given {
        Some(t) if !access.token.is_empty() => {
            constant_time_eq(t.as_bytes(), access.token.expose().as_bytes())
        }
        _ => false,
    }
}

/// `Host` without its port, lower-cased; IPv6 brackets dropped.
fn host_name(headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?.trim();
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?,
        None => host.rsplit_once(':').map_or(host, |(h, p)| {
            if p.chars().all(|c| c.is_ascii_digit()) {
                h
            } else {
                host
            }
        }),
    };
    Some(name.to_ascii_lowercase())
}

/// A browser's `Origin` that is not this host's own (scheme aside).
fn foreign_origin(headers: &HeaderMap) -> Option<String> {
    let origin = headers.get(header::ORIGIN)?.to_str().unwrap_or("?").trim();
    let authority = origin
        .split_once("://")
        .map_or(origin, |(_, rest)| rest)
        .trim_end_matches('/');
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    (!authority.eq_ignore_ascii_case(host)).then(|| origin.to_owned())
}

/// Admits the request or answers why not (the facade renders the sentence in
/// its own shape).
pub fn admit(
    listener: Listener,
    access: &CompatAccess,
    names: Names,
    method: &Method,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
) -> Result<(), String> {
    let mutation = !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    if mutation {
        if let Some(origin) = foreign_origin(headers) {
            return Err(format!(
                "Forbidden: a request from the web page at {origin} may not change anything here"
            ));
        }
    }
    let token = token_ok(access, bearer_token(headers));
    match listener {
        Listener::Main if token => Ok(()),
        Listener::Main if access.token.is_empty() => Err(format!(
            "Forbidden: on this address the compat API needs {}.token to be set and sent as \
             `Authorization: Bearer <token>` (or serve it on {}.listen)",
            names.section, names.section
        )),
        Listener::Main => Err("Forbidden: no valid bearer token was given".into()),
        Listener::Dedicated => {
            if let Some(host) = host_name(headers) {
                let known = host.parse::<IpAddr>().is_ok()
                    || host == "localhost"
                    || access.allowed_hosts.contains(&host);
                if !known {
                    return Err(format!(
                        "Forbidden: host {host} is not one this service answers to ({}.allowed_hosts)",
                        names.section
                    ));
                }
            }
            let ip = peer.map(|p| p.ip().to_canonical());
            if token || ip.is_some_and(|ip| access.cidrs.iter().any(|c| c.contains(ip))) {
                return Ok(());
            }
            Err(format!(
                "Forbidden: {} is not in {}.allow_cidrs and no valid bearer token was given",
                ip.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string()),
                names.section
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn access(token: &str) -> CompatAccess {
        CompatAccess {
            cidrs: tianqi_core::net::parse_cidrs("127.0.0.0/8").unwrap(),
            token: token.into(),
            allowed_hosts: vec!["ws.example.org".into()],
        }
    }

    const N: Names = Names {
        section: "workspaces.compat",
    };

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn main_listener_needs_the_token() {
        let local: Option<SocketAddr> = "127.0.0.1:9".parse().ok();
        let h = headers(&[("host", "127.0.0.1:8890")]);
        let e = admit(Listener::Main, &access(""), N, &Method::GET, &h, local).unwrap_err();
        assert!(e.contains("workspaces.compat.token"), "{e}");
        assert!(admit(Listener::Main, &access("t0k"), N, &Method::GET, &h, local).is_err());
        let h = headers(&[("host", "127.0.0.1:8890"), ("authorization", "Bearer t0k")]);
        assert!(admit(Listener::Main, &access("t0k"), N, &Method::POST, &h, local).is_ok());
        let h = headers(&[("host", "127.0.0.1:8890"), ("authorization", "Bearer t0kk")]);
        assert!(admit(Listener::Main, &access("t0k"), N, &Method::GET, &h, local).is_err());
    }

    #[test]
    fn dedicated_listener_admits_peers_in_the_list_for_known_hosts() {
        let local: Option<SocketAddr> = "127.0.0.1:9".parse().ok();
        let far: Option<SocketAddr> = "203.0.113.5:9".parse().ok();
        let ok = |h: &HeaderMap, peer| {
            admit(Listener::Dedicated, &access(""), N, &Method::POST, h, peer)
        };
        assert!(ok(&headers(&[("host", "127.0.0.1:8080")]), local).is_ok());
        assert!(ok(&headers(&[("host", "localhost:8080")]), local).is_ok());
        assert!(ok(&headers(&[("host", "WS.example.org")]), local).is_ok());
        assert!(ok(&headers(&[("host", "[::1]:8080")]), local).is_ok());
        assert!(ok(&headers(&[]), local).is_ok(), "HTTP/1.0 without Host");
        let e = ok(&headers(&[("host", "rebind.attacker.example:8080")]), local).unwrap_err();
        assert!(e.contains("allowed_hosts"), "{e}");
        let e = ok(&headers(&[("host", "10.1.2.3:8080")]), far).unwrap_err();
        assert!(
            e.contains("203.0.113.5") && e.contains("allow_cidrs"),
            "{e}"
        );
    }

    #[test]
    fn cross_site_mutations_are_refused() {
        let local: Option<SocketAddr> = "127.0.0.1:9".parse().ok();
        let h = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://evil.example"),
        ]);
        let e = admit(
            Listener::Dedicated,
            &access(""),
            N,
            &Method::POST,
            &h,
            local,
        )
        .unwrap_err();
        assert!(e.contains("evil.example"), "{e}");
        // A read, or a same-origin page, is fine.
        assert!(admit(Listener::Dedicated, &access(""), N, &Method::GET, &h, local).is_ok());
        let h = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080"),
        ]);
        assert!(admit(
            Listener::Dedicated,
            &access(""),
            N,
            &Method::POST,
            &h,
            local
        )
        .is_ok());
    }
}
