//! Many creates at once: one user twenty times (on one server and across two),
//! fifty users, a busy port.

use super::*;

async fn one_user_twenty_creates(site: &Site) {
    let ws = setup(site, 1);
    let s = TestServer::start_with(ws.config.clone(), crate::harness::ADMIN_PASSWORD).await;
    let calls = (0..20).map(|_| create(&s, json!(7)));
    one_made(&ws, 7, futures::future::join_all(calls).await);
    assert_eq!(compat(&s, Method::GET, "/list", None).await.1["total"], 1);
    s.stop().await;
}
on_both!(one_user_twenty_creates);

async fn fifty_users_at_once(site: &Site) {
    let ws = setup(site, 2);
    let s = TestServer::start_with(ws.config.clone(), crate::harness::ADMIN_PASSWORD).await;
    let calls = (1..=50).map(|u| create(&s, json!(u)));
    let results = futures::future::join_all(calls).await;
    for (st, b) in &results {
        assert_eq!(*st, StatusCode::CREATED, "{b}");
    }
    let mut ports = HashSet::new();
    for (_, b) in &results {
        assert!(ports.insert(b["http_port"].as_u64().unwrap()));
        assert!(ports.insert(b["ws_port"].as_u64().unwrap()));
    }
    assert_eq!(ports.len(), 100, "no port handed out twice");
    let running = docker(
        &docker_host(),
        &["ps", "-q", "--filter", &format!("name=^/{}", ws.prefix)],
    );
    assert_eq!(running.split_whitespace().count(), 50);
    let (_, l) = compat(&s, Method::GET, "/list", None).await;
    assert_eq!(l["total"], 50);
    let users: Vec<i64> = l["containers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["user_id"].as_i64().unwrap())
        .collect();
    assert_eq!(users, (1..=50).collect::<Vec<_>>(), "ordered by user id");
    // Every published port answers: docker-proxy really bound them all.
    for u in [1, 25, 50] {
        wait_healthy(&s, &ws.name(u)).await;
    }
    s.stop().await;
}
on_both!(fifty_users_at_once);

async fn busy_port_fails_cleanly(site: &Site) {
    let ws = setup(site, 3);
    let s = TestServer::start_with(ws.config.clone(), crate::harness::ADMIN_PASSWORD).await;
    let port = ws.ws_base + 3;
    let squatter = std::net::TcpListener::bind(("0.0.0.0", port)).unwrap();
    let (st, b) = create(&s, json!(3)).await;
    assert_eq!(
        (st, b),
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"error": format!("Failed to create container: port {port} already in use")})
        )
    );
    // Nothing half-created: no container, no record, no data directory.
    let left = docker(
        &docker_host(),
        &["ps", "-aq", "--filter", &format!("name=^/{}", ws.prefix)],
    );
    assert!(left.trim().is_empty(), "left behind: {left}");
    assert_eq!(compat(&s, Method::GET, "/list", None).await.1["total"], 0);
    assert!(!ws.data_root.join("user_3").exists());
    drop(squatter);
    let (st, b) = create(&s, json!(3)).await;
    assert_eq!(st, StatusCode::CREATED, "{b}");
    s.stop().await;
}
on_both!(busy_port_fails_cleanly);

/// One user's twenty creates split over two servers on one PostgreSQL:
/// the user's lock is the database's too, so one container is made and
/// the other nineteen find it running, whichever server they reached.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_user_twenty_creates_across_two_servers() {
    let site = Site::new(Backend::Postgres).await;
    let ws = setup(&site, 7);
    let a = TestServer::start_with(ws.config.clone(), crate::harness::ADMIN_PASSWORD).await;
    let b = TestServer::start_with(ws.config.clone(), crate::harness::ADMIN_PASSWORD).await;
    let calls = (0..20).map(|i| create(if i % 2 == 0 { &a } else { &b }, json!(9)));
    one_made(&ws, 9, futures::future::join_all(calls).await);
    for s in [&a, &b] {
        assert_eq!(compat(s, Method::GET, "/list", None).await.1["total"], 1);
    }
    // Destroyed through one server, it is gone for the other.
    let (st, body) = compat(&b, Method::POST, &format!("/destroy/{}", ws.name(9)), None).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert_eq!(compat(&a, Method::GET, "/list", None).await.1["total"], 0);
    let (st, _) = compat(&a, Method::GET, &format!("/health/{}", ws.name(9)), None).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    a.stop().await;
    b.stop().await;
    site.remove().await;
}

/// Of creates for one `user` at once, one made the container and the others
/// found it running; it is the only container of the test's prefix.
fn one_made(ws: &Ws, user: i64, results: Vec<(StatusCode, Value)>) {
    let created = results
        .iter()
        .filter(|(st, _)| *st == StatusCode::CREATED)
        .count();
    let existing = results
        .iter()
        .filter(|(st, b)| *st == StatusCode::OK && b["status"] == "already_running")
        .count();
    assert_eq!((created, existing), (1, results.len() - 1), "{results:?}");
    let names = docker(
        &docker_host(),
        &[
            "ps",
            "-a",
            "--format",
            "{{.Names}}",
            "--filter",
            &format!("name=^/{}", ws.prefix),
        ],
    );
    assert_eq!(
        names.split_whitespace().collect::<Vec<_>>(),
        [ws.name(user).as_str()]
    );
}
