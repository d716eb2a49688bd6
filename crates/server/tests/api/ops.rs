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
    assert_eq!((status, r["database"].as_str()), (StatusCode::OK, Some(engine)));

    s.get("/api/v1/users", &s.admin_token).await;
    let res = s.http.get(s.url("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
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
    for p in ["/api/v1/auth/login", "/api/v1/users", "/api/v1/users/{id}", "/api/v1/me/tokens", "/api/v1/audit", "/healthz"] {
        assert!(doc["paths"].get(p).is_some(), "OpenAPI lacks {p}");
    }
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    assert_eq!(doc["paths"]["/api/v1/users"]["get"]["security"][0]["bearer"][0], "admin");

    let res = s.http.get(s.url("/api/docs")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("/api/openapi.json"));
    // works offline: nothing loaded from another origin
    for external in ["src=\"http", "href=\"http", "src=\"//", "href=\"//", "@import"] {
        assert!(!html.contains(external), "docs page loads an external resource ({external})");
    }
    s.stop().await;
}
on_both!(operations_endpoints);
