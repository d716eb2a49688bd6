//! Disk sizes detected from the Docker root's filesystem, and unknown sizes
//! that do not block placement.

use super::*;

/// Disks left empty are detected from the Docker root's filesystem when the
/// engine is on this machine (a unix socket), as CPU and memory are; declared
/// sizes are kept; a node whose disks cannot be measured (over TCP) shows them
/// as unknown, and an unknown size does not block placement — the first-run
/// dead end of a `local` node with 0 GB disks and a 10 GB default spec.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disk_sizes_are_detected_and_unknown_ones_do_not_block() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let a = s.admin_token.clone();

    let (st, local) = s
        .post("/api/v1/nodes", &a, node_body("disk-local", &docker_host()))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{local}");
    let facts = &local["docker"];
    let total = facts["root_fs_total_bytes"].as_i64().unwrap();
    assert!(total > 1 << 30, "the root filesystem was measured: {facts}");
    assert!(facts["root_fs_free_bytes"].as_i64().unwrap() <= total);
    assert!(!facts["root_dir"].as_str().unwrap().is_empty(), "{facts}");
    assert_eq!(local["system_disk_gb"], total >> 30, "{local}");
    assert_eq!(local["data_disk_gb"], total >> 30, "{local}");
    // overlay2 enforces sizes only on xfs; whatever this machine has, say it.
    let enforceable = facts["storage_driver"] == "overlay2" && facts["backing_filesystem"] == "xfs";
    assert_eq!(facts["disk_limits_supported"], enforceable, "{facts}");

    let mut declared = node_body("disk-declared", &docker_host());
    declared["system_disk_gb"] = json!(50);
    let (_, declared) = s.post("/api/v1/nodes", &a, declared).await;
    assert_eq!(declared["system_disk_gb"], 50, "a declared size is kept");
    assert_eq!(
        declared["data_disk_gb"],
        total >> 30,
        "an empty one is filled"
    );

    let tcp_port = free_port();
    let _proxy = tcp_proxy(tcp_port);
    let mut remote = node_body("disk-remote", &format!("tcp://127.0.0.1:{tcp_port}"));
    remote["use_tls"] = json!(false);
    let (_, remote) = s.post("/api/v1/nodes", &a, remote).await;
    assert_eq!(remote["docker_status"], "connected", "{remote}");
    assert_eq!(
        (
            remote["system_disk_gb"].as_i64(),
            remote["data_disk_gb"].as_i64()
        ),
        (Some(0), Some(0))
    );
    assert_eq!(
        remote["docker"]["root_fs_total_bytes"], 0,
        "another machine's path is not measured"
    );

    // The console's default spec asks for a 10 GB system disk: it places on the
    // node of unknown size.
    let (_, image) = s
        .post(
            "/api/v1/images",
            &a,
            json!({"name": "disk-bb", "address": docker_env::busybox_image(), "keep_alive_command": ["sleep", "600"]}),
        )
        .await;
    let (_, spec) = s
        .post(
            "/api/v1/specs",
            &a,
            json!({"name": "disk-default", "cpu_cores": 0.5, "memory_gb": 0.25, "system_disk_gb": 10, "data_disk_gb": 20}),
        )
        .await;
    let (st, inst) = s
        .post(
            "/api/v1/instances",
            &a,
            json!({"name": "on-unknown", "image_id": image["id"], "spec_id": spec["id"], "node_id": remote["id"]}),
        )
        .await;
    assert_eq!(
        (st, inst["status"].as_str()),
        (StatusCode::CREATED, Some("running")),
        "{inst}"
    );
    assert_eq!(inst["disk_enforced"], false, "{inst}");
    let (_, cap) = s
        .get(&format!("/api/v1/nodes/{}/capacity", remote["id"]), &a)
        .await;
    assert_eq!(
        cap["system_disk_gb"]["total"], 0.0,
        "unknown stays unknown: {cap}"
    );
    let (st, _) = s
        .delete(&format!("/api/v1/instances/{}", inst["id"]), &a)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    s.finish(site).await;
}
