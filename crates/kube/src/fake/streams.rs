//! A pod's log (tailed and followed) and exec over `v4.channel.k8s.io`.

use super::*;

/// The pod and its containers, or the API server's answer why not: 404 for
/// no such pod, 400 for a container it does not have (or none named when
/// it has several).
pub(super) fn pod_container(
    s: &Shared,
    ns: &str,
    pod: &str,
    container: Option<&str>,
) -> Result<Option<String>, Box<Response>> {
    let cluster = lock(&s.cluster);
    let Some(p) = cluster
        .objects
        .get(&("pods".to_owned(), ns.to_owned(), pod.to_owned()))
    else {
        return Err(Box::new(not_found("pods", pod)));
    };
    let names: Vec<String> = p["spec"]["containers"]
        .as_array()
        .map(|cs| {
            cs.iter()
                .filter_map(|c| c["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    match container {
        Some(c) if names.iter().any(|n| n == c) => Ok(Some(c.to_owned())),
        Some(c) => Err(Box::new(status(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            &format!("container {c} is not valid for pod {pod}"),
        ))),
        None if names.len() > 1 => Err(Box::new(status(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            &format!(
                "a container name must be specified for pod {pod}, choose one of: [{}]",
                names.join(" ")
            ),
        ))),
        None => Ok(None),
    }
}

pub(super) fn query_value<'a>(q: &'a [(String, String)], key: &str) -> Option<&'a str> {
    q.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

pub(super) async fn pod_log(
    State(s): State<Arc<Shared>>,
    Path((ns, pod)): Path<(String, String)>,
    Query(q): Query<Vec<(String, String)>>,
    uri: Uri,
    method: Method,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = admit_in(&s, &uri, &method, &headers, &ns) {
        return *r;
    }
    if let Err(r) = pod_container(&s, &ns, &pod, query_value(&q, "container")) {
        return *r;
    }
    let tail: usize = query_value(&q, "tailLines")
        .and_then(|t| t.parse().ok())
        .unwrap_or(usize::MAX);
    let follow = query_value(&q, "follow") == Some("true");
    let key = (ns.clone(), pod.clone());
    // Subscribed before the stored lines are read: no line falls between.
    let mut rx = s.log_tx.subscribe();
    let stored: Vec<String> = {
        let cluster = lock(&s.cluster);
        let all = cluster.logs.get(&key).cloned().unwrap_or_default();
        all[all.len().saturating_sub(tail)..].to_vec()
    };
    let head: String = stored.iter().map(|l| format!("{l}\n")).collect();
    if !follow {
        return head.into_response();
    }
    let (tx, mut out) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(64);
    if !head.is_empty() {
        let _ = tx.try_send(Ok(Bytes::from(head)));
    }
    // Forwards the pod's new lines until the client goes (a failed send),
    // the pod is deleted (`None`) or the server stops (the task is dropped
    // with the runtime's connection).
    let mut gone = s.gone.subscribe();
    tokio::spawn(async move {
        use tokio::sync::broadcast::error::RecvError;
        loop {
            let got = tokio::select! {
                got = rx.recv() => got,
                () = went_away(&mut gone) => {
                    let _ = tx.send(Err(std::io::Error::other("the API server went away"))).await;
                    break;
                }
            };
            match got {
                Ok((n, p, line)) if n == key.0 && p == key.1 => {
                    let Some(line) = line else { break };
                    if tx.send(Ok(Bytes::from(format!("{line}\n")))).await.is_err() {
                        break;
                    }
                }
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            }
        }
    });
    let stream = futures::stream::poll_fn(move |cx| out.poll_recv(cx));
    axum::body::Body::from_stream(stream).into_response()
}

/// Resolves once the server stops (or is dropped).
pub(super) async fn went_away(rx: &mut tokio::sync::watch::Receiver<bool>) {
    loop {
        let gone = *rx.borrow_and_update();
        if gone || rx.changed().await.is_err() {
            return;
        }
    }
}

/// The v4 channel numbers.
pub(super) const STDIN: u8 = 0;
pub(super) const STDOUT: u8 = 1;
pub(super) const STDERR: u8 = 2;
pub(super) const ERROR: u8 = 3;
pub(super) const RESIZE: u8 = 4;
/// v5.channel.k8s.io: `[CLOSE, n]` closes channel n (the client's end of stdin).
pub(super) const CLOSE: u8 = 255;

pub(super) async fn pod_exec(
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
    let container = match pod_container(&s, &ns, &pod, query_value(&q, "container")) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let command: Vec<String> = q
        .iter()
        .filter(|(k, _)| k == "command")
        .map(|(_, v)| v.clone())
        .collect();
    let index = {
        let mut execs = lock(&s.execs);
        execs.push(FakeExec {
            namespace: ns,
            pod: pod.clone(),
            container,
            command: command.clone(),
            resizes: Vec::new(),
            open: true,
        });
        execs.len() - 1
    };
    let tty = query_value(&q, "tty") == Some("true");
    let line = match command.as_slice() {
        [sh, c, line] if sh == "/bin/sh" && c == "-c" => line.clone(),
        other => other.join(" "),
    };
    // With a terminal: the login shell, or one command line (`ssh -t`).
    let tty_line = (tty && line != crate::SHELL[2]).then(|| line.clone());
    // v5 is v4 with a close of stdin (`[255, 0]`), which a command's end
    // of input needs: without it the client can only close the whole socket.
    ws.protocols(["v5.channel.k8s.io", "v4.channel.k8s.io"])
        .on_upgrade(move |socket| async move {
            if let Some(line) = tty_line {
                serve_tty_command(socket, s, index, pod, line).await
            } else if tty {
                serve_exec(socket, s, index, pod).await
            } else if line == crate::SHELL[2] {
                serve_piped_shell(socket, s, index, pod).await
            } else {
                serve_command(socket, s, index, pod, line).await
            }
        })
}

/// Sends `text` on channel `ch` (nothing when empty); false once the
/// client is gone.
async fn send_on(socket: &mut axum::extract::ws::WebSocket, ch: u8, text: &str) -> bool {
    if text.is_empty() {
        return true;
    }
    let mut v = vec![ch];
    v.extend_from_slice(text.as_bytes());
    socket
        .send(axum::extract::ws::Message::Binary(v.into()))
        .await
        .is_ok()
}

/// The (cols, rows) of a channel-4 message's JSON.
fn size_of(json: &[u8]) -> (u16, u16) {
    let v: Value = serde_json::from_slice(json).unwrap_or(Value::Null);
    let dim = |k: &str| u16::try_from(v[k].as_u64().unwrap_or(0)).unwrap_or(0);
    (dim("Width"), dim("Height"))
}

/// Exec `index` has ended.
fn mark_closed(s: &Shared, index: usize) {
    if let Some(e) = lock(&s.execs).get_mut(index) {
        e.open = false;
    }
}

/// A command without a terminal: its output on channels 1 and 2, then its
/// exit status on 3.
async fn serve_command(
    mut socket: axum::extract::ws::WebSocket,
    s: Arc<Shared>,
    index: usize,
    pod: String,
    line: String,
) {
    let (out, err, code) = FakeShell::new(&pod).run_command(&line);
    if send_on(&mut socket, STDOUT, &out).await && send_on(&mut socket, STDERR, &err).await {
        send_exit(&mut socket, code).await;
    }
    mark_closed(&s, index);
}

/// The login shell without a terminal: each line read from stdin is run
/// (its output on channels 1 and 2) until `exit N` or the end of stdin
/// (v5's close of channel 0, or the socket's), then the exit status on 3.
async fn serve_piped_shell(
    mut socket: axum::extract::ws::WebSocket,
    s: Arc<Shared>,
    index: usize,
    pod: String,
) {
    use axum::extract::ws::Message;
    let shell = FakeShell::new(&pod);
    let mut pending = String::new();
    let mut last = 0;
    'read: while let Some(Ok(msg)) = socket.recv().await {
        let Message::Binary(b) = msg else {
            if matches!(msg, Message::Close(_)) {
                break;
            }
            continue;
        };
        match (b.first(), b.get(1)) {
            (Some(&STDIN), _) => pending.push_str(&String::from_utf8_lossy(&b[1..])),
            (Some(&CLOSE), Some(&STDIN)) => {
                pending.push('\n');
                run_lines(&mut socket, &shell, &mut pending, &mut last).await;
                break;
            }
            _ => continue,
        }
        if run_lines(&mut socket, &shell, &mut pending, &mut last).await {
            break 'read;
        }
    }
    send_exit(&mut socket, last).await;
    mark_closed(&s, index);
}

/// Runs the whole lines of `pending` (the rest stays), sending their
/// output; `last` is the status of the last one run. True once one exits
/// (`last` is then its code) or the client went.
async fn run_lines(
    socket: &mut axum::extract::ws::WebSocket,
    shell: &FakeShell,
    pending: &mut String,
    last: &mut i32,
) -> bool {
    while let Some(nl) = pending.find('\n') {
        let line: String = pending.drain(..=nl).collect();
        if line.trim().is_empty() {
            continue;
        }
        if let Some(rest) = line.trim().strip_prefix("exit") {
            *last = rest.trim().parse().unwrap_or(*last);
            return true;
        }
        let (out, err, code) = shell.run_command(&line);
        *last = code;
        if !(send_on(socket, STDOUT, &out).await && send_on(socket, STDERR, &err).await) {
            return true;
        }
    }
    false
}

/// A command with a terminal: run once the terminal has its size (the
/// client's first resize, or after a second), its output as a terminal
/// shows it on channel 1, then its exit status on 3.
async fn serve_tty_command(
    mut socket: axum::extract::ws::WebSocket,
    s: Arc<Shared>,
    index: usize,
    pod: String,
    line: String,
) {
    use axum::extract::ws::Message;
    let mut shell = FakeShell::new(&pod);
    let sized = async {
        while let Some(Ok(msg)) = socket.recv().await {
            if let Message::Binary(b) = &msg {
                if b.first() == Some(&RESIZE) {
                    return Some(size_of(&b[1..]));
                }
            }
        }
        None
    };
    if let Ok(Some(size)) = tokio::time::timeout(std::time::Duration::from_secs(1), sized).await {
        shell.size = size;
        if let Some(e) = lock(&s.execs).get_mut(index) {
            e.resizes.push(size);
        }
    }
    let (shown, code) = shell.run_tty(&line);
    if send_on(&mut socket, STDOUT, &shown).await {
        send_exit(&mut socket, code).await;
    }
    mark_closed(&s, index);
}

/// The exit status on channel 3 (`Success`, or `NonZeroExitCode` with the
/// code in its causes), then the close.
async fn send_exit(socket: &mut axum::extract::ws::WebSocket, code: i32) {
    use axum::extract::ws::Message;
    let status = if code == 0 {
        json!({"metadata": {}, "status": "Success"})
    } else {
        json!({"metadata": {}, "status": "Failure",
               "message": format!("command terminated with non-zero exit code: exit status {code}"),
               "reason": "NonZeroExitCode",
               "details": {"causes": [{"reason": "ExitCode", "message": code.to_string()}]}})
    };
    let mut v = vec![ERROR];
    v.extend_from_slice(status.to_string().as_bytes());
    let _ = socket.send(Message::Binary(v.into())).await;
    let _ = socket.send(Message::Close(None)).await;
    // The close handshake: what the client still sends (the end of its
    // stdin) is read, not reset. kube-rs gives up the exit status when a
    // write of its fails before it has read the status.
    let drain = async {
        while let Some(Ok(m)) = socket.recv().await {
            if matches!(m, Message::Close(_)) {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(std::time::Duration::from_secs(1), drain).await;
}

pub(super) async fn serve_exec(
    mut socket: axum::extract::ws::WebSocket,
    s: Arc<Shared>,
    index: usize,
    pod: String,
) {
    use axum::extract::ws::Message;
    let out = |bytes: &[u8]| {
        let mut v = Vec::with_capacity(bytes.len() + 1);
        v.push(STDOUT);
        v.extend_from_slice(bytes);
        Message::Binary(v.into())
    };
    let mut shell = FakeShell::new(&pod);
    let mut exit = None;
    let mut gone = s.gone.subscribe();
    if socket.send(out(FakeShell::PROMPT.as_bytes())).await.is_ok() {
        loop {
            let msg = tokio::select! {
                m = socket.recv() => m,
                () = went_away(&mut gone) => None,
            };
            let Some(Ok(msg)) = msg else { break };
            let Message::Binary(b) = msg else {
                if matches!(msg, Message::Close(_)) {
                    break;
                }
                continue;
            };
            match b.first() {
                Some(&STDIN) => {
                    let (echo, ended) = shell.feed(&b[1..]);
                    if !echo.is_empty() && socket.send(out(echo.as_bytes())).await.is_err() {
                        break;
                    }
                    if ended.is_some() {
                        exit = ended;
                        break;
                    }
                }
                Some(&RESIZE) => {
                    shell.size = size_of(&b[1..]);
                    if let Some(e) = lock(&s.execs).get_mut(index) {
                        e.resizes.push(shell.size);
                    }
                }
                _ => {}
            }
        }
    }
    if let Some(code) = exit {
        send_exit(&mut socket, code).await;
    }
    mark_closed(&s, index);
}
