//! `ssh -L` (direct-tcpip): a channel carried to HOST:PORT *as seen from
//! inside* the instance the login named, through a Docker exec of the static
//! relay (`relay/main.rs`). The server needs no route to the container's
//! address, so this works for instances on remote nodes; and the instance's
//! "localhost" is the instance's own.

use std::sync::Arc;

use futures::StreamExt;
use russh::server::{ChannelOpenHandle, Msg};
use russh::{Channel, ChannelMsg};
use tianqi_core::policy::Principal;
use tianqi_docker::exec::Chunk;
use tianqi_service::instances::{ExecSession, SshForward};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::Shared;

/// The relay, built static by build.rs.
pub(crate) const RELAY: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tianqi-relay"));

/// Its file name in the container: the content's hash, so a new build never
/// runs an old copy.
fn relay_name() -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    RELAY.hash(&mut h);
    format!(".tianqi-relay-{:016x}", h.finish())
}

pub(crate) struct Forward {
    pub shared: Arc<Shared>,
    pub principal: Principal,
    pub target: String,
    pub host: String,
    pub port: u16,
}

/// Opens the relay, then accepts the channel (or refuses it with the reason
/// logged: OpenSSH prints "open failed"), and carries bytes both ways.
pub(crate) async fn run(f: Forward, channel: Channel<Msg>, reply: ChannelOpenHandle) {
    let services = &f.shared.services;
    let opened = async {
        let id = services
            .instances
            .jump_target(&f.principal, &f.target)
            .await?;
        services
            .instances
            .open_forward(&f.principal, id, (RELAY, &relay_name()), &f.host, f.port)
            .await
    }
    .await;
    let session = match opened {
        Ok(SshForward::Docker(s)) => s,
        Ok(SshForward::Pod(port)) => {
            reply.accept().await;
            return carry_pod_port(port, channel).await;
        }
        Err(e) => {
            tracing::info!(user = %f.principal.username, target = %f.target, error = %e, "ssh -L refused");
            reply.reject(russh::ChannelOpenFailure::ConnectFailed).await;
            return;
        }
    };
    reply.accept().await;
    let ExecSession { exec, .. } = session;
    let tianqi_docker::exec::Exec {
        mut output,
        mut input,
        ..
    } = exec;
    let (mut rd, wr) = channel.split();
    let from_client = async {
        let mut open = true;
        while let Some(msg) = rd.wait().await {
            match msg {
                ChannelMsg::Data { data } if open => {
                    open = input.write_all(&data).await.is_ok();
                }
                ChannelMsg::Eof if open => {
                    let _ = input.shutdown().await;
                    open = false;
                }
                ChannelMsg::Close => break,
                _ => {}
            }
        }
    };
    let to_client = async {
        while let Some(item) = output.next().await {
            match item {
                Ok(Chunk::Out(b)) => {
                    if wr.data_bytes(b).await.is_err() {
                        break;
                    }
                }
                // the relay's own complaints (connect refused) go to the log
                Ok(Chunk::Err(b)) => {
                    tracing::info!(message = %String::from_utf8_lossy(&b).trim(), "ssh -L relay");
                }
                Err(_) => break,
            }
        }
        let _ = wr.eof().await;
    };
    tokio::select! {
        () = from_client => {}
        () = to_client => {}
    }
    let _ = wr.close().await;
}

/// Carries a channel over a Pod's port (a Kubernetes node's instance): the
/// port's end closes the channel; what the cluster says against the port
/// goes to the log.
async fn carry_pod_port(mut port: tianqi_service::kube::PodPort, channel: Channel<Msg>) {
    // Borrowed, not moved: the forward lives (and ends) with `port`.
    let error = port.error.take();
    let (input, output) = (&mut port.input, &mut port.output);
    let (mut rd, wr) = channel.split();
    let from_client = async {
        let mut open = true;
        while let Some(msg) = rd.wait().await {
            match msg {
                ChannelMsg::Data { data } if open => {
                    open = input.write_all(&data).await.is_ok();
                }
                // No half-close: the portforward protocol has none (kube-rs
                // ends the whole forward on it), so the stream stays open
                // until the Pod's side ends or the client closes.
                ChannelMsg::Close => break,
                _ => {}
            }
        }
    };
    let to_client = async {
        let mut buf = vec![0u8; 32 * 1024];
        while let Ok(n) = output.read(&mut buf).await {
            if n == 0 || wr.data_bytes(buf[..n].to_vec()).await.is_err() {
                break;
            }
        }
        let _ = wr.eof().await;
    };
    let complaint = async {
        if let Some(e) = error {
            if let Some(text) = e.await {
                tracing::info!(message = %text.trim(), "ssh -L to a pod");
            }
        }
        std::future::pending::<()>().await
    };
    tokio::select! {
        () = from_client => {}
        () = to_client => {}
        () = complaint => {}
    }
    let _ = wr.close().await;
}
