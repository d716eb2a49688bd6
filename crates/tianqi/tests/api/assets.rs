//! Assets (资产管理) through the API on both databases: CRUD with every seed
//! field, bad input naming the field, the duplicate service tag, filters and
//! pages, statistics with warranties ending soon, batch delete, the CSV round
//! trip with its per-row report, admins only, and the link to a compute node
//! on the private dockerd.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::fixtures::docker_node;
use crate::harness::{assert_error, Site, TestServer};
use crate::on_both;

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

async fn csv_round_trip(site: &Site) {
    let s = TestServer::start(site).await;
    let a = &s.admin_token;
    let (st, first) = s.post("/api/v1/assets", a, full_asset()).await;
    assert_eq!(st, StatusCode::CREATED, "{first}");
    let (st, _) = s
        .post(
            "/api/v1/assets",
            a,
            json!({"hostname": "cpu-01", "service_tag": "CPU0001", "remark": "a, \"quoted\" remark"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let (_, before) = s.get("/api/v1/assets", a).await;
    let text = export(&s, "").await;
    assert!(
        text.starts_with("hostname,service_tag,asset_number,"),
        "{text}"
    );
    assert_eq!(
        text.lines().count(),
        1 + 2 + 1,
        "disks span two lines: {text}"
    );
    let only = export(&s, "?hostname=cpu").await;
    assert!(
        only.contains("CPU0001") && !only.contains("7XK2M93"),
        "{only}"
    );

    // The file back into an empty inventory gives the same assets.
    let (st, r) = s
        .post(
            "/api/v1/assets/batch-delete",
            a,
            json!({"ids": before["items"].as_array().unwrap().iter().map(|i| i["id"].clone()).collect::<Vec<_>>()}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{r}");
    let (st, r) = import(&s, &text, false).await;
    assert_eq!(
        (st, &r),
        (StatusCode::OK, &json!({"imported": 2, "skipped": []}))
    );
    let (_, after) = s.get("/api/v1/assets", a).await;
    let strip = |v: &Value| -> Vec<Value> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let mut i = i.clone();
                for k in ["id", "created_at", "updated_at"] {
                    i.as_object_mut().unwrap().remove(k);
                }
                i
            })
            .collect()
    };
    assert_eq!(strip(&after), strip(&before));

    // Importing the same file again: every row's tag is taken; nothing goes in.
    let (st, r) = import(&s, &text, false).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{r}");
    assert_eq!(r["rows"].as_array().unwrap().len(), 2, "{r}");
    assert_eq!(r["rows"][0]["field"], "service_tag");

    // A wrong header names the column.
    let r = import(&s, "hostname,service_tag,colour\nh,T,red\n", false).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("csv"),
    );
    assert!(
        r.1["error"]["message"].as_str().unwrap().contains("colour"),
        "{}",
        r.1
    );

    // Bad rows: all reported with line and field, nothing imported ...
    let file = "hostname,service_tag,mac_address,u_position,warranty_end,purchase_date\n\
                new-1,NEW0001,,U1-U2,,\n\
                new-2,NEW0002,00:11:22,,,\n\
                new-3,NEW0003,,U9-U5,,\n\
                new-4,NEW0004,,,2024-01-01,2025-01-01\n\
                new-5,new0001,,,,\n";
    let (st, r) = import(&s, file, false).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{r}");
    assert_eq!(r["error"]["field"], "mac_address");
    let report: Vec<(i64, String)> = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_i64().unwrap(),
                e["field"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        report,
        vec![
            (3, "mac_address".into()),
            (4, "u_position".into()),
            (5, "warranty_end".into()),
            (6, "service_tag".into())
        ]
    );
    let (_, list) = s.get("/api/v1/assets", a).await;
    assert_eq!(list["total"], 2, "nothing imported: {list}");
    // ... unless asked to skip them.
    let (st, r) = import(&s, file, true).await;
    assert_eq!(st, StatusCode::OK, "{r}");
    assert_eq!(r["imported"], 1);
    assert_eq!(r["skipped"].as_array().unwrap().len(), 4);
    let (_, list) = s.get("/api/v1/assets?service_tag=NEW", a).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["u_position"], "U1-U2");
    s.stop().await;
}
on_both!(csv_round_trip);

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

// ---- Redfish: "refresh from BMC" against sushy-tools on loopback -------------

/// A sushy-tools server (installed by scripts/testenv's redfish part), killed on drop.
struct Sushy {
    child: std::process::Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Sushy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sushy_bin(name: &str) -> std::path::PathBuf {
    let dir = std::env::var("TQ_TEST_SUSHY_BIN").expect(
        "TQ_TEST_SUSHY_BIN is not set: run scripts/testenv.sh up (its redfish part installs sushy-tools) and source target/testenv/env",
    );
    std::path::Path::new(&dir).join(name)
}

impl Sushy {
    async fn start(mut cmd: std::process::Command, port: u16, dir: tempfile::TempDir) -> Sushy {
        let child = cmd
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("sushy-tools starts");
        let s = Sushy {
            child,
            port,
            _dir: dir,
        };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return s;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("sushy-tools did not listen on {port}");
    }

    /// `sushy-static` serving a Dell-like mockup this test writes.
    async fn static_dell() -> Sushy {
        let dir = tempfile::tempdir().unwrap();
        let v1 = dir.path().join("redfish/v1");
        std::fs::create_dir_all(v1.join("Systems/System.Embedded.1")).unwrap();
        std::fs::write(
            v1.join("index.json"),
            json!({"@odata.id": "/redfish/v1", "RedfishVersion": "1.11.0",
                "Systems": {"@odata.id": "/redfish/v1/Systems"}})
            .to_string(),
        )
        .unwrap();
        std::fs::write(
            v1.join("Systems/index.json"),
            json!({"@odata.id": "/redfish/v1/Systems", "Members@odata.count": 1,
                "Members": [{"@odata.id": "/redfish/v1/Systems/System.Embedded.1"}]})
            .to_string(),
        )
        .unwrap();
        Self::write_system(dir.path(), "On");
        let port = crate::docker_env::free_port();
        let mut cmd = std::process::Command::new(sushy_bin("sushy-static"));
        cmd.args(["-i", "127.0.0.1", "-p", &port.to_string(), "-m"])
            .arg(dir.path().join("redfish/v1"));
        Self::start(cmd, port, dir).await
    }

    fn write_system(root: &std::path::Path, power: &str) {
        std::fs::write(
            root.join("redfish/v1/Systems/System.Embedded.1/index.json"),
            json!({"@odata.id": "/redfish/v1/Systems/System.Embedded.1", "Id": "System.Embedded.1",
                "Manufacturer": "Dell Inc.", "Model": "PowerEdge R750xa", "SKU": "7XK2M93",
                "SerialNumber": "CNIVC0012345", "PowerState": power,
                "ProcessorSummary": {"Count": 2, "CoreCount": 56, "LogicalProcessorCount": 112,
                    "Model": "Intel(R) Xeon(R) Gold 6330 CPU @ 2.00GHz"},
                "MemorySummary": {"TotalSystemMemoryGiB": 512},
                "Status": {"State": "Enabled", "Health": "OK", "HealthRollup": "Warning"}})
            .to_string(),
        )
        .unwrap();
    }

    /// `sushy-emulator` (fake driver) behind basic auth: user `root`, `password`.
    async fn emulator_with_auth(password: &str) -> Sushy {
        let dir = tempfile::tempdir().unwrap();
        let htpasswd = dir.path().join("htpasswd");
        let python = sushy_bin("python3");
        let hash = std::process::Command::new(&python)
            .args([
                "-c",
                "import bcrypt,sys; print(bcrypt.hashpw(sys.argv[1].encode(), bcrypt.gensalt(4)).decode())",
                password,
            ])
            .output()
            .unwrap();
        assert!(hash.status.success(), "bcrypt: {hash:?}");
        std::fs::write(
            &htpasswd,
            format!("root:{}", String::from_utf8(hash.stdout).unwrap()),
        )
        .unwrap();
        let config = dir.path().join("emulator.conf");
        std::fs::write(
            &config,
            format!(
                "SUSHY_EMULATOR_AUTH_FILE = {:?}\nSUSHY_EMULATOR_FAKE_SYSTEMS = [{{'uuid': '27946b59-9e44-4fa7-8e91-f3527a1ef094', 'name': 'fake', 'power_state': 'On', 'nics': []}}]\n",
                htpasswd.display().to_string()
            ),
        )
        .unwrap();
        let port = crate::docker_env::free_port();
        let mut cmd = std::process::Command::new(sushy_bin("sushy-emulator"));
        cmd.args([
            "--fake",
            "-i",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "--config",
        ])
        .arg(&config);
        Self::start(cmd, port, dir).await
    }
}

async fn refresh_from_bmc(site: &Site) {
    let s = TestServer::start(site).await;
    let a = &s.admin_token;
    let dell = Sushy::static_dell().await;
    let secret = "calvin-Secret-42";
    let (st, asset) = s
        .post(
            "/api/v1/assets",
            a,
            json!({"hostname": "gpu-01", "service_tag": "7XK2M93", "model": "R750", "power_state": "offline",
                "bmc_address": format!("http://127.0.0.1:{}/", dell.port), "bmc_username": "root",
                "bmc_password": secret}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{asset}");
    let id = asset["id"].as_i64().unwrap();
    assert_eq!(
        asset["bmc_address"],
        format!("http://127.0.0.1:{}", dell.port)
    );
    assert_eq!(asset["has_bmc_password"], true);
    assert!(asset.get("bmc_password").is_none(), "{asset}");
    assert_eq!(
        asset["bmc"],
        json!({"checked_at": null, "health": "", "error": ""})
    );

    // Refresh: the facts, and every field they changed.
    let (st, r) = s
        .post(&format!("/api/v1/assets/{id}/bmc-refresh"), a, json!({}))
        .await;
    assert_eq!(st, StatusCode::OK, "{r}");
    let changed: Vec<&str> = r["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        changed,
        vec![
            "model",
            "serial_number",
            "cpu_model",
            "cpu_cores",
            "cpu_threads",
            "memory_gb",
            "power_state"
        ],
        "{r}"
    );
    assert_eq!(
        r["changes"][0],
        json!({"field": "model", "before": "R750", "after": "PowerEdge R750xa"})
    );
    assert_eq!(r["facts"]["manufacturer"], "Dell Inc.");
    assert_eq!(r["facts"]["cpu_sockets"], 2);
    let got = &r["asset"];
    assert_eq!(got["model"], "PowerEdge R750xa");
    assert_eq!(got["serial_number"], "CNIVC0012345");
    assert_eq!(
        (
            got["cpu_cores"].as_i64(),
            got["cpu_threads"].as_i64(),
            got["memory_gb"].as_i64()
        ),
        (Some(56), Some(112), Some(512))
    );
    assert_eq!(got["power_state"], "online");
    assert_eq!(got["bmc"]["health"], "Warning");
    assert_eq!(got["bmc"]["error"], "");
    assert!(got["bmc"]["checked_at"].is_string(), "{got}");
    let (_, stored) = s.get(&format!("/api/v1/assets/{id}"), a).await;
    assert_eq!(&stored, got);

    // The server powers off: the next refresh says exactly that.
    Sushy::write_system(dell._dir.path(), "Off");
    let (st, r) = s
        .post(&format!("/api/v1/assets/{id}/bmc-refresh"), a, json!({}))
        .await;
    assert_eq!(st, StatusCode::OK, "{r}");
    assert_eq!(
        r["changes"],
        json!([{"field": "power_state", "before": "online", "after": "offline"}])
    );

    // Basic auth on a real Redfish service: a wrong password is refused and
    // recorded; the right one works.
    let emu = Sushy::emulator_with_auth(secret).await;
    let (st, fake) = s
        .post(
            "/api/v1/assets",
            a,
            json!({"hostname": "fake-01", "service_tag": "FAKE001",
                "bmc_address": format!("http://127.0.0.1:{}", emu.port), "bmc_username": "root",
                "bmc_password": "wrong-password"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{fake}");
    let fid = fake["id"].as_i64().unwrap();
    let r = s
        .post(&format!("/api/v1/assets/{fid}/bmc-refresh"), a, json!({}))
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("bmc_password"),
    );
    assert!(
        r.1["error"]["message"].as_str().unwrap().contains("401"),
        "{}",
        r.1
    );
    let (_, after) = s.get(&format!("/api/v1/assets/{fid}"), a).await;
    assert!(
        after["bmc"]["error"].as_str().unwrap().contains("refused"),
        "{after}"
    );
    let (st, _) = patch(
        &s,
        &format!("/api/v1/assets/{fid}"),
        json!({"bmc_password": secret}),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    let (st, r) = s
        .post(&format!("/api/v1/assets/{fid}/bmc-refresh"), a, json!({}))
        .await;
    assert_eq!(st, StatusCode::OK, "{r}");
    assert_eq!(r["facts"]["power_state"], "online");
    assert_eq!(r["facts"]["manufacturer"], "Sushy Emulator");
    assert_eq!(r["asset"]["bmc"]["health"], "OK");
    assert_eq!(r["asset"]["bmc"]["error"], "");
    // Removing the password: `""`.
    let (_, v) = patch(
        &s,
        &format!("/api/v1/assets/{fid}"),
        json!({"bmc_password": ""}),
    )
    .await;
    assert_eq!(v["has_bmc_password"], false, "{v}");

    // An unreachable BMC: 503 with the reason, recorded on the asset.
    let dead = crate::docker_env::free_port();
    let (_, gone) = s
        .post(
            "/api/v1/assets",
            a,
            json!({"hostname": "gone-01", "service_tag": "GONE001",
                "bmc_address": format!("http://127.0.0.1:{dead}")}),
        )
        .await;
    let gid = gone["id"].as_i64().unwrap();
    let r = s
        .post(&format!("/api/v1/assets/{gid}/bmc-refresh"), a, json!({}))
        .await;
    assert_error(&r, StatusCode::SERVICE_UNAVAILABLE, "unavailable", None);
    assert!(
        r.1["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cannot connect"),
        "{}",
        r.1
    );
    let (_, g) = s.get(&format!("/api/v1/assets/{gid}"), a).await;
    assert!(
        g["bmc"]["error"]
            .as_str()
            .unwrap()
            .contains("cannot connect"),
        "{g}"
    );

    // No BMC, a bad address, a user: refused.
    let (_, plain) = s
        .post(
            "/api/v1/assets",
            a,
            json!({"hostname": "p", "service_tag": "PLAIN1"}),
        )
        .await;
    let r = s
        .post(
            &format!("/api/v1/assets/{}/bmc-refresh", plain["id"]),
            a,
            json!({}),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("bmc_address"),
    );
    let r = s
        .post(
            "/api/v1/assets",
            a,
            json!({"hostname": "q", "service_tag": "Q1", "bmc_address": "ftp://10.0.0.1"}),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("bmc_address"),
    );
    let (_, user) = s.user("bob", "user").await;
    let (st, _) = s
        .post(
            &format!("/api/v1/assets/{id}/bmc-refresh"),
            &user,
            json!({}),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    // The password never comes back, and is sealed at rest.
    let (_, list) = s.get("/api/v1/assets", a).await;
    let text = export(&s, "").await;
    for body in [list.to_string(), text] {
        assert!(
            !body.contains(secret) && !body.contains("wrong-password"),
            "a BMC password leaked"
        );
    }
    if matches!(site.backend, crate::harness::Backend::Sqlite) {
        let pool = sqlx::SqlitePool::connect(&format!(
            "sqlite://{}",
            site.data_dir().join("tianqi.db").display()
        ))
        .await
        .unwrap();
        let (stored,): (String,) = sqlx::query_as("SELECT bmc_password FROM assets WHERE id = ?")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
        assert!(
            stored.starts_with("v1:") && !stored.contains(secret),
            "{stored}"
        );
        pool.close().await;
    }
    s.stop().await;
}
on_both!(refresh_from_bmc);

/// `assets.bmc_refresh_interval_secs`: the `bmc-refresh` loop reads every
/// asset's BMC on its own; one that cannot be reached does not stop the others.
async fn scheduled_bmc_refresh(site: &Site) {
    let mut config = site.config();
    config.assets.bmc_refresh_interval_secs = 1;
    let s = TestServer::start_with(config, crate::harness::ADMIN_PASSWORD).await;
    let a = &s.admin_token;
    let dell = Sushy::static_dell().await;
    let dead = crate::docker_env::free_port();
    let (_, gone) = s
        .post(
            "/api/v1/assets",
            a,
            json!({"hostname": "gone", "service_tag": "GONE01",
                "bmc_address": format!("http://127.0.0.1:{dead}")}),
        )
        .await;
    let (st, asset) = s
        .post(
            "/api/v1/assets",
            a,
            json!({"hostname": "gpu-01", "service_tag": "7XK2M93",
                "bmc_address": format!("http://127.0.0.1:{}", dell.port)}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{asset}");
    let id = asset["id"].as_i64().unwrap();
    let start = std::time::Instant::now();
    loop {
        let (_, v) = s.get(&format!("/api/v1/assets/{id}"), a).await;
        if v["model"] == "PowerEdge R750xa" {
            assert_eq!(v["bmc"]["health"], "Warning", "{v}");
            break;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(15),
            "not refreshed: {v}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let (_, g) = s.get(&format!("/api/v1/assets/{}", gone["id"]), a).await;
    assert!(
        g["bmc"]["error"]
            .as_str()
            .unwrap()
            .contains("cannot connect"),
        "{g}"
    );
    s.stop().await;
}
on_both!(scheduled_bmc_refresh);
