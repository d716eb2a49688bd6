//! The SSH jump host with Debian's OpenSSH client (and sshpass) against real
//! containers on the private dockerd. Here: the shared helpers (ssh, a real
//! terminal in tmux, keys), the admins' session list and a host key that
//! survives restarts; the menu, transfers, bursts and keys in their files.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::docker_env::{docker, docker_host};
use crate::fixtures::catalog;
use crate::harness::{Site, TestServer};
use crate::on_both;

mod bursts;
mod keys;
mod kube;
mod menu;
mod recordings;
mod transfer;

fn ssh_args(port: u16) -> Vec<String> {
    [
        "-p",
        &port.to_string(),
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "LogLevel=ERROR",
        "-o",
        "PreferredAuthentications=password",
        "-o",
        "PubkeyAuthentication=no",
        "-o",
        "NumberOfPasswordPrompts=1",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()
}

/// `sshpass -p PASSWORD ssh … LOGIN@127.0.0.1 ARGS…`, stdin from `input`.
async fn ssh(
    port: u16,
    login: &str,
    password: &str,
    args: &[&str],
    input: Option<&Path>,
) -> Output {
    let mut cmd = tokio::process::Command::new("sshpass");
    cmd.arg("-p").arg(password).arg("ssh").args(ssh_args(port));
    cmd.arg(format!("{login}@127.0.0.1")).args(args);
    cmd.stdin(match input {
        Some(p) => std::fs::File::open(p).unwrap().into(),
        None => std::process::Stdio::null(),
    });
    tokio::time::timeout(Duration::from_secs(120), cmd.output())
        .await
        .expect("ssh finishes within 2 minutes")
        .expect("ssh runs")
}

/// Same, with `text` as stdin.
async fn ssh_text(port: u16, login: &str, password: &str, args: &[&str], text: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("in");
    std::fs::write(&f, text).unwrap();
    ssh(port, login, password, args, Some(&f)).await
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A real terminal: tmux on a socket of its own, running ssh in a pane.
struct Tmux {
    socket: PathBuf,
    _dir: tempfile::TempDir,
}

impl Tmux {
    fn start(command: &str, cols: u16, rows: u16) -> Tmux {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("tmux.sock");
        let t = Tmux { socket, _dir: dir };
        let st = std::process::Command::new("tmux")
            .arg("-S")
            .arg(&t.socket)
            .args(["-f", "/dev/null", "new-session", "-d", "-s", "t"])
            .args(["-x", &cols.to_string(), "-y", &rows.to_string()])
            .arg(command)
            .status()
            .unwrap();
        assert!(st.success());
        // keep the pane after ssh exits, so its last words can be read
        t.tmux(&["set-option", "-t", "t", "remain-on-exit", "on"]);
        t
    }

    fn tmux(&self, args: &[&str]) -> String {
        let o = std::process::Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    fn send(&self, keys: &str) {
        self.tmux(&["send-keys", "-t", "t", "-l", keys]);
        self.tmux(&["send-keys", "-t", "t", "Enter"]);
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-J", "-t", "t", "-S", "-2000"])
    }

    /// Waits until the screen shows `needle` `times` times (or 20 s pass).
    async fn wait_for(&self, needle: &str, times: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let s = self.screen();
            if s.matches(needle).count() >= times || Instant::now() > deadline {
                return s;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn resize(&self, cols: u16, rows: u16) {
        self.tmux(&[
            "resize-window",
            "-t",
            "t",
            "-x",
            &cols.to_string(),
            "-y",
            &rows.to_string(),
        ]);
    }

    fn pane_dead(&self) -> bool {
        self.tmux(&["display-message", "-p", "-t", "t", "#{pane_dead}"])
            .trim()
            == "1"
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = std::process::Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .status();
    }
}

fn tmux_ssh(port: u16, login: &str, password: &str) -> String {
    // LogLevel INFO: ssh prints the server's banner only from that level on.
    let args = ssh_args(port)
        .join(" ")
        .replace("LogLevel=ERROR", "LogLevel=INFO");
    format!("env TERM=vt220 sshpass -p {password} ssh -tt {args} {login}@127.0.0.1")
}

async fn instance(s: &TestServer, token: &str, name: &str, image: i64, spec: i64) -> Value {
    let (st, inst) = s
        .post(
            "/api/v1/instances",
            token,
            json!({"name": name, "image_id": image, "spec_id": spec}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{inst}");
    assert_eq!(inst["status"], "running", "{inst}");
    inst
}

async fn set_enabled(s: &TestServer, user_id: i64, enabled: bool) {
    let (st, body) = s
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/users/{user_id}"),
            Some(&s.admin_token),
            Some(json!({ "enabled": enabled })),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{body}");
}

async fn cleanup(s: &TestServer, ids: &[i64]) {
    for id in ids {
        let r = s
            .delete(&format!("/api/v1/instances/{id}"), &s.admin_token)
            .await;
        assert_eq!(r.0, StatusCode::NO_CONTENT, "{:?}", r.1);
    }
}

/// The host key is generated once (0600) and the same after a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn host_key_survives_restarts() {
    let site = Site::new(crate::harness::Backend::Sqlite).await;
    let keyscan = |port: u16| {
        let o = std::process::Command::new("ssh-keyscan")
            .args(["-t", "ed25519", "-p", &port.to_string(), "127.0.0.1"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        let key = text
            .lines()
            .find(|l| l.contains("ssh-ed25519"))
            .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        assert!(key.starts_with("ssh-ed25519 "), "{text}");
        key
    };
    let s = TestServer::start(&site).await;
    let first = keyscan(s.ssh_port.unwrap());
    s.stop().await;
    let file = site.data_dir().join("jumpbox_host_key");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let s = TestServer::start(&site).await;
    assert_eq!(keyscan(s.ssh_port.unwrap()), first);
    s.finish(site).await;
}

/// `ssh -i KEY` with only public-key authentication.
async fn ssh_key(port: u16, login: &str, key: &Path, args: &[&str]) -> Output {
    let mut cmd = tokio::process::Command::new("ssh");
    let args_base: Vec<String> = ssh_args(port)
        .into_iter()
        .map(|a| match a.as_str() {
            "PreferredAuthentications=password" => "PreferredAuthentications=publickey".into(),
            "PubkeyAuthentication=no" => "PubkeyAuthentication=yes".into(),
            _ => a,
        })
        .collect();
    cmd.args(args_base)
        .args(["-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-i"])
        .arg(key)
        .arg(format!("{login}@127.0.0.1"))
        .args(args)
        .stdin(std::process::Stdio::null());
    tokio::time::timeout(Duration::from_secs(60), cmd.output())
        .await
        .unwrap()
        .unwrap()
}

fn keygen(dir: &Path, name: &str) -> (PathBuf, String, String) {
    let key = dir.join(name);
    let st = std::process::Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            &format!("{name}@test"),
            "-f",
        ])
        .arg(&key)
        .status()
        .unwrap();
    assert!(st.success());
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let l = std::process::Command::new("ssh-keygen")
        .arg("-l")
        .arg("-f")
        .arg(key.with_extension("pub"))
        .output()
        .unwrap();
    let fp = String::from_utf8_lossy(&l.stdout)
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_owned();
    (key, public.trim().to_owned(), fp)
}

/// Where the jump host is (for the console's SSH command), the admins' list
/// of open SSH sessions, and ending one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn info_and_admin_sessions() {
    let site = Site::new(crate::harness::Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let port = s.ssh_port.unwrap();
    let (_, image, spec) = catalog(&s, "jbsess", 4.0, 0.5, 0.25).await;
    let (_, hana) = s.user("hana", "user").await;
    let inst = instance(&s, &hana, "hbox", image, spec).await;
    let (st, info) = s.get("/api/v1/jumpbox/info", &hana).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(
        info,
        json!({"enabled": true, "host": "127.0.0.1", "port": port})
    );
    let (st, _) = s.get("/api/v1/jumpbox/sessions", &hana).await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    let t = Tmux::start(&tmux_ssh(port, "hana+hbox", "hana-password"), 80, 24);
    t.send("echo in-$((3*3))");
    let screen = t.wait_for("in-9", 1).await;
    assert!(screen.contains("in-9"), "{screen}");
    let (st, list) = s.get("/api/v1/jumpbox/sessions", &s.admin_token).await;
    assert_eq!(st, StatusCode::OK);
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{list}");
    assert_eq!(rows[0]["username"], "hana");
    assert_eq!(rows[0]["instance_name"], "hbox");
    assert_eq!(rows[0]["instance_id"], inst["id"]);
    assert_eq!(rows[0]["source_ip"], "127.0.0.1");
    let id = rows[0]["id"].as_i64().unwrap();
    let r = s
        .delete(&format!("/api/v1/jumpbox/sessions/{id}"), &hana)
        .await;
    assert_eq!(r.0, StatusCode::FORBIDDEN);
    let r = s
        .delete(&format!("/api/v1/jumpbox/sessions/{id}"), &s.admin_token)
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT);
    for _ in 0..100 {
        if t.pane_dead() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(t.pane_dead(), "the killed session goes on:\n{}", t.screen());
    drop(t);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, list) = s.get("/api/v1/jumpbox/sessions", &s.admin_token).await;
    assert_eq!(list, json!([]));
    let r = s
        .delete(&format!("/api/v1/jumpbox/sessions/{id}"), &s.admin_token)
        .await;
    assert_eq!(r.0, StatusCode::NOT_FOUND);

    cleanup(&s, &[inst["id"].as_i64().unwrap()]).await;
    s.finish(site).await;
}

/// The admins' list counts bytes as they pass: while a command reads 2 MB of
/// stdin and then writes 1 MB a second, the list shows its bytes in and a
/// growing bytes out before the session ends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_byte_counts_grow_while_a_session_runs() {
    let site = Site::new(crate::harness::Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let port = s.ssh_port.unwrap();
    let (_, image, spec) = catalog(&s, "jblive", 4.0, 0.5, 0.25).await;
    let (_, kim) = s.user("kim", "user").await;
    let inst = instance(&s, &kim, "kbox", image, spec).await;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::write(&input, vec![b'x'; 2_000_000]).unwrap();

    let mut cmd = tokio::process::Command::new("sshpass");
    cmd.arg("-p")
        .arg("kim-password")
        .arg("ssh")
        .args(ssh_args(port))
        .arg("kim+kbox@127.0.0.1")
        .arg("head -c 2000000 > /dev/null; for i in 1 2 3 4 5; do head -c 1000000 /dev/zero; sleep 1; done")
        .stdin(std::fs::File::open(&input).unwrap())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();

    // Samples of bytes_out while the session is listed in its instance.
    let mut seen_out: Vec<u64> = Vec::new();
    let mut seen_in = 0;
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        let (st, list) = s.get("/api/v1/jumpbox/sessions", &s.admin_token).await;
        assert_eq!(st, StatusCode::OK);
        if let Some(row) = list.as_array().unwrap().first() {
            if row["instance_name"] == "kbox" {
                seen_in = seen_in.max(row["bytes_in"].as_u64().unwrap());
                let out = row["bytes_out"].as_u64().unwrap();
                if seen_out.last() != Some(&out) {
                    seen_out.push(out);
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let status = child.wait().await.unwrap();
    assert!(status.success(), "{status:?}");
    assert_eq!(seen_in, 2_000_000, "bytes in while running: {seen_in}");
    let growing: Vec<u64> = seen_out
        .iter()
        .copied()
        .filter(|b| *b > 0 && *b < 5_000_000)
        .collect();
    assert!(
        growing.len() >= 2 && growing.windows(2).all(|w| w[0] < w[1]),
        "bytes out did not grow while the session ran: {seen_out:?}"
    );
    // The connection leaves the list with its session.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, list) = s.get("/api/v1/jumpbox/sessions", &s.admin_token).await;
    assert_eq!(list, json!([]), "the connection is gone");

    cleanup(&s, &[inst["id"].as_i64().unwrap()]).await;
    s.finish(site).await;
}
