//! What every CLI test uses: the binary, a running `tianqi serve`, HTTP calls.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_tianqi");

pub(crate) fn tianqi(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    stdin: Option<&str>,
) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .current_dir(dir)
        .env_remove("TIANQI_BOOTSTRAP_ADMIN_PASSWORD")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("tianqi runs");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    child.wait_with_output().expect("tianqi finishes")
}

pub(crate) fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A running `tianqi serve`, its log lines collected as they arrive.
pub(crate) struct Serve {
    pub(crate) child: Child,
    pub(crate) lines: Arc<Mutex<Vec<String>>>,
    pub(crate) base: String,
}

impl Serve {
    pub(crate) fn start(dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> Serve {
        let mut args = vec!["serve", "--listen", "127.0.0.1:0", "--log-format", "json"];
        args.extend_from_slice(extra);
        let mut child = Command::new(BIN)
            .args(&args)
            .current_dir(dir)
            .env_remove("TIANQI_BOOTSTRAP_ADMIN_PASSWORD")
            // Tests run in parallel: each jump host on a port of its own.
            .env("TIANQI_JUMPBOX_LISTEN", "127.0.0.1:0")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("serve starts");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let mut s = Serve {
            child,
            lines,
            base: String::new(),
        };
        let listening = s.wait_for(|l| l.contains("\"listening\""), Duration::from_secs(30));
        let v: Value = serde_json::from_str(&listening).unwrap();
        s.base = format!("http://{}", v["addr"].as_str().unwrap());
        s
    }

    pub(crate) fn wait_for(&mut self, pred: impl Fn(&str) -> bool, timeout: Duration) -> String {
        let start = Instant::now();
        loop {
            if let Some(l) = self.lines.lock().unwrap().iter().find(|l| pred(l)) {
                return l.clone();
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "server exited ({status}) before the expected log line:\n{}",
                    self.log()
                );
            }
            assert!(
                start.elapsed() < timeout,
                "timed out waiting for a log line:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub(crate) fn log(&self) -> String {
        self.lines.lock().unwrap().join("\n")
    }

    /// SIGTERM, then the exit status within `within`.
    pub(crate) fn terminate(mut self, within: Duration) -> (bool, String) {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // let the reader thread drain the last lines
                std::thread::sleep(Duration::from_millis(50));
                return (status.success(), self.log());
            }
            if start.elapsed() > within {
                let _ = self.child.kill();
                panic!(
                    "server did not stop within {within:?} of SIGTERM:\n{}",
                    self.log()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) async fn call(
    base: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let client = reqwest::Client::new();
    let mut req = client.request(method.parse().unwrap(), format!("{base}{path}"));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let t = res.text().await.unwrap();
    (status, serde_json::from_str(&t).unwrap_or(Value::Null))
}

pub(crate) async fn node_capacity(base: &str, token: &str, node_id: i64) -> Value {
    let path = format!("/api/v1/nodes/{node_id}/capacity");
    call(base, "GET", &path, Some(token), None).await.1
}

pub(crate) async fn login(base: &str, user: &str, password: &str) -> (u16, Value) {
    call(
        base,
        "POST",
        "/api/v1/auth/login",
        None,
        Some(json!({"username": user, "password": password})),
    )
    .await
}

/// A fresh PostgreSQL database for one test; dropped by the caller.
pub(crate) async fn pg_database() -> (sqlx::PgPool, String, String) {
    let admin_url = std::env::var("TQ_TEST_PG_URL")
        .expect("TQ_TEST_PG_URL is not set: run the tests through scripts/test.sh (PostgreSQL tests never skip)");
    let name = format!("tq_cli_{}", rand::random::<u64>());
    let pool = sqlx::PgPool::connect(&admin_url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&pool)
        .await
        .unwrap();
    let mut url = url::Url::parse(&admin_url).unwrap();
    url.set_path(&format!("/{name}"));
    (pool, name, url.to_string())
}

/// The server's one instance once it is `failed` as an interrupted create
/// (within `within`; never `running` on the way): a create rolled back
/// after a restart.
pub(crate) async fn rolled_back(base: &str, token: &str, within: Duration) -> Value {
    let start = Instant::now();
    let inst = loop {
        let (_, list) = call(base, "GET", "/api/v1/instances", Some(token), None).await;
        let inst = list["items"][0].clone();
        if inst["status"] == "failed" {
            break inst;
        }
        assert_ne!(inst["status"], "running", "{inst}");
        assert!(
            start.elapsed() < within,
            "not converged within a few ticks: {list}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        inst["status_error"]
            .as_str()
            .is_some_and(|e| e.contains("interrupted")),
        "{inst}"
    );
    inst
}
