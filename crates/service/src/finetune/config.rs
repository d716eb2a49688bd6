//! `[finetune]`: the directories on the nodes jobs may read and write, the
//! trainer command the parameters are given to, how a stop ends a trainer,
//! how often `trainer_log.jsonl` is read, and the job logs' rotation.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tianqi_config::ConfigError;
use tianqi_core::finetune::Roots;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct FinetuneConfig {
    /// Comma-separated absolute directories on the nodes that base models,
    /// datasets and outputs must lie in (bound into the job's container).
    pub allowed_roots: String,
    /// Where a job without an output path writes (`<output_root>/job-<id>`);
    /// inside an allowed root.
    pub output_root: String,
    /// The trainer program and its first arguments (split on spaces, never
    /// given to a shell), followed by the parameters as Hugging Face
    /// `TrainingArguments` flags; a job's custom command replaces it.
    pub trainer_command: String,
    /// A stop sends SIGTERM, then SIGKILL after this many seconds.
    pub stop_grace_secs: u64,
    /// How often `trainer_log.jsonl` is read from a running job's output
    /// directory (milliseconds).
    pub jsonl_poll_ms: u64,
    /// Job log files; empty = `<data dir>/finetune-logs`.
    pub log_dir: String,
    /// A job's log file is rotated past this many bytes (10 MB).
    pub max_log_size: u64,
    /// Log files kept per job, the current one included (3).
    pub max_log_files: u32,
}

impl Default for FinetuneConfig {
    fn default() -> Self {
        Self {
            allowed_roots: "/data".into(),
            output_root: "/data/finetune".into(),
            trainer_command: "llamafactory-cli train".into(),
            stop_grace_secs: 30,
            jsonl_poll_ms: 2000,
            log_dir: String::new(),
            max_log_size: 10 * 1024 * 1024,
            max_log_files: 3,
        }
    }
}

#[derive(Debug, Clone)]
pub struct FinetuneSettings {
    pub roots: Roots,
    pub output_root: String,
    pub trainer: Vec<String>,
    pub stop_grace: Duration,
    pub jsonl_poll: Duration,
    pub log_dir: PathBuf,
    pub max_log_size: u64,
    pub max_log_files: u32,
}

impl Default for FinetuneSettings {
    fn default() -> Self {
        FinetuneConfig::default().settings(Path::new("."))
    }
}

fn roots(list: &str) -> Vec<String> {
    list.split(',')
        .map(|r| r.trim().trim_end_matches('/').to_owned())
        .filter(|r| !r.is_empty())
        .collect()
}

impl FinetuneConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        let allowed = roots(&self.allowed_roots);
        if allowed.is_empty() {
            return Err(ConfigError::invalid(
                "allowed_roots",
                "must name at least one absolute directory",
            ));
        }
        for r in &allowed {
            let p = Path::new(r);
            if !p.is_absolute() || p.components().any(|c| c.as_os_str() == "..") {
                return Err(ConfigError::invalid(
                    "allowed_roots",
                    format!("`{r}` must be an absolute path without `..`"),
                ));
            }
        }
        let roots = Roots { allowed };
        if roots.check("output_root", &self.output_root).is_err() {
            return Err(ConfigError::invalid(
                "output_root",
                "must be an absolute path inside one of allowed_roots",
            ));
        }
        if self.trainer_command.split_whitespace().next().is_none() {
            return Err(ConfigError::invalid("trainer_command", "must not be empty"));
        }
        if self.stop_grace_secs > 3600 {
            return Err(ConfigError::invalid(
                "stop_grace_secs",
                "must be at most 3600",
            ));
        }
        if !(100..=600_000).contains(&self.jsonl_poll_ms) {
            return Err(ConfigError::invalid(
                "jsonl_poll_ms",
                "must be between 100 and 600000",
            ));
        }
        if !self.log_dir.is_empty() && !Path::new(&self.log_dir).is_absolute() {
            return Err(ConfigError::invalid(
                "log_dir",
                "must be an absolute path (or empty)",
            ));
        }
        if self.max_log_size < 1024 {
            return Err(ConfigError::invalid(
                "max_log_size",
                "must be at least 1024 bytes",
            ));
        }
        if self.max_log_files == 0 || self.max_log_files > 100 {
            return Err(ConfigError::invalid(
                "max_log_files",
                "must be between 1 and 100",
            ));
        }
        Ok(())
    }

    pub fn settings(&self, data_dir: &Path) -> FinetuneSettings {
        FinetuneSettings {
            roots: Roots {
                allowed: roots(&self.allowed_roots),
            },
            output_root: self.output_root.trim_end_matches('/').to_owned(),
            trainer: self
                .trainer_command
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            stop_grace: Duration::from_secs(self.stop_grace_secs),
            jsonl_poll: Duration::from_millis(self.jsonl_poll_ms),
            log_dir: if self.log_dir.is_empty() {
                data_dir.join("finetune-logs")
            } else {
                PathBuf::from(&self.log_dir)
            },
            max_log_size: self.max_log_size,
            max_log_files: self.max_log_files,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_bad_values_name_their_key() {
        assert!(FinetuneConfig::default().validate().is_ok());
        let key = |c: FinetuneConfig| match c.validate() {
            Err(ConfigError::Invalid { key, .. }) => key,
            other => panic!("{other:?}"),
        };
        let d = FinetuneConfig::default;
        assert_eq!(
            key(FinetuneConfig {
                allowed_roots: "data".into(),
                ..d()
            }),
            "allowed_roots"
        );
        assert_eq!(
            key(FinetuneConfig {
                output_root: "/elsewhere".into(),
                ..d()
            }),
            "output_root"
        );
        assert_eq!(
            key(FinetuneConfig {
                trainer_command: " ".into(),
                ..d()
            }),
            "trainer_command"
        );
        assert_eq!(
            key(FinetuneConfig {
                jsonl_poll_ms: 1,
                ..d()
            }),
            "jsonl_poll_ms"
        );
        let s = FinetuneConfig {
            allowed_roots: "/a/, /b".into(),
            trainer_command: "python  train.py".into(),
            output_root: "/b/out".into(),
            ..d()
        }
        .settings(Path::new("/d"));
        assert_eq!(s.roots.allowed, ["/a", "/b"]);
        assert_eq!(s.trainer, ["python", "train.py"]);
        assert_eq!(s.log_dir, Path::new("/d/finetune-logs"));
    }
}
