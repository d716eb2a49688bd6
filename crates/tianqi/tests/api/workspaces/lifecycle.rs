//! A restarted server finds its workspaces again; idle ones are culled with
//! their data kept.

use super::*;

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

    // Metered while running: the culled one stopped counting at the cull
    // (61 s), the busy one goes on (an hour more).
    s.clock.advance(Duration::from_secs(3600));
    let hours = |u: &Value, user: &str| {
        u["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == user)
            .map(|r| (r["workspace_hours"].clone(), r["cpu_core_hours"].clone()))
    };
    let (st, u) = s.get("/api/v1/usage?group_by=user", &s.admin_token).await;
    assert_eq!(st, StatusCode::OK, "{u}");
    assert_eq!(hours(&u, "3"), Some((json!(0.0169), json!(0.0085))), "{u}");
    assert_eq!(hours(&u, "4"), Some((json!(1.0169), json!(0.5085))), "{u}");

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
