//! What the console shows about an instance's state (issue 21): a container
//! whose command ends at once is `exited` with its exit code and why — a bare
//! shell without a TTY named as such — on the next look at the instance, and
//! after a health round in the list; a stop says it was stopped; a start
//! clears it. And which specs the create dialog can offer (placement per
//! spec). On the private dockerd, SQLite and PostgreSQL.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::docker_env::busybox_image;
use crate::fixtures::catalog;
use crate::harness::{Site, TestServer};
use crate::on_both;

/// Creates an instance of a busybox image with `keep_alive` (none: the
/// image's own `/bin/sh`) and answers its id.
/// Container names are the instance's name and id, so the SQLite and
/// PostgreSQL runs (on one engine, at once) need names of their own.
async fn instance_of(s: &TestServer, spec_id: i64, name: &str, keep_alive: Value) -> i64 {
    let a = &s.admin_token;
    let name = format!("{name}-{:08x}", rand::random::<u32>());
    let (st, img) = s
        .post(
            "/api/v1/images",
            a,
            json!({"name": format!("img-{name}"), "address": busybox_image(),
                "keep_alive_command": keep_alive}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{img}");
    let (st, inst) = s
        .post(
            "/api/v1/instances",
            a,
            json!({"name": name, "image_id": img["id"], "spec_id": spec_id}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{inst}");
    assert_ne!(inst["status"], "failed", "{inst}");
    inst["id"].as_i64().unwrap()
}

/// Looks at the instance until it is `exited` (the container needs a moment
/// to end), at most 10 s.
async fn until_exited(s: &TestServer, id: i64) -> Value {
    let mut last = Value::Null;
    for _ in 0..40 {
        let (st, inst) = s
            .get(&format!("/api/v1/instances/{id}"), &s.admin_token)
            .await;
        assert_eq!(st, StatusCode::OK, "{inst}");
        if inst["status"] == "exited" {
            return inst;
        }
        last = inst;
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    panic!("instance {id} still not exited: {last}");
}

async fn exit_is_shown(site: &Site) {
    let s = TestServer::start(site).await;
    let a = s.admin_token.clone();
    let (_, _, spec_id) = catalog(&s, "states", 4.0, 0.25, 0.05).await;

    // busybox's own command is `/bin/sh`: without a TTY it ends at once.
    let shell = instance_of(&s, spec_id, "bare-shell", json!([])).await;
    let inst = until_exited(&s, shell).await;
    assert_eq!(
        (&inst["exit_code"], inst["exit_reason"].as_str()),
        (&json!(0), Some("shell_without_tty")),
        "{inst}"
    );

    // A command that fails says so with its code.
    let failing = instance_of(&s, spec_id, "exits-3", json!(["sh", "-c", "exit 3"])).await;
    let inst = until_exited(&s, failing).await;
    assert_eq!(
        (&inst["exit_code"], inst["exit_reason"].as_str()),
        (&json!(3), Some("exited")),
        "{inst}"
    );

    // One that runs: a stop is "stopped", a start clears how it ended.
    let kept = instance_of(&s, spec_id, "kept", json!(["sleep", "3600"])).await;
    let (_, inst) = s.get(&format!("/api/v1/instances/{kept}"), &a).await;
    assert_eq!(
        (inst["status"].as_str(), inst["exit_reason"].as_str()),
        (Some("running"), Some("none")),
        "{inst}"
    );
    assert!(inst["exit_code"].is_null(), "{inst}");
    let (st, inst) = s
        .post(&format!("/api/v1/instances/{kept}/stop"), &a, json!({}))
        .await;
    assert_eq!(
        (st, inst["status"].as_str(), inst["exit_reason"].as_str()),
        (StatusCode::OK, Some("exited"), Some("stopped")),
        "{inst}"
    );
    let (st, inst) = s
        .post(&format!("/api/v1/instances/{kept}/start"), &a, json!({}))
        .await;
    assert_eq!(
        (st, inst["status"].as_str(), inst["exit_reason"].as_str()),
        (StatusCode::OK, Some("running"), Some("none")),
        "{inst}"
    );
    assert!(inst["exit_code"].is_null(), "{inst}");

    // The list does not ask the node; a health round (here the orphan scan,
    // which reconciles every node) records an ended container with its code.
    let later = instance_of(
        &s,
        spec_id,
        "ends-later",
        json!(["sh", "-c", "sleep 1; exit 7"]),
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let (st, _) = s.get("/api/v1/admin/orphans", &a).await;
    assert_eq!(st, StatusCode::OK);
    let (_, list) = s.get("/api/v1/instances?name=ends-later", &a).await;
    assert_eq!(list["total"], 1, "{list}");
    let row = &list["items"][0];
    assert_eq!(
        (
            row["id"].as_i64(),
            row["status"].as_str(),
            &row["exit_code"],
            row["exit_reason"].as_str()
        ),
        (Some(later), Some("exited"), &json!(7), Some("exited")),
        "{list}"
    );

    for id in [shell, failing, kept, later] {
        let (st, _) = s.delete(&format!("/api/v1/instances/{id}"), &a).await;
        assert_eq!(st, StatusCode::NO_CONTENT);
    }
    s.stop().await;
}
on_both!(exit_is_shown);

/// The create dialog's question, answered by the server's placement rules:
/// which specs can be placed now with this image, and what is short for the
/// others — CPU, memory, a GPU model no node has, no free card, and a node
/// that would fit but is offline (not "no node has this GPU model"). The
/// candidates carry each node's free CPU, memory and cards.
async fn spec_placements_name_the_shortfall(site: &Site) {
    let s = TestServer::start(site).await;
    let a = s.admin_token.clone();
    let (node_id, image_id, small) = catalog(&s, "fits", 2.0, 0.5, 0.1).await;
    let spec = |body: Value| {
        let s = &s;
        let a = a.clone();
        async move {
            let (st, sp) = s.post("/api/v1/specs", &a, body).await;
            assert_eq!(st, StatusCode::CREATED, "{sp}");
            sp["id"].as_i64().unwrap()
        }
    };
    let cpu = spec(json!({"name": "too-many-cores", "cpu_cores": 64, "memory_gb": 1})).await;
    let mem = spec(json!({"name": "too-much-memory", "cpu_cores": 1, "memory_gb": 4096})).await;
    let h100 = spec(
        json!({"name": "h100", "gpu_model": "H100", "gpu_count": 1, "vram_gb": 80,
        "cpu_cores": 1, "memory_gb": 1}),
    )
    .await;
    let rtx = spec(
        json!({"name": "rtx", "gpu_model": "RTX 4090", "gpu_count": 1, "vram_gb": 24,
        "cpu_cores": 1, "memory_gb": 1}),
    )
    .await;
    let rtx8 = spec(
        json!({"name": "rtx-x8", "gpu_model": "RTX 4090", "gpu_count": 8, "vram_gb": 24,
        "cpu_cores": 1, "memory_gb": 1}),
    )
    .await;
    let unlisted =
        spec(json!({"name": "hidden", "cpu_cores": 1, "memory_gb": 1, "listed": false})).await;
    // The only node with the model: its engine does not answer.
    let (st, off) = s
        .post(
            "/api/v1/nodes",
            &a,
            json!({"name": "gpu-off", "public_ip": "127.0.0.1", "private_ip": "127.0.0.1",
                "docker_address": "unix:///nonexistent/tianqi-test.sock", "cpu_cores": 16,
                "memory_gb": 64, "gpu_name": "RTX 4090", "gpu_count": 2, "vram_gb_per_card": 24}),
        )
        .await;
    assert_eq!(
        (st, off["docker_status"].as_str()),
        (StatusCode::CREATED, Some("failed")),
        "{off}"
    );

    let (_, user) = s.user("carol", "user").await;
    for token in [&a, &user] {
        let (st, fits) = s
            .get(
                &format!("/api/v1/instances/placement/specs?image_id={image_id}"),
                token,
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{fits}");
        let of = |id: i64| {
            let f = fits
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["spec_id"] == id)
                .unwrap_or_else(|| panic!("spec {id} missing: {fits}"));
            (
                f["placeable"].as_bool().unwrap(),
                f["shortfall"].as_str().map(str::to_owned),
            )
        };
        assert_eq!(of(small), (true, None));
        assert_eq!(of(cpu), (false, Some("cpu".into())));
        assert_eq!(of(mem), (false, Some("memory".into())));
        assert_eq!(of(h100), (false, Some("gpu_model".into())));
        assert_eq!(of(rtx), (false, Some("node_offline".into())));
        // Two cards even when online: eight is short of cards.
        assert_eq!(of(rtx8), (false, Some("gpus".into())));
        assert!(
            fits.as_array()
                .unwrap()
                .iter()
                .all(|f| f["spec_id"] != unlisted),
            "an unlisted spec is not offered: {fits}"
        );
    }
    // A create of an offline-only spec says the same in its 409.
    let r = s
        .post(
            "/api/v1/instances",
            &user,
            json!({"name": "x", "image_id": image_id, "spec_id": rtx}),
        )
        .await;
    assert_eq!(r.0, StatusCode::CONFLICT, "{}", r.1);
    assert!(
        r.1["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not connected"),
        "{}",
        r.1
    );
    // Bad input names the field.
    let r = s
        .get("/api/v1/instances/placement/specs?image_id=999", &a)
        .await;
    crate::harness::assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("image_id"),
    );

    // Candidates: free CPU, memory and cards now (the admin sees every node).
    let (_, cands) = s
        .get(
            &format!("/api/v1/instances/placement?spec_id={small}&image_id={image_id}"),
            &a,
        )
        .await;
    let c = &cands[0];
    assert_eq!(
        (
            c["node_id"].as_i64(),
            c["free_cpu_cores"].as_f64(),
            c["free_memory_gb"].as_f64(),
            c["free_gpus"].as_i64()
        ),
        (Some(node_id), Some(2.0), Some(64.0), Some(0)),
        "{cands}"
    );
    // The admin's list filters by owner; a user's owner_id is ignored (their own only).
    let carol_id = s.get("/api/v1/me", &user).await.1["id"].as_i64().unwrap();
    let (st, mine) = s
        .post(
            "/api/v1/instances",
            &user,
            json!({"name": format!("carols-{:08x}", rand::random::<u32>()), "image_id": image_id, "spec_id": small}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{mine}");
    let (_, by_owner) = s
        .get(&format!("/api/v1/instances?owner_id={carol_id}"), &a)
        .await;
    assert_eq!(by_owner["total"], 1, "{by_owner}");
    assert_eq!(by_owner["items"][0]["owner_id"], carol_id);
    let (_, admins) = s.get("/api/v1/instances?owner_id=1", &a).await;
    assert_eq!(admins["total"], 0, "{admins}");
    let (_, hers) = s.get("/api/v1/instances?owner_id=1", &user).await;
    assert_eq!(hers["total"], 1, "a user's owner_id does not widen: {hers}");
    let (st, _) = s
        .delete(&format!("/api/v1/instances/{}", mine["id"]), &user)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);

    // A user who runs nothing there learns no capacity of the node.
    let (_, cands) = s
        .get(
            &format!("/api/v1/instances/placement?spec_id={small}&image_id={image_id}"),
            &user,
        )
        .await;
    assert!(cands[0]["free_cpu_cores"].is_null(), "{cands}");
    s.stop().await;
}
on_both!(spec_placements_name_the_shortfall);
