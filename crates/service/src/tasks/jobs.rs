//! The seed's jobs/ directory: one JSON task per file (`jobs/task_001.json`),
//! imported as the compat admin and imported again when a file changes.
//! A file that does not parse or validate is logged and retried when it
//! changes; removing a file leaves its task.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::SystemTime;

use tianqi_core::tasks::TaskFields;
use tianqi_core::Result;

use super::{TaskService, TasksFile};

/// Modification times of the files already imported (or refused).
pub(crate) type Seen = HashMap<PathBuf, SystemTime>;

impl TaskService {
    /// The `task-jobs` loop's round: imports new and changed `*.json` files.
    pub async fn jobs_round(&self) -> Result<()> {
        let Some(dir) = self.inner.settings.jobs_dir.clone() else {
            return Ok(());
        };
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => {
                return Err(tianqi_core::Error::internal(format!(
                    "reading the jobs directory {}: {e}",
                    dir.display()
                )))
            }
        };
        let mut changed = Vec::new();
        {
            let seen = self.inner.jobs_seen();
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().and_then(|e| e.to_str()) != Some("json") {
                    continue;
                }
                let Ok(modified) = entry.metadata().and_then(|m| m.modified()) else {
                    continue;
                };
                if seen.get(&path) != Some(&modified) {
                    changed.push((path, modified));
                }
            }
        }
        if changed.is_empty() {
            return Ok(());
        }
        let me = self.compat_principal().await?;
        for (path, modified) in changed {
            let outcome = match std::fs::read_to_string(&path) {
                Ok(text) => match serde_json::from_str::<TaskFields>(&text) {
                    Ok(f) => self
                        .import(
                            &me,
                            TasksFile {
                                tasks: vec![f],
                                settings: Default::default(),
                            },
                        )
                        .await
                        .map(|r| {
                            format!("{} created, {} updated", r.created.len(), r.updated.len())
                        })
                        .map_err(|e| e.to_string()),
                    Err(e) => Err(format!("not a task object: {e}")),
                },
                Err(e) => Err(e.to_string()),
            };
            match outcome {
                Ok(what) => tracing::info!(file = %path.display(), %what, "jobs file imported"),
                Err(why) => {
                    tracing::warn!(file = %path.display(), error = %why, "jobs file refused")
                }
            }
            self.inner.jobs_seen().insert(path, modified);
        }
        Ok(())
    }
}
