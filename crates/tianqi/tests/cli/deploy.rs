//! First run and deployment: `scripts/run.sh` on a machine where no Docker
//! Engine answers (the sentences it stops with, and the background dockerd it
//! starts and stops as root on Debian), through the overrides it documents.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::harness::*;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `scripts/run.sh ARGS` with `env` (and nothing of the caller's TQ_RUN_*).
fn run_sh(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(repo().join("scripts/run.sh"));
    for (k, _) in std::env::vars() {
        if k.starts_with("TQ_RUN_") {
            cmd.env_remove(k);
        }
    }
    cmd.args(args)
        .envs(env.iter().copied())
        .output()
        .expect("run.sh runs")
}

/// Where run.sh should find no engine: a socket path nothing listens on.
fn absent_socket(dir: &Path) -> String {
    dir.join("absent.sock").to_str().unwrap().to_owned()
}

#[test]
fn run_sh_without_an_engine_says_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let sock = absent_socket(dir.path());
    let debian = dir.path().join("debian-os-release");
    std::fs::write(&debian, "PRETTY_NAME=\"Debian GNU/Linux 12\"\nID=debian\n").unwrap();
    let fedora = dir.path().join("fedora-os-release");
    std::fs::write(&fedora, "NAME=Fedora\nID=fedora\n").unwrap();

    // Not root (even on Debian): one sentence naming the package, non-zero.
    let out = run_sh(
        &["--engine"],
        &[
            ("TQ_RUN_DOCKER_SOCKET", &sock),
            ("TQ_RUN_UID", "1000"),
            ("TQ_RUN_OS_RELEASE", debian.to_str().unwrap()),
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(
        err.trim(),
        format!("run.sh: no Docker Engine answers on {sock}: install Docker Engine (on Debian: sudo apt-get install docker.io) and start it, or run this script as root on Debian to have that done.")
    );

    // Root, but not Debian (an ID_LIKE other than debian does not count).
    std::fs::write(&fedora, "NAME=Fedora\nID=fedora\nID_LIKE=\"rhel centos\"\n").unwrap();
    let out = run_sh(
        &["--engine"],
        &[
            ("TQ_RUN_DOCKER_SOCKET", &sock),
            ("TQ_RUN_UID", "0"),
            ("TQ_RUN_OS_RELEASE", fedora.to_str().unwrap()),
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(
        err.trim(),
        format!("run.sh: no Docker Engine answers on {sock} and this is not Debian: install Docker Engine with your system's package manager, start it, and run this script again.")
    );

    // An engine that answers is left alone, whoever runs the script.
    let host = std::env::var("TQ_TEST_DOCKER_HOST").expect("TQ_TEST_DOCKER_HOST (scripts/test.sh)");
    let live = host.trim_start_matches("unix://");
    let out = run_sh(
        &["--engine"],
        &[("TQ_RUN_DOCKER_SOCKET", live), ("TQ_RUN_UID", "1000")],
    );
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(
        err.trim(),
        format!("run.sh: Docker Engine answers on {live}")
    );

    // --stop with nothing started says so and succeeds.
    let data = dir.path().join("data");
    let out = run_sh(&["--stop"], &[("TQ_RUN_DATA_DIR", data.to_str().unwrap())]);
    assert!(out.status.success());
    assert!(
        text(&out.stderr).contains("nothing to stop"),
        "{}",
        text(&out.stderr)
    );
}

/// Stops the dockerd a test started, even when an assertion failed first.
struct StopOnDrop(PathBuf);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        let _ = run_sh(
            &["--stop"],
            &[("TQ_RUN_DATA_DIR", self.0.to_str().unwrap())],
        );
    }
}

/// As root on Debian without systemd as PID 1 (this machine: dockerd is
/// installed, so nothing is installed): run.sh starts a real dockerd in the
/// background on the socket asked for — private roots, no bridge, no iptables,
/// so nothing of the machine's network changes — with its log and pid file
/// under the data dir, says so, and `--stop` stops it.
#[test]
fn run_sh_starts_a_background_dockerd_and_stops_it() {
    // Short paths: dockerd's sockets under the exec-root must fit sun_path.
    let dir = tempfile::Builder::new()
        .prefix("tqrun")
        .tempdir_in("/tmp")
        .unwrap();
    let d = dir.path();
    let sock = d.join("d.sock").to_str().unwrap().to_owned();
    let data = d.join("data");
    let debian = d.join("os-release");
    std::fs::write(&debian, "ID=debian\nVERSION_ID=\"12\"\n").unwrap();
    let flags = format!(
        "--data-root {root} --exec-root {exec} --bridge=none --iptables=false --ip6tables=false \
         --containerd-namespace tqrun --containerd-plugins-namespace tqrun-plugins",
        root = d.join("root").display(),
        exec = d.join("exec").display(),
    );
    let env = [
        ("TQ_RUN_DOCKER_SOCKET", sock.as_str()),
        ("TQ_RUN_DATA_DIR", data.to_str().unwrap()),
        ("TQ_RUN_OS_RELEASE", debian.to_str().unwrap()),
        ("TQ_RUN_UID", "0"),
        ("TQ_RUN_INIT", "tini"),
        ("TQ_RUN_DOCKERD_FLAGS", flags.as_str()),
    ];
    let _stop = StopOnDrop(data.clone());
    let out = run_sh(&["--engine"], &env);
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("systemd is not PID 1: starting dockerd in the background"),
        "{err}"
    );
    assert!(err.contains("stop it with: scripts/run.sh --stop"), "{err}");
    let pid = std::fs::read_to_string(data.join("dockerd.pid")).unwrap();
    let pid = pid.trim().to_owned();
    assert_eq!(
        std::fs::read_to_string(format!("/proc/{pid}/comm"))
            .unwrap()
            .trim(),
        "dockerd"
    );
    assert!(
        err.contains(&format!("dockerd running (pid {pid}, socket {sock})")),
        "{err}"
    );
    let log = std::fs::read_to_string(data.join("dockerd.log")).unwrap();
    assert!(log.contains("run.sh: dockerd --host"), "{log}");
    // It is a working engine.
    let v = Command::new("docker")
        .args([
            "-H",
            &format!("unix://{sock}"),
            "version",
            "--format",
            "{{.Server.Version}}",
        ])
        .output()
        .unwrap();
    assert!(v.status.success(), "{}", text(&v.stderr));

    // A second run finds it answering and starts nothing.
    let again = run_sh(&["--engine"], &env);
    assert!(again.status.success());
    assert!(
        !text(&again.stderr).contains("starting dockerd"),
        "{}",
        text(&again.stderr)
    );

    let out = run_sh(&["--stop"], &env);
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(err.trim(), format!("run.sh: stopped dockerd (pid {pid})"));
    assert!(!Path::new(&format!("/proc/{pid}")).exists());
    assert!(!data.join("dockerd.pid").exists());
}
