//! Docker Engine addresses: `unix:///path/docker.sock` or `tcp://host:port`.

use crate::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DockerAddress {
    Unix(String),
    Tcp { host: String, port: u16 },
}

impl DockerAddress {
    pub fn parse(field: &str, text: &str) -> Result<DockerAddress> {
        let t = text.trim();
        if let Some(path) = t.strip_prefix("unix://") {
            if !path.starts_with('/') || path.len() < 2 || path.contains(char::is_whitespace) {
                return Err(Error::validation(
                    field,
                    format!("{field} must be unix:///absolute/path/to/docker.sock"),
                ));
            }
            return Ok(DockerAddress::Unix(path.to_owned()));
        }
        if let Some(rest) = t.strip_prefix("tcp://") {
            let rest = rest.trim_end_matches('/');
            let bad = || {
                Error::validation(
                    field,
                    format!("{field} must be tcp://host:port, e.g. tcp://10.0.0.5:2376"),
                )
            };
            let (host, port) = match rest.rsplit_once(':') {
                Some((h, p)) => (h, p),
                None => return Err(bad()),
            };
            let host = host.trim_start_matches('[').trim_end_matches(']');
            let port: u16 = port.parse().map_err(|_| bad())?;
            let host_ok = !host.is_empty()
                && host.len() <= 253
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
            if !host_ok || port == 0 {
                return Err(bad());
            }
            return Ok(DockerAddress::Tcp {
                host: host.to_owned(),
                port,
            });
        }
        Err(Error::validation(
            field,
            format!(
                "{field} must start with unix:// or tcp:// (got {:?})",
                t.chars().take(40).collect::<String>()
            ),
        ))
    }

    pub fn is_tcp(&self) -> bool {
        matches!(self, DockerAddress::Tcp { .. })
    }

    /// `host:port` for TCP (IPv6 hosts bracketed).
    pub fn authority(&self) -> Option<String> {
        match self {
            DockerAddress::Tcp { host, port } if host.contains(':') => {
                Some(format!("[{host}]:{port}"))
            }
            DockerAddress::Tcp { host, port } => Some(format!("{host}:{port}")),
            DockerAddress::Unix(_) => None,
        }
    }
}

/// The address as it is written: `unix:///path` or `tcp://host:port`.
impl std::fmt::Display for DockerAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self, self.authority()) {
            (DockerAddress::Unix(path), _) => write!(f, "unix://{path}"),
            (DockerAddress::Tcp { .. }, Some(a)) => write!(f, "tcp://{a}"),
            (DockerAddress::Tcp { host, port }, None) => write!(f, "tcp://{host}:{port}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        assert_eq!(
            DockerAddress::parse("a", "unix:///var/run/docker.sock").unwrap(),
            DockerAddress::Unix("/var/run/docker.sock".into())
        );
        assert_eq!(
            DockerAddress::parse("a", "tcp://10.0.0.5:2376").unwrap(),
            DockerAddress::Tcp {
                host: "10.0.0.5".into(),
                port: 2376
            }
        );
        assert_eq!(
            DockerAddress::parse("a", "tcp://[::1]:2375")
                .unwrap()
                .authority()
                .unwrap(),
            "[::1]:2375"
        );
        for bad in [
            "",
            "http://x:1",
            "tcp://x",
            "tcp://:22",
            "tcp://x:0",
            "tcp://x:99999",
            "unix://relative",
            "ssh://a@b",
            "tcp://a b:1",
        ] {
            let e = DockerAddress::parse("docker_address", bad);
            assert!(
                matches!(e, Err(Error::Validation { ref field, .. }) if field == "docker_address"),
                "{bad:?}"
            );
        }
    }
}
