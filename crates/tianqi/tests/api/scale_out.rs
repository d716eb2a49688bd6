//! Several servers on one PostgreSQL: the placement lock is the
//! database's too, so creates spread over three servers never take the same
//! free capacity; periodic work such as the node checks runs on one server
//! at a time under a lease that moves when its holder stops or dies; an
//! instance operation in flight on one server is left alone by the
//! reconciliation another runs, until its server is gone; access ended on
//! one server ends on the others at once; tasks are scheduled by one server.
//! Several `Server`s in this process, each with its own services
//! and in-process locks, share one throwaway database and the real test
//! engine as their node.

use std::time::{Duration, Instant};

use futures::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::json;
use tianqi_store::{NewInstance, Store};

use crate::docker_env::busybox_image;
use crate::fixtures::docker_node;
use crate::harness::{Backend, Site, TestServer, ADMIN_PASSWORD};
use crate::ws::{frame_after, next_json};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn creates_on_three_servers_never_overcommit_a_node() {
    let site = Site::new(Backend::Postgres).await;
    let mut config = site.config();
    // Node checks (and the reconciliation they run, on the lease holder)
    // every second, so they land inside the burst: a create in flight on
    // one server must not be taken for interrupted by another.
    config.nodes.check_interval_secs = 1;
    let servers = [
        TestServer::start_with(config.clone(), ADMIN_PASSWORD).await,
        TestServer::start_with(config.clone(), ADMIN_PASSWORD).await,
        TestServer::start_with(config, ADMIN_PASSWORD).await,
    ];
    let a = &servers[0];
    docker_node(
        a,
        json!({"name": "shared", "cpu_cores": 10, "memory_gb": 8}),
    )
    .await;
    let (_, img) = a
        .post(
            "/api/v1/images",
            &a.admin_token,
            json!({"name": "so-bb", "address": busybox_image(), "keep_alive_command": ["sleep", "600"]}),
        )
        .await;
    let (_, spec) = a
        .post(
            "/api/v1/specs",
            &a.admin_token,
            json!({"name": "one-core", "cpu_cores": 1, "memory_gb": 0.125}),
        )
        .await;

    // Room for 10; 30 creates at once, 10 through each server.
    let creates = (0..30).map(|i| {
        let s = &servers[i % 3];
        let body = json!({"name": format!("so-{i}"), "image_id": img["id"], "spec_id": spec["id"]});
        async move { s.post("/api/v1/instances", &s.admin_token, body).await }
    });
    let results = join_all(creates).await;
    let created: Vec<_> = results
        .iter()
        .filter(|(st, _)| *st == StatusCode::CREATED)
        .collect();
    for (st, body) in &results {
        if *st != StatusCode::CREATED {
            assert_eq!(*st, StatusCode::CONFLICT, "{body}");
            let msg = body["error"]["message"].as_str().unwrap_or_default();
            assert!(msg.contains("no node can take this instance"), "{body}");
        }
    }
    assert_eq!(created.len(), 10, "exactly the room there is: {results:?}");
    let (_, list) = a
        .get("/api/v1/instances?page_size=100", &a.admin_token)
        .await;
    let running = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["status"] == "running")
        .count();
    assert_eq!((list["total"].as_i64(), running), (Some(10), 10), "{list}");
    let cores: f64 = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["cpu_cores"].as_f64().unwrap())
        .sum();
    assert!(
        (cores - 10.0).abs() < 1e-9,
        "{cores} cores reserved on a 10-core node"
    );

    // Each server sees the others' reservations: one more is refused on all.
    for s in &servers {
        let (st, body) = s
            .post(
                "/api/v1/instances",
                &s.admin_token,
                json!({"name": "one-more", "image_id": img["id"], "spec_id": spec["id"]}),
            )
            .await;
        assert_eq!(st, StatusCode::CONFLICT, "{body}");
    }

    for (_, inst) in &created {
        let (st, _) = a
            .delete(&format!("/api/v1/instances/{}", inst["id"]), &a.admin_token)
            .await;
        assert_eq!(st, StatusCode::NO_CONTENT);
    }
    for s in servers {
        s.stop().await;
    }
    site.remove().await;
}

/// The lease rules on PostgreSQL, two stores (two processes' marks) on one
/// database: one holder, renewal, takeover after the expiry, release.
#[tokio::test]
async fn a_loop_lease_has_one_holder_on_postgres() {
    let site = Site::new(Backend::Postgres).await;
    let url = site.config().database_url;
    let opts = tianqi_store::StoreOptions::default();
    let a = tianqi_store::Store::open(&url, &opts).await.unwrap();
    let b = tianqi_store::Store::open(&url, &opts).await.unwrap();
    let t0 = chrono::Utc::now();
    let secs = chrono::Duration::seconds;
    assert!(a.hold_lease("x", t0, t0 + secs(45)).await.unwrap());
    assert!(!b
        .hold_lease("x", t0 + secs(1), t0 + secs(46))
        .await
        .unwrap());
    assert!(
        a.hold_lease("x", t0 + secs(30), t0 + secs(75))
            .await
            .unwrap(),
        "renewed"
    );
    assert!(!b
        .hold_lease("x", t0 + secs(70), t0 + secs(115))
        .await
        .unwrap());
    assert!(
        b.hold_lease("x", t0 + secs(76), t0 + secs(121))
            .await
            .unwrap(),
        "expired: taken"
    );
    assert!(!a
        .hold_lease("x", t0 + secs(80), t0 + secs(125))
        .await
        .unwrap());
    b.release_lease("x").await.unwrap();
    assert!(
        a.hold_lease("x", t0 + secs(81), t0 + secs(126))
            .await
            .unwrap(),
        "given up: free"
    );
    a.close().await;
    b.close().await;
    site.remove().await;
}

/// Two servers: the node checks run on the one holding the lease; when it
/// stops it gives the lease up and the other takes the next round.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn periodic_work_runs_on_one_server_and_moves_when_it_stops() {
    let site = Site::new(Backend::Postgres).await;
    let mut config = site.config();
    config.nodes.check_interval_secs = 1;
    let first = TestServer::start_with(config.clone(), ADMIN_PASSWORD).await;
    let second = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let probe = tianqi_store::Store::open(&site.config().database_url, &Default::default())
        .await
        .unwrap();
    let mut holder = None;
    for _ in 0..40 {
        holder = probe.lease_holder("node-health").await.unwrap();
        if holder.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        holder.as_deref(),
        Some(first.holder.as_str()),
        "the first server to start holds it"
    );
    // Rounds go on: the holder keeps it.
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(
        probe.lease_holder("node-health").await.unwrap().as_deref(),
        Some(first.holder.as_str())
    );
    first.stop().await;
    let mut now_held = None;
    for _ in 0..40 {
        now_held = probe.lease_holder("node-health").await.unwrap();
        if now_held.as_deref() == Some(second.holder.as_str()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        now_held.as_deref(),
        Some(second.holder.as_str()),
        "the second server took over"
    );
    second.stop().await;
    assert_eq!(
        probe.lease_holder("node-health").await.unwrap(),
        None,
        "given up on stop"
    );
    probe.close().await;
    site.remove().await;
}

/// A create in flight on another live server (its row and its beat written
/// as that server writes them) is not rolled back by this server's
/// reconciliation; once that server stops beating, it is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_in_flight_elsewhere_is_left_alone_until_its_server_is_gone() {
    let site = Site::new(Backend::Postgres).await;
    let mut config = site.config();
    config.nodes.check_interval_secs = 1;
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let node = docker_node(&s, json!({"name": "n1", "cpu_cores": 4, "memory_gb": 4})).await;
    let (_, img) = s
        .post(
            "/api/v1/images",
            &s.admin_token,
            json!({"name": "fl-bb", "address": busybox_image(), "keep_alive_command": ["sleep", "600"]}),
        )
        .await;
    let (_, spec) = s
        .post(
            "/api/v1/specs",
            &s.admin_token,
            json!({"name": "fl-one", "cpu_cores": 1, "memory_gb": 0.125}),
        )
        .await;
    let (_, me) = s.get("/api/v1/me", &s.admin_token).await;

    // The other server: its beat, its reserved row, its operation.
    let other = Store::open(&site.config().database_url, &Default::default())
        .await
        .unwrap();
    let now = chrono::Utc::now();
    other.beat_server(now, now).await.unwrap();
    let inst = other
        .insert_instance(&NewInstance {
            name: "elsewhere".into(),
            owner_id: me["id"].as_i64().unwrap(),
            node_id: node["id"].as_i64().unwrap(),
            image_id: img["id"].as_i64().unwrap(),
            spec_id: spec["id"].as_i64().unwrap(),
            image_address: busybox_image(),
            cpu_milli: 1000,
            memory_mib: 128,
            system_disk_gb: 0,
            data_disk_gb: 0,
            gpus: vec![],
            gpu_split: false,
            remark: String::new(),
            stop_at: None,
            stop_after_secs: None,
            now,
        })
        .await
        .unwrap();
    other.begin_flight("op-1", inst.id, now).await.unwrap();
    let path = format!("/api/v1/instances/{}", inst.id);

    // Three reconciliations later (beating as a live server does) it is
    // still the other server's create.
    for _ in 0..6 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now = chrono::Utc::now();
        other.beat_server(now, now).await.unwrap();
    }
    assert_eq!(status_of(&s, &path).await, "creating");
    let (_, servers) = s.get("/api/v1/system/servers", &s.admin_token).await;
    let listed: Vec<_> = servers
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["holder"].as_str() == Some(other.holder()),
                v["this"].clone(),
                v["alive"].clone(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        vec![
            (false, json!(true), json!(true)),
            (true, json!(false), json!(true))
        ],
        "{servers}"
    );

    // It stops beating (its last beat a minute ago): the create is over.
    let gone = chrono::Utc::now() - chrono::Duration::seconds(60);
    other.beat_server(gone, gone).await.unwrap();
    let mut seen = json!(null);
    for _ in 0..50 {
        seen = status_of(&s, &path).await;
        if seen == "failed" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(seen, "failed", "rolled back once its server was gone");
    let (_, body) = s.get(&path, &s.admin_token).await;
    assert_eq!(
        body["status_error"], "creation was interrupted (server restart)",
        "{body}"
    );

    other.close().await;
    s.stop().await;
    site.remove().await;
}

/// Access ended on one server ends on the others at once: a user disabled
/// on A is refused by B, and a session token signed out on A ends the
/// stream it holds on B. Neither B's session recheck nor its token cache's
/// expiry comes within the test, so only A's announcement can do it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn access_ended_on_one_server_ends_on_the_others() {
    let site = Site::new(Backend::Postgres).await;
    let mut config = site.config();
    config.sessions.recheck_secs = 3600;
    config.auth.token_cache_ms = 600_000;
    let a = TestServer::start_with(config.clone(), ADMIN_PASSWORD).await;
    let b = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let admin = a.login_ok("admin", ADMIN_PASSWORD).await;
    let (uid, user) = a.user("una", "user").await;
    // Both tokens looked up, and so cached, on B.
    assert_eq!(b.get("/api/v1/me", &admin).await.0, StatusCode::OK);
    assert_eq!(b.get("/api/v1/me", &user).await.0, StatusCode::OK);
    let mut ws = crate::ws::connect(
        &b,
        "/api/v1/system/ws?interval=60",
        "tianqi.system",
        &admin,
        Some(&b.base.clone()),
    )
    .await
    .expect("the admin's stream on B");
    assert_eq!(
        next_json(&mut ws).await.expect("a snapshot")["type"],
        "snapshot"
    );

    let (st, body) = a
        .call(
            Method::PATCH,
            &format!("/api/v1/users/{uid}"),
            Some(&a.admin_token),
            Some(json!({"enabled": false})),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let refused = wait_for(
        || async { b.get("/api/v1/me", &user).await.0 },
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(refused, StatusCode::UNAUTHORIZED, "the disabled user on B");

    let signed_out = Instant::now();
    let (st, _) = a
        .call(Method::POST, "/api/v1/auth/logout", Some(&admin), None)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let end = frame_after(&mut ws, "snapshot").await;
    assert_eq!(end, json!({"type": "end", "reason": "access ended"}));
    assert!(
        signed_out.elapsed() < Duration::from_secs(5),
        "ended by the announcement, not a round: {:?}",
        signed_out.elapsed()
    );
    assert_eq!(
        b.get("/api/v1/me", &admin).await.0,
        StatusCode::UNAUTHORIZED
    );
    // B still answers the tokens that were not touched.
    assert_eq!(b.get("/api/v1/me", &b.admin_token).await.0, StatusCode::OK);

    a.stop().await;
    b.stop().await;
    site.remove().await;
}

/// Tasks on two servers: the holder of the scheduler's lease schedules; a
/// definition saved through the other reaches its agenda at once, so a tick
/// runs once, not once per server; a disable through the other stops the
/// ticks; when the scheduling server stops, the other takes over. Both
/// servers' clocks are moved alike.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn tasks_are_scheduled_once_and_follow_changes_made_elsewhere() {
    let site = Site::new(Backend::Postgres).await;
    let (store, lead, other) = scheduler_and_other(&site).await;
    let tick = || {
        for s in [&lead, &other] {
            s.clock.advance(Duration::from_secs(61));
        }
    };

    let (st, t) = other
        .post(
            "/api/v1/tasks",
            &other.admin_token,
            json!({"id": "tick", "execute_path": "/bin/true", "interval_seconds": 60}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{t}");
    tokio::time::sleep(Duration::from_millis(700)).await;
    tick();
    crate::tasks::wait_runs(&lead, "tick", Duration::from_secs(10), |r| {
        crate::tasks::ended(r, 1)
    })
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let runs = crate::tasks::wait_runs(&other, "tick", Duration::from_secs(1), |_| true).await;
    assert_eq!(runs.len(), 1, "one tick, one run: {runs:?}");
    assert_eq!(runs[0]["trigger"], "schedule");

    // Disabled through the other server: the next tick runs nowhere.
    let (st, t) = toggle(&other).await;
    assert_eq!(
        (st, t["spec"]["enabled"].clone()),
        (StatusCode::OK, json!(false)),
        "{t}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    tick();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let runs = crate::tasks::wait_runs(&other, "tick", Duration::from_secs(1), |_| true).await;
    assert_eq!(runs.len(), 1, "disabled elsewhere, not run: {runs:?}");

    // Enabled again; the scheduling server stops and gives its lease up:
    // the other schedules from its next lead round (every 5 s).
    let (st, t) = toggle(&other).await;
    assert_eq!(
        (st, t["spec"]["enabled"].clone()),
        (StatusCode::OK, json!(true)),
        "{t}"
    );
    let gone = lead.holder.clone();
    lead.stop().await;
    let now_leader = lease_holder_within(&store, "task-scheduler", |h| h != gone).await;
    assert_eq!(now_leader, other.holder);
    tokio::time::sleep(Duration::from_millis(700)).await;
    other.clock.advance(Duration::from_secs(61));
    let runs = crate::tasks::wait_runs(&other, "tick", Duration::from_secs(10), |r| {
        crate::tasks::ended(r, 2)
    })
    .await;
    assert_eq!(runs.len(), 2, "{runs:?}");

    store.close().await;
    other.stop().await;
    site.remove().await;
}

async fn toggle(s: &TestServer) -> (StatusCode, serde_json::Value) {
    s.call(
        Method::POST,
        "/api/v1/tasks/tick/toggle",
        Some(&s.admin_token),
        None,
    )
    .await
}

/// Two servers on `site`'s database, the one holding the task scheduler's
/// lease first, and a store of the test's own to read the leases with.
pub(crate) async fn scheduler_and_other(site: &Site) -> (Store, TestServer, TestServer) {
    let first = TestServer::start_with(site.config(), ADMIN_PASSWORD).await;
    let second = TestServer::start_with(site.config(), ADMIN_PASSWORD).await;
    let store = Store::open(&site.config().database_url, &Default::default())
        .await
        .unwrap();
    let leader = lease_holder_within(&store, "task-scheduler", |_| true).await;
    if leader == first.holder {
        (store, first, second)
    } else {
        (store, second, first)
    }
}

/// The holder of lease `name` once one matching `want` holds it (≤ 10 s).
pub(crate) async fn lease_holder_within(
    store: &Store,
    name: &str,
    want: impl Fn(&str) -> bool,
) -> String {
    for _ in 0..200 {
        if let Some(h) = store.lease_holder(name).await.unwrap() {
            if want(&h) {
                return h;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no wanted holder of the {name} lease within 10 s");
}

/// Polls `probe` (every 50 ms, for 3 s) until it answers `want`; the last answer.
async fn wait_for<F, Fut>(probe: F, want: StatusCode) -> StatusCode
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = StatusCode>,
{
    let mut seen = probe().await;
    for _ in 0..60 {
        if seen == want {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        seen = probe().await;
    }
    seen
}

async fn status_of(s: &TestServer, path: &str) -> serde_json::Value {
    s.get(path, &s.admin_token).await.1["status"].clone()
}
