//! Health, readiness, metrics, OpenAPI and the docs page.

use reqwest::{Method, StatusCode};

use crate::harness::{Site, TestServer};
use crate::on_both;

async fn operations_endpoints(site: &Site) {
    let s = TestServer::start(site).await;
    let (status, h) = s.call(Method::GET, "/healthz", None, None).await;
    assert_eq!((status, h["status"].as_str()), (StatusCode::OK, Some("ok")));
    let (status, r) = s.call(Method::GET, "/readyz", None, None).await;
    let engine = match site.backend {
        crate::harness::Backend::Sqlite => "sqlite",
        crate::harness::Backend::Postgres => "postgres",
    };
    assert_eq!(
        (status, r["database"].as_str()),
        (StatusCode::OK, Some(engine))
    );

    s.get("/api/v1/users", &s.admin_token).await;
    let res = s.http.get(s.url("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let text = res.text().await.unwrap();
    for needle in [
        "tianqi_http_requests_total{method=\"GET\",route=\"/api/v1/users\",status=\"200\"}",
        "tianqi_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/users\",le=\"0.005\"}",
        "tianqi_db_pool_connections{state=\"idle\"}",
        "tianqi_db_pool_max_connections",
        "tianqi_process_resident_memory_bytes",
    ] {
        assert!(text.contains(needle), "metrics lack {needle}:\n{text}");
    }

    let (status, doc) = s.call(Method::GET, "/api/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for p in [
        "/api/v1/auth/login",
        "/api/v1/users",
        "/api/v1/users/{id}",
        "/api/v1/me/tokens",
        "/api/v1/audit",
        "/healthz",
    ] {
        assert!(doc["paths"].get(p).is_some(), "OpenAPI lacks {p}");
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert_eq!(
        doc["paths"]["/api/v1/users"]["get"]["security"][0]["bearer"][0],
        "admin"
    );

    let res = s.http.get(s.url("/api/docs")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("/api/openapi.json"));
    // works offline: nothing loaded from another origin
    for external in [
        "src=\"http",
        "href=\"http",
        "src=\"//",
        "href=\"//",
        "@import",
    ] {
        assert!(
            !html.contains(external),
            "docs page loads an external resource ({external})"
        );
    }
    s.stop().await;
}
on_both!(operations_endpoints);

/// Graceful shutdown: a request in flight when the signal arrives is finished;
/// one that never completes is cut off after the grace period (2 s in tests).
async fn graceful_shutdown(site: &Site) {
    use std::time::{Duration, Instant};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let s = TestServer::start(site).await;
    let addr = s.base.trim_start_matches("http://").to_owned();
    let body = br#"{"username":"admin","password":"admin-pass-for-tests"}"#;
    let head = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    // In flight: headers and half the body sent before the signal.
    let mut inflight = tokio::net::TcpStream::connect(&addr).await.unwrap();
    inflight.write_all(head.as_bytes()).await.unwrap();
    inflight.write_all(&body[..10]).await.unwrap();
    // Stuck: a request that will never finish its body.
    let mut stuck = tokio::net::TcpStream::connect(&addr).await.unwrap();
    stuck.write_all(head.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;

    let started = Instant::now();
    let task = s.begin_shutdown();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // New connections are refused once shutdown began.
    assert!(
        tokio::net::TcpStream::connect(&addr).await.is_err(),
        "the listener still accepts after the signal"
    );
    // The in-flight request completes normally.
    inflight.write_all(&body[10..]).await.unwrap();
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), inflight.read(&mut buf))
        .await
        .expect("in-flight request answered")
        .unwrap();
    let text = String::from_utf8_lossy(&buf[..n]);
    assert!(text.starts_with("HTTP/1.1 200"), "in-flight answer: {text}");
    assert!(text.contains("\"token\""), "{text}");
    // The stuck one is cut off at the grace bound, and the server stops.
    tokio::time::timeout(Duration::from_secs(10), task)
        .await
        .expect("server stops within the grace bound")
        .unwrap();
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(1500) && took < Duration::from_secs(6),
        "stopped after {took:?}"
    );
    drop(stuck);
}
on_both!(graceful_shutdown);
