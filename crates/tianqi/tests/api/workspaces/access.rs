//! Who may call the compat API, on the main and the dedicated listener; the
//! seed's Python client against the dedicated one.

use super::*;

async fn access_control(site: &Site) {
    // Nothing in workspaces needs Docker here: the guard answers first.
    let mut c = site.config();
    c.workspaces.compat.allow_cidrs = String::new();
    c.workspaces.compat.token = "compat-secret-token".into();
    let port = free_port();
    c.workspaces.compat.listen = format!("127.0.0.1:{port}");
    let s = TestServer::start_with(c, crate::harness::ADMIN_PASSWORD).await;
    // On the main listener only the compat token admits (loopback is what a
    // same-host reverse proxy looks like).
    for token in [None, Some("wrong"), Some(s.admin_token.as_str())] {
        let (st, b) = s.call(Method::GET, &format!("{P}/list"), token, None).await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{b}");
        assert_eq!(
            b["error"], "Forbidden: no valid bearer token was given",
            "{b}"
        );
    }
    let (st, b) = s
        .call(
            Method::GET,
            &format!("{P}/list"),
            Some("compat-secret-token"),
            None,
        )
        .await;
    assert_eq!(
        (st, b),
        (StatusCode::OK, json!({"total": 0, "containers": []}))
    );
    // The OpenAPI document lists the compat operations under the prefix with
    // their own security scheme (the access matrix walks them).
    let (_, doc) = s.call(Method::GET, "/api/openapi.json", None, None).await;
    for (path, method) in [
        ("/create", "post"),
        ("/destroy/{container_id}", "post"),
        ("/health/{container_id}", "get"),
        ("/list", "get"),
        ("/restart/{container_id}", "post"),
    ] {
        let op = &doc["paths"][format!("{P}{path}")][method];
        assert_eq!(op["security"], json!([{"compat": []}]), "{path}: {op}");
    }
    assert!(
        doc["paths"]["/api/v1/workspaces/{id}"]["get"]["security"]
            == json!([{"bearer": ["admin"]}])
    );
    // The dedicated listener serves the same routes at `/`: by address (none
    // listed here) or the token.
    let http = reqwest::Client::new();
    let res = http
        .get(format!("http://127.0.0.1:{port}/list"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let b: Value = res.json().await.unwrap();
    assert!(
        b["error"]
            .as_str()
            .unwrap()
            .starts_with("Forbidden: 127.0.0.1"),
        "{b}"
    );
    let res = http
        .get(format!("http://127.0.0.1:{port}/list"))
        .bearer_auth("compat-secret-token")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["total"], 0);
    s.stop().await;
}
on_both!(access_control);

/// The review's bypasses, each closed: with the default configuration the
/// main listener's compat routes refuse a loopback caller without the token;
/// the dedicated listener believes only its peer (a forged X-Forwarded-For
/// neither admits nor hides), answers only to known hosts (DNS rebinding),
/// and refuses a mutation from another site's page — while the seed's own
/// curl (no content type, no Origin) still works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compat_routes_are_closed_by_default_and_cannot_be_tricked() {
    let site = Site::new(Backend::Sqlite).await;
    let mut c = site.config();
    let port = free_port();
    c.workspaces.compat.listen = format!("127.0.0.1:{port}");
    c.workspaces.compat.allow_cidrs = "203.0.113.0/24".into();
    c.http.trusted_proxies = "127.0.0.0/8".into();
    let s = TestServer::start_with(c, crate::harness::ADMIN_PASSWORD).await;
    let (st, b) = s.call(Method::GET, &format!("{P}/list"), None, None).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{b}");
    assert!(
        b["error"]
            .as_str()
            .unwrap()
            .contains("workspaces.compat.token"),
        "says how to open it: {b}"
    );
    let http = reqwest::Client::new();
    let dedicated = format!("http://127.0.0.1:{port}");
    // A forged hop from the allowed network does not admit: the peer is loopback.
    let res = http
        .get(format!("{dedicated}/list"))
        .header("X-Forwarded-For", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    s.stop().await;

    let mut c = site.config();
    c.workspaces.compat.listen = format!("127.0.0.1:{port}");
    c.workspaces.compat.allowed_hosts = "ws.example.org".into();
    let s = TestServer::start_with(c, crate::harness::ADMIN_PASSWORD).await;
    let list = |host: &'static str| {
        http.get(format!("{dedicated}/list"))
            .header("Host", host)
            .send()
    };
    assert_eq!(list("127.0.0.1").await.unwrap().status(), StatusCode::OK);
    assert_eq!(
        list("ws.example.org:8080").await.unwrap().status(),
        StatusCode::OK
    );
    let res = list("rebound.attacker.example").await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "DNS rebinding");
    // A page on another site cannot make the browser create or destroy.
    let res = http
        .post(format!("{dedicated}/create"))
        .header("Origin", "http://evil.example")
        .body(r#"{"user_id": 1}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let b: Value = res.json().await.unwrap();
    assert!(b["error"].as_str().unwrap().contains("evil.example"), "{b}");
    // The seed's curl: `curl -X POST …/create -d '{"user_id": 1}'` (a form
    // content type, no Origin). Workspaces have no node here, so it gets the
    // old 500 shape — past the guard.
    let out = tokio::process::Command::new("curl")
        .args(["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST"])
        .arg(format!("{dedicated}/create"))
        .args(["-d", r#"{"user_id": 1}"#])
        .output()
        .await
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "500");
    s.finish(site).await;
}

/// The seed's Python client (requests, retry with backoff on 5xx, none on 400)
/// against the dedicated compat listener, as old deployments call it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_client_from_the_integration_guide() {
    let site = Site::new(Backend::Sqlite).await;
    let mut ws = setup(&site, 5);
    let port = free_port();
    ws.config.workspaces.compat.listen = format!("127.0.0.1:{port}");
    let s = TestServer::start_with(ws.config.clone(), crate::harness::ADMIN_PASSWORD).await;
    let busy_user = 9;
    let _squatter = std::net::TcpListener::bind(("0.0.0.0", ws.http_base + busy_user)).unwrap();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/api/clients/matlab_client.py"
    );
    let out = tokio::process::Command::new("/usr/bin/python3")
        .arg(script)
        .arg(format!("http://127.0.0.1:{port}"))
        .arg("4")
        .arg(busy_user.to_string())
        .arg("60")
        .output()
        .await
        .expect("/usr/bin/python3 runs (Debian python3 with python3-requests)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("OK"),
        "python client failed:\n{stdout}\n{stderr}"
    );
    s.finish(site).await;
}
