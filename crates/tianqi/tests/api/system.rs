//! The system monitor against this machine: its figures are checked against
//! /proc read here independently, a process the test starts to burn CPU shows
//! in the top list, the WebSocket pushes snapshots (with the real dockerd as a
//! node) and ends when the admin signs out, users are refused, and the Mini
//! PM2 monitoring routes answer with psutil's field names.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::fixtures::docker_node;
use crate::harness::{assert_error, Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;
use crate::ws::{frame_after, next_json, Ws};

fn proc_field(file: &str, key: &str) -> u64 {
    let text = std::fs::read_to_string(file).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with(key))
        .unwrap_or_else(|| panic!("{key} in {file}"));
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn mem_total_bytes() -> u64 {
    proc_field("/proc/meminfo", "MemTotal:") * 1024
}

fn logical_cpus() -> usize {
    std::fs::read_to_string("/proc/cpuinfo")
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("processor"))
        .count()
}

/// Interfaces as /proc/net/dev lists them.
fn interfaces() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_to_string("/proc/net/dev")
        .unwrap()
        .lines()
        .skip(2)
        .filter_map(|l| l.split(':').next())
        .map(|n| n.trim().to_owned())
        .collect();
    names.sort();
    names
}

/// A process that keeps one CPU busy until dropped.
struct Burner(Child);

impl Burner {
    fn start() -> Self {
        Self(
            Command::new("yes")
                .stdout(Stdio::null())
                .spawn()
                .expect("yes runs"),
        )
    }

    fn pid(&self) -> u64 {
        u64::from(self.0.id())
    }
}

impl Drop for Burner {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Host figures equal what /proc says; the burner is in the top CPU list.
async fn host_figures_match_proc(site: &Site) {
    let s = TestServer::start(site).await;
    let a = s.admin_token.clone();
    let burner = Burner::start();

    let (st, h) = s.get("/api/v1/system/host", &a).await;
    assert_eq!(st, StatusCode::OK, "{h}");
    assert_eq!(h["memory"]["total_bytes"].as_u64(), Some(mem_total_bytes()));
    let used = h["memory"]["used_bytes"].as_u64().unwrap();
    let available = h["memory"]["available_bytes"].as_u64().unwrap();
    assert_eq!(used + available, mem_total_bytes(), "{}", h["memory"]);
    let avail_now = proc_field("/proc/meminfo", "MemAvailable:") * 1024;
    // other helpers build beside us: memory moves, but not by a quarter
    assert!(
        available.abs_diff(avail_now) < mem_total_bytes() / 4,
        "available {available} vs MemAvailable {avail_now}"
    );
    assert_eq!(h["cpu"]["cores"].as_u64(), Some(logical_cpus() as u64));
    assert_eq!(
        h["cpu"]["per_core_percent"].as_array().unwrap().len(),
        logical_cpus()
    );
    let cpu = h["cpu"]["usage_percent"].as_f64().unwrap();
    assert!((0.0..=100.0).contains(&cpu), "{cpu}");
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (h["uptime_secs"].as_f64().unwrap() - uptime).abs() < 10.0,
        "uptime {} vs /proc/uptime {uptime}",
        h["uptime_secs"]
    );
    let load1: f64 = std::fs::read_to_string("/proc/loadavg")
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (h["load"]["one"].as_f64().unwrap() - load1).abs() < 2.0,
        "load {} vs /proc/loadavg {load1}",
        h["load"]
    );
    // Container interfaces (veth*, br-*) come and go with other tests' and
    // other engines' containers; the others must be exactly /proc's.
    let stable = |n: &String| !n.starts_with("veth") && !n.starts_with("br-");
    let net: Vec<String> = h["network"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["interface"].as_str().unwrap().to_owned())
        .filter(stable)
        .collect();
    let proc_net: Vec<String> = interfaces().into_iter().filter(stable).collect();
    assert_eq!(net, proc_net);
    assert!(net.iter().any(|n| n == "lo"), "{net:?}");
    // the root filesystem, sized as statvfs says (df's blocks)
    let root = h["disks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["mount_point"] == "/")
        .unwrap_or_else(|| panic!("/ among {}", h["disks"]))
        .clone();
    let df = Command::new("df")
        .args(["-B1", "--output=size", "/"])
        .output()
        .unwrap();
    let size: u64 = String::from_utf8_lossy(&df.stdout)
        .lines()
        .nth(1)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(root["total_bytes"].as_u64(), Some(size), "{root}");
    assert!(h["process_count"].as_u64().unwrap() > 5);
    assert_eq!(h["top_cpu"].as_array().unwrap().len(), 10);
    // largest first
    let mem: Vec<u64> = h["top_memory"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["memory_bytes"].as_u64().unwrap())
        .collect();
    assert!(mem.windows(2).all(|w| w[0] >= w[1]), "{mem:?}");

    // the burner shows at the top by CPU within a few samples
    let deadline = Instant::now() + Duration::from_secs(15);
    let found = loop {
        tokio::time::sleep(Duration::from_millis(1200)).await;
        let (_, h) = s.get("/api/v1/system/host", &a).await;
        let hit = h["top_cpu"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["pid"].as_u64() == Some(burner.pid()))
            .cloned();
        if let Some(p) = hit {
            break p;
        }
        assert!(Instant::now() < deadline, "burner not in {}", h["top_cpu"]);
    };
    assert_eq!(found["name"], "yes");
    // one busy core, shared with whatever else this machine runs
    assert!(found["cpu_percent"].as_f64().unwrap() > 10.0, "{found}");
    drop(burner);

    // users and strangers are refused
    let (_, user) = s.user("ursula", "user").await;
    for path in ["/api/v1/system/host", "/api/v1/system/nodes"] {
        let r = s.get(path, &user).await;
        assert_error(&r, StatusCode::FORBIDDEN, "forbidden", None);
        let (st, _) = s.call(Method::GET, path, None, None).await;
        assert_eq!(st, StatusCode::UNAUTHORIZED);
    }
    s.stop().await;
}

on_both!(host_figures_match_proc);

async fn connect(
    s: &TestServer,
    query: &str,
    token: &str,
    origin: Option<&str>,
) -> Result<Ws, u16> {
    let path = format!("/api/v1/system/ws{query}");
    crate::ws::connect(s, &path, "tianqi.system", token, origin).await
}

/// Snapshots pushed every second with the real dockerd as a node; the socket
/// ends when its token is signed out; users, other origins and a bad
/// interval are refused before any upgrade.
async fn stream_pushes_and_ends(site: &Site) {
    let s = TestServer::start(site).await;
    let node = docker_node(&s, json!({"name": "mon", "cpu_cores": 2, "memory_gb": 2})).await;
    let admin = s.login_ok("admin", ADMIN_PASSWORD).await;
    let (_, user) = s.user("ulrich", "user").await;

    assert_eq!(connect(&s, "", &user, None).await.err(), Some(403));
    assert_eq!(connect(&s, "", "tqs_forged", None).await.err(), Some(401));
    assert_eq!(
        connect(&s, "", &admin, Some("http://evil.example"))
            .await
            .err(),
        Some(403)
    );
    assert_eq!(
        connect(&s, "?interval=0", &admin, None).await.err(),
        Some(422)
    );

    let mut ws = connect(&s, "?interval=1", &admin, Some(&s.base.clone()))
        .await
        .expect("an admin from this origin gets in");
    let started = Instant::now();
    let mut snapshots = Vec::new();
    while snapshots.len() < 3 {
        let f = next_json(&mut ws).await.expect("a snapshot");
        assert_eq!(f["type"], "snapshot", "{f}");
        snapshots.push(f);
    }
    // three frames: one at once, then one a second
    assert!(
        started.elapsed() >= Duration::from_millis(1800),
        "{:?}",
        started.elapsed()
    );
    // fresh readings, not one repeated (the snapshot's `at` is the server's
    // injected clock, which these tests hold still)
    let up: Vec<u64> = snapshots
        .iter()
        .map(|f| f["host"]["uptime_secs"].as_u64().unwrap())
        .collect();
    assert!(up[0] < up[2], "fresh samples: {up:?}");
    let last = snapshots.last().unwrap();
    assert_eq!(
        last["host"]["memory"]["total_bytes"].as_u64(),
        Some(mem_total_bytes())
    );
    // the local dockerd is this machine: its figures are /proc's
    let n = &last["nodes"][0];
    assert_eq!(n["node_id"], node["id"], "{n}");
    assert_eq!(n["reachable"], true, "{n}");
    assert_eq!(n["cpus"].as_u64(), Some(logical_cpus() as u64), "{n}");
    assert_eq!(n["memory_bytes"].as_u64(), Some(mem_total_bytes()), "{n}");
    assert!(!n["server_version"].as_str().unwrap().is_empty(), "{n}");
    let (st, nodes) = s.get("/api/v1/system/nodes", &admin).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(nodes[0]["name"], "mon");

    // signing out ends the socket at once
    let (st, _) = s
        .call(Method::POST, "/api/v1/auth/logout", Some(&admin), None)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let end = frame_after(&mut ws, "snapshot").await;
    assert_eq!(end, json!({"type": "end", "reason": "access ended"}));
    assert!(
        next_json(&mut ws).await.is_none(),
        "closed after the end frame"
    );
    s.stop().await;
}

on_both!(stream_pushes_and_ends);

/// `/api/monitoring/metrics`, `/api/system/info`, `/api/system/processes`
/// of Mini PM2 with psutil's names, behind the compat token.
async fn pm2_monitoring(site: &Site) {
    let mut config = site.config();
    config.tasks.compat.token = "pm2-secret".into();
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let tok = Some("pm2-secret");
    let get = |path: &str, token: Option<&'static str>| {
        let url = format!("/compat/pm2{path}");
        let s = &s;
        async move { s.call(Method::GET, &url, token, None).await }
    };
    let (st, body) = get("/api/monitoring/metrics", None).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{body}");
    assert!(body["detail"].is_string(), "{body}");

    let (st, m) = get("/api/monitoring/metrics", tok).await;
    assert_eq!(st, StatusCode::OK, "{m}");
    assert_eq!(m["memory"]["total"].as_u64(), Some(mem_total_bytes()));
    assert_eq!(m["cpu"]["count"].as_u64(), Some(logical_cpus() as u64));
    assert_eq!(m["cpu_percent"], m["cpu"]["percent"]);
    assert_eq!(m["memory_percent"], m["memory"]["percent"]);
    assert!(m["disk"]["total"].as_u64().unwrap() > 0, "{m}");
    assert_eq!(m["cpu"]["load_average"].as_array().unwrap().len(), 3);
    assert!(m["network"]["bytes_recv"].as_u64().is_some(), "{m}");

    let (st, i) = get("/api/system/info", tok).await;
    assert_eq!(st, StatusCode::OK, "{i}");
    assert_eq!(i["platform"], "linux");
    assert_eq!(i["memory_total"].as_u64(), Some(mem_total_bytes()));
    assert_eq!(i["cpu_count_logical"].as_u64(), Some(logical_cpus() as u64));
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap();
    assert_eq!(i["platform_release"], release.trim());
    assert_eq!(i["architecture"], std::env::consts::ARCH);

    let burner = Burner::start();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        tokio::time::sleep(Duration::from_millis(1200)).await;
        let (st, p) = get("/api/system/processes", tok).await;
        assert_eq!(st, StatusCode::OK, "{p}");
        let list = p["processes"].as_array().unwrap();
        assert!(list[0]["memory_rss"].as_u64().is_some(), "{p}");
        if list.iter().any(|x| x["pid"].as_u64() == Some(burner.pid())) {
            break;
        }
        assert!(Instant::now() < deadline, "burner not in {p}");
    }
    drop(burner);
    let (st, p) = get("/api/system/processes?sort_by=memory", tok).await;
    assert_eq!(st, StatusCode::OK);
    let rss: Vec<u64> = p["processes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["memory_rss"].as_u64().unwrap())
        .collect();
    assert!(rss.windows(2).all(|w| w[0] >= w[1]), "{rss:?}");
    let (st, e) = get("/api/system/processes?sort_by=disk", tok).await;
    assert_eq!(
        (st, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("sort_by"))
    );
    s.stop().await;
}

on_both!(pm2_monitoring);
