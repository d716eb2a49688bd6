//! Fine-tuning jobs, the capacity an active one holds on its node, and the
//! loss / learning-rate series of each.

use chrono::{DateTime, Utc};
use tianqi_core::finetune::{Job, JobSpec, JobStatus, Metrics, Point, Statistics};
use tianqi_core::instance::GpuGrant;
use tianqi_core::page::PageRequest;
use tianqi_core::usage::SubjectKind;

use crate::usage::{CloseAt, NewUsage};
use crate::{on_db, Result, Store, StoreError};

const COLUMNS: &str = "id, owner_id, spec, status, progress, metrics, node_id, cpu_milli, memory_mib, \
    system_disk_gb, gpu_cards, reserved, container_id, command, stop_requested, jsonl_seen, exit_code, \
    error, created_at, started_at, ended_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    owner_id: i64,
    spec: String,
    status: String,
    progress: f64,
    metrics: String,
    node_id: Option<i64>,
    cpu_milli: i64,
    memory_mib: i64,
    system_disk_gb: i64,
    gpu_cards: String,
    reserved: bool,
    container_id: String,
    command: String,
    stop_requested: bool,
    jsonl_seen: i64,
    exit_code: Option<i64>,
    error: String,
    created_at: DateTime<Utc>,
    started_at: Option<DateTime<Utc>>,
    ended_at: Option<DateTime<Utc>>,
}

/// A job with what only the service needs: its reservation and container.
#[derive(Debug, Clone)]
pub struct StoredJob {
    pub job: Job,
    pub cpu_milli: i64,
    pub memory_mib: i64,
    pub system_disk_gb: i64,
    pub gpu_grants: Vec<GpuGrant>,
    /// Its capacity still counts on the node.
    pub reserved: bool,
    pub container_id: String,
    pub stop_requested: bool,
    /// `trainer_log.jsonl` lines already read.
    pub jsonl_seen: usize,
}

/// What placement chose for a new job.
#[derive(Debug, Clone)]
pub struct NewJob<'a> {
    pub owner_id: i64,
    pub spec: &'a JobSpec,
    pub node_id: i64,
    pub cpu_milli: i64,
    pub memory_mib: i64,
    pub system_disk_gb: i64,
    pub gpus: &'a [GpuGrant],
}

/// The figures a running job reached.
#[derive(Debug, Clone)]
pub struct JobProgress<'a> {
    pub progress: f64,
    pub metrics: &'a Metrics,
    pub jsonl_seen: usize,
    pub points: &'a [Point],
}

#[derive(Debug, Clone, Default)]
pub struct JobFilter {
    pub owner_id: Option<i64>,
    pub status: Option<JobStatus>,
    pub name_contains: Option<String>,
}

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Other(e.to_string()))
}

impl TryFrom<Row> for StoredJob {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<StoredJob> {
        let bad = |what: &str, e: String| {
            StoreError::Other(format!("fine-tuning job {} {what}: {e}", r.id))
        };
        let spec: JobSpec =
            serde_json::from_str(&r.spec).map_err(|e| bad("spec", e.to_string()))?;
        let metrics: Metrics =
            serde_json::from_str(&r.metrics).map_err(|e| bad("metrics", e.to_string()))?;
        let gpu_grants: Vec<GpuGrant> =
            serde_json::from_str(&r.gpu_cards).map_err(|e| bad("gpu_cards", e.to_string()))?;
        let command: Vec<String> =
            serde_json::from_str(&r.command).map_err(|e| bad("command", e.to_string()))?;
        let status = JobStatus::parse(&r.status).ok_or_else(|| bad("status", r.status.clone()))?;
        Ok(StoredJob {
            job: Job {
                id: r.id,
                owner_id: r.owner_id,
                spec,
                status,
                progress: r.progress,
                metrics,
                node_id: r.node_id,
                gpus: gpu_grants.iter().map(|g| g.index).collect(),
                command,
                exit_code: r.exit_code,
                error: r.error,
                created_at: r.created_at,
                started_at: r.started_at,
                ended_at: r.ended_at,
            },
            cpu_milli: r.cpu_milli,
            memory_mib: r.memory_mib,
            system_disk_gb: r.system_disk_gb,
            gpu_grants,
            reserved: r.reserved,
            container_id: r.container_id,
            stop_requested: r.stop_requested,
            jsonl_seen: usize::try_from(r.jsonl_seen).unwrap_or(0),
        })
    }
}

fn stored(rows: Vec<Row>) -> Result<Vec<StoredJob>> {
    rows.into_iter().map(StoredJob::try_from).collect()
}

#[derive(sqlx::FromRow)]
struct PointRow {
    step: i64,
    loss: Option<f64>,
    eval_loss: Option<f64>,
    learning_rate: Option<f64>,
    epoch: Option<f64>,
}

impl Store {
    /// A placed job, `pending`, holding its capacity. Called under the
    /// placement lock, like an instance's insert.
    pub async fn insert_finetune_job(
        &self,
        j: &NewJob<'_>,
        now: DateTime<Utc>,
    ) -> Result<StoredJob> {
        let spec = json(j.spec)?;
        let cards = json(&j.gpus)?;
        let sql = format!(
            "INSERT INTO finetune_jobs (owner_id, name, spec, status, node_id, cpu_milli, memory_mib, \
             system_disk_gb, gpu_cards, reserved, created_at) \
             VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, TRUE, $9) RETURNING {COLUMNS}"
        );
        let row: Row = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(j.owner_id)
            .bind(&j.spec.name)
            .bind(&spec)
            .bind(j.node_id)
            .bind(j.cpu_milli)
            .bind(j.memory_mib)
            .bind(j.system_disk_gb)
            .bind(&cards)
            .bind(now)
            .fetch_one(pool)
            .await?);
        let job: StoredJob = row.try_into()?;
        // Metered while it holds its capacity, at the spec's price now.
        let price = self.spec_price(j.spec.spec_id).await?;
        self.open_usage(&NewUsage {
            kind: SubjectKind::FinetuneJob,
            subject_id: job.job.id,
            subject_key: "",
            owner_id: j.owner_id,
            node_id: j.node_id,
            spec_id: Some(j.spec.spec_id),
            cpu_milli: j.cpu_milli,
            memory_mib: j.memory_mib,
            gpus: j.gpus,
            gpu_split: true,
            disk_gb: 0,
            price_per_hour: price,
            at: now,
        })
        .await?;
        Ok(job)
    }

    pub async fn finetune_job(&self, id: i64) -> Result<StoredJob> {
        let sql = format!("SELECT {COLUMNS} FROM finetune_jobs WHERE id = $1");
        let row: Row = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_one(pool)
            .await?);
        row.try_into()
    }

    /// Newest first.
    pub async fn list_finetune_jobs(
        &self,
        f: &JobFilter,
        page: PageRequest,
    ) -> Result<(Vec<StoredJob>, i64)> {
        let filter = "($1 IS NULL OR owner_id = $1) AND ($2 IS NULL OR status = $2) \
                      AND ($3 IS NULL OR name LIKE $3 ESCAPE '\\')";
        let list = format!(
            "SELECT {COLUMNS} FROM finetune_jobs WHERE {filter} ORDER BY id DESC LIMIT $4 OFFSET $5"
        );
        let count = format!("SELECT COUNT(*) FROM finetune_jobs WHERE {filter}");
        let pattern = f.name_contains.as_deref().map(crate::like_pattern);
        let status = f.status.map(JobStatus::as_str);
        let (list, total): (Vec<Row>, i64) = on_db!(self, |pool| {
            let list = sqlx::query_as(&list)
                .bind(f.owner_id)
                .bind(status)
                .bind(pattern.as_deref())
                .bind(page.limit())
                .bind(page.offset())
                .fetch_all(pool)
                .await?;
            let (total,): (i64,) = sqlx::query_as(&count)
                .bind(f.owner_id)
                .bind(status)
                .bind(pattern.as_deref())
                .fetch_one(pool)
                .await?;
            (list, total)
        });
        Ok((stored(list)?, total))
    }

    /// Jobs still holding capacity or not yet ended: what a starting server
    /// re-attaches or marks.
    pub async fn unfinished_finetune_jobs(&self) -> Result<Vec<StoredJob>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM finetune_jobs WHERE reserved OR status IN ('pending', 'running') ORDER BY id"
        );
        let rows: Vec<Row> = on_db!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await?);
        stored(rows)
    }

    pub async fn finetune_statistics(&self, owner_id: Option<i64>) -> Result<Statistics> {
        let rows: Vec<(String, i64)> = on_db!(self, |pool| {
            sqlx::query_as(
            "SELECT status, COUNT(*) FROM finetune_jobs WHERE ($1 IS NULL OR owner_id = $1) GROUP BY status"
        )
        .bind(owner_id)
        .fetch_all(pool)
        .await?
        });
        let mut s = Statistics::default();
        for (status, n) in rows {
            if let Some(st) = JobStatus::parse(&status) {
                s.add(st, n);
            }
        }
        Ok(s)
    }

    /// What the container will run: the spec with its output path filled in
    /// and the argv.
    pub async fn set_finetune_launch(
        &self,
        id: i64,
        spec: &JobSpec,
        command: &[String],
    ) -> Result<()> {
        let spec = json(spec)?;
        let command = json(&command)?;
        on_db!(self, |pool| {
            sqlx::query("UPDATE finetune_jobs SET spec = $2, command = $3 WHERE id = $1")
                .bind(id)
                .bind(&spec)
                .bind(&command)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// The container made for the job, recorded before it starts.
    pub async fn set_finetune_container(&self, id: i64, container_id: &str) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query("UPDATE finetune_jobs SET container_id = $2 WHERE id = $1")
                .bind(id)
                .bind(container_id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// `pending` → `running`; false when the job was no longer pending.
    pub async fn set_finetune_running(&self, id: i64, now: DateTime<Utc>) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query(
            "UPDATE finetune_jobs SET status = 'running', started_at = $2 WHERE id = $1 AND status = 'pending'"
        )
        .bind(id)
        .bind(now)
        .execute(pool)
        .await?
        .rows_affected()
        });
        Ok(n > 0)
    }

    /// The latest figures and the new points of the series, in one transaction.
    pub async fn save_finetune_progress(&self, id: i64, p: &JobProgress<'_>) -> Result<()> {
        let metrics = json(p.metrics)?;
        let seen = i64::try_from(p.jsonl_seen).unwrap_or(i64::MAX);
        on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE finetune_jobs SET progress = $2, metrics = $3, jsonl_seen = $4 WHERE id = $1",
            )
            .bind(id)
            .bind(p.progress)
            .bind(&metrics)
            .bind(seen)
            .execute(&mut *tx)
            .await?;
            for pt in p.points {
                // A step seen again (a re-attached job, a train and an eval
                // line of one step) completes its point.
                sqlx::query(
                    "INSERT INTO finetune_points (job_id, step, loss, eval_loss, learning_rate, epoch) \
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (job_id, step) DO UPDATE SET \
                     loss = COALESCE(excluded.loss, finetune_points.loss), \
                     eval_loss = COALESCE(excluded.eval_loss, finetune_points.eval_loss), \
                     learning_rate = COALESCE(excluded.learning_rate, finetune_points.learning_rate), \
                     epoch = COALESCE(excluded.epoch, finetune_points.epoch)",
                )
                .bind(id)
                .bind(pt.step)
                .bind(pt.loss)
                .bind(pt.eval_loss)
                .bind(pt.learning_rate)
                .bind(pt.epoch)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Marks a stop as asked for; false when the job had already ended.
    pub async fn request_finetune_stop(&self, id: i64) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query(
            "UPDATE finetune_jobs SET stop_requested = TRUE WHERE id = $1 AND status IN ('pending', 'running')"
        )
        .bind(id)
        .execute(pool)
        .await?
        .rows_affected()
        });
        Ok(n > 0)
    }

    /// Records how the job ended and, when `release` (its container is
    /// gone), releases its capacity in the same write. A job already ended
    /// keeps its end.
    pub async fn finish_finetune_job(
        &self,
        id: i64,
        status: JobStatus,
        exit_code: Option<i64>,
        error: &str,
        release: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "UPDATE finetune_jobs SET reserved = CASE WHEN $6 THEN FALSE ELSE reserved END, \
                 status = CASE WHEN status IN ('pending', 'running') THEN $2 ELSE status END, \
                 exit_code = CASE WHEN status IN ('pending', 'running') THEN $3 ELSE exit_code END, \
                 error = CASE WHEN status IN ('pending', 'running') THEN $4 ELSE error END, \
                 progress = CASE WHEN $2 = 'completed' AND status IN ('pending', 'running') THEN 100 ELSE progress END, \
                 ended_at = COALESCE(ended_at, $5) WHERE id = $1",
            )
            .bind(id)
            .bind(status.as_str())
            .bind(exit_code)
            .bind(error)
            .bind(now)
            .bind(release)
            .execute(pool)
            .await?;
        });
        if release {
            self.close_usage(SubjectKind::FinetuneJob, id, "", CloseAt::Beat(now))
                .await?;
        }
        Ok(())
    }

    pub async fn delete_finetune_job(&self, id: i64) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query("DELETE FROM finetune_jobs WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// The job's series, by step.
    pub async fn finetune_points(&self, id: i64) -> Result<Vec<Point>> {
        let rows: Vec<PointRow> = on_db!(self, |pool| {
            sqlx::query_as(
            "SELECT step, loss, eval_loss, learning_rate, epoch FROM finetune_points WHERE job_id = $1 ORDER BY step"
        )
        .bind(id)
        .fetch_all(pool)
        .await?
        });
        Ok(rows
            .into_iter()
            .map(|r| Point {
                step: r.step,
                loss: r.loss,
                eval_loss: r.eval_loss,
                learning_rate: r.learning_rate,
                epoch: r.epoch,
            })
            .collect())
    }
}
