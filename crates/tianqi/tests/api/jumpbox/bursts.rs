//! The jump host under pressure: the sign-in throttle shared with the web, a
//! client that never reads, and thirty logins at once.

use super::*;

/// Wrong passwords count in the login throttle shared with the web (per user
/// and per address): past it even the right password is refused, on SSH and
/// on the web alike.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_passwords_are_throttled_with_the_web() {
    let site = Site::new(crate::harness::Backend::Sqlite).await;
    let mut config = site.config();
    config.auth.login_max_failures_per_user = 3;
    let s = TestServer::start_with(config, crate::harness::ADMIN_PASSWORD).await;
    let port = s.ssh_port.unwrap();
    s.user("erin", "user").await;
    for i in 0..3 {
        let o = ssh(port, "erin", &format!("wrong-{i}"), &["-T"], None).await;
        assert_eq!(o.status.code(), Some(255), "{}", err(&o));
    }
    let o = ssh(port, "erin", "erin-password", &["-T"], None).await;
    assert_eq!(
        o.status.code(),
        Some(255),
        "the right password past the limit: {}",
        err(&o)
    );
    assert!(err(&o).contains("Permission denied"), "{}", err(&o));
    let (st, _) = s.login("erin", "erin-password").await;
    assert_eq!(
        st,
        StatusCode::TOO_MANY_REQUESTS,
        "the web shares the throttle"
    );
    // refusals are audited
    let (_, audit) = s.get("/api/v1/audit?page_size=100", &s.admin_token).await;
    let refused = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["route"] == "jumpbox:auth")
        .count();
    assert!(refused >= 3, "{audit}");
    s.finish(site).await;
}

/// A client that never reads its output (an `ssh` whose stdout pipe nobody
/// drains, behind a process streaming without end) stalls only itself: other
/// users' sessions, and the API, keep answering at once.
#[tokio::test]
async fn a_client_that_never_reads_stalls_only_itself() {
    let site = Site::new(crate::harness::Backend::Sqlite).await;
    let s = TestServer::start(&site).await;
    let port = s.ssh_port.unwrap();
    let (_, image, spec) = catalog(&s, "jbstall", 4.0, 0.5, 0.25).await;
    let (_, lee) = s.user("lee", "user").await;
    let (_, max) = s.user("max", "user").await;
    let a = instance(&s, &lee, "flood", image, spec).await;
    let b = instance(&s, &max, "calm", image, spec).await;
    let mut stalled = std::process::Command::new("sshpass");
    stalled
        .args(["-p", "lee-password", "ssh"])
        .args(ssh_args(port))
        .arg("lee+flood@127.0.0.1")
        .arg("cat /dev/zero")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped()) // never read
        .stderr(std::process::Stdio::null());
    let mut stalled = stalled.spawn().unwrap();
    // Long enough for every buffer on the way (pipe, ssh, SSH window) to fill.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        stalled.try_wait().unwrap().is_none(),
        "the flood still runs"
    );
    for i in 0..5 {
        let t = Instant::now();
        let o = ssh(
            port,
            "max+calm",
            "max-password",
            &[&format!("echo calm-{i}")],
            None,
        )
        .await;
        assert_eq!(o.status.code(), Some(0), "{}", err(&o));
        assert_eq!(out(&o).trim(), format!("calm-{i}"));
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "another user's session took {:?} beside a stalled one",
            t.elapsed()
        );
    }
    let (st, _) = s.get("/api/v1/jumpbox/info", &max).await;
    assert_eq!(st, StatusCode::OK);
    // The stalled one is still there, and ends with its client.
    assert!(stalled.try_wait().unwrap().is_none());
    stalled.kill().unwrap();
    stalled.wait().unwrap();
    cleanup(&s, &[a["id"].as_i64().unwrap(), b["id"].as_i64().unwrap()]).await;
    s.stop().await;
}

/// 30 people of one lab (one address, one account) sign in at once, each
/// running a command that outlives a few session rechecks: every one gets in
/// and finishes. Sign-ins over the throttle's limits wait for the checks
/// ahead of them instead of being refused, and a session opened while a
/// recheck is reading the store is not taken for one whose access ended.
#[tokio::test]
async fn thirty_logins_at_once_all_get_in_and_stay() {
    let site = Site::new(crate::harness::Backend::Sqlite).await;
    let mut config = site.config();
    config.sessions.max_per_user = 64;
    config.sessions.recheck_secs = 1;
    let s = TestServer::start_with(config, crate::harness::ADMIN_PASSWORD).await;
    let port = s.ssh_port.unwrap();
    let (_, image, spec) = catalog(&s, "jbmany", 4.0, 0.5, 0.25).await;
    let (_, kim) = s.user("kim", "user").await;
    let inst = instance(&s, &kim, "lab", image, spec).await;
    let runs = (0..30).map(|i| async move {
        let cmd = format!("sleep 3; echo done-{i}");
        (i, ssh(port, "kim+lab", "kim-password", &[&cmd], None).await)
    });
    for (i, o) in futures::future::join_all(runs).await {
        assert_eq!(o.status.code(), Some(0), "login {i}: {}", err(&o));
        assert_eq!(out(&o).trim(), format!("done-{i}"), "login {i}");
    }
    cleanup(&s, &[inst["id"].as_i64().unwrap()]).await;
    s.stop().await;
}
