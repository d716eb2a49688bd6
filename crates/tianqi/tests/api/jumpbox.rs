//! The SSH jump host with Debian's OpenSSH client (and sshpass) against real
//! containers on the private dockerd: the menu through a real terminal
//! (tmux), direct logins, exec with exit status and stderr, `stty size` and a
//! resize, 50 MB through tar both ways, `scp -O`, ownership (bob never reaches
//! alice's instance), the shared sign-in throttle, disabled users refused and
//! their open session ended, and a host key that survives restarts.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::docker_env::{docker, docker_host};
use crate::fixtures::catalog;
use crate::harness::{Site, TestServer};
use crate::on_both;

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

/// Printed once per menu (the header's "序号" is in the prompt too, so it
/// cannot count menus: a wait on it ended while the shell was still running).
const MENU_PROMPT: &str = "(number to connect, q to quit)";

/// The whole user-facing flow on both databases.
async fn menu_direct_exec_and_ownership(site: &Site) {
    let s = TestServer::start(site).await;
    let port = s.ssh_port.expect("the jump host is on by default");
    let (_, image, spec) = catalog(&s, "jbnode", 4.0, 0.5, 0.25).await;
    let (_, alice) = s.user("alice", "user").await;
    let (_, bob) = s.user("bob", "user").await;
    let (carol_id, _) = s.user("carol", "user").await;
    // Container names hold the instance id and the second it was made: the
    // SQLite and PostgreSQL runs share one engine, so their names differ.
    let tag = match site.backend {
        crate::harness::Backend::Sqlite => "s",
        crate::harness::Backend::Postgres => "p",
    };
    let (an, bn) = (format!("abox{tag}"), format!("bbox{tag}"));
    let a = instance(&s, &alice, &an, image, spec).await;
    let b = instance(&s, &bob, &bn, image, spec).await;
    let a_id = a["id"].as_i64().unwrap();
    let a_short: String = a["container_id"]
        .as_str()
        .unwrap()
        .chars()
        .take(12)
        .collect();
    let (ap, bp, cp) = ("alice-password", "bob-password", "carol-password");

    // The menu in a real terminal: banner, alice's instance only, a shell
    // of the client's size and TERM, a resize, the menu again after exit.
    let t = Tmux::start(&tmux_ssh(port, "alice", ap), 100, 30);
    let screen = t.wait_for(MENU_PROMPT, 1).await;
    assert!(screen.contains("欢迎使用SSH跳板机服务"), "{screen}");
    assert!(
        screen.contains(&format!("1     {an}-{a_short}-jbnode")),
        "{screen}"
    );
    assert!(
        !screen.contains(&bn),
        "bob's instance in alice's menu:\n{screen}"
    );
    t.send("7");
    let screen = t.wait_for(MENU_PROMPT, 2).await;
    assert!(
        screen.matches(MENU_PROMPT).count() >= 2,
        "a wrong number re-prompts:\n{screen}"
    );
    t.send("1");
    t.wait_for(&format!("正在连接 {an}"), 1).await;
    t.send("echo hi-$((20+3)) term=$TERM");
    let screen = t.wait_for("hi-23 term=vt220", 1).await;
    assert!(screen.contains("hi-23 term=vt220"), "{screen}");
    t.send("stty size");
    let screen = t.wait_for("30 100", 1).await;
    assert!(
        screen.contains("30 100"),
        "the pty-req size at start:\n{screen}"
    );
    t.resize(120, 40);
    tokio::time::sleep(Duration::from_millis(300)).await;
    t.send("stty size");
    let screen = t.wait_for("40 120", 1).await;
    assert!(
        screen.contains("40 120"),
        "window-change resizes:\n{screen}"
    );
    t.send("exit");
    let screen = t.wait_for(MENU_PROMPT, 3).await;
    assert!(
        screen.matches(MENU_PROMPT).count() >= 3,
        "the menu returns after the shell:\n{screen}"
    );
    t.send("q");
    for _ in 0..100 {
        if t.pane_dead() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(t.pane_dead(), "q quits:\n{}", t.screen());
    drop(t);

    // Without a terminal: bob's menu has his instance, not alice's.
    let o = ssh_text(port, "bob", bp, &["-T"], "q\n").await;
    assert!(out(&o).contains(&bn), "{} / {}", out(&o), err(&o));
    assert!(!out(&o).contains(&an), "{}", out(&o));
    // Carol has none: a clear sentence, and the connection ends.
    let o = ssh_text(port, "carol", cp, &["-T"], "").await;
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(
        out(&o).contains("You have no running instance")
            || err(&o).contains("You have no running instance"),
        "{} / {}",
        out(&o),
        err(&o)
    );

    // Direct, by name and by id: exec with its exit status, stdout and
    // stderr apart.
    let o = ssh(
        port,
        &format!("alice+{an}"),
        ap,
        &["echo $((6*7)); echo oops >&2; exit 3"],
        None,
    )
    .await;
    assert_eq!(o.status.code(), Some(3), "{}", err(&o));
    assert_eq!(out(&o), "42\n");
    assert_eq!(err(&o), "oops\n");
    let o = ssh(port, &format!("alice+{a_id}"), ap, &["hostname"], None).await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        a["container_id"]
            .as_str()
            .unwrap()
            .starts_with(out(&o).trim()),
        "{}",
        out(&o)
    );
    // An exec without an instance says how to name one.
    let o = ssh(port, "alice", ap, &["true"], None).await;
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("alice+NAME"), "{}", err(&o));
    // A direct shell with a terminal: stdin is the terminal.
    let o = ssh_text(
        port,
        &format!("alice+{an}"),
        ap,
        &["-tt"],
        "echo direct-$((1+1))\nexit 5\n",
    )
    .await;
    assert_eq!(o.status.code(), Some(5), "{}", err(&o));
    assert!(out(&o).contains("direct-2"), "{}", out(&o));

    // bob reaches alice's instance neither by name nor by id, and learns
    // nothing about it (the same sentence as for a name that exists nowhere).
    for login in [
        format!("bob+{an}"),
        format!("bob+{a_id}"),
        "bob+nothing".to_owned(),
    ] {
        let o = ssh(port, &login, bp, &["echo reached"], None).await;
        assert_eq!(o.status.code(), Some(1), "{login}: {}", out(&o));
        assert!(!out(&o).contains("reached"), "{login}");
        assert!(
            err(&o).contains("no running instance named"),
            "{login}: {}",
            err(&o)
        );
    }

    // A disabled user cannot sign in; an open session of theirs ends.
    let t = Tmux::start(&tmux_ssh(port, &format!("alice+{an}"), ap), 80, 24);
    t.send("echo inside-$((2*4))");
    let screen = t.wait_for("inside-8", 1).await;
    assert!(screen.contains("inside-8"), "{screen}");
    let alice_id = a["owner_id"].as_i64().unwrap();
    set_enabled(&s, alice_id, false).await;
    for _ in 0..100 {
        if t.pane_dead() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        t.pane_dead(),
        "the session outlived the account:\n{}",
        t.screen()
    );
    drop(t);
    let o = ssh(port, &format!("alice+{an}"), ap, &["true"], None).await;
    assert_eq!(o.status.code(), Some(255), "{}", err(&o));
    assert!(err(&o).contains("Permission denied"), "{}", err(&o));
    set_enabled(&s, carol_id, false).await;
    let o = ssh(port, "carol", cp, &["-T"], None).await;
    assert_eq!(o.status.code(), Some(255), "{}", err(&o));

    // Every session in an instance is audited.
    let (_, audit) = s.get("/api/v1/audit?page_size=100", &s.admin_token).await;
    let entries = audit["items"].as_array().unwrap();
    let sessions: Vec<&Value> = entries
        .iter()
        .filter(|e| e["route"] == "jumpbox:session")
        .collect();
    assert!(sessions.len() >= 4, "{audit}");
    assert!(sessions.iter().all(|e| e["actor"] == "alice"), "{audit}");

    cleanup(&s, &[a_id, b["id"].as_i64().unwrap()]).await;
    s.stop().await;
}
on_both!(menu_direct_exec_and_ownership);

/// 50 MB in through tar and back through cat, byte-identical; `scp -O` both
/// ways into an image that has scp.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_data_and_scp() {
    let site = Site::new(crate::harness::Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let port = s.ssh_port.unwrap();
    let (_, image, spec) = catalog(&s, "jbbulk", 4.0, 1.0, 0.5).await;
    let (_, dora) = s.user("dora", "user").await;
    let pw = "dora-password";
    let inst = instance(&s, &dora, "bulk", image, spec).await;

    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    let mut data = vec![0u8; 50 * 1024 * 1024];
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for chunk in data.chunks_mut(8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        chunk.copy_from_slice(&x.to_le_bytes()[..chunk.len()]);
    }
    std::fs::write(src.join("big"), &data).unwrap();
    let tarball = dir.path().join("in.tar");
    let st = std::process::Command::new("tar")
        .arg("cf")
        .arg(&tarball)
        .arg("-C")
        .arg(&src)
        .arg(".")
        .status()
        .unwrap();
    assert!(st.success());
    let started = Instant::now();
    let o = ssh(
        port,
        "dora+bulk",
        pw,
        &["mkdir -p /tmp/t && tar xf - -C /tmp/t && wc -c < /tmp/t/big"],
        Some(&tarball),
    )
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(out(&o).trim(), (50 * 1024 * 1024).to_string());
    let up = started.elapsed();
    let started = Instant::now();
    let o = ssh(port, "dora+bulk", pw, &["cat /tmp/t/big"], None).await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        o.stdout == data,
        "50 MB back differ ({} bytes)",
        o.stdout.len()
    );
    eprintln!("50 MB up (tar) {up:?}, down (cat) {:?}", started.elapsed());

    // scp -O (the legacy protocol, over exec) needs scp in the image.
    let py = std::env::var("TQ_TEST_PYTHON_IMAGE")
        .unwrap_or_else(|_| "tianqi-test/python:latest".into());
    let (_, pimg) = s
        .post(
            "/api/v1/images",
            &s.admin_token,
            json!({"name": "jbpy", "address": py, "keep_alive_command": ["sleep", "3600"]}),
        )
        .await;
    let pinst = instance(&s, &dora, "pybox", pimg["id"].as_i64().unwrap(), spec).await;
    let container = pinst["container_id"].as_str().unwrap();
    docker(
        &docker_host(),
        &["cp", "/usr/bin/scp", &format!("{container}:/usr/bin/scp")],
    );
    let small = dir.path().join("small");
    std::fs::write(&small, &data[..3 * 1024 * 1024]).unwrap();
    let scp = |from: String, to: String| {
        let mut c = std::process::Command::new("sshpass");
        c.args(["-p", pw, "scp", "-O", "-P", &port.to_string()]);
        c.args(ssh_args(port).into_iter().skip(2));
        c.arg(from).arg(to);
        c.output().unwrap()
    };
    let o = scp(
        small.display().to_string(),
        "dora+pybox@127.0.0.1:/tmp/small".into(),
    );
    assert!(o.status.success(), "{}", err(&o));
    let back = dir.path().join("back");
    let o = scp(
        "dora+pybox@127.0.0.1:/tmp/small".into(),
        back.display().to_string(),
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        std::fs::read(&back).unwrap() == data[..3 * 1024 * 1024],
        "scp round trip differs"
    );

    // sftp: the image's own sftp-server (copied in, as scp was) serves it; an
    // image without one says so.
    docker(
        &docker_host(),
        &["exec", container, "mkdir", "-p", "/usr/lib/openssh"],
    );
    docker(
        &docker_host(),
        &[
            "cp",
            "/usr/lib/openssh/sftp-server",
            &format!("{container}:/usr/lib/openssh/sftp-server"),
        ],
    );
    let batch = dir.path().join("batch");
    let back2 = dir.path().join("back2");
    std::fs::write(
        &batch,
        format!(
            "put {} /tmp/s2\nget /tmp/s2 {}\n",
            small.display(),
            back2.display()
        ),
    )
    .unwrap();
    // sftp -b means batch mode (no password prompt): a key, registered.
    let (key, public, _) = keygen(dir.path(), "dora");
    let (st, _) = s
        .post("/api/v1/me/ssh-keys", &dora, json!({"public_key": public}))
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let sftp = |login: &str| {
        let mut c = std::process::Command::new("sftp");
        c.args(["-P", &port.to_string(), "-i"]).arg(&key);
        for a in ssh_args(port).into_iter().skip(2) {
            c.arg(match a.as_str() {
                "PreferredAuthentications=password" => {
                    "PreferredAuthentications=publickey".to_owned()
                }
                "PubkeyAuthentication=no" => "IdentitiesOnly=yes".to_owned(),
                _ => a,
            });
        }
        c.arg("-b").arg(&batch).arg(format!("{login}@127.0.0.1"));
        c.output().unwrap()
    };
    let o = sftp("dora+pybox");
    assert!(o.status.success(), "{} / {}", out(&o), err(&o));
    assert!(
        std::fs::read(&back2).unwrap() == data[..3 * 1024 * 1024],
        "sftp round trip differs"
    );
    let o = sftp("dora+bulk");
    assert!(!o.status.success());
    assert!(err(&o).contains("has no sftp-server"), "{}", err(&o));

    cleanup(
        &s,
        &[inst["id"].as_i64().unwrap(), pinst["id"].as_i64().unwrap()],
    )
    .await;
    s.finish(site).await;
}

/// Wrong passwords count in the login throttle shared with the web (per user
/// and per address): past it even the right password is refused, on SSH and
/// on the web alike.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_passwords_are_throttled_with_the_web() {
    let site = Site::new(crate::harness::Backend::Sqlite).await;
    let mut config = site.config();
    config.auth.login_max_failures_per_user = 3;
    let s = TestServer::start_with(config, crate::harness::ADMIN_PASSWORD).await;
    let port = s.ssh_port.unwrap();
    s.user("erin", "user").await;
    for i in 0..3 {
        let o = ssh(port, "erin", &format!("wrong-{i}"), &["-T"], None).await;
        assert_eq!(o.status.code(), Some(255), "{}", err(&o));
    }
    let o = ssh(port, "erin", "erin-password", &["-T"], None).await;
    assert_eq!(
        o.status.code(),
        Some(255),
        "the right password past the limit: {}",
        err(&o)
    );
    assert!(err(&o).contains("Permission denied"), "{}", err(&o));
    let (st, _) = s.login("erin", "erin-password").await;
    assert_eq!(
        st,
        StatusCode::TOO_MANY_REQUESTS,
        "the web shares the throttle"
    );
    // refusals are audited
    let (_, audit) = s.get("/api/v1/audit?page_size=100", &s.admin_token).await;
    let refused = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["route"] == "jumpbox:auth")
        .count();
    assert!(refused >= 3, "{audit}");
    s.finish(site).await;
}

/// A client that never reads its output (an `ssh` whose stdout pipe nobody
/// drains, behind a process streaming without end) stalls only itself: other
/// users' sessions, and the API, keep answering at once.
#[tokio::test]
async fn a_client_that_never_reads_stalls_only_itself() {
    let site = Site::new(crate::harness::Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let port = s.ssh_port.unwrap();
    let (_, image, spec) = catalog(&s, "jbstall", 4.0, 0.5, 0.25).await;
    let (_, lee) = s.user("lee", "user").await;
    let (_, max) = s.user("max", "user").await;
    let a = instance(&s, &lee, "flood", image, spec).await;
    let b = instance(&s, &max, "calm", image, spec).await;
    let mut stalled = std::process::Command::new("sshpass");
    stalled
        .args(["-p", "lee-password", "ssh"])
        .args(ssh_args(port))
        .arg("lee+flood@127.0.0.1")
        .arg("cat /dev/zero")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped()) // never read
        .stderr(std::process::Stdio::null());
    let mut stalled = stalled.spawn().unwrap();
    // Long enough for every buffer on the way (pipe, ssh, SSH window) to fill.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        stalled.try_wait().unwrap().is_none(),
        "the flood still runs"
    );
    for i in 0..5 {
        let t = Instant::now();
        let o = ssh(
            port,
            "max+calm",
            "max-password",
            &[&format!("echo calm-{i}")],
            None,
        )
        .await;
        assert_eq!(o.status.code(), Some(0), "{}", err(&o));
        assert_eq!(out(&o).trim(), format!("calm-{i}"));
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "another user's session took {:?} beside a stalled one",
            t.elapsed()
        );
    }
    let (st, _) = s.get("/api/v1/jumpbox/info", &max).await;
    assert_eq!(st, StatusCode::OK);
    // The stalled one is still there, and ends with its client.
    assert!(stalled.try_wait().unwrap().is_none());
    stalled.kill().unwrap();
    stalled.wait().unwrap();
    cleanup(&s, &[a["id"].as_i64().unwrap(), b["id"].as_i64().unwrap()]).await;
    s.stop().await;
}

/// 30 people of one lab (one address, one account) sign in at once, each
/// running a command that outlives a few session rechecks: every one gets in
/// and finishes. Sign-ins over the throttle's limits wait for the checks
/// ahead of them instead of being refused, and a session opened while a
/// recheck is reading the store is not taken for one whose access ended.
#[tokio::test]
async fn thirty_logins_at_once_all_get_in_and_stay() {
    let site = Site::new(crate::harness::Backend::Sqlite).await;
    let mut config = site.config();
    config.sessions.max_per_user = 64;
    config.sessions.recheck_secs = 1;
    let s = TestServer::start_with(config, crate::harness::ADMIN_PASSWORD).await;
    let port = s.ssh_port.unwrap();
    let (_, image, spec) = catalog(&s, "jbmany", 4.0, 0.5, 0.25).await;
    let (_, kim) = s.user("kim", "user").await;
    let inst = instance(&s, &kim, "lab", image, spec).await;
    let runs = (0..30).map(|i| async move {
        let cmd = format!("sleep 3; echo done-{i}");
        (i, ssh(port, "kim+lab", "kim-password", &[&cmd], None).await)
    });
    for (i, o) in futures::future::join_all(runs).await {
        assert_eq!(o.status.code(), Some(0), "login {i}: {}", err(&o));
        assert_eq!(out(&o).trim(), format!("done-{i}"), "login {i}");
    }
    cleanup(&s, &[inst["id"].as_i64().unwrap()]).await;
    s.stop().await;
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

/// Keys through the API (fingerprint as ssh-keygen shows it, duplicates 409,
/// malformed 422 naming the problem, another user's key 404) and signing in
/// with one (only its owner; deleted → refused).
async fn ssh_keys_and_key_sign_in(site: &Site) {
    let s = TestServer::start(site).await;
    let port = s.ssh_port.unwrap();
    let (_, frank) = s.user("frank", "user").await;
    let (_, grace) = s.user("grace", "user").await;
    let dir = tempfile::tempdir().unwrap();
    let (key, public, fp) = keygen(dir.path(), "frank");

    let (st, k) = s
        .post(
            "/api/v1/me/ssh-keys",
            &frank,
            json!({"public_key": format!("{public}\n")}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{k}");
    assert_eq!(k["fingerprint"], fp.as_str());
    assert_eq!(k["name"], "frank@test", "the comment names an unnamed key");
    assert_eq!(k["algorithm"], "ssh-ed25519");
    assert_eq!(k["public_key"], public.as_str());
    let kid = k["id"].as_i64().unwrap();
    let dup = s
        .post(
            "/api/v1/me/ssh-keys",
            &frank,
            json!({"name": "again", "public_key": public}),
        )
        .await;
    crate::harness::assert_error(&dup, StatusCode::CONFLICT, "conflict", None);
    for (bad, words) in [
        ("ssh-dss AAAAB3NzaC1kc3M=", "unsupported key type"),
        ("ssh-ed25519 not*base64", "not valid base64"),
        ("-----BEGIN OPENSSH PRIVATE KEY-----", "private key"),
        ("", "empty"),
    ] {
        let r = s
            .post("/api/v1/me/ssh-keys", &frank, json!({"public_key": bad}))
            .await;
        crate::harness::assert_error(
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some("public_key"),
        );
        assert!(
            r.1["error"]["message"].as_str().unwrap().contains(words),
            "{}",
            r.1
        );
    }
    let (_, list) = s.get("/api/v1/me/ssh-keys", &frank).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    let (_, theirs) = s.get("/api/v1/me/ssh-keys", &grace).await;
    assert_eq!(theirs, json!([]));
    let r = s
        .delete(&format!("/api/v1/me/ssh-keys/{kid}"), &grace)
        .await;
    assert_eq!(r.0, StatusCode::NOT_FOUND, "another user's key");

    // The key signs frank in (no instance: the menu's sentence, exit 1 —
    // not ssh's 255 for a refusal), and nobody else.
    let o = ssh_key(port, "frank", &key, &["-T"]).await;
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(
        out(&o).contains("no running instance") || err(&o).contains("no running instance"),
        "{} / {}",
        out(&o),
        err(&o)
    );
    let o = ssh_key(port, "grace", &key, &["-T"]).await;
    assert_eq!(
        o.status.code(),
        Some(255),
        "frank's key for grace: {}",
        err(&o)
    );
    let (_, list) = s.get("/api/v1/me/ssh-keys", &frank).await;
    assert!(list[0]["last_used_at"].is_string(), "{list}");
    let r = s
        .delete(&format!("/api/v1/me/ssh-keys/{kid}"), &frank)
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT);
    let o = ssh_key(port, "frank", &key, &["-T"]).await;
    assert_eq!(o.status.code(), Some(255), "a deleted key: {}", err(&o));
    s.stop().await;
}
on_both!(ssh_keys_and_key_sign_in);

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

/// `ssh -L` through the relay into a busybox httpd inside the instance;
/// nobody else's login reaches it, and a login naming no instance forwards
/// nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_forwarding_reaches_a_server_inside() {
    let site = Site::new(crate::harness::Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let port = s.ssh_port.unwrap();
    let (_, image, spec) = catalog(&s, "jbfwd", 4.0, 0.5, 0.25).await;
    let (_, ivy) = s.user("ivy", "user").await;
    s.user("jack", "user").await;
    let inst = instance(&s, &ivy, "web", image, spec).await;
    let o = ssh(
        port,
        "ivy+web",
        "ivy-password",
        &["mkdir -p /tmp/www && echo hello-from-inside > /tmp/www/index.html && httpd -p 127.0.0.1:8080 -h /tmp/www"],
        None,
    )
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));

    // ssh -N -L LOCAL:localhost:8080, then curl LOCAL.
    let forward = |login: &str, password: &str, local: u16| {
        let mut c = std::process::Command::new("sshpass");
        c.args(["-p", password, "ssh", "-N"]);
        c.args(ssh_args(port));
        c.args(["-L", &format!("127.0.0.1:{local}:localhost:8080")]);
        c.arg(format!("{login}@127.0.0.1"));
        c.stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        c.spawn().unwrap()
    };
    let curl = |local: u16| {
        let o = std::process::Command::new("curl")
            .args(["-s", "-m", "10", &format!("http://127.0.0.1:{local}/")])
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let wait_listening = |local: u16| {
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", local)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("ssh -L never listened on {local}");
    };

    let local = crate::docker_env::free_port();
    let mut ivy_fwd = forward("ivy+web", "ivy-password", local);
    wait_listening(local);
    assert_eq!(curl(local), "hello-from-inside\n");
    // twice: each connection is its own channel and relay
    assert_eq!(curl(local), "hello-from-inside\n");
    let _ = ivy_fwd.kill();
    let _ = ivy_fwd.wait();

    for login in ["jack+web", "ivy"] {
        let password = if login == "ivy" {
            "ivy-password"
        } else {
            "jack-password"
        };
        let local = crate::docker_env::free_port();
        let mut f = forward(login, password, local);
        wait_listening(local);
        assert_eq!(curl(local), "", "{login} reached the server");
        let _ = f.kill();
        let _ = f.wait();
    }

    cleanup(&s, &[inst["id"].as_i64().unwrap()]).await;
    s.finish(site).await;
}
