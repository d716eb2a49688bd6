//! Assets (资产管理) through the API on both databases: CRUD with every seed
//! field, bad input naming the field, the duplicate service tag, filters and
//! pages, statistics with warranties ending soon, batch delete, the CSV round
//! trip with its per-row report, admins only, and the link to a compute node
//! on the private dockerd. The CSV exchange is in `csv`, refresh from a BMC
//! over Redfish in `bmc`.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::fixtures::docker_node;
use crate::harness::{assert_error, Site, TestServer};
use crate::on_both;

mod bmc;
mod csv;

fn day(offset: i64) -> String {
    (Utc::now().date_naive() + Duration::days(offset)).to_string()
}

async fn patch(s: &TestServer, path: &str, body: Value) -> (StatusCode, Value) {
    s.call(Method::PATCH, path, Some(&s.admin_token), Some(body))
        .await
}

fn full_asset() -> Value {
    json!({
        "hostname": "gpu-r750-01", "service_tag": "7xk2m93", "asset_number": "ZC-2024-001",
        "model": "PowerEdge R750xa", "serial_number": "CN0X1234", "cpu_model": "Xeon Gold 6330",
        "cpu_cores": 56, "cpu_threads": 112, "memory_gb": 512,
        "disks": "2×960G SSD RAID1\n4×3.84T NVMe", "nics": "2×25G Mellanox CX-5",
        "ip_address": "10.10.1.21", "mac_address": "B4-96-91-AA-BB-CC", "rack": "A03",
        "u_position": "u5-u8", "power_state": "online", "purchase_date": "2024-01-15",
        "warranty_end": day(20), "os": "Ubuntu 22.04", "department": "AI 实验室",
        "owner": "张三", "status": "online", "remark": "4×A100"
    })
}

async fn crud_and_bad_input(site: &Site) {
    let s = TestServer::start(site).await;
    let a = &s.admin_token;
    let (st, asset) = s.post("/api/v1/assets", a, full_asset()).await;
    assert_eq!(st, StatusCode::CREATED, "{asset}");
    let id = asset["id"].as_i64().unwrap();
    // Normalised: upper-case tag, canonical MAC and U position.
    assert_eq!(asset["service_tag"], "7XK2M93");
    assert_eq!(asset["mac_address"], "b4:96:91:aa:bb:cc");
    assert_eq!(asset["u_position"], "U5-U8");
    assert_eq!(asset["warranty_state"], "within_30_days");
    assert_eq!(asset["warranty_days_left"], 20);
    assert_eq!(asset["department"], "AI 实验室");
    assert_eq!(asset["disks"], "2×960G SSD RAID1\n4×3.84T NVMe");
    assert_eq!(asset["node"], Value::Null);
    let (st, got) = s.get(&format!("/api/v1/assets/{id}"), a).await;
    assert_eq!((st, &got), (StatusCode::OK, &asset));

    // The service tag is unique, whatever its case.
    let dup = s
        .post(
            "/api/v1/assets",
            a,
            json!({"hostname": "other", "service_tag": "7XK2m93"}),
        )
        .await;
    assert_error(&dup, StatusCode::CONFLICT, "conflict", None);
    assert!(dup.1["error"]["message"]
        .as_str()
        .unwrap()
        .contains("7XK2M93"));

    let bad = [
        (json!({"service_tag": "T1"}), "hostname"),
        (json!({"hostname": "h"}), "service_tag"),
        (
            json!({"hostname": "h", "service_tag": "T1", "u_position": "U9-U5"}),
            "u_position",
        ),
        (
            json!({"hostname": "h", "service_tag": "T1", "mac_address": "00:11:22:33:44"}),
            "mac_address",
        ),
        (
            json!({"hostname": "h", "service_tag": "T1", "ip_address": "10.0.0.256"}),
            "ip_address",
        ),
        (
            json!({"hostname": "h", "service_tag": "T1", "purchase_date": "2025-03-01", "warranty_end": "2025-02-28"}),
            "warranty_end",
        ),
        (
            json!({"hostname": "h", "service_tag": "T1", "status": "broken"}),
            "status",
        ),
        (
            json!({"hostname": "h", "service_tag": "T1", "purchase_date": "yesterday"}),
            "purchase_date",
        ),
        (
            json!({"hostname": "h", "service_tag": "T1", "node_id": 999999}),
            "node_id",
        ),
        (
            json!({"hostname": "h", "service_tag": "T1", "colour": "red"}),
            "colour",
        ),
    ];
    for (body, field) in bad {
        let r = s.post("/api/v1/assets", a, body.clone()).await;
        assert_error(
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        );
    }
    // Nothing half-created by the refused requests.
    let (_, list) = s.get("/api/v1/assets", a).await;
    assert_eq!(list["total"], 1, "{list}");

    // Updates: absent fields stay, null clears, rules still apply.
    let (st, upd) = patch(
        &s,
        &format!("/api/v1/assets/{id}"),
        json!({"status": "maintenance", "cpu_cores": null, "cpu_threads": null, "warranty_end": null}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{upd}");
    assert_eq!(upd["status"], "maintenance");
    assert_eq!(upd["cpu_cores"], Value::Null);
    assert_eq!(upd["warranty_state"], "unknown");
    assert_eq!(upd["hostname"], "gpu-r750-01");
    let r = patch(
        &s,
        &format!("/api/v1/assets/{id}"),
        json!({"purchase_date": "2030-01-01", "warranty_end": "2029-01-01"}),
    )
    .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("warranty_end"),
    );
    let r = patch(&s, "/api/v1/assets/999999", json!({"status": "offline"})).await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found", None);

    // Admins only: a user is refused every route.
    let (_, user) = s.user("alice", "user").await;
    let (st, _) = s.get("/api/v1/assets", &user).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _) = s.get(&format!("/api/v1/assets/{id}"), &user).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _) = s
        .post(
            "/api/v1/assets",
            &user,
            json!({"hostname": "x", "service_tag": "X"}),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _) = s.get("/api/v1/assets/statistics", &user).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _) = s.get("/api/v1/assets/export", &user).await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    let (st, _) = s.delete(&format!("/api/v1/assets/{id}"), a).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let r = s.delete(&format!("/api/v1/assets/{id}"), a).await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found", None);
    s.stop().await;
}
on_both!(crud_and_bad_input);

async fn filters_statistics_and_batch_delete(site: &Site) {
    let s = TestServer::start(site).await;
    let a = &s.admin_token;
    let rows = [
        ("web-01", "TAGA01", "10.1.0.1", "online", "运维部", Some(10)),
        ("web-02", "TAGA02", "10.1.0.2", "online", "运维部", Some(60)),
        (
            "gpu-01",
            "TAGB01",
            "10.2.0.1",
            "maintenance",
            "AI 实验室",
            Some(-5),
        ),
        (
            "gpu-02",
            "TAGB02",
            "10.2.0.2",
            "offline",
            "AI 实验室",
            Some(400),
        ),
        ("db_1%", "TAGC01", "192.168.9.9", "online", "财务", None),
    ];
    let mut ids = Vec::new();
    for (h, t, ip, status, dept, w) in rows {
        let mut body = json!({"hostname": h, "service_tag": t, "ip_address": ip,
            "status": status, "department": dept});
        if let Some(w) = w {
            body["warranty_end"] = json!(day(w));
        }
        let (st, v) = s.post("/api/v1/assets", a, body).await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
        ids.push(v["id"].as_i64().unwrap());
    }
    let names = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["hostname"].as_str().unwrap().to_owned())
            .collect()
    };
    for (query, want) in [
        ("hostname=gpu", vec!["gpu-01", "gpu-02"]),
        ("service_tag=taga", vec!["web-01", "web-02"]),
        ("ip=10.2.", vec!["gpu-01", "gpu-02"]),
        ("status=online", vec!["web-01", "web-02", "db_1%"]),
        ("department=%E8%BF%90%E7%BB%B4", vec!["web-01", "web-02"]),
        ("status=online&ip=10.1.0.2", vec!["web-02"]),
        // LIKE wildcards in the input match literally.
        ("hostname=_1%25", vec!["db_1%"]),
        ("hostname=nothing", vec![]),
    ] {
        let (st, v) = s.get(&format!("/api/v1/assets?{query}"), a).await;
        assert_eq!(st, StatusCode::OK, "{query}: {v}");
        assert_eq!(names(&v), want, "{query}");
        assert_eq!(v["total"], want.len(), "{query}");
    }
    let (_, p2) = s.get("/api/v1/assets?page=2&page_size=2", a).await;
    assert_eq!(names(&p2), vec!["gpu-01", "gpu-02"]);
    assert_eq!(
        (p2["total"].as_i64(), p2["page"].as_i64()),
        (Some(5), Some(2))
    );
    let r = s.get("/api/v1/assets?status=lost", a).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("status"),
    );
    let r = s.get("/api/v1/assets?page_size=0", a).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("page_size"),
    );

    let (st, stats) = s.get("/api/v1/assets/statistics", a).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(
        stats,
        json!({"total": 5, "online": 3, "offline": 1, "maintenance": 1,
            "warranty_within_30_days": 1, "warranty_within_90_days": 2, "warranty_expired": 1})
    );
    let (_, one) = s.get(&format!("/api/v1/assets/{}", ids[2]), a).await;
    assert_eq!(one["warranty_state"], "expired");

    // Batch delete: one transaction; unknown ids reported, not fatal.
    let (st, r) = s
        .post(
            "/api/v1/assets/batch-delete",
            a,
            json!({"ids": [ids[0], ids[1], ids[1], 999999]}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{r}");
    assert_eq!(r, json!({"deleted": [ids[0], ids[1]], "missing": [999999]}));
    let r = s
        .post("/api/v1/assets/batch-delete", a, json!({"ids": []}))
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("ids"),
    );
    let (_, stats) = s.get("/api/v1/assets/statistics", a).await;
    assert_eq!(stats["total"], 3);
    assert_eq!(stats["online"], 1);
    s.stop().await;
}
on_both!(filters_statistics_and_batch_delete);

async fn import(s: &TestServer, csv: &str, skip: bool) -> (StatusCode, Value) {
    s.post(
        "/api/v1/assets/import",
        &s.admin_token,
        json!({"csv": csv, "skip_bad_rows": skip}),
    )
    .await
}

async fn export(s: &TestServer, query: &str) -> String {
    let res = s
        .http
        .get(s.url(&format!("/api/v1/assets/export{query}")))
        .bearer_auth(&s.admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let ct = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(ct.starts_with("text/csv"), "{ct}");
    res.text().await.unwrap()
}

async fn linked_to_a_node(site: &Site) {
    let s = TestServer::start(site).await;
    let a = &s.admin_token;
    let node = docker_node(&s, json!({"name": "node-a"})).await;
    let node_id = node["id"].as_i64().unwrap();
    let (st, asset) = s
        .post(
            "/api/v1/assets",
            a,
            json!({"hostname": "node-a", "service_tag": "LINK001", "rack": "B01", "node_id": node_id}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{asset}");
    assert_eq!(asset["node"], json!({"id": node_id, "name": "node-a"}));
    // The node page shows its asset.
    let (st, n) = s.get(&format!("/api/v1/nodes/{node_id}"), a).await;
    assert_eq!(st, StatusCode::OK, "{n}");
    assert_eq!(n["name"], "node-a");
    assert_eq!(n["asset"]["service_tag"], "LINK001");
    assert_eq!(n["asset"]["rack"], "B01");
    // One asset per node.
    let r = s
        .post(
            "/api/v1/assets",
            a,
            json!({"hostname": "other", "service_tag": "LINK002", "node_id": node_id}),
        )
        .await;
    assert_error(&r, StatusCode::CONFLICT, "conflict", None);
    // Unlinking with null; the node page then shows none.
    let id = asset["id"].as_i64().unwrap();
    let (st, v) = patch(
        &s,
        &format!("/api/v1/assets/{id}"),
        json!({"node_id": null}),
    )
    .await;
    assert_eq!((st, &v["node"]), (StatusCode::OK, &Value::Null), "{v}");
    let (_, n) = s.get(&format!("/api/v1/nodes/{node_id}"), a).await;
    assert_eq!(n["asset"], Value::Null, "{n}");
    // Deleting a linked node keeps the asset, unlinked.
    let (st, v) = patch(
        &s,
        &format!("/api/v1/assets/{id}"),
        json!({"node_id": node_id}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, _) = s.delete(&format!("/api/v1/nodes/{node_id}"), a).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (st, v) = s.get(&format!("/api/v1/assets/{id}"), a).await;
    assert_eq!(
        (st, &v["node"], &v["node_id"]),
        (StatusCode::OK, &Value::Null, &Value::Null),
        "{v}"
    );
    s.stop().await;
}
on_both!(linked_to_a_node);
