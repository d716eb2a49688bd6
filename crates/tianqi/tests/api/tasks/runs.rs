//! Real processes: exit codes, signals, retries, timeouts, keep-alive, log
//! rotation, schedules, and runs a crash left behind.

use super::*;

async fn exits_signals_retries_and_timeouts(site: &Site) {
    let s = TestServer::start(site).await;
    let a = &s.admin_token;
    // Exit 3, twice retried 200 ms apart (then 400 ms: backoff 2).
    create(
        &s,
        json!({"id": "fails", "shell": true,
               "command": "echo INFO working; echo ERROR broken >&2; exit 3",
               "retry_count": 2, "retry_delay": 0.2, "retry_backoff": 2}),
    )
    .await;
    s.post("/api/v1/tasks/fails/run", a, json!({})).await;
    let runs = wait_runs(&s, "fails", Duration::from_secs(20), |r| ended(r, 3)).await;
    assert_eq!(runs.len(), 3);
    for (i, r) in runs.iter().enumerate() {
        assert_eq!(r["status"], "FAILED");
        assert_eq!(r["exit_code"], 3);
        assert_eq!(r["attempt"], i + 1);
        assert_eq!(r["trigger"], if i == 0 { "manual" } else { "retry" });
        assert_eq!(r["reason"], "exited with code 3");
    }
    let (_, t) = s.get("/api/v1/tasks/fails", a).await;
    assert_eq!(t["status"], "FAILED");
    assert_eq!(t["last_exit_code"], 3);
    // The run history as CSV: every run, newest first.
    let (st, csv) = s.get("/api/v1/tasks/fails/runs?format=csv", a).await;
    assert_eq!(st, StatusCode::OK);
    let csv = csv.as_str().unwrap().to_string();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "id,task_id,trigger,attempt,status,started_at,ended_at,duration_ms,exit_code,signal,reason,log_file"
    );
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[1].contains(",fails,retry,3,FAILED,"), "{csv}");
    assert!(lines[3].contains(",fails,manual,1,FAILED,"), "{csv}");
    assert!(
        lines[3].ends_with(",3,,exited with code 3,fails.log"),
        "{csv}"
    );
    let (_, errors) = s.get("/api/v1/tasks/fails/logs?level=ERROR", a).await;
    let lines = errors["lines"].as_array().unwrap();
    assert!(lines.iter().all(|l| l["level"] == "ERROR"), "{errors}");
    assert!(
        lines
            .iter()
            .filter(|l| l["text"].as_str().unwrap().contains("broken"))
            .count()
            == 3
    );
    let (_, all) = s.get("/api/v1/tasks/fails/logs", a).await;
    assert!(all["lines"].to_string().contains("INFO working"));
    // Every line starts with its timestamp.
    for l in all["lines"].as_array().unwrap() {
        let text = l["text"].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(&text[..24]).is_ok(),
            "{text}"
        );
    }
    let (st, _) = s
        .call(Method::DELETE, "/api/v1/tasks/fails/logs", Some(a), None)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    assert_eq!(
        s.get("/api/v1/tasks/fails/logs", a).await.1["lines"],
        json!([])
    );

    // Killed by a signal: recorded as the signal.
    create(
        &s,
        json!({"id": "killed", "shell": true, "command": "kill -9 $$"}),
    )
    .await;
    s.post("/api/v1/tasks/killed/run", a, json!({})).await;
    let runs = wait_runs(&s, "killed", Duration::from_secs(20), |r| ended(r, 1)).await;
    assert_eq!(runs[0]["signal"], 9, "{runs:?}");
    assert!(runs[0]["exit_code"].is_null());

    // A timeout kills the whole group: a child that ignores SIGTERM too.
    let pid_file = site.dir.path().join("child.pid");
    let script = format!(
        "sh -c 'trap \"\" TERM; while true; do sleep 0.1; done' & echo $! > {}; trap '' TERM; while true; do sleep 0.1; done",
        pid_file.display()
    );
    create(
        &s,
        json!({"id": "stuck", "shell": true, "command": script, "timeout": 1, "kill_timeout": 1}),
    )
    .await;
    let started = Instant::now();
    s.post("/api/v1/tasks/stuck/run", a, json!({})).await;
    let runs = wait_runs(&s, "stuck", Duration::from_secs(20), |r| ended(r, 1)).await;
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "timeout 1 s + kill_timeout 1 s"
    );
    assert_eq!(runs[0]["status"], "FAILED");
    assert_eq!(runs[0]["reason"], "timed out after 1 s");
    assert_eq!(
        runs[0]["signal"], 9,
        "SIGTERM ignored, so SIGKILL: {runs:?}"
    );
    let child: i32 = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let gone = Instant::now();
    loop {
        let stat = std::fs::read_to_string(format!("/proc/{child}/stat")).unwrap_or_default();
        // Gone, or a zombie waiting for its reaper: not running either way.
        if stat.is_empty() || stat.split_whitespace().nth(2) == Some("Z") {
            break;
        }
        assert!(
            gone.elapsed() < Duration::from_secs(5),
            "child {child} still alive: {stat}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Stop: a long run ends at once, recorded as stopped.
    create(
        &s,
        json!({"id": "long", "execute_path": "/bin/sleep", "args": ["30"]}),
    )
    .await;
    s.post("/api/v1/tasks/long/run", a, json!({})).await;
    wait_runs(&s, "long", Duration::from_secs(10), |r| r.len() == 1).await;
    let again = s.post("/api/v1/tasks/long/run", a, json!({})).await;
    assert_error(&again, StatusCode::CONFLICT, "conflict", None);
    let (_, stopped) = s.post("/api/v1/tasks/long/stop", a, json!({})).await;
    assert_eq!(stopped["stopped"], 1);
    let runs = wait_runs(&s, "long", Duration::from_secs(10), |r| ended(r, 1)).await;
    assert_eq!(runs[0]["reason"], "stopped");
    assert_eq!(runs[0]["signal"], 15);
    assert_eq!(s.get("/api/v1/tasks/long", a).await.1["status"], "IDLE");
    s.stop().await;
}
on_both!(exits_signals_retries_and_timeouts);

async fn keep_alive_rotation_and_schedule(site: &Site) {
    let mut config = site.config();
    config.tasks.max_log_size = 2048;
    config.tasks.max_log_files = 3;
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let a = &s.admin_token;

    // Keep-alive: restarted with backoff, given up after max_restarts.
    create(
        &s,
        json!({"id": "flappy", "mode": "keep_alive", "shell": true, "command": "exit 1",
               "max_restarts": 3}),
    )
    .await;
    let runs = wait_runs(&s, "flappy", Duration::from_secs(20), |r| {
        ended(r, 4)
            && r.last()
                .is_some_and(|l| l["reason"].as_str().is_some_and(|m| m.contains("gave up")))
    })
    .await;
    assert_eq!(runs.len(), 4, "the first run and 3 restarts: {runs:?}");
    assert_eq!(runs[0]["trigger"], "schedule");
    assert!(runs[1..].iter().all(|r| r["trigger"] == "restart"));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        wait_runs(&s, "flappy", Duration::from_secs(1), |_| true)
            .await
            .len(),
        4
    );
    assert_eq!(s.get("/api/v1/tasks/flappy", a).await.1["status"], "FAILED");

    // Rotation: 3 files of at most 2048 bytes each, never a 4th.
    create(
        &s,
        json!({"id": "chatty", "shell": true,
               "command": "i=0; while [ $i -lt 300 ]; do echo line-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; i=$((i+1)); done"}),
    )
    .await;
    s.post("/api/v1/tasks/chatty/run", a, json!({})).await;
    wait_runs(&s, "chatty", Duration::from_secs(20), |r| ended(r, 1)).await;
    let logs = site.data_dir().join("task-logs");
    for name in ["chatty.log", "chatty.log.1", "chatty.log.2"] {
        let len = std::fs::metadata(logs.join(name)).unwrap().len();
        assert!(len > 0 && len <= 2048, "{name}: {len}");
    }
    assert!(!logs.join("chatty.log.3").exists());
    let (_, tail) = s.get("/api/v1/tasks/chatty/logs?lines=5", a).await;
    let tail = tail["lines"].as_array().unwrap();
    assert_eq!(tail.len(), 5);
    assert!(
        tail[4]["text"]
            .as_str()
            .unwrap()
            .contains("exited with code 0"),
        "{tail:?}"
    );
    assert!(
        tail[3]["text"].as_str().unwrap().contains("line-299-"),
        "{tail:?}"
    );

    // A schedule on the server's (manual) clock: a tick when it is due,
    // none before; a long gap afterwards is not replayed.
    create(
        &s,
        json!({"id": "ticker", "execute_path": "/bin/true", "interval_seconds": 60}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(wait_runs(&s, "ticker", Duration::from_secs(1), |_| true)
        .await
        .is_empty());
    s.clock.advance(Duration::from_secs(61));
    let runs = wait_runs(&s, "ticker", Duration::from_secs(10), |r| ended(r, 1)).await;
    assert_eq!(runs[0]["trigger"], "schedule");
    s.clock.advance(Duration::from_secs(3600));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let runs = wait_runs(&s, "ticker", Duration::from_secs(1), |_| true).await;
    assert_eq!(
        runs.len(),
        1,
        "an hour of missed ticks is not replayed (catch_up none)"
    );

    // Batches.
    let (st, b) = s
        .post(
            "/api/v1/tasks/batch/run",
            a,
            json!({"ids": ["chatty", "ticker", "nope"]}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{b}");
    assert_eq!(b["items"][0]["ok"], true);
    assert_eq!(b["items"][2]["ok"], false);
    let got = s
        .post("/api/v1/tasks/batch/stop", a, json!({"ids": []}))
        .await;
    assert_error(
        &got,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("ids"),
    );
    s.stop().await;
}
on_both!(keep_alive_rotation_and_schedule);

async fn orphaned_runs_become_exception(site: &Site) {
    let s = TestServer::start(site).await;
    create(&s, json!({"id": "orphan", "execute_path": "/bin/true"})).await;
    s.stop().await;
    // A run the last server left RUNNING (it died without recording its end).
    let store =
        tianqi_store::Store::open(&site.config().effective_database_url(), &Default::default())
            .await
            .unwrap();
    store
        .start_task_run(
            "orphan",
            tianqi_core::tasks::Trigger::Manual,
            1,
            "orphan.log",
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    store.close().await;
    let s = TestServer::start(site).await;
    let runs = wait_runs(&s, "orphan", Duration::from_secs(10), |r| ended(r, 1)).await;
    assert_eq!(runs[0]["status"], "EXCEPTION");
    assert_eq!(
        runs[0]["reason"],
        "the server stopped while this run was going"
    );
    assert_eq!(
        s.get("/api/v1/tasks/orphan", &s.admin_token).await.1["status"],
        "EXCEPTION"
    );
    s.stop().await;
}
on_both!(orphaned_runs_become_exception);
