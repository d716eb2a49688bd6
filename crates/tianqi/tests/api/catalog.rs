//! The catalog: images and specs (admins manage, users read listed ones), and
//! nodes on the real private Docker Engine — on SQLite and PostgreSQL.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::docker_env::docker_host;
use crate::harness::{assert_error, Site, TestServer};
use crate::on_both;

async fn images(site: &Site) {
    let s = TestServer::start(site).await;
    let a = s.admin_token.clone();
    let (_, user) = s.user("ursula", "user").await;
    let (st, img) = s
        .post(
            "/api/v1/images",
            &a,
            json!({"name": "python", "address": "tianqi-test/python:latest",
            "keep_alive_command": ["sleep", "infinity"], "description": "Debian python3"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{img}");
    assert_eq!(
        (
            img["listed"].as_bool(),
            img["supports_vram_split"].as_bool()
        ),
        (Some(true), Some(false))
    );
    assert_eq!(img["keep_alive_command"], json!(["sleep", "infinity"]));
    let id = img["id"].as_i64().unwrap();
    let (_, hidden) = s
        .post("/api/v1/images", &a, json!({"name": "cuda-split", "address": "tq/cuda:12", "supports_vram_split": true, "listed": false}))
        .await;
    let hidden_id = hidden["id"].as_i64().unwrap();

    // bad input
    for (body, field) in [
        (json!({"address": "x"}), "name"),
        (json!({"name": "x"}), "address"),
        (json!({"name": "x", "address": "Has Upper"}), "address"),
        (json!({"name": "x", "address": "a;rm -rf /"}), "address"),
        (
            json!({"name": "x", "address": "a", "keep_alive_command": "sleep infinity"}),
            "keep_alive_command",
        ),
        (
            json!({"name": "x", "address": "a", "listed": "yes"}),
            "listed",
        ),
    ] {
        let r = s.post("/api/v1/images", &a, body.clone()).await;
        assert_error(
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        );
    }
    let r = s
        .post(
            "/api/v1/images",
            &a,
            json!({"name": "python", "address": "other"}),
        )
        .await;
    assert_error(&r, StatusCode::CONFLICT, "conflict", None);
    // users read listed images only and cannot change them
    let (_, list) = s.get("/api/v1/images", &user).await;
    assert_eq!(list["total"], 1);
    assert_error(
        &s.get(&format!("/api/v1/images/{hidden_id}"), &user).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    );
    let r = s
        .post(
            "/api/v1/images",
            &user,
            json!({"name": "mine", "address": "x"}),
        )
        .await;
    assert_error(&r, StatusCode::FORBIDDEN, "forbidden", None);
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/images/{id}"),
            Some(&user),
            None,
        )
        .await;
    assert_error(&r, StatusCode::FORBIDDEN, "forbidden", None);
    // admins see all, filter, update
    let (_, all) = s.get("/api/v1/images?supports_vram_split=true", &a).await;
    assert_eq!(
        (all["total"].as_i64(), all["items"][0]["name"].as_str()),
        (Some(1), Some("cuda-split"))
    );
    let (_, by_name) = s.get("/api/v1/images?name=pyth", &a).await;
    assert_eq!(by_name["total"], 1);
    let (st, upd) = s
        .call(
            Method::PATCH,
            &format!("/api/v1/images/{hidden_id}"),
            Some(&a),
            Some(json!({"listed": true, "remark": "ok"})),
        )
        .await;
    assert_eq!(
        (st, upd["listed"].as_bool(), upd["address"].as_str()),
        (StatusCode::OK, Some(true), Some("tq/cuda:12"))
    );
    let (_, list) = s.get("/api/v1/images", &user).await;
    assert_eq!(list["total"], 2);
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/images/{id}"),
            Some(&a),
            None,
        )
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT);
    assert_error(
        &s.get(&format!("/api/v1/images/{id}"), &a).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    );
    s.stop().await;
}
on_both!(images);

async fn specs(site: &Site) {
    let s = TestServer::start(site).await;
    let a = s.admin_token.clone();
    let (_, user) = s.user("victor", "user").await;
    let (st, cpu) = s
        .post(
            "/api/v1/specs",
            &a,
            json!({"name": "cpu-small", "cpu_cores": 0.5, "memory_gb": 1, "system_disk_gb": 20,
            "price_per_hour": 0.1}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{cpu}");
    assert_eq!(
        (cpu["cpu_cores"].as_f64(), cpu["memory_gb"].as_f64()),
        (Some(0.5), Some(1.0))
    );
    assert_eq!(
        cpu["price_per_hour"], "0.10",
        "prices are exact decimal strings"
    );
    let (st, split) = s
        .post("/api/v1/specs", &a, json!({"name": "4090-8g", "gpu_model": "RTX 4090", "gpu_count": 1, "vram_gb": 8,
            "supports_vram_split": true, "cpu_cores": 4, "memory_gb": 16, "price_per_hour": "2.3456"}))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{split}");
    assert_eq!(split["price_per_hour"], "2.3456");
    let (_, whole) = s
        .post(
            "/api/v1/specs",
            &a,
            json!({"name": "4090x2", "gpu_model": "RTX 4090", "gpu_count": 2, "vram_gb": 24,
            "cpu_cores": 16, "memory_gb": 64, "price_per_hour": "12.5", "listed": false}),
        )
        .await;
    assert_eq!(whole["listed"], false);

    // the seed platform's rules, each naming its field
    for (body, field) in [
        (
            json!({"name": "x", "cpu_cores": 1, "memory_gb": 1, "vram_gb": 8}),
            "vram_gb",
        ),
        (
            json!({"name": "x", "cpu_cores": 1, "memory_gb": 1, "supports_vram_split": true}),
            "supports_vram_split",
        ),
        (
            json!({"name": "x", "cpu_cores": 1, "memory_gb": 1, "gpu_count": 1, "gpu_model": "A", "supports_vram_split": true}),
            "vram_gb",
        ),
        (
            json!({"name": "x", "cpu_cores": -1, "memory_gb": 1}),
            "cpu_cores",
        ),
        (
            json!({"name": "x", "cpu_cores": 1, "memory_gb": 1, "data_disk_gb": -10}),
            "data_disk_gb",
        ),
        (
            json!({"name": "x", "cpu_cores": 1, "memory_gb": 1, "gpu_count": -1}),
            "gpu_count",
        ),
        (
            json!({"name": "x", "cpu_cores": 1, "memory_gb": 1, "price_per_hour": "1.23456"}),
            "price_per_hour",
        ),
        (
            json!({"name": "x", "cpu_cores": 1, "memory_gb": 1, "price_per_hour": -3}),
            "price_per_hour",
        ),
        (json!({"cpu_cores": 1, "memory_gb": 1}), "name"),
    ] {
        let r = s.post("/api/v1/specs", &a, body.clone()).await;
        assert_error(
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        );
    }
    let r = s
        .post(
            "/api/v1/specs",
            &a,
            json!({"name": "cpu-small", "cpu_cores": 1, "memory_gb": 1}),
        )
        .await;
    assert_error(&r, StatusCode::CONFLICT, "conflict", None);
    let r = s
        .post(
            "/api/v1/specs",
            &user,
            json!({"name": "y", "cpu_cores": 1, "memory_gb": 1}),
        )
        .await;
    assert_error(&r, StatusCode::FORBIDDEN, "forbidden", None);

    // filtering by image: split specs hidden for images without split support
    let (_, plain) = s
        .post(
            "/api/v1/images",
            &a,
            json!({"name": "plain", "address": "tq/plain"}),
        )
        .await;
    let (_, splittable) = s
        .post(
            "/api/v1/images",
            &a,
            json!({"name": "hami", "address": "tq/hami", "supports_vram_split": true}),
        )
        .await;
    let names = |v: &serde_json::Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, for_plain) = s
        .get(&format!("/api/v1/specs?image_id={}", plain["id"]), &user)
        .await;
    assert_eq!(names(&for_plain), ["cpu-small"]);
    let (_, for_hami) = s
        .get(
            &format!("/api/v1/specs?image_id={}", splittable["id"]),
            &user,
        )
        .await;
    assert_eq!(names(&for_hami), ["cpu-small", "4090-8g"]);
    let r = s.get("/api/v1/specs?image_id=99999", &user).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("image_id"),
    );
    // admins also see unlisted specs
    let (_, all) = s.get("/api/v1/specs", &a).await;
    assert_eq!(all["total"], 3);
    // update keeps other fields; the rules still hold after a partial change
    let id = split["id"].as_i64().unwrap();
    let r = s
        .call(
            Method::PATCH,
            &format!("/api/v1/specs/{id}"),
            Some(&a),
            Some(json!({"gpu_count": 0})),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("vram_gb"),
    );
    let (st, upd) = s
        .call(
            Method::PATCH,
            &format!("/api/v1/specs/{id}"),
            Some(&a),
            Some(json!({"price_per_hour": "3"})),
        )
        .await;
    assert_eq!(
        (st, upd["price_per_hour"].as_str(), upd["vram_gb"].as_f64()),
        (StatusCode::OK, Some("3.00"), Some(8.0))
    );
    s.stop().await;
}
on_both!(specs);

async fn node_on_unix_socket(site: &Site) {
    let s = TestServer::start(site).await;
    let a = s.admin_token.clone();
    let secret = "Ssh-Pa55word-Never-Shown";
    let (st, node) = s
        .post(
            "/api/v1/nodes",
            &a,
            json!({"name": "n-unix", "public_ip": "203.0.113.10", "private_ip": "10.0.0.10",
            "docker_address": docker_host(), "ssh_user": "root", "ssh_password": secret,
            "gpu_name": "RTX 4090", "gpu_count": 2, "vram_gb_per_card": 24, "system_disk_gb": 100}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{node}");
    assert_eq!(node["docker_status"], "connected", "{node}");
    assert_eq!(
        (node["use_tls"].as_bool(), node["ssh_port"].as_u64()),
        (Some(false), Some(22))
    );
    assert_eq!(node["hami_core_dir"], "/root/HAMi-core/build");
    assert_eq!(node["has_ssh_password"], true);
    assert!(node.get("ssh_password").is_none());
    let facts = &node["docker"];
    assert!(
        facts["server_version"].as_str().unwrap().starts_with("20."),
        "{facts}"
    );
    assert!(facts["ncpu"].as_i64().unwrap() >= 1);
    assert_eq!(facts["storage_driver"], "overlay2");
    assert_eq!(facts["nvidia_runtime"], false);
    assert!(facts["runtimes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "runc"));
    // capacity offered from Docker's NCPU/MemTotal because it was left empty
    assert_eq!(node["cpu_cores"].as_f64(), facts["ncpu"].as_f64());
    assert!(node["memory_gb"].as_f64().unwrap() > 0.5);
    let id = node["id"].as_i64().unwrap();

    let (st, cap) = s.get(&format!("/api/v1/nodes/{id}/capacity"), &a).await;
    assert_eq!(st, StatusCode::OK, "{cap}");
    assert_eq!(cap["gpus"]["total"], 2.0);
    assert_eq!(cap["gpus"]["free"], 2.0);
    assert_eq!(cap["cards"].as_array().unwrap().len(), 2);
    assert_eq!(cap["cards"][1]["vram_free_gb"], 24.0);
    assert_eq!(cap["system_disk_gb"]["free"], 100.0);
    assert_eq!(cap["cpu_cores"]["allocated"], 0.0);

    // bad input, each naming its field
    let base = json!({"name": "bad", "public_ip": "203.0.113.11", "private_ip": "10.0.0.11", "docker_address": docker_host()});
    let with = |k: &str, v: serde_json::Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    for (body, field) in [
        (
            with("docker_address", json!("http://127.0.0.1:2375")),
            "docker_address",
        ),
        (with("docker_address", json!("ftp://x")), "docker_address"),
        (with("public_ip", json!("not an ip")), "public_ip"),
        (with("gpu_count", json!(-1)), "gpu_count"),
        (with("cpu_cores", json!(-4)), "cpu_cores"),
        (with("ssh_port", json!(70000)), "ssh_port"),
        (
            with(
                "ca_cert",
                json!("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n"),
            ),
            "ca_cert",
        ),
        (with("client_key", json!("garbage")), "client_key"),
    ] {
        let r = s.post("/api/v1/nodes", &a, body.clone()).await;
        assert_error(
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        );
    }
    let r = s
        .post("/api/v1/nodes", &a, with("name", json!("n-unix")))
        .await;
    assert_error(&r, StatusCode::CONFLICT, "conflict", None);
    let (_, user) = s.user("wanda", "user").await;
    assert_error(
        &s.post("/api/v1/nodes", &user, base.clone()).await,
        StatusCode::FORBIDDEN,
        "forbidden",
        None,
    );
    assert_error(
        &s.get(&format!("/api/v1/nodes/{id}"), &user).await,
        StatusCode::FORBIDDEN,
        "forbidden",
        None,
    );

    // a dead address: registered, but failed with the reason
    let (st, dead) = s
        .post(
            "/api/v1/nodes",
            &a,
            with("docker_address", json!("unix:///nonexistent/docker.sock")),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    assert_eq!(dead["docker_status"], "failed");
    assert!(!dead["docker_error"].as_str().unwrap().is_empty());
    assert!(dead["docker_checked_at"].is_string());

    // secrets: kept when absent from an update, removed with "", never returned
    let (_, upd) = s
        .call(
            Method::PATCH,
            &format!("/api/v1/nodes/{id}"),
            Some(&a),
            Some(json!({"region": "bj-1"})),
        )
        .await;
    assert_eq!(
        (upd["region"].as_str(), upd["has_ssh_password"].as_bool()),
        (Some("bj-1"), Some(true))
    );
    let (_, list) = s.get("/api/v1/nodes", &a).await;
    let (_, audit) = s.get("/api/v1/audit?page_size=200", &a).await;
    for text in [
        node.to_string(),
        upd.to_string(),
        list.to_string(),
        audit.to_string(),
    ] {
        assert!(!text.contains(secret), "the SSH password leaked");
    }
    let (_, cleared) = s
        .call(
            Method::PATCH,
            &format!("/api/v1/nodes/{id}"),
            Some(&a),
            Some(json!({"ssh_password": ""})),
        )
        .await;
    assert_eq!(cleared["has_ssh_password"], false);
    // filters
    let (_, failed) = s.get("/api/v1/nodes?docker_status=failed", &a).await;
    assert_eq!(failed["total"], 1);
    let r = s
        .call(
            Method::DELETE,
            &format!("/api/v1/nodes/{id}"),
            Some(&a),
            None,
        )
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT);
    assert_error(
        &s.get(&format!("/api/v1/nodes/{id}"), &a).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    );
    s.stop().await;
}
on_both!(node_on_unix_socket);

/// Impact before harm: an image or spec that instances were made from is not
/// deleted by accident (409 with the count); with `force=true` it is, and the
/// instances keep running.
async fn deleting_what_instances_use(site: &Site) {
    let s = TestServer::start(site).await;
    let a = s.admin_token.clone();
    let (_, image_id, spec_id) = crate::fixtures::catalog(&s, "inuse", 4.0, 0.1, 0.03).await;
    let (st, inst) = s
        .post(
            "/api/v1/instances",
            &a,
            json!({"name": format!("inuse-{:06x}", rand::random::<u32>() & 0xff_ffff),
                   "image_id": image_id, "spec_id": spec_id}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{inst}");
    let id = inst["id"].as_i64().unwrap();
    for (kind, item) in [("images", image_id), ("specs", spec_id)] {
        let r = s.delete(&format!("/api/v1/{kind}/{item}"), &a).await;
        assert_error(&r, StatusCode::CONFLICT, "conflict", None);
        let msg = r.1["error"]["message"].as_str().unwrap().to_owned();
        assert!(
            msg.contains("used by 1 instance(s)") && msg.contains("force=true"),
            "{msg}"
        );
        let (st, _) = s.get(&format!("/api/v1/{kind}/{item}"), &a).await;
        assert_eq!(st, StatusCode::OK, "{kind} still there");
    }
    for (kind, item) in [("images", image_id), ("specs", spec_id)] {
        let (st, v) = s
            .delete(&format!("/api/v1/{kind}/{item}?force=true"), &a)
            .await;
        assert_eq!(st, StatusCode::NO_CONTENT, "{v}");
    }
    let (_, v) = s.get(&format!("/api/v1/instances/{id}"), &a).await;
    assert_eq!(v["status"], "running", "{v}");
    let (st, _) = s.delete(&format!("/api/v1/instances/{id}"), &a).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    s.stop().await;
}
on_both!(deleting_what_instances_use);
