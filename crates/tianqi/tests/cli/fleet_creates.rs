//! Three real `tianqi serve` processes on one PostgreSQL database, sharing
//! one node (a namespace of the fake API server's cluster, in this test
//! process: no Docker needed): 100 creates spread over the three with room
//! for 10 make exactly 10 Pods; and a sign-out on one server ends a stream
//! the same token holds on another at once.

use futures::StreamExt;
use tianqi_kube::fake::{FakeApiServer, FakeCluster};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

use super::fleet::{start_three, ADMIN_PW};
use super::*;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The next text frame as JSON; None once the socket closed (or 10 s passed).
async fn next(ws: &mut Ws) -> Option<Value> {
    loop {
        match tokio::time::timeout(Duration::from_secs(10), ws.next()).await {
            Ok(Some(Ok(Message::Text(t)))) => return serde_json::from_str(&t).ok(),
            Ok(Some(Ok(Message::Close(_)))) | Ok(None) | Err(_) | Ok(Some(Err(_))) => return None,
            Ok(Some(Ok(_))) => {}
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_servers_create_exactly_the_room_and_end_a_stream_signed_out_elsewhere() {
    let fake = FakeApiServer::start(FakeCluster::default()).await.unwrap();
    let (pool, db, url) = pg_database().await;
    let env = [
        ("TIANQI_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PW),
        // Checks (and the reconciliation they run) inside the burst.
        ("TIANQI_NODES_CHECK_INTERVAL_SECS", "1"),
        ("TIANQI_NODES_LOCAL_SOCKET", ""),
        ("TIANQI_AUTH_TOKEN_CACHE_MS", "600000"),
        ("TIANQI_SESSIONS_RECHECK_SECS", "3600"),
    ];
    let (servers, _dirs) = start_three(&url, &env);
    let bases: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();
    let (_, body) = login(&bases[0], "admin", ADMIN_PW).await;
    let admin = body["token"].as_str().unwrap().to_owned();
    let post = |base: &str, path: &str, body: Value| {
        let (base, path, admin) = (base.to_owned(), path.to_owned(), admin.clone());
        async move { call(&base, "POST", &path, Some(&admin), Some(body)).await }
    };

    // The cluster's two schedulable nodes allocate 16 cores: room for 10
    // instances of 1.5.
    let (st, cluster) = post(
        &bases[0],
        "/api/v1/k8s/clusters",
        json!({"name": "fleetlab", "kubeconfig": fake.kubeconfig()}),
    )
    .await;
    assert_eq!(st, 201, "{cluster}");
    let (st, node) = post(
        &bases[1],
        "/api/v1/nodes",
        json!({"name": "k8s-fleet", "kubernetes": {"cluster_id": cluster["id"], "namespace": "team-a"}}),
    )
    .await;
    assert_eq!((st, &node["cpu_cores"]), (201, &json!(16.0)), "{node}");
    let (_, image) = post(
        &bases[2],
        "/api/v1/images",
        json!({"name": "bb", "address": "busybox:1.36", "keep_alive_command": ["sleep", "infinity"]}),
    )
    .await;
    let (_, spec) = post(
        &bases[0],
        "/api/v1/specs",
        json!({"name": "one-and-a-half", "cpu_cores": 1.5, "memory_gb": 1}),
    )
    .await;
    let creates = (0..100).map(|i| {
        post(
            &bases[i % 3],
            "/api/v1/instances",
            json!({"name": format!("f-{i}"), "image_id": image["id"], "spec_id": spec["id"]}),
        )
    });
    let results = futures::future::join_all(creates).await;
    let mut created = 0;
    for (st, body) in &results {
        match st {
            201 => created += 1,
            409 => assert!(
                body["error"]["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("no node can take this instance")),
                "{body}"
            ),
            other => panic!("{other}: {body}"),
        }
    }
    assert_eq!(created, 10, "exactly the room there is");
    let pods = fake
        .requests()
        .iter()
        .filter(|r| r.starts_with("POST /api/v1/namespaces/team-a/pods"))
        .count();
    assert_eq!(pods, 10, "one Pod a create that got room");
    let cap = node_capacity(&bases[2], &admin, node["id"].as_i64().unwrap()).await;
    assert_eq!(cap["cpu_cores"]["allocated"], 15.0, "{cap}");

    // A session's stream on the second server, its token signed out on the
    // third: the stream ends at once with the reason.
    let (_, body) = login(&bases[0], "admin", ADMIN_PW).await;
    let session = body["token"].as_str().unwrap().to_owned();
    let mut req = format!(
        "{}/api/v1/system/ws?interval=60",
        bases[1].replace("http", "ws")
    )
    .into_client_request()
    .unwrap();
    req.headers_mut().insert(
        "sec-websocket-protocol",
        format!("tianqi.system, tianqi.token.{session}")
            .parse()
            .unwrap(),
    );
    req.headers_mut()
        .insert("origin", bases[1].parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    assert_eq!(next(&mut ws).await.unwrap()["type"], "snapshot");
    let (st, _) = call(
        &bases[2],
        "POST",
        "/api/v1/auth/logout",
        Some(&session),
        None,
    )
    .await;
    assert_eq!(st, 204);
    let signed_out = Instant::now();
    let end = loop {
        let frame = next(&mut ws).await.expect("an end frame before the close");
        if frame["type"] != "snapshot" && frame["type"] != "sample" {
            break frame;
        }
    };
    assert_eq!(end, json!({"type": "end", "reason": "access ended"}));
    assert!(
        signed_out.elapsed() < Duration::from_secs(5),
        "ended by the announcement: {:?}",
        signed_out.elapsed()
    );

    for s in servers {
        let (ok, log) = s.terminate(Duration::from_secs(15));
        assert!(ok, "{log}");
    }
    sqlx::query(&format!("DROP DATABASE {db} WITH (FORCE)"))
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    fake.stop().await;
}
