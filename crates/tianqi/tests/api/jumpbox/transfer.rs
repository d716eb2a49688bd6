//! Bytes through the jump host: 50 MB through tar both ways, `scp -O`, and
//! `ssh -L` to a server inside the instance.

use super::*;

/// 50 MB in through tar and back through cat, byte-identical; `scp -O` both
/// ways into an image that has scp.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_data_and_scp() {
    let site = Site::new(crate::harness::Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let port = s.ssh_port.unwrap();
    let (_, image, spec) = catalog(&s, "jbbulk", 4.0, 1.0, 0.5).await;
    let (_, dora) = s.user("dora", "user").await;
    let pw = "dora-password";
    let inst = instance(&s, &dora, "bulk", image, spec).await;

    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    let mut data = vec![0u8; 50 * 1024 * 1024];
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for chunk in data.chunks_mut(8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        chunk.copy_from_slice(&x.to_le_bytes()[..chunk.len()]);
    }
    std::fs::write(src.join("big"), &data).unwrap();
    let tarball = dir.path().join("in.tar");
    let st = std::process::Command::new("tar")
        .arg("cf")
        .arg(&tarball)
        .arg("-C")
        .arg(&src)
        .arg(".")
        .status()
        .unwrap();
    assert!(st.success());
    let started = Instant::now();
    let o = ssh(
        port,
        "dora+bulk",
        pw,
        &["mkdir -p /tmp/t && tar xf - -C /tmp/t && wc -c < /tmp/t/big"],
        Some(&tarball),
    )
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(out(&o).trim(), (50 * 1024 * 1024).to_string());
    let up = started.elapsed();
    let started = Instant::now();
    let o = ssh(port, "dora+bulk", pw, &["cat /tmp/t/big"], None).await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        o.stdout == data,
        "50 MB back differ ({} bytes)",
        o.stdout.len()
    );
    eprintln!("50 MB up (tar) {up:?}, down (cat) {:?}", started.elapsed());

    // scp -O (the legacy protocol, over exec) needs scp in the image.
    let py = std::env::var("TQ_TEST_PYTHON_IMAGE")
        .unwrap_or_else(|_| "tianqi-test/python:latest".into());
    let (_, pimg) = s
        .post(
            "/api/v1/images",
            &s.admin_token,
            json!({"name": "jbpy", "address": py, "keep_alive_command": ["sleep", "3600"]}),
        )
        .await;
    let pinst = instance(&s, &dora, "pybox", pimg["id"].as_i64().unwrap(), spec).await;
    let container = pinst["container_id"].as_str().unwrap();
    docker(
        &docker_host(),
        &["cp", "/usr/bin/scp", &format!("{container}:/usr/bin/scp")],
    );
    let small = dir.path().join("small");
    std::fs::write(&small, &data[..3 * 1024 * 1024]).unwrap();
    let scp = |from: String, to: String| {
        let mut c = std::process::Command::new("sshpass");
        c.args(["-p", pw, "scp", "-O", "-P", &port.to_string()]);
        c.args(ssh_args(port).into_iter().skip(2));
        c.arg(from).arg(to);
        c.output().unwrap()
    };
    let o = scp(
        small.display().to_string(),
        "dora+pybox@127.0.0.1:/tmp/small".into(),
    );
    assert!(o.status.success(), "{}", err(&o));
    let back = dir.path().join("back");
    let o = scp(
        "dora+pybox@127.0.0.1:/tmp/small".into(),
        back.display().to_string(),
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        std::fs::read(&back).unwrap() == data[..3 * 1024 * 1024],
        "scp round trip differs"
    );

    // sftp: the image's own sftp-server (copied in, as scp was) serves it; an
    // image without one says so.
    docker(
        &docker_host(),
        &["exec", container, "mkdir", "-p", "/usr/lib/openssh"],
    );
    docker(
        &docker_host(),
        &[
            "cp",
            "/usr/lib/openssh/sftp-server",
            &format!("{container}:/usr/lib/openssh/sftp-server"),
        ],
    );
    let batch = dir.path().join("batch");
    let back2 = dir.path().join("back2");
    std::fs::write(
        &batch,
        format!(
            "put {} /tmp/s2\nget /tmp/s2 {}\n",
            small.display(),
            back2.display()
        ),
    )
    .unwrap();
    // sftp -b means batch mode (no password prompt): a key, registered.
    let (key, public, _) = keygen(dir.path(), "dora");
    let (st, _) = s
        .post("/api/v1/me/ssh-keys", &dora, json!({"public_key": public}))
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let sftp = |login: &str| {
        let mut c = std::process::Command::new("sftp");
        c.args(["-P", &port.to_string(), "-i"]).arg(&key);
        for a in ssh_args(port).into_iter().skip(2) {
            c.arg(match a.as_str() {
                "PreferredAuthentications=password" => {
                    "PreferredAuthentications=publickey".to_owned()
                }
                "PubkeyAuthentication=no" => "IdentitiesOnly=yes".to_owned(),
                _ => a,
            });
        }
        c.arg("-b").arg(&batch).arg(format!("{login}@127.0.0.1"));
        c.output().unwrap()
    };
    let o = sftp("dora+pybox");
    assert!(o.status.success(), "{} / {}", out(&o), err(&o));
    assert!(
        std::fs::read(&back2).unwrap() == data[..3 * 1024 * 1024],
        "sftp round trip differs"
    );
    let o = sftp("dora+bulk");
    assert!(!o.status.success());
    assert!(err(&o).contains("has no sftp-server"), "{}", err(&o));

    cleanup(
        &s,
        &[inst["id"].as_i64().unwrap(), pinst["id"].as_i64().unwrap()],
    )
    .await;
    s.finish(site).await;
}

/// `ssh -L` through the relay into a busybox httpd inside the instance;
/// nobody else's login reaches it, and a login naming no instance forwards
/// nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_forwarding_reaches_a_server_inside() {
    let site = Site::new(crate::harness::Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let port = s.ssh_port.unwrap();
    let (_, image, spec) = catalog(&s, "jbfwd", 4.0, 0.5, 0.25).await;
    let (_, ivy) = s.user("ivy", "user").await;
    s.user("jack", "user").await;
    let inst = instance(&s, &ivy, "web", image, spec).await;
    let o = ssh(
        port,
        "ivy+web",
        "ivy-password",
        &["mkdir -p /tmp/www && echo hello-from-inside > /tmp/www/index.html && httpd -p 127.0.0.1:8080 -h /tmp/www"],
        None,
    )
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));

    // ssh -N -L LOCAL:localhost:8080, then curl LOCAL.
    let forward = |login: &str, password: &str, local: u16| {
        let mut c = std::process::Command::new("sshpass");
        c.args(["-p", password, "ssh", "-N"]);
        c.args(ssh_args(port));
        c.args(["-L", &format!("127.0.0.1:{local}:localhost:8080")]);
        c.arg(format!("{login}@127.0.0.1"));
        c.stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        c.spawn().unwrap()
    };
    let curl = |local: u16| {
        let o = std::process::Command::new("curl")
            .args(["-s", "-m", "10", &format!("http://127.0.0.1:{local}/")])
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let wait_listening = |local: u16| {
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", local)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("ssh -L never listened on {local}");
    };

    let local = crate::docker_env::free_port();
    let mut ivy_fwd = forward("ivy+web", "ivy-password", local);
    wait_listening(local);
    assert_eq!(curl(local), "hello-from-inside\n");
    // twice: each connection is its own channel and relay
    assert_eq!(curl(local), "hello-from-inside\n");
    let _ = ivy_fwd.kill();
    let _ = ivy_fwd.wait();

    for login in ["jack+web", "ivy"] {
        let password = if login == "ivy" {
            "ivy-password"
        } else {
            "jack-password"
        };
        let local = crate::docker_env::free_port();
        let mut f = forward(login, password, local);
        wait_listening(local);
        assert_eq!(curl(local), "", "{login} reached the server");
        let _ = f.kill();
        let _ = f.wait();
    }

    cleanup(&s, &[inst["id"].as_i64().unwrap()]).await;
    s.finish(site).await;
}
