//! The `tianqi` binary as operators use it: help, configuration precedence and
//! errors, and `tianqi tasks import`. Serving (first start, restart, SIGTERM),
//! the golden outputs and data safety (backup, restore, upgrades) are in their
//! own files — on SQLite and PostgreSQL.
// Test code: a panic is a failed assertion, which is what we want here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod data_safety;
mod deploy;
mod fleet;
mod fleet_creates;
mod golden;
mod harness;
mod kube_crash;
mod serve;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use harness::*;

#[test]
fn help_reads_well() {
    let dir = tempfile::tempdir().unwrap();
    let out = tianqi(dir.path(), &["--help"], &[], None);
    assert!(out.status.success());
    let help = text(&out.stdout);
    for word in [
        "serve",
        "config",
        "user",
        "--config",
        "--data-dir",
        "--database-url",
        "TIANQI_",
    ] {
        assert!(help.contains(word), "--help lacks {word}:\n{help}");
    }
    let out = tianqi(dir.path(), &["serve", "--help"], &[], None);
    assert!(text(&out.stdout).contains("--listen"));
    let out = tianqi(dir.path(), &["user", "--help"], &[], None);
    for word in ["add", "list", "passwd", "disable"] {
        assert!(text(&out.stdout).contains(word), "user --help lacks {word}");
    }
}

#[test]
fn config_precedence_masking_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("tianqi.toml"),
        "data_dir = \"/from-file\"\nlog_level = \"debug\"\nbootstrap_admin_password = \"file-secret-123\"\n[auth]\nsession_ttl_secs = 60\n",
    )
    .unwrap();
    let show = |args: &[&str], env: &[(&str, &str)]| {
        let mut a = vec!["config", "show"];
        a.extend_from_slice(args);
        let out = tianqi(dir.path(), &a, env, None);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let file_only = show(&[], &[]);
    assert!(
        file_only.contains("data_dir = \"/from-file\""),
        "{file_only}"
    );
    assert!(file_only.contains("log_level = \"debug\""));
    assert!(file_only.contains("session_ttl_secs = 60"));
    assert!(
        file_only.contains("listen = \"127.0.0.1:8890\""),
        "default listen"
    );
    assert!(
        !file_only.contains("file-secret-123") && file_only.contains("****"),
        "secret masked"
    );
    let env = show(
        &[],
        &[
            ("TIANQI_DATA_DIR", "/from-env"),
            ("TIANQI_AUTH_SESSION_TTL_SECS", "90"),
        ],
    );
    assert!(
        env.contains("data_dir = \"/from-env\"") && env.contains("session_ttl_secs = 90"),
        "{env}"
    );
    let flag = show(
        &["--data-dir", "/from-flag"],
        &[("TIANQI_DATA_DIR", "/from-env")],
    );
    assert!(flag.contains("data_dir = \"/from-flag\""), "{flag}");
    let pg = show(
        &["--database-url", "postgres://u:hunter2pw@db.internal/tq"],
        &[],
    );
    assert!(!pg.contains("hunter2pw"), "database password masked: {pg}");

    // an explicit --config file
    let other = dir.path().join("other.toml");
    std::fs::write(&other, "listen = \"0.0.0.0:9999\"\n").unwrap();
    let explicit = show(&["--config", other.to_str().unwrap()], &[]);
    assert!(
        explicit.contains("listen = \"0.0.0.0:9999\"")
            && explicit.contains("data_dir = \"./data\"")
    );

    // errors name the key
    let fail = |args: &[&str], env: &[(&str, &str)], needle: &str| {
        let out = tianqi(dir.path(), args, env, None);
        assert!(
            !out.status.success(),
            "expected failure for {args:?} {env:?}"
        );
        let err = text(&out.stderr);
        assert!(err.contains(needle), "error should name {needle}: {err}");
    };
    std::fs::write(dir.path().join("bad.toml"), "[http]\nbodylimit = 1\n").unwrap();
    fail(
        &["--config", "bad.toml", "config", "show"],
        &[],
        "http.bodylimit",
    );
    fail(
        &["config", "show"],
        &[("TIANQI_LISTN", "x")],
        "TIANQI_LISTN",
    );
    fail(
        &["config", "show"],
        &[("TIANQI_HTTP_BODY_LIMIT_BYTES", "lots")],
        "TIANQI_HTTP_BODY_LIMIT_BYTES",
    );
    fail(
        &["--config", "missing.toml", "config", "show"],
        &[],
        "missing.toml",
    );
    fail(&["serve", "--listen", "not-an-address"], &[], "listen");

    let keys = tianqi(dir.path(), &["config", "keys"], &[], None);
    let keys = text(&keys.stdout);
    assert!(
        keys.contains("http.body_limit_bytes") && keys.contains("TIANQI_HTTP_BODY_LIMIT_BYTES")
    );
}

/// `tianqi tasks import FILE` on a store without a server: the seed's
/// tasks.json (settings block included), all or nothing, admins only.
#[test]
fn tasks_import_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let d = data.to_str().unwrap();
    let out = tianqi(
        dir.path(),
        &[
            "--data-dir",
            d,
            "user",
            "add",
            "root",
            "--generate",
            "--role",
            "admin",
        ],
        &[],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let file = dir.path().join("tasks.json");
    std::fs::write(
        &file,
        json!({
            "tasks": [{"id": "example-task", "script_path": "scripts/example.py",
                       "interval_minutes": 5, "execute_path": "python3", "enabled": true,
                       "description": "示例任务", "timeout": 300, "retry_count": 3,
                       "retry_delay": 60, "environment": {"PYTHONPATH": "/path/to/scripts"}}],
            "settings": {"max_concurrent": 5, "default_interval": 10, "log_level": "INFO"}
        })
        .to_string(),
    )
    .unwrap();
    let f = file.to_str().unwrap();
    // The default owner, tasks.compat.run_as = admin, does not exist here.
    let out = tianqi(
        dir.path(),
        &["--data-dir", d, "tasks", "import", f],
        &[],
        None,
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("not an enabled admin"),
        "{}",
        text(&out.stderr)
    );
    let out = tianqi(
        dir.path(),
        &["--data-dir", d, "tasks", "import", f, "--as", "root"],
        &[],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("imported 1 task(s): 1 created, 0 updated"),
        "{}",
        text(&out.stdout)
    );
    assert!(text(&out.stdout).contains("note: settings.max_concurrent"));
    let out = tianqi(dir.path(), &["--data-dir", d, "tasks", "list"], &[], None);
    assert!(text(&out.stdout).contains("example-task") && text(&out.stdout).contains("IDLE"));
    // A bad task: refused, naming it; nothing imported.
    std::fs::write(
        &file,
        r#"{"tasks": [{"id": "x", "execute_path": "python3", "cron": "bad"}]}"#,
    )
    .unwrap();
    let out = tianqi(
        dir.path(),
        &["--data-dir", d, "tasks", "import", f, "--as", "root"],
        &[],
        None,
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("tasks[0]"),
        "{}",
        text(&out.stderr)
    );
    let out = tianqi(dir.path(), &["--data-dir", d, "tasks", "list"], &[], None);
    assert!(!text(&out.stdout).contains("\nx "), "{}", text(&out.stdout));
}
