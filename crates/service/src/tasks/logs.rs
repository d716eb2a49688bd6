//! Task logs as the API reads them: a task's tail with a level filter, the
//! merged tail of every visible task, live lines, clearing, and the size on
//! disk. The files themselves are `tianqi-tasks`' `Logs`.

use serde::{Deserialize, Serialize};
use tianqi_core::policy::Principal;
use tianqi_core::tasks::LogLevel;
use tianqi_core::{Error, Result};

use super::TaskService;

/// Most lines one tail answers.
const TAIL_MAX: usize = 10_000;

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct LogQuery {
    /// Lines from the end (200, at most 10000).
    pub lines: Option<usize>,
    /// DEBUG, INFO, WARNING or ERROR: lines at this level or above.
    pub level: Option<String>,
    /// Only this run's lines.
    pub run: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogTail {
    pub task_id: String,
    pub lines: Vec<LogLineView>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogLineView {
    pub text: String,
    /// The level the line names, if any.
    pub level: Option<String>,
}

impl TaskService {
    /// Clears the logs of every task the caller may see; answers how many.
    pub async fn clear_all_logs(&self, me: &Principal) -> Result<usize> {
        let tasks = self.all_visible(me).await?;
        for t in &tasks {
            self.inner
                .logs
                .clear(&t.id)
                .map_err(|e| Error::internal(format!("clearing task logs: {e}")))?;
        }
        Ok(tasks.len())
    }

    /// The ends of every visible task's log, merged by time (lines start
    /// with their timestamp), the last `n`.
    pub async fn tail_all(&self, me: &Principal, q: LogQuery) -> Result<Vec<LogLineView>> {
        let n = q.lines.unwrap_or(200).min(TAIL_MAX);
        let mut all = Vec::new();
        for t in self.all_visible(me).await? {
            let tail = self
                .tail(
                    me,
                    &t.id,
                    LogQuery {
                        lines: Some(n),
                        level: q.level.clone(),
                        run: None,
                    },
                )
                .await?;
            all.extend(tail.lines.into_iter().map(|mut l| {
                if let Some((stamp, rest)) = l.text.split_once(' ') {
                    l.text = format!("{stamp} [task {}] {rest}", t.id);
                }
                l
            }));
        }
        all.sort_by(|a, b| a.text.cmp(&b.text));
        let skip = all.len().saturating_sub(n);
        Ok(all.split_off(skip))
    }

    pub async fn tail(&self, me: &Principal, id: &str, q: LogQuery) -> Result<LogTail> {
        self.owned(me, id).await?;
        let n = q.lines.unwrap_or(200);
        if n > TAIL_MAX {
            return Err(Error::validation(
                "lines",
                format!("lines must be at most {TAIL_MAX}"),
            ));
        }
        let level = match q.level.as_deref().filter(|s| !s.is_empty()) {
            Some(l) => Some(LogLevel::parse(l).ok_or_else(|| {
                Error::validation("level", "level must be DEBUG, INFO, WARNING or ERROR")
            })?),
            None => None,
        };
        let lines = self
            .inner
            .logs
            .tail(id, n, level, q.run)
            .map_err(|e| Error::internal(format!("reading task logs: {e}")))?;
        Ok(LogTail {
            task_id: id.to_string(),
            lines: lines
                .into_iter()
                .map(|l| LogLineView {
                    text: l.text,
                    level: l.level.map(|l| l.as_str().to_string()),
                })
                .collect(),
        })
    }

    /// The lines of the task's runs from now on, as they are written (the
    /// owner or an admin; another user's task is 404). The receiver sees
    /// every task's lines: keep those whose `task_id` is `id`.
    pub async fn follow_logs(
        &self,
        me: &Principal,
        id: &str,
    ) -> Result<tokio::sync::broadcast::Receiver<tianqi_tasks::LiveLine>> {
        self.owned(me, id).await?;
        Ok(self.inner.logs.follow())
    }

    /// Every task's lines from now on (admins: the Mini PM2 `/ws/logs`).
    pub fn follow_all_logs(
        &self,
        me: &Principal,
    ) -> Result<tokio::sync::broadcast::Receiver<tianqi_tasks::LiveLine>> {
        tianqi_core::policy::check_access(Some(me), tianqi_core::policy::Access::Admin)?;
        Ok(self.inner.logs.follow())
    }

    pub async fn clear_logs(&self, me: &Principal, id: &str) -> Result<()> {
        self.owned(me, id).await?;
        self.inner
            .logs
            .clear(id)
            .map_err(|e| Error::internal(format!("clearing task logs: {e}")))
    }

    /// Bytes and files of the task logs (storage info).
    pub fn log_usage(&self) -> (u64, u64) {
        self.inner.logs.usage()
    }
}
