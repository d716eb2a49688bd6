//! Workspaces and the exact MATLAB容器管理系统 compat API, on the private dockerd
//! (published ports through docker-proxy on 127.0.0.1), on SQLite and PostgreSQL.
//!
//! The test image is built here from the busybox image: `httpd` on the HTTP port
//! and `nc -ll` on the WebSocket port, so both probes have something real to
//! find (and lose, when a test kills one).

use std::collections::HashSet;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tianqi::Config;

use crate::docker_env::{busybox_image, docker, docker_host, docker_socket_path, free_port};
use crate::harness::{Backend, Site, TestServer};
use crate::on_both;

pub const IMAGE: &str = "tianqi-test/workspace:latest";

/// Builds the workspace test image (idempotent; concurrent builds of the same
/// content are harmless).
pub fn build_image() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("www")).unwrap();
    std::fs::write(dir.path().join("www/index.html"), "workspace ok\n").unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        format!(
            "FROM {}\nCOPY www /www\n\
             CMD [\"sh\", \"-c\", \"httpd -p 8888 -h /www && exec nc -ll -p 8765 -e cat\"]\n",
            busybox_image()
        ),
    )
    .unwrap();
    docker(
        &docker_host(),
        &[
            "build",
            "-q",
            "-t",
            IMAGE,
            &dir.path().display().to_string(),
        ],
    );
}

/// Removes every container of a test (by name prefix) when dropped, so a
/// failing test leaves nothing running.
pub struct Cleanup(pub String);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let out = std::process::Command::new("docker")
            .args(["-H", &docker_host(), "ps", "-aq", "--filter"])
            .arg(format!("name=^/{}", self.0))
            .output();
        if let Ok(out) = out {
            let ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
                .split_whitespace()
                .map(str::to_owned)
                .collect();
            if !ids.is_empty() {
                let _ = std::process::Command::new("docker")
                    .args(["-H", &docker_host(), "rm", "-f"])
                    .args(&ids)
                    .output();
            }
        }
    }
}

/// A workspace set-up: the config and what the test needs to know about it.
pub struct Ws {
    pub config: Config,
    pub prefix: String,
    pub http_base: u16,
    pub ws_base: u16,
    pub data_root: std::path::PathBuf,
    pub _cleanup: Cleanup,
}

impl Ws {
    pub fn name(&self, user: i64) -> String {
        format!("{}{user}", self.prefix)
    }
}

/// Each test gets its own port block (`slot`), SQLite and PostgreSQL halves
/// their own half of it, so parallel tests never share a host port. Blocks sit
/// below the kernel's ephemeral range (32768+), so client sockets never hold them.
pub fn setup(site: &Site, slot: u16) -> Ws {
    build_image();
    let half = if site.backend == Backend::Postgres {
        200
    } else {
        0
    };
    let http_base = 20000 + slot * 400 + half;
    let ws_base = http_base + 100;
    let tag: u32 = rand::random();
    let prefix = format!("tqws-{tag:08x}-u");
    let data_root = site.dir.path().join("ws-data");
    let mut c = site.config();
    c.nodes.local_socket = docker_socket_path();
    let w = &mut c.workspaces;
    w.image = IMAGE.into();
    w.name_template = format!("{prefix}{{user_id}}");
    w.max_users = 60;
    w.http_port_base = i64::from(http_base);
    w.ws_port_base = i64::from(ws_base);
    w.container_http_port = 8888;
    w.container_ws_port = 8765;
    w.data_root = data_root.display().to_string();
    w.cpus = "0.5".into();
    w.memory = "64m".into();
    w.shm_size = "16m".into();
    w.license_server = "27000@license.example".into();
    w.context_tags = "course-{user_id}".into();
    // The compat routes on the main listener take the token only.
    w.compat.token = COMPAT_TOKEN.into();
    // Published on loopback only (the probes and clients here are local).
    w.publish_ip = "127.0.0.1".into();
    Ws {
        config: c,
        _cleanup: Cleanup(prefix.clone()),
        prefix,
        http_base,
        ws_base,
        data_root,
    }
}

pub const P: &str = "/compat/matlab";
pub const COMPAT_TOKEN: &str = "ws-compat-token";

pub async fn compat(
    s: &TestServer,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    s.call(method, &format!("{P}{path}"), Some(COMPAT_TOKEN), body)
        .await
}

pub async fn create(s: &TestServer, user: Value) -> (StatusCode, Value) {
    compat(
        s,
        Method::POST,
        "/create",
        Some(json!({"user_id": user, "session_id": "sess-42"})),
    )
    .await
}

/// Polls /health until both probes are healthy.
pub async fn wait_healthy(s: &TestServer, name: &str) -> Value {
    let start = Instant::now();
    loop {
        let (st, b) = compat(s, Method::GET, &format!("/health/{name}"), None).await;
        if st == StatusCode::OK
            && b["web_service"] == "healthy"
            && b["websocket_service"] == "healthy"
        {
            return b;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{name} not healthy: {st} {b}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn inspect(name: &str, format: &str) -> String {
    docker(&docker_host(), &["inspect", "-f", format, name])
        .trim()
        .to_owned()
}

fn exec(name: &str, args: &[&str]) -> String {
    let mut a = vec!["exec", name];
    a.extend_from_slice(args);
    docker(&docker_host(), &a)
}

mod access;
mod concurrency;
mod contract;
mod lifecycle;
