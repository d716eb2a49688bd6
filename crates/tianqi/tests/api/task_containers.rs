//! Container tasks on the private dockerd with the busybox test image: the
//! argv runs in a new container and its output reaches the run log, exit
//! codes are recorded, the spec's limits are on the container while it runs
//! and its reservation holds capacity only then, a timeout and a stop remove
//! the container, no placement is a failed run holding nothing, ownership
//! like instances, and runs going at a server stop are re-attached (or
//! recorded and cleaned up when their container is gone) by the next one,
//! which also removes a labelled run container nothing accounts for.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::docker_env::{busybox_image, docker, docker_host};
use crate::fixtures::catalog;
use crate::harness::{assert_error, Site, TestServer};
use crate::on_both;
use crate::tasks::{ended, wait_runs};

/// Task ids unique on the shared engine (the backends run at once).
fn unique(name: &str) -> String {
    format!("{name}-{:08x}", rand::random::<u32>())
}

/// The ids of the containers of a task's runs (stopped ones too).
fn containers_of(task: &str) -> Vec<String> {
    docker(
        &docker_host(),
        &[
            "ps",
            "-a",
            "-q",
            "--filter",
            &format!("label=tianqi.task={task}"),
        ],
    )
    .split_whitespace()
    .map(str::to_owned)
    .collect()
}

async fn free_cpu(s: &TestServer, image: i64, spec: i64) -> f64 {
    let (st, c) = s
        .get(
            &format!("/api/v1/instances/placement?spec_id={spec}&image_id={image}"),
            &s.admin_token,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{c}");
    c[0]["free_cpu_cores"].as_f64().unwrap_or_default()
}

async fn create_as(s: &TestServer, token: &str, body: Value) -> Value {
    let (st, t) = s.post("/api/v1/tasks", token, body).await;
    assert_eq!(st, StatusCode::CREATED, "{t}");
    t
}

/// Waits until the task has a container that runs; answers its id.
async fn running_container(task: &str) -> String {
    let start = Instant::now();
    loop {
        let ids = docker(
            &docker_host(),
            &["ps", "-q", "--filter", &format!("label=tianqi.task={task}")],
        );
        if let Some(id) = ids.split_whitespace().next() {
            return id.to_owned();
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no running container for task {task}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn log_text(s: &TestServer, id: &str) -> String {
    let (st, l) = s
        .get(&format!("/api/v1/tasks/{id}/logs"), &s.admin_token)
        .await;
    assert_eq!(st, StatusCode::OK, "{l}");
    l["lines"].to_string()
}

async fn runs_echo_exit_limits_timeout_and_ownership(site: &Site) {
    let s = TestServer::start(site).await;
    let a = &s.admin_token;
    let (_, image, spec) = catalog(&s, "tq-task-node", 4.0, 2.0, 0.5).await;
    let (_, alice) = s.user("alice", "user").await;
    let (_, bob) = s.user("bob", "user").await;
    let target = |extra: Value| {
        let mut b = json!({"target": "container", "image_id": image, "spec_id": spec});
        b.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        b
    };

    // Bad input names the field; nothing is created.
    for (body, field) in [
        (
            json!({"id": "x1", "target": "container", "spec_id": spec, "execute_path": "echo"}),
            "image_id",
        ),
        (
            json!({"id": "x2", "target": "container", "image_id": image, "execute_path": "echo"}),
            "spec_id",
        ),
        (
            json!({"id": "x3", "target": "container", "image_id": 999_999, "spec_id": spec, "execute_path": "echo"}),
            "image_id",
        ),
        (
            json!({"id": "x4", "target": "container", "image_id": image, "spec_id": 999_999, "execute_path": "echo"}),
            "spec_id",
        ),
        (
            json!({"id": "x5", "target": "container", "image_id": image, "spec_id": spec, "execute_path": "echo", "cwd": "rel"}),
            "cwd",
        ),
    ] {
        assert_error(
            &s.post("/api/v1/tasks", &alice, body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        );
    }
    assert_eq!(
        s.get("/api/v1/tasks", &alice).await.1["total"],
        0,
        "nothing half-created"
    );
    // A user may not define a host process.
    let (st, _) = s
        .post(
            "/api/v1/tasks",
            &bob,
            json!({"id": "host", "execute_path": "/bin/true"}),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    // The argv (no shell) runs in a container; its output is in the run log.
    let echo = unique("echo");
    create_as(
        &s,
        &alice,
        target(json!({"id": echo, "execute_path": "echo", "args": ["hello from", "a container"]})),
    )
    .await;
    let (st, r) = s
        .post(&format!("/api/v1/tasks/{echo}/run"), &alice, json!({}))
        .await;
    assert!(st.is_success(), "{r}");
    let runs = wait_runs(&s, &echo, Duration::from_secs(60), |r| ended(r, 1)).await;
    assert_eq!(runs[0]["status"], "SUCCESS", "{runs:?}");
    assert_eq!(runs[0]["exit_code"], 0);
    let log = log_text(&s, &echo).await;
    assert!(log.contains("[stdout] hello from a container"), "{log}");
    assert!(containers_of(&echo).is_empty(), "removed after the run");

    // Bob neither sees nor runs alice's task.
    assert_eq!(
        s.get(&format!("/api/v1/tasks/{echo}"), &bob).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.post(&format!("/api/v1/tasks/{echo}/run"), &bob, json!({}))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(s.get("/api/v1/tasks", &bob).await.1["total"], 0);

    // Exit 3 is recorded as 3; stderr reaches the log.
    let three = unique("three");
    create_as(
        &s,
        &alice,
        target(json!({"id": three, "shell": true, "command": "echo ERROR broken >&2; exit 3"})),
    )
    .await;
    s.post(&format!("/api/v1/tasks/{three}/run"), &alice, json!({}))
        .await;
    let runs = wait_runs(&s, &three, Duration::from_secs(60), |r| ended(r, 1)).await;
    assert_eq!(
        (runs[0]["status"].as_str(), runs[0]["exit_code"].as_i64()),
        (Some("FAILED"), Some(3)),
        "{runs:?}"
    );
    assert!(log_text(&s, &three).await.contains("[stderr] ERROR broken"));

    // The spec's limits are on the container while it runs, and the run
    // holds the spec's capacity; a stop removes it and releases the capacity.
    assert_eq!(free_cpu(&s, image, spec).await, 4.0);
    let held = unique("held");
    create_as(
        &s,
        &alice,
        target(json!({"id": held, "execute_path": "sleep", "args": ["60"], "kill_timeout": 1})),
    )
    .await;
    s.post(&format!("/api/v1/tasks/{held}/run"), &alice, json!({}))
        .await;
    let c = running_container(&held).await;
    let limits = docker(
        &docker_host(),
        &[
            "inspect",
            "-f",
            "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}} {{.HostConfig.PidsLimit}}",
            &c,
        ],
    );
    assert!(
        limits.starts_with("2000000000 536870912 "),
        "limits on the container: {limits}"
    );
    assert_eq!(
        free_cpu(&s, image, spec).await,
        2.0,
        "the run holds 2 cores"
    );
    // Metered while it holds them: half an hour on the server's clock.
    let t0 = tianqi_core::clock::Clock::now(&s.clock);
    s.clock.advance(Duration::from_secs(1800));
    let (st, body) = s
        .post(&format!("/api/v1/tasks/{held}/stop"), &alice, json!({}))
        .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let runs = wait_runs(&s, &held, Duration::from_secs(30), |r| ended(r, 1)).await;
    assert_eq!(runs[0]["reason"], "stopped", "{runs:?}");
    assert!(containers_of(&held).is_empty());
    assert_eq!(free_cpu(&s, image, spec).await, 4.0, "released");
    let fmt =
        |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (st, used) = s
        .get(
            &format!(
                "/api/v1/usage?group_by=kind&from={}&to={}",
                fmt(t0 - chrono::Duration::hours(1)),
                fmt(t0 + chrono::Duration::hours(2))
            ),
            &alice,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{used}");
    let row = used["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "task_run")
        .cloned()
        .unwrap_or_else(|| panic!("no task run usage: {used}"));
    assert_eq!(
        (&row["task_run_hours"], &row["cpu_core_hours"]),
        (&json!(0.5), &json!(1.0)),
        "half an hour of 2 cores, closed when the container went: {row}"
    );

    // A timeout stops the container (SIGKILL for one ignoring SIGTERM) and
    // removes it.
    let slow = unique("slow");
    create_as(
        &s,
        &alice,
        target(
            json!({"id": slow, "shell": true, "command": "trap '' TERM; sleep 60",
                      "timeout": 1, "kill_timeout": 1}),
        ),
    )
    .await;
    s.post(&format!("/api/v1/tasks/{slow}/run"), &alice, json!({}))
        .await;
    let runs = wait_runs(&s, &slow, Duration::from_secs(60), |r| ended(r, 1)).await;
    assert_eq!(runs[0]["status"], "FAILED", "{runs:?}");
    assert_eq!(runs[0]["reason"], "timed out after 1 s");
    assert_eq!(runs[0]["signal"], 9, "{runs:?}");
    assert!(containers_of(&slow).is_empty(), "the container is gone");
    assert_eq!(free_cpu(&s, image, spec).await, 4.0);

    // No node can take the spec: the run fails with the reason, nothing is
    // held.
    let (st, big) = s
        .post(
            "/api/v1/specs",
            a,
            json!({"name": "too-big", "cpu_cores": 8, "memory_gb": 1, "system_disk_gb": 5}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{big}");
    let huge = unique("huge");
    create_as(
        &s,
        &alice,
        json!({"id": huge, "target": "container", "image_id": image,
               "spec_id": big["id"], "execute_path": "true"}),
    )
    .await;
    s.post(&format!("/api/v1/tasks/{huge}/run"), &alice, json!({}))
        .await;
    let runs = wait_runs(&s, &huge, Duration::from_secs(30), |r| ended(r, 1)).await;
    assert_eq!(runs[0]["status"], "EXCEPTION", "{runs:?}");
    assert!(
        runs[0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("cannot place the run: no node can take this instance"),
        "{runs:?}"
    );
    assert_eq!(free_cpu(&s, image, spec).await, 4.0);
    assert!(containers_of(&huge).is_empty());
    s.stop().await;
}
on_both!(runs_echo_exit_limits_timeout_and_ownership);

async fn runs_going_at_a_restart_are_reattached_or_cleaned_up(site: &Site) {
    let s = TestServer::start(site).await;
    let (_, image, spec) = catalog(&s, "tq-task-node", 4.0, 2.0, 0.5).await;
    let body = |id: &str, command: &str| {
        json!({"id": id, "target": "container", "image_id": image, "spec_id": spec,
               "shell": true, "command": command})
    };
    let long = unique("long");
    let gone = unique("gone");
    // The long run waits for a file the test creates once the server is back:
    // a fixed sleep could end before the server stops on a loaded machine.
    create_as(
        &s,
        &s.admin_token,
        body(
            &long,
            "echo before; until [ -e /tmp/go ]; do sleep 0.1; done; echo after; exit 5",
        ),
    )
    .await;
    create_as(&s, &s.admin_token, body(&gone, "sleep 60")).await;
    for id in [&long, &gone] {
        s.post(
            &format!("/api/v1/tasks/{id}/run"),
            &s.admin_token,
            json!({}),
        )
        .await;
    }
    let long_running = running_container(&long).await;
    let gone_container = running_container(&gone).await;
    assert_eq!(
        free_cpu(&s, image, spec).await,
        0.0,
        "two runs hold 4 cores"
    );
    s.stop().await;

    // The server stopped; its container runs did not.
    let long_container = containers_of(&long);
    assert!(!long_container.is_empty());
    docker(&docker_host(), &["rm", "-f", &gone_container]);
    // A task-run container of this installation that no record accounts for
    // (a server died between making it and recording it).
    let install = docker(
        &docker_host(),
        &[
            "inspect",
            "-f",
            "{{index .Config.Labels \"tianqi.install\"}}",
            &long_container[0],
        ],
    );
    let stray = unique("stray");
    docker(
        &docker_host(),
        &[
            "run",
            "-d",
            "--label",
            "tianqi.managed=true",
            "--label",
            &format!("tianqi.install={}", install.trim()),
            "--label",
            &format!("tianqi.task={stray}"),
            "--label",
            "tianqi.task-run=999999",
            &busybox_image(),
            "sleep",
            "60",
        ],
    );
    assert_eq!(containers_of(&stray).len(), 1);

    let s = TestServer::start(site).await;
    docker(&docker_host(), &["exec", &long_running, "touch", "/tmp/go"]);
    // Re-attached: its end is recorded as it happens, its output after the
    // restart reaches the log, and the container is removed.
    let runs = wait_runs(&s, &long, Duration::from_secs(60), |r| ended(r, 1)).await;
    assert_eq!(
        (runs[0]["status"].as_str(), runs[0]["exit_code"].as_i64()),
        (Some("FAILED"), Some(5)),
        "{runs:?}"
    );
    let log = log_text(&s, &long).await;
    assert!(log.contains("re-attached"), "{log}");
    assert!(
        log.contains("[stdout] before") && log.contains("[stdout] after"),
        "{log}"
    );
    assert!(containers_of(&long).is_empty());
    assert!(
        containers_of(&stray).is_empty(),
        "the stray container is removed at boot"
    );
    // Its container gone: EXCEPTION with the reason, its capacity released.
    let runs = wait_runs(&s, &gone, Duration::from_secs(10), |r| ended(r, 1)).await;
    assert_eq!(runs[0]["status"], "EXCEPTION");
    assert_eq!(
        runs[0]["reason"],
        "the server stopped while this run was going; its container is gone"
    );
    assert_eq!(
        s.get(&format!("/api/v1/tasks/{gone}"), &s.admin_token)
            .await
            .1["status"],
        "EXCEPTION"
    );
    assert_eq!(free_cpu(&s, image, spec).await, 4.0, "both released");
    s.stop().await;
}
on_both!(runs_going_at_a_restart_are_reattached_or_cleaned_up);
