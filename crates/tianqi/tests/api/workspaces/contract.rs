//! The compat API's exact shapes, step by step: create, list, health, restart,
//! stopped outside, persistence across destroy and create.

use super::*;

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
