//! Tasks (Mini PM2) through the API with real processes: the seed's task and
//! bad input naming the field, ownership, exit codes, signals and retries,
//! a timeout that kills the whole process group (a child ignoring SIGTERM
//! too), keep-alive giving up at max_restarts, log rotation at the bound, a
//! schedule driven by the server's clock, batches, import and export, and
//! runs left RUNNING by a dead server marked EXCEPTION at boot.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::harness::{assert_error, Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;

/// Polls the task's runs until `done` holds (at most `within`).
pub(crate) async fn wait_runs(
    s: &TestServer,
    id: &str,
    within: Duration,
    done: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let start = Instant::now();
    loop {
        let (st, page) = s
            .get(
                &format!("/api/v1/tasks/{id}/runs?page_size=100"),
                &s.admin_token,
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{page}");
        let mut items = page["items"].as_array().cloned().unwrap_or_default();
        items.reverse(); // oldest first
        if done(&items) {
            return items;
        }
        assert!(
            start.elapsed() < within,
            "task {id} after {within:?}: {items:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub(crate) fn ended(runs: &[Value], n: usize) -> bool {
    runs.len() >= n && runs.iter().all(|r| r["status"] != "RUNNING")
}

async fn create(s: &TestServer, body: Value) -> Value {
    let (st, t) = s.post("/api/v1/tasks", &s.admin_token, body).await;
    assert_eq!(st, StatusCode::CREATED, "{t}");
    t
}

async fn seed_task_and_bad_input(site: &Site) {
    let s = TestServer::start(site).await;
    let a = &s.admin_token;
    let scripts = site.data_dir().join("scripts");
    std::fs::create_dir_all(&scripts).unwrap();
    std::fs::write(
        scripts.join("test_script.py"),
        "print('INFO hello from test_script')\n",
    )
    .unwrap();

    // The seed's curl example, unchanged fields.
    let t = create(
        &s,
        json!({"id": "test-task", "script_path": "test_script.py", "interval_minutes": 5,
               "execute_path": "python3", "enabled": true}),
    )
    .await;
    assert_eq!(t["id"], "test-task");
    assert_eq!(t["status"], "IDLE");
    assert_eq!(t["spec"]["interval_seconds"], 300);
    assert!(t["next_run_at"].is_string(), "{t}");
    let (st, r) = s.post("/api/v1/tasks/test-task/run", a, json!({})).await;
    assert_eq!(st, StatusCode::ACCEPTED, "{r}");
    let runs = wait_runs(&s, "test-task", Duration::from_secs(20), |r| ended(r, 1)).await;
    assert_eq!(runs[0]["status"], "SUCCESS", "{runs:?}");
    assert_eq!(runs[0]["exit_code"], 0);
    assert_eq!(runs[0]["trigger"], "manual");
    let (_, logs) = s.get("/api/v1/tasks/test-task/logs?level=INFO", a).await;
    let text = logs["lines"].to_string();
    assert!(text.contains("hello from test_script"), "{logs}");

    let before = s.get("/api/v1/tasks", a).await.1["total"].clone();
    let bad = |k: &str, v: Value| {
        let mut b = json!({"id": "bad", "execute_path": "/bin/sh", "script_path": "x.sh"});
        b[k] = v;
        b
    };
    for (k, v) in [
        ("cron", json!("61 * * * *")),
        ("interval_minutes", json!(0)),
        ("environment", json!({"A=B": "1"})),
        ("script_path", json!("../../etc/passwd")),
        ("execute_path", json!("no-such-interpreter")),
    ] {
        let got = s.post("/api/v1/tasks", a, bad(k, v)).await;
        assert_error(
            &got,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(k),
        );
    }
    assert_eq!(
        s.get("/api/v1/tasks", a).await.1["total"],
        before,
        "nothing half-created"
    );
    let dup = s
        .post(
            "/api/v1/tasks",
            a,
            json!({"id": "test-task", "execute_path": "/bin/true"}),
        )
        .await;
    assert_error(&dup, StatusCode::CONFLICT, "conflict", None);

    // Users: host-process tasks are admin-only; others' tasks are 404.
    let (_, u) = s.user("alice", "user").await;
    let got = s
        .post(
            "/api/v1/tasks",
            &u,
            json!({"id": "mine", "execute_path": "/bin/true"}),
        )
        .await;
    assert_error(&got, StatusCode::FORBIDDEN, "forbidden", None);
    // Refused before validation: no probing of the server's PATH.
    let got = s
        .post(
            "/api/v1/tasks",
            &u,
            json!({"id": "mine", "execute_path": "no-such-thing"}),
        )
        .await;
    assert_error(&got, StatusCode::FORBIDDEN, "forbidden", None);
    let (st, p) = s
        .post(
            "/api/v1/tasks/preview",
            &u,
            json!({"execute_path": "no-such-thing", "interval_seconds": 30}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{p}");
    assert_error(
        &s.get("/api/v1/tasks/test-task", &u).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    );
    let got = s.post("/api/v1/tasks/test-task/run", &u, json!({})).await;
    assert_error(&got, StatusCode::NOT_FOUND, "not_found", None);
    assert_eq!(s.get("/api/v1/tasks", &u).await.1["total"], 0);

    // Preview: the next 5 fire times.
    let (st, p) = s
        .post(
            "/api/v1/tasks/preview",
            a,
            json!({"id": "p", "execute_path": "/bin/true", "cron": "0 */5 * * * *"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{p}");
    assert_eq!(p["next"].as_array().unwrap().len(), 5);

    // Export, both formats, and import of the seed's tasks.json.
    let (st, file) = s.get("/api/v1/tasks/export?format=json", a).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(file["tasks"][0]["id"], "test-task");
    assert_eq!(file["tasks"][0]["interval_minutes"], 5.0);
    assert!(file["settings"]["max_concurrent"].is_number());
    let (st, csv) = s.get("/api/v1/tasks/export?format=csv", a).await;
    assert_eq!(st, StatusCode::OK);
    assert!(csv.as_str().unwrap().starts_with("id,name,status"), "{csv}");
    assert!(csv.as_str().unwrap().contains("\ntest-task,"), "{csv}");
    let seed = json!({
        "tasks": [{
            "id": "example-task", "script_path": "scripts/example.py", "interval_minutes": 5,
            "execute_path": "python3", "enabled": true, "description": "示例任务",
            "timeout": 300, "retry_count": 3, "retry_delay": 60,
            "environment": {"PYTHONPATH": "/path/to/scripts"}
        }, {"id": "no-interval", "execute_path": "/bin/true"}],
        "settings": {"max_concurrent": 5, "default_interval": 10, "log_level": "INFO"}
    });
    let (st, rep) = s.post("/api/v1/tasks/import", a, seed.clone()).await;
    assert_eq!(st, StatusCode::OK, "{rep}");
    assert_eq!(rep["created"], json!(["example-task", "no-interval"]));
    let (_, t) = s.get("/api/v1/tasks/no-interval", a).await;
    assert_eq!(
        t["spec"]["interval_seconds"], 600,
        "settings.default_interval applies"
    );
    let (_, t) = s.get("/api/v1/tasks/example-task", a).await;
    assert_eq!(t["spec"]["retry_delay_ms"], 60_000);
    assert_eq!(t["spec"]["description"], "示例任务");
    // Again: updated. A bad task in the file: nothing changes.
    let (_, rep) = s.post("/api/v1/tasks/import", a, seed).await;
    assert_eq!(rep["updated"].as_array().unwrap().len(), 2);
    let got = s
        .post(
            "/api/v1/tasks/import",
            a,
            json!({"tasks": [{"id": "fresh", "execute_path": "/bin/true"},
                              {"id": "broken", "execute_path": "/bin/true", "cron": "nope"}]}),
        )
        .await;
    assert_error(
        &got,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("tasks[1].cron"),
    );
    assert_error(
        &s.get("/api/v1/tasks/fresh", a).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    );

    // Toggle, batch delete.
    let (_, t) = s
        .post("/api/v1/tasks/example-task/toggle", a, json!({}))
        .await;
    assert_eq!(t["status"], "DISABLED");
    assert!(t["next_run_at"].is_null());
    let got = s
        .post(
            "/api/v1/tasks/batch/delete",
            a,
            json!({"ids": ["example-task", "nope"]}),
        )
        .await;
    assert_error(&got, StatusCode::NOT_FOUND, "not_found", None);
    let (st, _) = s
        .post(
            "/api/v1/tasks/batch/delete",
            a,
            json!({"ids": ["example-task", "no-interval"]}),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(s.get("/api/v1/tasks", a).await.1["total"], 1);
    s.stop().await;
}
on_both!(seed_task_and_bad_input);

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
