//! Session recordings (`jumpbox.record`): a real terminal (tmux running
//! OpenSSH) in a real container is written as asciicast v2, listed, streamed
//! and deleted by admins only; old ones go with the retention round; with
//! recording off nothing is written.

use super::*;

/// The admins' list, waited on until its newest recording has ended (the
/// writer finishes the file and its row just after the session).
async fn ended_recordings(s: &TestServer, query: &str, want: usize) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (st, page) = s
            .get(
                &format!("/api/v1/jumpbox/recordings{query}"),
                &s.admin_token,
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{page}");
        let items = page["items"].as_array().unwrap();
        if items.len() >= want && items.iter().all(|r| !r["ended_at"].is_null()) {
            return page;
        }
        assert!(Instant::now() < deadline, "no ended recording: {page}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until ssh in the pane has exited.
async fn wait_dead(t: &Tmux) {
    for _ in 0..200 {
        if t.pane_dead() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("ssh did not exit:\n{}", t.screen());
}

fn cast_files(dir: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(d) => d.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

/// A direct terminal session with an echo and a resize: recorded with the
/// client's size and TERM, the echoed text and an "r" event; a command
/// without a pty is not recorded; users get 403; delete removes the file.
async fn terminal_sessions_are_recorded(site: &Site) {
    let mut config = site.config();
    config.jumpbox.record = true;
    let s = TestServer::start_with(config, crate::harness::ADMIN_PASSWORD).await;
    let port = s.ssh_port.unwrap();
    let tag = match site.backend {
        crate::harness::Backend::Sqlite => "s",
        crate::harness::Backend::Postgres => "p",
    };
    let (_, image, spec) = catalog(&s, "jbrec", 4.0, 0.5, 0.25).await;
    let (ivy_id, ivy) = s.user("ivy", "user").await;
    let name = format!("recbox{tag}");
    let inst = instance(&s, &ivy, &name, image, spec).await;
    let inst_id = inst["id"].as_i64().unwrap();

    let t = Tmux::start(
        &tmux_ssh(port, &format!("ivy+{name}"), "ivy-password"),
        100,
        30,
    );
    t.send("echo rec-$((6*7))");
    let screen = t.wait_for("rec-42", 1).await;
    assert!(screen.contains("rec-42"), "{screen}");
    t.resize(120, 40);
    tokio::time::sleep(Duration::from_millis(300)).await;
    t.send("stty size");
    let screen = t.wait_for("40 120", 1).await;
    assert!(screen.contains("40 120"), "{screen}");
    t.send("exit");
    wait_dead(&t).await;
    drop(t);

    let page = ended_recordings(&s, "", 1).await;
    assert_eq!(page["total"], 1, "{page}");
    let rec = &page["items"][0];
    assert_eq!(rec["username"], "ivy");
    assert_eq!(rec["user_id"], ivy_id);
    assert_eq!(rec["instance_name"], name.as_str());
    assert_eq!(rec["instance_id"], inst_id);
    assert_eq!(rec["source_ip"], "127.0.0.1");
    assert_eq!(
        (rec["cols"].as_i64(), rec["rows"].as_i64()),
        (Some(100), Some(30))
    );
    assert_eq!(rec["term"], "vt220");
    assert_eq!(rec["truncated"], false);
    assert!(rec["bytes"].as_i64().unwrap() > 0, "{rec}");
    let id = rec["id"].as_i64().unwrap();

    // Filters.
    let (_, by_user) = s
        .get(
            &format!("/api/v1/jumpbox/recordings?user_id={ivy_id}&instance_id={inst_id}"),
            &s.admin_token,
        )
        .await;
    assert_eq!(by_user["total"], 1, "{by_user}");
    let (_, other) = s
        .get(
            &format!("/api/v1/jumpbox/recordings?user_id={}", ivy_id + 1000),
            &s.admin_token,
        )
        .await;
    assert_eq!(other["total"], 0, "{other}");
    let (st, bad) = s
        .get("/api/v1/jumpbox/recordings?page_size=0", &s.admin_token)
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");

    // The cast: asciicast v2 with the client's size, the echo, a resize.
    let res = s
        .http
        .get(s.url(&format!("/api/v1/jumpbox/recordings/{id}/cast")))
        .bearer_auth(&s.admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "application/x-asciicast"
    );
    let cast = res.text().await.unwrap();
    assert_eq!(cast.len() as i64, rec["file_bytes"].as_i64().unwrap());
    let mut lines = cast.lines();
    let header: Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(header["version"], 2, "{header}");
    assert_eq!(
        (header["width"].as_i64(), header["height"].as_i64()),
        (Some(100), Some(30))
    );
    assert_eq!(header["env"]["TERM"], "vt220");
    let events: Vec<Value> = lines.map(|l| serde_json::from_str(l).unwrap()).collect();
    let output: String = events
        .iter()
        .filter(|e| e[1] == "o")
        .map(|e| e[2].as_str().unwrap())
        .collect();
    assert!(output.contains("rec-42"), "{output}");
    assert!(
        events.iter().any(|e| e[1] == "r" && e[2] == "120x40"),
        "no resize event: {cast}"
    );
    let times: Vec<f64> = events.iter().map(|e| e[0].as_f64().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");

    // On disk: 0700 directory, 0600 file.
    use std::os::unix::fs::PermissionsExt;
    let dir = site.data_dir().join("recordings");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    let files = cast_files(&dir);
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(mode(&files[0]), 0o600);

    // A command without a pty is not recorded.
    let o = ssh(
        port,
        &format!("ivy+{name}"),
        "ivy-password",
        &["echo plain"],
        None,
    )
    .await;
    assert_eq!(out(&o), "plain\n", "{}", err(&o));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, page) = s.get("/api/v1/jumpbox/recordings", &s.admin_token).await;
    assert_eq!(page["total"], 1, "{page}");

    // Users: 403 on all three.
    for path in [
        "/api/v1/jumpbox/recordings".to_owned(),
        format!("/api/v1/jumpbox/recordings/{id}/cast"),
    ] {
        let (st, _) = s.get(&path, &ivy).await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{path}");
    }
    let (st, _) = s
        .delete(&format!("/api/v1/jumpbox/recordings/{id}"), &ivy)
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    assert_eq!(cast_files(&dir).len(), 1);

    // Delete: the file and the row go.
    let (st, _) = s
        .delete(&format!("/api/v1/jumpbox/recordings/{id}"), &s.admin_token)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    assert!(cast_files(&dir).is_empty());
    let (_, page) = s.get("/api/v1/jumpbox/recordings", &s.admin_token).await;
    assert_eq!(page["total"], 0, "{page}");
    for (st, _) in [
        s.delete(&format!("/api/v1/jumpbox/recordings/{id}"), &s.admin_token)
            .await,
        s.get(
            &format!("/api/v1/jumpbox/recordings/{id}/cast"),
            &s.admin_token,
        )
        .await,
    ] {
        assert_eq!(st, StatusCode::NOT_FOUND);
    }

    cleanup(&s, &[inst_id]).await;
    s.stop().await;
}
on_both!(terminal_sessions_are_recorded);

/// A recording made 40 days ago (the server's clock set back) is removed,
/// file and row, by the retention round at the next start (30 days); with
/// `jumpbox.record = false` a session writes nothing.
async fn old_recordings_go_and_off_records_nothing(site: &Site) {
    let tag = match site.backend {
        crate::harness::Backend::Sqlite => "s",
        crate::harness::Backend::Postgres => "p",
    };
    let mut config = site.config();
    config.jumpbox.record = true;
    let earlier = chrono::Utc::now() - chrono::Duration::days(40);
    let s = TestServer::start_at(config.clone(), crate::harness::ADMIN_PASSWORD, earlier).await;
    let port = s.ssh_port.unwrap();
    let (_, image, spec) = catalog(&s, "jbret", 4.0, 0.5, 0.25).await;
    let (_, jo) = s.user("jo", "user").await;
    let old = instance(&s, &jo, &format!("oldbox{tag}"), image, spec).await;
    let t = Tmux::start(
        &tmux_ssh(port, &format!("jo+oldbox{tag}"), "jo-password"),
        80,
        24,
    );
    t.send("echo old-$((1+1))");
    t.wait_for("old-2", 1).await;
    t.send("exit");
    wait_dead(&t).await;
    drop(t);
    let page = ended_recordings(&s, "", 1).await;
    assert_eq!(page["total"], 1, "{page}");
    let dir = site.data_dir().join("recordings");
    assert_eq!(cast_files(&dir).len(), 1);
    cleanup(&s, &[old["id"].as_i64().unwrap()]).await;
    s.stop().await;

    config.jumpbox.record = false;
    let s = TestServer::start_with(config, crate::harness::ADMIN_PASSWORD).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, page) = s.get("/api/v1/jumpbox/recordings", &s.admin_token).await;
        if page["total"] == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "not removed: {page}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(cast_files(&dir).is_empty(), "{:?}", cast_files(&dir));

    // Recording off: a terminal session leaves no file and no row.
    let jo = s.login_ok("jo", "jo-password").await;
    let new = instance(&s, &jo, &format!("newbox{tag}"), image, spec).await;
    let port = s.ssh_port.unwrap();
    let t = Tmux::start(
        &tmux_ssh(port, &format!("jo+newbox{tag}"), "jo-password"),
        80,
        24,
    );
    t.send("echo new-$((2+2))");
    t.wait_for("new-4", 1).await;
    t.send("exit");
    wait_dead(&t).await;
    drop(t);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (_, page) = s.get("/api/v1/jumpbox/recordings", &s.admin_token).await;
    assert_eq!(page["total"], 0, "{page}");
    assert!(cast_files(&dir).is_empty());
    cleanup(&s, &[new["id"].as_i64().unwrap()]).await;
    s.stop().await;
}
on_both!(old_recordings_go_and_off_records_nothing);
