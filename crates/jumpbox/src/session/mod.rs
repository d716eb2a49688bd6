//! One session channel: it waits for the client's requests (pty, env, then
//! shell, exec or subsystem), then shows the menu or goes to the instance the
//! login named, and bridges the channel to a Docker exec (or, on a
//! Kubernetes node, a shell in the instance's Pod: `pod.rs`).
//!
//! The channel is split: its read half feeds the process's stdin (and
//! resizes), its write half carries the output, each in its own future, so a
//! client that does not read its output never stops its input from being
//! taken (which would stall russh's whole connection loop), and a slow
//! client only slows its own process (SSH flow control, then Docker's pipe).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use russh::server::Msg;
use russh::{Channel, ChannelMsg, ChannelReadHalf, ChannelWriteHalf};
use tianqi_core::jumpbox::{parse_choice, render_menu, LineEditor, LineEvent, MenuChoice};
use tianqi_core::policy::Principal;
use tianqi_docker::exec::{Chunk, ExecSpec};
use tianqi_service::instances::{ExecSession, SshProcess};
use tianqi_service::jumpbox::RecordingStart;
use tokio::io::AsyncWriteExt;

use crate::Shared;

mod pod;

type Writer = ChannelWriteHalf<Msg>;

pub(crate) struct SessionCtx {
    pub shared: Arc<Shared>,
    pub principal: Principal,
    pub target: Option<String>,
    pub peer: SocketAddr,
    pub listed: Arc<tianqi_service::jumpbox::JumpboxConnection>,
}

#[derive(Debug, Clone)]
struct Pty {
    term: String,
    cols: u16,
    rows: u16,
}

enum Request {
    Shell,
    Exec(String),
    Subsystem(String),
}

/// The sftp subsystem: the image's own sftp-server where the usual packages
/// put it, or a clear sentence (and 127) when it has none. Fixed text: no
/// user input reaches it.
const SFTP_SERVER: &str = "for p in /usr/lib/openssh/sftp-server /usr/libexec/openssh/sftp-server \
/usr/lib/ssh/sftp-server /usr/libexec/sftp-server /usr/lib/sftp-server; do [ -x \"$p\" ] && exec \"$p\"; done; \
echo 'this instance has no sftp-server (install openssh-sftp-server in the image), use scp -O instead' >&2; exit 127";

/// Environment a client may set in the instance (what sshd's default
/// `AcceptEnv LANG LC_*` lets through).
fn accepted_env(name: &str) -> bool {
    name == "LANG" || name.starts_with("LC_")
}

/// The TERM a terminal session runs with (and its recording names).
fn term_of(p: &Pty) -> &str {
    if p.term.is_empty() {
        "xterm"
    } else {
        &p.term
    }
}

fn size(v: u32, lo: u16, hi: u16) -> u16 {
    u16::try_from(v).unwrap_or(hi).clamp(lo, hi)
}

/// A client's new window size, kept as the session's pty size (clamped as
/// at the start); answers it.
fn window_change(pty: &mut Option<Pty>, col_width: u32, row_height: u32) -> (u16, u16) {
    let (c, r) = (size(col_width, 10, 1000), size(row_height, 5, 500));
    if let Some(p) = pty.as_mut() {
        p.cols = c;
        p.rows = r;
    }
    (c, r)
}

pub(crate) async fn run(channel: Channel<Msg>, ctx: SessionCtx) {
    let (mut rd, wr) = channel.split();
    let mut pty: Option<Pty> = None;
    let mut env: Vec<String> = Vec::new();
    let request = loop {
        match rd.wait().await {
            Some(ChannelMsg::RequestPty {
                term,
                col_width,
                row_height,
                ..
            }) => {
                pty = Some(Pty {
                    term,
                    cols: size(col_width, 10, 1000),
                    rows: size(row_height, 5, 500),
                });
            }
            Some(ChannelMsg::WindowChange {
                col_width,
                row_height,
                ..
            }) => {
                if let Some(p) = &mut pty {
                    p.cols = size(col_width, 10, 1000);
                    p.rows = size(row_height, 5, 500);
                }
            }
            Some(ChannelMsg::SetEnv {
                variable_name,
                variable_value,
                ..
            }) => {
                if accepted_env(&variable_name) && env.len() < 32 {
                    env.push(format!("{variable_name}={variable_value}"));
                }
            }
            Some(ChannelMsg::RequestShell { .. }) => break Request::Shell,
            Some(ChannelMsg::Exec { command, .. }) => {
                break Request::Exec(String::from_utf8_lossy(&command).into_owned())
            }
            Some(ChannelMsg::RequestSubsystem { name, .. }) => break Request::Subsystem(name),
            Some(_) => {}
            None => return,
        }
    };
    let mut s = Channel2 {
        ctx,
        rd,
        wr,
        pty,
        env,
    };
    let code = s.serve(request).await;
    if let Some(code) = code {
        let _ = s.wr.exit_status(code).await;
        let _ = s.wr.eof().await;
        let _ = s.wr.close().await;
    }
}

/// Why a bridge ended.
enum Ended {
    /// The process exited with this status.
    Exited(u32),
    /// The client closed the channel (or the connection went).
    Closed,
}

struct Channel2 {
    ctx: SessionCtx,
    rd: ChannelReadHalf,
    wr: Writer,
    pty: Option<Pty>,
    env: Vec<String>,
}

impl Channel2 {
    fn nl(&self) -> &'static str {
        if self.pty.is_some() {
            "\r\n"
        } else {
            "\n"
        }
    }

    /// Tells the user something: on the terminal when there is one, else on
    /// stderr (so it never mixes with a command's output).
    async fn say(&self, text: &str) {
        let nl = self.nl();
        let text = format!("{}{nl}", text.replace('\n', nl));
        if self.pty.is_some() {
            let _ = self.wr.data_bytes(text.into_bytes()).await;
        } else {
            let _ = self.wr.extended_data_bytes(1, text.into_bytes()).await;
        }
    }

    /// Serves the request; answers the exit status to send (none when the
    /// client already went away).
    async fn serve(&mut self, request: Request) -> Option<u32> {
        if self.ctx.principal.must_change_password {
            self.say(
                "请先在网页控制台修改初始密码。Choose a new password in the web console first.",
            )
            .await;
            return Some(1);
        }
        let target = self.ctx.target.clone();
        match (request, target) {
            (Request::Subsystem(name), Some(t)) if name == "sftp" => {
                let Some(id) = self.resolve(&t).await else {
                    return Some(1);
                };
                match self.bridge(id, Some(SFTP_SERVER.to_owned())).await {
                    Ended::Exited(c) => Some(c),
                    Ended::Closed => None,
                }
            }
            (Request::Subsystem(name), _) => {
                self.say(&format!(
                    "子系统 {name} 需要指定实例（{user}+实例名），且仅支持 sftp。The '{name}' subsystem needs an instance in the login ({user}+NAME); only sftp is served.",
                    user = self.ctx.principal.username
                ))
                .await;
                Some(1)
            }
            (Request::Exec(_), None) => {
                let user = self.ctx.principal.username.clone();
                self.say(&format!(
                    "执行命令需要指定实例：ssh {user}+实例名@主机 '命令'。Name an instance to run a command: ssh -p PORT {user}+NAME@HOST 'command'."
                ))
                .await;
                Some(2)
            }
            (Request::Exec(command), Some(t)) => {
                let Some(id) = self.resolve(&t).await else {
                    return Some(1);
                };
                match self.bridge(id, Some(command)).await {
                    Ended::Exited(c) => Some(c),
                    Ended::Closed => None,
                }
            }
            (Request::Shell, Some(t)) => {
                let Some(id) = self.resolve(&t).await else {
                    return Some(1);
                };
                match self.bridge(id, None).await {
                    Ended::Exited(c) => Some(c),
                    Ended::Closed => None,
                }
            }
            (Request::Shell, None) => self.menu().await,
        }
    }

    /// The instance a `+NAME` login names; `None` once the user was told why
    /// it cannot be used (another user's instance reads as absent).
    async fn resolve(&mut self, target: &str) -> Option<i64> {
        let services = &self.ctx.shared.services;
        match services
            .instances
            .jump_target(&self.ctx.principal, target)
            .await
        {
            Ok(id) => Some(id),
            Err(e) => {
                self.say(&format!("无法连接实例 {target}：{e}")).await;
                None
            }
        }
    }

    /// The numbered menu until the user quits or leaves; after a shell
    /// exits, the menu comes back.
    async fn menu(&mut self) -> Option<u32> {
        loop {
            let entries = match self
                .ctx
                .shared
                .services
                .instances
                .jump_menu(&self.ctx.principal)
                .await
            {
                Ok(e) => e,
                Err(e) => {
                    self.say(&format!("无法列出实例：{e}")).await;
                    return Some(1);
                }
            };
            if entries.is_empty() {
                self.say("你没有运行中的实例，请先在网页控制台创建或启动一个。You have no running instance: create or start one in the web console first.")
                    .await;
                return Some(1);
            }
            let mut text = render_menu(&entries);
            if self.pty.is_none() {
                text = text.replace("\r\n", "\n");
            }
            if self.wr.data_bytes(text.into_bytes()).await.is_err() {
                return None;
            }
            let line = match self.read_line().await {
                Some(LineEvent::Line(l)) => l,
                Some(LineEvent::Interrupt) => return Some(0),
                None => return None,
            };
            match parse_choice(&line, entries.len()) {
                MenuChoice::Quit => {
                    self.say("再见。Bye.").await;
                    return Some(0);
                }
                MenuChoice::Again => {}
                MenuChoice::Connect(i) => {
                    let Some(e) = entries.get(i) else { continue };
                    let note = format!("正在连接 {} … Connecting to {} …", e.name, e.name);
                    self.say(&note).await;
                    if let Ended::Closed = self.bridge(e.instance_id, None).await {
                        return None;
                    }
                }
            }
        }
    }

    /// Reads one line at the menu prompt, echoing it on a terminal. `None`
    /// when the client closed the channel or sent EOF.
    async fn read_line(&mut self) -> Option<LineEvent> {
        let mut editor = LineEditor::default();
        loop {
            match self.rd.wait().await? {
                ChannelMsg::Data { data } => {
                    let (echo, events) = editor.feed(&data);
                    if self.pty.is_some() && !echo.is_empty() {
                        let _ = self.wr.data_bytes(echo).await;
                    }
                    if let Some(ev) = events.into_iter().next() {
                        return Some(ev);
                    }
                }
                ChannelMsg::WindowChange {
                    col_width,
                    row_height,
                    ..
                } => {
                    if let Some(p) = &mut self.pty {
                        p.cols = size(col_width, 10, 1000);
                        p.rows = size(row_height, 5, 500);
                    }
                }
                ChannelMsg::Eof | ChannelMsg::Close => return None,
                _ => {}
            }
        }
    }

    /// Runs a shell (or `command`) in instance `id` and carries bytes both
    /// ways until it exits or the client leaves. One audit entry per bridge.
    async fn bridge(&mut self, id: i64, command: Option<String>) -> Ended {
        let mut env = self.env.clone();
        if let Some(p) = &self.pty {
            env.push(format!("TERM={}", term_of(p)));
        }
        let spec = ExecSpec {
            command: command.clone(),
            tty: self.pty.as_ref().map(|p| (p.cols, p.rows)),
            env,
            argv: Vec::new(),
        };
        let services = self.ctx.shared.services.clone();
        let started = services.ctx.clock.now();
        let opened = services
            .instances
            .open_ssh(&self.ctx.principal, id, spec)
            .await;
        let session = match opened {
            Ok(SshProcess::Docker(s)) => s,
            Ok(SshProcess::Pod(shell)) => {
                return self.bridge_pod(id, shell, started, command.is_some()).await
            }
            Ok(SshProcess::PodCommand(cmd)) => {
                return self
                    .bridge_pod_command(id, cmd, started, command.is_some())
                    .await
            }
            Err(e) => {
                self.say(&format!("无法连接实例：{e}")).await;
                return Ended::Exited(1);
            }
        };
        let ExecSession {
            docker,
            container_id,
            exec,
        } = session;
        let recorder = self.start_session(id).await;
        let nonce = exec.nonce().to_owned();
        let exec_id = exec.exec_id.clone();
        let tianqi_docker::exec::Exec {
            mut output,
            mut input,
            ..
        } = exec;
        let mut bytes_in: u64 = 0;
        let mut bytes_out: u64 = 0;
        let tty = self.pty.is_some();

        let rd = &mut self.rd;
        let wr = &self.wr;
        // Counted per chunk, so the admins' list shows a running session's
        // bytes grow (two relaxed atomic adds per chunk).
        let listed = &self.ctx.listed;
        let pty = &mut self.pty;
        // Client → process. Ends only when the client closes the channel;
        // EOF closes the process's stdin.
        let from_client = async {
            let mut stdin_open = true;
            while let Some(msg) = rd.wait().await {
                match msg {
                    ChannelMsg::Data { data } => {
                        bytes_in += data.len() as u64;
                        listed.count(data.len() as u64, 0);
                        if stdin_open && input.write_all(&data).await.is_err() {
                            stdin_open = false;
                        }
                    }
                    // With a TTY, EOF is ignored as sshd does: stdin and
                    // output share the terminal, and the shell ends with
                    // `exit` or Ctrl-D, not with the client's EOF.
                    ChannelMsg::Eof if stdin_open && !tty => {
                        let _ = input.shutdown().await;
                        stdin_open = false;
                    }
                    ChannelMsg::WindowChange {
                        col_width,
                        row_height,
                        ..
                    } => {
                        let (c, r) = window_change(pty, col_width, row_height);
                        if tty {
                            let _ = tianqi_docker::terminal::resize(&docker, &exec_id, c, r).await;
                        }
                        if let Some(rec) = &recorder {
                            rec.resize(c, r);
                        }
                    }
                    ChannelMsg::Close => break,
                    _ => {}
                }
            }
        };
        // Process → client, until the process's output ends.
        let to_client = async {
            while let Some(item) = output.next().await {
                let sent = match item {
                    Ok(Chunk::Out(b)) => {
                        bytes_out += b.len() as u64;
                        listed.count(0, b.len() as u64);
                        if let Some(rec) = &recorder {
                            rec.output(&b);
                        }
                        wr.data_bytes(b).await
                    }
                    Ok(Chunk::Err(b)) => {
                        bytes_out += b.len() as u64;
                        listed.count(0, b.len() as u64);
                        if let Some(rec) = &recorder {
                            rec.output(&b);
                        }
                        wr.extended_data_bytes(1, b).await
                    }
                    Err(_) => break,
                };
                if sent.is_err() {
                    break;
                }
            }
        };
        let ended = tokio::select! {
            () = from_client => None,
            () = to_client => Some(()),
        };
        let ended = match ended {
            Some(()) => Ended::Exited(exit_code(&docker, &exec_id).await),
            None => {
                // The client left: the process goes too (Docker would keep it).
                if let Err(e) = tianqi_docker::terminal::close(&docker, &container_id, &nonce).await
                {
                    tracing::warn!(error = %e, "could not end an SSH session's process");
                }
                Ended::Closed
            }
        };
        // The recording ends with the bridge (its writer finishes the file).
        drop(recorder);
        self.ctx.listed.set_instance(None);
        self.record(id, started, bytes_in, bytes_out, command.is_some(), &ended)
            .await;
        ended
    }

    /// Marks the connection as in instance `id` and starts its recording:
    /// terminal sessions are recorded (when `jumpbox.record`); commands and
    /// transfers without a pty are not (their bytes are data, not a screen
    /// to replay).
    async fn start_session(&self, id: i64) -> Option<tianqi_service::jumpbox::Recorder> {
        let services = &self.ctx.shared.services;
        let name = services
            .instances
            .get(&self.ctx.principal, id)
            .await
            .map(|i| i.name)
            .unwrap_or_default();
        let recorder = match &self.pty {
            Some(p) => {
                let start = RecordingStart {
                    instance_id: id,
                    instance_name: &name,
                    source_ip: &self.ctx.peer.ip().to_string(),
                    cols: p.cols,
                    rows: p.rows,
                    term: term_of(p),
                };
                services
                    .jumpbox
                    .start_recording(&self.ctx.principal, start)
                    .await
            }
            None => None,
        };
        self.ctx.listed.set_instance(Some((id, name)));
        recorder
    }

    /// The audit entry of one session in an instance: who, which, from where,
    /// start, end, bytes each way and how it ended (never the command line,
    /// which may hold secrets).
    async fn record(
        &self,
        id: i64,
        started: chrono::DateTime<chrono::Utc>,
        bytes_in: u64,
        bytes_out: u64,
        exec: bool,
        ended: &Ended,
    ) {
        let services = &self.ctx.shared.services;
        let now = services.ctx.clock.now();
        let detail = serde_json::json!({
            "kind": if exec { "exec" } else { "shell" },
            "started_at": started,
            "ended_at": now,
            "bytes_in": bytes_in,
            "bytes_out": bytes_out,
            "ended_by": match ended { Ended::Exited(_) => "process exited", Ended::Closed => "client" },
            "exit_status": match ended { Ended::Exited(c) => Some(*c), Ended::Closed => None },
        });
        let entry = tianqi_store::NewAudit {
            at: now,
            actor_id: Some(self.ctx.principal.user_id),
            actor: Some(self.ctx.principal.username.clone()),
            method: "SSH".into(),
            route: "jumpbox:session".into(),
            resource_id: Some(id.to_string()),
            source_ip: self.ctx.peer.ip().to_string(),
            status: 200,
            detail: detail.to_string(),
        };
        if let Err(e) = services.audit.record(entry).await {
            tracing::error!(error = %e, "could not write an SSH session's audit entry");
        }
    }
}

/// The exit code once Docker has it (it may lag the end of the output by a
/// moment); 255 like ssh when it cannot be known.
async fn exit_code(docker: &bollard::Docker, exec_id: &str) -> u32 {
    for _ in 0..40 {
        match tianqi_docker::exec::exit_code(docker, exec_id).await {
            Ok(Some(c)) => return u32::try_from(c).unwrap_or(255),
            Ok(None) => tokio::time::sleep(Duration::from_millis(25)).await,
            Err(_) => break,
        }
    }
    255
}
