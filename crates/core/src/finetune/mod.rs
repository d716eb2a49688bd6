//! Fine-tuning jobs (模型微调, seed 003 §10): the job's fields and presets,
//! their validation, the trainer's argv, the GPU selection and plan, and the
//! parser that turns a trainer's output into progress and metrics. No I/O:
//! the service feeds in the node snapshot, the output lines and the clock.

mod command;
pub mod container;
mod gpus;
mod progress;
mod spec;

pub use command::{mounts, output_dir, trainer_argv, visible_devices, Mount, TRAINER_LOG};
pub use gpus::{parse_gpu_list, place, Refusal};
pub use progress::{parse_line, JsonlLine, Metrics, Parsed, Point, Tracker};
pub use spec::{
    JobFields, JobSpec, ParamsPatch, Preset, Roots, TrainingParams, BATCH_MAX, EPOCHS_MAX,
};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The container of a job carries this label (its id), so a restarted server
/// finds it and the instance reconciler leaves it alone.
pub const LABEL_JOB: &str = "tianqi.finetune-job";

/// A job's state. `stopped` is only ever reached through a stop request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Pending,
    Running,
    Completed,
    Failed,
    Stopped,
}

impl JobStatus {
    pub const ALL: [JobStatus; 5] = [
        JobStatus::Pending,
        JobStatus::Running,
        JobStatus::Completed,
        JobStatus::Failed,
        JobStatus::Stopped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Pending => "pending",
            JobStatus::Running => "running",
            JobStatus::Completed => "completed",
            JobStatus::Failed => "failed",
            JobStatus::Stopped => "stopped",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Still holding its node's capacity.
    pub fn is_active(self) -> bool {
        matches!(self, JobStatus::Pending | JobStatus::Running)
    }

    /// How a job whose container ended is recorded: a stop that was asked
    /// for wins over whatever code the killed trainer left (SIGTERM → 143,
    /// SIGKILL → 137), so a stop never reads as a failure.
    pub fn after_exit(exit_code: i64, stop_requested: bool) -> Self {
        if stop_requested {
            JobStatus::Stopped
        } else if exit_code == 0 {
            JobStatus::Completed
        } else {
            JobStatus::Failed
        }
    }
}

/// A job and its state, as stored and answered.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Job {
    pub id: i64,
    pub owner_id: i64,
    pub spec: JobSpec,
    pub status: JobStatus,
    /// 0–100.
    pub progress: f64,
    /// The latest figures (loss, learning_rate, epoch, step, total_steps …).
    pub metrics: Metrics,
    /// The node it runs on (none before placement or after a refused create).
    pub node_id: Option<i64>,
    /// GPU card indices on the node, reserved while the job is active.
    pub gpus: Vec<i64>,
    /// The argv the container runs (the custom command or the generated one).
    pub command: Vec<String>,
    pub exit_code: Option<i64>,
    /// Why it failed (or was marked at a restart); empty otherwise.
    pub error: String,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
}

/// Counts for the stat cards.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Statistics {
    pub total: i64,
    pub pending: i64,
    pub running: i64,
    pub completed: i64,
    pub failed: i64,
    pub stopped: i64,
}

impl Statistics {
    pub fn add(&mut self, status: JobStatus, n: i64) {
        self.total += n;
        let slot = match status {
            JobStatus::Pending => &mut self.pending,
            JobStatus::Running => &mut self.running,
            JobStatus::Completed => &mut self.completed,
            JobStatus::Failed => &mut self.failed,
            JobStatus::Stopped => &mut self.stopped,
        };
        *slot += n;
    }
}

#[cfg(test)]
mod tests;
