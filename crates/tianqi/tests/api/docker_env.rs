//! Real Docker endpoints for the node tests, started and stopped by the tests:
//! the private dockerd from scripts/testenv.sh (unix socket), the same engine
//! over plain TCP through socat, a second dockerd with `--tlsverify` and
//! certificates generated here with openssl, and a local registry.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn docker_host() -> String {
    std::env::var("TQ_TEST_DOCKER_HOST").unwrap_or_else(|_| {
        panic!("TQ_TEST_DOCKER_HOST is not set: run the tests through scripts/test.sh (Docker tests never skip)")
    })
}

pub fn docker_socket_path() -> String {
    docker_host().trim_start_matches("unix://").to_owned()
}

pub fn busybox_image() -> String {
    std::env::var("TQ_TEST_BUSYBOX_IMAGE").unwrap_or_else(|_| "tianqi-test/busybox:latest".into())
}

/// Runs the docker CLI against `host`; panics with its output on failure.
pub fn docker(host: &str, args: &[&str]) -> String {
    let out = Command::new("docker")
        .arg("-H")
        .arg(host)
        .args(args)
        .output()
        .expect("docker runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "docker {args:?} failed: {text}");
    text
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_tcp(port: u16, within: Duration) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < within,
            "nothing listens on 127.0.0.1:{port} after {within:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A child process stopped with SIGTERM (then SIGKILL) when dropped.
pub struct Proc(pub Child);

impl Proc {
    pub fn stop(&mut self) {
        let pid = self.0.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The private dockerd, reachable over plain TCP on 127.0.0.1 through socat.
pub fn tcp_proxy(port: u16) -> Proc {
    let child = Command::new("socat")
        .arg(format!("TCP-LISTEN:{port},bind=127.0.0.1,fork,reuseaddr"))
        .arg(format!("UNIX-CONNECT:{}", docker_socket_path()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("socat runs");
    wait_tcp(port, Duration::from_secs(10));
    Proc(child)
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A CA and certificates signed by it, as PEM text.
pub struct Certs {
    pub ca: String,
    pub server_cert: PathBuf,
    pub server_key: PathBuf,
    pub ca_path: PathBuf,
    pub client_cert: String,
    pub client_key: String,
}

/// Generates a CA (`<prefix>ca`), a server certificate for 127.0.0.1 and a
/// client certificate, all with openssl, into `dir`.
pub fn generate_certs(dir: &Path, prefix: &str) -> Certs {
    let p = |name: &str| format!("{prefix}{name}");
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=tianqi-test-ca",
            "-keyout",
            &p("ca-key.pem"),
            "-out",
            &p("ca.pem"),
        ],
    );
    std::fs::write(
        dir.join(p("server.ext")),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    std::fs::write(dir.join(p("client.ext")), "extendedKeyUsage=clientAuth\n").unwrap();
    for (name, subject) in [("server", "/CN=127.0.0.1"), ("client", "/CN=tianqi")] {
        openssl(
            dir,
            &[
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                subject,
                "-keyout",
                &p(&format!("{name}-key.pem")),
                "-out",
                &p(&format!("{name}.csr")),
            ],
        );
        openssl(
            dir,
            &[
                "x509",
                "-req",
                "-in",
                &p(&format!("{name}.csr")),
                "-CA",
                &p("ca.pem"),
                "-CAkey",
                &p("ca-key.pem"),
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                &p(&format!("{name}.ext")),
                "-out",
                &p(&format!("{name}.pem")),
            ],
        );
    }
    let read = |name: &str| std::fs::read_to_string(dir.join(p(name))).unwrap();
    Certs {
        ca: read("ca.pem"),
        ca_path: dir.join(p("ca.pem")),
        server_cert: dir.join(p("server.pem")),
        server_key: dir.join(p("server-key.pem")),
        client_cert: read("client.pem"),
        client_key: read("client-key.pem"),
    }
}

/// A second Docker Engine listening on 127.0.0.1 with mutual TLS
/// (`--tlsverify`), no bridge and no iptables, in its own directories.
pub fn tls_dockerd(dir: &Path, certs: &Certs, port: u16) -> Proc {
    let root = dir.join("tlsd");
    // exec-root holds unix sockets: keep its path short.
    let exec = PathBuf::from(format!("/tmp/tqx-{port}"));
    std::fs::create_dir_all(&root).unwrap();
    let log = std::fs::File::create(dir.join("tlsd.log")).unwrap();
    let child = Command::new("dockerd")
        .args(["--host", &format!("tcp://127.0.0.1:{port}"), "--tlsverify"])
        .arg("--tlscacert")
        .arg(&certs.ca_path)
        .arg("--tlscert")
        .arg(&certs.server_cert)
        .arg("--tlskey")
        .arg(&certs.server_key)
        .arg("--data-root")
        .arg(root.join("data"))
        .arg("--exec-root")
        .arg(&exec)
        .arg("--pidfile")
        .arg(root.join("docker.pid"))
        .args(["--bridge", "none", "--iptables=false", "--ip-masq=false"])
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("dockerd runs");
    let mut proc = Proc(child);
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = proc.0.try_wait() {
            let log = std::fs::read_to_string(dir.join("tlsd.log")).unwrap_or_default();
            panic!("TLS dockerd exited ({status}):\n{log}");
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "TLS dockerd did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // The port opens a little before the API answers.
    std::thread::sleep(Duration::from_millis(500));
    let _ = &mut proc;
    proc
}

/// A local registry (Debian's docker-registry) on 127.0.0.1; Docker trusts
/// 127.0.0.0/8 without TLS.
pub fn registry(dir: &Path, port: u16) -> Proc {
    let config = dir.join("registry.yml");
    std::fs::write(
        &config,
        format!(
            "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: {}\nhttp:\n  addr: 127.0.0.1:{port}\n",
            dir.join("registry-data").display()
        ),
    )
    .unwrap();
    let child = Command::new("docker-registry")
        .arg("serve")
        .arg(&config)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("docker-registry runs");
    wait_tcp(port, Duration::from_secs(20));
    Proc(child)
}

/// The private dockerd over TCP on 127.0.0.1, through a proxy that counts the
/// connections it accepts (to see whether clients are reused).
pub async fn counting_proxy() -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    let socket = docker_socket_path();
    tokio::spawn(async move {
        while let Ok((mut tcp, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            let socket = socket.clone();
            tokio::spawn(async move {
                if let Ok(mut unix) = tokio::net::UnixStream::connect(&socket).await {
                    let _ = tokio::io::copy_bidirectional(&mut tcp, &mut unix).await;
                }
            });
        }
    });
    (port, count)
}

/// A Docker Engine as nodes usually run it — with its own iptables rules, so
/// bridges are isolated from each other — inside a network namespace of its
/// own (its rules cannot touch the host's or the private dockerd's), with the
/// test busybox image loaded. Stopped, and the namespace removed, on drop.
pub struct IsolatedDockerd {
    proc: Proc,
    netns: String,
    exec_root: PathBuf,
    pub socket: String,
}

impl IsolatedDockerd {
    pub fn start(dir: &Path) -> IsolatedDockerd {
        let tag: u32 = rand::random();
        let netns = format!("tqiso{tag:08x}");
        let run = |args: &[&str]| {
            let ok = Command::new("ip").args(args).status().map(|s| s.success());
            assert_eq!(ok.ok(), Some(true), "ip {args:?}");
        };
        run(&["netns", "add", &netns]);
        // nsenter, not `ip netns exec`: that also remounts /sys, which hides
        // the cgroup hierarchies dockerd needs.
        let net = format!("--net=/run/netns/{netns}");
        let ok = Command::new("nsenter")
            .args([net.as_str(), "ip", "link", "set", "lo", "up"])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "lo up in {netns}");
        let socket = format!("/tmp/{netns}.sock");
        let exec_root = PathBuf::from(format!("/tmp/{netns}x"));
        let root = dir.join("isod");
        std::fs::create_dir_all(&root).unwrap();
        let log = std::fs::File::create(dir.join("isod.log")).unwrap();
        let child = Command::new("nsenter")
            .args([net.as_str(), "dockerd"])
            .args(["--host", &format!("unix://{socket}")])
            .arg("--data-root")
            .arg(root.join("data"))
            .arg("--exec-root")
            .arg(&exec_root)
            .arg("--pidfile")
            .arg(root.join("docker.pid"))
            .args(["--iptables=true", "--ip-forward=true"])
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("dockerd runs");
        let mut d = IsolatedDockerd {
            proc: Proc(child),
            netns,
            exec_root,
            socket,
        };
        let host = d.host();
        let start = Instant::now();
        while !Command::new("docker")
            .args(["-H", &host, "version"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
        {
            if let Ok(Some(status)) = d.proc.0.try_wait() {
                let log = std::fs::read_to_string(dir.join("isod.log")).unwrap_or_default();
                panic!("isolated dockerd exited ({status}):\n{log}");
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "isolated dockerd did not start"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        // The busybox test image, from the private engine.
        let saved = Command::new("docker")
            .args(["-H", &docker_host(), "save", &busybox_image()])
            .output()
            .expect("docker save");
        assert!(saved.status.success());
        let mut load = Command::new("docker")
            .args(["-H", &host, "load"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("docker load");
        std::io::Write::write_all(&mut load.stdin.take().unwrap(), &saved.stdout).unwrap();
        assert!(load.wait().unwrap().success());
        d
    }

    pub fn host(&self) -> String {
        format!("unix://{}", self.socket)
    }
}

impl Drop for IsolatedDockerd {
    fn drop(&mut self) {
        let host = self.host();
        let ids = Command::new("docker")
            .args(["-H", &host, "ps", "-aq"])
            .output();
        if let Ok(out) = ids {
            let ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(str::to_owned)
                .collect();
            if !ids.is_empty() {
                let _ = Command::new("docker")
                    .args(["-H", &host, "rm", "-f"])
                    .args(&ids)
                    .output();
            }
        }
        self.proc.stop();
        let _ = Command::new("ip")
            .args(["netns", "del", &self.netns])
            .status();
        let _ = std::fs::remove_file(&self.socket);
        let _ = std::fs::remove_dir_all(&self.exec_root);
    }
}
