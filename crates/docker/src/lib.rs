//! The node driver: talks to one Docker Engine over a unix socket, plain TCP or
//! TCP with mutual TLS, always with a timeout, with the API version negotiated
//! (nodes run different Docker releases).
#![forbid(unsafe_code)]

pub mod container;
pub mod exec;
pub mod network;
pub mod observe;
mod pull;
pub mod terminal;

/// An engine connection (what the sessions hand back to callers that resize or
/// end a terminal); callers name it through this crate only.
pub use bollard::Docker;
pub use pull::{pull_image, PullEvent};

use std::path::PathBuf;
use std::time::Duration;

use bollard::API_DEFAULT_VERSION;
use tianqi_core::catalog::address::DockerAddress;
use tianqi_core::catalog::node::DockerFacts;

/// Paths of the PEM files a TLS connection presents and checks against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    pub ca: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// How to reach one node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub address: DockerAddress,
    pub tls: Option<TlsFiles>,
}

#[derive(Debug, thiserror::Error)]
pub enum DriverError {
    /// The engine could not be reached or did not answer in time.
    #[error("{0}")]
    Unreachable(String),
    /// The engine answered with an error.
    #[error("Docker said: {0}")]
    Api(String),
    /// The endpoint is misconfigured (e.g. TLS without certificates).
    #[error("{0}")]
    Config(String),
}

fn describe(e: &bollard::errors::Error) -> String {
    use bollard::errors::Error as E;
    match e {
        E::DockerResponseServerError {
            status_code,
            message,
        } => format!("HTTP {status_code}: {message}"),
        other => {
            // Include the chain of causes: TLS and connection failures hide the
            // useful part (e.g. "invalid peer certificate: UnknownIssuer") there.
            let mut text = other.to_string();
            let mut source = std::error::Error::source(other);
            while let Some(s) = source {
                let s_text = s.to_string();
                if !text.contains(&s_text) {
                    text.push_str(": ");
                    text.push_str(&s_text);
                }
                source = s.source();
            }
            text
        }
    }
}

impl From<bollard::errors::Error> for DriverError {
    fn from(e: bollard::errors::Error) -> Self {
        match &e {
            bollard::errors::Error::DockerResponseServerError { .. } => {
                DriverError::Api(describe(&e))
            }
            _ => DriverError::Unreachable(describe(&e)),
        }
    }
}

/// A client for one endpoint. Creating it does not touch the network.
pub fn connect(endpoint: &Endpoint, timeout: Duration) -> Result<Docker, DriverError> {
    let secs = timeout.as_secs().max(1);
    let docker = match (&endpoint.address, &endpoint.tls) {
        (DockerAddress::Unix(path), None) => {
            Docker::connect_with_unix(path, secs, API_DEFAULT_VERSION)?
        }
        (DockerAddress::Unix(_), Some(_)) => {
            return Err(DriverError::Config(
                "TLS applies to tcp:// addresses only".into(),
            ))
        }
        (addr @ DockerAddress::Tcp { .. }, None) => {
            let url = format!("tcp://{}", addr.authority().unwrap_or_default());
            Docker::connect_with_http(&url, secs, API_DEFAULT_VERSION)?
        }
        (addr @ DockerAddress::Tcp { .. }, Some(tls)) => {
            let url = format!("tcp://{}", addr.authority().unwrap_or_default());
            Docker::connect_with_ssl(
                &url,
                &tls.key,
                &tls.cert,
                &tls.ca,
                secs,
                API_DEFAULT_VERSION,
            )?
        }
    };
    Ok(docker)
}

/// Total and free bytes of the filesystem holding `path`; zeros when it cannot
/// be read (the path is not on this machine, or not readable).
fn filesystem_size(path: &str) -> (i64, i64) {
    match rustix::fs::statvfs(path) {
        Ok(s) => {
            let bytes =
                |blocks: u64| i64::try_from(blocks.saturating_mul(s.f_frsize)).unwrap_or(i64::MAX);
            (bytes(s.f_blocks), bytes(s.f_bavail))
        }
        Err(_) => (0, 0),
    }
}

/// Ping, negotiate the API version and read the engine's facts, all within
/// `timeout`. Answers a client using the negotiated version.
pub async fn probe(
    endpoint: &Endpoint,
    timeout: Duration,
) -> Result<(Docker, DockerFacts), DriverError> {
    let work = async {
        let docker = connect(endpoint, timeout)?;
        docker.ping().await?;
        let docker = docker.negotiate_version().await?;
        let version = docker.version().await?;
        let info = docker.info().await?;
        let runtimes: Vec<String> = info
            .runtimes
            .as_ref()
            .map(|r| {
                let mut names: Vec<String> = r.keys().cloned().collect();
                names.sort();
                names
            })
            .unwrap_or_default();
        let root_dir = info.docker_root_dir.clone().unwrap_or_default();
        let backing_filesystem = info
            .driver_status
            .as_ref()
            .and_then(|rows| {
                rows.iter()
                    .find(|r| r.first().is_some_and(|k| k == "Backing Filesystem"))
                    .and_then(|r| r.get(1).cloned())
            })
            .unwrap_or_default();
        let storage_driver = info.driver.unwrap_or_default();
        // An engine on a unix socket runs on this machine: its root directory
        // is ours to measure. Over TCP it is another machine's path.
        let (root_fs_total_bytes, root_fs_free_bytes) = match &endpoint.address {
            DockerAddress::Unix(_) if !root_dir.is_empty() => filesystem_size(&root_dir),
            _ => (0, 0),
        };
        let facts = DockerFacts {
            disk_limits_supported: DockerFacts::disk_limits_possible(
                &storage_driver,
                &backing_filesystem,
            ),
            root_dir,
            backing_filesystem,
            root_fs_total_bytes,
            root_fs_free_bytes,
            server_version: version.version.unwrap_or_default(),
            api_version: version.api_version.unwrap_or_default(),
            os: info.operating_system.unwrap_or_default(),
            kernel_version: info.kernel_version.unwrap_or_default(),
            ncpu: info.ncpu.unwrap_or_default(),
            memory_bytes: info.mem_total.unwrap_or_default(),
            storage_driver,
            nvidia_runtime: runtimes.iter().any(|r| r == "nvidia"),
            runtimes,
        };
        Ok::<_, DriverError>((docker, facts))
    };
    match tokio::time::timeout(timeout, work).await {
        Ok(r) => r,
        Err(_) => Err(DriverError::Unreachable(format!(
            "no answer within {} s",
            timeout.as_secs_f32()
        ))),
    }
}
