//! WebSocket helpers shared by the stream tests (system monitor, task logs).

use std::time::Duration;

use futures::StreamExt;
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;

pub type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

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
