//! The container of one run of a container task: the instance plan of the
//! task's spec (its hard limits, the platform's isolation), turned into a
//! one-off run — the task's argv, no data volume, no restart, and labels of
//! its own so the task service finds what a dead server left behind (and the
//! instance reconciler does not take it for an orphan instance).

use std::collections::BTreeMap;

use crate::container::ContainerPlan;

/// The run id of a task run's container.
pub const LABEL_TASK_RUN: &str = "tianqi.task-run";
/// The task id of a task run's container.
pub const LABEL_TASK: &str = "tianqi.task";

/// What a run's container is made of, beside the spec's plan.
#[derive(Debug, Clone)]
pub struct RunContainer<'a> {
    pub install_id: &'a str,
    pub task_id: &'a str,
    pub run_id: i64,
    pub owner_id: i64,
    pub node_id: i64,
    pub argv: Vec<String>,
    pub env: &'a BTreeMap<String, String>,
    pub cwd: Option<String>,
}

/// `tianqi-<install>-task-run-<run id>`: unique per installation.
pub fn run_container_name(install_id: &str, run_id: i64) -> String {
    format!("tianqi-{install_id}-task-run-{run_id}")
}

pub fn run_labels(r: &RunContainer<'_>) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("tianqi.managed".to_owned(), "true".to_owned()),
        ("tianqi.install".to_owned(), r.install_id.to_owned()),
        ("tianqi.owner".to_owned(), r.owner_id.to_string()),
        ("tianqi.node".to_owned(), r.node_id.to_string()),
        (LABEL_TASK.to_owned(), r.task_id.to_owned()),
        (LABEL_TASK_RUN.to_owned(), r.run_id.to_string()),
    ])
}

/// The spec's plan (from [`crate::container::plan`]) as the run's container.
pub fn run_plan(base: ContainerPlan, r: &RunContainer<'_>) -> ContainerPlan {
    let mut env = base.env;
    env.extend(r.env.iter().map(|(k, v)| format!("{k}={v}")));
    ContainerPlan {
        name: run_container_name(r.install_id, r.run_id),
        cmd: r.argv.clone(),
        working_dir: r.cwd.clone(),
        labels: run_labels(r),
        env,
        // Nothing outlives the run: no data volume, no restart policy, no
        // published ports.
        volumes: Vec::new(),
        restart_unless_stopped: false,
        ports: Vec::new(),
        ..base
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::{plan, Isolation, PlanInput};

    #[test]
    fn a_run_keeps_the_spec_limits_and_drops_what_outlives_it() {
        let iso = Isolation {
            drop_capabilities: vec!["NET_RAW".into()],
            network_per_owner: true,
            ..Isolation::default()
        };
        let base = plan(&PlanInput {
            install_id: "abcd",
            instance_id: 9,
            name: "task",
            created_unix: 0,
            owner_id: 7,
            node_id: 3,
            image: "bb:1",
            keep_alive: &["sleep".into(), "3600".into()],
            cpu_milli: 500,
            memory_mib: 256,
            system_disk_gb: 0,
            storage_opt_supported: false,
            gpus: &[],
            split: false,
            hami_core_dir: "",
            shm_mib: 64,
            pids_limit: 100,
            isolation: &iso,
        });
        let env = BTreeMap::from([("A".to_owned(), "x=y".to_owned())]);
        let p = run_plan(
            base,
            &RunContainer {
                install_id: "abcd",
                task_id: "t1",
                run_id: 9,
                owner_id: 7,
                node_id: 3,
                argv: vec!["echo".into(), "a b".into()],
                env: &env,
                cwd: Some("/tmp".into()),
            },
        );
        assert_eq!(p.name, "tianqi-abcd-task-run-9");
        assert_eq!(p.cmd, ["echo", "a b"]);
        assert_eq!(p.working_dir.as_deref(), Some("/tmp"));
        assert_eq!((p.nano_cpus, p.memory_bytes), (500_000_000, 256 << 20));
        assert_eq!(p.memory_swap_bytes, p.memory_bytes);
        assert_eq!(p.pids_limit, 100);
        assert!(p.volumes.is_empty() && !p.restart_unless_stopped);
        assert!(p.env.contains(&"A=x=y".to_owned()));
        assert_eq!(p.labels[LABEL_TASK_RUN], "9");
        assert_eq!(p.labels[LABEL_TASK], "t1");
        assert!(!p.labels.contains_key("tianqi.instance"));
        assert_eq!(p.cap_drop, ["NET_RAW"]);
        assert!(p.network.is_some());
    }
}
