//! Fine-tuning jobs on the private dockerd with a FAKE TRAINER: a Python
//! script (the custom command, in the test Python image) that prints Hugging
//! Face Trainer dict lines and a tqdm bar and appends LLaMA-Factory's
//! `trainer_log.jsonl` in its output directory — progress, the latest
//! figures and the loss series reach the API; bad input is refused naming
//! the field with nothing reserved; a stop ends `stopped` (also racing the
//! trainer's own exit); a GPU job on an engine without the NVIDIA runtime
//! fails cleanly and releases its cards; a restarted server re-attaches.

mod gpu;
mod load;
mod restart;

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};
use tianqi::config::Config;

use crate::docker_env::{docker, docker_host};
use crate::fixtures::docker_node;
use crate::harness::{assert_error, Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;

/// The fake trainer: `steps delay exit_code [term]`; with `term`, SIGTERM
/// is caught and the trainer exits 1 (as a trainer saving a checkpoint and
/// failing would), which a stop must still record as `stopped`.
pub const TRAINER: &str = r#"
import os, signal, sys, time
steps, delay, code = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
if len(sys.argv) > 4:
    def term(*_):
        print("caught SIGTERM, saving a checkpoint", flush=True)
        sys.exit(1)
    signal.signal(signal.SIGTERM, term)
out = os.environ["TIANQI_OUTPUT_DIR"]
os.makedirs(out, exist_ok=True)
print("loading model", os.environ["TIANQI_BASE_MODEL"], flush=True)
for i in range(1, steps + 1):
    time.sleep(delay)
    loss = round(3.0 / i, 4)
    lr = round(5e-05 * (1 - i / steps), 10)
    sys.stderr.write("\r%3d%%|##| %d/%d [00:%02d<00:10,  2.00it/s]" % (i * 100 // steps, i, steps, i % 60))
    sys.stderr.flush()
    print({"loss": loss, "grad_norm": 1.5, "learning_rate": lr, "epoch": round(i / steps, 2)}, flush=True)
    with open(os.path.join(out, "trainer_log.jsonl"), "a") as f:
        # The image has no json module; the line is what json.dumps writes.
        f.write('{"current_steps": %d, "total_steps": %d, "loss": %r, "lr": %r, "epoch": %r, '
                '"percentage": %r, "remaining_time": "0:00:%02d"}\n'
                % (i, steps, loss, lr, round(i / steps, 2), round(i * 100 / steps, 2), steps - i))
sys.stderr.write("\n")
sys.exit(code)
"#;

pub fn python_image() -> String {
    std::env::var("TQ_TEST_PYTHON_IMAGE").unwrap_or_else(|_| "tianqi-test/python:latest".into())
}

/// The site's config with the allowed root in its data dir, a fast jsonl
/// poll and a short stop grace.
pub fn config(site: &Site) -> Config {
    let mut c = site.config();
    let root = site.data_dir().join("ft");
    std::fs::create_dir_all(root.join("data")).unwrap();
    c.finetune.allowed_roots = root.display().to_string();
    c.finetune.output_root = root.join("out").display().to_string();
    c.finetune.jsonl_poll_ms = 200;
    c.finetune.stop_grace_secs = 2;
    c
}

pub fn root(site: &Site) -> String {
    site.data_dir().join("ft").display().to_string()
}

/// A node on the private dockerd, the Python image and a 1-core spec:
/// (node, image, spec).
pub async fn py_catalog(s: &TestServer, node: &str, cpu: f64, extra: Value) -> (i64, i64, i64) {
    let a = &s.admin_token;
    let mut fields =
        json!({"name": node, "cpu_cores": cpu, "memory_gb": 16, "system_disk_gb": 100});
    fields
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let n = docker_node(s, fields).await;
    let (st, i) = s
        .post(
            "/api/v1/images",
            a,
            json!({"name": format!("{node}-py"), "address": python_image(),
            "keep_alive_command": ["sleep", "3600"]}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{i}");
    let (st, sp) = s
        .post(
            "/api/v1/specs",
            a,
            json!({"name": format!("{node}-1c"), "cpu_cores": 1, "memory_gb": 1, "system_disk_gb": 5}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{sp}");
    (
        n["id"].as_i64().unwrap(),
        i["id"].as_i64().unwrap(),
        sp["id"].as_i64().unwrap(),
    )
}

/// A create body running the fake trainer.
pub fn job(site: &Site, name: &str, image: i64, spec: i64, args: &[&str]) -> Value {
    let mut argv = vec!["python3".to_owned(), "-c".to_owned(), TRAINER.to_owned()];
    argv.extend(args.iter().map(|a| (*a).to_owned()));
    json!({"name": name, "base_model": "Qwen/Qwen2-0.5B",
        "dataset_path": format!("{}/data", root(site)), "preset": "quick_test",
        "custom_command": argv, "image_id": image, "spec_id": spec})
}

pub async fn create(s: &TestServer, token: &str, body: Value) -> Value {
    let (st, j) = s.post("/api/v1/finetune/jobs", token, body).await;
    assert_eq!(st, StatusCode::CREATED, "{j}");
    j
}

pub async fn get(s: &TestServer, id: i64) -> Value {
    let (st, j) = s
        .get(&format!("/api/v1/finetune/jobs/{id}"), &s.admin_token)
        .await;
    assert_eq!(st, StatusCode::OK, "{j}");
    j
}

/// Polls the job until `done` holds for it (30 s at most).
pub async fn wait_for(s: &TestServer, id: i64, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    let start = Instant::now();
    loop {
        let j = get(s, id).await;
        if done(&j) {
            return j;
        }
        if start.elapsed() > Duration::from_secs(30) || j["status"] == "failed" && what != "ended" {
            let (_, logs) = s
                .get(
                    &format!("/api/v1/finetune/jobs/{id}/logs?count=10000"),
                    &s.admin_token,
                )
                .await;
            panic!("job {id} never {what}: {j}\nlog: {logs}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn ended(s: &TestServer, id: i64) -> Value {
    wait_for(s, id, "ended", |j| {
        !matches!(j["status"].as_str(), Some("pending" | "running"))
    })
    .await
}

/// Free CPU cores on the first node placement offers.
pub async fn free_cpu(s: &TestServer, image: i64, spec: i64) -> f64 {
    let (st, c) = s
        .get(
            &format!("/api/v1/instances/placement?spec_id={spec}&image_id={image}"),
            &s.admin_token,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{c}");
    c[0]["free_cpu_cores"].as_f64().unwrap_or_default()
}

/// The name of the job's container, from the job's log (the engine is
/// shared by every test server: job ids repeat, installation ids do not).
pub async fn container_name(s: &TestServer, id: i64) -> String {
    let start = Instant::now();
    loop {
        let (_, logs) = s
            .get(
                &format!("/api/v1/finetune/jobs/{id}/logs?count=100"),
                &s.admin_token,
            )
            .await;
        let found = logs["lines"].as_array().unwrap().iter().find_map(|l| {
            l.as_str()?
                .split_once("started container ")
                .map(|(_, n)| n.trim().to_owned())
        });
        if let Some(n) = found {
            return n;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "job {id} never started: {logs}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The containers by that name on the engine (ended ones too).
pub fn containers_named(name: &str) -> Vec<String> {
    docker(
        &docker_host(),
        &["ps", "-a", "-q", "--filter", &format!("name=^/{name}$")],
    )
    .split_whitespace()
    .map(str::to_owned)
    .collect()
}

async fn runs_the_fake_trainer_to_completion(site: &Site) {
    let s = TestServer::start_with(config(site), ADMIN_PASSWORD).await;
    let a = s.admin_token.clone();
    let (_, image, spec) = py_catalog(&s, "ft-node", 4.0, json!({})).await;
    let (_, alice) = s.user("alice", "user").await;
    let (_, bob) = s.user("bob", "user").await;
    let free = free_cpu(&s, image, spec).await;
    let base = job(site, "sft", image, spec, &["10", "0.3", "0"]);

    let (st, presets) = s.get("/api/v1/finetune/presets", &alice).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(presets[0]["name"], "quick_test", "{presets}");
    assert_eq!(presets[0]["params"]["max_steps"], 100, "{presets}");
    assert_eq!(presets[2]["params"]["learning_rate"], 0.00005, "{presets}");

    // Bad input: 422 naming the field, nothing created or reserved.
    let with = |patch: Value| {
        let mut b = base.clone();
        b.as_object_mut()
            .unwrap()
            .extend(patch.as_object().unwrap().clone());
        b
    };
    let outside = "/etc/passwd";
    for (body, field) in [
        (with(json!({"preset": "turbo"})), "preset"),
        (
            with(json!({"params": {"learning_rate": 0.0}})),
            "params.learning_rate",
        ),
        (
            with(json!({"params": {"learning_rate": 1.0}})),
            "params.learning_rate",
        ),
        (
            with(json!({"params": {"batch_size": 2000}})),
            "params.batch_size",
        ),
        (
            with(json!({"params": {"num_train_epochs": 0}})),
            "params.num_train_epochs",
        ),
        (with(json!({"dataset_path": outside})), "dataset_path"),
        (
            with(json!({"dataset_path": format!("{}/../x", root(site))})),
            "dataset_path",
        ),
        (with(json!({"output_path": "/tmp"})), "output_path"),
        (with(json!({"gpu_devices": "0-"})), "gpu_devices"),
        // A CPU node has no card 0.
        (with(json!({"gpu_devices": "0"})), "gpu_devices"),
        (with(json!({"image_id": 999_999})), "image_id"),
        (with(json!({"spec_id": 999_999})), "spec_id"),
        (with(json!({"custom_command": [""]})), "custom_command"),
    ] {
        let (st, e) = s.post("/api/v1/finetune/jobs", &alice, body).await;
        assert_error(
            &(st, e),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        );
    }
    let (_, stats) = s.get("/api/v1/finetune/statistics", &a).await;
    assert_eq!(stats["total"], 0, "{stats}");
    assert_eq!(free_cpu(&s, image, spec).await, free, "nothing reserved");

    // A real run: progress, figures and the series reach the API live.
    let (st, v) = s
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/specs/{spec}"),
            Some(&a),
            Some(json!({"price_per_hour": "2"})),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let t0 = tianqi_core::clock::Clock::now(&s.clock);
    let j = create(&s, &alice, base.clone()).await;
    let id = j["id"].as_i64().unwrap();
    assert_eq!(j["status"], "pending", "{j}");
    assert_eq!(j["spec"]["params"]["batch_size"], 16, "quick_test preset");
    let mid = wait_for(&s, id, "showed progress while running", |j| {
        j["status"] == "running" && j["progress"].as_f64().unwrap_or(0.0) > 0.0
    })
    .await;
    assert!(mid["progress"].as_f64().unwrap() < 100.0, "{mid}");
    assert_eq!(
        free_cpu(&s, image, spec).await,
        free - 1.0,
        "1 core held while it runs"
    );
    // Metered while it holds the core: half an hour on the server's clock.
    s.clock.advance(std::time::Duration::from_secs(1800));
    // Followed live: a long poll from the end waits for the next line.
    let (_, first) = s
        .get(
            &format!("/api/v1/finetune/jobs/{id}/logs?count=10000"),
            &alice,
        )
        .await;
    let next = first["next_offset"].as_u64().unwrap();
    let (st, more) = s
        .get(
            &format!("/api/v1/finetune/jobs/{id}/logs?offset={next}&wait_ms=10000"),
            &alice,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{more}");
    assert!(!more["lines"].as_array().unwrap().is_empty(), "{more}");

    let name = container_name(&s, id).await;
    let done = ended(&s, id).await;
    assert_eq!(done["status"], "completed", "{done}");
    let fmt =
        |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (st, used) = s
        .get(
            &format!(
                "/api/v1/usage?group_by=kind&from={}&to={}",
                fmt(t0 - chrono::Duration::hours(1)),
                fmt(t0 + chrono::Duration::hours(2))
            ),
            &alice,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{used}");
    let row = used["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "finetune_job")
        .cloned()
        .unwrap_or_else(|| panic!("no fine-tuning usage: {used}"));
    assert_eq!(
        (
            &row["finetune_hours"],
            &row["cpu_core_hours"],
            &row["cost"],
            &row["instance_hours"]
        ),
        (&json!(0.5), &json!(0.5), &json!("1.00"), &json!(0.0)),
        "half an hour of one core at 2/h: {row}"
    );
    assert_eq!(done["progress"], 100.0, "{done}");
    assert_eq!(done["exit_code"], 0, "{done}");
    assert_eq!(done["metrics"]["step"], 10, "{done}");
    assert_eq!(done["metrics"]["total_steps"], 10, "{done}");
    assert_eq!(done["metrics"]["loss"], 0.3, "{done}");
    assert_eq!(done["metrics"]["grad_norm"], 1.5, "{done}");
    assert_eq!(
        done["spec"]["output_path"],
        format!("{}/out/job-{id}", root(site)),
        "{done}"
    );
    let (st, m) = s
        .get(&format!("/api/v1/finetune/jobs/{id}/metrics"), &alice)
        .await;
    assert_eq!(st, StatusCode::OK, "{m}");
    let points = m["points"].as_array().unwrap();
    let steps: Vec<i64> = points.iter().map(|p| p["step"].as_i64().unwrap()).collect();
    assert_eq!(steps, (1..=10).collect::<Vec<_>>(), "{m}");
    assert_eq!(points[0]["loss"], 3.0, "{m}");
    assert_eq!(points[9]["loss"], 0.3, "{m}");
    assert!(points[0]["learning_rate"].as_f64().unwrap() > 0.0, "{m}");
    assert_eq!(points[4]["epoch"], 0.5, "{m}");
    let (_, logs) = s
        .get(
            &format!("/api/v1/finetune/jobs/{id}/logs?offset=0&count=10000"),
            &alice,
        )
        .await;
    let text = logs["lines"].to_string();
    assert!(text.contains("loading model Qwen/Qwen2-0.5B"), "{text}");
    assert!(text.contains("'loss': 0.3"), "{text}");
    assert!(text.contains("10/10"), "{text}");
    assert!(text.contains("the job ended completed"), "{text}");
    assert_eq!(logs["ended"], true);
    let (_, two) = s
        .get(
            &format!("/api/v1/finetune/jobs/{id}/logs?offset=1&count=2"),
            &alice,
        )
        .await;
    assert_eq!(two["lines"].as_array().unwrap().len(), 2, "{two}");
    assert_eq!(two["lines"][0], logs["lines"][1]);
    assert_eq!(two["next_offset"], 3);
    let (st, e) = s
        .get(&format!("/api/v1/finetune/jobs/{id}/logs?count=0"), &alice)
        .await;
    assert_error(
        &(st, e),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("count"),
    );
    assert!(
        containers_named(&name).is_empty(),
        "the container is removed"
    );
    assert_eq!(free_cpu(&s, image, spec).await, free, "released at the end");

    // A trainer that fails: `failed`, with the reason.
    let f = create(
        &s,
        &alice,
        job(site, "bad", image, spec, &["2", "0.1", "3"]),
    )
    .await;
    let fid = f["id"].as_i64().unwrap();
    let failed = ended(&s, fid).await;
    assert_eq!(failed["status"], "failed", "{failed}");
    assert_eq!(failed["exit_code"], 3, "{failed}");
    assert!(
        failed["error"].as_str().unwrap().contains("code 3"),
        "{failed}"
    );

    // Ownership: bob sees nothing of alice's; the admin sees all.
    for path in ["", "/metrics", "/logs"] {
        let (st, e) = s
            .get(&format!("/api/v1/finetune/jobs/{id}{path}"), &bob)
            .await;
        assert_error(&(st, e), StatusCode::NOT_FOUND, "not_found", None);
    }
    let (st, e) = s
        .post(&format!("/api/v1/finetune/jobs/{id}/stop"), &bob, json!({}))
        .await;
    assert_error(&(st, e), StatusCode::NOT_FOUND, "not_found", None);
    let (st, e) = s.delete(&format!("/api/v1/finetune/jobs/{id}"), &bob).await;
    assert_error(&(st, e), StatusCode::NOT_FOUND, "not_found", None);
    let (_, theirs) = s.get("/api/v1/finetune/jobs", &bob).await;
    assert_eq!(theirs["total"], 0, "{theirs}");
    let (_, all) = s.get("/api/v1/finetune/jobs", &a).await;
    assert_eq!(all["total"], 2, "{all}");
    let (_, only) = s.get("/api/v1/finetune/jobs?status=failed", &alice).await;
    assert_eq!(only["items"][0]["id"], fid, "{only}");
    let (st, e) = s.get("/api/v1/finetune/jobs?status=odd", &alice).await;
    assert_error(
        &(st, e),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("status"),
    );
    let (_, stats) = s.get("/api/v1/finetune/statistics", &alice).await;
    assert_eq!(
        (&stats["total"], &stats["completed"], &stats["failed"]),
        (&json!(2), &json!(1), &json!(1)),
        "{stats}"
    );
    let (_, none) = s.get("/api/v1/finetune/statistics", &bob).await;
    assert_eq!(none["total"], 0, "{none}");

    // An ended job cannot be stopped; it can be deleted with its series.
    let (st, e) = s
        .post(
            &format!("/api/v1/finetune/jobs/{id}/stop"),
            &alice,
            json!({}),
        )
        .await;
    assert_error(&(st, e), StatusCode::CONFLICT, "conflict", None);
    let (st, _) = s
        .delete(&format!("/api/v1/finetune/jobs/{id}"), &alice)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (st, _) = s.get(&format!("/api/v1/finetune/jobs/{id}"), &alice).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    s.stop().await;
}
on_both!(runs_the_fake_trainer_to_completion);

async fn a_stop_ends_stopped(site: &Site) {
    let s = TestServer::start_with(config(site), ADMIN_PASSWORD).await;
    let (_, image, spec) = py_catalog(&s, "ft-stop", 4.0, json!({})).await;
    let (_, carol) = s.user("carol", "user").await;
    let free = free_cpu(&s, image, spec).await;

    // A trainer that catches SIGTERM and exits 1: still `stopped`.
    let j = create(
        &s,
        &carol,
        job(site, "long", image, spec, &["1000", "0.1", "0", "term"]),
    )
    .await;
    let id = j["id"].as_i64().unwrap();
    wait_for(&s, id, "made progress", |j| {
        j["metrics"]["step"].as_i64().unwrap_or(0) >= 3
    })
    .await;
    let name = container_name(&s, id).await;
    let (st, e) = s
        .delete(&format!("/api/v1/finetune/jobs/{id}"), &carol)
        .await;
    assert_error(&(st, e), StatusCode::CONFLICT, "conflict", None);
    let (st, stopping) = s
        .post(
            &format!("/api/v1/finetune/jobs/{id}/stop"),
            &carol,
            json!({}),
        )
        .await;
    assert_eq!(st, StatusCode::ACCEPTED, "{stopping}");
    let done = ended(&s, id).await;
    assert_eq!(
        (
            done["status"].as_str(),
            done["exit_code"].as_i64(),
            done["error"].as_str()
        ),
        (Some("stopped"), Some(1), Some("")),
        "{done}"
    );
    assert!(done["progress"].as_f64().unwrap() < 100.0, "{done}");
    let (_, logs) = s
        .get(
            &format!("/api/v1/finetune/jobs/{id}/logs?count=10000"),
            &carol,
        )
        .await;
    assert!(
        logs["lines"].to_string().contains("caught SIGTERM"),
        "{logs}"
    );
    assert!(containers_named(&name).is_empty());

    // A stop racing the trainer's own end, several times: `stopped` (or
    // `completed` when the end was recorded first), never `failed`.
    for round in 0..3 {
        let r = create(
            &s,
            &carol,
            job(
                site,
                &format!("race{round}"),
                image,
                spec,
                &["5", "0.2", "0"],
            ),
        )
        .await;
        let rid = r["id"].as_i64().unwrap();
        wait_for(&s, rid, "reached its last steps", |j| {
            j["metrics"]["step"].as_i64().unwrap_or(0) >= 4
                || j["status"] != "running" && j["status"] != "pending"
        })
        .await;
        let (st, e) = s
            .post(
                &format!("/api/v1/finetune/jobs/{rid}/stop"),
                &carol,
                json!({}),
            )
            .await;
        let done = ended(&s, rid).await;
        match st {
            StatusCode::ACCEPTED => assert_eq!(done["status"], "stopped", "{done}"),
            StatusCode::CONFLICT => assert_eq!(done["status"], "completed", "{done} {e}"),
            other => panic!("stop answered {other}: {e}"),
        }
        assert_eq!(done["error"], "", "{done}");
    }
    assert_eq!(
        free_cpu(&s, image, spec).await,
        free,
        "every job released its core"
    );
    s.stop().await;
}
on_both!(a_stop_ends_stopped);

/// Quotas cover what jobs hold: with `max_cpu_cores: 1` a running 1-core job
/// uses the whole share, so a second job is refused naming the quota and the
/// use; once the job is stopped, another may start. `max_instances: 0` does
/// not hold jobs back: they are not instances.
async fn quotas_count_what_jobs_hold(site: &Site) {
    let s = TestServer::start_with(config(site), ADMIN_PASSWORD).await;
    let a = s.admin_token.clone();
    let (_, image, spec) = py_catalog(&s, "ft-quota", 4.0, json!({})).await;
    let (dan_id, dan) = s.user("dan", "user").await;
    let (st, q) = s
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/quotas/{dan_id}"),
            Some(&a),
            Some(json!({"max_cpu_cores": 1, "max_instances": 0})),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{q}");

    let first = create(
        &s,
        &dan,
        job(site, "q1", image, spec, &["1000", "0.1", "0", "term"]),
    )
    .await;
    let id = first["id"].as_i64().unwrap();
    let (st, e) = s
        .post(
            "/api/v1/finetune/jobs",
            &dan,
            job(site, "q2", image, spec, &["10", "0.1", "0"]),
        )
        .await;
    assert_error(&(st, e.clone()), StatusCode::CONFLICT, "conflict", None);
    assert_eq!(
        e["error"]["message"], "quota max_cpu_cores exceeded: limit 1 cores, in use 1 cores",
        "{e}"
    );
    let (_, mine) = s.get("/api/v1/me/quota", &dan).await;
    assert_eq!(mine["in_use"]["cpu_cores"], 1.0, "{mine}");
    assert_eq!(
        mine["in_use"]["instances"], 0,
        "a job is not an instance: {mine}"
    );

    let (st, v) = s
        .post(&format!("/api/v1/finetune/jobs/{id}/stop"), &dan, json!({}))
        .await;
    assert_eq!(st, StatusCode::ACCEPTED, "{v}");
    ended(&s, id).await;
    // Released once its container is gone (the job's end removes it).
    let start = Instant::now();
    loop {
        let (_, mine) = s.get("/api/v1/me/quota", &dan).await;
        if mine["in_use"]["cpu_cores"] == 0.0 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "not released: {mine}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let again = create(&s, &dan, job(site, "q3", image, spec, &["2", "0.1", "0"])).await;
    assert_eq!(
        ended(&s, again["id"].as_i64().unwrap()).await["status"],
        "completed"
    );
    s.stop().await;
}
on_both!(quotas_count_what_jobs_hold);
