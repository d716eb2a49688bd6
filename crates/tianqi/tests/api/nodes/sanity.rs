//! Node sanity warnings: declared against reported, and twin addresses.

use super::*;

fn warning_codes(node: &Value) -> Vec<String> {
    let mut codes: Vec<String> = node["warnings"]
        .as_array()
        .unwrap_or_else(|| panic!("no warnings array: {node}"))
        .iter()
        .map(|w| w["code"].as_str().unwrap_or_default().to_owned())
        .collect();
    codes.sort();
    codes
}

/// Node sanity: a node declared as the engine reports has no warnings; one
/// declaring more CPU, memory and disk than the engine has, GPUs on an engine
/// without the nvidia runtime, and the same Docker address as another node
/// gets one warning for each, with the figures behind it — on the node, the
/// list and after an edit; deleting the twin clears the duplicate warning.
async fn sanity_warnings_compare_declared_with_reported(site: &Site) {
    let s = TestServer::start(site).await;
    let a = s.admin_token.clone();

    let (st, sane) = s
        .post("/api/v1/nodes", &a, node_body("sane", &docker_host()))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{sane}");
    assert_eq!(sane["docker_status"], "connected", "{sane}");
    assert!(warning_codes(&sane).is_empty(), "{sane}");
    let ncpu = sane["docker"]["ncpu"].as_f64().unwrap();
    let root_gb = sane["docker"]["root_fs_total_bytes"].as_i64().unwrap() >> 30;

    let mut big = node_body("big", &docker_host());
    big["cpu_cores"] = json!(ncpu + 64.0);
    big["memory_gb"] = json!(100_000);
    big["data_disk_gb"] = json!(root_gb + 1000);
    big["gpu_name"] = json!("A100");
    big["gpu_count"] = json!(2);
    big["vram_gb_per_card"] = json!(24);
    let (st, big) = s.post("/api/v1/nodes", &a, big).await;
    assert_eq!(st, StatusCode::CREATED, "{big}");
    assert_eq!(
        warning_codes(&big),
        [
            "cpu_over_reported",
            "disk_over_reported",
            "duplicate_docker_address",
            "gpus_without_nvidia_runtime",
            "memory_over_reported"
        ],
        "{big}"
    );
    let w = &big["warnings"];
    let by_code = |code: &str| {
        w.as_array()
            .unwrap()
            .iter()
            .find(|x| x["code"] == code)
            .cloned()
            .unwrap()
    };
    assert_eq!(by_code("cpu_over_reported")["declared"], ncpu + 64.0, "{w}");
    assert_eq!(by_code("cpu_over_reported")["reported"], ncpu, "{w}");
    assert_eq!(
        by_code("disk_over_reported")["reported"].as_f64(),
        Some(root_gb as f64),
        "{w}"
    );
    assert_eq!(by_code("duplicate_docker_address")["other_node"], "sane");
    assert_eq!(by_code("gpus_without_nvidia_runtime")["declared"], 2.0);
    assert!(
        by_code("gpus_without_nvidia_runtime")["message"]
            .as_str()
            .unwrap()
            .contains("runc"),
        "the message names the runtimes there are: {w}"
    );

    // The other side of the pair sees it too, in the list as on its own page.
    let (_, got) = s.get(&format!("/api/v1/nodes/{}", sane["id"]), &a).await;
    assert_eq!(warning_codes(&got), ["duplicate_docker_address"], "{got}");
    assert_eq!(got["warnings"][0]["other_node"], "big");
    let (_, list) = s.get("/api/v1/nodes?page_size=50", &a).await;
    let in_list = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == big["id"])
        .cloned()
        .unwrap();
    assert_eq!(warning_codes(&in_list), warning_codes(&big));

    // Declaring what the engine has clears the size warnings.
    let (st, edited) = s
        .call(
            Method::PATCH,
            &format!("/api/v1/nodes/{}", big["id"]),
            Some(&a),
            Some(
                json!({"cpu_cores": ncpu, "memory_gb": 1, "data_disk_gb": root_gb, "gpu_count": 0}),
            ),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{edited}");
    assert_eq!(
        warning_codes(&edited),
        ["duplicate_docker_address"],
        "{edited}"
    );

    let (st, _) = s.delete(&format!("/api/v1/nodes/{}", big["id"]), &a).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (_, got) = s.get(&format!("/api/v1/nodes/{}", sane["id"]), &a).await;
    assert!(warning_codes(&got).is_empty(), "{got}");
    s.stop().await;
}
on_both!(sanity_warnings_compare_declared_with_reported);
