//! A pod's portforward (`…/pods/{name}/portforward?ports=N`), upgraded to
//! a WebSocket speaking the cluster's portforward protocol: for the port,
//! channel 0 carries data and channel 1 errors, each first sending the port
//! number (two bytes, little-endian). The fake's "pod network" is this
//! machine's loopback: the bytes go to 127.0.0.1:N, so a test can put a
//! real server behind a pod. One that refuses is said on channel 1.

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::streams::{query_value, went_away};
use super::*;

pub(super) async fn pod_portforward(
    State(s): State<Arc<Shared>>,
    Path((ns, pod)): Path<(String, String)>,
    Query(q): Query<Vec<(String, String)>>,
    uri: Uri,
    method: Method,
    headers: HeaderMap,
    ws: axum::extract::ws::WebSocketUpgrade,
) -> Response {
    if let Err(r) = admit_in(&s, &uri, &method, &headers, &ns) {
        return *r;
    }
    if !lock(&s.cluster)
        .objects
        .contains_key(&("pods".to_owned(), ns.clone(), pod.clone()))
    {
        return not_found("pods", &pod);
    }
    let Some(port) = query_value(&q, "ports").and_then(|p| p.parse::<u16>().ok()) else {
        return status(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "the fake forwards one port per connection (ports=N)",
        );
    };
    lock(&s.forwards).push((ns, pod, port));
    ws.protocols(["v4.channel.k8s.io", "portforward.k8s.io"])
        .on_upgrade(move |socket| serve_forward(socket, s, port))
}

async fn serve_forward(mut socket: axum::extract::ws::WebSocket, s: Arc<Shared>, port: u16) {
    use axum::extract::ws::Message;
    let frame = |ch: u8, bytes: &[u8]| {
        let mut v = Vec::with_capacity(bytes.len() + 1);
        v.push(ch);
        v.extend_from_slice(bytes);
        Message::Binary(v.into())
    };
    for ch in [0, 1] {
        if socket.send(frame(ch, &port.to_le_bytes())).await.is_err() {
            return;
        }
    }
    let mut target = match tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
        Ok(t) => t,
        Err(e) => {
            let text = format!("error forwarding port {port} to pod: {e}");
            let _ = socket.send(frame(1, text.as_bytes())).await;
            let _ = socket.send(Message::Close(None)).await;
            return;
        }
    };
    let mut gone = s.gone.subscribe();
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        tokio::select! {
            m = socket.recv() => match m {
                Some(Ok(Message::Binary(b))) if b.first() == Some(&0) => {
                    if target.write_all(&b[1..]).await.is_err() {
                        break;
                    }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
            n = target.read(&mut buf) => match n {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if socket.send(frame(0, &buf[..n])).await.is_err() {
                        break;
                    }
                }
            },
            () = went_away(&mut gone) => break,
        }
    }
    let _ = socket.send(Message::Close(None)).await;
}
