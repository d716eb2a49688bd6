//! The sandbox through HTTP on the real test dockerd: Piston v2 exactly, the
//! simple run API, authentication and public mode, the hostile-code suite, and
//! no container left behind. The sandbox keeps no database state, so these
//! run on SQLite only.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::docker_env::{docker, docker_host};
use crate::harness::{bodies_with, Backend, Site, TestServer};

fn sandbox_config(site: &Site) -> tianqi::Config {
    let mut c = site.config();
    c.sandbox.docker_host = docker_host();
    c.sandbox.pool_size = 2;
    c.sandbox.max_concurrent = 4;
    c.sandbox.max_queue = 16;
    c
}

async fn start(site: &Site) -> TestServer {
    TestServer::start_with(sandbox_config(site), crate::harness::ADMIN_PASSWORD).await
}

async fn execute(s: &TestServer, body: Value) -> (StatusCode, Value) {
    s.call(
        Method::POST,
        "/api/v2/execute",
        Some(&s.admin_token),
        Some(body),
    )
    .await
}

async fn python(s: &TestServer, code: &str, extra: Value) -> Value {
    let mut body = json!({"language": "python", "version": "*", "files": [{"content": code}]});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let (st, v) = execute(s, body).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v
}

/// The service still answers an ordinary run, at ordinary latency.
async fn still_answers(s: &TestServer, after: &str) {
    let t = Instant::now();
    let v = python(s, "print('canary')", json!({})).await;
    assert_eq!(v["run"]["stdout"], "canary\n", "after {after}: {v}");
    let took = t.elapsed();
    assert!(
        took < Duration::from_secs(5),
        "after {after} a plain run took {took:?}"
    );
}

fn labelled(install: &str) -> Vec<String> {
    docker(
        &docker_host(),
        &[
            "ps",
            "-aq",
            "--filter",
            &format!("label=tianqi.sandbox={install}"),
        ],
    )
    .lines()
    .map(str::to_owned)
    .collect()
}

/// This server's installation id (its containers' label value).
async fn install_id(s: &TestServer) -> String {
    let (st, v) = s.get("/api/v1/sandbox/status", &s.admin_token).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["enabled"], true, "{v}");
    v["pools"]["install_id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn piston_runtimes_and_runs_in_python_bash_and_c() {
    let site = Site::new(Backend::Sqlite).await;
    let s = start(&site).await;

    let (st, rts) = s.get("/api/v2/runtimes", &s.admin_token).await;
    assert_eq!(st, StatusCode::OK);
    let names: Vec<String> = rts
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{}-{}",
                r["language"].as_str().unwrap(),
                r["version"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(names, ["python-3.11.2", "bash-5.2.15", "c-12.2.0"]);
    assert_eq!(rts[0]["aliases"], json!(["py", "python3"]));
    assert_eq!(rts[0]["runtime"], "tianqi/sandbox:bookworm");

    // The configured version is the one in the image.
    let v = python(
        &s,
        "import platform, sys\nprint(platform.python_version(), flush=True)\nprint('e', file=sys.stderr)",
        json!({}),
    )
    .await;
    assert_eq!(v["language"], "python");
    assert_eq!(v["version"], "3.11.2");
    let run = &v["run"];
    assert_eq!(run["stdout"], "3.11.2\n", "{v}");
    assert_eq!(run["stderr"], "e\n");
    // Both streams, in the order the runner read them (which of two pipes
    // written a microsecond apart is read first is up to the scheduler).
    let output = run["output"].as_str().unwrap();
    assert!(output == "3.11.2\ne\n" || output == "e\n3.11.2\n", "{v}");
    assert_eq!(run["code"], 0);
    assert_eq!(run["signal"], Value::Null);
    assert_eq!(run["status"], Value::Null);
    assert_eq!(run["message"], Value::Null);
    assert!(run["wall_time"].as_u64().unwrap() > 0, "{run}");
    assert!(run["memory"].as_u64().unwrap() > 1 << 20, "{run}");
    assert!(run["cpu_time"].is_u64());
    assert!(v.get("compile").is_none(), "interpreted: no compile stage");

    // Exit status, stdin, args; an alias and a range.
    let (st, v) = execute(
        &s,
        json!({"language": "sh", "version": "5.x", "files": [{"name": "x.sh", "content": "read a; echo \"$a $1 $(id -u)\"; exit 4"}],
               "stdin": "from-stdin\n", "args": ["arg1"]}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["language"], "bash");
    assert_eq!(v["run"]["stdout"], "from-stdin arg1 65534\n");
    assert_eq!(v["run"]["code"], 4);
    assert_eq!(v["run"]["status"], "RE");

    // Compiled: two files, the compile stage reported.
    let (st, v) = execute(
        &s,
        json!({"language": "c", "version": "*", "files": [
            {"name": "main.c", "content": "#include <stdio.h>\n#include <math.h>\nint twice(int);\nint main(void){printf(\"%d %.0f\\n\", twice(21), sqrt(81.0));return 0;}"},
            {"name": "lib.c", "content": "int twice(int x){return 2*x;}"}]}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["compile"]["code"], 0, "{v}");
    assert_eq!(v["compile"]["status"], Value::Null);
    assert_eq!(v["run"]["stdout"], "42 9\n", "{v}");

    // A compile error: run equals compile.
    let (_, v) = execute(
        &s,
        json!({"language": "gcc", "version": "12.2.0", "files": [{"content": "int main( {"}]}),
    )
    .await;
    assert_eq!(v["compile"]["status"], "RE", "{v}");
    assert!(
        v["compile"]["stderr"].as_str().unwrap().contains("error"),
        "{v}"
    );
    assert_eq!(v["run"], v["compile"]);

    // A signal.
    let v = python(
        &s,
        "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)",
        json!({}),
    )
    .await;
    assert_eq!(v["run"]["status"], "SG", "{v}");
    assert_eq!(v["run"]["signal"], "SIGSEGV");
    assert_eq!(v["run"]["code"], Value::Null);

    // base64/hex files.
    let v = python(&s, "print(open('data.bin','rb').read())", json!({})).await;
    assert_eq!(v["run"]["status"], "RE", "no such file yet: {v}");
    let (_, v) = execute(
        &s,
        json!({"language": "python", "version": "*", "files": [
        {"content": "print(open('/tmp/box/data.bin','rb').read(), open('/tmp/box/h.txt').read())"},
        {"name": "data.bin", "content": "AAEC", "encoding": "base64"},
        {"name": "h.txt", "content": "6869", "encoding": "hex"}]}),
    )
    .await;
    assert_eq!(v["run"]["stdout"], "b'\\x00\\x01\\x02' hi\n", "{v}");
    s.stop().await;
}

#[tokio::test]
async fn piston_clients_are_taken_as_they_are_and_bad_requests_get_pistons_words() {
    let site = Site::new(Backend::Sqlite).await;
    let s = start(&site).await;
    let raw = |ct: Option<&'static str>, body: String| {
        let mut r = s
            .http
            .post(s.url("/api/v2/execute"))
            .bearer_auth(&s.admin_token)
            .body(body);
        if let Some(ct) = ct {
            r = r.header("content-type", ct);
        }
        async move {
            let res = r.send().await.unwrap();
            let st = res.status();
            (st, res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let ok_body =
        json!({"language": "python", "version": "3.11.2", "files": [{"content": "print(7)"}],
                         "run_memory_limit": -1, "compile_memory_limit": -1, "run_timeout": 0})
        .to_string();
    for ct in [
        Some("text/plain;charset=UTF-8"),
        None,
        Some("application/json"),
    ] {
        let (st, v) = raw(ct, ok_body.clone()).await;
        assert_eq!(st, StatusCode::OK, "{ct:?}: {v}");
        assert_eq!(v["run"]["stdout"], "7\n");
    }
    let (st, v) = raw(Some("text/plain"), "print(1)".into()).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .starts_with("request body is not valid JSON"),
        "{v}"
    );

    let cases = [
        (
            json!({"version": "*", "files": []}),
            "language is required as a string",
        ),
        (
            json!({"language": "python", "files": []}),
            "version is required as a string",
        ),
        (
            json!({"language": "python", "version": "*"}),
            "files is required as an array",
        ),
        (
            json!({"language": "python", "version": "*", "files": [{}]}),
            "files[0].content is required as a string",
        ),
        (
            json!({"language": "cobol", "version": "*", "files": [{"content": "x"}]}),
            "cobol-* runtime is unknown",
        ),
        (
            json!({"language": "python", "version": "2.7.0", "files": [{"content": "x"}]}),
            "python-2.7.0 runtime is unknown",
        ),
        (
            json!({"language": "python", "version": "*", "files": [{"content": "x"}], "run_timeout": 999_999_999}),
            "run_timeout cannot exceed the configured limit of 15000",
        ),
        (
            json!({"language": "python", "version": "*", "files": [{"content": "x"}], "run_memory_limit": 1e18}),
            "run_memory_limit cannot exceed the configured limit of 536870912",
        ),
        (
            json!({"language": "python", "version": "*", "files": [{"content": "x"}], "compile_cpu_time": "lots"}),
            "If specified, compile_cpu_time must be a number",
        ),
        (
            json!({"language": "python", "version": "*", "files": [{"name": "../x.py", "content": "x"}]}),
            "files[0].name must not contain `/`, `\\` or NUL",
        ),
        (
            json!({"language": "python", "version": "*", "files": [{"name": "..", "content": "x"}]}),
            "files[0].name must not be `.` or contain `..`",
        ),
    ];
    for (body, message) in cases {
        let (st, v) = execute(&s, body.clone()).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{body}: {v}");
        assert_eq!(v, json!({"message": message}), "{body}");
    }
    // Piston's 404 under /api/v2, the project's elsewhere.
    let (st, v) = s.call(Method::GET, "/api/v2/packages", None, None).await;
    assert_eq!(
        (st, v),
        (StatusCode::NOT_FOUND, json!({"message": "Not Found"}))
    );
    // 10 MB → 413, before anything runs.
    let big =
        json!({"language": "python", "version": "*", "files": [{"content": "x".repeat(10 << 20)}]})
            .to_string();
    let (st, v) = raw(Some("application/json"), big).await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE, "{v}");
    assert!(v["message"].as_str().unwrap().contains("1048576"), "{v}");
    still_answers(&s, "bad requests").await;
    s.stop().await;
}

#[tokio::test]
async fn simple_run_api_tokens_and_public_mode() {
    let site = Site::new(Backend::Sqlite).await;
    let s = start(&site).await;
    // Anonymous callers are refused on both APIs when public mode is off.
    let (st, v) = s
        .call(Method::POST, "/api/v2/execute", None, Some(json!({})))
        .await;
    assert_eq!(st, StatusCode::UNAUTHORIZED, "{v}");
    assert!(v["message"].as_str().unwrap().contains("Bearer"), "{v}");
    let (st, _) = s
        .call(
            Method::POST,
            "/api/v1/sandbox/run",
            None,
            Some(json!({"code": "print(1)"})),
        )
        .await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    // A user's API token works.
    let (_, session) = s.user("student", "user").await;
    let (st, tok) = s
        .post("/api/v1/me/tokens", &session, json!({"name": "grader"}))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{tok}");
    let token = tok["token"].as_str().unwrap().to_owned();
    let (st, v) = s
        .post(
            "/api/v1/sandbox/run",
            &token,
            json!({"code": "import sys\nprint(sys.stdin.read().upper())", "stdin": "abc"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["success"], true);
    assert_eq!(v["stdout"], "ABC\n");
    assert_eq!(v["exit_code"], 0);
    assert_eq!(v["status"], "OK");
    assert!(v["wall_time_ms"].is_u64());
    let (_, v) = s
        .post(
            "/api/v1/sandbox/run",
            &token,
            json!({"code": "while True: pass", "timeout_ms": 500}),
        )
        .await;
    assert_eq!(
        (v["success"].clone(), v["status"].clone()),
        (json!(false), json!("TO")),
        "{v}"
    );
    let (_, v) = s
        .post(
            "/api/v1/sandbox/run",
            &token,
            json!({"code": "echo $((6*7))", "language": "bash"}),
        )
        .await;
    assert_eq!(v["stdout"], "42\n", "{v}");
    let (st, v) = s
        .post("/api/v1/sandbox/run", &token, json!({"language": "python"}))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, v) = s
        .post(
            "/api/v1/sandbox/run",
            &token,
            json!({"code": "1", "language": "cobol"}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("cobol-* runtime is unknown"));
    // Pool status is for admins.
    let (st, _) = s.get("/api/v1/sandbox/status", &token).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    // Runs are not audit rows (they change nothing), token creation is.
    let (_, audit) = s.get("/api/v1/audit?per_page=100", &s.admin_token).await;
    let text = audit.to_string();
    assert!(text.contains("/api/v1/me/tokens"), "{text}");
    assert!(!text.contains("/api/v1/sandbox/run"), "{text}");
    s.stop().await;

    // Public mode: no token needed, a per-address limit instead.
    let site = Site::new(Backend::Sqlite).await;
    let mut c = sandbox_config(&site);
    c.sandbox.public = true;
    c.sandbox.public_runs_per_minute = 3;
    let s = TestServer::start_with(c, crate::harness::ADMIN_PASSWORD).await;
    let body = json!({"language": "python", "version": "*", "files": [{"content": "print(1)"}]});
    for i in 0..3 {
        let (st, v) = s
            .call(Method::POST, "/api/v2/execute", None, Some(body.clone()))
            .await;
        assert_eq!(st, StatusCode::OK, "run {i}: {v}");
    }
    let res = s
        .http
        .post(s.url("/api/v2/execute"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().get("retry-after").is_some());
    let v: Value = res.json().await.unwrap();
    assert!(
        v["message"].as_str().unwrap().contains("3 runs per minute"),
        "{v}"
    );
    // Token holders are not limited by the address's counter.
    let (st, _) = execute(&s, body).await;
    assert_eq!(st, StatusCode::OK);
    s.stop().await;
}

#[tokio::test]
async fn hostile_code_is_contained_and_the_service_keeps_answering() {
    let site = Site::new(Backend::Sqlite).await;
    let s = start(&site).await;
    let quick = json!({"run_timeout": 2000});

    // Fork bomb (bash and python): the pids limit stops the forking, the
    // timeout ends the run, and removing the container ends every fork.
    let (_, v) = execute(&s, json!({"language": "bash", "version": "*", "files": [{"content": "bomb() { bomb | bomb & }; bomb; sleep 30"}], "run_timeout": 2000})).await;
    assert_eq!(v["run"]["status"], "TO", "fork bomb: {v}");
    still_answers(&s, "bash fork bomb").await;
    let v = python(
        &s,
        "import os\nwhile True:\n    try: os.fork()\n    except OSError: pass",
        quick.clone(),
    )
    .await;
    assert_eq!(v["run"]["status"], "TO", "{v}");
    still_answers(&s, "python fork bomb").await;

    // Memory bomb: killed at the cgroup limit, no swap to hide in.
    let v = python(&s, "b = bytearray(1 << 30)\nprint('allocated')", json!({})).await;
    assert_eq!(v["run"]["stdout"], "", "{v}");
    assert!(
        ["SG", "RE"].contains(&v["run"]["status"].as_str().unwrap()),
        "{v}"
    );
    let v = python(
        &s,
        "x = []\nwhile True: x.append(bytearray(1 << 20))",
        json!({"run_memory_limit": 64 << 20}),
    )
    .await;
    assert_eq!(v["run"]["status"], "SG", "{v}");
    assert_eq!(v["run"]["signal"], "SIGKILL");
    assert!(
        v["run"]["message"]
            .as_str()
            .unwrap()
            .contains("memory limit"),
        "{v}"
    );
    still_answers(&s, "memory bomb").await;

    // Infinite loop: the CPU-time budget ends it.
    let v = python(
        &s,
        "while True: pass",
        json!({"run_cpu_time": 500, "run_timeout": 5000}),
    )
    .await;
    assert_eq!(v["run"]["status"], "TO", "{v}");
    assert_eq!(v["run"]["message"], "CPU time limit exceeded");
    assert!(v["run"]["wall_time"].as_u64().unwrap() < 3000, "{v}");
    // Sleeping past the timeout: the wall clock ends it.
    let v = python(
        &s,
        "import time\ntime.sleep(60)",
        json!({"run_timeout": 1000}),
    )
    .await;
    assert_eq!(v["run"]["status"], "TO", "{v}");
    assert_eq!(v["run"]["signal"], "SIGKILL");
    let wall = v["run"]["wall_time"].as_u64().unwrap();
    assert!((1000..2500).contains(&wall), "wall {wall}: {v}");
    assert!(
        v["run"]["memory"].as_u64().unwrap() > 0,
        "usage reported when killed: {v}"
    );
    // Spinning until the wall clock ends it: its CPU time is reported too.
    let v = python(&s, "while True: pass", json!({"run_timeout": 1000})).await;
    assert_eq!(v["run"]["status"], "TO", "{v}");
    assert!(
        v["run"]["cpu_time"].as_u64().unwrap() >= 300,
        "cpu time of a killed run: {v}"
    );
    still_answers(&s, "timeouts").await;

    // 100 MB of output: capped and ended.
    let v = python(
        &s,
        "import sys\nchunk = 'x' * 100_000\nfor _ in range(1000): sys.stdout.write(chunk)",
        json!({}),
    )
    .await;
    assert_eq!(v["run"]["status"], "OL", "{v}");
    assert_eq!(v["run"]["stdout"].as_str().unwrap().len(), 64 * 1024);
    let v = python(
        &s,
        "import sys\nwhile True: sys.stderr.write('e' * 65536)",
        json!({}),
    )
    .await;
    assert_eq!(v["run"]["status"], "EL", "{}", v["run"]["message"]);
    still_answers(&s, "output floods").await;

    // Filling /tmp: the file-size limit and the tmpfs cap stop it.
    let v = python(
        &s,
        "f = open('/tmp/fill', 'wb')\nwhile True: f.write(b'x' * (1 << 20))",
        json!({}),
    )
    .await;
    assert!(
        ["RE", "SG"].contains(&v["run"]["status"].as_str().unwrap()),
        "{v}"
    );
    assert!(
        v["run"]["stderr"]
            .as_str()
            .unwrap_or("")
            .contains("File too large")
            || v["run"]["signal"].is_string(),
        "{v}"
    );
    still_answers(&s, "filling /tmp").await;

    // No network: loopback has nothing of ours, the host's bridge gateway and
    // the outside are unreachable.
    let port = url::Url::parse(&s.base).unwrap().port().unwrap();
    let code = format!(
        "import socket\nfor host, port in [('127.0.0.1', {port}), ('172.31.250.1', {port}), ('172.31.250.1', 22), ('8.8.8.8', 53)]:\n    try:\n        socket.create_connection((host, port), timeout=1)\n        print('open', host)\n    except OSError as e:\n        print('blocked', host)\nprint(open('/proc/net/dev').read().count(':'))"
    );
    let v = python(&s, &code, json!({})).await;
    let out = v["run"]["stdout"].as_str().unwrap();
    assert!(!out.contains("open"), "{v}");
    assert_eq!(out.matches("blocked").count(), 4, "{v}");
    assert!(
        out.trim_end().ends_with('1'),
        "only the loopback interface: {out}"
    );

    // Host files: none are visible; the container's own root is read-only;
    // the runner cannot be replaced; unprivileged without capabilities.
    let data_dir = site.data_dir().display().to_string();
    let code = format!(
        "import os\nfor p in ['{data_dir}', '/var/run/docker.sock', '/root/.cargo']:\n    print(p, os.path.exists(p))\nfor p in ['/etc/evil', '/.tianqi/tianqi-sandbox-runner', '/usr/bin/python3']:\n    try:\n        open(p, 'ab').write(b'x')\n        print('wrote', p)\n    except OSError as e:\n        print('refused', p)\nst = open('/proc/self/status').read()\nprint([l for l in st.splitlines() if l.startswith(('CapEff', 'NoNewPrivs', 'Uid'))])"
    );
    let v = python(&s, &code, json!({})).await;
    let out = v["run"]["stdout"].as_str().unwrap();
    assert!(!out.contains("True"), "{out}");
    assert!(!out.contains("wrote"), "{out}");
    assert_eq!(out.matches("refused").count(), 3, "{out}");
    assert!(out.contains("CapEff:\\t0000000000000000"), "{out}");
    assert!(out.contains("NoNewPrivs:\\t1"), "{out}");
    assert!(out.contains("Uid:\\t65534"), "{out}");

    // A background process cannot outlive its run or reach the next one.
    let (_, v) = execute(&s, json!({"language": "bash", "version": "*", "files": [{"content": "(sleep 30; echo late > /tmp/late) & disown; echo started"}]})).await;
    assert_eq!(v["run"]["stdout"], "started\n", "{v}");
    assert!(v["run"]["wall_time"].as_u64().unwrap() < 1500, "{v}");
    let v = python(
        &s,
        "import os\nprint(os.listdir('/tmp'), os.listdir('/tmp/box'))",
        json!({}),
    )
    .await;
    assert_eq!(
        v["run"]["stdout"], "['box'] ['main.py']\n",
        "a fresh container every run: {v}"
    );
    s.stop().await;
}

#[tokio::test]
async fn a_flood_of_requests_is_queued_then_refused_clearly() {
    let site = Site::new(Backend::Sqlite).await;
    // The queue itself: one caller allowed to fill it (the fair share has its
    // own test below).
    let mut c = sandbox_config(&site);
    c.sandbox.max_pending_per_caller = 1000;
    let s = TestServer::start_with(c, crate::harness::ADMIN_PASSWORD).await;
    let body = json!({"language": "python", "version": "*", "files": [{"content": "import time\ntime.sleep(0.2)\nprint('ok')"}]});
    let t = Instant::now();
    let calls = (0..200).map(|_| {
        let req = s
            .http
            .post(s.url("/api/v2/execute"))
            .bearer_auth(&s.admin_token)
            .json(&body);
        async move {
            let res = req.send().await.unwrap();
            let st = res.status();
            (st, res.json::<Value>().await.unwrap())
        }
    });
    let results = futures::future::join_all(calls).await;
    let ok = results
        .iter()
        .filter(|(st, _)| *st == StatusCode::OK)
        .count();
    let busy = bodies_with(&results, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        ok + busy.len(),
        200,
        "only 200s and 503s: {:?}",
        results.iter().map(|r| r.0).collect::<Vec<_>>()
    );
    assert!(ok >= 20, "at least the running and queued ones ran: {ok}");
    assert!(!busy.is_empty(), "200 at once must overflow a queue of 16");
    assert!(
        busy[0]["message"]
            .as_str()
            .unwrap()
            .contains("the sandbox is busy"),
        "{}",
        busy[0]
    );
    for (st, v) in &results {
        if *st == StatusCode::OK {
            assert_eq!(v["run"]["stdout"], "ok\n", "{v}");
        }
    }
    eprintln!(
        "200 concurrent: {ok} ran, {} refused, in {:?}",
        busy.len(),
        t.elapsed()
    );
    still_answers(&s, "the flood").await;
    s.stop().await;
}

/// One caller flooding the sandbox gets its fair share (429 beyond
/// `sandbox.max_pending_per_caller`), and another caller's run still gets in.
#[tokio::test]
async fn one_caller_cannot_fill_the_queue_for_everyone() {
    let site = Site::new(Backend::Sqlite).await;
    let mut c = sandbox_config(&site);
    c.sandbox.max_pending_per_caller = 3;
    let s = TestServer::start_with(c, crate::harness::ADMIN_PASSWORD).await;
    let (_, vic) = s.user("vic", "user").await;
    let slow = json!({"language": "python", "version": "*", "files": [{"content": "import time\ntime.sleep(1.5)\nprint('slow')"}]});
    let flood = (0..30).map(|_| {
        let req = s
            .http
            .post(s.url("/api/v2/execute"))
            .bearer_auth(&s.admin_token)
            .json(&slow);
        async move {
            let res = req.send().await.unwrap();
            (res.status(), res.json::<Value>().await.unwrap())
        }
    });
    let flood = tokio::spawn(futures::future::join_all(flood));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let t = Instant::now();
    let (st, mine) = s
        .call(Method::POST, "/api/v2/execute", Some(&vic), Some(json!({"language": "python", "version": "*", "files": [{"content": "print('mine')"}]})))
        .await;
    assert_eq!(
        (st, mine["run"]["stdout"].as_str()),
        (StatusCode::OK, Some("mine\n")),
        "{mine}"
    );
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "waited {:?} behind the flood",
        t.elapsed()
    );
    let results = flood.await.unwrap();
    let ran = results
        .iter()
        .filter(|(st, _)| *st == StatusCode::OK)
        .count();
    let refused: Vec<_> = results
        .iter()
        .filter(|(st, _)| *st == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert!(
        ran >= 3 && ran + refused.len() == 30,
        "{:?}",
        results.iter().map(|r| r.0).collect::<Vec<_>>()
    );
    assert!(
        refused[0].1["message"]
            .as_str()
            .unwrap()
            .contains("at most 3 at once"),
        "{}",
        refused[0].1
    );
    s.stop().await;
}

#[tokio::test]
async fn pools_shrink_when_idle_leftovers_are_reaped_and_nothing_is_left() {
    let site = Site::new(Backend::Sqlite).await;
    let mut c = sandbox_config(&site);
    c.sandbox.idle_secs = 2;
    c.sandbox.idle_pool_size = 0;
    let s = TestServer::start_with(c.clone(), crate::harness::ADMIN_PASSWORD).await;
    let v = python(&s, "print(1)", json!({})).await;
    assert_eq!(v["run"]["stdout"], "1\n");
    let install = install_id(&s).await;
    assert!(!install.is_empty());
    // Idle: every pool drains to zero containers.
    let mut left = usize::MAX;
    for _ in 0..100 {
        left = labelled(&install).len();
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(left, 0, "idle pools shrink to idle_pool_size = 0");
    // A cold run still works.
    let v = python(&s, "print(2)", json!({})).await;
    assert_eq!(v["run"]["stdout"], "2\n");
    s.stop().await;
    assert!(
        labelled(&install).is_empty(),
        "shutdown removes every sandbox container"
    );

    // A leftover from a crash is reaped at the next start.
    docker(
        &docker_host(),
        &[
            "create",
            "--label",
            &format!("tianqi.sandbox={install}"),
            &crate::docker_env::busybox_image(),
            "sleep",
            "1",
        ],
    );
    assert_eq!(labelled(&install).len(), 1);
    c.sandbox.idle_secs = 300;
    let s = TestServer::start_with(c, crate::harness::ADMIN_PASSWORD).await;
    let v = python(&s, "print(3)", json!({})).await;
    assert_eq!(v["run"]["stdout"], "3\n");
    let only_ours = docker(
        &docker_host(),
        &[
            "ps",
            "-a",
            "--filter",
            &format!("label=tianqi.sandbox={install}"),
            "--format",
            "{{.Image}}",
        ],
    );
    assert!(
        !only_ours.contains("busybox"),
        "the leftover was reaped: {only_ours}"
    );
    s.stop().await;
    assert!(labelled(&install).is_empty());
}

#[tokio::test]
async fn a_missing_image_or_engine_is_a_clear_503_not_a_500() {
    let site = Site::new(Backend::Sqlite).await;
    let mut c = sandbox_config(&site);
    for rt in &mut c.sandbox.runtimes {
        rt.image = "tianqi-test/no-such-image:1".into();
    }
    let s = TestServer::start_with(c, crate::harness::ADMIN_PASSWORD).await;
    let (st, v) = execute(
        &s,
        json!({"language": "python", "version": "*", "files": [{"content": "print(1)"}]}),
    )
    .await;
    assert_eq!(st, StatusCode::SERVICE_UNAVAILABLE, "{v}");
    let m = v["message"].as_str().unwrap();
    assert!(
        m.contains("tianqi-test/no-such-image:1") && m.contains("sandbox-images.sh"),
        "{m}"
    );
    s.stop().await;

    let site = Site::new(Backend::Sqlite).await;
    let mut c = sandbox_config(&site);
    // Nothing listens there: the engine is retried in the background.
    c.sandbox.docker_host = format!("tcp://127.0.0.1:{}", crate::docker_env::free_port());
    let s = TestServer::start_with(c, crate::harness::ADMIN_PASSWORD).await;
    let (st, v) = s
        .post(
            "/api/v1/sandbox/run",
            &s.admin_token,
            json!({"code": "print(1)"}),
        )
        .await;
    assert_eq!(st, StatusCode::SERVICE_UNAVAILABLE, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("unreachable"),
        "{v}"
    );
    let (st, v) = s.get("/api/v1/sandbox/status", &s.admin_token).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["pools"]["ready"], false, "{v}");
    assert!(
        v["pools"]["last_error"]
            .as_str()
            .unwrap()
            .contains("unreachable"),
        "{v}"
    );
    s.stop().await;

    // No socket yet (the engine starts after Tianqi): 503 naming it, until
    // the socket appears — then runs work without a restart.
    let site = Site::new(Backend::Sqlite).await;
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("docker.sock");
    let mut c = sandbox_config(&site);
    c.sandbox.docker_host = format!("unix://{}", link.display());
    let s = TestServer::start_with(c, crate::harness::ADMIN_PASSWORD).await;
    let body = json!({"language": "python", "version": "*", "files": [{"content": "print('up')"}]});
    let (st, v) = execute(&s, body.clone()).await;
    assert_eq!(st, StatusCode::SERVICE_UNAVAILABLE, "{v}");
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains(&link.display().to_string()),
        "{v}"
    );
    std::os::unix::fs::symlink(crate::docker_env::docker_socket_path(), &link).unwrap();
    let (st, v) = execute(&s, body).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["run"]["stdout"], "up\n");
    s.stop().await;
}

#[tokio::test]
async fn a_client_that_leaves_mid_run_leaves_no_container_behind() {
    let site = Site::new(Backend::Sqlite).await;
    let s = start(&site).await;
    let install = install_id(&s).await;
    let v = python(&s, "print(1)", json!({})).await;
    assert_eq!(v["run"]["stdout"], "1\n");
    let body = json!({"language": "python", "version": "*", "files": [{"content": "import time\ntime.sleep(4)"}], "run_timeout": 6000});
    let res = s
        .http
        .post(s.url("/api/v2/execute"))
        .bearer_auth(&s.admin_token)
        .json(&body)
        .timeout(Duration::from_millis(700))
        .send()
        .await;
    assert!(res.is_err(), "the client gave up");
    // The pool is back to its size (2 per runtime, 3 runtimes) and the
    // abandoned run's container is gone: removed when the server drops the
    // request, or at the latest when the run ends by itself.
    let mut n = usize::MAX;
    for _ in 0..120 {
        n = labelled(&install).len();
        if n == 6 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(n, 6, "pool containers only");
    let (_, st) = s.get("/api/v1/sandbox/status", &s.admin_token).await;
    assert_eq!(st["pools"]["active"], 0, "{st}");
    s.stop().await;
    assert!(labelled(&install).is_empty());
}
