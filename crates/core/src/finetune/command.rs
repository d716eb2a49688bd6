//! What a job's container runs: the trainer's argv (never a shell string),
//! the directories bound into it, and the GPU environment beside the
//! instance plan's (device ids and HAMi come from `crate::container::plan`).

use super::spec::JobSpec;

/// LLaMA-Factory's progress file in the output directory.
pub const TRAINER_LOG: &str = "trainer_log.jsonl";

/// `spec.output_path`, or `<output_root>/job-<id>` when none was given.
pub fn output_dir(spec: &JobSpec, output_root: &str, job_id: i64) -> String {
    if spec.output_path.is_empty() {
        format!("{}/job-{job_id}", output_root.trim_end_matches('/'))
    } else {
        spec.output_path.clone()
    }
}

/// The custom command as given, or `trainer` (`finetune.trainer_command`)
/// followed by the parameters as Hugging Face `TrainingArguments` flags —
/// what `llamafactory-cli train` and HF example scripts accept.
pub fn trainer_argv(spec: &JobSpec, output_dir: &str, trainer: &[String]) -> Vec<String> {
    if !spec.custom_command.is_empty() {
        return spec.custom_command.clone();
    }
    let p = &spec.params;
    let mut argv = trainer.to_vec();
    let flags: [(&str, String); 10] = [
        ("--model_name_or_path", spec.base_model.clone()),
        ("--dataset_dir", spec.dataset_path.clone()),
        ("--output_dir", output_dir.to_owned()),
        ("--learning_rate", p.learning_rate.to_string()),
        ("--per_device_train_batch_size", p.batch_size.to_string()),
        ("--num_train_epochs", p.num_train_epochs.to_string()),
        ("--max_steps", p.max_steps.to_string()),
        ("--warmup_steps", p.warmup_steps.to_string()),
        ("--logging_steps", p.logging_steps.to_string()),
        ("--save_steps", p.save_steps.to_string()),
    ];
    for (flag, value) in flags {
        argv.push(flag.to_owned());
        argv.push(value);
    }
    argv
}

/// `CUDA_VISIBLE_DEVICES` inside the container. Docker's device request
/// already limits the container to the granted cards and renumbers them from
/// 0, so the host indices ("2,3") would name cards that are not there: the
/// variable lists positions (`0,1`). None without GPUs.
pub fn visible_devices(card_count: usize) -> Option<String> {
    (card_count > 0).then(|| {
        (0..card_count)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    })
}

/// A host directory bound into the job's container at the same path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    pub path: String,
    pub read_only: bool,
}

impl Mount {
    /// Docker's `host:container:mode`.
    pub fn bind(&self) -> String {
        let mode = if self.read_only { "ro" } else { "rw" };
        format!("{0}:{0}:{mode}", self.path)
    }
}

/// The dataset (read-only), the base model when it is a path (read-only)
/// and the output directory (read-write), each at its own path, so the
/// argv's paths mean the same inside and out. Paths are checked ones
/// (absolute, inside the allowed roots).
pub fn mounts(spec: &JobSpec, output_dir: &str) -> Vec<Mount> {
    let mut out = vec![Mount {
        path: spec.dataset_path.clone(),
        read_only: true,
    }];
    if spec.base_model.starts_with('/') && spec.base_model != spec.dataset_path {
        out.push(Mount {
            path: spec.base_model.clone(),
            read_only: true,
        });
    }
    out.retain(|m| m.path != output_dir);
    out.push(Mount {
        path: output_dir.to_owned(),
        read_only: false,
    });
    out
}
