//! The Mini PM2 surface kept working: the seed's curl flow on `/compat/pm2`
//! and its jobs/ directory.

use super::*;

/// The seed's curl flow against `/compat/pm2` (token required on the main
/// listener) and on a dedicated listener (loopback admitted without one).
async fn pm2_compat_curl_flow(site: &Site) {
    let port = crate::docker_env::free_port();
    let mut config = site.config();
    config.tasks.compat.token = "pm2-secret".into();
    config.tasks.compat.listen = format!("127.0.0.1:{port}");
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let scripts = site.data_dir().join("scripts");
    std::fs::create_dir_all(&scripts).unwrap();
    std::fs::write(
        scripts.join("test_script.py"),
        "print('INFO pm2 compat run')\n",
    )
    .unwrap();
    let base = "/compat/pm2";
    let call = |method: Method, path: &str, token: Option<&'static str>, body: Option<Value>| {
        let url = format!("{base}{path}");
        let s = &s;
        async move { s.call(method, &url, token, body).await }
    };
    let tok = Some("pm2-secret");

    // No token, or a wrong one, on the main listener: 403 in FastAPI's shape.
    let (st, body) = call(Method::GET, "/api/tasks", None, None).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{body}");
    assert!(body["detail"].as_str().unwrap().contains("token"), "{body}");
    let (st, _) = call(Method::GET, "/api/tasks", Some("wrong"), None).await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    let (st, h) = call(Method::GET, "/health", tok, None).await;
    assert_eq!(
        (st, h["status"].clone()),
        (StatusCode::OK, json!("healthy"))
    );
    // 1. create, exactly the seed's body.
    let (st, created) = call(
        Method::POST,
        "/api/tasks",
        tok,
        Some(
            json!({"id": "test-task", "script_path": "test_script.py", "interval_minutes": 5,
                    "execute_path": "python3", "enabled": true}),
        ),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{created}");
    assert_eq!(created["task"]["id"], "test-task");
    assert_eq!(created["task"]["interval_minutes"], 5.0);
    // 2. run.
    let (st, r) = call(
        Method::POST,
        "/api/tasks/test-task/run",
        tok,
        Some(json!({})),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{r}");
    let runs = wait_runs(&s, "test-task", Duration::from_secs(20), |r| ended(r, 1)).await;
    assert_eq!(runs[0]["status"], "SUCCESS", "{runs:?}");
    // 3. list.
    let (st, list) = call(Method::GET, "/api/tasks", tok, None).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(list["tasks"][0]["id"], "test-task");
    assert_eq!(list["tasks"][0]["status"], "SUCCESS");
    assert_eq!(list["tasks"][0]["execute_path"], "python3");
    // 5. export, JSON and CSV.
    let (st, file) = call(
        Method::POST,
        "/api/export/tasks",
        tok,
        Some(json!({"format": "json"})),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(file["tasks"][0]["script_path"], "test_script.py");
    let (_, csv) = call(
        Method::POST,
        "/api/export/tasks",
        tok,
        Some(json!({"format": "csv"})),
    )
    .await;
    assert!(csv.as_str().unwrap().contains("\ntest-task,"), "{csv}");
    // The rest of the seed's routes.
    let (_, logs) = call(
        Method::GET,
        "/api/logs?task_id=test-task&level=INFO",
        tok,
        None,
    )
    .await;
    assert!(
        logs["logs"].to_string().contains("pm2 compat run"),
        "{logs}"
    );
    let (_, all) = call(Method::GET, "/api/logs", tok, None).await;
    assert!(
        all["logs"].to_string().contains("[task test-task]"),
        "{all}"
    );
    let (_, status) = call(Method::GET, "/api/status", tok, None).await;
    assert_eq!(status["tasks"]["total"], 1, "{status}");
    let (st, upd) = call(
        Method::PUT,
        "/api/tasks/test-task",
        tok,
        Some(json!({"description": "d"})),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{upd}");
    assert_eq!(upd["task"]["description"], "d");
    let (_, t) = call(
        Method::POST,
        "/api/tasks/test-task/toggle",
        tok,
        Some(json!({})),
    )
    .await;
    assert_eq!(t["enabled"], false);
    let (st, b) = call(
        Method::POST,
        "/api/tasks/batch/run",
        tok,
        Some(json!({"task_ids": ["test-task"]})),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{b}");
    // The batch's run writes its log as it goes: it ends before the logs are
    // cleared below, or its first lines could land after the clearing.
    wait_runs(&s, "test-task", Duration::from_secs(20), |r| ended(r, 2)).await;
    let (_, cfg) = call(Method::GET, "/api/settings/config", tok, None).await;
    assert_eq!(cfg["tasks"]["max_concurrent"], 5);
    let (_, v) = call(
        Method::POST,
        "/api/settings/validate-config",
        tok,
        Some(json!({})),
    )
    .await;
    assert_eq!(v["valid"], true);
    let (_, info) = call(Method::GET, "/api/settings/storage-info", tok, None).await;
    assert!(info["log_bytes"].as_u64().unwrap() > 0, "{info}");
    let (_, c) = call(
        Method::POST,
        "/api/settings/clear-logs",
        tok,
        Some(json!({})),
    )
    .await;
    assert_eq!(c["tasks"], 1);
    let (_, after) = call(Method::GET, "/api/logs?task_id=test-task", tok, None).await;
    assert_eq!(after["logs"], json!([]));
    // Bad input: FastAPI-shaped 422 naming the field.
    let (st, bad) = call(
        Method::POST,
        "/api/tasks",
        tok,
        Some(json!({"id": "bad", "execute_path": "python3", "interval_minutes": 0})),
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad["field"], "interval_minutes");

    // The dedicated listener: the seed's paths at `/`, loopback admitted.
    let res = reqwest::get(format!("http://127.0.0.1:{port}/api/tasks"))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["tasks"][0]["id"], "test-task");
    s.stop().await;
}
on_both!(pm2_compat_curl_flow);

/// The seed's jobs/ directory: a file becomes a task, a change updates it, a
/// broken file is refused without stopping the others.
async fn jobs_directory_is_watched(site: &Site) {
    let jobs = site.dir.path().join("jobs");
    std::fs::create_dir_all(&jobs).unwrap();
    let mut config = site.config();
    config.tasks.jobs_dir = jobs.display().to_string();
    config.tasks.jobs_scan_secs = 1;
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let a = &s.admin_token;
    let job = |description: &str| {
        json!({"id": "001", "script_path": "scripts/daily_backup.py", "interval_minutes": 1440,
               "execute_path": "python3", "enabled": true, "description": description,
               "timeout": 1800, "retry_count": 3,
               "environment": {"BACKUP_PATH": "/backup", "DB_HOST": "localhost"}})
        .to_string()
    };
    std::fs::write(jobs.join("task_001.json"), job("每日备份任务")).unwrap();
    std::fs::write(
        jobs.join("task_bad.json"),
        r#"{"id": "bad", "execute_path": "python3", "cron": "nope"}"#,
    )
    .unwrap();
    let wait = |desc: &'static str| {
        let s = &s;
        async move {
            let start = Instant::now();
            loop {
                let (st, t) = s.get("/api/v1/tasks/001", a).await;
                if st == StatusCode::OK && t["spec"]["description"] == desc {
                    return t;
                }
                assert!(start.elapsed() < Duration::from_secs(15), "{st} {t}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    };
    let t = wait("每日备份任务").await;
    assert_eq!(t["spec"]["interval_seconds"], 86_400);
    assert_eq!(t["spec"]["timeout"], 1800);
    // Modification times have a granularity; make sure the next one differs.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    std::fs::write(jobs.join("task_001.json"), job("changed")).unwrap();
    wait("changed").await;
    assert_error(
        &s.get("/api/v1/tasks/bad", a).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    );
    s.stop().await;
}
on_both!(jobs_directory_is_watched);
