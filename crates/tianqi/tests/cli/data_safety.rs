//! Data safety and deployment: `--version`, `backup`/`restore` under load on
//! both databases, upgrades from the previous schema, the systemd unit.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use crate::harness::*;

#[test]
fn version_names_the_commit() {
    let dir = tempfile::tempdir().unwrap();
    let out = tianqi(dir.path(), &["--version"], &[], None);
    assert!(out.status.success());
    let v = text(&out.stdout);
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let head = text(&head.stdout).trim().to_owned();
    assert_eq!(head.len(), 12, "the tests run in a git checkout");
    assert_eq!(
        v.trim(),
        format!("tianqi {} (commit {head})", env!("CARGO_PKG_VERSION"))
    );
}

const BACKUP_ADMIN_PASSWORD: &str = "backup-admin-pass-1";

/// Signs in as the bootstrap admin and returns a token.
async fn admin_token(base: &str) -> String {
    let (st, body) = login(base, "admin", BACKUP_ADMIN_PASSWORD).await;
    assert_eq!(st, 200, "{body}");
    body["token"].as_str().unwrap().to_owned()
}

async fn user_names(base: &str, token: &str) -> Vec<String> {
    let mut names = Vec::new();
    for page in 1.. {
        let path = format!("/api/v1/users?page={page}&page_size=500");
        let (st, body) = call(base, "GET", &path, Some(token), None).await;
        assert_eq!(st, 200, "{body}");
        let items = body["items"].as_array().unwrap();
        if items.is_empty() {
            break;
        }
        names.extend(
            items
                .iter()
                .map(|u| u["username"].as_str().unwrap().to_owned()),
        );
    }
    names
}

/// A backup taken while users are being created restores to a server that
/// signs them in: every user created before the backup started is there, and
/// the copy is one consistent snapshot (a row per user the copy lists).
async fn backup_restore_round_trip(db_args: Vec<String>, restore_args: Vec<String>) {
    let env = [("TIANQI_BOOTSTRAP_ADMIN_PASSWORD", BACKUP_ADMIN_PASSWORD)];
    let live = tempfile::tempdir().unwrap();
    let args: Vec<&str> = db_args.iter().map(String::as_str).collect();
    let s = Serve::start(live.path(), &args, &env);
    let token = admin_token(&s.base).await;

    // Writers keep creating users until told to stop.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let created = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let writer = {
        let (base, token, stop, created) =
            (s.base.clone(), token.clone(), stop.clone(), created.clone());
        tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let body =
                    json!({"username": format!("load{i:04}"), "password": "load-password-1"});
                let (st, b) = call(&base, "POST", "/api/v1/users", Some(&token), Some(body)).await;
                assert_eq!(st, 201, "{b}");
                created.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                i += 1;
            }
        })
    };
    while created.load(std::sync::atomic::Ordering::SeqCst) < 20 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let before = created.load(std::sync::atomic::Ordering::SeqCst);
    let dest = live.path().join("backup");
    let backup = {
        let (dir, dest, args) = (live.path().to_owned(), dest.clone(), db_args.clone());
        tokio::task::spawn_blocking(move || {
            let mut a: Vec<&str> = args.iter().map(String::as_str).collect();
            a.extend(["backup", dest.to_str().unwrap()]);
            tianqi(&dir, &a, &[], None)
        })
        .await
        .unwrap()
    };
    // The writers were never paused: a SQLite copy can be quicker than one
    // user creation (argon2), so overlap is not asserted, only that the copy
    // is whole.
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    writer.await.unwrap();
    assert!(backup.status.success(), "{}", text(&backup.stderr));
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(dest.join("backup.json")).unwrap()).unwrap();
    for f in manifest["files"].as_array().unwrap() {
        let meta = std::fs::metadata(dest.join(f.as_str().unwrap())).unwrap();
        assert_eq!(meta.permissions().mode() & 0o077, 0, "{f} is private");
    }
    // A second backup into the same directory is refused.
    let mut again: Vec<&str> = args.clone();
    again.extend(["backup", dest.to_str().unwrap()]);
    let out = tianqi(live.path(), &again, &[], None);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("is not empty"),
        "{}",
        text(&out.stderr)
    );
    let (ok, _) = s.terminate(Duration::from_secs(10));
    assert!(ok);

    let fresh = tempfile::tempdir().unwrap();
    let rargs: Vec<&str> = restore_args.iter().map(String::as_str).collect();
    let mut a = rargs.clone();
    a.extend(["restore", dest.to_str().unwrap()]);
    let out = tianqi(fresh.path(), &a, &[], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = Serve::start(fresh.path(), &rargs, &[]);
    let token = admin_token(&s.base).await;
    let names = user_names(&s.base, &token).await;
    for i in 0..before {
        assert!(names.contains(&format!("load{i:04}")), "load{i:04} lost");
    }
    let (st, _) = login(
        &s.base,
        &format!("load{:04}", before - 1),
        "load-password-1",
    )
    .await;
    assert_eq!(st, 200);
    let (ok, _) = s.terminate(Duration::from_secs(10));
    assert!(ok);
    // An installation is never overwritten by accident.
    let out = tianqi(fresh.path(), &a, &[], None);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("already holds an installation")
            && text(&out.stderr).contains("--force"),
        "{}",
        text(&out.stderr)
    );
    let mut forced = a.clone();
    forced.push("--force");
    let out = tianqi(fresh.path(), &forced, &[], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_under_write_load_restores_sqlite() {
    backup_restore_round_trip(vec![], vec![]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_under_write_load_restores_postgres() {
    let (pool, live, live_url) = pg_database().await;
    let (_, restored, restored_url) = pg_database().await;
    backup_restore_round_trip(
        vec!["--database-url".into(), live_url],
        vec!["--database-url".into(), restored_url],
    )
    .await;
    for name in [live, restored] {
        sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .execute(&pool)
            .await
            .unwrap();
    }
}

/// A database written by the previous release (tests/fixtures) is upgraded in
/// place and keeps its rows; one written by a newer release is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upgrades_the_previous_schema_and_refuses_a_newer_one() {
    use sqlx::{ConnectOptions, Connection};
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    let db = dir.path().join("data/tianqi.db");
    let dump = include_str!("../fixtures/sqlite-schema-0009.sql");
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&db)
        .create_if_missing(true)
        // The dump creates tables in name order, before the ones they refer to.
        .foreign_keys(false)
        .connect()
        .await
        .unwrap();
    sqlx::raw_sql(dump).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();

    let s = Serve::start(dir.path(), &[], &[]);
    let (st, body) = login(&s.base, "admin", "fixture-admin-pass-1").await;
    assert_eq!(st, 200, "{body}");
    let token = body["token"].as_str().unwrap().to_owned();
    let (st, _) = login(&s.base, "alice", "alice-pass-123").await;
    assert_eq!(st, 200);
    let (_, images) = call(&s.base, "GET", "/api/v1/images", Some(&token), None).await;
    assert_eq!(images["items"][0]["name"], "fixture-image", "{images}");
    let (_, specs) = call(&s.base, "GET", "/api/v1/specs", Some(&token), None).await;
    assert_eq!(specs["items"][0]["name"], "fixture-spec", "{specs}");
    let (ok, _) = s.terminate(Duration::from_secs(10));
    assert!(ok);

    // A schema step from the future: the binary refuses to run on it.
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&db)
        .connect()
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99999, 'from the future', 1, x'00', 0)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    let out = tianqi(dir.path(), &["serve", "--listen", "127.0.0.1:0"], &[], None);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("upgraded by a newer Tianqi") && err.contains("99999"),
        "{err}"
    );

    // Likewise a backup taken by a newer release is not restored.
    let backup = dir.path().join("future-backup");
    std::fs::create_dir(&backup).unwrap();
    std::fs::write(
        backup.join("backup.json"),
        r#"{"tianqi_version":"9.0.0","commit":"x","created_at":"2030-01-01T00:00:00Z","engine":"sqlite","schema_version":99999,"files":[]}"#,
    )
    .unwrap();
    let other = tempfile::tempdir().unwrap();
    let out = tianqi(
        other.path(),
        &["restore", backup.to_str().unwrap()],
        &[],
        None,
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("newer Tianqi"),
        "{}",
        text(&out.stderr)
    );
}

/// deploy/systemd: the unit passes `systemd-analyze verify` without a warning
/// (pointed at the binary under test), its sandboxing scores "OK" or better in
/// `systemd-analyze security`, and the config file it names loads.
#[test]
fn systemd_unit_verifies_and_its_config_loads() {
    let deploy = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/systemd");
    let unit = std::fs::read_to_string(deploy.join("tianqi.service")).unwrap();
    assert!(unit.contains("ExecStart=/usr/local/bin/tianqi "), "{unit}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tianqi.service");
    std::fs::write(&path, unit.replace("/usr/local/bin/tianqi", BIN)).unwrap();
    let out = Command::new("systemd-analyze")
        .args(["verify", path.to_str().unwrap()])
        .output()
        .expect("systemd-analyze runs (scripts/testenv/tools.sh installs it)");
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "systemd-analyze verify:\n{}",
        text(&out.stderr)
    );
    // The exposure score is 0–10 (shown) and 0–100 for the threshold.
    let out = Command::new("systemd-analyze")
        .args([
            "security",
            "--offline=yes",
            "--threshold=20",
            path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );

    let config = deploy.join("tianqi.toml");
    let out = tianqi(
        dir.path(),
        &["--config", config.to_str().unwrap(), "config", "show"],
        &[("TIANQI_DATA_DIR", "/var/lib/tianqi")],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(shown.contains("data_dir = \"/var/lib/tianqi\""), "{shown}");
    assert!(shown.contains("listen = \"127.0.0.1:8890\""), "{shown}");
}
