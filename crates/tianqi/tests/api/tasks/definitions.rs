//! The seed's task and the bad input it must refuse, naming the field.

use super::*;

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
