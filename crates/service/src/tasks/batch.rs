//! Batch actions on tasks (run, stop, delete), answering what happened to
//! each one.

use serde::Serialize;
use tianqi_core::policy::Principal;
use tianqi_core::{Error, Result};

use super::TaskService;

/// Most tasks one batch names.
const BATCH_MAX: usize = 1000;

/// What a batch did to each task.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchResult {
    pub id: String,
    pub ok: bool,
    /// started / queued / skipped / stopped / deleted, or the error.
    pub result: String,
}

impl TaskService {
    fn check_batch(ids: &[String]) -> Result<()> {
        if ids.is_empty() || ids.len() > BATCH_MAX {
            return Err(Error::validation(
                "ids",
                format!("ids must list 1–{BATCH_MAX} tasks"),
            ));
        }
        Ok(())
    }

    fn outcome<T>(id: &str, r: Result<T>, ok: impl FnOnce(T) -> String) -> BatchResult {
        match r {
            Ok(v) => BatchResult {
                id: id.to_string(),
                ok: true,
                result: ok(v),
            },
            Err(e) => BatchResult {
                id: id.to_string(),
                ok: false,
                result: e.to_string(),
            },
        }
    }

    pub async fn batch_run(&self, me: &Principal, ids: &[String]) -> Result<Vec<BatchResult>> {
        Self::check_batch(ids)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let r = self.run_now(me, id).await;
            out.push(Self::outcome(id, r, |s| format!("{s:?}").to_lowercase()));
        }
        Ok(out)
    }

    pub async fn batch_stop(&self, me: &Principal, ids: &[String]) -> Result<Vec<BatchResult>> {
        Self::check_batch(ids)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let r = self.stop(me, id).await;
            out.push(Self::outcome(id, r, |n| format!("stopped {n}")));
        }
        Ok(out)
    }

    /// Deletes all of them or none: every id is checked first.
    pub async fn batch_delete(&self, me: &Principal, ids: &[String]) -> Result<Vec<BatchResult>> {
        Self::check_batch(ids)?;
        for id in ids {
            self.owned(me, id).await?;
        }
        for id in ids {
            self.stop_runs(id);
            self.inner.lock().agenda.remove(id);
        }
        self.inner.ctx.store.delete_tasks(ids).await?;
        for id in ids {
            self.inner.announce(format!("deleted {id}")).await;
            let _ = self.inner.logs.remove(id);
        }
        Ok(ids
            .iter()
            .map(|id| BatchResult {
                id: id.clone(),
                ok: true,
                result: "deleted".into(),
            })
            .collect())
    }
}
