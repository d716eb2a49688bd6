//! Instances on the real private Docker Engine: limits visible in inspect and
//! effective inside, lifecycle, delete removing volumes, pulling a missing
//! image, a delete while creating, a failed instance placed again. Placement,
//! ownership and what the engine reports are in their own files.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::docker_env::{busybox_image, docker, docker_host};
use crate::fixtures::{catalog, docker_node};
use crate::harness::{assert_error, bodies_with, Backend, Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;

mod batch;
mod observe;
mod ownership;
mod placement;

/// Whether the test engine still has the container.
fn container_exists(id: &str) -> bool {
    std::process::Command::new("docker")
        .args(["-H", &docker_host(), "inspect", id])
        .output()
        .expect("docker runs")
        .status
        .success()
}

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
    assert!(!container_exists(&container), "container still exists");
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
