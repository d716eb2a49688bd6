//! Three real `tianqi serve` processes on one PostgreSQL database: each
//! leased loop runs on one of them at a time, and when its holder is killed
//! (SIGKILL: no hand-over) another takes it within one lease; a sign-out on
//! one is refused by the others at once; a task due every second runs once a
//! tick, before and after its scheduler is killed. Which server runs a loop is read
//! from each one's `tianqi_loop_rounds_total{loop}`.

use super::*;

pub(crate) const ADMIN_PW: &str = "fleet-admin-pw";
/// Leased loops that run every second here (`nodes.check_interval_secs`).
const LEASED: [&str; 2] = ["node-health", "workspace-reconcile"];

fn env() -> Vec<(&'static str, &'static str)> {
    vec![
        ("TIANQI_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PW),
        ("TIANQI_NODES_CHECK_INTERVAL_SECS", "1"),
        ("TIANQI_NODES_LOCAL_SOCKET", ""),
        // Only another server's announcement can end a token here within
        // the test, not this cache's expiry.
        ("TIANQI_AUTH_TOKEN_CACHE_MS", "600000"),
    ]
}

/// Rounds of `name` this server ran (0 before its first).
async fn rounds(base: &str, name: &str) -> u64 {
    let text = reqwest::get(format!("{base}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let series = format!("tianqi_loop_rounds_total{{loop=\"{name}\"}} ");
    text.lines()
        .find_map(|l| l.strip_prefix(&series))
        .map_or(0, |v| v.trim().parse().unwrap())
}

/// For each leased loop, the servers (their index in `bases`) that ran a
/// round of it during `window`.
async fn runners(bases: &[String], window: Duration) -> Vec<Vec<usize>> {
    let mut before = Vec::new();
    for name in LEASED {
        let mut counts = Vec::new();
        for b in bases {
            counts.push(rounds(b, name).await);
        }
        before.push(counts);
    }
    tokio::time::sleep(window).await;
    let mut ran = Vec::new();
    for (name, counts) in LEASED.iter().zip(before) {
        let mut who = Vec::new();
        for (i, (b, n)) in bases.iter().zip(counts).enumerate() {
            if rounds(b, name).await > n {
                who.push(i);
            }
        }
        ran.push(who);
    }
    ran
}

/// When the runs of task `tick` started, oldest first.
async fn run_starts(base: &str, token: &str) -> Vec<chrono::DateTime<chrono::Utc>> {
    let (st, page) = call(
        base,
        "GET",
        "/api/v1/tasks/tick/runs?page_size=100",
        Some(token),
        None,
    )
    .await;
    assert_eq!(st, 200, "{page}");
    let mut starts: Vec<_> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            chrono::DateTime::parse_from_rfc3339(r["started_at"].as_str().unwrap())
                .unwrap()
                .with_timezone(&chrono::Utc)
        })
        .collect();
    starts.sort();
    starts
}

/// No tick ran twice: runs of a task due every second start a second apart.
fn once_a_tick(starts: &[chrono::DateTime<chrono::Utc>]) {
    for w in starts.windows(2) {
        assert!(
            w[1] - w[0] >= chrono::Duration::milliseconds(500),
            "two runs of one tick: {starts:?}"
        );
    }
}

/// The data directory of a further server: copies of the first one's keys,
/// so tokens and secrets of one are good on all.
fn further_server_dir(first: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
    for key in ["token-signing.key", "secrets.key", "jumpbox_host_key"] {
        let from = first.join("data").join(key);
        if from.exists() {
            std::fs::copy(&from, data.join(key)).unwrap();
        }
    }
    dir
}

/// Three servers on database `url` with `env`, the first one's keys copied
/// to the others; their data dirs live as long as the answer.
pub(crate) fn start_three(url: &str, env: &[(&str, &str)]) -> (Vec<Serve>, [tempfile::TempDir; 3]) {
    let db_args = ["--database-url", url];
    let first = tempfile::tempdir().unwrap();
    let mut servers = vec![Serve::start(first.path(), &db_args, env)];
    let dirs = [
        further_server_dir(first.path()),
        further_server_dir(first.path()),
    ];
    for d in &dirs {
        servers.push(Serve::start(d.path(), &db_args, env));
    }
    let [second, third] = dirs;
    (servers, [first, second, third])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_servers_share_loops_and_take_over_from_a_killed_one() {
    let (pool, db, url) = pg_database().await;
    let (mut servers, _dirs) = start_three(&url, &env());
    let bases: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();
    let pids: Vec<String> = servers.iter().map(|s| s.child.id().to_string()).collect();

    // One admin token, signed on the first, good on every server; each
    // lists the three (their marks begin with their pids).
    let (_, body) = login(&bases[0], "admin", ADMIN_PW).await;
    let admin = body["token"].as_str().unwrap().to_owned();
    for b in &bases {
        let (st, list) = call(b, "GET", "/api/v1/system/servers", Some(&admin), None).await;
        assert_eq!(st, 200, "{list}");
        let mut listed: Vec<String> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                assert_eq!(s["alive"], true, "{s}");
                let holder = s["holder"].as_str().unwrap();
                holder.split('-').next().unwrap().to_owned()
            })
            .collect();
        listed.sort();
        let mut want = pids.clone();
        want.sort();
        assert_eq!(listed, want, "servers listed by {b}");
    }

    // Each leased loop runs on exactly one server; an unleased one (the
    // beat) on every server, so a zero above is not a missing metric.
    let ran = runners(&bases, Duration::from_secs(3)).await;
    for (name, who) in LEASED.iter().zip(&ran) {
        assert_eq!(who.len(), 1, "{name} ran on servers {who:?}");
    }
    for b in &bases {
        assert!(rounds(b, "server-beat").await > 0, "{b} beats");
    }

    // The first server started alone, so it took every lease, the task
    // scheduler's too: its death tests every takeover.
    let victim = ran[0][0];
    let db_pool = sqlx::PgPool::connect(&url).await.unwrap();
    let scheduler: String =
        sqlx::query_scalar("SELECT holder FROM loop_leases WHERE name = 'task-scheduler'")
            .fetch_one(&db_pool)
            .await
            .unwrap();
    db_pool.close().await;
    assert!(
        scheduler.starts_with(&format!("{}-", pids[victim])),
        "node-health on {victim}, the scheduler's lease with {scheduler}"
    );
    // A task every second, saved through another server: one run a tick.
    let other = &bases[(victim + 1) % 3];
    let (st, t) = call(
        other,
        "POST",
        "/api/v1/tasks",
        Some(&admin),
        Some(json!({"id": "tick", "execute_path": "/bin/true", "interval_seconds": 1})),
    )
    .await;
    assert_eq!(st, 201, "{t}");
    tokio::time::sleep(Duration::from_millis(3500)).await;
    let before = run_starts(other, &admin).await;
    assert!((2..=5).contains(&before.len()), "{before:?}");
    once_a_tick(&before);

    // Kill it without letting it hand over.
    let mut killed = servers.remove(victim);
    killed.child.kill().unwrap();
    killed.child.wait().unwrap();
    let killed_at = Instant::now();
    let killed_wall = chrono::Utc::now();
    let survivors: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();

    // Its leases expire (10 s at the least) and a survivor's next round
    // takes them: within about 12 s, and never on both survivors.
    let took_over = loop {
        let ran = runners(&survivors, Duration::from_secs(1)).await;
        for (name, who) in LEASED.iter().zip(&ran) {
            assert!(who.len() <= 1, "{name} ran on both survivors: {who:?}");
        }
        if ran.iter().all(|who| who.len() == 1) {
            break killed_at.elapsed();
        }
        assert!(
            killed_at.elapsed() < Duration::from_secs(20),
            "no survivor took over the killed server's loops: {ran:?}"
        );
    };
    eprintln!("leased loops taken over {took_over:?} after their holder was killed");
    assert!(
        took_over < Duration::from_secs(14),
        "took over in {took_over:?}"
    );
    let ran = runners(&survivors, Duration::from_secs(3)).await;
    for (name, who) in LEASED.iter().zip(&ran) {
        assert_eq!(who.len(), 1, "{name} ran on survivors {who:?}");
    }

    // The schedule goes on from a survivor once the scheduler's lease (15 s)
    // has expired, still one run a tick.
    let resumed = loop {
        let starts = run_starts(&survivors[0], &admin).await;
        let last = starts.last().copied();
        if last.is_some_and(|l| l > killed_wall + chrono::Duration::seconds(2)) {
            break killed_at.elapsed();
        }
        assert!(
            killed_at.elapsed() < Duration::from_secs(30),
            "no survivor took the schedule over: {starts:?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    eprintln!("the task schedule resumed {resumed:?} after its server was killed");
    tokio::time::sleep(Duration::from_secs(3)).await;
    let all = run_starts(&survivors[1], &admin).await;
    once_a_tick(&all);
    assert!(all.len() >= before.len() + 3, "{all:?}");

    // A token signed out on one survivor is refused by the other at once,
    // though the other had it cached for ten minutes.
    let (_, body) = login(&survivors[0], "admin", ADMIN_PW).await;
    let session = body["token"].as_str().unwrap().to_owned();
    assert_eq!(
        call(&survivors[1], "GET", "/api/v1/me", Some(&session), None)
            .await
            .0,
        200
    );
    let (st, _) = call(
        &survivors[0],
        "POST",
        "/api/v1/auth/logout",
        Some(&session),
        None,
    )
    .await;
    assert_eq!(st, 204);
    let signed_out = Instant::now();
    loop {
        let (st, _) = call(&survivors[1], "GET", "/api/v1/me", Some(&session), None).await;
        if st == 401 {
            break;
        }
        assert_eq!(st, 200);
        assert!(
            signed_out.elapsed() < Duration::from_secs(2),
            "the other server still accepts a signed-out token"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    for s in servers {
        let (ok, log) = s.terminate(Duration::from_secs(15));
        assert!(ok, "{log}");
    }
    drop(killed);
    sqlx::query(&format!("DROP DATABASE {db} WITH (FORCE)"))
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}
