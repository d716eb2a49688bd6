//! UDP: one socket per rule receives from every client; each client address
//! gets its own upstream socket (connected to the target), so the target's
//! replies on that socket belong to that client alone and are sent back to it
//! from the rule's socket. A session nobody used for `udp_idle` is dropped.
//!
//! The session table is owned by the rule's receive task (no lock on the
//! datagram path). Each session's reply task has its own buffer, on its stack
//! between two awaits: nothing is shared between sessions.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use tokio::net::UdpSocket;
use tokio::sync::OwnedSemaphorePermit;
use tokio_util::sync::{CancellationToken, DropGuard};

use crate::rule::Shared;
use crate::Forwarder;

/// Largest UDP payload.
const MAX_DATAGRAM: usize = 65_536;
/// Socket buffers asked for (the kernel caps them at net.core.*mem_max):
/// bursts of small datagrams wait there instead of being dropped.
const SOCKET_BUFFER: usize = 4 << 20;

pub(crate) fn bind(addr: SocketAddr) -> std::io::Result<UdpSocket> {
    let socket = socket2::Socket::new(
        socket2::Domain::for_address(addr),
        socket2::Type::DGRAM,
        Some(socket2::Protocol::UDP),
    )?;
    // No SO_REUSEADDR: for UDP it would let another socket share the port.
    let _ = socket.set_recv_buffer_size(SOCKET_BUFFER);
    let _ = socket.set_send_buffer_size(SOCKET_BUFFER);
    socket.set_nonblocking(true)?;
    socket.bind(&addr.into())?;
    UdpSocket::from_std(socket.into())
}

struct Session {
    upstream: Arc<UdpSocket>,
    /// Milliseconds since the rule started, of the last datagram either way.
    last_seen: Arc<AtomicU64>,
    /// Ends the reply task when the session is dropped.
    _stop: DropGuard,
}

pub(crate) async fn serve(
    socket: UdpSocket,
    shared: Arc<Shared>,
    stop: CancellationToken,
    fwd: Forwarder,
) {
    let socket = Arc::new(socket);
    let started = Instant::now();
    let idle = fwd.settings().udp_idle;
    let idle_ms = u64::try_from(idle.as_millis()).unwrap_or(u64::MAX);
    let mut sessions: HashMap<SocketAddr, Session> = HashMap::new();
    let mut batch = batch::Batch::new();
    let mut target_generation = shared.target().1;
    let mut sweep =
        tokio::time::interval((idle / 4).clamp(Duration::from_millis(100), Duration::from_secs(1)));
    loop {
        tokio::select! {
            biased;
            () = stop.cancelled() => break,
            _ = sweep.tick() => {
                // A new target (an edit, or an instance that moved): sessions
                // are connected to the old one, so they start again.
                let generation = shared.target().1;
                if generation != target_generation {
                    target_generation = generation;
                    sessions.clear();
                }
                let now = millis(started);
                sessions.retain(|_, s| now.saturating_sub(s.last_seen.load(Ordering::Relaxed)) < idle_ms);
                continue;
            }
            ready = socket.readable() => if let Err(e) = ready {
                shared.note_error(format!("receive: {e}"));
                continue;
            },
        }
        // Every datagram waiting, in one system call where the platform can.
        match batch.receive(&socket) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(e) => {
                shared.note_error(format!("receive: {e}"));
                continue;
            }
        }
        let now = millis(started);
        for (data, peer) in batch.datagrams() {
            let session = match sessions.entry(peer) {
                Entry::Occupied(o) => o.into_mut(),
                Entry::Vacant(v) => match open(&socket, peer, &shared, &fwd, started) {
                    Some(s) => v.insert(s),
                    None => continue,
                },
            };
            session.last_seen.store(now, Ordering::Relaxed);
            let sent = match session.upstream.try_send(data) {
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    session.upstream.send(data).await
                }
                r => r,
            };
            match sent {
                Ok(_) => {
                    shared
                        .counters
                        .bytes_in
                        .fetch_add(data.len() as u64, Ordering::Relaxed);
                }
                Err(e) => shared.note_error(format!("send to the target: {e}")),
            }
        }
    }
    // Dropping the table ends every reply task; the rule's socket closes with
    // the last strong reference, held here.
}

fn millis(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// A new client: its upstream socket and reply task, if the cap allows.
fn open(
    socket: &Arc<UdpSocket>,
    peer: SocketAddr,
    shared: &Arc<Shared>,
    fwd: &Forwarder,
    started: Instant,
) -> Option<Session> {
    let Ok(permit) = shared.limit.clone().try_acquire_owned() else {
        shared.counters.rejected.fetch_add(1, Ordering::Relaxed);
        return None;
    };
    let target = match shared.target().0 {
        Ok(t) => t,
        Err(why) => {
            shared.note_error(why);
            return None;
        }
    };
    let upstream = match connect(target) {
        Ok(u) => Arc::new(u),
        Err(e) => {
            shared.note_error(format!("UDP socket to {target}: {e}"));
            return None;
        }
    };
    let stop = CancellationToken::new();
    let last_seen = Arc::new(AtomicU64::new(millis(started)));
    fwd.spawn_handle(replies(
        upstream.clone(),
        Arc::downgrade(socket),
        peer,
        Reply {
            shared: shared.clone(),
            last_seen: last_seen.clone(),
            started,
            stop: stop.clone(),
            _permit: permit,
        },
    ));
    Some(Session {
        upstream,
        last_seen,
        _stop: stop.drop_guard(),
    })
}

fn connect(target: SocketAddr) -> std::io::Result<UdpSocket> {
    let local: SocketAddr = if target.is_ipv4() {
        (Ipv4Addr::UNSPECIFIED, 0).into()
    } else {
        (Ipv6Addr::UNSPECIFIED, 0).into()
    };
    let socket = std::net::UdpSocket::bind(local)?;
    socket.connect(target)?;
    socket.set_nonblocking(true)?;
    UdpSocket::from_std(socket)
}

struct Reply {
    shared: Arc<Shared>,
    last_seen: Arc<AtomicU64>,
    started: Instant,
    stop: CancellationToken,
    _permit: OwnedSemaphorePermit,
}

/// Sends what the target answers on this session's socket back to its client.
/// The rule's socket is held weakly: when the rule stops, replies stop.
async fn replies(upstream: Arc<UdpSocket>, listen: Weak<UdpSocket>, peer: SocketAddr, r: Reply) {
    let _open = r.shared.counters.open();
    loop {
        tokio::select! {
            () = r.stop.cancelled() => break,
            ready = upstream.readable() => if ready.is_err() { break },
        }
        // The buffer lives only between two awaits, so it is on this task's
        // stack for the moment of the copy, never in the future's state.
        let pending = {
            let mut buf = [0u8; MAX_DATAGRAM];
            match upstream.try_recv(&mut buf) {
                Ok(n) => {
                    r.last_seen.store(millis(r.started), Ordering::Relaxed);
                    let Some(listen) = listen.upgrade() else {
                        break;
                    };
                    match listen.try_send_to(&buf[..n], peer) {
                        Ok(_) => {
                            r.shared
                                .counters
                                .bytes_out
                                .fetch_add(n as u64, Ordering::Relaxed);
                            None
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                            Some(buf[..n].to_vec())
                        }
                        Err(e) => {
                            r.shared.note_error(format!("send to {peer}: {e}"));
                            None
                        }
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => None,
                Err(e) => {
                    // e.g. connection refused: the target port is closed (ICMP).
                    r.shared.note_error(format!("receive from the target: {e}"));
                    None
                }
            }
        };
        if let Some(data) = pending {
            let Some(listen) = listen.upgrade() else {
                break;
            };
            if listen.send_to(&data, peer).await.is_ok() {
                r.shared
                    .counters
                    .bytes_out
                    .fetch_add(data.len() as u64, Ordering::Relaxed);
            }
        }
    }
}

/// Receiving what waits on the rule's socket: with recvmmsg(2) on Linux (up
/// to `BATCH` datagrams per call), one `recv_from` elsewhere.
mod batch {
    use std::net::SocketAddr;

    use tokio::io::Interest;
    use tokio::net::UdpSocket;

    use super::MAX_DATAGRAM;

    #[cfg(target_os = "linux")]
    const BATCH: usize = 16;
    #[cfg(not(target_os = "linux"))]
    const BATCH: usize = 1;

    pub(super) struct Batch {
        bufs: Vec<Vec<u8>>,
        /// (buffer index, length, sender) of each datagram received.
        got: Vec<(usize, usize, SocketAddr)>,
    }

    impl Batch {
        pub(super) fn new() -> Self {
            Self {
                bufs: (0..BATCH).map(|_| vec![0u8; MAX_DATAGRAM]).collect(),
                got: Vec::with_capacity(BATCH),
            }
        }

        /// The datagrams of the last `receive`, in arrival order.
        pub(super) fn datagrams(&self) -> impl Iterator<Item = (&[u8], SocketAddr)> {
            self.got
                .iter()
                .map(|&(i, n, peer)| (&self.bufs[i][..n], peer))
        }

        /// Receives what is waiting (WouldBlock when nothing is).
        pub(super) fn receive(&mut self, socket: &UdpSocket) -> std::io::Result<()> {
            self.got.clear();
            socket.try_io(Interest::READABLE, || self.receive_now(socket))
        }

        #[cfg(target_os = "linux")]
        fn receive_now(&mut self, socket: &UdpSocket) -> std::io::Result<()> {
            use std::io::IoSliceMut;
            use std::os::fd::AsRawFd;

            use nix::sys::socket::{recvmmsg, MsgFlags, MultiHeaders, SockaddrStorage};

            // Made per call: the headers hold raw pointers (not Send), and the
            // task owning this batch moves between threads.
            let mut headers = MultiHeaders::<SockaddrStorage>::preallocate(BATCH, None);
            let mut slices: Vec<[IoSliceMut<'_>; 1]> =
                self.bufs.iter_mut().map(|b| [IoSliceMut::new(b)]).collect();
            let received = recvmmsg(
                socket.as_raw_fd(),
                &mut headers,
                slices.iter_mut(),
                MsgFlags::MSG_DONTWAIT,
                None,
            )
            .map_err(std::io::Error::from)?;
            for (i, msg) in received.enumerate() {
                let Some(peer) = msg.address.and_then(|a| {
                    a.as_sockaddr_in()
                        .map(|v4| SocketAddr::V4((*v4).into()))
                        .or_else(|| a.as_sockaddr_in6().map(|v6| SocketAddr::V6((*v6).into())))
                }) else {
                    continue;
                };
                self.got.push((i, msg.bytes, peer));
            }
            Ok(())
        }

        #[cfg(not(target_os = "linux"))]
        fn receive_now(&mut self, socket: &UdpSocket) -> std::io::Result<()> {
            let (n, peer) = socket.try_recv_from(&mut self.bufs[0])?;
            self.got.push((0, n, peer));
            Ok(())
        }
    }
}
