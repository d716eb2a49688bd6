//! Import and export in the seed's tasks.json format (`{"tasks": [...],
//! "settings": {...}}`), and CSV export.

use serde::{Deserialize, Serialize};
use tianqi_core::policy::Principal;
use tianqi_core::tasks::{validate_id, Mode, Task, TaskFields};
use tianqi_core::{Error, Result};

use super::TaskService;

const IMPORT_MAX: usize = 1000;

/// The seed's tasks.json.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TasksFile {
    pub tasks: Vec<TaskFields>,
    #[serde(default)]
    pub settings: FileSettings,
}

/// The seed's `settings` block.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileSettings {
    /// The server's `tasks.max_concurrent` governs; reported, not applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_concurrent: Option<usize>,
    /// Minutes: the interval of imported tasks that name no schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_interval: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_level: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Json,
    Csv,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub created: Vec<String>,
    pub updated: Vec<String>,
    /// Settings of the file the server does not take from it, and why.
    pub notes: Vec<String>,
}

impl TaskService {
    /// The caller's tasks as the seed's tasks.json.
    pub async fn export_file(&self, me: &Principal) -> Result<TasksFile> {
        let tasks = self.all_visible(me).await?;
        Ok(TasksFile {
            tasks: tasks.iter().map(|t| t.spec.to_fields(&t.id)).collect(),
            settings: FileSettings {
                max_concurrent: Some(self.settings().max_concurrent),
                default_interval: Some(10.0),
                log_level: Some("INFO".into()),
            },
        })
    }

    /// One row per task.
    pub async fn export_csv(&self, me: &Principal) -> Result<String> {
        let tasks = self.all_visible(me).await?;
        let mut out = String::from(
            "id,name,status,enabled,execute_path,script_path,interval_minutes,cron,timezone,mode,timeout,retry_count,next_run_at,last_run_at,last_exit_code,description\n",
        );
        for t in &tasks {
            out.push_str(&csv_row(t));
        }
        Ok(out)
    }

    /// A task's run history as CSV, newest first (the newest
    /// `RUNS_CSV_MAX` runs).
    pub async fn runs_csv(&self, me: &Principal, id: &str) -> Result<String> {
        self.owned(me, id).await?;
        let mut out = String::from(
            "id,task_id,trigger,attempt,status,started_at,ended_at,duration_ms,exit_code,signal,reason,log_file\n",
        );
        let size = tianqi_core::page::MAX_PAGE_SIZE;
        for page in 1..=RUNS_CSV_MAX / size {
            let req = tianqi_core::page::PageQuery {
                page: Some(page),
                page_size: Some(size),
            }
            .validate()?;
            let (items, total) = self.inner.ctx.store.list_task_runs(id, req).await?;
            for r in &items {
                out.push_str(&run_csv_row(r));
            }
            if items.is_empty() || i64::from(page * size) >= total {
                break;
            }
        }
        Ok(out)
    }

    /// Creates or replaces the file's tasks, all or none: every task is
    /// checked (and every id's ownership) before the first is saved.
    pub async fn import(&self, me: &Principal, file: TasksFile) -> Result<ImportReport> {
        if file.tasks.is_empty() || file.tasks.len() > IMPORT_MAX {
            return Err(Error::validation(
                "tasks",
                format!("tasks must list 1–{IMPORT_MAX} tasks"),
            ));
        }
        let mut notes = Vec::new();
        if let Some(n) = file.settings.max_concurrent {
            notes.push(format!(
                "settings.max_concurrent {n} not applied: the server's tasks.max_concurrent ({}) governs",
                self.settings().max_concurrent
            ));
        }
        if file.settings.log_level.is_some() {
            notes.push(
                "settings.log_level not applied: every line is kept; filter when reading".into(),
            );
        }
        let mut plan = Vec::with_capacity(file.tasks.len());
        let mut seen = std::collections::HashSet::new();
        for (i, mut f) in file.tasks.into_iter().enumerate() {
            Self::may_define_fields(me, &f)?;
            let id = f.id.clone().unwrap_or_default();
            validate_id(&format!("tasks[{i}].id"), &id)?;
            if !seen.insert(id.clone()) {
                return Err(Error::validation(
                    format!("tasks[{i}].id"),
                    format!("id `{id}` appears twice"),
                ));
            }
            if f.interval_minutes.is_none() && f.interval_seconds.is_none() && f.cron.is_none() {
                f.interval_minutes = file.settings.default_interval;
            }
            let existing = match self.owned(me, &id).await {
                Ok(t) => Some(t),
                Err(Error::NotFound(_)) => None,
                Err(e) => return Err(e),
            };
            // A task id held by someone else the caller may not see: refuse.
            if existing.is_none() && self.exists(&id).await? {
                return Err(Error::conflict(format!("a task with id `{id}` exists")));
            }
            let fields = match &existing {
                Some(t) => f.over(t.spec.to_fields(&id)),
                None => f,
            };
            let spec = fields
                .clone()
                .into_spec(&self.validate_ctx())
                .map_err(|e| match e {
                    Error::Validation { field, message } => Error::Validation {
                        field: format!("tasks[{i}].{field}"),
                        message: format!("tasks[{i}]: {message}"),
                    },
                    other => other,
                })?;
            Self::may_define(me, &spec)?;
            self.check_target(me, &spec).await.map_err(|e| match e {
                Error::Validation { field, message } => Error::Validation {
                    field: format!("tasks[{i}].{field}"),
                    message: format!("tasks[{i}]: {message}"),
                },
                other => other,
            })?;
            plan.push((id, fields, existing.is_some()));
        }
        let mut report = ImportReport {
            created: Vec::new(),
            updated: Vec::new(),
            notes,
        };
        for (id, fields, exists) in plan {
            if exists {
                self.update(me, &id, fields).await?;
                report.updated.push(id);
            } else {
                self.create(me, fields).await?;
                report.created.push(id);
            }
        }
        Ok(report)
    }

    async fn exists(&self, id: &str) -> Result<bool> {
        match self.inner.ctx.store.task(id).await {
            Ok(_) => Ok(true),
            Err(tianqi_store::StoreError::NotFound) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}

/// Runs in one history export at most.
const RUNS_CSV_MAX: u32 = 100_000;

fn run_csv_row(r: &tianqi_core::tasks::TaskRun) -> String {
    let opt = |v: Option<String>| v.unwrap_or_default();
    csv_line(&[
        r.id.to_string(),
        r.task_id.clone(),
        r.trigger.as_str().to_string(),
        r.attempt.to_string(),
        r.status.as_str().to_string(),
        r.started_at.to_rfc3339(),
        opt(r.ended_at.map(|d| d.to_rfc3339())),
        opt(r.duration_ms.map(|d| d.to_string())),
        opt(r.exit_code.map(|c| c.to_string())),
        opt(r.signal.map(|c| c.to_string())),
        opt(r.reason.clone()),
        r.log_file.clone(),
    ])
}

/// One CSV line of fields (quoted and formula-safe by `tianqi_core::csv`).
fn csv_line(cols: &[String]) -> String {
    let mut line = cols
        .iter()
        .map(|c| tianqi_core::csv::field(c))
        .collect::<Vec<_>>()
        .join(",");
    line.push('\n');
    line
}

fn csv_row(t: &Task) -> String {
    let s = &t.spec;
    let interval = s
        .interval_seconds
        .map(|v| format!("{}", v as f64 / 60.0))
        .unwrap_or_default();
    let time =
        |d: Option<chrono::DateTime<chrono::Utc>>| d.map(|d| d.to_rfc3339()).unwrap_or_default();
    let cols = [
        t.id.clone(),
        s.name.clone(),
        t.status.as_str().to_string(),
        s.enabled.to_string(),
        s.execute_path.clone().unwrap_or_default(),
        s.script_path.clone().unwrap_or_default(),
        interval,
        s.cron.clone().unwrap_or_default(),
        s.timezone.clone(),
        match s.mode {
            Mode::Once => "once".to_string(),
            Mode::KeepAlive => "keep_alive".to_string(),
        },
        s.timeout.to_string(),
        s.retry_count.to_string(),
        time(t.next_run_at),
        time(t.last_run_at),
        t.last_exit_code.map(|c| c.to_string()).unwrap_or_default(),
        s.description.clone(),
    ];
    csv_line(&cols)
}
