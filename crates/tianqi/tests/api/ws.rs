//! WebSocket helpers shared by the stream tests (terminal, system monitor,
//! task logs).

use std::time::Duration;

use futures::StreamExt;
use serde_json::Value;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

use crate::harness::TestServer;

pub type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens `path` (with its query) as the console does: the token as a second
/// subprotocol after `protocol`, never in the URL, and `origin` when given.
/// The server must answer with `protocol`; a refused upgrade answers its
/// HTTP status.
pub async fn connect(
    s: &TestServer,
    path: &str,
    protocol: &str,
    token: &str,
    origin: Option<&str>,
) -> Result<Ws, u16> {
    let url = format!("{}{path}", s.base.replace("http", "ws"));
    let mut req = url.into_client_request().unwrap();
    req.headers_mut().insert(
        "sec-websocket-protocol",
        format!("{protocol}, tianqi.token.{token}").parse().unwrap(),
    );
    if let Some(o) = origin {
        req.headers_mut().insert("origin", o.parse().unwrap());
    }
    match tokio_tungstenite::connect_async(req).await {
        Ok((ws, resp)) => {
            assert_eq!(resp.headers()["sec-websocket-protocol"], protocol);
            Ok(ws)
        }
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => Err(resp.status().as_u16()),
        Err(e) => panic!("websocket error: {e}"),
    }
}

/// The next text frame as JSON; None once the socket closed (or 20 s passed).
pub async fn next_json(ws: &mut Ws) -> Option<Value> {
    loop {
        match tokio::time::timeout(Duration::from_secs(20), ws.next()).await {
            Ok(Some(Ok(Message::Text(t)))) => return Some(serde_json::from_str(&t).unwrap()),
            Ok(Some(Ok(Message::Close(_)))) | Ok(None) | Err(_) => return None,
            Ok(Some(Ok(_))) => {}
            Ok(Some(Err(e))) => panic!("websocket: {e}"),
        }
    }
}

/// Reads frames until one is not of `kind` (the socket's end frame) and answers it.
pub async fn frame_after(ws: &mut Ws, kind: &str) -> Value {
    loop {
        let f = next_json(ws)
            .await
            .expect("a frame before the socket closed");
        if f["type"] != kind {
            return f;
        }
    }
}
