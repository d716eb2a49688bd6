//! The menu through a real terminal (tmux), direct logins, exec with exit status
//! and stderr, `stty size` and a resize, ownership (bob never reaches alice's
//! instance), disabled users refused and their open session ended.

use super::*;

/// Printed once per menu (the header's "序号" is in the prompt too, so it
/// cannot count menus: a wait on it ended while the shell was still running).
const MENU_PROMPT: &str = "(number to connect, q to quit)";

/// The whole user-facing flow on both databases.
async fn menu_direct_exec_and_ownership(site: &Site) {
    let s = TestServer::start(site).await;
    let port = s.ssh_port.expect("the jump host is on by default");
    let (_, image, spec) = catalog(&s, "jbnode", 4.0, 0.5, 0.25).await;
    let (_, alice) = s.user("alice", "user").await;
    let (_, bob) = s.user("bob", "user").await;
    let (carol_id, _) = s.user("carol", "user").await;
    // Container names hold the instance id and the second it was made: the
    // SQLite and PostgreSQL runs share one engine, so their names differ.
    let tag = match site.backend {
        crate::harness::Backend::Sqlite => "s",
        crate::harness::Backend::Postgres => "p",
    };
    let (an, bn) = (format!("abox{tag}"), format!("bbox{tag}"));
    let a = instance(&s, &alice, &an, image, spec).await;
    let b = instance(&s, &bob, &bn, image, spec).await;
    let a_id = a["id"].as_i64().unwrap();
    let a_short: String = a["container_id"]
        .as_str()
        .unwrap()
        .chars()
        .take(12)
        .collect();
    let (ap, bp, cp) = ("alice-password", "bob-password", "carol-password");

    // The menu in a real terminal: banner, alice's instance only, a shell
    // of the client's size and TERM, a resize, the menu again after exit.
    let t = Tmux::start(&tmux_ssh(port, "alice", ap), 100, 30);
    let screen = t.wait_for(MENU_PROMPT, 1).await;
    assert!(screen.contains("欢迎使用SSH跳板机服务"), "{screen}");
    assert!(
        screen.contains(&format!("1     {an}-{a_short}-jbnode")),
        "{screen}"
    );
    assert!(
        !screen.contains(&bn),
        "bob's instance in alice's menu:\n{screen}"
    );
    t.send("7");
    let screen = t.wait_for(MENU_PROMPT, 2).await;
    assert!(
        screen.matches(MENU_PROMPT).count() >= 2,
        "a wrong number re-prompts:\n{screen}"
    );
    t.send("1");
    t.wait_for(&format!("正在连接 {an}"), 1).await;
    t.send("echo hi-$((20+3)) term=$TERM");
    let screen = t.wait_for("hi-23 term=vt220", 1).await;
    assert!(screen.contains("hi-23 term=vt220"), "{screen}");
    t.send("stty size");
    let screen = t.wait_for("30 100", 1).await;
    assert!(
        screen.contains("30 100"),
        "the pty-req size at start:\n{screen}"
    );
    t.resize(120, 40);
    tokio::time::sleep(Duration::from_millis(300)).await;
    t.send("stty size");
    let screen = t.wait_for("40 120", 1).await;
    assert!(
        screen.contains("40 120"),
        "window-change resizes:\n{screen}"
    );
    t.send("exit");
    let screen = t.wait_for(MENU_PROMPT, 3).await;
    assert!(
        screen.matches(MENU_PROMPT).count() >= 3,
        "the menu returns after the shell:\n{screen}"
    );
    t.send("q");
    for _ in 0..100 {
        if t.pane_dead() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(t.pane_dead(), "q quits:\n{}", t.screen());
    drop(t);

    // Without a terminal: bob's menu has his instance, not alice's.
    let o = ssh_text(port, "bob", bp, &["-T"], "q\n").await;
    assert!(out(&o).contains(&bn), "{} / {}", out(&o), err(&o));
    assert!(!out(&o).contains(&an), "{}", out(&o));
    // Carol has none: a clear sentence, and the connection ends.
    let o = ssh_text(port, "carol", cp, &["-T"], "").await;
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(
        out(&o).contains("You have no running instance")
            || err(&o).contains("You have no running instance"),
        "{} / {}",
        out(&o),
        err(&o)
    );

    // Direct, by name and by id: exec with its exit status, stdout and
    // stderr apart.
    let o = ssh(
        port,
        &format!("alice+{an}"),
        ap,
        &["echo $((6*7)); echo oops >&2; exit 3"],
        None,
    )
    .await;
    assert_eq!(o.status.code(), Some(3), "{}", err(&o));
    assert_eq!(out(&o), "42\n");
    assert_eq!(err(&o), "oops\n");
    let o = ssh(port, &format!("alice+{a_id}"), ap, &["hostname"], None).await;
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        a["container_id"]
            .as_str()
            .unwrap()
            .starts_with(out(&o).trim()),
        "{}",
        out(&o)
    );
    // An exec without an instance says how to name one.
    let o = ssh(port, "alice", ap, &["true"], None).await;
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("alice+NAME"), "{}", err(&o));
    // A direct shell with a terminal: stdin is the terminal.
    let o = ssh_text(
        port,
        &format!("alice+{an}"),
        ap,
        &["-tt"],
        "echo direct-$((1+1))\nexit 5\n",
    )
    .await;
    assert_eq!(o.status.code(), Some(5), "{}", err(&o));
    assert!(out(&o).contains("direct-2"), "{}", out(&o));

    // bob reaches alice's instance neither by name nor by id, and learns
    // nothing about it (the same sentence as for a name that exists nowhere).
    for login in [
        format!("bob+{an}"),
        format!("bob+{a_id}"),
        "bob+nothing".to_owned(),
    ] {
        let o = ssh(port, &login, bp, &["echo reached"], None).await;
        assert_eq!(o.status.code(), Some(1), "{login}: {}", out(&o));
        assert!(!out(&o).contains("reached"), "{login}");
        assert!(
            err(&o).contains("no running instance named"),
            "{login}: {}",
            err(&o)
        );
    }

    // A disabled user cannot sign in; an open session of theirs ends.
    let t = Tmux::start(&tmux_ssh(port, &format!("alice+{an}"), ap), 80, 24);
    t.send("echo inside-$((2*4))");
    let screen = t.wait_for("inside-8", 1).await;
    assert!(screen.contains("inside-8"), "{screen}");
    let alice_id = a["owner_id"].as_i64().unwrap();
    set_enabled(&s, alice_id, false).await;
    for _ in 0..100 {
        if t.pane_dead() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        t.pane_dead(),
        "the session outlived the account:\n{}",
        t.screen()
    );
    drop(t);
    let o = ssh(port, &format!("alice+{an}"), ap, &["true"], None).await;
    assert_eq!(o.status.code(), Some(255), "{}", err(&o));
    assert!(err(&o).contains("Permission denied"), "{}", err(&o));
    set_enabled(&s, carol_id, false).await;
    let o = ssh(port, "carol", cp, &["-T"], None).await;
    assert_eq!(o.status.code(), Some(255), "{}", err(&o));

    // Every session in an instance is audited.
    let (_, audit) = s.get("/api/v1/audit?page_size=100", &s.admin_token).await;
    let entries = audit["items"].as_array().unwrap();
    let sessions: Vec<&Value> = entries
        .iter()
        .filter(|e| e["route"] == "jumpbox:session")
        .collect();
    assert!(sessions.len() >= 4, "{audit}");
    assert!(sessions.iter().all(|e| e["actor"] == "alice"), "{audit}");

    cleanup(&s, &[a_id, b["id"].as_i64().unwrap()]).await;
    s.stop().await;
}
on_both!(menu_direct_exec_and_ownership);
