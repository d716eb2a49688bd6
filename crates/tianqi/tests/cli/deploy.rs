//! First run and deployment: `scripts/run.sh` on a machine where no Docker
//! Engine answers (the sentences it stops with, and the background dockerd it
//! starts and stops as root on Debian), through the overrides it documents;
//! the container images built without a registry and the compose stack
//! (Tianqi + PostgreSQL) on the private dockerd.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

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

    // Not root (even on Debian), or root but not Debian (an ID_LIKE other than
    // debian does not count): one sentence saying what to install, exit 1.
    std::fs::write(&fedora, "NAME=Fedora\nID=fedora\nID_LIKE=\"rhel centos\"\n").unwrap();
    for (uid, os_release, sentence) in [
        ("1000", &debian, format!("run.sh: no Docker Engine answers on {sock}: install Docker Engine (on Debian: sudo apt-get install docker.io) and start it, or run this script as root on Debian to have that done.")),
        ("0", &fedora, format!("run.sh: no Docker Engine answers on {sock} and this is not Debian: install Docker Engine with your system's package manager, start it, and run this script again.")),
    ] {
        let out = run_sh(
            &["--engine"],
            &[
                ("TQ_RUN_DOCKER_SOCKET", &sock),
                ("TQ_RUN_UID", uid),
                ("TQ_RUN_OS_RELEASE", os_release.to_str().unwrap()),
            ],
        );
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert_eq!(err.trim(), sentence);
    }

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

fn docker_host() -> String {
    std::env::var("TQ_TEST_DOCKER_HOST").expect(
        "TQ_TEST_DOCKER_HOST is not set: run through scripts/test.sh (Docker tests never skip)",
    )
}

/// Runs `program args` with DOCKER_HOST on the private dockerd; answers its
/// stdout, panics with all its output on failure.
fn on_engine(program: &str, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = Command::new(program)
        .args(args)
        .env("DOCKER_HOST", docker_host())
        .envs(env.iter().copied())
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{program} {args:?} failed:\n{all}");
    text(&out.stdout)
}

/// The compose project and the image of one test run: `down -v` (containers,
/// network, volumes) and the image go, even after a failed assertion. The
/// Debian bases stay, cached like the test environment's other images.
struct Stack {
    compose: Vec<String>,
    image: String,
}

impl Drop for Stack {
    fn drop(&mut self) {
        let args: Vec<&str> = self.compose.iter().map(String::as_str).collect();
        let mut down = args.clone();
        down.extend(["down", "-v", "--remove-orphans", "--timeout", "5"]);
        let _ = Command::new("docker-compose")
            .args(&down)
            .env("DOCKER_HOST", docker_host())
            .output();
        let _ = Command::new("docker")
            .args(["-H", &docker_host(), "rmi", "-f", &self.image])
            .output();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// deploy/container + deploy/compose: the images are built on the private
/// dockerd from mmdebstrap rootfs tarballs (cached under target/testenv/cache)
/// and the binary under test, the stack starts with Debian's docker-compose
/// 1.29 — PostgreSQL healthy first, Tianqi on it with the engine's socket —,
/// the admin signs in over HTTP with the password from the env file, node
/// `local` is the mounted engine and connected, and everything is removed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn container_images_and_compose_stack() {
    let repo = repo();
    let tag = format!("test-{}", std::process::id());
    let cache = repo.join("target/testenv/cache");
    let built = on_engine(
        repo.join("deploy/container/build.sh").to_str().unwrap(),
        &["--binary", BIN, "--tag", &tag],
        &[("TQ_CONTAINER_CACHE", cache.to_str().unwrap())],
    );
    let image = format!("tianqi/tianqi:{tag}");
    assert!(built.trim_end().ends_with(&image), "{built}");

    let dir = tempfile::tempdir().unwrap();
    let socket = docker_host().trim_start_matches("unix://").to_owned();
    let gid = {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(&socket).unwrap().gid()
    };
    let port = free_port();
    let admin_password = "compose-admin-pass-1";
    let env_file = dir.path().join(".env");
    std::fs::write(
        &env_file,
        format!(
            "POSTGRES_PASSWORD=pg{pid}secret\nTIANQI_ADMIN_PASSWORD={admin_password}\nTIANQI_TAG={tag}\n\
             DOCKER_GID={gid}\nDOCKER_SOCKET={socket}\nTIANQI_PORT={port}\nTIANQI_SSH_PORT={ssh}\n",
            pid = std::process::id(),
            ssh = free_port(),
        ),
    )
    .unwrap();
    let project = format!("tqcompose{}", std::process::id());
    let stack = Stack {
        compose: vec![
            "-p".into(),
            project.clone(),
            "-f".into(),
            repo.join("deploy/compose/compose.yaml")
                .to_str()
                .unwrap()
                .into(),
            "--env-file".into(),
            env_file.to_str().unwrap().into(),
        ],
        image: image.clone(),
    };
    let mut up: Vec<&str> = stack.compose.iter().map(String::as_str).collect();
    up.extend(["up", "-d"]);
    on_engine("docker-compose", &up, &[]);

    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let ready = reqwest::get(format!("{base}/readyz")).await;
        if let Ok(r) = ready {
            if r.status() == 200 {
                let body: serde_json::Value = r.json().await.unwrap();
                assert_eq!(body["database"], "postgres", "{body}");
                break;
            }
        }
        if Instant::now() > deadline {
            let mut logs: Vec<&str> = stack.compose.iter().map(String::as_str).collect();
            logs.push("logs");
            panic!(
                "the stack did not become ready:\n{}",
                on_engine("docker-compose", &logs, &[])
            );
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let (st, _) = call(&base, "GET", "/healthz", None, None).await;
    assert_eq!(st, 200);
    let (st, body) = login(&base, "admin", admin_password).await;
    assert_eq!(st, 200, "{body}");
    let token = body["token"].as_str().unwrap().to_owned();
    let (st, nodes) = call(&base, "GET", "/api/v1/nodes", Some(&token), None).await;
    assert_eq!(st, 200, "{nodes}");
    assert_eq!(nodes["total"], 1, "{nodes}");
    let local = &nodes["items"][0];
    assert_eq!(
        (
            local["name"].as_str(),
            local["docker_status"].as_str(),
            local["docker_address"].as_str()
        ),
        (
            Some("local"),
            Some("connected"),
            Some("unix:///var/run/docker.sock")
        ),
        "{local}"
    );
    // It runs as its own unprivileged user, with the binary under test.
    let mut exec: Vec<&str> = stack.compose.iter().map(String::as_str).collect();
    exec.extend(["exec", "-T", "tianqi", "/usr/local/bin/tianqi", "--version"]);
    let version = on_engine("docker-compose", &exec, &[]);
    let ours = tianqi(dir.path(), &["--version"], &[], None);
    assert_eq!(version.trim(), text(&ours.stdout).trim());
    let user = on_engine(
        "docker",
        &[
            "inspect",
            "-f",
            "{{.Config.User}}",
            &format!("{project}_tianqi_1"),
        ],
        &[],
    );
    assert_eq!(user.trim(), "10001:10001");

    // deploy/kubernetes runs this image as its numeric postgres user.
    let ids = on_engine(
        "docker",
        &[
            "run",
            "--rm",
            "--entrypoint",
            "id",
            "tianqi/postgres:15-bookworm",
            "-u",
        ],
        &[],
    );
    let gid = on_engine(
        "docker",
        &[
            "run",
            "--rm",
            "--entrypoint",
            "id",
            "tianqi/postgres:15-bookworm",
            "-g",
        ],
        &[],
    );
    let k8s = std::fs::read_to_string(repo.join("deploy/kubernetes/postgres.yaml")).unwrap();
    assert!(
        k8s.contains(&format!("runAsUser: {}", ids.trim())),
        "postgres uid {ids}"
    );
    assert!(
        k8s.contains(&format!("fsGroup: {}", gid.trim())),
        "postgres gid {gid}"
    );

    drop(stack);
    let left = on_engine(
        "docker",
        &[
            "ps",
            "-aq",
            "--filter",
            &format!("label=com.docker.compose.project={project}"),
        ],
        &[],
    );
    assert!(left.trim().is_empty(), "containers left: {left}");
    let volumes = on_engine("docker", &["volume", "ls", "-q"], &[]);
    assert!(!volumes.contains(&project), "volumes left: {volumes}");
}

/// deploy/kubernetes: every resource passes a strict schema check for the
/// oldest and newest Kubernetes versions checked (scripts/k8s-validate.sh,
/// kubernetes-validate's bundled schemas, no cluster), the check does catch a
/// misspelt field, and the manifests carry what the deployment needs: a PVC
/// for the data dir, the Secret's keys as environment, both probes.
#[test]
fn kubernetes_manifests_pass_a_strict_schema_check() {
    let repo = repo();
    let script = repo.join("scripts/k8s-validate.sh");
    let out = Command::new(&script).output().unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("3 file(s) valid"),
        "{}",
        text(&out.stderr)
    );

    let dir = tempfile::tempdir().unwrap();
    let tianqi = std::fs::read_to_string(repo.join("deploy/kubernetes/tianqi.yaml")).unwrap();
    let typo = dir.path().join("typo.yaml");
    std::fs::write(&typo, tianqi.replace("readinessProbe:", "readinesProbe:")).unwrap();
    let out = Command::new(&script).arg(&typo).output().unwrap();
    assert!(!out.status.success(), "a misspelt field passed");
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(all.contains("readinesProbe"), "{all}");

    for want in [
        "kind: PersistentVolumeClaim",
        "claimName: tianqi-data",
        "mountPath: /var/lib/tianqi",
        "path: /healthz",
        "path: /readyz",
        "key: database-url",
        "key: bootstrap-admin-password",
        "key: secret-key",
        "kind: Service",
    ] {
        assert!(tianqi.contains(want), "tianqi.yaml lacks {want}");
    }
    let secret =
        std::fs::read_to_string(repo.join("deploy/kubernetes/secret.example.yaml")).unwrap();
    for key in [
        "postgres-password:",
        "database-url:",
        "bootstrap-admin-password:",
        "secret-key:",
    ] {
        assert!(secret.contains(key), "the Secret lacks {key}");
    }
    let postgres = std::fs::read_to_string(repo.join("deploy/kubernetes/postgres.yaml")).unwrap();
    assert!(postgres.contains("kind: StatefulSet") && postgres.contains("volumeClaimTemplates"));
}
