use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::*;
use crate::clock::{Clock, ManualClock};
use crate::Error;

fn resolve(program: &str) -> Option<PathBuf> {
    match program {
        "python3" => Some(PathBuf::from("/usr/bin/python3")),
        "/bin/sh" => Some(PathBuf::from("/bin/sh")),
        _ => None,
    }
}

fn ctx() -> ValidateContext<'static> {
    ValidateContext {
        scripts_root: Path::new("/srv/scripts"),
        resolve: &resolve,
    }
}

fn fields(json: serde_json::Value) -> TaskFields {
    serde_json::from_value(json).unwrap()
}

fn field_of(r: crate::Result<TaskSpec>) -> String {
    match r {
        Err(Error::Validation { field, .. }) => field,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[test]
fn the_seed_task_validates_with_defaults() {
    let spec = fields(serde_json::json!({
        "id": "example-task",
        "script_path": "scripts/example.py",
        "interval_minutes": 5,
        "execute_path": "python3",
        "enabled": true,
        "description": "示例任务",
        "timeout": 300,
        "retry_count": 3,
        "retry_delay": 60,
        "environment": {"PYTHONPATH": "/path/to/scripts"}
    }))
    .into_spec(&ctx())
    .unwrap();
    assert_eq!(spec.name, "example-task");
    assert_eq!(spec.interval_seconds, Some(300));
    assert_eq!(spec.retry_delay_ms, 60_000);
    assert_eq!(spec.max_restarts, 16);
    assert_eq!(spec.min_uptime_ms, 1_000);
    assert_eq!(spec.overlap, Overlap::Skip);
    assert_eq!(spec.catch_up, CatchUp::None);
    assert_eq!(
        spec.argv(Path::new("/srv/scripts")).unwrap(),
        vec!["python3", "/srv/scripts/scripts/example.py"]
    );
    // Export and back gives the same definition.
    let again = spec.to_fields("example-task").into_spec(&ctx()).unwrap();
    assert_eq!(again, spec);
}

#[test]
fn bad_input_names_the_field() {
    let base = serde_json::json!({"id": "t", "execute_path": "python3", "script_path": "a.py"});
    let with = |k: &str, v: serde_json::Value| {
        let mut b = base.clone();
        b[k] = v;
        fields(b).into_spec(&ctx())
    };
    assert_eq!(field_of(with("cron", "61 * * * *".into())), "cron");
    assert_eq!(field_of(with("cron", "not a cron".into())), "cron");
    assert_eq!(
        field_of(with("interval_minutes", 0.into())),
        "interval_minutes"
    );
    assert_eq!(
        field_of(with("interval_seconds", 0.into())),
        "interval_seconds"
    );
    assert_eq!(
        field_of(with("environment", serde_json::json!({"A=B": "x"}))),
        "environment"
    );
    assert_eq!(
        field_of(with("script_path", "../../etc/passwd".into())),
        "script_path"
    );
    assert_eq!(
        field_of(with("script_path", "a/../../b.py".into())),
        "script_path"
    );
    assert_eq!(
        field_of(with("execute_path", "nosuchinterp".into())),
        "execute_path"
    );
    assert_eq!(field_of(with("cwd", "../x".into())), "cwd");
    assert_eq!(
        field_of(with("timezone", "Mars/Olympus".into())),
        "timezone"
    );
    assert_eq!(field_of(with("retry_backoff", 0.5.into())), "retry_backoff");
    assert_eq!(field_of(with("kill_timeout", 0.into())), "kill_timeout");
    assert_eq!(field_of(with("command", "echo hi".into())), "command");
    let mut both = base.clone();
    both["cron"] = "* * * * *".into();
    both["interval_minutes"] = 1.into();
    assert_eq!(field_of(fields(both).into_spec(&ctx())), "cron");
    assert_eq!(
        field_of(fields(serde_json::json!({"id": "t"})).into_spec(&ctx())),
        "execute_path"
    );
    // Inside the root after normalising is fine.
    assert!(with("script_path", "a/../b.py".into()).is_ok());
    assert!(super::validate_id("id", "../x").is_err());
    assert!(super::validate_id("id", "example-task").is_ok());
}

#[test]
fn argv_is_never_a_shell_string_unless_asked() {
    let spec = fields(serde_json::json!({
        "id": "t", "execute_path": "python3", "script_path": "/opt/a b.py",
        "args": ["--name", "x; rm -rf /", "$(id)"]
    }))
    .into_spec(&ctx())
    .unwrap();
    assert_eq!(
        spec.argv(Path::new("/r")).unwrap(),
        vec!["python3", "/opt/a b.py", "--name", "x; rm -rf /", "$(id)"]
    );
    let sh = fields(serde_json::json!({"id": "t", "shell": true, "command": "echo $HOME | wc"}))
        .into_spec(&ctx())
        .unwrap();
    assert_eq!(
        sh.argv(Path::new("/r")).unwrap(),
        vec!["/bin/sh", "-c", "echo $HOME | wc"]
    );
    assert_eq!(
        field_of(
            fields(serde_json::json!({"id": "t", "shell": true, "command": "x", "execute_path": "python3"}))
                .into_spec(&ctx())
        ),
        "shell"
    );
}

#[test]
fn container_targets_need_image_and_spec_and_take_paths_as_the_image_has_them() {
    let base = serde_json::json!({"id": "c", "target": "container", "image_id": 1, "spec_id": 2});
    let with = |extra: serde_json::Value| {
        let mut b = base.clone();
        b.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        fields(b)
    };
    // Not on the server's PATH, relative script: fine inside an image.
    let spec = with(
        serde_json::json!({"execute_path": "node", "script_path": "app/run.js",
                                        "args": ["a b"], "cwd": "/work"}),
    )
    .into_spec(&ctx())
    .unwrap();
    assert_eq!((spec.image_id, spec.spec_id), (Some(1), Some(2)));
    assert_eq!(
        spec.container_argv().unwrap(),
        ["node", "app/run.js", "a b"]
    );
    let shell = with(serde_json::json!({"shell": true, "command": "echo $HOME"}))
        .into_spec(&ctx())
        .unwrap();
    assert_eq!(
        shell.container_argv().unwrap(),
        ["/bin/sh", "-c", "echo $HOME"]
    );
    for (json, field) in [
        (
            serde_json::json!({"id": "c", "target": "container", "spec_id": 2, "execute_path": "x"}),
            "image_id",
        ),
        (
            serde_json::json!({"id": "c", "target": "container", "image_id": 1, "execute_path": "x"}),
            "spec_id",
        ),
        (
            serde_json::json!({"id": "c", "target": "container", "image_id": 1, "spec_id": 2}),
            "execute_path",
        ),
    ] {
        assert_eq!(field_of(fields(json).into_spec(&ctx())), field);
    }
    assert_eq!(
        field_of(with(serde_json::json!({"execute_path": "x", "cwd": "rel"})).into_spec(&ctx())),
        "cwd"
    );
    // Switching back to host drops the image and checks the host's PATH.
    let host = fields(serde_json::json!({"target": "host"})).over(spec.to_fields("c"));
    assert_eq!(field_of(host.into_spec(&ctx())), "execute_path");
    let host = fields(
        serde_json::json!({"execute_path": "python3", "script_path": "a.py",
                                         "cwd": "", "target": "host"}),
    )
    .over(spec.to_fields("c"))
    .into_spec(&ctx())
    .unwrap();
    assert_eq!((host.image_id, host.spec_id), (None, None));
    // Definitions stored before targets existed read as host tasks.
    let mut old = serde_json::to_value(TaskSpec::default()).unwrap();
    old.as_object_mut().unwrap().remove("image_id");
    old.as_object_mut().unwrap().remove("spec_id");
    let old: TaskSpec = serde_json::from_value(old).unwrap();
    assert_eq!((old.target, old.image_id), (Target::Host, None));
}

#[test]
fn updates_overlay_and_switch_schedules() {
    let spec =
        fields(serde_json::json!({"id": "t", "execute_path": "python3", "cron": "0 0 * * * *"}))
            .into_spec(&ctx())
            .unwrap();
    let patch = fields(serde_json::json!({"interval_seconds": 30, "description": "d"}));
    let next = patch.over(spec.to_fields("t")).into_spec(&ctx()).unwrap();
    assert_eq!(next.cron, None);
    assert_eq!(next.interval_seconds, Some(30));
    assert_eq!(next.description, "d");
    assert_eq!(next.execute_path.as_deref(), Some("python3"));
}

#[test]
fn due_by_names_what_the_next_round_fires_and_leaves_it() {
    let t0 = utc("2026-01-01T00:00:00Z");
    let mut agenda = Agenda::new();
    let every = |secs| Schedule::build(Some(secs), None, "UTC").unwrap();
    agenda.upsert("ten", every(10), CatchUp::None, None, t0);
    agenda.upsert("twenty", every(20), CatchUp::None, None, t0);
    let at_ten = utc("2026-01-01T00:00:10Z");
    assert_eq!(agenda.due_by(at_ten), vec!["ten".to_string()]);
    let mut both = agenda.due_by(utc("2026-01-01T00:00:20Z"));
    both.sort();
    assert_eq!(both, ["ten", "twenty"]);
    // Nothing was taken: the round at ten still fires it, then it is not due.
    let fired: Vec<String> = agenda.take_due(at_ten).into_iter().map(|f| f.id).collect();
    assert_eq!(fired, ["ten"]);
    assert!(agenda.due_by(at_ten).is_empty());
}

#[test]
fn intervals_stay_on_their_grid() {
    let s = Schedule::build(Some(10), None, "UTC").unwrap();
    let t0 = utc("2026-01-01T00:00:00Z");
    let first = s.first(t0).unwrap();
    assert_eq!(first, utc("2026-01-01T00:00:10Z"));
    // Woken 3.7 s late: the next tick is still on the grid.
    let d = s.decide(
        first,
        first + chrono::Duration::milliseconds(3_700),
        CatchUp::None,
    );
    assert!(d.fire && !d.missed);
    assert_eq!(d.next, Some(utc("2026-01-01T00:00:20Z")));
    // Down for a minute: no burst; none skips, once runs once.
    let late = first + chrono::Duration::seconds(61);
    let none = s.decide(first, late, CatchUp::None);
    assert!(!none.fire && none.missed);
    assert_eq!(none.next, Some(utc("2026-01-01T00:01:20Z")));
    let once = s.decide(first, late, CatchUp::Once);
    assert!(once.fire && once.missed);
    assert_eq!(once.next, none.next);
    assert_eq!(s.upcoming(t0, 3).len(), 3);
}

#[test]
fn cron_with_seconds_and_time_zone() {
    let s = Schedule::build(None, Some("30 15 9 * * *"), "Asia/Shanghai").unwrap();
    let next = s.after(utc("2026-05-01T00:00:00Z"), utc("2026-05-01T00:00:00Z"));
    assert_eq!(next, Some(utc("2026-05-01T01:15:30Z")));
    let five = Schedule::build(None, Some("*/5 * * * *"), "UTC").unwrap();
    assert_eq!(
        five.upcoming(utc("2026-05-01T00:01:00Z"), 5),
        vec![
            utc("2026-05-01T00:05:00Z"),
            utc("2026-05-01T00:10:00Z"),
            utc("2026-05-01T00:15:00Z"),
            utc("2026-05-01T00:20:00Z"),
            utc("2026-05-01T00:25:00Z"),
        ]
    );
}

/// Drives the agenda minute by minute over a day and answers the fires of
/// task `t`.
fn fires_over(expr: &str, tz: &str, from: &str, hours: i64) -> Vec<DateTime<Utc>> {
    let clock = ManualClock::new(utc(from));
    let mut agenda = Agenda::new();
    let s = Schedule::build(None, Some(expr), tz).unwrap();
    agenda.upsert("t", s, CatchUp::None, None, clock.now());
    let mut out = Vec::new();
    for _ in 0..hours * 60 {
        clock.advance(Duration::from_secs(60));
        for f in agenda.take_due(clock.now()) {
            assert!(!f.missed, "a minute step never misses a daily tick");
            out.push(f.due);
        }
    }
    out
}

#[test]
fn dst_fold_fires_once_berlin_and_new_york() {
    // Europe/Berlin falls back on 2026-10-25: 02:30 happens twice.
    let berlin = fires_over("0 30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z", 48);
    assert_eq!(
        berlin,
        vec![utc("2026-10-25T00:30:00Z"), utc("2026-10-26T01:30:00Z")]
    );
    // America/New_York falls back on 2026-11-01: 01:30 happens twice.
    let ny = fires_over(
        "0 30 1 * * *",
        "America/New_York",
        "2026-10-31T12:00:00Z",
        48,
    );
    assert_eq!(
        ny,
        vec![utc("2026-11-01T05:30:00Z"), utc("2026-11-02T06:30:00Z")]
    );
}

#[test]
fn dst_gap_fires_once_after_the_gap() {
    // Europe/Berlin springs forward on 2026-03-29: 02:30 does not exist.
    let berlin = fires_over("0 30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z", 48);
    assert_eq!(
        berlin,
        vec![utc("2026-03-29T01:00:00Z"), utc("2026-03-30T00:30:00Z")]
    );
    // America/New_York springs forward on 2026-03-08.
    let ny = fires_over(
        "0 30 2 * * *",
        "America/New_York",
        "2026-03-07T12:00:00Z",
        48,
    );
    assert_eq!(
        ny,
        vec![utc("2026-03-08T07:00:00Z"), utc("2026-03-09T06:30:00Z")]
    );
    // An interval is in real time: unaffected by the change.
    let s = Schedule::build(Some(3600), None, "Europe/Berlin").unwrap();
    let t = utc("2026-03-29T00:00:00Z");
    assert_eq!(s.after(t, t), Some(utc("2026-03-29T01:00:00Z")));
}

/// 1,000 tasks (intervals of 1–60 s and cron expressions with seconds in
/// four time zones) under a controlled clock: every run is on its grid (no
/// drift) and within one loop step of its tick; after a ten-minute pause
/// each task comes up once at most (no burst), then goes on on its grid.
#[test]
fn a_thousand_tasks_no_drift_no_burst() {
    let start = utc("2026-06-01T00:00:00.000Z");
    let clock = ManualClock::new(start);
    let mut agenda = Agenda::new();
    let zones = ["UTC", "Asia/Shanghai", "Europe/Berlin", "America/New_York"];
    let steps = [1u32, 2, 3, 5, 10, 15, 20, 30];
    let mut period_ms: HashMap<String, i64> = HashMap::new();
    let mut anchor: HashMap<String, DateTime<Utc>> = HashMap::new();
    for i in 0..1000u32 {
        let id = format!("task-{i}");
        let (schedule, period, catch_up) = if i.is_multiple_of(3) {
            let k = steps[(i as usize / 3) % steps.len()];
            let expr = format!("*/{k} * * * * *");
            let tz = zones[i as usize % zones.len()];
            (
                Schedule::build(None, Some(&expr), tz).unwrap(),
                i64::from(k) * 1000,
                CatchUp::None,
            )
        } else {
            let every = u64::from(1 + i % 60);
            let c = if i.is_multiple_of(2) {
                CatchUp::Once
            } else {
                CatchUp::None
            };
            (
                Schedule::build(Some(every), None, "UTC").unwrap(),
                every as i64 * 1000,
                c,
            )
        };
        let first = agenda
            .upsert(&id, schedule, catch_up, None, clock.now())
            .unwrap();
        period_ms.insert(id.clone(), period);
        anchor.insert(id, first);
    }
    assert_eq!(agenda.len(), 1000);

    let step = Duration::from_millis(250);
    let mut last: HashMap<String, DateTime<Utc>> = HashMap::new();
    let mut count: HashMap<String, i64> = HashMap::new();
    // Ten minutes of 250 ms loop steps.
    for _ in 0..(600 * 4) {
        clock.advance(step);
        let now = clock.now();
        for f in agenda.take_due(now) {
            assert!(f.run && !f.missed, "{f:?}");
            let lag = (now - f.due).num_milliseconds();
            assert!((0..250).contains(&lag), "{} ran {lag} ms late", f.id);
            let period = period_ms[&f.id];
            if let Some(prev) = last.get(&f.id) {
                assert_eq!((f.due - *prev).num_milliseconds(), period, "{}", f.id);
            }
            assert_eq!((f.due - anchor[&f.id]).num_milliseconds() % period, 0);
            last.insert(f.id.clone(), f.due);
            *count.entry(f.id).or_default() += 1;
        }
    }
    for (id, period) in &period_ms {
        let elapsed = (clock.now() - anchor[id]).num_milliseconds();
        assert_eq!(count[id], elapsed / period + 1, "{id}");
    }

    // The loop stalls for ten minutes.
    clock.advance(Duration::from_secs(600));
    let now = clock.now();
    let after_pause = agenda.take_due(now);
    let mut seen = std::collections::HashSet::new();
    for f in &after_pause {
        assert!(
            seen.insert(f.id.clone()),
            "{} fired twice after the pause",
            f.id
        );
        assert!(f.missed);
        let id: u32 = f.id["task-".len()..].parse().unwrap();
        let once = !id.is_multiple_of(3) && id.is_multiple_of(2);
        assert_eq!(f.run, once, "{}", f.id);
        let next = f.next.unwrap();
        assert!(next > now);
        assert_eq!(
            (next - anchor[&f.id]).num_milliseconds() % period_ms[&f.id],
            0
        );
    }
    assert_eq!(after_pause.len(), 1000);
    assert!(agenda.take_due(now).is_empty());
}

#[test]
fn keep_alive_backs_off_and_gives_up() {
    assert_eq!(keep_alive_delay(1), Duration::from_millis(100));
    assert_eq!(keep_alive_delay(2), Duration::from_millis(150));
    assert_eq!(keep_alive_delay(3), Duration::from_millis(225));
    assert_eq!(keep_alive_delay(40), Duration::from_secs(15));
    let spec = TaskSpec {
        max_restarts: 3,
        stop_exit_codes: vec![7],
        ..TaskSpec::default()
    };
    let mut st = KeepAliveState::default();
    let quick = Duration::from_millis(10);
    for n in 1..=3 {
        assert_eq!(
            st.on_exit(&spec, ExitOutcome::Code(1), quick),
            KeepAliveDecision::Restart {
                delay: keep_alive_delay(n),
                restarts: n
            }
        );
    }
    assert_eq!(
        st.on_exit(&spec, ExitOutcome::Code(1), quick),
        KeepAliveDecision::GaveUp
    );
    // A run that stayed up starts the count over.
    let mut st = KeepAliveState { quick_restarts: 3 };
    assert!(matches!(
        st.on_exit(&spec, ExitOutcome::Signal(9), Duration::from_secs(2)),
        KeepAliveDecision::Restart { restarts: 1, .. }
    ));
    assert_eq!(
        st.on_exit(&spec, ExitOutcome::Code(7), quick),
        KeepAliveDecision::Done
    );
}

#[test]
fn retries_back_off() {
    let spec = TaskSpec {
        retry_delay_ms: 1000,
        retry_backoff: 2.0,
        ..TaskSpec::default()
    };
    assert_eq!(retry_delay(&spec, 1), Duration::from_secs(1));
    assert_eq!(retry_delay(&spec, 3), Duration::from_secs(4));
}

#[test]
fn overlap_policies() {
    assert_eq!(admit(Overlap::Skip, 0, 0), Admit::Start);
    assert_eq!(admit(Overlap::Skip, 1, 0), Admit::Skip);
    assert_eq!(admit(Overlap::Queue, 1, 0), Admit::Queue);
    assert_eq!(admit(Overlap::Queue, 1, 1), Admit::Skip);
    assert_eq!(admit(Overlap::Allow, 3, 0), Admit::Start);
}

#[test]
fn levels_in_lines() {
    assert_eq!(line_level("2026-01-01 INFO started"), Some(LogLevel::Info));
    assert_eq!(line_level("[ERROR] boom"), Some(LogLevel::Error));
    assert_eq!(line_level("WARN: disk"), Some(LogLevel::Warning));
    assert_eq!(line_level("root:DEBUG:x"), Some(LogLevel::Debug));
    assert_eq!(line_level("information only"), None);
    assert_eq!(TaskStatus::parse("RUNNING"), Some(TaskStatus::Running));
}
