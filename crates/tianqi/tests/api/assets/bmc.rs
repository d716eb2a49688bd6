//! "Refresh from BMC" against sushy-tools' Redfish servers on loopback: the
//! facts read and the changes listed, a wrong password, an unreachable BMC,
//! the password never shown, and the scheduled refresh loop.

use reqwest::StatusCode;
use serde_json::json;

use super::{export, patch};
use crate::harness::{assert_error, Site, TestServer};
use crate::on_both;

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
