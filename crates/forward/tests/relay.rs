//! The forwarder on real loopback sockets: echo servers behind rules, many
//! clients at once, half-close, UDP sessions, toggling, conflicts, following.
// Test code: a panic is a failed assertion.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tianqi_forward::{
    Forwarder, Protocol, Resolve, ResolveFuture, RuleSpec, Settings, State, Target,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream, UdpSocket};

/// A TCP echo server on a free loopback port.
async fn tcp_echo() -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut s, _)) = l.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let (mut r, mut w) = s.split();
                let _ = tokio::io::copy(&mut r, &mut w).await;
            });
        }
    });
    addr
}

/// A UDP server answering every datagram with "re:" + the datagram.
async fn udp_echo() -> SocketAddr {
    udp_echo_with(b"re:").await
}

/// A UDP server answering every datagram with `prefix` + the datagram.
async fn udp_echo_with(prefix: &'static [u8]) -> SocketAddr {
    let s = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let addr = s.local_addr().unwrap();
    tokio::spawn(async move {
        let mut buf = vec![0u8; 65536];
        loop {
            let Ok((n, peer)) = s.recv_from(&mut buf).await else {
                return;
            };
            let mut out = prefix.to_vec();
            out.extend_from_slice(&buf[..n]);
            let _ = s.send_to(&out, peer).await;
        }
    });
    addr
}

/// A free loopback port (bound and released).
fn free_port() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

fn free_udp_port() -> SocketAddr {
    std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

fn rule(id: i64, protocol: Protocol, listen: SocketAddr, target: Target) -> RuleSpec {
    RuleSpec {
        id,
        protocol,
        listen,
        target,
        enabled: true,
    }
}

async fn round_trip(addr: SocketAddr, payload: &[u8]) -> Vec<u8> {
    let mut c = TcpStream::connect(addr).await.unwrap();
    c.write_all(payload).await.unwrap();
    c.shutdown().await.unwrap();
    let mut back = Vec::new();
    c.read_to_end(&mut back).await.unwrap();
    back
}

fn settings(zero_copy: bool) -> Settings {
    Settings {
        zero_copy,
        ..Settings::default()
    }
}

async fn echo_round_trips(zero_copy: bool) {
    let echo = tcp_echo().await;
    let f = Forwarder::new(settings(zero_copy));
    let listen = free_port();
    let st = f
        .apply(rule(1, Protocol::Tcp, listen, Target::Addr(echo)))
        .await;
    assert_eq!(st.state, State::Listening, "{st:?}");
    // Small, and larger than any buffer or pipe.
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    assert_eq!(round_trip(listen, b"hello").await, b"hello");
    assert_eq!(round_trip(listen, &big).await, big);
    let st = f.status(1).await.unwrap();
    assert_eq!((st.total, st.active), (2, 0), "{st:?}");
    assert_eq!(st.bytes_in, 5 + big.len() as u64);
    assert_eq!(st.bytes_out, st.bytes_in);
    assert_eq!(st.target, Some(echo));
    f.shutdown().await;
    assert!(
        TcpStream::connect(listen).await.is_err(),
        "closed after shutdown"
    );
}

#[tokio::test]
async fn tcp_echo_with_splice() {
    echo_round_trips(true).await;
}

#[tokio::test]
async fn tcp_echo_buffered() {
    echo_round_trips(false).await;
}

/// 1,000 clients at once, each with its own 4 KiB, each getting back exactly
/// its own bytes (through splice; the buffered copy is the default elsewhere).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_connections() {
    let echo = tcp_echo().await;
    let f = Forwarder::new(settings(true));
    let listen = free_port();
    f.apply(rule(1, Protocol::Tcp, listen, Target::Addr(echo)))
        .await;
    // All connected first, so the thousand are open at the same time.
    let mut clients = Vec::new();
    for _ in 0..1000 {
        clients.push(TcpStream::connect(listen).await.unwrap());
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while f.status(1).await.unwrap().active < 1000 {
        assert!(Instant::now() < deadline, "{:?}", f.status(1).await);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let tasks: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(i, mut c)| {
            tokio::spawn(async move {
                let mine: Vec<u8> = (0..4096u32)
                    .map(|j| ((i as u32 * 7 + j) % 256) as u8)
                    .collect();
                c.write_all(&mine).await.unwrap();
                c.shutdown().await.unwrap();
                let mut back = Vec::new();
                c.read_to_end(&mut back).await.unwrap();
                assert_eq!(back, mine, "client {i}");
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let st = f.status(1).await.unwrap();
    assert_eq!(st.total, 1000);
    assert_eq!(st.bytes_in, 1000 * 4096);
    assert_eq!(st.bytes_out, 1000 * 4096);
    f.shutdown().await;
}

/// The client half-closes after its request; the server answers after seeing
/// EOF, and the answer still arrives in full.
#[tokio::test]
async fn half_close_both_ways() {
    for zero_copy in [true, false] {
        let server = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let target = server.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut s, _) = server.accept().await.unwrap();
            let mut got = Vec::new();
            s.read_to_end(&mut got).await.unwrap(); // until the client's FIN
            tokio::time::sleep(Duration::from_millis(100)).await;
            let answer = format!("got {} bytes", got.len());
            s.write_all(answer.as_bytes()).await.unwrap();
            s.shutdown().await.unwrap();
        });
        let f = Forwarder::new(settings(zero_copy));
        let listen = free_port();
        f.apply(rule(1, Protocol::Tcp, listen, Target::Addr(target)))
            .await;
        let mut c = TcpStream::connect(listen).await.unwrap();
        c.write_all(&[7u8; 100_000]).await.unwrap();
        c.shutdown().await.unwrap();
        let mut back = String::new();
        c.read_to_string(&mut back).await.unwrap();
        assert_eq!(back, "got 100000 bytes", "zero_copy={zero_copy}");
        f.shutdown().await;
    }
}

/// 50 UDP clients send interleaved datagrams; each receives only the replies
/// to its own, and each has its own session.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn udp_clients_get_only_their_own_replies() {
    let echo = udp_echo().await;
    let f = Forwarder::new(Settings::default());
    let listen = free_udp_port();
    let st = f
        .apply(rule(2, Protocol::Udp, listen, Target::Addr(echo)))
        .await;
    assert_eq!(st.state, State::Listening, "{st:?}");
    let mut clients = Vec::new();
    for _ in 0..50 {
        let c = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        c.connect(listen).await.unwrap();
        clients.push(Arc::new(c));
    }
    const ROUNDS: usize = 20;
    // Round-robin: every client's k-th datagram before anyone's (k+1)-th.
    for k in 0..ROUNDS {
        for (i, c) in clients.iter().enumerate() {
            c.send(format!("client {i} msg {k}").as_bytes())
                .await
                .unwrap();
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    for (i, c) in clients.iter().enumerate() {
        let mut seen = Vec::new();
        let mut buf = [0u8; 1500];
        while seen.len() < ROUNDS {
            let n = tokio::time::timeout(Duration::from_secs(5), c.recv(&mut buf))
                .await
                .unwrap_or_else(|_| panic!("client {i} got {} replies", seen.len()))
                .unwrap();
            let text = String::from_utf8(buf[..n].to_vec()).unwrap();
            assert!(
                text.starts_with(&format!("re:client {i} msg ")),
                "client {i} got {text}"
            );
            seen.push(text);
        }
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), ROUNDS, "client {i}: each reply once");
    }
    let st = f.status(2).await.unwrap();
    assert_eq!((st.active, st.total), (50, 50), "{st:?}");
    f.shutdown().await;
}

/// Idle UDP sessions are forgotten.
#[tokio::test]
async fn udp_sessions_expire() {
    let echo = udp_echo().await;
    let f = Forwarder::new(Settings {
        udp_idle: Duration::from_millis(300),
        ..Settings::default()
    });
    let listen = free_udp_port();
    f.apply(rule(3, Protocol::Udp, listen, Target::Addr(echo)))
        .await;
    let c = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    c.send_to(b"x", listen).await.unwrap();
    let mut buf = [0u8; 16];
    let n = c.recv(&mut buf).await.unwrap();
    assert_eq!(&buf[..n], b"re:x");
    assert_eq!(f.status(3).await.unwrap().active, 1);
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(f.status(3).await.unwrap().active, 0);
    // A new datagram opens a new session.
    c.send_to(b"y", listen).await.unwrap();
    let n = c.recv(&mut buf).await.unwrap();
    assert_eq!(&buf[..n], b"re:y");
    assert_eq!(f.status(3).await.unwrap().total, 2);
    f.shutdown().await;
}

/// Disabling while a client streams: new connections are refused within a
/// second, the open one is closed (grace 0) and the counters stop growing;
/// enabling again serves again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn toggling_while_traffic_flows() {
    let echo = tcp_echo().await;
    let f = Forwarder::new(Settings::default());
    let listen = free_port();
    let mut spec = rule(4, Protocol::Tcp, listen, Target::Addr(echo));
    f.apply(spec.clone()).await;
    let streamer = tokio::spawn(async move {
        let mut c = TcpStream::connect(listen).await.unwrap();
        let chunk = [1u8; 16384];
        let mut buf = [0u8; 16384];
        loop {
            if c.write_all(&chunk).await.is_err() {
                return;
            }
            match c.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = f.status(4).await.unwrap();
    assert!(before.bytes_in > 0 && before.active == 1, "{before:?}");

    spec.enabled = false;
    let t = Instant::now();
    let st = f.apply(spec.clone()).await;
    assert_eq!(st.state, State::Stopped);
    assert!(
        TcpStream::connect(listen).await.is_err(),
        "refused after disable"
    );
    assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
    tokio::time::timeout(Duration::from_secs(2), streamer)
        .await
        .expect("the open connection was closed")
        .unwrap();
    let stopped = f.status(4).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let later = f.status(4).await.unwrap();
    assert_eq!(
        (later.bytes_in, later.bytes_out),
        (stopped.bytes_in, stopped.bytes_out)
    );
    assert_eq!(later.active, 0);

    spec.enabled = true;
    assert_eq!(f.apply(spec).await.state, State::Listening);
    assert_eq!(round_trip(listen, b"again").await, b"again");
    assert_eq!(
        f.status(4).await.unwrap().total,
        2,
        "totals kept across the toggle"
    );
    f.shutdown().await;
}

/// With a grace period, disabling stops new connections at once but lets the
/// open ones go on until it ends.
#[tokio::test]
async fn disable_grace_lets_open_connections_finish() {
    let echo = tcp_echo().await;
    let f = Forwarder::new(Settings {
        disable_grace: Duration::from_millis(700),
        ..Settings::default()
    });
    let listen = free_port();
    let mut spec = rule(5, Protocol::Tcp, listen, Target::Addr(echo));
    f.apply(spec.clone()).await;
    let mut c = TcpStream::connect(listen).await.unwrap();
    c.write_all(b"1").await.unwrap();
    let mut b = [0u8; 1];
    c.read_exact(&mut b).await.unwrap();
    spec.enabled = false;
    f.apply(spec).await;
    assert!(TcpStream::connect(listen).await.is_err());
    tokio::time::sleep(Duration::from_millis(200)).await;
    c.write_all(b"2").await.unwrap();
    c.read_exact(&mut b).await.unwrap();
    assert_eq!(&b, b"2", "still served within the grace");
    tokio::time::sleep(Duration::from_millis(800)).await;
    let mut rest = Vec::new();
    // EOF or a reset, but promptly: the forwarder closed it.
    let _ = tokio::time::timeout(Duration::from_secs(2), c.read_to_end(&mut rest))
        .await
        .expect("closed after the grace");
    assert_eq!(f.status(5).await.unwrap().active, 0);
    f.shutdown().await;
}

/// A port held by someone else: the rule is in error with the reason, and
/// binds once the port is free and the rule is applied again.
#[tokio::test]
async fn port_taken_by_another_process_is_an_error_state() {
    let echo = tcp_echo().await;
    let squatter = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let listen = squatter.local_addr().unwrap();
    let f = Forwarder::new(Settings::default());
    let spec = rule(6, Protocol::Tcp, listen, Target::Addr(echo));
    let st = f.apply(spec.clone()).await;
    assert_eq!(st.state, State::Error);
    let why = st.error.unwrap();
    assert!(
        why.contains("address already in use") && why.contains(&listen.to_string()),
        "{why}"
    );

    let udp_squatter = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let udp_listen = udp_squatter.local_addr().unwrap();
    let st = f
        .apply(rule(7, Protocol::Udp, udp_listen, Target::Addr(echo)))
        .await;
    assert_eq!(st.state, State::Error, "{st:?}");

    drop(squatter);
    assert_eq!(f.apply(spec).await.state, State::Listening);
    assert_eq!(round_trip(listen, b"mine now").await, b"mine now");
    f.shutdown().await;
}

/// Editing: a new target applies to new connections; a new port rebinds.
#[tokio::test]
async fn edits_apply_at_once() {
    let (a, b) = (tcp_echo().await, tcp_echo().await);
    let f = Forwarder::new(Settings::default());
    let (p1, p2) = (free_port(), free_port());
    f.apply(rule(8, Protocol::Tcp, p1, Target::Addr(a))).await;
    assert_eq!(f.status(8).await.unwrap().target, Some(a));
    f.apply(rule(8, Protocol::Tcp, p1, Target::Addr(b))).await;
    assert_eq!(f.status(8).await.unwrap().target, Some(b));
    assert_eq!(round_trip(p1, b"b").await, b"b");
    f.apply(rule(8, Protocol::Tcp, p2, Target::Addr(b))).await;
    assert!(TcpStream::connect(p1).await.is_err(), "old port closed");
    assert_eq!(round_trip(p2, b"moved").await, b"moved");
    f.remove(8).await;
    assert!(TcpStream::connect(p2).await.is_err(), "removed");
    assert!(f.status(8).await.is_none());
    f.shutdown().await;
}

/// The per-rule cap: one connection more than allowed is refused and counted.
#[tokio::test]
async fn connection_cap() {
    let echo = tcp_echo().await;
    let f = Forwarder::new(Settings {
        max_connections: 2,
        ..Settings::default()
    });
    let listen = free_port();
    f.apply(rule(9, Protocol::Tcp, listen, Target::Addr(echo)))
        .await;
    let mut open = Vec::new();
    for _ in 0..2 {
        let mut c = TcpStream::connect(listen).await.unwrap();
        c.write_all(b"x").await.unwrap();
        let mut b = [0u8; 1];
        c.read_exact(&mut b).await.unwrap();
        open.push(c);
    }
    let mut third = TcpStream::connect(listen).await.unwrap();
    let mut b = [0u8; 1];
    let r = tokio::time::timeout(Duration::from_secs(2), third.read(&mut b))
        .await
        .unwrap();
    assert!(matches!(r, Ok(0) | Err(_)), "closed at once: {r:?}");
    let st = f.status(9).await.unwrap();
    assert_eq!((st.active, st.rejected), (2, 1), "{st:?}");
    drop(open);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(round_trip(listen, b"ok").await, b"ok");
    f.shutdown().await;
}

struct MovingTarget {
    now: std::sync::Mutex<SocketAddr>,
    calls: AtomicUsize,
}

impl Resolve for MovingTarget {
    fn resolve(&self, _rule: i64) -> ResolveFuture {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let addr = *self.now.lock().unwrap();
        Box::pin(async move { Ok(addr) })
    }
}

/// A following target: when its address stops answering, connecting asks the
/// resolver once (for a burst of clients) and goes to the new address.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn following_target_moves() {
    let first = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let old = first.local_addr().unwrap();
    drop(first); // the container went away: nothing listens there any more
    let new = tcp_echo().await;
    let f = Forwarder::new(Settings::default());
    let resolver = Arc::new(MovingTarget {
        now: std::sync::Mutex::new(new),
        calls: AtomicUsize::new(0),
    });
    f.set_resolver(resolver.clone());
    let listen = free_port();
    f.apply(rule(10, Protocol::Tcp, listen, Target::Follow))
        .await;
    f.set_target(10, Ok(old)).await;
    let tasks: Vec<_> = (0..20)
        .map(|i| tokio::spawn(async move { round_trip(listen, format!("{i}").as_bytes()).await }))
        .collect();
    for (i, t) in tasks.into_iter().enumerate() {
        assert_eq!(t.await.unwrap(), format!("{i}").as_bytes());
    }
    assert_eq!(
        resolver.calls.load(Ordering::SeqCst),
        1,
        "one resolve for the burst"
    );
    assert_eq!(f.status(10).await.unwrap().target, Some(new));
    f.shutdown().await;
}

/// A UDP rule's new target takes over the sessions of clients that keep
/// sending (they would otherwise stay connected to the old one).
#[tokio::test]
async fn udp_sessions_follow_a_new_target() {
    let (a, b) = (udp_echo_with(b"a:").await, udp_echo_with(b"b:").await);
    let f = Forwarder::new(Settings::default());
    let listen = free_udp_port();
    f.apply(rule(11, Protocol::Udp, listen, Target::Addr(a)))
        .await;
    let c = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    c.connect(listen).await.unwrap();
    let mut buf = [0u8; 64];
    c.send(b"1").await.unwrap();
    let n = c.recv(&mut buf).await.unwrap();
    assert_eq!(&buf[..n], b"a:1");
    f.apply(rule(11, Protocol::Udp, listen, Target::Addr(b)))
        .await;
    let start = Instant::now();
    loop {
        c.send(b"2").await.unwrap();
        let n = tokio::time::timeout(Duration::from_secs(1), c.recv(&mut buf))
            .await
            .unwrap()
            .unwrap();
        if &buf[..n] == b"b:2" {
            break;
        }
        assert_eq!(&buf[..n], b"a:2");
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "still the old target"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        f.status(11).await.unwrap().total,
        2,
        "a new session for the new target"
    );
    f.shutdown().await;
}

/// A failed lookup from the caller keeps a known address (and is noted); an
/// unknown one stays unknown with the reason.
#[tokio::test]
async fn a_failed_lookup_keeps_the_known_address() {
    let echo = tcp_echo().await;
    let f = Forwarder::new(Settings::default());
    let listen = free_port();
    f.apply(rule(12, Protocol::Tcp, listen, Target::Follow))
        .await;
    f.set_target(12, Err("node 'a' did not answer".into()))
        .await;
    let st = f.status(12).await.unwrap();
    assert_eq!(st.target, None);
    f.set_target(12, Ok(echo)).await;
    f.set_target(12, Err("node 'a' did not answer".into()))
        .await;
    let st = f.status(12).await.unwrap();
    assert_eq!(st.target, Some(echo), "kept");
    assert_eq!(st.last_error.as_deref(), Some("node 'a' did not answer"));
    assert_eq!(round_trip(listen, b"still").await, b"still");
    f.shutdown().await;
}
