//! A task's log followed live over WebSocket: the lines of a running task
//! arrive while it still runs, with their level; another user's task and a
//! forged token are refused before the upgrade; signing out ends the socket;
//! the Mini PM2 `/ws/logs` streams the same lines in its shape.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::harness::{Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;
use crate::ws::{frame_after, next_json, Ws};

async fn open(url: String, protocols: Option<String>, bearer: Option<&str>) -> Result<Ws, u16> {
    let mut req = url.into_client_request().unwrap();
    if let Some(p) = protocols {
        req.headers_mut()
            .insert("sec-websocket-protocol", p.parse().unwrap());
    }
    if let Some(b) = bearer {
        req.headers_mut()
            .insert("authorization", format!("Bearer {b}").parse().unwrap());
    }
    match tokio_tungstenite::connect_async(req).await {
        Ok((ws, _)) => Ok(ws),
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => Err(resp.status().as_u16()),
        Err(e) => panic!("websocket error: {e}"),
    }
}

async fn follow(s: &TestServer, id: &str, token: &str) -> Result<Ws, u16> {
    let url = format!("{}/api/v1/tasks/{id}/logs/ws", s.base.replace("http", "ws"));
    open(
        url,
        Some(format!("tianqi.logs, tianqi.token.{token}")),
        None,
    )
    .await
}

/// The next frame whose text contains `needle`.
async fn frame_with(ws: &mut Ws, needle: &str) -> Value {
    loop {
        let f = next_json(ws)
            .await
            .unwrap_or_else(|| panic!("{needle} never came"));
        let text = f["text"]
            .as_str()
            .or(f["message"].as_str())
            .unwrap_or_default();
        if text.contains(needle) {
            return f;
        }
    }
}

async fn live_log_lines(site: &Site) {
    let mut config = site.config();
    config.tasks.compat.token = "pm2-secret".into();
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let admin = s.login_ok("admin", ADMIN_PASSWORD).await;
    let (st, t) = s
        .post(
            "/api/v1/tasks",
            &admin,
            json!({"id": "live", "shell": true,
                   "command": "echo INFO first; sleep 2; echo ERROR second >&2; sleep 1"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{t}");
    let (_, user) = s.user("ulla", "user").await;
    assert_eq!(follow(&s, "live", &user).await.err(), Some(404), "not hers");
    assert_eq!(follow(&s, "nope", &admin).await.err(), Some(404));
    assert_eq!(follow(&s, "live", "tqs_forged").await.err(), Some(401));

    let mut ws = follow(&s, "live", &admin).await.expect("the owner follows");
    let pm2_url = format!("{}/compat/pm2/ws/logs", s.base.replace("http", "ws"));
    assert_eq!(
        open(pm2_url.clone(), None, None).await.err(),
        Some(403),
        "no token"
    );
    let mut pm2 = open(pm2_url, None, Some("pm2-secret"))
        .await
        .expect("compat");

    let (st, _) = s.post("/api/v1/tasks/live/run", &admin, json!({})).await;
    assert_eq!(st, StatusCode::ACCEPTED);
    let first = frame_with(&mut ws, "[stdout] INFO first").await;
    // the line came while the task still runs (it sleeps 3 s after it)
    let (_, t) = s.get("/api/v1/tasks/live", &admin).await;
    assert_eq!(t["status"], "RUNNING", "{t}");
    assert_eq!(first["type"], "line");
    assert_eq!(first["task_id"], "live");
    assert_eq!(first["level"], "INFO");
    assert!(
        first["text"]
            .as_str()
            .unwrap()
            .contains("[stdout] INFO first"),
        "{first}"
    );
    let second = frame_with(&mut ws, "[stderr] ERROR second").await;
    assert_eq!(second["level"], "ERROR");
    assert!(
        second["text"].as_str().unwrap().contains("[stderr]"),
        "{second}"
    );
    assert_eq!(second["run_id"], first["run_id"]);

    let p = frame_with(&mut pm2, "[stdout] INFO first").await;
    assert_eq!(
        (p["type"].as_str(), p["task_id"].as_str()),
        (Some("log"), Some("live"))
    );
    assert_eq!(p["level"], "INFO");

    // signing out ends the follower at once
    let (st, _) = s
        .call(Method::POST, "/api/v1/auth/logout", Some(&admin), None)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let end = frame_after(&mut ws, "line").await;
    assert_eq!(end, json!({"type": "end", "reason": "access ended"}));
    drop(pm2);
    s.stop().await;
}

on_both!(live_log_lines);
