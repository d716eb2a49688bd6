#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The sandbox against the test dockerd, without the HTTP layer: the runner
//! really starts in a pool container, runs a job, and everything is removed.

use std::time::Duration;

use tianqi_core::catalog::address::DockerAddress;
use tianqi_core::sandbox::{LimitSettings, RuntimeSpec, Runtimes};
use tianqi_sandbox::{Sandbox, Settings};

fn settings(install: &str) -> Settings {
    let image = std::env::var("TQ_TEST_PYTHON_IMAGE")
        .expect("TQ_TEST_PYTHON_IMAGE (run through scripts/test.sh)");
    let py = RuntimeSpec {
        language: "python".into(),
        version: "3.11.2".into(),
        aliases: vec!["py".into()],
        image: image.clone(),
        source_file: "main.py".into(),
        compile: vec![],
        run: vec!["python3".into(), "{file}".into()],
        limits: Default::default(),
    };
    let sh = RuntimeSpec {
        language: "bash".into(),
        version: "5.2.15".into(),
        aliases: vec![],
        image,
        source_file: "main.sh".into(),
        compile: vec![],
        run: vec!["bash".into(), "{file}".into()],
        limits: Default::default(),
    };
    Settings {
        install_id: install.into(),
        runtimes: Runtimes::new(&[py, sh]).unwrap(),
        limits: LimitSettings::default(),
        pool_size: 2,
        idle_pool_size: 1,
        idle: Duration::from_secs(60),
        max_concurrent: 4,
        max_queue: 8,
        queue_timeout: Duration::from_secs(10),
        max_files: 8,
        cpus_milli: 1000,
        pids_limit: 64,
        tmpfs_mib: 16,
        nofile: 128,
        fsize_mib: 8,
    }
}

fn docker() -> bollard::Docker {
    let host = std::env::var("TQ_TEST_DOCKER_HOST")
        .expect("TQ_TEST_DOCKER_HOST (run through scripts/test.sh)");
    let address = DockerAddress::parse("docker", &host).unwrap();
    tianqi_docker::connect(
        &tianqi_docker::Endpoint { address, tls: None },
        Duration::from_secs(10),
    )
    .unwrap()
}

#[tokio::test]
async fn runs_a_job_in_a_fresh_container_and_leaves_nothing() {
    let install = format!("smoke{}", std::process::id());
    let sandbox = Sandbox::start(Box::new(|| Ok(docker())), settings(&install));
    let body = serde_json::json!({"language": "python", "version": "*", "files": [{"content": "import sys\nprint('hi')\nprint('err', file=sys.stderr)\nsys.exit(3)"}]});
    let out = sandbox.execute_json(&body).await.unwrap();
    assert_eq!(out.run.stdout, "hi\n");
    assert_eq!(out.run.stderr, "err\n");
    assert_eq!(out.run.code, Some(3));
    assert_eq!(out.run.status.as_deref(), Some("RE"));
    let body = serde_json::json!({"language": "bash", "version": "5", "files": [{"content": "echo $1 $(id -u)"}], "args": ["x"]});
    let out = sandbox.execute_json(&body).await.unwrap();
    assert_eq!(out.run.stdout, "x 65534\n", "{out:?}");
    sandbox.shutdown().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let left = docker()
        .list_containers(Some(bollard::container::ListContainersOptions::<String> {
            all: true,
            filters: [(
                "label".to_owned(),
                vec![format!("tianqi.sandbox={install}")],
            )]
            .into(),
            ..Default::default()
        }))
        .await
        .unwrap();
    assert!(left.is_empty(), "left behind: {left:?}");
}
