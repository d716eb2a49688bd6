//! Port forwarding through the API, on real loopback sockets: rules that go
//! live and stop within the request, counters in the API and in /metrics, bad
//! input, conflicts, a busy port as the rule's error state, rules restored by
//! a restart, and a rule following an instance's container on the private
//! dockerd across a restart that gives it a new address.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream, UdpSocket};

use crate::docker_env::{busybox_image, docker, docker_host, free_port};
use crate::fixtures::docker_node;
use crate::harness::{assert_error, Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;

async fn tcp_echo() -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = l.accept().await {
            tokio::spawn(async move {
                let (mut r, mut w) = s.split();
                let _ = tokio::io::copy(&mut r, &mut w).await;
            });
        }
    });
    addr
}

async fn round_trip(port: u16, payload: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut c = TcpStream::connect(("127.0.0.1", port)).await?;
    c.write_all(payload).await?;
    c.shutdown().await?;
    let mut back = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), c.read_to_end(&mut back))
        .await
        .map_err(|_| std::io::Error::other("no answer within 10 s"))??;
    Ok(back)
}

async fn patch(s: &TestServer, path: &str, body: Value) -> (StatusCode, Value) {
    s.call(Method::PATCH, path, Some(&s.admin_token), Some(body))
        .await
}

/// Polls the rule until `done` holds (at most `within`).
async fn wait_rule(
    s: &TestServer,
    id: i64,
    within: Duration,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let start = Instant::now();
    loop {
        let (st, rule) = s
            .get(&format!("/api/v1/port-forwards/{id}"), &s.admin_token)
            .await;
        assert_eq!(st, StatusCode::OK, "{rule}");
        if done(&rule) {
            return rule;
        }
        assert!(
            start.elapsed() < within,
            "rule {id} after {within:?}: {rule}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn lifecycle_and_counters(site: &Site) {
    let s = TestServer::start(site).await;
    let a = &s.admin_token;
    let echo = tcp_echo().await;
    let port = free_port();
    let (st, rule) = s
        .post(
            "/api/v1/port-forwards",
            a,
            json!({"source_ip": "127.0.0.1", "source_port": port, "protocol": "TCP",
                "target_ip": "127.0.0.1", "target_port": echo.port(), "description": "echo"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{rule}");
    let id = rule["id"].as_i64().unwrap();
    assert_eq!(rule["protocol"], "tcp");
    assert_eq!(rule["enabled"], true);
    assert_eq!(
        rule["live"]["state"], "listening",
        "live when created: {rule}"
    );
    assert_eq!(rule["live"]["target_address"], echo.to_string());

    let payload = vec![42u8; 200_000];
    assert_eq!(round_trip(port, &payload).await.unwrap(), payload);
    assert_eq!(round_trip(port, b"hi").await.unwrap(), b"hi");
    let rule = wait_rule(&s, id, Duration::from_secs(2), |r| {
        r["live"]["active_connections"] == 0
    })
    .await;
    let live = &rule["live"];
    assert_eq!(live["total_connections"], 2, "{rule}");
    assert_eq!(live["bytes_in"], 200_002);
    assert_eq!(live["bytes_out"], 200_002);

    // The per-rule series in /metrics.
    let text = s
        .http
        .get(s.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for needle in [
        format!("tianqi_forward_up{{rule=\"{id}\"}} 1"),
        format!("tianqi_forward_connections_total{{rule=\"{id}\"}} 2"),
        format!("tianqi_forward_bytes_in_total{{rule=\"{id}\"}} 200002"),
        format!("tianqi_forward_bytes_out_total{{rule=\"{id}\"}} 200002"),
        format!("tianqi_forward_connections_active{{rule=\"{id}\"}} 0"),
    ] {
        assert!(text.contains(&needle), "metrics lack {needle}");
    }

    // Disable: refused at once (the answer comes after the listener closed).
    let t = Instant::now();
    let (st, off) = s
        .post(&format!("/api/v1/port-forwards/{id}/disable"), a, json!({}))
        .await;
    assert_eq!(
        (st, &off["live"]["state"]),
        (StatusCode::OK, &json!("stopped")),
        "{off}"
    );
    assert!(
        round_trip(port, b"x").await.is_err(),
        "refused after disable"
    );
    assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
    assert_eq!(off["live"]["total_connections"], 2, "counters kept");
    let (st, on) = s
        .post(&format!("/api/v1/port-forwards/{id}/enable"), a, json!({}))
        .await;
    assert_eq!(
        (st, &on["live"]["state"]),
        (StatusCode::OK, &json!("listening"))
    );
    assert_eq!(round_trip(port, b"back").await.unwrap(), b"back");

    // Edit: another port rebinds within the request; the old one closes.
    let port2 = free_port();
    let (st, moved) = patch(
        &s,
        &format!("/api/v1/port-forwards/{id}"),
        json!({"source_port": port2}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{moved}");
    assert_eq!(
        (moved["source_port"].as_u64(), moved["description"].as_str()),
        (Some(u64::from(port2)), Some("echo"))
    );
    assert!(round_trip(port, b"x").await.is_err());
    assert_eq!(round_trip(port2, b"moved").await.unwrap(), b"moved");
    let (st, live) = s.get(&format!("/api/v1/port-forwards/{id}/live"), a).await;
    assert_eq!(
        (st, &live["state"]),
        (StatusCode::OK, &json!("listening")),
        "{live}"
    );

    // A UDP rule beside it, and the list's filters.
    let udp_echo = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let udp_target = udp_echo.local_addr().unwrap();
    tokio::spawn(async move {
        let mut buf = [0u8; 1500];
        while let Ok((n, peer)) = udp_echo.recv_from(&mut buf).await {
            let _ = udp_echo.send_to(&buf[..n], peer).await;
        }
    });
    let uport = free_port();
    let (st, udp) = s
        .post(
            "/api/v1/port-forwards",
            a,
            json!({"source_ip": "127.0.0.1", "source_port": uport, "protocol": "udp",
                "target_ip": "127.0.0.1", "target_port": udp_target.port(), "enabled": false}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{udp}");
    assert_eq!(udp["live"]["state"], "stopped");
    let uid = udp["id"].as_i64().unwrap();
    let (_, udp) = s
        .post(&format!("/api/v1/port-forwards/{uid}/enable"), a, json!({}))
        .await;
    assert_eq!(udp["live"]["state"], "listening", "{udp}");
    let c = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    c.send_to(b"ping", ("127.0.0.1", uport)).await.unwrap();
    let mut buf = [0u8; 16];
    let n = tokio::time::timeout(Duration::from_secs(5), c.recv(&mut buf))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(&buf[..n], b"ping");

    let (_, all) = s.get("/api/v1/port-forwards", a).await;
    assert_eq!(all["total"], 2);
    assert_eq!(all["items"][0]["id"], uid, "newest first");
    let (_, tcp) = s.get("/api/v1/port-forwards?protocol=tcp", a).await;
    assert_eq!(
        (tcp["total"].as_i64(), tcp["items"][0]["id"].as_i64()),
        (Some(1), Some(id))
    );
    let (_, off) = s.get("/api/v1/port-forwards?enabled=false", a).await;
    assert_eq!(off["total"], 0);
    let (_, by_ip) = s
        .get("/api/v1/port-forwards?source_ip=127.0.0&page_size=1", a)
        .await;
    assert_eq!(
        (
            by_ip["total"].as_i64(),
            by_ip["items"].as_array().map(Vec::len)
        ),
        (Some(2), Some(1))
    );
    let (_, ips) = s.get("/api/v1/port-forwards/server-ips", a).await;
    assert!(
        ips["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|ip| ip != "127.0.0.1"),
        "{ips}"
    );

    // Batch delete: a missing id deletes nothing; then both go, and close.
    let (st, body) = s
        .delete(&format!("/api/v1/port-forwards?ids={id},{uid},999999"), a)
        .await;
    assert_error(&(st, body), StatusCode::NOT_FOUND, "not_found", None);
    assert_eq!(s.get("/api/v1/port-forwards", a).await.1["total"], 2);
    let (st, _) = s
        .delete(&format!("/api/v1/port-forwards?ids={id},{uid}"), a)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    assert!(
        round_trip(port2, b"x").await.is_err(),
        "closed with the delete"
    );
    assert_eq!(s.get("/api/v1/port-forwards", a).await.1["total"], 0);
    let (st, _) = s.delete(&format!("/api/v1/port-forwards/{id}"), a).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    s.stop().await;
}
on_both!(lifecycle_and_counters);

async fn bad_input_and_conflicts(site: &Site) {
    // A fixed API port, so "this server's own port" has a number.
    let mut config = site.config();
    let api_port = free_port();
    config.listen = format!("127.0.0.1:{api_port}");
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let a = &s.admin_token;
    let port = free_port();
    let good = json!({"source_ip": "127.0.0.1", "source_port": port, "protocol": "tcp",
        "target_ip": "127.0.0.1", "target_port": 9});
    for (key, value, field) in [
        ("source_port", json!(0), "source_port"),
        ("source_port", json!(65536), "source_port"),
        ("target_port", json!(0), "target_port"),
        ("target_port", json!(65536), "target_port"),
        ("protocol", json!("icmp"), "protocol"),
        ("source_ip", json!("127.0.0.256"), "source_ip"),
        ("target_ip", json!("not-an-ip"), "target_ip"),
        ("target_ip", json!("0.0.0.0"), "target_ip"),
        ("target_port", json!(api_port), "target_port"),
        ("source_port", json!("80"), "source_port"),
    ] {
        let mut body = good.clone();
        body[key] = value.clone();
        let got = s.post("/api/v1/port-forwards", a, body).await;
        assert_error(
            &got,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        );
    }
    let mut body = good.clone();
    body.as_object_mut().unwrap().remove("target_ip");
    body["target_instance_id"] = json!(424242);
    let got = s.post("/api/v1/port-forwards", a, body).await;
    assert_error(
        &got,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("target_instance_id"),
    );
    let got = s
        .post("/api/v1/port-forwards", a, json!({"source_port": 1}))
        .await;
    assert_eq!(got.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        s.get("/api/v1/port-forwards", a).await.1["total"],
        0,
        "nothing half-created"
    );
    assert!(
        TcpStream::connect(("127.0.0.1", port)).await.is_err(),
        "nothing listens"
    );

    // Conflicts: the same source, and a wildcard covering it.
    let (st, first) = s.post("/api/v1/port-forwards", a, good.clone()).await;
    assert_eq!(st, StatusCode::CREATED, "{first}");
    let id = first["id"].as_i64().unwrap();
    let got = s.post("/api/v1/port-forwards", a, good.clone()).await;
    assert_error(&got, StatusCode::CONFLICT, "conflict", None);
    let mut wild = good.clone();
    wild["source_ip"] = json!("0.0.0.0");
    let got = s.post("/api/v1/port-forwards", a, wild.clone()).await;
    assert_error(&got, StatusCode::CONFLICT, "conflict", None);
    let mut udp = good.clone();
    udp["protocol"] = json!("udp");
    let (st, other) = s.post("/api/v1/port-forwards", a, udp).await;
    assert_eq!(
        st,
        StatusCode::CREATED,
        "UDP on the same port is another socket: {other}"
    );
    let oid = other["id"].as_i64().unwrap();
    let got = patch(
        &s,
        &format!("/api/v1/port-forwards/{oid}"),
        json!({"protocol": "tcp"}),
    )
    .await;
    assert_error(&got, StatusCode::CONFLICT, "conflict", None);
    let got = patch(
        &s,
        &format!("/api/v1/port-forwards/{id}"),
        json!({"target_port": 0}),
    )
    .await;
    assert_error(
        &got,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("target_port"),
    );
    let got = patch(
        &s,
        &format!("/api/v1/port-forwards/{id}"),
        json!({"target_ip": "1.2.3.4", "target_instance_id": 1}),
    )
    .await;
    assert_error(
        &got,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("target_instance_id"),
    );
    let got = patch(
        &s,
        &format!("/api/v1/port-forwards/{id}"),
        json!({"colour": "red"}),
    )
    .await;
    assert_error(
        &got,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("colour"),
    );
    let (_, unchanged) = s.get(&format!("/api/v1/port-forwards/{id}"), a).await;
    assert_eq!(
        unchanged["target_port"], 9,
        "a refused edit changes nothing"
    );
    let got = s.delete("/api/v1/port-forwards?ids=1,x", a).await;
    assert_error(
        &got,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("ids"),
    );
    let got = s.get("/api/v1/port-forwards?protocol=icmp", a).await;
    assert_error(
        &got,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("protocol"),
    );

    // Admins only.
    let (_, user) = s.user("pf-user", "user").await;
    for (m, path) in [
        (Method::GET, "/api/v1/port-forwards".to_owned()),
        (Method::GET, format!("/api/v1/port-forwards/{id}")),
        (Method::POST, format!("/api/v1/port-forwards/{id}/disable")),
        (Method::DELETE, format!("/api/v1/port-forwards/{id}")),
        (Method::GET, "/api/v1/port-forwards/server-ips".to_owned()),
    ] {
        let got = s.call(m, &path, Some(&user), None).await;
        assert_error(&got, StatusCode::FORBIDDEN, "forbidden", None);
    }
    let (_, still) = s.get(&format!("/api/v1/port-forwards/{id}"), a).await;
    assert_eq!(still["live"]["state"], "listening");
    s.stop().await;
}
on_both!(bad_input_and_conflicts);

/// A port another process holds: saved, in error with the reason; bound by a
/// later reconcile round once the port is free.
async fn busy_port_is_the_rules_error_state(site: &Site) {
    let mut config = site.config();
    config.forward.reconcile_interval_secs = 1;
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let echo = tcp_echo().await;
    let squatter = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = squatter.local_addr().unwrap().port();
    let (st, rule) = s
        .post(
            "/api/v1/port-forwards",
            &s.admin_token,
            json!({"source_ip": "127.0.0.1", "source_port": port, "protocol": "tcp",
                "target_ip": "127.0.0.1", "target_port": echo.port()}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{rule}");
    assert_eq!(rule["live"]["state"], "error", "{rule}");
    let why = rule["live"]["error"].as_str().unwrap();
    assert!(why.contains("address already in use"), "{why}");
    let id = rule["id"].as_i64().unwrap();
    drop(squatter);
    wait_rule(&s, id, Duration::from_secs(5), |r| {
        r["live"]["state"] == "listening"
    })
    .await;
    assert_eq!(round_trip(port, b"free now").await.unwrap(), b"free now");
    s.stop().await;
}
on_both!(busy_port_is_the_rules_error_state);

/// Every enabled rule listens again after a restart; disabled ones stay off.
async fn restart_restores_rules(site: &Site) {
    let echo = tcp_echo().await;
    let (on_port, off_port) = (free_port(), free_port());
    let s = TestServer::start(site).await;
    for (port, enabled) in [(on_port, true), (off_port, false)] {
        let (st, r) = s
            .post(
                "/api/v1/port-forwards",
                &s.admin_token,
                json!({"source_ip": "127.0.0.1", "source_port": port, "protocol": "tcp",
                    "target_ip": "127.0.0.1", "target_port": echo.port(), "enabled": enabled}),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{r}");
    }
    assert_eq!(round_trip(on_port, b"before").await.unwrap(), b"before");
    s.stop().await;
    assert!(
        round_trip(on_port, b"x").await.is_err(),
        "the server's shutdown closed it"
    );

    let s = TestServer::start(site).await;
    let (_, list) = s.get("/api/v1/port-forwards", &s.admin_token).await;
    let on = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["source_port"] == on_port)
        .unwrap();
    let id = on["id"].as_i64().unwrap();
    wait_rule(&s, id, Duration::from_secs(2), |r| {
        r["live"]["state"] == "listening"
    })
    .await;
    assert_eq!(round_trip(on_port, b"after").await.unwrap(), b"after");
    assert!(
        round_trip(off_port, b"x").await.is_err(),
        "disabled stays off"
    );
    s.stop().await;
}
on_both!(restart_restores_rules);

/// The (single) network the container is attached to: instances sit on
/// their owner's network, so a filler must join that one to take an address.
fn container_network(container: &str) -> String {
    docker(
        &docker_host(),
        &[
            "inspect",
            "-f",
            "{{range $name, $_ := .NetworkSettings.Networks}}{{$name}}{{end}}",
            container,
        ],
    )
    .trim()
    .to_owned()
}

fn container_ip(container: &str) -> String {
    docker(
        &docker_host(),
        &[
            "inspect",
            "-f",
            "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
            container,
        ],
    )
    .trim()
    .to_owned()
}

/// A rule targeting an instance: traffic reaches the container through its
/// node's address for it, and still does after the instance restarts with a
/// new address (the failed connect resolves it again; the reconcile round is
/// an hour away here, so that path alone is what follows it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instance_target_follows_a_new_address() {
    let site = Site::new(crate::harness::Backend::Sqlite).await;
    let mut config = site.config();
    config.forward.reconcile_interval_secs = 3600;
    config.forward.connect_timeout_ms = 1500;
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let a = &s.admin_token;
    let node = docker_node(
        &s,
        json!({"name": "pf-node", "cpu_cores": 4, "memory_gb": 8, "system_disk_gb": 50}),
    )
    .await;
    let (_, image) = s
        .post(
            "/api/v1/images",
            a,
            // busybox's nc: -ll keeps listening, -e runs cat on each connection (an echo).
            json!({"name": "pf-echo", "address": busybox_image(),
                "keep_alive_command": ["nc", "-ll", "-p", "7000", "-e", "cat"]}),
        )
        .await;
    let (_, spec) = s
        .post(
            "/api/v1/specs",
            a,
            json!({"name": "pf-small", "cpu_cores": 0.2, "memory_gb": 0.0625, "system_disk_gb": 1}),
        )
        .await;
    let (st, inst) = s
        .post(
            "/api/v1/instances",
            a,
            json!({"name": "pf-target", "image_id": image["id"], "spec_id": spec["id"], "node_id": node["id"]}),
        )
        .await;
    assert_eq!(
        (st, &inst["status"]),
        (StatusCode::CREATED, &json!("running")),
        "{inst}"
    );
    let iid = inst["id"].as_i64().unwrap();
    let container = inst["container_id"].as_str().unwrap().to_owned();
    let mut fillers: Vec<String> = Vec::new();

    let port = free_port();
    let (st, rule) = s
        .post(
            "/api/v1/port-forwards",
            a,
            json!({"source_ip": "127.0.0.1", "source_port": port, "protocol": "tcp",
                "target_instance_id": iid, "target_port": 7000}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{rule}");
    assert_eq!(rule["target_instance_name"], "pf-target");
    assert_eq!(rule["target_ip"], "");
    let first_ip = container_ip(&container);
    assert_eq!(
        rule["live"]["target_address"],
        format!("{first_ip}:7000"),
        "{rule}"
    );
    let id = rule["id"].as_i64().unwrap();
    // nc may need a moment after the start to listen.
    let start = Instant::now();
    loop {
        match round_trip(port, b"to the container").await {
            Ok(b) if b == b"to the container" => break,
            other => assert!(start.elapsed() < Duration::from_secs(10), "{other:?}"),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Restart it until Docker gives it another address: a stopped container's
    // address is free for the next one, so a filler started meanwhile takes it.
    let mut new_ip = first_ip.clone();
    let network = container_network(&container);
    for round in 0..5 {
        let (st, _) = s
            .post(&format!("/api/v1/instances/{iid}/stop"), a, json!({}))
            .await;
        assert_eq!(st, StatusCode::OK);
        let filler = format!("tq-pf-filler-{}-{round}", std::process::id());
        docker(
            &docker_host(),
            &[
                "run",
                "-d",
                "--name",
                &filler,
                "--network",
                &network,
                &busybox_image(),
                "sleep",
                "300",
            ],
        );
        fillers.push(filler);
        let (st, started) = s
            .post(&format!("/api/v1/instances/{iid}/start"), a, json!({}))
            .await;
        assert_eq!(st, StatusCode::OK, "{started}");
        new_ip = container_ip(&container);
        if new_ip != first_ip {
            break;
        }
    }
    assert_ne!(
        new_ip, first_ip,
        "Docker kept the address through 5 restarts"
    );
    let (_, stale) = s.get(&format!("/api/v1/port-forwards/{id}"), a).await;
    assert_eq!(
        stale["live"]["target_address"],
        format!("{first_ip}:7000"),
        "not re-resolved before a connect: {stale}"
    );
    let start = Instant::now();
    loop {
        match round_trip(port, b"after the restart").await {
            Ok(b) if b == b"after the restart" => break,
            other => assert!(start.elapsed() < Duration::from_secs(15), "{other:?}"),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (_, moved) = s.get(&format!("/api/v1/port-forwards/{id}"), a).await;
    assert_eq!(
        moved["live"]["target_address"],
        format!("{new_ip}:7000"),
        "{moved}"
    );

    // A stopped instance: the rule keeps listening and says why it cannot forward.
    let (st, _) = s
        .post(&format!("/api/v1/instances/{iid}/stop"), a, json!({}))
        .await;
    assert_eq!(st, StatusCode::OK);
    assert!(matches!(
        round_trip(port, b"x").await.as_deref(),
        Ok(b"") | Err(_)
    ));
    let (_, down) = s.get(&format!("/api/v1/port-forwards/{id}"), a).await;
    assert!(
        down["live"]["last_error"]
            .as_str()
            .unwrap_or("")
            .contains("not running"),
        "{down}"
    );

    for f in &fillers {
        docker(&docker_host(), &["rm", "-f", f]);
    }
    let (st, _) = s.delete(&format!("/api/v1/instances/{iid}"), a).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    s.finish(site).await;
}
