//! `tianqi serve` as operators run it: first start, restart, SIGTERM on SQLite
//! and PostgreSQL; node secrets kept out of the logs; the bootstrap password
//! from the environment; `kill -9` during a create; the compat session id logged.

use super::*;

async fn serve_lifecycle(dir: &Path, db_args: &[&str]) {
    // First start: a generated admin password, shown once and written 0600.
    let s = Serve::start(dir, db_args, &[]);
    let line = s
        .lines
        .lock()
        .unwrap()
        .iter()
        .find(|l| l.contains("initial admin password"))
        .cloned();
    let line = line.unwrap_or_else(|| panic!("no initial admin password line:\n{}", s.log()));
    let file = dir.join("data/initial-admin-password");
    let password = std::fs::read_to_string(&file).unwrap().trim().to_owned();
    assert!(line.contains(&password), "the log line shows the password");
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let (st, body) = login(&s.base, "admin", &password).await;
    assert_eq!(st, 200, "{body}");
    assert_eq!(body["user"]["must_change_password"], true);
    let admin = body["token"].as_str().unwrap().to_owned();
    // The server holds the admin to it: nothing else until the password changes.
    let (st, _) = call(&s.base, "GET", "/api/v1/users", Some(&admin), None).await;
    assert_eq!(st, 403);
    let (st, _) = call(
        &s.base,
        "POST",
        "/api/v1/me/password",
        Some(&admin),
        Some(json!({"current_password": password, "new_password": "Admins-Own-Choice-7"})),
    )
    .await;
    assert_eq!(st, 204);
    let user_pw = "Iris-Secret-Pass-42";
    let (st, _) = call(
        &s.base,
        "POST",
        "/api/v1/users",
        Some(&admin),
        Some(json!({"username": "iris", "password": user_pw})),
    )
    .await;
    assert_eq!(st, 201);
    let (_, tok) = call(
        &s.base,
        "POST",
        "/api/v1/me/tokens",
        Some(&admin),
        Some(json!({"name": "ops"})),
    )
    .await;
    let api = tok["token"].as_str().unwrap().to_owned();
    let (st, ready) = call(&s.base, "GET", "/readyz", None, None).await;
    assert_eq!(st, 200, "{ready}");

    // SIGTERM: a clean, prompt exit that closes the store.
    let (ok, log) = s.terminate(Duration::from_secs(10));
    assert!(ok, "exit status after SIGTERM:\n{log}");
    assert!(
        log.contains("SIGTERM") && log.contains("\"stopped\""),
        "{log}"
    );
    // Secrets never reach the log (the generated admin password is the one
    // deliberate exception, shown once).
    for secret in [user_pw, api.as_str(), admin.as_str()] {
        assert!(!log.contains(secret), "a secret reached the log");
    }

    // The user CLI works on the stopped server's store.
    let out = tianqi(
        dir,
        &[&["user", "add", "jack", "--password-stdin"], db_args].concat(),
        &[],
        Some("jack-password-1\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("created user jack"));
    let out = tianqi(
        dir,
        &[&["user", "add", "jack", "--password-stdin"], db_args].concat(),
        &[],
        Some("jack-password-1\n"),
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("already taken"),
        "{}",
        text(&out.stderr)
    );
    let out = tianqi(
        dir,
        &[&["user", "add", "张三", "--password-stdin"], db_args].concat(),
        &[],
        Some("whatever-pass\n"),
    );
    assert!(!out.status.success() && text(&out.stderr).contains("username"));
    let out = tianqi(
        dir,
        &[
            &["user", "add", "kim", "--generate", "--role", "admin"],
            db_args,
        ]
        .concat(),
        &[],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let kim_pw = text(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("password: "))
        .unwrap()
        .to_owned();
    let out = tianqi(
        dir,
        &[&["user", "passwd", "iris", "--password-stdin"], db_args].concat(),
        &[],
        Some("iris-new-pass-1\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = tianqi(
        dir,
        &[&["user", "disable", "jack"], db_args].concat(),
        &[],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = tianqi(
        dir,
        &[&["user", "disable", "nobody"], db_args].concat(),
        &[],
        None,
    );
    assert!(!out.status.success() && text(&out.stderr).contains("not found"));
    // Quotas: set two limits, then one more (the others kept), a bad one, clear.
    let quota = |args: &[&str]| {
        tianqi(
            dir,
            &[&["user", "quota", "kim"], args, db_args].concat(),
            &[],
            None,
        )
    };
    let out = quota(&["--max-instances", "2", "--max-cpu-cores", "1.5"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = quota(&["--max-monthly-cost", "80.5"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    let json_start = shown.find('{').unwrap();
    let q: Value = serde_json::from_str(&shown[json_start..]).unwrap();
    assert_eq!(
        (
            &q["max_instances"],
            &q["max_cpu_cores"],
            &q["max_monthly_cost"]
        ),
        (&json!(2), &json!(1.5), &json!("80.50")),
        "{shown}"
    );
    let out = quota(&["--max-gpus", "-1"]);
    assert!(
        !out.status.success() && text(&out.stderr).contains("max_gpus"),
        "{}",
        text(&out.stderr)
    );
    let out = quota(&["--clear"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = quota(&[]);
    assert!(
        text(&out.stdout).contains("\"max_instances\": null"),
        "{}",
        text(&out.stdout)
    );
    let out = tianqi(dir, &[&["user", "list"], db_args].concat(), &[], None);
    let list = text(&out.stdout);
    for name in ["admin", "iris", "jack", "kim"] {
        assert!(list.contains(name), "{list}");
    }

    // Restart: no new admin password, tokens and CLI changes are in effect.
    let s = Serve::start(dir, db_args, &[]);
    assert!(
        !s.log().contains("initial admin password"),
        "bootstrap ran twice"
    );
    let (st, _) = call(&s.base, "GET", "/api/v1/me", Some(&api), None).await;
    assert_eq!(st, 200, "API token survives a restart");
    assert_eq!(
        login(&s.base, "jack", "jack-password-1").await.0,
        401,
        "disabled by CLI"
    );
    assert_eq!(
        login(&s.base, "iris", user_pw).await.0,
        401,
        "password changed by CLI"
    );
    assert_eq!(login(&s.base, "iris", "iris-new-pass-1").await.0, 200);
    assert_eq!(login(&s.base, "kim", &kim_pw).await.0, 200);
    let (ok, _) = s.terminate(Duration::from_secs(10));
    assert!(ok);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_lifecycle_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    serve_lifecycle(dir.path(), &[]).await;
    let db = std::fs::metadata(dir.path().join("data/tianqi.db")).unwrap();
    assert_eq!(db.permissions().mode() & 0o777, 0o600);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_lifecycle_postgres() {
    let (pool, name, url) = pg_database().await;
    let dir = tempfile::tempdir().unwrap();
    serve_lifecycle(dir.path(), &["--database-url", url.as_str()]).await;
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}

/// Node secrets never reach the log, and a failing node's status change is
/// logged once, not on every tick of the health loop.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_secrets_stay_out_of_logs_and_transitions_log_once() {
    let docker_host = std::env::var("TQ_TEST_DOCKER_HOST")
        .expect("TQ_TEST_DOCKER_HOST is not set: run the tests through scripts/test.sh");
    let dir = tempfile::tempdir().unwrap();
    let s = Serve::start(
        dir.path(),
        &["--log-level", "info"],
        &[
            ("TIANQI_BOOTSTRAP_ADMIN_PASSWORD", "node-log-admin-pw"),
            ("TIANQI_NODES_CHECK_INTERVAL_SECS", "1"),
            ("TIANQI_NODES_TIMEOUT_SECS", "1"),
            ("TIANQI_NODES_LOCAL_SOCKET", ""),
        ],
    );
    let (_, body) = login(&s.base, "admin", "node-log-admin-pw").await;
    let admin = body["token"].as_str().unwrap().to_owned();
    let ssh_secret = "Node-Ssh-Secret-4711";
    let (st, n) = call(
        &s.base,
        "POST",
        "/api/v1/nodes",
        Some(&admin),
        Some(json!({
        "name": "good", "public_ip": "127.0.0.1", "private_ip": "127.0.0.1",
        "docker_address": docker_host, "ssh_password": ssh_secret})),
    )
    .await;
    assert_eq!(
        (st, n["docker_status"].as_str()),
        (201, Some("connected")),
        "{n}"
    );
    let (st, n) = call(
        &s.base,
        "POST",
        "/api/v1/nodes",
        Some(&admin),
        Some(json!({
        "name": "flaky", "public_ip": "127.0.0.1", "private_ip": "127.0.0.1",
        "docker_address": "unix:///nonexistent/docker.sock", "ssh_password": ssh_secret})),
    )
    .await;
    assert_eq!(
        (st, n["docker_status"].as_str()),
        (201, Some("failed")),
        "{n}"
    );
    // several ticks pass
    tokio::time::sleep(Duration::from_millis(3500)).await;
    let (ok, log) = s.terminate(Duration::from_secs(10));
    assert!(ok);
    assert!(!log.contains(ssh_secret), "a node secret reached the log");
    let failures = log
        .lines()
        .filter(|l| l.contains("node connection failed") && l.contains("flaky"))
        .count();
    assert_eq!(
        failures, 1,
        "the failure should be logged once, not every tick:\n{log}"
    );
    let connects = log
        .lines()
        .filter(|l| l.contains("node connected") && l.contains("good"))
        .count();
    assert_eq!(connects, 1, "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bootstrap_password_from_environment() {
    let dir = tempfile::tempdir().unwrap();
    let s = Serve::start(
        dir.path(),
        &[],
        &[("TIANQI_BOOTSTRAP_ADMIN_PASSWORD", "from-env-password-1")],
    );
    assert!(!dir.path().join("data/initial-admin-password").exists());
    assert!(
        !s.log().contains("from-env-password-1"),
        "the supplied password is not logged"
    );
    let (st, body) = login(&s.base, "admin", "from-env-password-1").await;
    assert_eq!(st, 200);
    assert_eq!(body["user"]["must_change_password"], false);
    let (ok, _) = s.terminate(Duration::from_secs(10));
    assert!(ok);
    // A weak bootstrap password is refused at start, naming the key.
    let dir = tempfile::tempdir().unwrap();
    let out = tianqi(
        dir.path(),
        &["serve", "--listen", "127.0.0.1:0"],
        &[("TIANQI_BOOTSTRAP_ADMIN_PASSWORD", "short")],
        None,
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("bootstrap_admin_password"),
        "{}",
        text(&out.stderr)
    );
}

/// Kill -9 in the middle of a create, then restart: the interrupted create is
/// rolled back on the first node check (no instance left `creating`, no leaked
/// reservation, no container left behind).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_create_converges_after_restart() {
    let docker_host = std::env::var("TQ_TEST_DOCKER_HOST")
        .expect("TQ_TEST_DOCKER_HOST is not set: run the tests through scripts/test.sh");
    // A "registry" that accepts connections and never answers: the image pull,
    // and so the create, hangs until we kill the server.
    let hole = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hole_port = hole.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = hole.accept().await {
            held.push(s);
        }
    });
    let env = [
        ("TIANQI_BOOTSTRAP_ADMIN_PASSWORD", "kill9-admin-pw"),
        ("TIANQI_NODES_CHECK_INTERVAL_SECS", "1"),
        ("TIANQI_NODES_TIMEOUT_SECS", "3"),
        ("TIANQI_NODES_LOCAL_SOCKET", ""),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut s = Serve::start(dir.path(), &[], &env);
    let (_, body) = login(&s.base, "admin", "kill9-admin-pw").await;
    let admin = body["token"].as_str().unwrap().to_owned();
    let (_, node) = call(
        &s.base,
        "POST",
        "/api/v1/nodes",
        Some(&admin),
        Some(json!({"name": "k9", "public_ip": "127.0.0.1",
        "private_ip": "127.0.0.1", "docker_address": docker_host, "cpu_cores": 2, "memory_gb": 4})),
    )
    .await;
    let node_id = node["id"].as_i64().unwrap();
    let (_, image) = call(
        &s.base,
        "POST",
        "/api/v1/images",
        Some(&admin),
        Some(json!({"name": "never",
        "address": format!("127.0.0.1:{hole_port}/tq/never:1")})),
    )
    .await;
    let (_, spec) = call(
        &s.base,
        "POST",
        "/api/v1/specs",
        Some(&admin),
        Some(json!({"name": "k9-small",
        "cpu_cores": 0.5, "memory_gb": 0.1})),
    )
    .await;
    let create = {
        let base = s.base.clone();
        let admin = admin.clone();
        let body = json!({"name": "doomed", "image_id": image["id"], "spec_id": spec["id"]});
        tokio::spawn(async move {
            call(&base, "POST", "/api/v1/instances", Some(&admin), Some(body)).await
        })
    };
    // wait until the instance exists and is mid-create
    let start = Instant::now();
    loop {
        let (_, list) = call(&s.base, "GET", "/api/v1/instances", Some(&admin), None).await;
        if list["items"]
            .as_array()
            .is_some_and(|i| i.iter().any(|x| x["status"] == "creating"))
        {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the create never got under way: {list}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let cap = node_capacity(&s.base, &admin, node_id).await;
    assert_eq!(
        cap["cpu_cores"]["allocated"], 0.5,
        "reserved while creating: {cap}"
    );
    s.child.kill().unwrap();
    s.child.wait().unwrap();
    let _ = create.await;
    drop(s);

    let s = Serve::start(dir.path(), &[], &env);
    rolled_back(&s.base, &admin, Duration::from_secs(5)).await;
    let cap = node_capacity(&s.base, &admin, node_id).await;
    assert_eq!(
        cap["cpu_cores"]["allocated"], 0.0,
        "reservation released: {cap}"
    );
    let (_, orphans) = call(&s.base, "GET", "/api/v1/admin/orphans", Some(&admin), None).await;
    assert_eq!(orphans, json!([]), "nothing left behind");
    let (ok, _) = s.terminate(Duration::from_secs(10));
    assert!(ok);
}

/// The compat API writes `session_id` in the request's log line (the old
/// service's clients send it for log correlation), whatever the outcome.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compat_create_logs_its_session_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Serve::start(
        dir.path(),
        &[],
        &[
            ("TIANQI_BOOTSTRAP_ADMIN_PASSWORD", "compat-log-password-1"),
            // No node: the create fails with the compat 500, after logging.
            ("TIANQI_NODES_LOCAL_SOCKET", ""),
            ("TIANQI_WORKSPACES_COMPAT_TOKEN", "cli-compat-token"),
        ],
    );
    let http = reqwest::Client::new();
    let url = format!("{}/compat/matlab/create", s.base);
    let res = http
        .post(&url)
        .bearer_auth("cli-compat-token")
        .json(&json!({"user_id": 0, "session_id": "sess-bad-0001"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let res = http
        .post(&url)
        .bearer_auth("cli-compat-token")
        .json(&json!({"user_id": 5, "session_id": "sess-5-0002"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 500);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body,
        json!({"error": "Failed to create container: the workspace node 'local' is not registered"})
    );
    for (session, status) in [("sess-bad-0001", 400), ("sess-5-0002", 500)] {
        let line = s.wait_for(|l| l.contains(session), Duration::from_secs(5));
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["session_id"], session, "{line}");
        assert_eq!(v["route"], "/create", "{line}");
        assert_eq!(v["status"], status, "{line}");
    }
    let (ok, _) = s.terminate(Duration::from_secs(10));
    assert!(ok);
}
