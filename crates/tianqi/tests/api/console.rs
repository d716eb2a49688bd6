//! The web console served at `/`: index, SPA fallback, JSON 404s under /api,
//! cache headers, gzip, and the page of a binary built without the console.

use std::borrow::Cow;
use std::io::Read;

use reqwest::StatusCode;
use tianqi_server::console::{Assets, IMMUTABLE, NO_CACHE};

use crate::harness::{Backend, Site, TestServer};

const INDEX: &str = "<!doctype html><html><body><div id=app></div><script src=/assets/index-a1b2c3.js></script></body></html>";

fn script() -> String {
    // Big and repetitive enough that gzip is worth it.
    "console.log('tianqi console');\n".repeat(200)
}

fn assets() -> Assets {
    [
        ("index.html", INDEX.as_bytes().to_vec()),
        ("assets/index-a1b2c3.js", script().into_bytes()),
        (
            "favicon.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(),
        ),
    ]
    .into_iter()
    .map(|(p, b)| (p.to_owned(), Cow::Owned(b)))
    .collect()
}

async fn get(s: &TestServer, path: &str) -> reqwest::Response {
    s.http.get(s.url(path)).send().await.unwrap()
}

fn header<'a>(res: &'a reqwest::Response, name: &str) -> &'a str {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or("")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_index_assets_and_spa_fallback() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start_with_console(&site, assets()).await;

    for path in ["/", "/index.html", "/instances/42", "/admin/users?page=2"] {
        let res = get(&s, path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(
            header(&res, "content-type"),
            "text/html; charset=utf-8",
            "{path}"
        );
        assert_eq!(header(&res, "cache-control"), NO_CACHE, "{path}");
        assert_eq!(res.text().await.unwrap(), INDEX, "{path}");
    }

    let res = get(&s, "/assets/index-a1b2c3.js").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(header(&res, "content-type").starts_with("text/javascript"));
    assert_eq!(header(&res, "cache-control"), IMMUTABLE);
    assert_eq!(header(&res, "content-encoding"), "", "no gzip unless asked");
    assert_eq!(res.text().await.unwrap(), script());

    let res = get(&s, "/favicon.svg").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "content-type"), "image/svg+xml");
    assert!(!header(&res, "cache-control").contains("immutable"));

    // A hashed file that is not there is a 404, not the index page.
    let res = get(&s, "/assets/index-old.js").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // The API keeps its JSON 404s; API routes are not shadowed.
    for path in ["/api", "/api/v1/nope", "/api/v1/instances/9/nope"] {
        let res = get(&s, path).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(
            header(&res, "content-type").starts_with("application/json"),
            "{path}"
        );
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found", "{path}");
    }
    let res = get(&s, "/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(header(&res, "content-type").starts_with("application/json"));
    let res = get(&s, "/api/v1/me").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    s.finish(site).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gzip_when_accepted() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start_with_console(&site, assets()).await;

    let res = s
        .http
        .get(s.url("/assets/index-a1b2c3.js"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "content-encoding"), "gzip");
    assert_eq!(header(&res, "cache-control"), IMMUTABLE);
    let packed = res.bytes().await.unwrap();
    assert!(packed.len() < script().len() / 5, "{} bytes", packed.len());
    let mut plain = String::new();
    flate2::read::GzDecoder::new(&packed[..])
        .read_to_string(&mut plain)
        .unwrap();
    assert_eq!(plain, script());

    s.finish(site).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_binary_without_the_console_says_how_to_build_it() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start_with_console(&site, Assets::default()).await;
    for path in ["/", "/instances"] {
        let res = get(&s, path).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(header(&res, "content-type").starts_with("text/html"));
        let text = res.text().await.unwrap();
        assert!(text.contains("npm run build"), "{text}");
    }
    let res = get(&s, "/api/v1/nope").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    s.finish(site).await;
}
