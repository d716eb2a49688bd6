//! Instances on the real private Docker Engine: limits visible in inspect and
//! effective inside, lifecycle, delete removing volumes, the atomic reservation
//! under 100 concurrent creates, ownership, and a GPU create that fails on a
//! machine without NVIDIA (its reservation released).

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::docker_env::{busybox_image, docker, docker_host};
use crate::fixtures::{catalog, docker_node};
use crate::harness::{assert_error, Backend, Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;

fn inspect(container: &str) -> Value {
    let out = docker(&docker_host(), &["inspect", container]);
    serde_json::from_str::<Value>(&out).unwrap()[0].clone()
}

fn exec(container: &str, cmd: &str) -> String {
    docker(&docker_host(), &["exec", container, "sh", "-c", cmd])
        .trim()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_lifecycle_and_delete() {
    let site = Site::new(Backend::Sqlite).await;
    let mut config = site.config();
    config.instances.pids_limit = 100;
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let (node_id, image_id, spec_id) = catalog(&s, "lim", 4.0, 0.5, 0.25).await;
    let (_, alice) = s.user("alice", "user").await;
    let (st, inst) = s
        .post(
            "/api/v1/instances",
            &alice,
            json!({"name": "box-1", "image_id": image_id, "spec_id": spec_id}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{inst}");
    assert_eq!(inst["status"], "running", "{inst}");
    assert_eq!(inst["node_id"], node_id);
    assert_eq!(
        inst["disk_enforced"], false,
        "overlay2 on this machine cannot enforce size: recorded, not dropped"
    );
    let id = inst["id"].as_i64().unwrap();
    let container = inst["container_id"].as_str().unwrap().to_owned();
    let name = inst["container_name"].as_str().unwrap();
    assert!(name.starts_with(&format!("box-1-{id}-")), "{name}");

    // limits as Docker records them
    let c = inspect(&container);
    let hc = &c["HostConfig"];
    assert_eq!(hc["NanoCpus"], 500_000_000);
    assert_eq!(hc["Memory"], 256 * 1024 * 1024);
    assert_eq!(
        hc["MemorySwap"],
        256 * 1024 * 1024,
        "no swap beyond the limit"
    );
    assert_eq!(hc["PidsLimit"], 100);
    assert_eq!(
        hc["ShmSize"],
        256 * 1024 * 1024,
        "shm capped at the memory limit"
    );
    let labels = &c["Config"]["Labels"];
    assert_eq!(labels["tianqi.managed"], "true");
    assert_eq!(labels["tianqi.instance"], id.to_string());
    assert_eq!(labels["tianqi.node"], node_id.to_string());
    let mounts = c["Mounts"].as_array().unwrap();
    let volume = mounts
        .iter()
        .find(|m| m["Destination"] == "/data")
        .expect("a /data mount")["Name"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        volume.starts_with("tianqi-") && volume.ends_with(&format!("-inst-{id}-data")),
        "{volume}"
    );
    assert_eq!(
        labels["tianqi.install"]
            .as_str()
            .map(|i| volume.contains(i)),
        Some(true)
    );
    // …and effective inside (cgroup v1 here; v2 paths as fallback)
    let mem = exec(&container, "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes");
    assert_eq!(mem, (256 * 1024 * 1024).to_string());
    let cpu = exec(
        &container,
        "cat /sys/fs/cgroup/cpu.max 2>/dev/null || cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us",
    );
    assert!(cpu.starts_with("50000"), "CPU quota of half a core: {cpu}");
    let pids = exec(
        &container,
        "cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max",
    );
    assert_eq!(pids, "100");
    exec(&container, "echo kept > /data/file");

    // capacity shows the reservation
    let (_, cap) = s
        .get(&format!("/api/v1/nodes/{node_id}/capacity"), &s.admin_token)
        .await;
    assert_eq!(
        (
            cap["cpu_cores"]["allocated"].as_f64(),
            cap["cpu_cores"]["free"].as_f64()
        ),
        (Some(0.5), Some(3.5))
    );

    // lifecycle
    let (st, stopped) = s
        .call(
            Method::POST,
            &format!("/api/v1/instances/{id}/stop"),
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(
        (st, stopped["status"].as_str()),
        (StatusCode::OK, Some("exited")),
        "{stopped}"
    );
    assert_eq!(inspect(&container)["State"]["Running"], false);
    let (_, started) = s
        .call(
            Method::POST,
            &format!("/api/v1/instances/{id}/start"),
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(started["status"], "running");
    assert_eq!(inspect(&container)["State"]["Running"], true);
    assert_eq!(
        exec(&container, "cat /data/file"),
        "kept",
        "the data volume survives a stop"
    );
    let (_, restarted) = s
        .call(
            Method::POST,
            &format!("/api/v1/instances/{id}/restart"),
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(restarted["status"], "running");

    // the node and the user cannot be deleted under it
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/nodes/{node_id}"),
            Some(&s.admin_token),
            None,
        )
        .await;
    assert_error(&r, StatusCode::CONFLICT, "conflict", None);
    let (_, me) = s.get("/api/v1/me", &alice).await;
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/users/{}", me["id"]),
            Some(&s.admin_token),
            None,
        )
        .await;
    assert_error(&r, StatusCode::CONFLICT, "conflict", None);

    // delete: container and data volume gone, capacity released
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/instances/{id}"),
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT, "{}", r.1);
    let gone = std::process::Command::new("docker")
        .args(["-H", &docker_host(), "inspect", &container])
        .output()
        .unwrap();
    assert!(!gone.status.success(), "container still exists");
    let volumes = docker(&docker_host(), &["volume", "ls", "-q"]);
    assert!(!volumes.contains(&volume), "data volume left behind");
    let (_, cap) = s
        .get(&format!("/api/v1/nodes/{node_id}/capacity"), &s.admin_token)
        .await;
    assert_eq!(cap["cpu_cores"]["allocated"], 0.0);
    assert_error(
        &s.get(&format!("/api/v1/instances/{id}"), &alice).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    );
    s.finish(site).await;
}

/// 100 concurrent creates against room for 10: exactly 10 succeed, the rest are
/// 409 naming the missing resource, nothing is overcommitted.
async fn reservation_is_atomic(site: &Site) {
    let s = TestServer::start(site).await;
    let node = format!("atom{}", rand::random::<u32>());
    let (node_id, image_id, spec_id) = catalog(&s, &node, 1.0, 0.1, 0.03).await;
    let (_, user) = s.user("racer", "user").await;
    let calls = (0..100).map(|i| {
        let body =
            json!({"name": format!("{node}-r{i}"), "image_id": image_id, "spec_id": spec_id});
        let user = user.clone();
        let s = &s;
        async move { s.post("/api/v1/instances", &user, body).await }
    });
    let results = futures::future::join_all(calls).await;
    let created: Vec<&Value> = results
        .iter()
        .filter(|(st, _)| *st == StatusCode::CREATED)
        .map(|(_, b)| b)
        .collect();
    let refused: Vec<&Value> = results
        .iter()
        .filter(|(st, _)| *st == StatusCode::CONFLICT)
        .map(|(_, b)| b)
        .collect();
    // On failure, say what the others got (a flake under load showed only
    // "created: 1", not why the rest were not created).
    assert_eq!(
        created.len(),
        10,
        "created: {created:?}; answers other than 201: {:?}",
        results
            .iter()
            .filter(|(st, _)| *st != StatusCode::CREATED)
            .map(|(st, b)| format!("{st} {}", b["error"]["message"]))
            .collect::<std::collections::BTreeSet<_>>()
    );
    assert_eq!(
        refused.len(),
        90,
        "other answers: {:?}",
        results
            .iter()
            .filter(|(st, _)| *st != StatusCode::CREATED && *st != StatusCode::CONFLICT)
            .collect::<Vec<_>>()
    );
    assert!(
        refused
            .iter()
            .all(|b| b["error"]["message"].as_str().unwrap().contains("CPU")),
        "{:?}",
        refused[0]
    );
    assert!(
        created.iter().all(|b| b["status"] == "running"),
        "{created:?}"
    );
    let (_, cap) = s
        .get(&format!("/api/v1/nodes/{node_id}/capacity"), &s.admin_token)
        .await;
    assert_eq!(cap["cpu_cores"]["free"], 0.0, "{cap}");
    for b in created {
        let r = s
            .call(
                Method::DELETE,
                &format!("/api/v1/instances/{}", b["id"]),
                Some(&user),
                None,
            )
            .await;
        assert_eq!(r.0, StatusCode::NO_CONTENT, "{}", r.1);
    }
    let (_, cap) = s
        .get(&format!("/api/v1/nodes/{node_id}/capacity"), &s.admin_token)
        .await;
    assert_eq!(cap["cpu_cores"]["free"], 1.0);
    s.stop().await;
}
on_both!(reservation_is_atomic);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ownership_placement_and_bad_input() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let a = s.admin_token.clone();
    let (node_id, image_id, spec_id) = catalog(&s, "own", 2.0, 0.5, 0.1).await;
    let (_, alice) = s.user("alice", "user").await;
    let (_, bob) = s.user("bob", "user").await;
    let (st, inst) = s
        .post(
            "/api/v1/instances",
            &alice,
            json!({"name": "mine", "image_id": image_id, "spec_id": spec_id, "node_id": node_id}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{inst}");
    let id = inst["id"].as_i64().unwrap();

    // bob: every route says 404, and his list is empty
    for (m, path) in [
        (Method::GET, format!("/api/v1/instances/{id}")),
        (Method::POST, format!("/api/v1/instances/{id}/stop")),
        (Method::POST, format!("/api/v1/instances/{id}/start")),
        (Method::POST, format!("/api/v1/instances/{id}/restart")),
        (Method::DELETE, format!("/api/v1/instances/{id}")),
    ] {
        let r = s.call(m.clone(), &path, Some(&bob), None).await;
        assert_error(&r, StatusCode::NOT_FOUND, "not_found", None);
    }
    let (_, bobs) = s.get("/api/v1/instances", &bob).await;
    assert_eq!(bobs["total"], 0);
    let (_, alices) = s.get("/api/v1/instances", &alice).await;
    assert_eq!(alices["total"], 1);
    // the admin sees and acts on it
    let (_, all) = s.get("/api/v1/instances", &a).await;
    assert_eq!(all["total"], 1);
    let (st, _) = s
        .call(
            Method::POST,
            &format!("/api/v1/instances/{id}/stop"),
            Some(&a),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK);

    // placement candidates
    let (st, cands) = s
        .get(
            &format!("/api/v1/instances/placement?spec_id={spec_id}&image_id={image_id}"),
            &alice,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{cands}");
    assert!(cands
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["node_id"] == node_id));

    // bad input
    let body = |name: &str| json!({"name": name, "image_id": image_id, "spec_id": spec_id});
    let r = s.post("/api/v1/instances", &alice, body("我的实例")).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("name"),
    );
    assert!(r.1["error"]["message"].as_str().unwrap().contains("ASCII"));
    // Names Docker would refuse later are refused here, naming the field.
    for bad in ["-leading", "_x"] {
        let r = s.post("/api/v1/instances", &alice, body(bad)).await;
        assert_error(
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some("name"),
        );
        assert!(
            r.1["error"]["message"]
                .as_str()
                .unwrap()
                .contains("start with a letter or digit"),
            "{}",
            r.1
        );
    }
    let (_, alices) = s.get("/api/v1/instances", &alice).await;
    assert_eq!(alices["total"], 1, "nothing half-created: {alices}");
    let r = s.post("/api/v1/instances", &alice, body("mine")).await;
    assert_error(&r, StatusCode::CONFLICT, "conflict", None);
    let r = s
        .post(
            "/api/v1/instances",
            &alice,
            json!({"name": "x", "image_id": 999, "spec_id": spec_id}),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("image_id"),
    );
    let r = s
        .post(
            "/api/v1/instances",
            &alice,
            json!({"name": "x", "image_id": image_id, "spec_id": 999}),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("spec_id"),
    );
    let r = s
        .post(
            "/api/v1/instances",
            &alice,
            json!({"name": "x", "image_id": image_id, "spec_id": spec_id, "node_id": 999}),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("node_id"),
    );
    let (_, huge) = s
        .post(
            "/api/v1/specs",
            &a,
            json!({"name": "huge", "cpu_cores": 64, "memory_gb": 1}),
        )
        .await;
    let r = s
        .post(
            "/api/v1/instances",
            &alice,
            json!({"name": "x", "image_id": image_id, "spec_id": huge["id"]}),
        )
        .await;
    assert_error(&r, StatusCode::CONFLICT, "conflict", None);
    assert!(
        r.1["error"]["message"].as_str().unwrap().contains("CPU"),
        "{}",
        r.1
    );
    // a split spec needs an image that supports split
    let (_, split) = s
        .post(
            "/api/v1/specs",
            &a,
            json!({"name": "split", "gpu_model": "RTX 4090", "gpu_count": 1, "vram_gb": 8,
            "supports_vram_split": true, "cpu_cores": 1, "memory_gb": 1}),
        )
        .await;
    let r = s
        .post(
            "/api/v1/instances",
            &alice,
            json!({"name": "x", "image_id": image_id, "spec_id": split["id"]}),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("spec_id"),
    );
    s.delete(&format!("/api/v1/instances/{id}"), &alice).await;
    s.finish(site).await;
}

/// GPUs are requested by explicit device id. This machine has no NVIDIA runtime,
/// so Docker refuses the request: the instance is `failed` with Docker's reason,
/// and its reservation is released (the same card can be granted again).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gpu_create_fails_cleanly_without_nvidia() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let a = s.admin_token.clone();
    let n = docker_node(
        &s,
        json!({"name": "fake-gpu", "gpu_name": "RTX 4090", "gpu_count": 1, "vram_gb_per_card": 24,
            "cpu_cores": 4, "memory_gb": 8}),
    )
    .await;
    let node_id = n["id"].as_i64().unwrap();
    let (_, img) = s.post("/api/v1/images", &a, json!({"name": "gbb", "address": busybox_image(), "keep_alive_command": ["sleep", "60"]})).await;
    let (_, spec) = s
        .post(
            "/api/v1/specs",
            &a,
            json!({"name": "one-4090", "gpu_model": "rtx 4090", "gpu_count": 1, "vram_gb": 24,
            "cpu_cores": 1, "memory_gb": 1}),
        )
        .await;
    let (_, cands) = s
        .get(
            &format!(
                "/api/v1/instances/placement?spec_id={}&image_id={}",
                spec["id"], img["id"]
            ),
            &a,
        )
        .await;
    assert_eq!(cands[0]["gpus"][0]["index"], 0, "{cands}");
    for attempt in 0..2 {
        let (st, inst) = s
            .post("/api/v1/instances", &a, json!({"name": format!("g{attempt}"), "image_id": img["id"], "spec_id": spec["id"]}))
            .await;
        assert_eq!(st, StatusCode::CREATED, "{inst}");
        assert_eq!(inst["status"], "failed", "{inst}");
        assert_eq!(
            inst["gpus"][0]["index"], 0,
            "card 0 granted again: the failed attempt released it"
        );
        let err = inst["status_error"].as_str().unwrap().to_lowercase();
        assert!(err.contains("nvidia") || err.contains("device"), "{err}");
    }
    // A user sees neither the engine's words nor the names and capacities of
    // nodes they have nothing on; an admin sees everything.
    let (_, hana) = s.user("hana", "user").await;
    let placement = format!(
        "/api/v1/instances/placement?spec_id={}&image_id={}",
        spec["id"], img["id"]
    );
    let (_, theirs) = s.get(&placement, &hana).await;
    assert_eq!(theirs[0]["node_id"], node_id, "{theirs}");
    assert_eq!(
        (
            theirs[0]["node_name"].as_str(),
            theirs[0]["cards"].as_array().map(Vec::len)
        ),
        (Some(""), Some(0)),
        "{theirs}"
    );
    let (st, inst) = s
        .post(
            "/api/v1/instances",
            &hana,
            json!({"name": "hg", "image_id": img["id"], "spec_id": spec["id"]}),
        )
        .await;
    assert_eq!(
        (st, inst["status"].as_str()),
        (StatusCode::CREATED, Some("failed")),
        "{inst}"
    );
    let told = inst["status_error"].as_str().unwrap();
    assert!(
        told.contains("administrator can see")
            && !told.to_lowercase().contains("nvidia")
            && !told.contains("fake-gpu"),
        "{told}"
    );
    let (_, seen_by_admin) = s
        .get(&format!("/api/v1/instances/{}", inst["id"]), &a)
        .await;
    assert!(
        seen_by_admin["status_error"]
            .as_str()
            .unwrap()
            .contains("fake-gpu"),
        "{seen_by_admin}"
    );
    // Now hana has an instance there: the node is hers to know.
    let (_, theirs) = s.get(&placement, &hana).await;
    assert_eq!(theirs[0]["node_name"], "fake-gpu", "{theirs}");
    let (_, cap) = s
        .get(&format!("/api/v1/nodes/{node_id}/capacity"), &a)
        .await;
    assert_eq!(cap["gpus"]["free"], 1.0, "{cap}");
    s.finish(site).await;
}

fn install_id(site: &Site) -> String {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select value from settings where key='install_id'\").fetchone()[0])",
            site.data_dir().join("tianqi.db").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Containers changed behind the platform's back: statuses follow on the next
/// check, a removed container makes the instance `missing` (kept), and a
/// labelled container without an instance is listed as an orphan and removable.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconciliation_and_orphans() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let a = s.admin_token.clone();
    let (node_id, image_id, spec_id) = catalog(&s, "rec", 2.0, 0.2, 0.05).await;
    let (_, inst) = s
        .post(
            "/api/v1/instances",
            &a,
            json!({"name": "rec-1", "image_id": image_id, "spec_id": spec_id}),
        )
        .await;
    let id = inst["id"].as_i64().unwrap();
    let container = inst["container_id"].as_str().unwrap().to_owned();
    let host = docker_host();

    docker(&host, &["stop", "-t", "1", &container]);
    s.call(
        Method::POST,
        &format!("/api/v1/nodes/{node_id}/test"),
        Some(&a),
        None,
    )
    .await;
    let (_, now) = s.get(&format!("/api/v1/instances/{id}"), &a).await;
    assert_eq!(now["status"], "exited", "{now}");
    docker(&host, &["start", &container]);
    s.call(
        Method::POST,
        &format!("/api/v1/nodes/{node_id}/test"),
        Some(&a),
        None,
    )
    .await;
    let (_, now) = s.get(&format!("/api/v1/instances/{id}"), &a).await;
    assert_eq!(now["status"], "running", "{now}");
    docker(&host, &["rm", "-f", &container]);
    s.call(
        Method::POST,
        &format!("/api/v1/nodes/{node_id}/test"),
        Some(&a),
        None,
    )
    .await;
    let (st, now) = s.get(&format!("/api/v1/instances/{id}"), &a).await;
    assert_eq!(
        (st, now["status"].as_str()),
        (StatusCode::OK, Some("missing")),
        "never silently deleted: {now}"
    );
    assert!(!now["status_error"].as_str().unwrap().is_empty());

    // an orphan: our labels, no row
    let install = install_id(&site);
    assert_eq!(install.len(), 8, "install id {install:?}");
    let orphan = docker(
        &host,
        &[
            "run",
            "-d",
            "--label",
            "tianqi.managed=true",
            "--label",
            &format!("tianqi.install={install}"),
            "--label",
            "tianqi.instance=424242",
            &busybox_image(),
            "sleep",
            "300",
        ],
    )
    .trim()
    .to_owned();
    // another installation's container is not ours to report
    let foreign = docker(
        &host,
        &[
            "run",
            "-d",
            "--label",
            "tianqi.managed=true",
            "--label",
            "tianqi.install=someone",
            "--label",
            "tianqi.instance=1",
            &busybox_image(),
            "sleep",
            "300",
        ],
    )
    .trim()
    .to_owned();
    let (st, list) = s.get("/api/v1/admin/orphans", &a).await;
    assert_eq!(st, StatusCode::OK, "{list}");
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["container_id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&orphan.as_str()), "{list}");
    assert!(!ids.contains(&foreign.as_str()), "{list}");
    let (_, user) = s.user("nosy", "user").await;
    assert_error(
        &s.get("/api/v1/admin/orphans", &user).await,
        StatusCode::FORBIDDEN,
        "forbidden",
        None,
    );
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/admin/orphans/{node_id}/{orphan}"),
            Some(&a),
            None,
        )
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT, "{}", r.1);
    let (_, list) = s.get("/api/v1/admin/orphans", &a).await;
    assert!(!list.to_string().contains(&orphan));
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/admin/orphans/{node_id}/{foreign}"),
            Some(&a),
            None,
        )
        .await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found", None);
    docker(&host, &["rm", "-f", &foreign]);
    // the missing instance can still be deleted (its volume goes too)
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/instances/{id}"),
            Some(&a),
            None,
        )
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT, "{}", r.1);
    s.finish(site).await;
}

/// Stats and logs of a real container, for its owner and admins only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stats_and_logs() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let a = s.admin_token.clone();
    let (_, _, spec_id) = catalog(&s, "obs", 2.0, 0.5, 0.125).await;
    let (_, img) = s
        .post("/api/v1/images", &a, json!({"name": "talker", "address": busybox_image(),
            "keep_alive_command": ["sh", "-c", "echo line-one; echo line-two >&2; exec sleep 600"]}))
        .await;
    let (_, carol) = s.user("carol", "user").await;
    let (_, dave) = s.user("dave", "user").await;
    let (_, inst) = s
        .post(
            "/api/v1/instances",
            &carol,
            json!({"name": "talk", "image_id": img["id"], "spec_id": spec_id}),
        )
        .await;
    assert_eq!(inst["status"], "running", "{inst}");
    let id = inst["id"].as_i64().unwrap();

    let (st, stats) = s
        .get(&format!("/api/v1/instances/{id}/stats"), &carol)
        .await;
    assert_eq!(st, StatusCode::OK, "{stats}");
    assert_eq!(stats["mem_limit"], 128 * 1024 * 1024);
    assert!(stats["mem_usage"].as_i64().unwrap() > 0);
    assert!(stats["pids"].as_i64().unwrap() >= 1);
    assert!(stats["cpu_percent"].as_f64().unwrap() >= 0.0);
    for key in ["net_rx", "net_tx", "blk_read", "blk_write", "mem_percent"] {
        assert!(stats.get(key).is_some(), "{key} missing: {stats}");
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let (st, logs) = s
        .get(&format!("/api/v1/instances/{id}/logs?tail=10"), &carol)
        .await;
    assert_eq!(st, StatusCode::OK, "{logs}");
    let lines = logs.as_array().unwrap();
    let one = lines
        .iter()
        .find(|l| l["line"].as_str().unwrap().ends_with("line-one"))
        .expect("stdout line");
    assert_eq!(one["stream"], "stdout");
    assert!(
        one["line"].as_str().unwrap().starts_with("20"),
        "timestamped: {one}"
    );
    let two = lines
        .iter()
        .find(|l| l["line"].as_str().unwrap().ends_with("line-two"))
        .expect("stderr line");
    assert_eq!(two["stream"], "stderr");
    let (_, last) = s
        .get(&format!("/api/v1/instances/{id}/logs?tail=1"), &carol)
        .await;
    assert_eq!(last.as_array().unwrap().len(), 1);
    let r = s
        .get(&format!("/api/v1/instances/{id}/logs?tail=99999"), &carol)
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("tail"),
    );

    // follow: SSE that starts with the existing lines
    let mut res = s
        .http
        .get(s.url(&format!("/api/v1/instances/{id}/logs?follow=true&tail=10")))
        .bearer_auth(&carol)
        .send()
        .await
        .unwrap();
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let mut seen = String::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !seen.contains("line-one") && std::time::Instant::now() < deadline {
        match tokio::time::timeout(std::time::Duration::from_secs(2), res.chunk()).await {
            Ok(Ok(Some(c))) => seen.push_str(&String::from_utf8_lossy(&c)),
            _ => break,
        }
    }
    assert!(
        seen.contains("event: log") && seen.contains("line-one"),
        "{seen}"
    );
    drop(res);
    // the stats stream sends a first sample at once
    let mut res = s
        .http
        .get(s.url(&format!("/api/v1/instances/{id}/stats/stream")))
        .bearer_auth(&a)
        .send()
        .await
        .unwrap();
    let first = tokio::time::timeout(std::time::Duration::from_secs(5), res.chunk())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&first).contains("event: stats"));
    drop(res);

    // someone else's instance: 404 everywhere
    for path in [
        format!("/api/v1/instances/{id}/stats"),
        format!("/api/v1/instances/{id}/logs"),
        format!("/api/v1/instances/{id}/stats/stream"),
    ] {
        assert_error(
            &s.get(&path, &dave).await,
            StatusCode::NOT_FOUND,
            "not_found",
            None,
        );
    }
    let (st, _) = s.get(&format!("/api/v1/instances/{id}/stats"), &a).await;
    assert_eq!(st, StatusCode::OK);
    s.delete(&format!("/api/v1/instances/{id}"), &carol).await;
    s.finish(site).await;
}

/// An image missing on the node is pulled (from a local registry) as part of the
/// create; the progress line is cleared once the instance runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_pulls_a_missing_image() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let a = s.admin_token.clone();
    let (_, _, spec_id) = catalog(&s, "pull", 2.0, 0.2, 0.05).await;
    let reg_dir = tempfile::tempdir().unwrap();
    let port = crate::docker_env::free_port();
    let _registry = crate::docker_env::registry(reg_dir.path(), port);
    let host = docker_host();
    let reference = format!("127.0.0.1:{port}/tq/inst-bb:v1");
    docker(&host, &["tag", &busybox_image(), &reference]);
    docker(&host, &["push", &reference]);
    docker(&host, &["rmi", &reference]);
    let (_, img) = s.post("/api/v1/images", &a, json!({"name": "from-registry", "address": reference, "keep_alive_command": ["sleep", "600"]})).await;
    let (st, inst) = s
        .post(
            "/api/v1/instances",
            &a,
            json!({"name": "pulled", "image_id": img["id"], "spec_id": spec_id}),
        )
        .await;
    assert_eq!(
        (st, inst["status"].as_str()),
        (StatusCode::CREATED, Some("running")),
        "{inst}"
    );
    assert_eq!(inst["progress"], "");
    docker(&host, &["image", "inspect", &reference]);
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/instances/{}", inst["id"]),
            Some(&a),
            None,
        )
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT);
    docker(&host, &["rmi", &reference]);
    s.finish(site).await;
}

/// The ownership matrix, from the OpenAPI document: every instance route with an
/// `{id}` answers 404 to another user, and lets the owner and an admin through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ownership_matrix_over_every_instance_route() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let a = s.admin_token.clone();
    let (_, image_id, spec_id) = catalog(&s, "mx", 2.0, 0.2, 0.05).await;
    let (_, owner) = s.user("owner", "user").await;
    let (_, other) = s.user("other", "user").await;
    let (_, doc) = s.call(Method::GET, "/api/openapi.json", None, None).await;
    let mut routes: Vec<(Method, String)> = Vec::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        if !path.starts_with("/api/v1/instances/{id}") {
            continue;
        }
        for method in ops.as_object().unwrap().keys() {
            routes.push((method.to_uppercase().parse().unwrap(), path.clone()));
        }
    }
    assert!(routes.len() >= 9, "{routes:?}");
    // DELETE last: it ends the instance
    routes.sort_by_key(|(m, _)| *m == Method::DELETE);
    let (_, inst) = s
        .post(
            "/api/v1/instances",
            &owner,
            json!({"name": "mx-1", "image_id": image_id, "spec_id": spec_id}),
        )
        .await;
    let id = inst["id"].as_i64().unwrap();
    for (m, path) in &routes {
        let url = path.replace("{id}", &id.to_string());
        if path.ends_with("/terminal") {
            let res = s
                .http
                .get(s.url(&url))
                .bearer_auth(&other)
                .header("connection", "upgrade")
                .header("upgrade", "websocket")
                .header("sec-websocket-version", "13")
                .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "other user terminal");
        } else {
            let r = s.call(m.clone(), &url, Some(&other), None).await;
            assert_eq!(r.0, StatusCode::NOT_FOUND, "other user {m} {path}: {}", r.1);
        }
        for (who, token) in [("admin", &a), ("owner", &owner)] {
            if *m == Method::DELETE {
                continue;
            }
            if path.ends_with("/stream") || path.ends_with("/terminal") {
                // streaming routes: the status line is enough
                let mut req = s.http.request(m.clone(), s.url(&url)).bearer_auth(token);
                if path.ends_with("/terminal") {
                    req = req
                        .header("connection", "upgrade")
                        .header("upgrade", "websocket")
                        .header("sec-websocket-version", "13")
                        .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==");
                }
                let res = req.send().await.unwrap();
                assert!(
                    res.status() == StatusCode::OK
                        || res.status() == StatusCode::SWITCHING_PROTOCOLS,
                    "{who} {m} {path}: {}",
                    res.status()
                );
                continue;
            }
            let r = s.call(m.clone(), &url, Some(token), None).await;
            assert!(r.0.is_success(), "{who} {m} {path}: {} {}", r.0, r.1);
            if path.ends_with("/stop") {
                // keep it running for the routes that need it
                s.call(
                    Method::POST,
                    &format!("/api/v1/instances/{id}/start"),
                    Some(token),
                    None,
                )
                .await;
            }
        }
    }
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/instances/{id}"),
            Some(&owner),
            None,
        )
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT, "{}", r.1);
    s.finish(site).await;
}

/// A node that stops answering: operations on its instances answer 503 naming
/// it, within the node timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_node_answers_503_in_time() {
    let site = Site::new(Backend::Sqlite).await;
    let mut config = site.config();
    config.nodes.timeout_secs = 1;
    let s = TestServer::start_with(config, ADMIN_PASSWORD).await;
    let a = s.admin_token.clone();
    let port = crate::docker_env::free_port();
    let mut proxy = crate::docker_env::tcp_proxy(port);
    let (_, node) = s
        .post("/api/v1/nodes", &a, json!({"name": "flaky-node", "public_ip": "127.0.0.1", "private_ip": "127.0.0.1",
            "docker_address": format!("tcp://127.0.0.1:{port}"), "use_tls": false, "cpu_cores": 2, "memory_gb": 2}))
        .await;
    assert_eq!(node["docker_status"], "connected", "{node}");
    let (_, img) = s.post("/api/v1/images", &a, json!({"name": "fbb", "address": busybox_image(), "keep_alive_command": ["sleep", "600"]})).await;
    let (_, spec) = s
        .post(
            "/api/v1/specs",
            &a,
            json!({"name": "fs", "cpu_cores": 0.1, "memory_gb": 0.05}),
        )
        .await;
    let (_, inst) = s
        .post(
            "/api/v1/instances",
            &a,
            json!({"name": "flaky-1", "image_id": img["id"], "spec_id": spec["id"]}),
        )
        .await;
    assert_eq!(inst["status"], "running", "{inst}");
    let id = inst["id"].as_i64().unwrap();
    let container = inst["container_id"].as_str().unwrap().to_owned();
    proxy.stop();
    for (m, path) in [
        (Method::POST, format!("/api/v1/instances/{id}/stop")),
        (Method::GET, format!("/api/v1/instances/{id}/stats")),
        (Method::DELETE, format!("/api/v1/instances/{id}")),
    ] {
        let started = std::time::Instant::now();
        let r = s.call(m.clone(), &path, Some(&a), None).await;
        assert_error(&r, StatusCode::SERVICE_UNAVAILABLE, "unavailable", None);
        assert!(
            r.1["error"]["message"]
                .as_str()
                .unwrap()
                .contains("flaky-node"),
            "{}",
            r.1
        );
        assert!(
            started.elapsed() < std::time::Duration::from_millis(2500),
            "{m} {path} took {:?}",
            started.elapsed()
        );
    }
    // nothing changed: the instance is still there, and so is its container
    let (st, still) = s.get(&format!("/api/v1/instances/{id}"), &a).await;
    assert_eq!(
        (st, still["status"].as_str()),
        (StatusCode::OK, Some("running"))
    );
    let _proxy = crate::docker_env::tcp_proxy(port);
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/instances/{id}"),
            Some(&a),
            None,
        )
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT, "{}", r.1);
    let gone = std::process::Command::new("docker")
        .args(["-H", &docker_host(), "inspect", &container])
        .output()
        .unwrap();
    assert!(!gone.status.success());
    s.finish(site).await;
}

/// Deleting an instance whose create is still pulling its image is refused
/// (409) instead of releasing its capacity under the create; once the pull
/// fails the instance is `failed`, holds nothing, and deletes cleanly — no
/// container is left without a row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_while_creating_is_refused() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let a = s.admin_token.clone();
    let (node_id, _, spec_id) = catalog(&s, "slowpull", 2.0, 0.5, 0.05).await;
    // A "registry" that accepts and never answers: the pull hangs until we
    // close it.
    let tarpit = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = tarpit.local_addr().unwrap().port();
    let held = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let accept = {
        let held = held.clone();
        let tarpit = tarpit.try_clone().unwrap();
        std::thread::spawn(move || {
            for c in tarpit.incoming().flatten() {
                if let Ok(mut h) = held.lock() {
                    h.push(c);
                }
            }
        })
    };
    let reference = format!("127.0.0.1:{port}/tq/never:v1");
    let (_, img) = s
        .post(
            "/api/v1/images",
            &a,
            json!({"name": "tarpit", "address": reference, "keep_alive_command": ["sleep", "600"]}),
        )
        .await;
    let create = {
        let (http, url, token) = (s.http.clone(), s.url("/api/v1/instances"), a.clone());
        let body = json!({"name": "pulling", "image_id": img["id"], "spec_id": spec_id});
        tokio::spawn(async move {
            let r = http
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            (r.status(), r.json::<Value>().await.unwrap())
        })
    };
    let id = loop {
        let (_, list) = s.get("/api/v1/instances?name=pulling", &a).await;
        if let Some(i) = list["items"].as_array().and_then(|l| l.first()) {
            if i["status"] == "creating" {
                break i["id"].as_i64().unwrap();
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let (_, cap) = s
        .get(&format!("/api/v1/nodes/{node_id}/capacity"), &a)
        .await;
    assert_eq!(
        cap["cpu_cores"]["allocated"], 0.5,
        "held while creating: {cap}"
    );
    let r = s.delete(&format!("/api/v1/instances/{id}"), &a).await;
    assert_error(&r, StatusCode::CONFLICT, "conflict", None);
    assert!(r.1["error"]["message"]
        .as_str()
        .unwrap()
        .contains("still being created"));
    let (_, cap) = s
        .get(&format!("/api/v1/nodes/{node_id}/capacity"), &a)
        .await;
    assert_eq!(cap["cpu_cores"]["allocated"], 0.5, "still held: {cap}");
    // The registry goes away: the pull fails, the create ends `failed`.
    drop(tarpit);
    held.lock().unwrap().clear();
    let _ = std::net::TcpStream::connect(("127.0.0.1", port));
    let (st, inst) = tokio::time::timeout(std::time::Duration::from_secs(120), create)
        .await
        .expect("the create ends once the registry is gone")
        .unwrap();
    assert_eq!(
        (st, inst["status"].as_str()),
        (StatusCode::CREATED, Some("failed")),
        "{inst}"
    );
    drop(accept);
    assert_eq!(
        s.delete(&format!("/api/v1/instances/{id}"), &a).await.0,
        StatusCode::NO_CONTENT
    );
    let left = docker(
        &docker_host(),
        &[
            "ps",
            "-aq",
            "--filter",
            &format!("label=tianqi.instance={id}"),
            "--filter",
            &format!("label=tianqi.install={}", install_id(&site)),
        ],
    );
    assert!(left.trim().is_empty(), "no container without a row: {left}");
    s.finish(site).await;
}

/// Starting a failed instance places it again: here its image was missing
/// when it was created, appears on the node, and the start makes it run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starting_a_failed_instance_places_it_again() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let a = s.admin_token.clone();
    let (_, _, spec_id) = catalog(&s, "replace", 2.0, 0.25, 0.05).await;
    let tag: u32 = rand::random();
    let reference = format!("tianqi-test/later-{tag:08x}:v1");
    let (_, img) = s
        .post(
            "/api/v1/images",
            &a,
            json!({"name": "later", "address": reference, "keep_alive_command": ["sleep", "600"]}),
        )
        .await;
    let (_, inst) = s
        .post(
            "/api/v1/instances",
            &a,
            json!({"name": "again", "image_id": img["id"], "spec_id": spec_id}),
        )
        .await;
    assert_eq!(
        inst["status"], "failed",
        "the image cannot be pulled here: {inst}"
    );
    let id = inst["id"].as_i64().unwrap();
    let host = docker_host();
    docker(&host, &["tag", &busybox_image(), &reference]);
    let (st, again) = s
        .post(&format!("/api/v1/instances/{id}/start"), &a, json!({}))
        .await;
    assert_eq!(
        (st, again["status"].as_str()),
        (StatusCode::OK, Some("running")),
        "{again}"
    );
    assert_eq!(again["status_error"], "");
    assert!(!again["container_id"].as_str().unwrap().is_empty());
    assert_eq!(
        s.delete(&format!("/api/v1/instances/{id}"), &a).await.0,
        StatusCode::NO_CONTENT
    );
    docker(&host, &["rmi", &reference]);
    s.finish(site).await;
}

/// One client per node: a run of instance calls and stats reads reuses the
/// node's client instead of making one (ping + version + info) for each.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_clients_are_reused() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let a = s.admin_token.clone();
    let (port, connections) = crate::docker_env::counting_proxy().await;
    let node = docker_node(
        &s,
        json!({"name": "counted", "docker_address": format!("tcp://127.0.0.1:{port}"),
            "use_tls": false, "cpu_cores": 2, "memory_gb": 2}),
    )
    .await;
    let (_, img) = s.post("/api/v1/images", &a, json!({"name": "cbb", "address": busybox_image(), "keep_alive_command": ["sleep", "600"]})).await;
    let (_, spec) = s
        .post(
            "/api/v1/specs",
            &a,
            json!({"name": "c-tiny", "cpu_cores": 0.25, "memory_gb": 0.125}),
        )
        .await;
    let (_, inst) = s
        .post("/api/v1/instances", &a, json!({"name": "counted", "image_id": img["id"], "spec_id": spec["id"], "node_id": node["id"]}))
        .await;
    assert_eq!(inst["status"], "running", "{inst}");
    let id = inst["id"].as_i64().unwrap();
    let before = connections.load(std::sync::atomic::Ordering::SeqCst);
    for _ in 0..10 {
        assert_eq!(
            s.get(&format!("/api/v1/instances/{id}/stats"), &a).await.0,
            StatusCode::OK
        );
    }
    for op in ["stop", "start"] {
        assert_eq!(
            s.post(&format!("/api/v1/instances/{id}/{op}"), &a, json!({}))
                .await
                .0,
            StatusCode::OK
        );
    }
    // bollard opens a connection per request (it keeps none idle), so the
    // count is requests: one per call, where a fresh client per call cost
    // four (ping, version, info, then the call).
    let opened = connections.load(std::sync::atomic::Ordering::SeqCst) - before;
    assert!(opened <= 16, "12 calls made {opened} requests to the node");
    assert_eq!(
        s.delete(&format!("/api/v1/instances/{id}"), &a).await.0,
        StatusCode::NO_CONTENT
    );
    s.finish(site).await;
}

/// Tenants are fenced off from each other: every owner's instances share a
/// network of their own, so on a node whose Docker isolates its bridges (the
/// default; here an engine in its own network namespace) one owner's
/// instance reaches the other instances of its owner and not another
/// owner's. Instances also lose NET_RAW, MKNOD and AUDIT_WRITE (an image may
/// give back what it needs) and have their logs rotated.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tenants_cannot_reach_each_other() {
    let site = Site::new(Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let a = s.admin_token.clone();
    let dir = tempfile::tempdir().unwrap();
    let iso = crate::docker_env::IsolatedDockerd::start(dir.path());
    let node = docker_node(
        &s,
        json!({"name": "iso", "docker_address": iso.host(), "cpu_cores": 2, "memory_gb": 2}),
    )
    .await;
    let (_, listener) = s
        .post(
            "/api/v1/images",
            &a,
            json!({"name": "echo-8080", "address": busybox_image(),
        "keep_alive_command": ["nc", "-ll", "-p", "8080", "-e", "echo", "hello"]}),
        )
        .await;
    let (_, pinger) = s
        .post(
            "/api/v1/images",
            &a,
            json!({"name": "pinger", "address": busybox_image(),
        "keep_alive_command": ["sleep", "600"], "capabilities": ["NET_RAW"]}),
        )
        .await;
    let (_, spec) = s
        .post(
            "/api/v1/specs",
            &a,
            json!({"name": "iso-tiny", "cpu_cores": 0.25, "memory_gb": 0.125}),
        )
        .await;
    let (_, ann) = s.user("ann", "user").await;
    let (_, bo) = s.user("bo", "user").await;
    let create = |token: String, name: &'static str, image: i64| {
        let body =
            json!({"name": name, "image_id": image, "spec_id": spec["id"], "node_id": node["id"]});
        let s = &s;
        async move {
            let (st, inst) = s.post("/api/v1/instances", &token, body).await;
            assert_eq!(
                (st, inst["status"].as_str()),
                (StatusCode::CREATED, Some("running")),
                "{inst}"
            );
            inst
        }
    };
    let ann_server = create(ann.clone(), "ann-server", listener["id"].as_i64().unwrap()).await;
    let ann_client = create(ann.clone(), "ann-client", pinger["id"].as_i64().unwrap()).await;
    let bo_client = create(bo.clone(), "bo-client", listener["id"].as_i64().unwrap()).await;
    let host = iso.host();
    let inspect = |c: &str| {
        serde_json::from_str::<Value>(&docker(&host, &["inspect", c])).unwrap()[0].clone()
    };
    let server = inspect(ann_server["container_id"].as_str().unwrap());
    let networks = server["NetworkSettings"]["Networks"]
        .as_object()
        .unwrap()
        .clone();
    assert_eq!(networks.len(), 1, "one network: {networks:?}");
    let (net_name, net) = networks.iter().next().unwrap();
    assert!(net_name.contains("-owner-"), "{net_name}");
    let ip = net["IPAddress"].as_str().unwrap().to_owned();
    let caps = &server["HostConfig"];
    assert_eq!(
        caps["CapDrop"],
        json!(["NET_RAW", "MKNOD", "AUDIT_WRITE"]),
        "{caps}"
    );
    assert_eq!(caps["LogConfig"]["Config"]["max-size"], "10m");
    let client = inspect(ann_client["container_id"].as_str().unwrap());
    assert_eq!(
        client["HostConfig"]["CapDrop"],
        json!(["MKNOD", "AUDIT_WRITE"]),
        "the image gave NET_RAW back"
    );

    let probe = |from: &Value| {
        let out = std::process::Command::new("docker")
            .args([
                "-H",
                &host,
                "exec",
                from["container_id"].as_str().unwrap(),
                "sh",
                "-c",
            ])
            .arg(format!("echo | timeout 3 nc {ip} 8080"))
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(
        probe(&ann_client).contains("hello"),
        "ann reaches her own server"
    );
    assert!(
        !probe(&bo_client).contains("hello"),
        "bo does not reach ann's server"
    );

    for (inst, token) in [(&ann_server, &ann), (&ann_client, &ann), (&bo_client, &bo)] {
        let (st, _) = s
            .delete(&format!("/api/v1/instances/{}", inst["id"]), token)
            .await;
        assert_eq!(st, StatusCode::NO_CONTENT);
    }
    let left = docker(
        &host,
        &[
            "network",
            "ls",
            "--filter",
            "label=tianqi.managed=true",
            "-q",
        ],
    );
    assert!(
        left.trim().is_empty(),
        "owner networks go with their last instance: {left}"
    );
    s.finish(site).await;
}
