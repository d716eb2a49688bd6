//! TCP: the accept loop of a rule and one task per connection.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio_util::sync::CancellationToken;

use crate::rule::{describe, Shared};
use crate::Forwarder;

/// Backlog of every rule's listener: bursts of new connections wait in the
/// kernel instead of being refused.
const BACKLOG: u32 = 4096;

pub(crate) fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    // Rebinding right after a disable or a restart must not wait for old
    // connections in TIME_WAIT.
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

pub(crate) async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    stop: CancellationToken,
    conns: CancellationToken,
    fwd: Forwarder,
    id: i64,
) {
    loop {
        let accepted = tokio::select! {
            biased;
            () = stop.cancelled() => break,
            r = listener.accept() => r,
        };
        match accepted {
            Ok((client, _)) => match shared.limit.clone().try_acquire_owned() {
                Ok(permit) => {
                    let (shared, conns, f) = (shared.clone(), conns.clone(), fwd.clone());
                    fwd.spawn_handle(async move {
                        connection(client, &shared, &conns, &f, id).await;
                        drop(permit);
                    });
                }
                Err(_) => {
                    shared
                        .counters
                        .rejected
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    shared.note_error(format!(
                        "connection refused: {} connections open (forward.max_connections_per_rule)",
                        fwd.settings().max_connections
                    ));
                }
            },
            Err(e) => {
                // Out of file descriptors and the like: back off instead of
                // spinning on an error that persists.
                shared.note_error(format!("accept: {e}"));
                tokio::select! {
                    () = stop.cancelled() => break,
                    () = tokio::time::sleep(Duration::from_millis(50)) => {}
                }
            }
        }
    }
}

async fn connection(
    client: TcpStream,
    shared: &Shared,
    conns: &CancellationToken,
    fwd: &Forwarder,
    id: i64,
) {
    let _open = shared.counters.open();
    if shared.is_dial() {
        return dialed_connection(client, shared, conns, fwd, id).await;
    }
    let upstream = tokio::select! {
        () = conns.cancelled() => return,
        u = connect(shared, fwd, id) => u,
    };
    let Some(upstream) = upstream else { return };
    // Interactive protocols (SSH, databases) must not wait for Nagle.
    let _ = client.set_nodelay(true);
    let _ = upstream.set_nodelay(true);
    tokio::select! {
        () = conns.cancelled() => {}
        r = crate::relay::relay(&client, &upstream, &shared.counters, fwd.settings()) => {
            if let Err(e) = r {
                tracing::debug!(rule = id, error = %e, "connection ended with an error");
            }
        }
    }
}

/// How long a dialed connection waits, after its client's EOF, for a byte
/// from the far end before it closes.
const AFTER_EOF: Duration = Duration::from_secs(30);

/// A connection of a [`crate::Target::Dial`] rule: opened by the dialer
/// within the connect timeout, then copied both ways.
async fn dialed_connection(
    client: TcpStream,
    shared: &Shared,
    conns: &CancellationToken,
    fwd: &Forwarder,
    id: i64,
) {
    let Some(dialer) = fwd.dialer() else {
        shared.note_error("nothing opens this rule's connections".into());
        return;
    };
    let timeout = fwd.settings().connect_timeout;
    let dialed = tokio::select! {
        () = conns.cancelled() => return,
        d = tokio::time::timeout(timeout, dialer.dial(id)) => d,
    };
    let upstream = match dialed {
        Ok(Ok(d)) => d,
        Ok(Err(why)) => return shared.note_error(why),
        Err(_) => {
            return shared.note_error(format!(
                "opening the connection timed out after {} ms",
                timeout.as_millis()
            ))
        }
    };
    let _ = client.set_nodelay(true);
    tokio::select! {
        () = conns.cancelled() => {}
        r = crate::relay::relay_dialed(client, upstream, &shared.counters, fwd.settings().buffer_size, AFTER_EOF) => {
            if let Err(e) = r {
                tracing::debug!(rule = id, error = %e, "connection ended with an error");
            }
        }
    }
}

/// Connects to the rule's target within the timeout. A following target is
/// resolved again once when connecting fails (the container moved).
async fn connect(shared: &Shared, fwd: &Forwarder, id: i64) -> Option<TcpStream> {
    let (target, generation) = shared.target();
    match target {
        Ok(addr) => match try_connect(addr, fwd.settings().connect_timeout).await {
            Ok(s) => return Some(s),
            Err(why) => shared.note_error(why),
        },
        Err(why) => shared.note_error(why),
    }
    if !shared.is_follow() {
        return None;
    }
    let addr = shared.refresh(generation, fwd.resolver(), id).await?;
    match try_connect(addr, fwd.settings().connect_timeout).await {
        Ok(s) => Some(s),
        Err(why) => {
            shared.note_error(why);
            None
        }
    }
}

async fn try_connect(addr: SocketAddr, timeout: Duration) -> Result<TcpStream, String> {
    match tokio::time::timeout(timeout, TcpStream::connect(addr)).await {
        Ok(Ok(s)) => Ok(s),
        Ok(Err(e)) => Err(format!("connect to {addr}: {}", describe(&e))),
        Err(_) => Err(format!(
            "connect to {addr}: timed out after {} ms",
            timeout.as_millis()
        )),
    }
}
