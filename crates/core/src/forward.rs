//! Port forwarding rules (端口转发): validation, conflicts between rules, and
//! which targets are safe.

use std::net::{IpAddr, SocketAddr};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::net::Cidr;
use crate::validate;
use crate::{Error, Result};

pub const DESCRIPTION_MAX: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Tcp,
    Udp,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
        }
    }

    /// `tcp` or `udp`, in any case (the old console sent `TCP`).
    pub fn parse(field: &str, s: &str) -> Result<Protocol> {
        match s.trim().to_ascii_lowercase().as_str() {
            "tcp" => Ok(Protocol::Tcp),
            "udp" => Ok(Protocol::Udp),
            _ => Err(Error::validation(
                field,
                format!("{field} must be tcp or udp, not `{s}`"),
            )),
        }
    }
}

/// Where a rule forwards to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForwardTarget {
    Ip(IpAddr),
    /// An instance's container, wherever it is now.
    Instance(i64),
}

/// Live state of a rule in the running forwarder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForwardLive {
    /// `listening`, `error` (see `error`) or `stopped` (disabled).
    pub state: String,
    /// Why an enabled rule is not listening, e.g. "cannot listen on
    /// 0.0.0.0:80: address already in use".
    pub error: Option<String>,
    /// The latest problem serving a connection (a refused connect, an
    /// instance without an address).
    pub last_error: Option<String>,
    /// Open TCP connections or live UDP sessions.
    pub active_connections: u64,
    /// Connections (UDP: sessions) since the server started.
    pub total_connections: u64,
    /// Bytes from clients to the target since the server started.
    pub bytes_in: u64,
    /// Bytes from the target to clients since the server started.
    pub bytes_out: u64,
    /// Connections refused at `forward.max_connections_per_rule`.
    pub rejected_connections: u64,
    /// The address new connections go to now (`ip:port`); for an instance
    /// target, its container's current address.
    pub target_address: Option<String>,
}

/// A port forwarding rule and its live state.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortForward {
    pub id: i64,
    /// Address the rule listens on (0.0.0.0 / :: = every address).
    pub source_ip: String,
    pub source_port: u16,
    pub protocol: Protocol,
    /// Fixed target address; empty when the rule targets an instance.
    pub target_ip: String,
    pub target_port: u16,
    /// The instance whose container the rule follows, if any.
    pub target_instance_id: Option<i64>,
    /// Its name, for display.
    pub target_instance_name: Option<String>,
    pub enabled: bool,
    pub description: String,
    /// Who created it.
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub live: ForwardLive,
}

/// Fields for create (source_port, protocol, target and target_port
/// required; source_ip defaults to the server's first address) and update
/// (all optional; giving `target_ip` or `target_instance_id` replaces the
/// other kind of target).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PortForwardFields {
    pub source_ip: Option<String>,
    /// 1–65535.
    pub source_port: Option<i64>,
    /// `tcp` or `udp`.
    pub protocol: Option<String>,
    pub target_ip: Option<String>,
    /// 1–65535.
    pub target_port: Option<i64>,
    /// Forward to this instance's container instead of `target_ip`.
    pub target_instance_id: Option<i64>,
    /// Default true.
    pub enabled: Option<bool>,
    pub description: Option<String>,
}

/// A complete, checked rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortForwardDraft {
    pub source_ip: IpAddr,
    pub source_port: u16,
    pub protocol: Protocol,
    pub target: ForwardTarget,
    pub target_port: u16,
    pub enabled: bool,
    pub description: String,
}

fn port(field: &str, v: i64) -> Result<u16> {
    u16::try_from(v)
        .ok()
        .filter(|p| *p != 0)
        .ok_or_else(|| Error::validation(field, format!("{field} must be between 1 and 65535")))
}

fn ip(field: &str, s: &str) -> Result<IpAddr> {
    s.trim().parse().map_err(|_| {
        Error::validation(
            field,
            format!("{field} `{s}` is not an IPv4 or IPv6 address"),
        )
    })
}

impl PortForwardDraft {
    /// A new rule from `f`; `default_source` is used when no source_ip is given.
    pub fn new(f: PortForwardFields, default_source: Option<IpAddr>) -> Result<Self> {
        let source_ip = match &f.source_ip {
            Some(s) => ip("source_ip", s)?,
            None => default_source.ok_or_else(|| {
                Error::validation(
                    "source_ip",
                    "source_ip is required: this server has no address besides loopback",
                )
            })?,
        };
        let source_port = port(
            "source_port",
            f.source_port
                .ok_or_else(|| Error::validation("source_port", "source_port is required"))?,
        )?;
        let protocol = Protocol::parse(
            "protocol",
            f.protocol
                .as_deref()
                .ok_or_else(|| Error::validation("protocol", "protocol is required"))?,
        )?;
        let target_port = port(
            "target_port",
            f.target_port
                .ok_or_else(|| Error::validation("target_port", "target_port is required"))?,
        )?;
        let target = match (&f.target_ip, f.target_instance_id) {
            (None, None) => {
                return Err(Error::validation(
                    "target_ip",
                    "target_ip or target_instance_id is required",
                ))
            }
            (Some(t), None) => ForwardTarget::Ip(ip("target_ip", t)?),
            (None, Some(i)) => ForwardTarget::Instance(i),
            (Some(_), Some(_)) => return Err(both_targets()),
        };
        PortForwardDraft {
            source_ip,
            source_port,
            protocol,
            target,
            target_port,
            enabled: true,
            description: String::new(),
        }
        .apply(PortForwardFields {
            enabled: f.enabled,
            description: f.description,
            ..PortForwardFields::default()
        })
    }

    /// The stored rule as a draft, to lay an update over.
    pub fn from_rule(r: &PortForward) -> Result<Self> {
        let target = match r.target_instance_id {
            Some(i) => ForwardTarget::Instance(i),
            None => ForwardTarget::Ip(ip("target_ip", &r.target_ip)?),
        };
        Ok(PortForwardDraft {
            source_ip: ip("source_ip", &r.source_ip)?,
            source_port: r.source_port,
            protocol: r.protocol,
            target,
            target_port: r.target_port,
            enabled: r.enabled,
            description: r.description.clone(),
        })
    }

    /// Overlays the given fields, then checks the result.
    pub fn apply(mut self, f: PortForwardFields) -> Result<Self> {
        if let Some(s) = &f.source_ip {
            self.source_ip = ip("source_ip", s)?;
        }
        if let Some(p) = f.source_port {
            self.source_port = port("source_port", p)?;
        }
        if let Some(p) = &f.protocol {
            self.protocol = Protocol::parse("protocol", p)?;
        }
        match (&f.target_ip, f.target_instance_id) {
            (Some(_), Some(_)) => return Err(both_targets()),
            (Some(t), None) => self.target = ForwardTarget::Ip(ip("target_ip", t)?),
            (None, Some(i)) => self.target = ForwardTarget::Instance(i),
            (None, None) => {}
        }
        if let Some(p) = f.target_port {
            self.target_port = port("target_port", p)?;
        }
        if let Some(e) = f.enabled {
            self.enabled = e;
        }
        if let Some(d) = f.description {
            self.description = d.trim().to_owned();
        }
        self.validate()?;
        Ok(self)
    }

    pub fn validate(&self) -> Result<()> {
        validate::text("description", &self.description, DESCRIPTION_MAX)?;
        if let ForwardTarget::Ip(t) = self.target {
            target_ip_usable("target_ip", t)?;
        }
        if let ForwardTarget::Instance(i) = self.target {
            if i <= 0 {
                return Err(Error::validation(
                    "target_instance_id",
                    format!("instance {i} not found"),
                ));
            }
        }
        Ok(())
    }

    pub fn source(&self) -> SocketAddr {
        SocketAddr::new(self.source_ip, self.source_port)
    }
}

fn both_targets() -> Error {
    Error::validation(
        "target_instance_id",
        "give target_ip or target_instance_id, not both",
    )
}

/// Addresses that can never be a target: the unspecified address (it means
/// "this host" on connect, a way around the protected ports), broadcast and
/// multicast.
pub fn target_ip_usable(field: &str, ip: IpAddr) -> Result<()> {
    let why = match ip {
        _ if ip.is_unspecified() => Some("the unspecified address"),
        _ if ip.is_multicast() => Some("a multicast address"),
        IpAddr::V4(v4) if v4.is_broadcast() => Some("the broadcast address"),
        _ => None,
    };
    match why {
        Some(why) => Err(Error::validation(
            field,
            format!("{field} {ip} is {why}, which cannot be forwarded to"),
        )),
        None => Ok(()),
    }
}

/// Whether two listening sockets would collide: same protocol and port, and
/// the same address or either one every address (0.0.0.0 and :: — Linux's
/// :: also takes IPv4 by default).
pub fn sources_overlap(a: (Protocol, SocketAddr), b: (Protocol, SocketAddr)) -> bool {
    let ((pa, sa), (pb, sb)) = (a, b);
    if pa != pb || sa.port() != sb.port() {
        return false;
    }
    let (ia, ib) = (sa.ip().to_canonical(), sb.ip().to_canonical());
    if ia == ib {
        return true;
    }
    let wildcard_covers =
        |w: IpAddr, other: IpAddr| w.is_unspecified() && (w.is_ipv6() || other.is_ipv4());
    wildcard_covers(ia, ib) || wildcard_covers(ib, ia)
}

/// What a target must respect, from the configuration and this server.
#[derive(Debug, Clone, Default)]
pub struct TargetPolicy {
    /// `forward.allowed_targets`.
    pub allowed: Vec<Cidr>,
    /// This server's own listeners (HTTP API, SSH jump host, compat API).
    pub protected: Vec<SocketAddr>,
    /// This server's interface addresses (loopback is always included).
    pub local_ips: Vec<IpAddr>,
}

impl TargetPolicy {
    fn is_local(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        ip.is_loopback() || self.local_ips.iter().any(|l| l.to_canonical() == ip)
    }

    /// Checks a target address (`field` names it in the error): allowed by
    /// `forward.allowed_targets`, not one of this server's own listeners, and
    /// not the rule's own source (a loop).
    pub fn check(&self, field: &str, target: SocketAddr, source: SocketAddr) -> Result<()> {
        let ip = target.ip();
        target_ip_usable(field, ip)?;
        if !self.allowed.iter().any(|c| c.contains(ip)) {
            return Err(Error::validation(
                field,
                format!("{field} {ip} is outside the networks in forward.allowed_targets"),
            ));
        }
        let here = self.is_local(ip);
        for p in &self.protected {
            let same_host = p.ip().to_canonical() == ip.to_canonical()
                || (here && (p.ip().is_unspecified() || self.is_local(p.ip())));
            if same_host && p.port() == target.port() {
                return Err(Error::validation(
                    "target_port",
                    format!("{target} is this server's own listener ({p}) and cannot be a target"),
                ));
            }
        }
        let to_itself = source.port() == target.port()
            && (source.ip().to_canonical() == ip.to_canonical()
                || (here && source.ip().is_unspecified()));
        // A rule connects with its own protocol, so this is the rule itself.
        if to_itself {
            return Err(Error::validation(
                "target_port",
                format!("the rule would forward {source} to itself"),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::parse_cidrs;

    fn field_of(e: Error) -> String {
        match e {
            Error::Validation { field, .. } => field,
            other => format!("not a validation error: {other:?}"),
        }
    }

    fn fields(v: serde_json::Value) -> PortForwardFields {
        serde_json::from_value(v).unwrap()
    }

    fn default_ip() -> Option<IpAddr> {
        Some("192.0.2.10".parse().unwrap())
    }

    #[test]
    fn a_complete_rule() {
        let d = PortForwardDraft::new(
            fields(serde_json::json!({"source_port": 8080, "protocol": "TCP",
                "target_ip": " 10.0.0.5 ", "target_port": 80, "description": " web "})),
            default_ip(),
        )
        .unwrap();
        assert_eq!(d.source(), "192.0.2.10:8080".parse().unwrap());
        assert_eq!(d.protocol, Protocol::Tcp);
        assert_eq!(d.target, ForwardTarget::Ip("10.0.0.5".parse().unwrap()));
        assert!(d.enabled);
        assert_eq!(d.description, "web");
        let d = d
            .apply(fields(
                serde_json::json!({"target_instance_id": 7, "enabled": false}),
            ))
            .unwrap();
        assert_eq!(d.target, ForwardTarget::Instance(7));
        assert!(!d.enabled);
    }

    #[test]
    fn bad_input_names_the_field() {
        let base = serde_json::json!({"source_ip": "127.0.0.1", "source_port": 1, "protocol": "udp",
            "target_ip": "127.0.0.1", "target_port": 65535});
        assert!(PortForwardDraft::new(fields(base.clone()), None).is_ok());
        for (key, value, field) in [
            ("source_port", serde_json::json!(0), "source_port"),
            ("source_port", serde_json::json!(65536), "source_port"),
            ("target_port", serde_json::json!(-1), "target_port"),
            ("target_port", serde_json::json!(0), "target_port"),
            ("protocol", serde_json::json!("icmp"), "protocol"),
            ("source_ip", serde_json::json!("300.1.1.1"), "source_ip"),
            ("target_ip", serde_json::json!("10.0.0"), "target_ip"),
            ("target_ip", serde_json::json!("0.0.0.0"), "target_ip"),
            ("target_ip", serde_json::json!("::"), "target_ip"),
            ("target_ip", serde_json::json!("224.0.0.1"), "target_ip"),
            (
                "target_ip",
                serde_json::json!("255.255.255.255"),
                "target_ip",
            ),
            (
                "target_instance_id",
                serde_json::json!(3),
                "target_instance_id",
            ),
            ("description", serde_json::json!("a\nb"), "description"),
        ] {
            let mut v = base.clone();
            v[key] = value;
            let e = PortForwardDraft::new(fields(v), None).unwrap_err();
            assert_eq!(field_of(e), field, "{key}");
        }
        for missing in ["source_port", "protocol", "target_port"] {
            let mut v = base.clone();
            v.as_object_mut().unwrap().remove(missing);
            let e = PortForwardDraft::new(fields(v), None).unwrap_err();
            assert_eq!(field_of(e), missing);
        }
        let mut v = base.clone();
        v.as_object_mut().unwrap().remove("target_ip");
        assert_eq!(
            field_of(PortForwardDraft::new(fields(v), None).unwrap_err()),
            "target_ip"
        );
        let mut v = base;
        v.as_object_mut().unwrap().remove("source_ip");
        assert_eq!(
            field_of(PortForwardDraft::new(fields(v), None).unwrap_err()),
            "source_ip"
        );
        assert!(
            serde_json::from_value::<PortForwardFields>(serde_json::json!({"nope": 1})).is_err()
        );
    }

    #[test]
    fn overlapping_sources() {
        let s = |p: Protocol, a: &str| (p, a.parse::<SocketAddr>().unwrap());
        use Protocol::{Tcp, Udp};
        assert!(sources_overlap(
            s(Tcp, "10.0.0.1:80"),
            s(Tcp, "10.0.0.1:80")
        ));
        assert!(!sources_overlap(
            s(Tcp, "10.0.0.1:80"),
            s(Udp, "10.0.0.1:80")
        ));
        assert!(!sources_overlap(
            s(Tcp, "10.0.0.1:80"),
            s(Tcp, "10.0.0.1:81")
        ));
        assert!(!sources_overlap(
            s(Tcp, "10.0.0.1:80"),
            s(Tcp, "10.0.0.2:80")
        ));
        assert!(sources_overlap(s(Tcp, "0.0.0.0:80"), s(Tcp, "10.0.0.2:80")));
        assert!(sources_overlap(s(Tcp, "10.0.0.2:80"), s(Tcp, "0.0.0.0:80")));
        assert!(sources_overlap(s(Tcp, "[::]:80"), s(Tcp, "10.0.0.2:80")));
        assert!(sources_overlap(
            s(Udp, "[::]:80"),
            s(Udp, "[2001:db8::1]:80")
        ));
        assert!(!sources_overlap(
            s(Tcp, "0.0.0.0:80"),
            s(Tcp, "[2001:db8::1]:80")
        ));
        assert!(sources_overlap(
            s(Tcp, "[::ffff:10.0.0.1]:80"),
            s(Tcp, "10.0.0.1:80")
        ));
    }

    #[test]
    fn target_safety() {
        let policy = TargetPolicy {
            allowed: parse_cidrs("10.0.0.0/8,127.0.0.0/8,::1/128").unwrap(),
            protected: vec![
                "0.0.0.0:8890".parse().unwrap(),
                "127.0.0.1:2026".parse().unwrap(),
            ],
            local_ips: vec!["10.1.1.1".parse().unwrap()],
        };
        let src: SocketAddr = "10.1.1.1:9000".parse().unwrap();
        let t = |a: &str| a.parse::<SocketAddr>().unwrap();
        let check = |a: &str| policy.check("target_ip", t(a), src).map_err(field_of);
        assert_eq!(
            check("10.2.3.4:8890"),
            Ok(()),
            "another host's 8890 is fine"
        );
        assert_eq!(check("127.0.0.1:22"), Ok(()));
        assert_eq!(
            check("192.168.1.1:80").unwrap_err(),
            "target_ip",
            "not allowed"
        );
        assert_eq!(
            check("127.0.0.1:8890").unwrap_err(),
            "target_port",
            "the API"
        );
        assert_eq!(
            check("10.1.1.1:8890").unwrap_err(),
            "target_port",
            "the API on our address"
        );
        assert_eq!(
            check("127.0.0.1:2026").unwrap_err(),
            "target_port",
            "the SSH jump host"
        );
        assert_eq!(check("10.1.1.1:2026").unwrap_err(), "target_port");
        assert_eq!(check("10.1.1.1:9000").unwrap_err(), "target_port", "itself");
        assert_eq!(check("0.0.0.0:80").unwrap_err(), "target_ip");
        let any = TargetPolicy {
            allowed: parse_cidrs("0.0.0.0/0,::/0").unwrap(),
            ..TargetPolicy::default()
        };
        assert!(any.check("target_ip", t("[2001:db8::5]:443"), src).is_ok());
        let wild: SocketAddr = "0.0.0.0:7000".parse().unwrap();
        assert!(any.check("target_ip", t("127.0.0.1:7000"), wild).is_err());
    }
}
