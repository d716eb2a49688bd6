//! Outputs that must not change by accident: `config show`, `config keys` and
//! the OpenAPI document, against the files in tests/golden (`TQ_BLESS=1`
//! rewrites them).

use super::*;

/// Compares `actual` with the committed golden file, or rewrites the file when
/// `TQ_BLESS=1` (then review the diff before committing it).
fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var("TQ_BLESS").as_deref() == Ok("1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with TQ_BLESS=1 to create it)", path.display()));
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output at line {}:\n  golden: {:?}\n  actual: {:?}\n\
             (if the change is intended, run with TQ_BLESS=1 and review the diff)",
            path.display(),
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first),
        );
    }
}

/// `config show` and `config keys` with no file and no TIANQI_* variables
/// print exactly the committed text: the key set, the order, the defaults and
/// which keys are secret are part of the operator's interface.
#[test]
fn config_show_and_keys_are_stable() {
    let dir = tempfile::tempdir().unwrap();
    for (args, file) in [
        (["config", "show"], "config-show.toml"),
        (["config", "keys"], "config-keys.txt"),
    ] {
        let out = Command::new(BIN)
            .args(args)
            .current_dir(dir.path())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        golden(file, &text(&out.stdout));
    }
}

/// The OpenAPI document of a server with the default configuration is the
/// committed one: routes, schemas and security cannot change by accident.
#[tokio::test]
async fn openapi_document_is_stable() {
    let dir = tempfile::tempdir().unwrap();
    let s = Serve::start(dir.path(), &[], &[("TIANQI_NODES_LOCAL_SOCKET", "")]);
    let (status, doc) = call(&s.base, "GET", "/api/openapi.json", None, None).await;
    drop(s);
    assert_eq!(status, 200);
    let mut pretty = serde_json::to_string_pretty(&doc).unwrap();
    pretty.push('\n');
    golden("openapi.json", &pretty);
}
