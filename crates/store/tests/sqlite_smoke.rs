//! Repository behaviour on a real SQLite file. The PostgreSQL side is covered by
//! the server's integration tests, which run every scenario on both engines.
// Test code: a panic is a failed assertion, which is what we want here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::Utc;
use tianqi_core::page::PageQuery;
use tianqi_core::users::Role;
use tianqi_store::{NewUser, Store, StoreError, StoreOptions, UserFilter, UserPatch};

fn new_user(name: &str, role: Role) -> NewUser {
    NewUser {
        username: name.into(),
        password_hash: "h".into(),
        role,
        display_name: String::new(),
        email: String::new(),
        must_change_password: false,
        now: Utc::now(),
    }
}

#[tokio::test]
async fn users_filters_guards_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let url = Store::sqlite_url(dir.path());
    let store = Store::open(&url, &StoreOptions::default()).await.unwrap();
    let admin = store
        .insert_user(&new_user("root", Role::Admin))
        .await
        .unwrap();
    for i in 0..5 {
        store
            .insert_user(&new_user(&format!("u{i}"), Role::User))
            .await
            .unwrap();
    }
    store
        .insert_user(&new_user("a_b", Role::User))
        .await
        .unwrap();
    store
        .insert_user(&new_user("axb", Role::User))
        .await
        .unwrap();
    let dup = store.insert_user(&new_user("u1", Role::User)).await;
    assert!(matches!(dup, Err(StoreError::Unique(_))), "{dup:?}");

    let page = PageQuery {
        page: Some(1),
        page_size: Some(3),
    }
    .validate()
    .unwrap();
    let (items, total) = store
        .list_users(&UserFilter::default(), page)
        .await
        .unwrap();
    assert_eq!((items.len(), total), (3, 8));
    let f = UserFilter {
        role: Some(Role::Admin),
        ..Default::default()
    };
    let (items, total) = store.list_users(&f, page).await.unwrap();
    assert_eq!((items[0].username.as_str(), total), ("root", 1));
    // LIKE wildcards in the filter match literally
    let f = UserFilter {
        username_contains: Some("_".into()),
        ..Default::default()
    };
    let (items, _) = store.list_users(&f, page).await.unwrap();
    assert_eq!(
        items
            .iter()
            .map(|u| u.username.as_str())
            .collect::<Vec<_>>(),
        ["a_b"]
    );

    // the last enabled admin cannot be demoted, disabled or deleted
    let demote = UserPatch {
        role: Some(Role::User),
        ..Default::default()
    };
    assert!(store
        .update_user(admin.id, &demote, Utc::now())
        .await
        .unwrap()
        .is_none());
    let disable = UserPatch {
        enabled: Some(false),
        ..Default::default()
    };
    assert!(store
        .update_user(admin.id, &disable, Utc::now())
        .await
        .unwrap()
        .is_none());
    assert!(!store.delete_user(admin.id).await.unwrap());
    // with a second admin it can
    let second = store
        .insert_user(&new_user("root2", Role::Admin))
        .await
        .unwrap();
    let demoted = store
        .update_user(admin.id, &demote, Utc::now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(demoted.role, Role::User);
    assert!(!store.delete_user(second.id).await.unwrap());

    store.close().await;
    let again = Store::open(&url, &StoreOptions::default()).await.unwrap();
    let (_, total) = again
        .list_users(&UserFilter::default(), page)
        .await
        .unwrap();
    assert_eq!(total, 9);
}

/// The meter after a crash: a followed subject (a task run) whose end is
/// learned by the next server process closes at the last beat of the one
/// that saw it; one that process re-attached (and beat for) closes when it
/// ends; one ending under the process that saw it closes then.
#[tokio::test]
async fn followed_usage_closes_at_the_last_sighting_after_a_restart() {
    use tianqi_core::catalog::quantity::Price;
    use tianqi_core::usage::SubjectKind;
    use tianqi_store::{CloseAt, NewUsage};

    let dir = tempfile::tempdir().unwrap();
    let url = Store::sqlite_url(dir.path());
    let t0 = chrono::DateTime::parse_from_rfc3339("2026-03-01T00:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let min = chrono::Duration::minutes;
    let run = |id: i64| NewUsage {
        kind: SubjectKind::TaskRun,
        subject_id: id,
        subject_key: "",
        owner_id: 7,
        node_id: 1,
        spec_id: Some(2),
        cpu_milli: 1000,
        memory_mib: 512,
        gpus: &[],
        gpu_split: false,
        disk_gb: 0,
        price_per_hour: Price(10_000),
        at: t0,
    };
    let first = Store::open(&url, &StoreOptions::default()).await.unwrap();
    for id in [1, 2, 3] {
        first.open_usage(&run(id)).await.unwrap();
    }
    first
        .close_usage(SubjectKind::TaskRun, 3, "", CloseAt::Beat(t0 + min(10)))
        .await
        .unwrap();
    first.usage_heartbeat(t0 + min(5)).await.unwrap();
    drop(first); // the crash

    let next = Store::open(&url, &StoreOptions::default()).await.unwrap();
    // Run 1 is found gone at recovery, before any beat of this process.
    next.close_usage(SubjectKind::TaskRun, 1, "", CloseAt::Beat(t0 + min(60)))
        .await
        .unwrap();
    // Run 2 is re-attached: this process beats for it, then it ends.
    next.usage_heartbeat(t0 + min(61)).await.unwrap();
    next.close_usage(SubjectKind::TaskRun, 2, "", CloseAt::Beat(t0 + min(90)))
        .await
        .unwrap();
    let ends: Vec<_> = next
        .usage_intervals(Some(7), t0, t0 + min(120))
        .await
        .unwrap()
        .into_iter()
        .map(|iv| (iv.subject_id, iv.ended_at))
        .collect();
    let mut ends = ends;
    ends.sort();
    assert_eq!(
        ends,
        vec![
            (1, Some(t0 + min(5))),
            (2, Some(t0 + min(90))),
            (3, Some(t0 + min(10))),
        ]
    );
}

/// Two server processes on one database file: one holds a loop's lease,
/// the other is refused until it expires or is given up.
#[tokio::test]
async fn a_loop_lease_has_one_holder_until_it_expires() {
    let dir = tempfile::tempdir().unwrap();
    let url = Store::sqlite_url(dir.path());
    let a = Store::open(&url, &StoreOptions::default()).await.unwrap();
    let b = Store::open(&url, &StoreOptions::default()).await.unwrap();
    assert_ne!(a.holder(), b.holder());
    leases_have_one_holder(&a, &b).await;
}

/// The lease rules, on whichever engine `a` and `b` share (the PostgreSQL
/// run is in the server's tests/api/scale_out.rs).
async fn leases_have_one_holder(a: &Store, b: &Store) {
    let t0 = Utc::now();
    let secs = chrono::Duration::seconds;
    assert!(a
        .hold_lease("node-health", t0, t0 + secs(45))
        .await
        .unwrap());
    assert!(!b
        .hold_lease("node-health", t0 + secs(1), t0 + secs(46))
        .await
        .unwrap());
    assert!(
        b.hold_lease("audit-prune", t0, t0 + secs(45))
            .await
            .unwrap(),
        "leases are per loop"
    );
    // The holder renews.
    assert!(a
        .hold_lease("node-health", t0 + secs(30), t0 + secs(75))
        .await
        .unwrap());
    assert!(!b
        .hold_lease("node-health", t0 + secs(60), t0 + secs(105))
        .await
        .unwrap());
    assert_eq!(
        a.lease_holder("node-health").await.unwrap().as_deref(),
        Some(a.holder())
    );
    // The holder stops renewing (it died): after the expiry the other takes it.
    assert!(b
        .hold_lease("node-health", t0 + secs(76), t0 + secs(121))
        .await
        .unwrap());
    assert!(!a
        .hold_lease("node-health", t0 + secs(80), t0 + secs(125))
        .await
        .unwrap());
    // Given up, it is free at once.
    b.release_lease("node-health").await.unwrap();
    a.release_lease("audit-prune").await.unwrap(); // not a's: nothing happens
    assert_eq!(
        b.lease_holder("audit-prune").await.unwrap().as_deref(),
        Some(b.holder())
    );
    assert!(a
        .hold_lease("node-health", t0 + secs(81), t0 + secs(126))
        .await
        .unwrap());
}
