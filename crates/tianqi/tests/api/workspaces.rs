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

async fn contract(site: &Site) {
    let ws = setup(site, 0);
    let s = TestServer::start_with(ws.config.clone(), crate::harness::ADMIN_PASSWORD).await;
    let n1 = ws.name(1);

    // Empty list, exactly.
    let got = compat(&s, Method::GET, "/list", None).await;
    assert_eq!(got, (StatusCode::OK, json!({"total": 0, "containers": []})));

    // Bad user ids: 400 with the old message and the configured bound; no retry
    // would help, nothing is created.
    let bad = json!({"error": "Invalid user_id. Must be between 1 and 60"});
    for u in [
        json!(0),
        json!(61),
        json!(-1),
        json!("5"),
        json!(1.5),
        json!(null),
        json!(true),
    ] {
        assert_eq!(
            create(&s, u.clone()).await,
            (StatusCode::BAD_REQUEST, bad.clone()),
            "{u}"
        );
    }
    let missing = compat(
        &s,
        Method::POST,
        "/create",
        Some(json!({"session_id": "x"})),
    )
    .await;
    assert_eq!(missing, (StatusCode::BAD_REQUEST, bad.clone()));
    let res = s
        .http
        .post(s.url(&format!("{P}/create")))
        .bearer_auth(COMPAT_TOKEN)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(res.json::<Value>().await.unwrap(), bad);
    // The seed's own curl sends JSON without a Content-Type; that works.
    let res = s
        .http
        .post(s.url(&format!("{P}/create")))
        .bearer_auth(COMPAT_TOKEN)
        .body(r#"{"user_id": 0}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(compat(&s, Method::GET, "/list", None).await.1["total"], 0);

    // Create: 201, the exact body.
    let (st, b) = create(&s, json!(1)).await;
    assert_eq!(st, StatusCode::CREATED, "{b}");
    assert_eq!(
        b,
        json!({"container_id": n1, "http_port": ws.http_base + 1, "ws_port": ws.ws_base + 1,
               "status": "running", "message": "Container created successfully"})
    );
    // The container: limits, env, mount, ports, labels.
    assert_eq!(
        inspect(
            &n1,
            "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}} {{.HostConfig.ShmSize}}"
        ),
        format!("{} {} {}", 500_000_000, 64 << 20, 16 << 20)
    );
    let env = inspect(&n1, "{{json .Config.Env}}");
    for e in [
        "USER_ID=1",
        "LICENSE_SERVER=27000@license.example",
        "CONTEXT_TAGS=course-1",
    ] {
        assert!(env.contains(e), "{e} in {env}");
    }
    let binds = inspect(&n1, "{{json .HostConfig.Binds}}");
    assert!(
        binds.contains(&format!(
            "{}/user_1:/home/matlab/shared:rw",
            ws.data_root.display()
        )),
        "{binds}"
    );
    let ports = inspect(&n1, "{{json .HostConfig.PortBindings}}");
    assert!(
        ports.contains(&format!("\"{}\"", ws.http_base + 1))
            && ports.contains(&format!("\"{}\"", ws.ws_base + 1)),
        "{ports}"
    );
    assert!(
        ports.contains("\"HostIp\":\"127.0.0.1\"") && !ports.contains("\"HostIp\":\"\""),
        "workspaces.publish_ip: {ports}"
    );
    assert_eq!(
        inspect(&n1, "{{.HostConfig.RestartPolicy.Name}}"),
        "unless-stopped"
    );
    // The data layout of the old service, created on first create.
    let user_dir = ws.data_root.join("user_1");
    for d in [
        "commands",
        "results",
        "scripts",
        "logs",
        "command_queue",
        "models",
        "Documents/MATLAB",
    ] {
        assert!(user_dir.join(d).is_dir(), "{d}");
    }
    assert!(user_dir.join("logs/container.log").is_file());

    // Health when running: every field, the old formats.
    let h = wait_healthy(&s, &n1).await;
    let keys: HashSet<&str> = h.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        HashSet::from([
            "container_id",
            "status",
            "started_at",
            "cpu_usage",
            "memory_usage",
            "memory_percent",
            "web_service",
            "websocket_service",
            "http_port",
            "ws_port"
        ])
    );
    assert_eq!(h["container_id"], n1.as_str());
    assert_eq!(h["status"], "running");
    assert_eq!(h["http_port"], ws.http_base + 1);
    let started = h["started_at"].as_str().unwrap();
    assert!(
        started.len() == 24 && started.ends_with('Z') && started.as_bytes()[10] == b'T',
        "{started}"
    );
    assert!(
        chrono::DateTime::parse_from_rfc3339(started).is_ok(),
        "{started}"
    );
    assert!(h["cpu_usage"].as_str().unwrap().ends_with('%'));
    assert!(h["memory_usage"].as_str().unwrap().ends_with("GiB"));
    assert!(h["memory_percent"].as_str().unwrap().ends_with('%'));

    // Again: 200 already_running, same ports.
    assert_eq!(
        create(&s, json!(1)).await,
        (
            StatusCode::OK,
            json!({"container_id": n1, "http_port": ws.http_base + 1, "ws_port": ws.ws_base + 1,
            "status": "already_running", "message": "Container is already running"})
        )
    );

    // List: the exact entry shape.
    let (st, l) = compat(&s, Method::GET, "/list", None).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(l["total"], 1);
    let e = &l["containers"][0];
    assert_eq!(
        (
            e["container_id"].as_str(),
            e["user_id"].as_i64(),
            e["status"].as_str()
        ),
        (Some(n1.as_str()), Some(1), Some("running"))
    );
    assert_eq!(
        (e["http_port"].as_u64(), e["ws_port"].as_u64()),
        (
            Some(u64::from(ws.http_base) + 1),
            Some(u64::from(ws.ws_base) + 1)
        )
    );
    let created = e["created"].as_str().unwrap();
    assert!(
        chrono::NaiveDateTime::parse_from_str(created, "%Y-%m-%d %H:%M:%S").is_ok(),
        "{created}"
    );

    // Unhealthy probes: the web server dies, the WebSocket listener stays.
    exec(&n1, &["killall", "httpd"]);
    let (_, h) = compat(&s, Method::GET, &format!("/health/{n1}"), None).await;
    assert_eq!(
        (h["web_service"].as_str(), h["websocket_service"].as_str()),
        (Some("unhealthy"), Some("healthy")),
        "{h}"
    );

    // Restart: 200, same container, same ports, probes back.
    let id_before = inspect(&n1, "{{.Id}}");
    assert_eq!(
        compat(&s, Method::POST, &format!("/restart/{n1}"), None).await,
        (
            StatusCode::OK,
            json!({"message": "Container restarted successfully", "container_id": n1})
        )
    );
    assert_eq!(inspect(&n1, "{{.Id}}"), id_before);
    assert_eq!(inspect(&n1, "{{json .HostConfig.PortBindings}}"), ports);
    wait_healthy(&s, &n1).await;

    // Stopped outside: health says stopped, the list follows, create starts it.
    docker(&docker_host(), &["stop", "-t", "1", &n1]);
    assert_eq!(
        compat(&s, Method::GET, &format!("/health/{n1}"), None).await,
        (
            StatusCode::OK,
            json!({"container_id": n1, "status": "stopped", "started_at": "unknown"})
        )
    );
    assert_eq!(
        compat(&s, Method::GET, "/list", None).await.1["containers"][0]["status"],
        "stopped"
    );
    let (st, b) = create(&s, json!(1)).await;
    assert_eq!(st, StatusCode::OK, "{b}");
    assert_eq!(
        (b["status"].as_str(), b["message"].as_str()),
        (Some("running"), Some("Container started successfully"))
    );
    wait_healthy(&s, &n1).await;

    // Persistence: a file written inside survives destroy + create, same ports.
    exec(
        &n1,
        &[
            "sh",
            "-c",
            "echo kept > /home/matlab/shared/results/keep.txt",
        ],
    );
    assert_eq!(
        compat(&s, Method::POST, &format!("/destroy/{n1}"), None).await,
        (
            StatusCode::OK,
            json!({"message": "Container destroyed successfully", "container_id": n1})
        )
    );
    assert_eq!(
        compat(&s, Method::GET, "/list", None).await.1,
        json!({"total": 0, "containers": []})
    );
    assert!(
        user_dir.join("results/keep.txt").is_file(),
        "data stays on destroy"
    );
    // Absent: the three 404 shapes (destroy says "message", the others "error").
    assert_eq!(
        compat(&s, Method::POST, &format!("/destroy/{n1}"), None).await,
        (
            StatusCode::NOT_FOUND,
            json!({"message": "Container not found", "container_id": n1})
        )
    );
    assert_eq!(
        compat(&s, Method::GET, &format!("/health/{n1}"), None).await,
        (
            StatusCode::NOT_FOUND,
            json!({"error": "Container not found", "container_id": n1})
        )
    );
    assert_eq!(
        compat(&s, Method::POST, &format!("/restart/{n1}"), None).await,
        (
            StatusCode::NOT_FOUND,
            json!({"error": "Container not found", "container_id": n1})
        )
    );
    for junk in [
        "matlab-user-1",
        "nobody",
        &ws.name(0),
        &ws.name(61),
        &format!("{}01", ws.prefix),
    ] {
        assert_eq!(
            compat(&s, Method::GET, &format!("/health/{junk}"), None).await,
            (
                StatusCode::NOT_FOUND,
                json!({"error": "Container not found", "container_id": junk})
            )
        );
    }
    let (st, b) = create(&s, json!(1)).await;
    assert_eq!(
        (st, b["http_port"].as_u64(), b["ws_port"].as_u64()),
        (
            StatusCode::CREATED,
            Some(u64::from(ws.http_base) + 1),
            Some(u64::from(ws.ws_base) + 1)
        )
    );
    assert_eq!(
        exec(&n1, &["cat", "/home/matlab/shared/results/keep.txt"]),
        "kept\n"
    );

    // Workspaces are not instance orphans (the instance reconciler skips them).
    let (st, orphans) = s.get("/api/v1/admin/orphans", &s.admin_token).await;
    assert_eq!(st, StatusCode::OK, "{orphans}");
    assert!(
        !orphans.to_string().contains(&n1),
        "workspace reported as an orphan: {orphans}"
    );

    // The admin API sees the same workspace, with live probes.
    let (st, d) = s.get("/api/v1/workspaces/1", &s.admin_token).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    assert_eq!(d["workspace"]["container_name"], n1.as_str());
    assert_eq!(d["health"]["running"], true);
    let (st, l) = s.get("/api/v1/workspaces", &s.admin_token).await;
    assert_eq!((st, l["total"].as_i64()), (StatusCode::OK, Some(1)), "{l}");
    let (st, p) = s.get("/api/v1/workspaces/profile", &s.admin_token).await;
    assert_eq!(
        (st, p["max_users"].as_i64()),
        (StatusCode::OK, Some(60)),
        "{p}"
    );
    let (st, r) = s
        .call(
            Method::POST,
            "/api/v1/workspaces/1/restart",
            Some(&s.admin_token),
            None,
        )
        .await;
    assert_eq!(
        (st, r["status"].as_str()),
        (StatusCode::OK, Some("running")),
        "{r}"
    );
    let (st, _) = s
        .call(
            Method::DELETE,
            "/api/v1/workspaces/1",
            Some(&s.admin_token),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (st, e) = s.get("/api/v1/workspaces/1", &s.admin_token).await;
    assert_eq!(st, StatusCode::NOT_FOUND, "{e}");
    let (st, e) = s
        .post("/api/v1/workspaces", &s.admin_token, json!({"user_id": 99}))
        .await;
    assert_eq!(
        (st, e["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("user_id")),
        "{e}"
    );
    let (st, c) = s
        .post("/api/v1/workspaces", &s.admin_token, json!({"user_id": 2}))
        .await;
    assert_eq!(
        (st, c["outcome"].as_str()),
        (StatusCode::CREATED, Some("created")),
        "{c}"
    );
    // A node that carries a workspace cannot be deleted, even with force: 409
    // naming why (the database's foreign key, not a 500), and the node stays.
    let (_, d) = s.get("/api/v1/workspaces/2", &s.admin_token).await;
    let node = d["workspace"]["node_id"]
        .as_i64()
        .expect("workspace node_id");
    for force in ["", "?force=true"] {
        let (st, e) = s
            .call(
                Method::DELETE,
                &format!("/api/v1/nodes/{node}{force}"),
                Some(&s.admin_token),
                None,
            )
            .await;
        assert_eq!(st, StatusCode::CONFLICT, "{e}");
        assert!(
            e["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("workspaces")),
            "{e}"
        );
    }
    let (st, _) = s
        .get(&format!("/api/v1/nodes/{node}"), &s.admin_token)
        .await;
    assert_eq!(st, StatusCode::OK);
    s.stop().await;
}
on_both!(contract);

async fn one_user_twenty_creates(site: &Site) {
    let ws = setup(site, 1);
    let s = TestServer::start_with(ws.config.clone(), crate::harness::ADMIN_PASSWORD).await;
    let calls = (0..20).map(|_| create(&s, json!(7)));
    let results = futures::future::join_all(calls).await;
    let created = results
        .iter()
        .filter(|(st, _)| *st == StatusCode::CREATED)
        .count();
    let existing = results
        .iter()
        .filter(|(st, b)| *st == StatusCode::OK && b["status"] == "already_running")
        .count();
    assert_eq!((created, existing), (1, 19), "{results:?}");
    let names = docker(
        &docker_host(),
        &[
            "ps",
            "-a",
            "--format",
            "{{.Names}}",
            "--filter",
            &format!("name=^/{}", ws.prefix),
        ],
    );
    assert_eq!(
        names.split_whitespace().collect::<Vec<_>>(),
        [ws.name(7).as_str()]
    );
    assert_eq!(compat(&s, Method::GET, "/list", None).await.1["total"], 1);
    s.stop().await;
}
on_both!(one_user_twenty_creates);

async fn fifty_users_at_once(site: &Site) {
    let ws = setup(site, 2);
    let s = TestServer::start_with(ws.config.clone(), crate::harness::ADMIN_PASSWORD).await;
    let calls = (1..=50).map(|u| create(&s, json!(u)));
    let results = futures::future::join_all(calls).await;
    for (st, b) in &results {
        assert_eq!(*st, StatusCode::CREATED, "{b}");
    }
    let mut ports = HashSet::new();
    for (_, b) in &results {
        assert!(ports.insert(b["http_port"].as_u64().unwrap()));
        assert!(ports.insert(b["ws_port"].as_u64().unwrap()));
    }
    assert_eq!(ports.len(), 100, "no port handed out twice");
    let running = docker(
        &docker_host(),
        &["ps", "-q", "--filter", &format!("name=^/{}", ws.prefix)],
    );
    assert_eq!(running.split_whitespace().count(), 50);
    let (_, l) = compat(&s, Method::GET, "/list", None).await;
    assert_eq!(l["total"], 50);
    let users: Vec<i64> = l["containers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["user_id"].as_i64().unwrap())
        .collect();
    assert_eq!(users, (1..=50).collect::<Vec<_>>(), "ordered by user id");
    // Every published port answers: docker-proxy really bound them all.
    for u in [1, 25, 50] {
        wait_healthy(&s, &ws.name(u)).await;
    }
    s.stop().await;
}
on_both!(fifty_users_at_once);

async fn busy_port_fails_cleanly(site: &Site) {
    let ws = setup(site, 3);
    let s = TestServer::start_with(ws.config.clone(), crate::harness::ADMIN_PASSWORD).await;
    let port = ws.ws_base + 3;
    let squatter = std::net::TcpListener::bind(("0.0.0.0", port)).unwrap();
    let (st, b) = create(&s, json!(3)).await;
    assert_eq!(
        (st, b),
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"error": format!("Failed to create container: port {port} already in use")})
        )
    );
    // Nothing half-created: no container, no record, no data directory.
    let left = docker(
        &docker_host(),
        &["ps", "-aq", "--filter", &format!("name=^/{}", ws.prefix)],
    );
    assert!(left.trim().is_empty(), "left behind: {left}");
    assert_eq!(compat(&s, Method::GET, "/list", None).await.1["total"], 0);
    assert!(!ws.data_root.join("user_3").exists());
    drop(squatter);
    let (st, b) = create(&s, json!(3)).await;
    assert_eq!(st, StatusCode::CREATED, "{b}");
    s.stop().await;
}
on_both!(busy_port_fails_cleanly);

async fn survives_restart(site: &Site) {
    let ws = setup(site, 4);
    let s = TestServer::start_with(ws.config.clone(), crate::harness::ADMIN_PASSWORD).await;
    for u in [1, 2, 3] {
        assert_eq!(create(&s, json!(u)).await.0, StatusCode::CREATED);
    }
    s.stop().await;
    // While the server is down: user 1 stopped outside, user 2's record lost,
    // user 3's container replaced by one a create left never started.
    docker(&docker_host(), &["stop", "-t", "1", &ws.name(1)]);
    match site.backend {
        Backend::Sqlite => {
            let url = format!("sqlite://{}", site.data_dir().join("tianqi.db").display());
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            sqlx::query("DELETE FROM workspaces WHERE user_id = 2")
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&site.database_url).await.unwrap();
            sqlx::query("DELETE FROM workspaces WHERE user_id = 2")
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        }
    }
    let labels = inspect(&ws.name(3), "{{json .Config.Labels}}");
    let labels: serde_json::Map<String, Value> = serde_json::from_str(&labels).unwrap();
    docker(&docker_host(), &["rm", "-f", &ws.name(3)]);
    let mut args: Vec<String> = vec!["create".into(), "--name".into(), ws.name(3)];
    for (k, v) in &labels {
        args.push("--label".into());
        args.push(format!("{k}={}", v.as_str().unwrap()));
    }
    args.push(IMAGE.into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    docker(&docker_host(), &args);

    let s = TestServer::start_with(ws.config.clone(), crate::harness::ADMIN_PASSWORD).await;
    let start = Instant::now();
    let want = json!([[1, "stopped"], [2, "running"]]);
    loop {
        let (_, l) = compat(&s, Method::GET, "/list", None).await;
        let got: Vec<Value> = l["containers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| json!([c["user_id"], c["status"]]))
            .collect();
        let leftover_gone = docker(
            &docker_host(),
            &["ps", "-aq", "--filter", &format!("name=^/{}$", ws.name(3))],
        )
        .trim()
        .is_empty();
        if Value::Array(got.clone()) == want && leftover_gone {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "not reconciled: {got:?}, leftover gone: {leftover_gone}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The recovered workspaces work as before.
    assert_eq!(create(&s, json!(2)).await.1["status"], "already_running");
    assert_eq!(
        create(&s, json!(1)).await.1["message"],
        "Container started successfully"
    );
    assert_eq!(create(&s, json!(3)).await.0, StatusCode::CREATED);
    s.stop().await;
}
on_both!(survives_restart);

async fn access_control(site: &Site) {
    // Nothing in workspaces needs Docker here: the guard answers first.
    let mut c = site.config();
    c.workspaces.compat.allow_cidrs = String::new();
    c.workspaces.compat.token = "compat-secret-token".into();
    let port = free_port();
    c.workspaces.compat.listen = format!("127.0.0.1:{port}");
    let s = TestServer::start_with(c, crate::harness::ADMIN_PASSWORD).await;
    // On the main listener only the compat token admits (loopback is what a
    // same-host reverse proxy looks like).
    for token in [None, Some("wrong"), Some(s.admin_token.as_str())] {
        let (st, b) = s.call(Method::GET, &format!("{P}/list"), token, None).await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{b}");
        assert_eq!(
            b["error"], "Forbidden: no valid bearer token was given",
            "{b}"
        );
    }
    let (st, b) = s
        .call(
            Method::GET,
            &format!("{P}/list"),
            Some("compat-secret-token"),
            None,
        )
        .await;
    assert_eq!(
        (st, b),
        (StatusCode::OK, json!({"total": 0, "containers": []}))
    );
    // The OpenAPI document lists the compat operations under the prefix with
    // their own security scheme (the access matrix walks them).
    let (_, doc) = s.call(Method::GET, "/api/openapi.json", None, None).await;
    for (path, method) in [
        ("/create", "post"),
        ("/destroy/{container_id}", "post"),
        ("/health/{container_id}", "get"),
        ("/list", "get"),
        ("/restart/{container_id}", "post"),
    ] {
        let op = &doc["paths"][format!("{P}{path}")][method];
        assert_eq!(op["security"], json!([{"compat": []}]), "{path}: {op}");
    }
    assert!(
        doc["paths"]["/api/v1/workspaces/{id}"]["get"]["security"]
            == json!([{"bearer": ["admin"]}])
    );
    // The dedicated listener serves the same routes at `/`: by address (none
    // listed here) or the token.
    let http = reqwest::Client::new();
    let res = http
        .get(format!("http://127.0.0.1:{port}/list"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let b: Value = res.json().await.unwrap();
    assert!(
        b["error"]
            .as_str()
            .unwrap()
            .starts_with("Forbidden: 127.0.0.1"),
        "{b}"
    );
    let res = http
        .get(format!("http://127.0.0.1:{port}/list"))
        .bearer_auth("compat-secret-token")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["total"], 0);
    s.stop().await;
}
on_both!(access_control);

/// The review's bypasses, each closed: with the default configuration the
/// main listener's compat routes refuse a loopback caller without the token;
/// the dedicated listener believes only its peer (a forged X-Forwarded-For
/// neither admits nor hides), answers only to known hosts (DNS rebinding),
/// and refuses a mutation from another site's page — while the seed's own
/// curl (no content type, no Origin) still works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compat_routes_are_closed_by_default_and_cannot_be_tricked() {
    let site = Site::new(Backend::Sqlite).await;
    let mut c = site.config();
    let port = free_port();
    c.workspaces.compat.listen = format!("127.0.0.1:{port}");
    c.workspaces.compat.allow_cidrs = "203.0.113.0/24".into();
    c.http.trusted_proxies = "127.0.0.0/8".into();
    let s = TestServer::start_with(c, crate::harness::ADMIN_PASSWORD).await;
    let (st, b) = s.call(Method::GET, &format!("{P}/list"), None, None).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{b}");
    assert!(
        b["error"]
            .as_str()
            .unwrap()
            .contains("workspaces.compat.token"),
        "says how to open it: {b}"
    );
    let http = reqwest::Client::new();
    let dedicated = format!("http://127.0.0.1:{port}");
    // A forged hop from the allowed network does not admit: the peer is loopback.
    let res = http
        .get(format!("{dedicated}/list"))
        .header("X-Forwarded-For", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    s.stop().await;

    let mut c = site.config();
    c.workspaces.compat.listen = format!("127.0.0.1:{port}");
    c.workspaces.compat.allowed_hosts = "ws.example.org".into();
    let s = TestServer::start_with(c, crate::harness::ADMIN_PASSWORD).await;
    let list = |host: &'static str| {
        http.get(format!("{dedicated}/list"))
            .header("Host", host)
            .send()
    };
    assert_eq!(list("127.0.0.1").await.unwrap().status(), StatusCode::OK);
    assert_eq!(
        list("ws.example.org:8080").await.unwrap().status(),
        StatusCode::OK
    );
    let res = list("rebound.attacker.example").await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "DNS rebinding");
    // A page on another site cannot make the browser create or destroy.
    let res = http
        .post(format!("{dedicated}/create"))
        .header("Origin", "http://evil.example")
        .body(r#"{"user_id": 1}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let b: Value = res.json().await.unwrap();
    assert!(b["error"].as_str().unwrap().contains("evil.example"), "{b}");
    // The seed's curl: `curl -X POST …/create -d '{"user_id": 1}'` (a form
    // content type, no Origin). Workspaces have no node here, so it gets the
    // old 500 shape — past the guard.
    let out = tokio::process::Command::new("curl")
        .args(["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST"])
        .arg(format!("{dedicated}/create"))
        .args(["-d", r#"{"user_id": 1}"#])
        .output()
        .await
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "500");
    s.finish(site).await;
}

/// The seed's Python client (requests, retry with backoff on 5xx, none on 400)
/// against the dedicated compat listener, as old deployments call it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_client_from_the_integration_guide() {
    let site = Site::new(Backend::Sqlite).await;
    let mut ws = setup(&site, 5);
    let port = free_port();
    ws.config.workspaces.compat.listen = format!("127.0.0.1:{port}");
    let s = TestServer::start_with(ws.config.clone(), crate::harness::ADMIN_PASSWORD).await;
    let busy_user = 9;
    let _squatter = std::net::TcpListener::bind(("0.0.0.0", ws.http_base + busy_user)).unwrap();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/api/clients/matlab_client.py"
    );
    let out = tokio::process::Command::new("/usr/bin/python3")
        .arg(script)
        .arg(format!("http://127.0.0.1:{port}"))
        .arg("4")
        .arg(busy_user.to_string())
        .arg("60")
        .output()
        .await
        .expect("/usr/bin/python3 runs (Debian python3 with python3-requests)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("OK"),
        "python client failed:\n{stdout}\n{stderr}"
    );
    s.finish(site).await;
}

/// Idle culling (`workspaces.idle_stop_minutes`): a workspace doing nothing is
/// stopped once idle that long on the server's clock, its container and data
/// kept, and `/create` starts the same container again; one running a process
/// started by exec (a user's session) is not.
async fn idle_workspaces_are_stopped_and_keep_their_data(site: &Site) {
    let mut ws = setup(site, 6);
    ws.config.workspaces.idle_stop_minutes = 1;
    ws.config.instances.autostop_interval_secs = 1;
    let s = TestServer::start_with(ws.config.clone(), crate::harness::ADMIN_PASSWORD).await;
    for user in [3, 4] {
        let (st, b) = create(&s, json!(user)).await;
        assert_eq!(st, StatusCode::CREATED, "{b}");
        wait_healthy(&s, &ws.name(user)).await;
    }
    let (idle, busy) = (ws.name(3), ws.name(4));
    exec(
        &idle,
        &["sh", "-c", "echo kept > /home/matlab/shared/note.txt"],
    );
    docker(&docker_host(), &["exec", "-d", &busy, "sleep", "600"]);
    // A few rounds on the real engine's counters, then an idle minute on the
    // server's clock.
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(inspect(&idle, "{{.State.Running}}"), "true");
    s.clock.advance(Duration::from_secs(61));
    let start = Instant::now();
    while inspect(&idle, "{{.State.Running}}") == "true" {
        assert!(start.elapsed() < Duration::from_secs(20), "not culled");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        inspect(&busy, "{{.State.Running}}"),
        "true",
        "a session is use"
    );
    let list = compat(&s, Method::GET, "/list", None).await.1;
    let status_of = |name: &str| {
        list["containers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["container_id"] == name)
            .map(|c| c["status"].clone())
    };
    assert_eq!(status_of(&idle), Some(json!("stopped")), "{list}");
    assert_eq!(status_of(&busy), Some(json!("running")), "{list}");
    let (st, log) = s
        .get("/api/v1/audit?route=autostop:workspace", &s.admin_token)
        .await;
    assert_eq!(st, StatusCode::OK, "{log}");
    assert_eq!(log["total"], 1, "{log}");
    assert!(
        log["items"][0]["detail"].as_str().unwrap().contains(&idle),
        "{log}"
    );

    // The same container starts again, with its data.
    let (st, b) = create(&s, json!(3)).await;
    assert_eq!(
        (st, &b["status"]),
        (StatusCode::OK, &json!("running")),
        "{b}"
    );
    wait_healthy(&s, &idle).await;
    assert_eq!(
        exec(&idle, &["cat", "/home/matlab/shared/note.txt"]).trim(),
        "kept"
    );
    s.stop().await;
}
on_both!(idle_workspaces_are_stopped_and_keep_their_data);
