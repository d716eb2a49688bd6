//! An HTTP listener with graceful shutdown we control: on `stop` it accepts
//! no more connections and asks every open one to finish its requests; on
//! `kill` (the end of the grace period) the remaining connections are
//! closed. It returns once every connection task has ended.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower::ServiceExt;

/// How a listener treats its connections.
#[derive(Debug, Clone, Copy)]
pub struct HttpOptions {
    /// A client must send a request's whole header within this (slow clients
    /// cannot hold connections open); it also ends idle keep-alive connections.
    pub header_read_timeout: Duration,
}

pub(super) async fn serve(
    name: String,
    listener: TcpListener,
    app: Router,
    options: HttpOptions,
    stop: CancellationToken,
    kill: CancellationToken,
) {
    let connections = TaskTracker::new();
    loop {
        let (stream, peer) = tokio::select! {
            () = stop.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment
                    // rather than spin; the listener stays open.
                    tracing::warn!(listener = %name, error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let app = app.clone();
        let (stop, kill) = (stop.clone(), kill.clone());
        connections.spawn(connection(stream, peer, app, options, stop, kill));
    }
    drop(listener);
    connections.close();
    connections.wait().await;
    tracing::debug!(listener = %name, "stopped");
}

async fn connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    app: Router,
    options: HttpOptions,
    stop: CancellationToken,
    kill: CancellationToken,
) {
    // Handlers read the peer address as `ConnectInfo`, as with axum::serve.
    let service = app.map_request(move |req: hyper::Request<Incoming>| {
        let mut req = req.map(Body::new);
        req.extensions_mut().insert(ConnectInfo(peer));
        req
    });
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(options.header_read_timeout);
    // CONNECT protocol, for WebSockets over HTTP/2.
    builder.http2().enable_connect_protocol();
    let conn = builder
        .serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service));
    tokio::pin!(conn);
    tokio::select! {
        result = conn.as_mut() => {
            if let Err(e) = result {
                tracing::trace!(error = %e, "connection ended with an error");
            }
            return;
        }
        () = stop.cancelled() => conn.as_mut().graceful_shutdown(),
    }
    tokio::select! {
        result = conn.as_mut() => {
            if let Err(e) = result {
                tracing::trace!(error = %e, "connection ended with an error");
            }
        }
        () = kill.cancelled() => {
            tracing::debug!(%peer, "closing a connection still busy at the end of the grace period");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use axum::routing::get;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    async fn started() -> (
        SocketAddr,
        CancellationToken,
        CancellationToken,
        tokio::task::JoinHandle<()>,
    ) {
        let app =
            Router::new()
                .route("/quick", get(|| async { "ok" }))
                .route(
                    "/slow",
                    get(|| async {
                        tokio::time::sleep(Duration::from_millis(300)).await;
                        "slow ok"
                    }),
                )
                .route(
                    "/stuck",
                    get(|| async {
                        tokio::time::sleep(Duration::from_secs(3600)).await;
                        "never"
                    }),
                )
                .route(
                    "/peer",
                    get(|ConnectInfo(peer): ConnectInfo<SocketAddr>| async move {
                        peer.ip().to_string()
                    }),
                );
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, kill) = (CancellationToken::new(), CancellationToken::new());
        let options = HttpOptions {
            header_read_timeout: Duration::from_millis(500),
        };
        let task = tokio::spawn(serve(
            "test".into(),
            listener,
            app,
            options,
            stop.clone(),
            kill.clone(),
        ));
        (addr, stop, kill, task)
    }

    async fn get_text(addr: SocketAddr, path: &str) -> std::io::Result<String> {
        let mut s = tokio::net::TcpStream::connect(addr).await?;
        s.write_all(
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await?;
        let mut out = String::new();
        s.read_to_string(&mut out).await?;
        Ok(out)
    }

    /// A client that sends half a header and then nothing is cut off after
    /// the header timeout instead of holding the connection.
    #[tokio::test]
    async fn slow_headers_are_cut_off() {
        let (addr, stop, _kill, task) = started().await;
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET /quick HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        let t = Instant::now();
        let mut buf = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut buf)).await;
        assert!(read.is_ok(), "the server closed the connection");
        assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
        // A complete request on a fresh connection still works.
        assert!(get_text(addr, "/quick").await.unwrap().ends_with("ok"));
        stop.cancel();
        task.await.unwrap();
    }

    #[tokio::test]
    async fn serves_with_the_peer_address() {
        let (addr, stop, _kill, task) = started().await;
        let body = get_text(addr, "/peer").await.unwrap();
        assert!(body.ends_with("127.0.0.1"), "{body}");
        stop.cancel();
        task.await.unwrap();
    }

    /// Stop: no new connections, a request in flight still gets its answer,
    /// and the listener ends once it has.
    #[tokio::test]
    async fn stop_lets_in_flight_requests_finish() {
        let (addr, stop, _kill, task) = started().await;
        let slow = tokio::spawn(get_text(addr, "/slow"));
        tokio::time::sleep(Duration::from_millis(50)).await;
        stop.cancel();
        let body = slow.await.unwrap().unwrap();
        assert!(
            body.contains("200 OK") && body.ends_with("slow ok"),
            "{body}"
        );
        tokio::time::timeout(Duration::from_secs(5), task)
            .await
            .expect("listener ends after its last request")
            .unwrap();
        assert!(
            get_text(addr, "/quick").await.is_err(),
            "no longer accepting"
        );
    }

    /// Kill (the end of the grace period) closes a connection whose request
    /// never finishes, and the listener ends instead of waiting for it.
    #[tokio::test]
    async fn kill_closes_what_is_still_open() {
        let (addr, stop, kill, task) = started().await;
        let stuck = tokio::spawn(get_text(addr, "/stuck"));
        tokio::time::sleep(Duration::from_millis(50)).await;
        stop.cancel();
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(
            !task.is_finished(),
            "waits for the stuck request until killed"
        );
        let t = Instant::now();
        kill.cancel();
        tokio::time::timeout(Duration::from_secs(5), task)
            .await
            .expect("listener ends once killed")
            .unwrap();
        assert!(t.elapsed() < Duration::from_secs(2));
        let answer = stuck.await.unwrap();
        assert!(
            answer.as_ref().map_or(true, |b| !b.contains("never")),
            "the stuck request got no answer: {answer:?}"
        );
    }
}
