//! One SSH connection: authentication through the auth service, its entry in
//! the session registry (access ending disconnects it), and a task per
//! session channel (`crate::session`).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use russh::server::{Auth, ChannelOpenHandle, Msg, Session};
use russh::{Channel, ChannelId, Disconnect};
use tianqi_core::jumpbox::parse_login_name;
use tianqi_core::policy::Principal;
use tianqi_service::auth::LoginRequest;
use tianqi_service::jumpbox::JumpboxConnection;
use tianqi_service::sessions::{LiveSession, SessionEnd, SessionKind};
use tokio::net::TcpStream;
use tokio_util::sync::CancellationToken;

use crate::session::{self, SessionCtx};
use crate::Shared;

/// Serves one accepted TCP connection until it closes or the server stops.
pub(crate) async fn run(
    config: Arc<russh::server::Config>,
    shared: Arc<Shared>,
    stream: TcpStream,
    peer: SocketAddr,
) {
    let stop = shared.stop.clone();
    let handler = Connection::new(shared, peer);
    let running = match russh::server::run_stream(config, stream, handler).await {
        Ok(r) => r,
        Err(e) => {
            tracing::debug!(%peer, error = %e, "SSH handshake failed");
            return;
        }
    };
    let handle = running.handle();
    tokio::pin!(running);
    tokio::select! {
        r = &mut running => {
            if let Err(e) = r {
                tracing::debug!(%peer, error = %e, "SSH connection ended with an error");
            }
        }
        () = stop.cancelled() => {
            let _ = handle
                .disconnect(Disconnect::ByApplication, "the server is shutting down".into(), String::new())
                .await;
            let _ = tokio::time::timeout(Duration::from_secs(5), running).await;
        }
    }
}

/// Who signed in on this connection.
struct Login {
    principal: Principal,
    /// `alice+NAME`: the instance asked for.
    target: Option<String>,
    /// Registered while the connection lives; ends it when access ends.
    live: LiveSession,
    /// Its row in the admins' list of SSH sessions (they may end it).
    listed: Arc<JumpboxConnection>,
}

pub(crate) struct Connection {
    shared: Arc<Shared>,
    peer: SocketAddr,
    login: Option<Login>,
    /// Cancelled when the connection goes: its watcher stops.
    gone: CancellationToken,
}

impl Connection {
    fn new(shared: Arc<Shared>, peer: SocketAddr) -> Self {
        Self {
            shared,
            peer,
            login: None,
            gone: CancellationToken::new(),
        }
    }

    /// A refused sign-in, in the audit log like the web's (the audit service
    /// drops floods of anonymous refusals).
    async fn audit_refusal(&self, username: &str, status: u16) {
        let entry = tianqi_store::NewAudit {
            at: self.shared.services.ctx.clock.now(),
            actor_id: None,
            actor: Some(username.to_owned()),
            method: "SSH".into(),
            route: "jumpbox:auth".into(),
            resource_id: None,
            source_ip: self.peer.ip().to_string(),
            status,
            detail: String::new(),
        };
        if let Err(e) = self.shared.services.audit.record(entry).await {
            tracing::warn!(error = %e, "could not audit a refused SSH sign-in");
        }
    }
}

/// `SHA256:…` of a key, computed like the one stored at registration (from
/// the OpenSSH line), so the two always agree.
fn key_fingerprint(key: &russh::keys::PublicKey) -> Option<String> {
    let line = key.to_openssh().ok()?;
    tianqi_core::ssh_keys::parse_public_key(&line)
        .ok()
        .map(|k| k.fingerprint)
}

impl Connection {
    /// After a password or key check: refused (audited), or the connection's
    /// login with its entry in the session registry.
    async fn signed_in(
        &mut self,
        result: tianqi_core::Result<Principal>,
        name: tianqi_core::jumpbox::LoginName,
    ) -> Result<Auth, russh::Error> {
        let services = &self.shared.services;
        let principal = match result {
            Ok(p) => p,
            Err(e) => {
                let status = refusal_status(&e);
                tracing::info!(peer = %self.peer, user = %name.username, reason = %e, "SSH sign-in refused");
                self.audit_refusal(&name.username, status).await;
                return Ok(Auth::reject());
            }
        };
        let live = match services.sessions.open(&principal, SessionKind::Ssh) {
            Ok(l) => l,
            Err(e) => {
                tracing::info!(peer = %self.peer, user = %name.username, reason = %e, "SSH connection refused");
                let _ = services.auth.logout(&principal).await;
                return Ok(Auth::reject());
            }
        };
        tracing::info!(peer = %self.peer, user = %principal.username, target = ?name.target, "SSH sign-in");
        let listed = Arc::new(
            services
                .jumpbox
                .register(&principal, &self.peer.ip().to_string()),
        );
        self.login = Some(Login {
            principal,
            target: name.target,
            live,
            listed,
        });
        Ok(Auth::Accept)
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.gone.cancel();
        // The connection's session token ends with it.
        if let Some(login) = self.login.take() {
            let auth = self.shared.services.auth.clone();
            if let Ok(rt) = tokio::runtime::Handle::try_current() {
                rt.spawn(async move {
                    if let Err(e) = auth.logout(&login.principal).await {
                        tracing::warn!(error = %e, "could not end an SSH connection's token");
                    }
                    drop(login.live);
                    drop(login.listed);
                });
            }
        }
    }
}

impl russh::server::Handler for Connection {
    type Error = russh::Error;

    async fn authentication_banner(&mut self) -> Result<Option<String>, Self::Error> {
        let b = &self.shared.settings.banner;
        Ok((!b.is_empty()).then(|| format!("{}\r\n", b.trim_end())))
    }

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        if self.login.is_some() {
            return Ok(Auth::reject());
        }
        let name = parse_login_name(user);
        let req = LoginRequest {
            username: name.username.clone(),
            password: password.to_owned(),
        };
        let signed_in = self
            .shared
            .services
            .auth
            .login(&req, &self.peer.ip().to_string())
            .await
            .map(|(_, p)| p);
        self.signed_in(signed_in, name).await
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        key: &russh::keys::PublicKey,
    ) -> Result<Auth, Self::Error> {
        let name = parse_login_name(user);
        let Some(fp) = key_fingerprint(key) else {
            return Ok(Auth::reject());
        };
        let ok = self
            .shared
            .services
            .auth
            .ssh_key_would_do(&name.username, &fp)
            .await
            .unwrap_or(false);
        Ok(if ok { Auth::Accept } else { Auth::reject() })
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: &russh::keys::PublicKey,
    ) -> Result<Auth, Self::Error> {
        if self.login.is_some() {
            return Ok(Auth::reject());
        }
        let name = parse_login_name(user);
        let Some(fp) = key_fingerprint(key) else {
            return Ok(Auth::reject());
        };
        // russh has verified the signature: the key is the client's.
        let signed_in = self
            .shared
            .services
            .auth
            .login_with_ssh_key(&name.username, &fp)
            .await;
        self.signed_in(signed_in, name).await
    }

    async fn auth_succeeded(&mut self, session: &mut Session) -> Result<(), Self::Error> {
        // Access ending (disabled, role changed, signed out everywhere) closes
        // the whole connection, and with it every process it started.
        if let Some(login) = &self.login {
            let ended = login.live.ended_why();
            let killed = login.listed.kill_token();
            let gone = self.gone.clone();
            let handle = session.handle();
            tokio::spawn(async move {
                tokio::select! {
                    () = killed.cancelled() => {
                        let _ = handle
                            .disconnect(
                                Disconnect::ByApplication,
                                "an administrator ended this session".into(),
                                String::new(),
                            )
                            .await;
                    }
                    why = ended => {
                        let message = match why {
                            SessionEnd::AccessEnded => "your access ended (account disabled, role changed or signed out)",
                            SessionEnd::ServerStopping => "the server is restarting; connect again in a moment",
                        };
                        let _ = handle
                            .disconnect(Disconnect::ByApplication, message.into(), String::new())
                            .await;
                    }
                    () = gone.cancelled() => {}
                }
            });
        }
        Ok(())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(login) = &self.login else {
            return Ok(()); // dropping `reply` refuses the channel
        };
        reply.accept().await;
        let ctx = SessionCtx {
            shared: self.shared.clone(),
            principal: login.principal.clone(),
            target: login.target.clone(),
            peer: self.peer,
            listed: login.listed.clone(),
        };
        tokio::spawn(session::run(channel, ctx));
        Ok(())
    }

    /// `ssh -L`: only into the instance the login named (`alice+NAME`), and
    /// only when `jumpbox.allow_port_forwarding`.
    #[allow(clippy::too_many_arguments)]
    async fn channel_open_direct_tcpip(
        &mut self,
        channel: Channel<Msg>,
        host: &str,
        port: u32,
        _originator_address: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(login) = &self.login else {
            return Ok(());
        };
        let (Some(target), true, Ok(port)) = (
            login.target.clone(),
            self.shared.settings.allow_port_forwarding,
            u16::try_from(port),
        ) else {
            tracing::info!(user = %login.principal.username, "ssh -L refused: no instance named in the login, or forwarding is off");
            reply
                .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
                .await;
            return Ok(());
        };
        let f = crate::forward::Forward {
            shared: self.shared.clone(),
            principal: login.principal.clone(),
            target,
            host: host.to_owned(),
            port,
        };
        tokio::spawn(crate::forward::run(f, channel, reply));
        Ok(())
    }

    /// `ssh -R`: refused (nothing may listen on the jump host for a user).
    async fn tcpip_forward(
        &mut self,
        address: &str,
        port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        tracing::info!(peer = %self.peer, %address, port = *port, "ssh -R refused");
        Ok(false)
    }

    /// Agent forwarding: refused (the instance must not use the user's keys).
    async fn agent_request(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        tracing::info!(peer = %self.peer, "agent forwarding refused");
        Ok(false)
    }

    // The requests below reach the channel's task as `ChannelMsg`s (russh
    // sends them there before calling these); here they are only answered.

    #[allow(clippy::too_many_arguments)]
    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        _cols: u32,
        _rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        _value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // Accepted so the channel's task can say why it cannot serve it.
        session.channel_success(channel)
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        _cols: u32,
        _rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)
    }
}

/// The HTTP status the web's sign-in would have answered, for the audit entry.
fn refusal_status(e: &tianqi_core::Error) -> u16 {
    match e {
        tianqi_core::Error::RateLimited { .. } => 429,
        tianqi_core::Error::Unauthorized(_) | tianqi_core::Error::SignedOut(_) => 401,
        tianqi_core::Error::Validation { .. } | tianqi_core::Error::BadRequest { .. } => 400,
        tianqi_core::Error::Unavailable(_) => 503,
        _ => 500,
    }
}
