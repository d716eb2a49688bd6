//! The jump host into an instance on a Kubernetes node (the fake API
//! server's cluster), through the real OpenSSH client in a real terminal:
//! a login shell in the Pod's `main` container over the cluster's exec, of
//! the client's size, its exit code the session's; `ssh -L` to the Pod's
//! own port over the cluster's portforward (another host refused);
//! commands with a terminal (`ssh -t`: the client's size, the exit code)
//! and without one (stdout, stderr, exit code), a shell reading a script
//! from stdin (`ssh -T`); another user cannot reach it.

use tianqi_kube::fake::{FakeApiServer, FakeCluster, FakeShell};

use super::*;
use crate::kube::resources::register;

async fn ssh_into_a_pod(site: &Site) {
    let fake = FakeApiServer::start(FakeCluster::default()).await.unwrap();
    let s = TestServer::start(site).await;
    let port = s.ssh_port.expect("the jump host is on by default");
    let a = &s.admin_token;
    let cluster = register(&s, &fake, "sshlab").await;
    let (st, node) = s
        .post(
            "/api/v1/nodes",
            a,
            json!({"name": "k8s-ssh", "kubernetes": {"cluster_id": cluster, "namespace": "team-a"}}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{node}");
    let (img, spec) = crate::kube::instances::pod_image_and_spec(&s).await;
    let (_, kim) = s.user("kim", "user").await;
    s.user("lee", "user").await;
    let inst = instance(
        &s,
        &kim,
        "podbox",
        img["id"].as_i64().unwrap(),
        spec["id"].as_i64().unwrap(),
    )
    .await;
    let pod = inst["container_name"].as_str().unwrap().to_owned();

    let t = Tmux::start(&tmux_ssh(port, "kim+podbox", "kim-password"), 100, 30);
    let screen = t.wait_for(FakeShell::PROMPT, 1).await;
    assert!(screen.contains(FakeShell::PROMPT), "{screen}");
    t.send("hostname");
    let screen = t.wait_for(&pod, 1).await;
    assert!(screen.contains(&pod), "{screen}");
    t.send("stty size");
    let screen = t.wait_for("30 100", 1).await;
    assert!(screen.contains("30 100"), "the client's size:\n{screen}");
    t.resize(120, 40);
    tokio::time::sleep(Duration::from_millis(300)).await;
    t.send("stty size");
    let screen = t.wait_for("40 120", 1).await;
    assert!(screen.contains("40 120"), "resized:\n{screen}");
    t.send("exit 4");
    for _ in 0..100 {
        if t.pane_dead() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(t.pane_dead(), "ssh ended with the shell");
    // The session's exit code, as the jump host recorded it (what it sent
    // the client as exit-status).
    let mut shell = Value::Null;
    for _ in 0..50 {
        let (_, audit) = s.get("/api/v1/audit?page_size=100", a).await;
        if let Some(e) = audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["route"] == "jumpbox:session")
        {
            shell = serde_json::from_str(e["detail"].as_str().unwrap_or("{}"))
                .unwrap_or_else(|_| e["detail"].clone());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        (shell["kind"].as_str(), shell["exit_status"].as_i64()),
        (Some("shell"), Some(4)),
        "the shell's exit code is the session's: {shell}\n{}",
        t.screen()
    );
    let exec = fake.execs().pop().expect("an exec");
    assert_eq!(
        (exec.pod.as_str(), exec.container.as_deref()),
        (pod.as_str(), Some("main"))
    );

    // A command with a terminal (`ssh -t HOST CMD`): `sh -c CMD` in the Pod
    // with a TTY of the client's size, its exit code the session's.
    let t = Tmux::start(
        &format!(
            "{} 'stty size'",
            tmux_ssh(port, "kim+podbox", "kim-password")
        ),
        90,
        20,
    );
    let screen = t.wait_for("20 90", 1).await;
    assert!(
        screen.contains("20 90"),
        "the command's terminal:\n{screen}"
    );
    let exec = fake.execs().pop().expect("the command's exec");
    assert_eq!(exec.command, ["/bin/sh", "-c", "stty size"]);
    assert_eq!(exec.resizes.first(), Some(&(90, 20)));
    let t = Tmux::start(
        &format!("{} 'exit 5'", tmux_ssh(port, "kim+podbox", "kim-password")),
        90,
        20,
    );
    for _ in 0..100 {
        if t.pane_dead() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(t.pane_dead(), "ssh ended with the command");
    let mut ended = Vec::new();
    for _ in 0..50 {
        let (_, audit) = s.get("/api/v1/audit?page_size=100", a).await;
        ended = audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["route"] == "jumpbox:session")
            .map(|e| {
                serde_json::from_str::<Value>(e["detail"].as_str().unwrap_or("{}"))
                    .unwrap_or_else(|_| e["detail"].clone())
            })
            .filter(|d| d["kind"] == "exec")
            .collect();
        if ended.iter().any(|d| d["exit_status"] == 5) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        ended.iter().any(|d| d["exit_status"] == 5),
        "the command's exit code is the session's: {ended:?}\n{}",
        t.screen()
    );

    // ssh -L to the Pod's own port: the cluster's portforward (the fake's
    // pod network is this machine's loopback, where a real server answers).
    let (inside_port, server) = crate::fixtures::greeter().await;
    let forward = |target: &str, local: u16| {
        let mut c = std::process::Command::new("sshpass");
        c.args(["-p", "kim-password", "ssh", "-N"]);
        c.args(ssh_args(port));
        c.args(["-L", &format!("127.0.0.1:{local}:{target}")]);
        c.arg("kim+podbox@127.0.0.1");
        c.stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        c.spawn().unwrap()
    };
    let talk = |local: u16| {
        use std::io::{Read, Write};
        for _ in 0..100 {
            if let Ok(mut c) = std::net::TcpStream::connect(("127.0.0.1", local)) {
                c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                let _ = c.write_all(b"ping\n");
                let mut got = String::new();
                let _ = c.read_to_string(&mut got);
                return got;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("ssh -L never listened on {local}");
    };
    let local = crate::docker_env::free_port();
    let mut fwd = forward(&format!("localhost:{inside_port}"), local);
    assert_eq!(
        talk(local),
        "hello-from-pod\nping\n",
        "both ways, then the end"
    );
    assert_eq!(talk(local), "hello-from-pod\nping\n", "a second connection");
    let _ = fwd.kill();
    let _ = fwd.wait();
    let forwards = fake.forwards();
    assert_eq!(forwards.len(), 2, "{forwards:?}");
    assert_eq!(forwards[0], ("team-a".to_owned(), pod.clone(), inside_port));
    // Only the Pod's own ports: another host is refused, nothing opened.
    let local = crate::docker_env::free_port();
    let mut fwd = forward(&format!("10.0.0.9:{inside_port}"), local);
    assert_eq!(talk(local), "", "a host beyond the Pod");
    let _ = fwd.kill();
    let _ = fwd.wait();
    assert_eq!(fake.forwards().len(), 2);
    server.abort();

    // Commands without a terminal: `sh -c LINE` in the Pod, stdout and
    // stderr apart, the exit code ssh's.
    let o = ssh(port, "kim+podbox", "kim-password", &["hostname"], None).await;
    assert_eq!(
        (o.status.code(), out(&o)),
        (Some(0), format!("{pod}\n")),
        "{}",
        err(&o)
    );
    let o = ssh(port, "kim+podbox", "kim-password", &["exit", "3"], None).await;
    assert_eq!(o.status.code(), Some(3));
    let o = ssh(port, "kim+podbox", "kim-password", &["nosuch"], None).await;
    assert_eq!(o.status.code(), Some(127));
    assert_eq!(out(&o), "");
    assert!(err(&o).contains("sh: nosuch: not found"), "{}", err(&o));
    let command = fake.execs().pop().expect("the command's exec").command;
    assert_eq!(command, ["/bin/sh", "-c", "nosuch"]);
    // No command and no terminal (`ssh -T HOST < script`): the login shell
    // reads the script from stdin.
    let script = "echo one\nhostname\nnosuch\nexit 6\necho never\n";
    let o = ssh_text(port, "kim+podbox", "kim-password", &["-T"], script).await;
    assert_eq!(
        (o.status.code(), out(&o)),
        (Some(6), format!("one\n{pod}\n")),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains("sh: nosuch: not found"), "{}", err(&o));
    let exec = fake.execs().pop().expect("the shell's exec");
    assert_eq!(exec.command[..2], ["/bin/sh", "-c"]);
    assert!(exec.command[2].contains("exec sh -l"), "{:?}", exec.command);
    // Its end of input ends it: the last line's status.
    let o = ssh_text(port, "kim+podbox", "kim-password", &["-T"], "nosuch\n").await;
    assert_eq!(o.status.code(), Some(127), "{}", err(&o));
    // Not lee's instance: the same refusal as for any instance not hers.
    let execs = fake.execs().len();
    let o = ssh(port, "lee+podbox", "lee-password", &["hostname"], None).await;
    assert_ne!(o.status.code(), Some(0));
    assert_eq!(fake.execs().len(), execs, "no other exec was opened");

    let (st, _) = s
        .delete(&format!("/api/v1/instances/{}", inst["id"]), &kim)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    s.stop().await;
    fake.stop().await;
}
on_both!(ssh_into_a_pod);
