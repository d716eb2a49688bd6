//! Tasks on several servers when the scheduler's lease changes hands while
//! its holder is alive (a stall, a partition): the server that lost it ends
//! the runs it started — a keep-alive task's process included — and the
//! server that takes it over starts them again, so the process never runs on
//! two servers at once; a manual run on the other server is left alone (its
//! server lives). The lease is taken from the test itself, as another server
//! would after the holder's renewals stopped.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use crate::harness::{Backend, Site};
use crate::scale_out::{lease_holder_within, scheduler_and_other};

const LEASE: &str = "task-scheduler";

/// How many processes run `sleep <arg>` on this machine.
fn sleepers(arg: &str) -> usize {
    let want = format!("sleep\0{arg}\0");
    std::fs::read_dir("/proc")
        .map(|dir| {
            dir.flatten()
                .filter(|e| {
                    std::fs::read(e.path().join("cmdline"))
                        .is_ok_and(|c| c.ends_with(want.as_bytes()))
                })
                .count()
        })
        .unwrap_or(0)
}

/// Polls (every 50 ms, up to `within`) until `sleepers(arg) == want`,
/// failing at once if more than one ever runs.
async fn sleepers_become(arg: &str, want: usize, within: Duration) -> Duration {
    let started = Instant::now();
    loop {
        let n = sleepers(arg);
        assert!(n <= 1, "{n} copies of the keep-alive task run at once");
        if n == want {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < within,
            "still {n} copies after {within:?} (wanted {want})"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn set_lease(site: &Site, sql: &str) {
    let pool = sqlx::PgPool::connect(&site.config().database_url)
        .await
        .unwrap();
    sqlx::query(sql).bind(LEASE).execute(&pool).await.unwrap();
    pool.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_that_loses_the_lease_ends_its_runs_and_the_next_starts_them() {
    let site = Site::new(Backend::Postgres).await;
    let (store, lead, other) = scheduler_and_other(&site).await;
    let arg = format!("3600.{}", std::process::id());

    // A keep-alive task saved through the server that does not schedule:
    // the scheduling one runs it.
    let (st, t) = other
        .post(
            "/api/v1/tasks",
            &other.admin_token,
            json!({"id": "keeper", "mode": "keep_alive", "shell": true,
                   "command": format!("exec sleep {arg}")}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{t}");
    sleepers_become(&arg, 1, Duration::from_secs(10)).await;
    // A manual run on the server that does not schedule: it runs there,
    // and no new scheduler takes it for an orphan while that server lives.
    let (st, t) = other
        .post(
            "/api/v1/tasks",
            &other.admin_token,
            json!({"id": "manual", "shell": true, "command": "exec sleep 120"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{t}");
    let (st, r) = other
        .post("/api/v1/tasks/manual/run", &other.admin_token, json!({}))
        .await;
    assert_eq!(
        (st, &r["result"]),
        (StatusCode::ACCEPTED, &json!("started")),
        "{r}"
    );

    // Another holder takes the lease (as after the holder's stall): the
    // process ends within one lead round, and nobody starts it meanwhile.
    set_lease(
        &site,
        "UPDATE loop_leases SET holder = 'intruder', expires_at = now() + interval '1 hour' \
         WHERE name = $1",
    )
    .await;
    let ended_in = sleepers_become(&arg, 0, Duration::from_secs(8)).await;
    tokio::time::sleep(Duration::from_secs(6)).await;
    sleepers_become(&arg, 0, Duration::ZERO).await;
    let runs = crate::tasks::wait_runs(&other, "keeper", Duration::from_secs(5), |r| {
        crate::tasks::ended(r, 1)
    })
    .await;
    assert_eq!(runs.len(), 1, "{runs:?}");
    let reason = runs[0]["reason"].as_str().unwrap_or_default();
    assert!(
        reason.contains("no longer schedules the tasks"),
        "the run says why it stopped: {reason}"
    );

    // The intruder goes: a server takes the lease again and, beginning its
    // term, starts the keep-alive task again — once.
    set_lease(&site, "DELETE FROM loop_leases WHERE name = $1").await;
    let now_leader = lease_holder_within(&store, LEASE, |h| h != "intruder").await;
    sleepers_become(&arg, 1, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    sleepers_become(&arg, 1, Duration::ZERO).await;
    let runs =
        crate::tasks::wait_runs(&other, "keeper", Duration::from_secs(5), |r| r.len() >= 2).await;
    assert_eq!(runs.len(), 2, "{runs:?}");
    assert_eq!(runs[1]["status"], "RUNNING", "{runs:?}");
    let manual = crate::tasks::wait_runs(&other, "manual", Duration::from_secs(1), |_| true).await;
    assert_eq!(
        (manual.len(), &manual[0]["status"]),
        (1, &json!("RUNNING")),
        "the other server's manual run is not an orphan: {manual:?}"
    );
    let (st, _) = other
        .post("/api/v1/tasks/manual/stop", &other.admin_token, json!({}))
        .await;
    assert_eq!(st, StatusCode::OK);

    // A run a server that is gone left RUNNING (it never beat): the
    // scheduler's lead round marks it EXCEPTION; an unmarked one (a server
    // of an older version) is left to the next term's load. The task keeps
    // its status: another run of it goes.
    let pool = sqlx::PgPool::connect(&site.config().database_url)
        .await
        .unwrap();
    let mut left = Vec::new();
    for holder in [Some("gone-server"), None] {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO task_runs (task_id, trigger_kind, attempt, status, started_at, log_file, holder) \
             VALUES ('keeper', 'manual', 1, 'RUNNING', now(), 'keeper.log', $1) RETURNING id",
        )
        .bind(holder)
        .fetch_one(&pool)
        .await
        .unwrap();
        left.push(id);
    }
    let status_of = |id: i64| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, String>("SELECT status FROM task_runs WHERE id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let swept = Instant::now();
    while status_of(left[0]).await == "RUNNING" {
        assert!(
            swept.elapsed() < Duration::from_secs(8),
            "the gone server's run is still RUNNING"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status_of(left[0]).await, "EXCEPTION");
    assert_eq!(
        status_of(left[1]).await,
        "RUNNING",
        "unmarked: left to load"
    );
    let (_, keeper) = other.get("/api/v1/tasks/keeper", &other.admin_token).await;
    assert_eq!(keeper["status"], "RUNNING", "{keeper}");
    sqlx::query("DELETE FROM task_runs WHERE id = $1")
        .bind(left[1])
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    eprintln!("lease taken away: the run ended in {ended_in:?}; {now_leader} schedules now");

    store.close().await;
    // Stopping the servers ends the process.
    lead.stop().await;
    other.stop().await;
    sleepers_become(&arg, 0, Duration::from_secs(10)).await;
    site.remove().await;
}
