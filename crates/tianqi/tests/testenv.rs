//! The test environment every later issue builds on: a private Docker Engine
//! with locally built images (no registry is reachable here). Fails loudly when
//! the environment is missing; it never skips.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the tests through scripts/test.sh, which starts the private dockerd")
    })
}

fn docker(args: &[&str]) -> (bool, String) {
    let out = Command::new("docker")
        .arg("-H")
        .arg(env("TQ_TEST_DOCKER_HOST"))
        .args(args)
        .output()
        .expect("docker client runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn private_dockerd_runs_the_locally_built_images() {
    let (ok, version) = docker(&["version", "--format", "{{.Server.Version}}"]);
    assert!(ok, "the private dockerd does not answer: {version}");
    let busybox = env("TQ_TEST_BUSYBOX_IMAGE");
    let (ok, out) = docker(&[
        "run",
        "--rm",
        "--memory",
        "64m",
        &busybox,
        "cat",
        "/sys/fs/cgroup/memory/memory.limit_in_bytes",
    ]);
    assert!(ok, "{out}");
    assert_eq!(
        out.trim(),
        "67108864",
        "the memory limit is enforced by the cgroup"
    );
    let python = env("TQ_TEST_PYTHON_IMAGE");
    let (ok, out) = docker(&[
        "run",
        "--rm",
        "--network",
        "none",
        &python,
        "python3",
        "-c",
        "print(6*7)",
    ]);
    assert!(ok, "{out}");
    assert_eq!(out.trim(), "42");
}
