//! The jump host into an instance on a Kubernetes node (the fake API
//! server's cluster), through the real OpenSSH client in a real terminal:
//! a login shell in the Pod's `main` container over the cluster's exec, of
//! the client's size, its exit code the session's; a command (no pty) is
//! refused with the reason; another user cannot reach it.

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
    let (_, img) = s
        .post(
            "/api/v1/images",
            a,
            json!({"name": "bb", "address": "busybox:1.36", "keep_alive_command": ["sleep", "infinity"]}),
        )
        .await;
    let (_, spec) = s
        .post(
            "/api/v1/specs",
            a,
            json!({"name": "one", "cpu_cores": 1, "memory_gb": 1, "system_disk_gb": 1}),
        )
        .await;
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
    let status = t.tmux(&["display-message", "-p", "-t", "t", "#{pane_dead_status}"]);
    assert_eq!(status.trim(), "4", "the shell's exit code is the session's");
    let exec = fake.execs().pop().expect("an exec");
    assert_eq!(
        (exec.pod.as_str(), exec.container.as_deref()),
        (pod.as_str(), Some("main"))
    );

    // A command without a pty: refused, saying why.
    let o = ssh(port, "kim+podbox", "kim-password", &["ls", "/"], None).await;
    assert_ne!(o.status.code(), Some(0));
    let said = format!("{}{}", out(&o), err(&o));
    assert!(said.contains("Kubernetes"), "{said}");
    // Not lee's instance: the same refusal as for any instance not hers.
    let o = ssh(port, "lee+podbox", "lee-password", &["hostname"], None).await;
    assert_ne!(o.status.code(), Some(0));
    assert_eq!(fake.execs().len(), 1, "no other exec was opened");

    let (st, _) = s
        .delete(&format!("/api/v1/instances/{}", inst["id"]), &kim)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    s.stop().await;
    fake.stop().await;
}
on_both!(ssh_into_a_pod);
