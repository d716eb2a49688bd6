//! Rules whose connections a dialer opens (a Pod's port over its cluster's
//! portforward, here a loopback server reached through a dialer): bytes both
//! ways and counted, a client's EOF that ends nothing (the dialed end has no
//! half-close) while the far end's ends the connection, a failed dial noted
//! as the rule's last error, UDP refused.
// Test code: a panic is a failed assertion.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tianqi_forward::{Dial, DialFuture, Dialed, Forwarder, Protocol, RuleSpec, Settings, Target};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A server that greets, answers one line with itself, then closes.
async fn greeter() -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut c, _)) = l.accept().await {
            tokio::spawn(async move {
                let _ = c.write_all(b"hello\n").await;
                let mut line = Vec::new();
                let mut byte = [0u8; 1];
                while let Ok(1) = c.read(&mut byte).await {
                    line.push(byte[0]);
                    if byte[0] == b'\n' {
                        break;
                    }
                }
                let _ = c.write_all(&line).await;
            });
        }
    });
    addr
}

/// Dials `to` (or fails with `why`), counting its calls.
struct Dialer {
    to: Result<SocketAddr, String>,
    calls: AtomicUsize,
}

impl Dial for Dialer {
    fn dial(&self, _rule_id: i64) -> DialFuture {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let to = self.to.clone();
        Box::pin(async move {
            let s = TcpStream::connect(to?).await.map_err(|e| e.to_string())?;
            let (read, write) = s.into_split();
            Ok(Dialed {
                read: Box::pin(read),
                write: Box::pin(write),
                guard: Box::new(()),
            })
        })
    }
}

fn rule(id: i64, protocol: Protocol, listen: SocketAddr) -> RuleSpec {
    RuleSpec {
        id,
        protocol,
        listen,
        target: Target::Dial,
        enabled: true,
    }
}

fn free_port() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

#[tokio::test]
async fn dialed_connections_carry_bytes_both_ways_until_the_far_end_closes() {
    let f = Forwarder::new(Settings::default());
    let dialer = Arc::new(Dialer {
        to: Ok(greeter().await),
        calls: AtomicUsize::new(0),
    });
    f.set_dialer(dialer.clone());
    let listen = free_port();
    f.apply(rule(1, Protocol::Tcp, listen)).await;
    for _ in 0..3 {
        let mut c = TcpStream::connect(listen).await.unwrap();
        c.write_all(b"ping\n").await.unwrap();
        // Our EOF goes nowhere; the answer still comes, then the far end's.
        c.shutdown().await.unwrap();
        let mut back = Vec::new();
        tokio::time::timeout(Duration::from_secs(5), c.read_to_end(&mut back))
            .await
            .expect("the far end's close ends the connection")
            .unwrap();
        assert_eq!(back, b"hello\nping\n");
    }
    assert_eq!(
        dialer.calls.load(Ordering::SeqCst),
        3,
        "one dial a connection"
    );
    let mut st = f.status(1).await.unwrap();
    for _ in 0..50 {
        if st.active == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        st = f.status(1).await.unwrap();
    }
    assert_eq!((st.total, st.active), (3, 0), "{st:?}");
    assert_eq!((st.bytes_in, st.bytes_out), (15, 33), "{st:?}");
    assert_eq!(st.target, None, "a dialed rule has no address");
    f.shutdown().await;
}

#[tokio::test]
async fn a_failed_dial_closes_the_client_and_says_why() {
    let f = Forwarder::new(Settings::default());
    f.set_dialer(Arc::new(Dialer {
        to: Err("pod tq-x-1 is not running".into()),
        calls: AtomicUsize::new(0),
    }));
    let listen = free_port();
    f.apply(rule(2, Protocol::Tcp, listen)).await;
    let mut c = TcpStream::connect(listen).await.unwrap();
    let mut back = Vec::new();
    let n = tokio::time::timeout(Duration::from_secs(5), c.read_to_end(&mut back))
        .await
        .expect("closed at once")
        .unwrap_or(0);
    assert_eq!(n, 0);
    let st = f.status(2).await.unwrap();
    assert_eq!(
        st.last_error.as_deref(),
        Some("pod tq-x-1 is not running"),
        "{st:?}"
    );
    f.shutdown().await;
}

#[tokio::test]
async fn udp_cannot_be_dialed() {
    let f = Forwarder::new(Settings::default());
    let listen = std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    f.apply(rule(3, Protocol::Udp, listen)).await;
    let c = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
    c.send_to(b"x", listen).await.unwrap();
    let mut st = f.status(3).await.unwrap();
    for _ in 0..50 {
        if st.last_error.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        st = f.status(3).await.unwrap();
    }
    assert!(
        st.last_error
            .as_deref()
            .is_some_and(|e| e.contains("TCP only")),
        "{st:?}"
    );
    f.shutdown().await;
}
