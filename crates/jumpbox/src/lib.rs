//! The SSH jump host (跳板机): `ssh -p 2026 alice@host` shows a menu of
//! alice's running instances and takes her into a TTY in the one she picks;
//! `alice+NAME@host` goes straight to one, with a shell, a command (exit
//! status, piped stdin, `scp -O`).
//!
//! A transport like the HTTP server: it authenticates through the auth
//! service (the same argon2 hashes and login throttle), finds instances
//! through the instance service (the same ownership policy as REST), registers
//! every connection in the session registry (so disabling a user or revoking
//! access ends it) and runs processes with the docker crate's exec. It knows
//! no SQL and no HTTP.
#![forbid(unsafe_code)]

mod config;
mod connection;
mod forward;
mod hostkey;
mod session;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use russh::keys::PrivateKey;
use tianqi_service::Services;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

pub use config::{JumpboxConfig, Settings};
pub use hostkey::fingerprint;

#[derive(Debug, thiserror::Error)]
pub enum JumpboxError {
    #[error("jump host host key {path}: {message}")]
    HostKey { path: String, message: String },
    #[error("cannot listen on {addr} (jumpbox.listen): {message}")]
    Bind { addr: String, message: String },
}

/// State every connection shares.
pub(crate) struct Shared {
    pub services: Services,
    pub settings: Settings,
    /// Cancelled at shutdown: every connection says goodbye and closes.
    pub stop: CancellationToken,
}

/// A bound jump host, not serving yet (so its address is known first).
pub struct Jumpbox {
    listener: TcpListener,
    config: Arc<russh::server::Config>,
    shared: Arc<Shared>,
    key: PrivateKey,
}

impl Jumpbox {
    /// Loads (or generates) the host key and binds the listener.
    pub async fn bind(services: Services, settings: Settings) -> Result<Jumpbox, JumpboxError> {
        let key = hostkey::load_or_generate(&settings.host_key_file)?;
        let listener =
            TcpListener::bind(&settings.listen)
                .await
                .map_err(|e| JumpboxError::Bind {
                    addr: settings.listen.clone(),
                    message: e.to_string(),
                })?;
        if let Ok(a) = listener.local_addr() {
            services.jumpbox.set_listening(a.port());
        }
        let config = russh::server::Config {
            methods: russh::MethodSet::from(
                &[russh::MethodKind::PublicKey, russh::MethodKind::Password][..],
            ),
            auth_rejection_time: settings.auth_rejection,
            // OpenSSH first asks with "none" to learn the methods: no need to
            // make every login a second slower for that.
            auth_rejection_time_initial: Some(Duration::ZERO),
            keys: vec![key.clone()],
            inactivity_timeout: Some(settings.idle_timeout),
            // Several wrong passwords on one connection each count in the
            // throttle; past this the connection is dropped.
            max_auth_attempts: 6,
            nodelay: true,
            ..Default::default()
        };
        Ok(Jumpbox {
            listener,
            config: Arc::new(config),
            shared: Arc::new(Shared {
                services,
                settings,
                stop: CancellationToken::new(),
            }),
            key,
        })
    }

    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.listener.local_addr().ok()
    }

    /// The host key's fingerprint (`SHA256:…`), for the log and the console.
    pub fn host_key_fingerprint(&self) -> String {
        hostkey::fingerprint(&self.key)
    }

    /// Accepts connections until `stop`; then every open connection is told
    /// the server is going away and closed, within `grace`.
    pub async fn serve(self, stop: CancellationToken, grace: Duration) {
        let tracker = TaskTracker::new();
        tracing::info!(
            addr = ?self.local_addr(),
            host_key = %self.host_key_fingerprint(),
            "SSH jump host listening"
        );
        loop {
            let accepted = tokio::select! {
                () = stop.cancelled() => break,
                a = self.listener.accept() => a,
            };
            match accepted {
                Ok((stream, peer)) => {
                    let config = self.config.clone();
                    let shared = self.shared.clone();
                    tracker.spawn(connection::run(config, shared, stream, peer));
                }
                Err(e) => {
                    // EMFILE and the like: wait a little instead of spinning.
                    tracing::warn!(error = %e, "jump host accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
        drop(self.listener);
        self.shared.stop.cancel();
        tracker.close();
        if tokio::time::timeout(grace, tracker.wait()).await.is_err() {
            tracing::warn!("SSH connections did not close within the grace period");
        }
    }
}
