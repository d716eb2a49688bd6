//! Fine-tuning jobs (模型微调, seed 003 §10): a job is a trainer run in a
//! container on a node chosen by the instances' placement, its capacity and
//! GPU cards held for the job's life; its output is copied into a rotated
//! log (the tasks' `Logs`) and parsed live into progress, the latest figures
//! and a loss / learning-rate series (`tianqi_core::finetune::Tracker`).
//! Users see and act on their own jobs, admins on all (`policy`).

mod config;
mod logs;
mod run;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use tianqi_core::finetune::{
    Job, JobFields, JobStatus, Metrics, Point, Preset, Statistics, TrainingParams,
};
use tianqi_core::page::{Page, PageQuery};
use tianqi_core::policy::{check_owner, owner_scope, Principal};
use tianqi_core::{validate, Error, Result};
use tianqi_store::{JobFilter, StoreError, StoredJob};
use tianqi_tasks::{LogSettings, Logs};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

pub use config::{FinetuneConfig, FinetuneSettings};
pub use logs::{JobLogQuery, JobLogs};

use crate::{Context, InstanceService};

fn missing(e: StoreError) -> Error {
    match e {
        StoreError::NotFound => Error::not_found("fine-tuning job not found"),
        other => other.into(),
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct JobListQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    /// Part of the job's name.
    pub name: Option<String>,
    /// pending, running, completed, failed or stopped.
    pub status: Option<String>,
}

/// A preset as the create dialog offers it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PresetView {
    pub name: Preset,
    pub params: TrainingParams,
}

/// A job's figures and its series.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobMetrics {
    pub job_id: i64,
    pub status: JobStatus,
    pub progress: f64,
    /// The latest figures.
    pub latest: Metrics,
    /// One point per logged step, by step.
    pub points: Vec<Point>,
}

#[derive(Clone)]
pub struct FinetuneService {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    ctx: Context,
    instances: InstanceService,
    settings: FinetuneSettings,
    logs: Logs,
    /// The server is stopping: followers leave their containers running.
    stop: CancellationToken,
    tracker: TaskTracker,
    /// Jobs this server follows, with the token a stop request cancels.
    active: Mutex<HashMap<i64, CancellationToken>>,
    /// Jobs the boot could not settle (their node unreachable), retried
    /// by each round.
    deferred: Mutex<HashSet<i64>>,
    recovered: tokio::sync::OnceCell<()>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The log "task" id of a job (its file under `finetune.log_dir`).
fn log_key(id: i64) -> String {
    format!("job-{id}")
}

impl FinetuneService {
    pub fn new(ctx: Context, settings: FinetuneSettings, instances: InstanceService) -> Self {
        let logs = Logs::new(LogSettings {
            dir: settings.log_dir.clone(),
            max_size: settings.max_log_size,
            max_files: settings.max_log_files,
        });
        Self {
            inner: Arc::new(Inner {
                ctx,
                instances,
                settings,
                logs,
                stop: CancellationToken::new(),
                tracker: TaskTracker::new(),
                active: Mutex::default(),
                deferred: Mutex::default(),
                recovered: tokio::sync::OnceCell::new(),
            }),
        }
    }

    pub fn settings(&self) -> &FinetuneSettings {
        &self.inner.settings
    }

    pub fn presets(&self) -> Vec<PresetView> {
        Preset::ALL
            .into_iter()
            .map(|p| PresetView {
                name: p,
                params: p.params(),
            })
            .collect()
    }

    /// Validates, places and reserves, then starts the trainer in the
    /// background: the job answered is `pending`. Bad fields → 422 naming
    /// the field (the GPU cards included), no node → 409; nothing is held
    /// for a refused job.
    pub async fn create(&self, me: &Principal, f: JobFields) -> Result<Job> {
        let spec = f.validate(&self.inner.settings.roots)?;
        // What the last server left is settled first, so a job made now is
        // never taken for one of those.
        let inner = &self.inner;
        inner
            .recovered
            .get_or_try_init(|| inner.recover(None))
            .await?;
        let (job, placement) = self.inner.instances.reserve_finetune_job(me, &spec).await?;
        let out = job.job.clone();
        self.inner.launch(job, placement);
        Ok(out)
    }

    async fn owned(&self, me: &Principal, id: i64) -> Result<StoredJob> {
        let job = self
            .inner
            .ctx
            .store
            .finetune_job(id)
            .await
            .map_err(missing)?;
        check_owner(me, job.job.owner_id, "fine-tuning job")?;
        Ok(job)
    }

    pub async fn get(&self, me: &Principal, id: i64) -> Result<Job> {
        Ok(self.owned(me, id).await?.job)
    }

    pub async fn list(&self, me: &Principal, q: JobListQuery) -> Result<Page<Job>> {
        let page = PageQuery {
            page: q.page,
            page_size: q.page_size,
        }
        .validate()?;
        if let Some(n) = &q.name {
            validate::text("name", n, 128)?;
        }
        let status = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Some(JobStatus::parse(s).ok_or_else(|| {
                Error::validation(
                    "status",
                    "status must be pending, running, completed, failed or stopped",
                )
            })?),
            None => None,
        };
        let filter = JobFilter {
            owner_id: owner_scope(me),
            status,
            name_contains: q.name.filter(|n| !n.trim().is_empty()),
        };
        let (items, total) = self
            .inner
            .ctx
            .store
            .list_finetune_jobs(&filter, page)
            .await?;
        Ok(Page::new(
            items.into_iter().map(|j| j.job).collect(),
            total,
            page,
        ))
    }

    /// Counts by status (the caller's own jobs; every job for admins).
    pub async fn statistics(&self, me: &Principal) -> Result<Statistics> {
        Ok(self
            .inner
            .ctx
            .store
            .finetune_statistics(owner_scope(me))
            .await?)
    }

    pub async fn metrics(&self, me: &Principal, id: i64) -> Result<JobMetrics> {
        let job = self.owned(me, id).await?.job;
        let points = self.inner.ctx.store.finetune_points(id).await?;
        Ok(JobMetrics {
            job_id: id,
            status: job.status,
            progress: job.progress,
            latest: job.metrics,
            points,
        })
    }

    /// Asks the trainer to stop (SIGTERM, SIGKILL after
    /// `finetune.stop_grace_secs`); the job ends `stopped` whatever code the
    /// trainer leaves. An ended job → 409.
    pub async fn stop(&self, me: &Principal, id: i64) -> Result<Job> {
        let job = self.owned(me, id).await?;
        let ended = || {
            Error::conflict(format!(
                "fine-tuning job {id} has already ended ({})",
                job.job.status.as_str()
            ))
        };
        if !job.job.status.is_active() {
            return Err(ended());
        }
        if !self.inner.ctx.store.request_finetune_stop(id).await? {
            return Err(ended());
        }
        if let Some(token) = lock(&self.inner.active).get(&id) {
            token.cancel();
        }
        Ok(self.owned(me, id).await?.job)
    }

    /// Deletes an ended job, its series and its log. An active one → 409.
    pub async fn delete(&self, me: &Principal, id: i64) -> Result<()> {
        let job = self.owned(me, id).await?;
        if job.job.status.is_active() {
            return Err(Error::conflict(format!(
                "fine-tuning job {id} is {}; stop it first",
                job.job.status.as_str()
            )));
        }
        if job.reserved {
            return Err(Error::conflict(format!(
                "fine-tuning job {id}'s container is still being removed; try again shortly"
            )));
        }
        self.inner.ctx.store.delete_finetune_job(id).await?;
        if let Err(e) = self.inner.logs.remove(&log_key(id)) {
            tracing::warn!(job = id, error = %e, "cannot remove a fine-tuning job's log");
        }
        Ok(())
    }

    /// The `finetune-reconcile` loop's round: the first re-attaches to the
    /// jobs the last server left running (or records how they ended); each
    /// retries what could not be settled (an unreachable node, a container
    /// not yet removed).
    pub async fn reconcile_round(&self) -> Result<()> {
        let inner = &self.inner;
        let first = inner.recovered.get().is_none();
        inner
            .recovered
            .get_or_try_init(|| inner.recover(None))
            .await?;
        if !first {
            let deferred: HashSet<i64> = lock(&inner.deferred).drain().collect();
            inner.recover(Some(deferred)).await?;
        }
        Ok(())
    }

    /// Leaves running jobs going (they are re-attached by the next server)
    /// and waits for their followers to save what they read.
    pub async fn shutdown(&self) {
        self.inner.stop.cancel();
        self.inner.tracker.close();
        let grace = std::time::Duration::from_secs(10);
        if tokio::time::timeout(grace, self.inner.tracker.wait())
            .await
            .is_err()
        {
            tracing::warn!("fine-tuning followers still saving after 10 s; leaving them");
        }
    }
}
