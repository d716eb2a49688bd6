//! Who may do what to an instance: ownership, placement and bad input, every
//! instance route tried by another user, and tenants' networks kept apart.

use super::*;

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
        // Routes that take a body get an empty object (every field optional).
        let body = (*m == Method::PUT).then(|| json!({}));
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
            let r = s.call(m.clone(), &url, Some(&other), body.clone()).await;
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
            let r = s.call(m.clone(), &url, Some(token), body.clone()).await;
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
