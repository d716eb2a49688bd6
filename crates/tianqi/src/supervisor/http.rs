//! An HTTP listener with graceful shutdown we control: on `stop` it accepts
//! no more connections and asks every open one to finish its requests; on
//! `kill` (the end of the grace period) the remaining connections are
//! closed. It returns once every connection task has ended.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower::ServiceExt;

pub(super) async fn serve(
    name: String,
    listener: TcpListener,
    app: Router,
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
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let app = app.clone();
        let (stop, kill) = (stop.clone(), kill.clone());
        connections.spawn(connection(stream, peer, app, stop, kill));
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
