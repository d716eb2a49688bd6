//! A job's container: the instance plan of its spec (hard limits, GPU device
//! ids and the HAMi environment for a split spec, the platform's isolation)
//! turned into a one-off run of the trainer — its argv, its directories, the
//! GPU positions in `CUDA_VISIBLE_DEVICES`, no data volume, no restart, and
//! labels of its own (the instance reconciler leaves it alone; a restarted
//! server finds it).

use std::collections::BTreeMap;

use super::command::{visible_devices, Mount};
use super::LABEL_JOB;
use crate::container::ContainerPlan;

/// What the job adds to the spec's plan.
#[derive(Debug, Clone)]
pub struct JobContainer<'a> {
    pub install_id: &'a str,
    pub job_id: i64,
    pub owner_id: i64,
    pub node_id: i64,
    pub argv: Vec<String>,
    pub mounts: &'a [Mount],
    pub output_dir: &'a str,
    pub dataset_path: &'a str,
    pub base_model: &'a str,
}

/// `tianqi-<install>-ft-<job id>`: unique per installation.
pub fn job_container_name(install_id: &str, job_id: i64) -> String {
    format!("tianqi-{install_id}-ft-{job_id}")
}

pub fn job_labels(
    install_id: &str,
    job_id: i64,
    owner_id: i64,
    node_id: i64,
) -> BTreeMap<String, String> {
    let mut labels = crate::instance::managed_labels(install_id, owner_id, node_id);
    labels.insert(LABEL_JOB.to_owned(), job_id.to_string());
    labels
}

pub fn job_plan(base: ContainerPlan, j: &JobContainer<'_>) -> ContainerPlan {
    let mut env = base.env;
    if let Some(v) = visible_devices(base.gpu_device_ids.len()) {
        env.push(format!("CUDA_VISIBLE_DEVICES={v}"));
    }
    // So a custom command can find its directories without a shell.
    env.push(format!("TIANQI_OUTPUT_DIR={}", j.output_dir));
    env.push(format!("TIANQI_DATASET_PATH={}", j.dataset_path));
    env.push(format!("TIANQI_BASE_MODEL={}", j.base_model));
    env.push("PYTHONUNBUFFERED=1".to_owned());
    let mut binds = base.binds;
    binds.extend(j.mounts.iter().map(Mount::bind));
    ContainerPlan {
        name: job_container_name(j.install_id, j.job_id),
        cmd: j.argv.clone(),
        working_dir: Some(j.output_dir.to_owned()),
        labels: job_labels(j.install_id, j.job_id, j.owner_id, j.node_id),
        env,
        binds,
        volumes: Vec::new(),
        restart_unless_stopped: false,
        ports: Vec::new(),
        ..base
    }
}
