//! Starts a real Tianqi server on 127.0.0.1:0 against a real database: a SQLite
//! file in a temporary data dir, or a fresh database in the PostgreSQL cluster
//! that `scripts/testenv.sh` started (TQ_TEST_PG_URL). Without that variable the
//! PostgreSQL tests fail loudly: they never skip.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::Utc;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tianqi::{Config, Server};
use tianqi_core::clock::ManualClock;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const ADMIN_PASSWORD: &str = "admin-pass-for-tests";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where a test's database lives, so a restarted server finds the same data.
pub struct Site {
    pub dir: tempfile::TempDir,
    pub database_url: String,
    pub backend: Backend,
    pg_db: Option<String>,
}

pub fn pg_admin_url() -> String {
    std::env::var("TQ_TEST_PG_URL").unwrap_or_else(|_| {
        panic!(
            "TQ_TEST_PG_URL is not set: run the tests through scripts/test.sh, which starts \
             PostgreSQL (PostgreSQL tests never skip silently)"
        )
    })
}

fn with_database(url: &str, db: &str) -> String {
    let mut u = url::Url::parse(url).expect("TQ_TEST_PG_URL is a URL");
    u.set_path(&format!("/{db}"));
    u.to_string()
}

impl Site {
    pub async fn new(backend: Backend) -> Site {
        let dir = tempfile::tempdir().expect("tempdir");
        match backend {
            Backend::Sqlite => Site {
                dir,
                database_url: String::new(),
                backend,
                pg_db: None,
            },
            Backend::Postgres => {
                let admin = pg_admin_url();
                let name = format!("tq_test_{}", rand::random::<u64>());
                let pool = sqlx::PgPool::connect(&admin).await.unwrap_or_else(|e| {
                    panic!("cannot reach the test PostgreSQL at TQ_TEST_PG_URL: {e}")
                });
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&pool)
                    .await
                    .expect("create test database");
                pool.close().await;
                Site {
                    dir,
                    database_url: with_database(&admin, &name),
                    backend,
                    pg_db: Some(name),
                }
            }
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn config(&self) -> Config {
        let mut c = Config {
            listen: "127.0.0.1:0".into(),
            data_dir: self.data_dir(),
            database_url: self.database_url.clone(),
            bootstrap_admin_password: ADMIN_PASSWORD.into(),
            ..Config::default()
        };
        c.http.shutdown_grace_secs = 2;
        // Tests register nodes explicitly; `nodes` tests opt in to the local socket.
        c.nodes.local_socket = String::new();
        c.nodes.timeout_secs = 3;
        // Parallel servers: each jump host on a port of its own.
        c.jumpbox.listen = "127.0.0.1:0".into();
        c
    }

    /// Drops the PostgreSQL database (the SQLite one goes with the temp dir).
    pub async fn remove(self) {
        if let Some(db) = &self.pg_db {
            if let Ok(pool) = sqlx::PgPool::connect(&pg_admin_url()).await {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
                    .execute(&pool)
                    .await;
                pool.close().await;
            }
        }
    }
}

pub struct TestServer {
    pub base: String,
    pub http: reqwest::Client,
    pub clock: ManualClock,
    pub admin_token: String,
    /// The SSH jump host's port (when enabled).
    pub ssh_port: Option<u16>,
    /// The installation's id: its containers carry it as `tianqi.install`.
    install_id: String,
    /// This server process's mark in the database (loop leases).
    pub holder: String,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

/// A test that fails skips its own deletes: the containers it left would go
/// on burning the test engine's CPU (a busy loop slows every test after it),
/// so they are removed when its server is dropped while panicking.
impl Drop for TestServer {
    fn drop(&mut self) {
        if !std::thread::panicking() || self.install_id.is_empty() {
            return;
        }
        let host = crate::docker_env::docker_host();
        let label = format!("label=tianqi.install={}", self.install_id);
        let listed = std::process::Command::new("docker")
            .args(["-H", &host, "ps", "-aq", "--filter", &label])
            .output();
        let Ok(listed) = listed else { return };
        let ids: Vec<String> = String::from_utf8_lossy(&listed.stdout)
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        if !ids.is_empty() {
            let _ = std::process::Command::new("docker")
                .args(["-H", &host, "rm", "-f", "-v"])
                .args(&ids)
                .output();
        }
    }
}

impl TestServer {
    pub async fn start(site: &Site) -> TestServer {
        Self::start_with(site.config(), ADMIN_PASSWORD).await
    }

    /// Starts with `config` and signs in as `admin` with `admin_password`.
    pub async fn start_with(config: Config, admin_password: &str) -> TestServer {
        Self::start_full(config, admin_password, None).await
    }

    /// Starts serving `console` as the web console instead of the embedded build.
    pub async fn start_with_console(
        site: &Site,
        console: tianqi_server::console::Assets,
    ) -> TestServer {
        Self::start_full(site.config(), ADMIN_PASSWORD, Some(console)).await
    }

    /// Starts with its clock at `now` (to make records that look old).
    pub async fn start_at(
        config: Config,
        admin_password: &str,
        now: chrono::DateTime<Utc>,
    ) -> TestServer {
        Self::start_clocked(config, admin_password, None, ManualClock::new(now)).await
    }

    async fn start_full(
        config: Config,
        admin_password: &str,
        console: Option<tianqi_server::console::Assets>,
    ) -> TestServer {
        Self::start_clocked(
            config,
            admin_password,
            console,
            ManualClock::new(Utc::now()),
        )
        .await
    }

    async fn start_clocked(
        config: Config,
        admin_password: &str,
        console: Option<tianqi_server::console::Assets>,
        clock: ManualClock,
    ) -> TestServer {
        let mut server = Server::start_with_clock(config, Arc::new(clock.clone()))
            .await
            .expect("server starts");
        if let Some(c) = console {
            server.console = c;
        }
        let ssh_port = server.jumpbox_addr().map(|a| a.port());
        let install_id = server.state.services.ctx.install_id.clone();
        let holder = server.state.services.store().holder().to_owned();
        let listener = server.bind().await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            server
                .run(listener, async {
                    let _ = rx.await;
                })
                .await
                .expect("server runs");
        });
        let mut s = TestServer {
            base: format!("http://{addr}"),
            http: reqwest::Client::new(),
            clock,
            admin_token: String::new(),
            ssh_port,
            install_id,
            holder,
            stop: Some(tx),
            task: Some(task),
        };
        s.admin_token = s.login_ok("admin", admin_password).await;
        s
    }

    /// Stops the server gracefully and waits for it.
    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.expect("server task ends cleanly");
        }
    }

    /// Asks the server to shut down and answers the task to await, without waiting.
    pub fn begin_shutdown(mut self) -> JoinHandle<()> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        self.task.take().expect("server task")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Sends `body` (as JSON, when given) with `token` (when given); answers the
    /// status and the parsed JSON body (Null when empty).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self.http.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("request sent");
        let status = res.status();
        let text = res.text().await.expect("body read");
        // Empty → Null; JSON → parsed; anything else (metrics, HTML) → the text.
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, value)
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(Method::DELETE, path, Some(token), None).await
    }

    /// Stops the server and drops the site's database.
    pub async fn finish(self, site: Site) {
        self.stop().await;
        site.remove().await;
    }

    pub async fn login(&self, username: &str, password: &str) -> (StatusCode, Value) {
        self.call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"username": username, "password": password})),
        )
        .await
    }

    pub async fn login_ok(&self, username: &str, password: &str) -> String {
        let (status, body) = self.login(username, password).await;
        assert_eq!(status, StatusCode::OK, "login {username}: {body}");
        body["token"].as_str().expect("token").to_owned()
    }

    /// Creates a user as admin and answers (id, session token).
    pub async fn user(&self, username: &str, role: &str) -> (i64, String) {
        let password = format!("{username}-password");
        let (status, body) = self
            .post(
                "/api/v1/users",
                &self.admin_token,
                json!({"username": username, "password": password, "role": role}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "create {username}: {body}");
        let id = body["id"].as_i64().expect("id");
        (id, self.login_ok(username, &password).await)
    }
}

/// The bodies of the answers (of a burst of calls) that have status `st`.
pub fn bodies_with(results: &[(StatusCode, Value)], st: StatusCode) -> Vec<&Value> {
    results
        .iter()
        .filter(|(s, _)| *s == st)
        .map(|(_, b)| b)
        .collect()
}

/// Asserts an error response: status, code and (for validation) the field.
#[track_caller]
pub fn assert_error(
    got: &(StatusCode, Value),
    status: StatusCode,
    code: &str,
    field: Option<&str>,
) {
    let (s, body) = got;
    assert_eq!(*s, status, "status for body {body}");
    assert_eq!(body["error"]["code"], code, "code in {body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "message in {body}"
    );
    match field {
        Some(f) => assert_eq!(body["error"]["field"], f, "field in {body}"),
        None => assert!(
            body["error"].get("field").is_none(),
            "no field expected in {body}"
        ),
    }
}

/// Runs a scenario on SQLite and on PostgreSQL: `on_both!(name)` for an
/// `async fn name(site: &Site)`.
#[macro_export]
macro_rules! on_both {
    ($name:ident) => {
        mod $name {
            use $crate::harness::{Backend, Site};

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let site = Site::new(Backend::Sqlite).await;
                super::$name(&site).await;
                site.remove().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let site = Site::new(Backend::Postgres).await;
                super::$name(&site).await;
                site.remove().await;
            }
        }
    };
}
