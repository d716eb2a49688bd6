//! Tasks and their runs. The definition is kept as JSON (`spec`); the
//! columns beside it are the state the scheduler and the lists read.

use chrono::{DateTime, Utc};
use tianqi_core::instance::GpuGrant;
use tianqi_core::page::PageRequest;
use tianqi_core::tasks::{Task, TaskRun, TaskSpec, TaskStatus, Trigger};
use tianqi_core::usage::SubjectKind;

use crate::usage::{CloseAt, NewUsage};
use crate::{on_db, Result, Store, StoreError};

const COLUMNS: &str = "id, owner_id, spec, status, next_run_at, last_run_at, last_exit_code, \
                       last_error, run_count, created_at, updated_at";
const RUN_COLUMNS: &str = "id, task_id, trigger_kind, attempt, status, started_at, ended_at, \
                           duration_ms, exit_code, signal, reason, log_file";

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    owner_id: i64,
    spec: String,
    status: String,
    next_run_at: Option<DateTime<Utc>>,
    last_run_at: Option<DateTime<Utc>>,
    last_exit_code: Option<i64>,
    last_error: Option<String>,
    run_count: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<Row> for Task {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Task> {
        let bad = |what: &str| StoreError::Other(format!("task {}: bad {what}", r.id));
        let spec: TaskSpec = serde_json::from_str(&r.spec).map_err(|_| bad("spec"))?;
        Ok(Task {
            status: TaskStatus::parse(&r.status).ok_or_else(|| bad("status"))?,
            last_exit_code: r.last_exit_code.and_then(|c| i32::try_from(c).ok()),
            id: r.id,
            owner_id: r.owner_id,
            spec,
            next_run_at: r.next_run_at,
            last_run_at: r.last_run_at,
            last_error: r.last_error,
            run_count: r.run_count,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct RunRow {
    id: i64,
    task_id: String,
    trigger_kind: String,
    attempt: i64,
    status: String,
    started_at: DateTime<Utc>,
    ended_at: Option<DateTime<Utc>>,
    duration_ms: Option<i64>,
    exit_code: Option<i64>,
    signal: Option<i64>,
    reason: Option<String>,
    log_file: String,
}

impl TryFrom<RunRow> for TaskRun {
    type Error = StoreError;
    fn try_from(r: RunRow) -> Result<TaskRun> {
        let bad = |what: &str| StoreError::Other(format!("task run {}: bad {what}", r.id));
        Ok(TaskRun {
            trigger: Trigger::parse(&r.trigger_kind).ok_or_else(|| bad("trigger"))?,
            status: TaskStatus::parse(&r.status).ok_or_else(|| bad("status"))?,
            attempt: i32::try_from(r.attempt).map_err(|_| bad("attempt"))?,
            exit_code: r.exit_code.and_then(|c| i32::try_from(c).ok()),
            signal: r.signal.and_then(|c| i32::try_from(c).ok()),
            id: r.id,
            task_id: r.task_id,
            started_at: r.started_at,
            ended_at: r.ended_at,
            duration_ms: r.duration_ms,
            reason: r.reason,
            log_file: r.log_file,
        })
    }
}

fn tasks(rows: Vec<Row>) -> Result<Vec<Task>> {
    rows.into_iter().map(Task::try_from).collect()
}

fn spec_json(spec: &TaskSpec) -> Result<String> {
    serde_json::to_string(spec).map_err(|e| StoreError::Other(format!("task spec: {e}")))
}

#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    /// Only this owner's (a user's own list); none = every task.
    pub owner_id: Option<i64>,
    pub status: Option<TaskStatus>,
    /// Substring of the id or name.
    pub q: Option<String>,
}

/// How a run ended.
#[derive(Debug, Clone)]
pub struct RunEnd {
    pub status: TaskStatus,
    pub ended_at: DateTime<Utc>,
    pub duration_ms: i64,
    pub exit_code: Option<i32>,
    pub signal: Option<i32>,
    pub reason: Option<String>,
}

/// A write to a run's record (see `Store::record_task_runs`).
#[derive(Debug, Clone)]
pub enum RunRecord {
    /// A run started: its row, and the task as RUNNING.
    Start {
        task_id: String,
        trigger: Trigger,
        attempt: i32,
        log_file: String,
        at: DateTime<Utc>,
    },
    /// A run ended: its row, and the task's resulting status.
    Finish {
        run_id: i64,
        task_id: String,
        end: RunEnd,
        task_status: TaskStatus,
    },
}

/// The capacity a container task run holds on a node, and its container.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TaskReservation {
    pub run_id: i64,
    pub task_id: String,
    pub node_id: i64,
    pub cpu_milli: i64,
    pub memory_mib: i64,
    pub system_disk_gb: i64,
    /// JSON list of `GpuGrant`.
    pub gpu_cards: String,
    /// Empty until the container is made.
    pub container_id: String,
    pub created_at: DateTime<Utc>,
}

impl TaskReservation {
    pub fn gpus(&self) -> Result<Vec<GpuGrant>> {
        serde_json::from_str(&self.gpu_cards).map_err(|e| StoreError::Other(e.to_string()))
    }
}

const RESERVATION_COLUMNS: &str = "run_id, task_id, node_id, cpu_milli, memory_mib, \
     system_disk_gb, gpu_cards, container_id, created_at";

impl Store {
    /// Holds capacity on a node for a container task run, and meters it
    /// (its owner, at the spec's price now) until the reservation goes.
    /// Called under the placement lock, like an instance's insert.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_task_reservation(
        &self,
        run_id: i64,
        task_id: &str,
        owner_id: i64,
        spec_id: i64,
        node_id: i64,
        cpu_milli: i64,
        memory_mib: i64,
        system_disk_gb: i64,
        gpus: &[GpuGrant],
        now: DateTime<Utc>,
    ) -> Result<()> {
        let cards = serde_json::to_string(gpus).map_err(|e| StoreError::Other(e.to_string()))?;
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO task_reservations (run_id, task_id, node_id, cpu_milli, memory_mib, \
                 system_disk_gb, gpu_cards, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(run_id)
            .bind(task_id)
            .bind(node_id)
            .bind(cpu_milli)
            .bind(memory_mib)
            .bind(system_disk_gb)
            .bind(&cards)
            .bind(now)
            .execute(pool)
            .await?;
        });
        let price = self.spec_price(spec_id).await?;
        self.open_usage(&NewUsage {
            kind: SubjectKind::TaskRun,
            subject_id: run_id,
            subject_key: "",
            owner_id,
            node_id,
            spec_id: Some(spec_id),
            cpu_milli,
            memory_mib,
            gpus,
            gpu_split: true,
            disk_gb: 0,
            price_per_hour: price,
            at: now,
        })
        .await
    }

    pub async fn set_task_reservation_container(
        &self,
        run_id: i64,
        container_id: &str,
    ) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query("UPDATE task_reservations SET container_id = $2 WHERE run_id = $1")
                .bind(run_id)
                .bind(container_id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Releases a run's capacity (its container is gone); its meter stops.
    pub async fn delete_task_reservation(&self, run_id: i64, now: DateTime<Utc>) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query("DELETE FROM task_reservations WHERE run_id = $1")
                .bind(run_id)
                .execute(pool)
                .await?;
        });
        self.close_usage(SubjectKind::TaskRun, run_id, "", CloseAt::Beat(now))
            .await
    }

    pub async fn task_reservations(&self) -> Result<Vec<TaskReservation>> {
        let sql = format!("SELECT {RESERVATION_COLUMNS} FROM task_reservations ORDER BY run_id");
        Ok(on_db!(self, |pool| sqlx::query_as(&sql)
            .fetch_all(pool)
            .await?))
    }

    pub async fn insert_task(
        &self,
        id: &str,
        owner_id: i64,
        spec: &TaskSpec,
        status: TaskStatus,
        next_run_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<Task> {
        let sql = format!(
            "INSERT INTO tasks (id, owner_id, name, spec, enabled, status, next_run_at, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING {COLUMNS}"
        );
        let json = spec_json(spec)?;
        let row: Row = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .bind(owner_id)
            .bind(&spec.name)
            .bind(&json)
            .bind(spec.enabled)
            .bind(status.as_str())
            .bind(next_run_at)
            .bind(now)
            .fetch_one(pool)
            .await?);
        row.try_into()
    }

    /// Replaces a definition (and the status and next run that follow from
    /// it).
    pub async fn update_task(
        &self,
        id: &str,
        spec: &TaskSpec,
        status: TaskStatus,
        next_run_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<Task> {
        let sql = format!(
            "UPDATE tasks SET name = $2, spec = $3, enabled = $4, status = $5, next_run_at = $6, \
             updated_at = $7 WHERE id = $1 RETURNING {COLUMNS}"
        );
        let json = spec_json(spec)?;
        let row: Row = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .bind(&spec.name)
            .bind(&json)
            .bind(spec.enabled)
            .bind(status.as_str())
            .bind(next_run_at)
            .bind(now)
            .fetch_one(pool)
            .await?);
        row.try_into()
    }

    pub async fn task(&self, id: &str) -> Result<Task> {
        let sql = format!("SELECT {COLUMNS} FROM tasks WHERE id = $1");
        let row: Row = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_one(pool)
            .await?);
        row.try_into()
    }

    /// The tasks of these ids that exist, in no particular order: what a
    /// scheduler round reads for the tasks it fires (in one query per
    /// chunk rather than one per task).
    pub async fn tasks_by_ids(&self, ids: &[String]) -> Result<Vec<Task>> {
        let mut found = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT {COLUMNS} FROM tasks WHERE id IN ({})",
                marks.join(", ")
            );
            let rows: Vec<Row> = on_db!(self, |pool| {
                let mut q = sqlx::query_as(&sql);
                for id in chunk {
                    q = q.bind(id);
                }
                q.fetch_all(pool).await?
            });
            found.extend(tasks(rows)?);
        }
        Ok(found)
    }

    /// Every task, by id: what the scheduler loads at boot.
    pub async fn all_tasks(&self) -> Result<Vec<Task>> {
        let sql = format!("SELECT {COLUMNS} FROM tasks ORDER BY id");
        let list: Vec<Row> = on_db!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await?);
        tasks(list)
    }

    pub async fn list_tasks(&self, f: &TaskFilter, page: PageRequest) -> Result<(Vec<Task>, i64)> {
        let filter = "($1 IS NULL OR owner_id = $1) AND ($2 IS NULL OR status = $2) \
                      AND ($3 IS NULL OR id LIKE $3 ESCAPE '\\' OR name LIKE $3 ESCAPE '\\')";
        let list =
            format!("SELECT {COLUMNS} FROM tasks WHERE {filter} ORDER BY id LIMIT $4 OFFSET $5");
        let count = format!("SELECT COUNT(*) FROM tasks WHERE {filter}");
        let pattern = f.q.as_deref().map(crate::like_pattern);
        let status = f.status.map(TaskStatus::as_str);
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
        Ok((tasks(list)?, total))
    }

    /// Deletes the tasks (and their runs) in one transaction; answers how
    /// many existed.
    pub async fn delete_tasks(&self, ids: &[String]) -> Result<u64> {
        let n = on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            let mut n = 0;
            for id in ids {
                n += sqlx::query("DELETE FROM tasks WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            }
            tx.commit().await?;
            n
        });
        Ok(n)
    }

    pub async fn set_task_status(&self, id: &str, status: TaskStatus) -> Result<()> {
        on_db!(self, |pool| sqlx::query(
            "UPDATE tasks SET status = $2 WHERE id = $1"
        )
        .bind(id)
        .bind(status.as_str())
        .execute(pool)
        .await?
        .rows_affected());
        Ok(())
    }

    /// The next due time, kept so schedules survive restarts.
    pub async fn set_task_next_run(&self, id: &str, next: Option<DateTime<Utc>>) -> Result<()> {
        on_db!(self, |pool| sqlx::query(
            "UPDATE tasks SET next_run_at = $2 WHERE id = $1"
        )
        .bind(id)
        .bind(next)
        .execute(pool)
        .await?
        .rows_affected());
        Ok(())
    }

    /// The next due times of many tasks in one transaction (a scheduler
    /// round's fires: one commit, not one per task).
    pub async fn set_task_next_runs(&self, next: &[(String, Option<DateTime<Utc>>)]) -> Result<()> {
        if next.is_empty() {
            return Ok(());
        }
        on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            for (id, at) in next {
                sqlx::query("UPDATE tasks SET next_run_at = $2 WHERE id = $1")
                    .bind(id)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Records a started run (and the task as RUNNING); answers the run id.
    pub async fn start_task_run(
        &self,
        task_id: &str,
        trigger: Trigger,
        attempt: i32,
        log_file: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let record = RunRecord::Start {
            task_id: task_id.to_string(),
            trigger,
            attempt,
            log_file: log_file.to_string(),
            at: now,
        };
        match self.record_task_runs(std::slice::from_ref(&record)).await?[..] {
            [Some(id)] => Ok(id),
            _ => Err(StoreError::Other("a run start answered no id".into())),
        }
    }

    /// Records how a run ended, and the task's resulting status.
    pub async fn finish_task_run(
        &self,
        run_id: i64,
        task_id: &str,
        end: &RunEnd,
        task_status: TaskStatus,
    ) -> Result<()> {
        let record = RunRecord::Finish {
            run_id,
            task_id: task_id.to_string(),
            end: end.clone(),
            task_status,
        };
        self.record_task_runs(std::slice::from_ref(&record)).await?;
        Ok(())
    }

    /// Applies run records in their order in one transaction, and answers,
    /// for each, the id of the run it started (none for an end). A thousand
    /// runs starting on the same second are then one commit, not a thousand
    /// (SQLite has one writer). If one record fails, none is applied.
    pub async fn record_task_runs(&self, records: &[RunRecord]) -> Result<Vec<Option<i64>>> {
        let holder: &str = &self.boot_id;
        let ids = on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            let mut ids = Vec::with_capacity(records.len());
            for record in records {
                ids.push(match record {
                    RunRecord::Start {
                        task_id,
                        trigger,
                        attempt,
                        log_file,
                        at,
                    } => {
                        let (id,): (i64,) = sqlx::query_as(
                            "INSERT INTO task_runs \
                             (task_id, trigger_kind, attempt, status, started_at, log_file, holder) \
                             VALUES ($1, $2, $3, 'RUNNING', $4, $5, $6) RETURNING id",
                        )
                        .bind(task_id)
                        .bind(trigger.as_str())
                        .bind(i64::from(*attempt))
                        .bind(at)
                        .bind(log_file)
                        .bind(holder)
                        .fetch_one(&mut *tx)
                        .await?;
                        sqlx::query(
                            "UPDATE tasks SET status = 'RUNNING', last_run_at = $2, \
                             run_count = run_count + 1 WHERE id = $1",
                        )
                        .bind(task_id)
                        .bind(at)
                        .execute(&mut *tx)
                        .await?;
                        Some(id)
                    }
                    RunRecord::Finish {
                        run_id,
                        task_id,
                        end,
                        task_status,
                    } => {
                        sqlx::query(
                            "UPDATE task_runs SET status = $2, ended_at = $3, duration_ms = $4, \
                             exit_code = $5, signal = $6, reason = $7 WHERE id = $1",
                        )
                        .bind(run_id)
                        .bind(end.status.as_str())
                        .bind(end.ended_at)
                        .bind(end.duration_ms)
                        .bind(end.exit_code.map(i64::from))
                        .bind(end.signal.map(i64::from))
                        .bind(end.reason.as_deref())
                        .execute(&mut *tx)
                        .await?;
                        sqlx::query(
                            "UPDATE tasks SET status = $2, last_exit_code = $3, last_error = $4 \
                             WHERE id = $1",
                        )
                        .bind(task_id)
                        .bind(task_status.as_str())
                        .bind(end.exit_code.map(i64::from))
                        .bind(end.reason.as_deref())
                        .execute(&mut *tx)
                        .await?;
                        None
                    }
                });
            }
            tx.commit().await?;
            ids
        });
        Ok(ids)
    }

    /// A page of a task's runs, newest first.
    pub async fn list_task_runs(
        &self,
        task_id: &str,
        page: PageRequest,
    ) -> Result<(Vec<TaskRun>, i64)> {
        let list = format!(
            "SELECT {RUN_COLUMNS} FROM task_runs WHERE task_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3"
        );
        let (list, total): (Vec<RunRow>, i64) = on_db!(self, |pool| {
            let list = sqlx::query_as(&list)
                .bind(task_id)
                .bind(page.limit())
                .bind(page.offset())
                .fetch_all(pool)
                .await?;
            let (total,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM task_runs WHERE task_id = $1")
                    .bind(task_id)
                    .fetch_one(pool)
                    .await?;
            (list, total)
        });
        let runs = list
            .into_iter()
            .map(TaskRun::try_from)
            .collect::<Result<Vec<_>>>()?;
        Ok((runs, total))
    }

    pub async fn task_run(&self, run_id: i64) -> Result<TaskRun> {
        let sql = format!("SELECT {RUN_COLUMNS} FROM task_runs WHERE id = $1");
        let row: RunRow = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(run_id)
            .fetch_one(pool)
            .await?);
        row.try_into()
    }

    /// Runs still RUNNING whose server is gone: this server's earlier
    /// processes, and on several servers those of servers not heard of
    /// since `live_since` (`None`: one server, so every other mark is
    /// gone); with `unmarked`, also runs recorded without a mark (before
    /// marks existed). They become EXCEPTION with `reason`, and so do their
    /// tasks unless another run of theirs still goes — except container
    /// runs re-attached (still holding their reservation). Answers how many
    /// runs.
    pub async fn fail_orphaned_task_runs(
        &self,
        reason: &str,
        now: DateTime<Utc>,
        live_since: Option<DateTime<Utc>>,
        unmarked: bool,
    ) -> Result<u64> {
        let me: &str = &self.boot_id;
        // A cutoff no beat reaches: only this server counts as alive.
        let cutoff = live_since.unwrap_or(now + chrono::Duration::days(36_500));
        let n = on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            // A run that still holds a reservation was re-attached to its
            // container (the service removed the reservations of the rest).
            let tasks: Vec<String> = sqlx::query_scalar(
                "UPDATE task_runs SET status = 'EXCEPTION', ended_at = $2, reason = $1 \
                 WHERE status = 'RUNNING' AND id NOT IN (SELECT run_id FROM task_reservations) \
                 AND ((holder IS NULL AND $5) OR (holder <> $3 AND holder NOT IN \
                      (SELECT holder FROM servers WHERE beat_at >= $4))) \
                 RETURNING task_id",
            )
            .bind(reason)
            .bind(now)
            .bind(me)
            .bind(cutoff)
            .bind(unmarked)
            .fetch_all(&mut *tx)
            .await?;
            let mut seen = std::collections::BTreeSet::new();
            for task in tasks.iter().filter(|t| seen.insert(t.as_str())) {
                sqlx::query(
                    "UPDATE tasks SET status = 'EXCEPTION', last_error = $1 \
                     WHERE id = $2 AND status = 'RUNNING' \
                     AND id NOT IN (SELECT task_id FROM task_reservations) \
                     AND NOT EXISTS (SELECT 1 FROM task_runs r \
                                     WHERE r.task_id = $2 AND r.status = 'RUNNING')",
                )
                .bind(reason)
                .bind(task)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            tasks.len() as u64
        });
        Ok(n)
    }
}
