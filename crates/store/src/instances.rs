//! Instances and the capacity they reserve.

use chrono::{DateTime, Utc};
use tianqi_core::autostop::StopReason;
use tianqi_core::catalog::capacity::Allocation;
use tianqi_core::catalog::quantity::{mib_to_gb, milli_to_cores};
use tianqi_core::instance::{
    AutoStop, ExitReason, GpuGrant, Instance, InstanceStatus, PullProgress,
};
use tianqi_core::page::PageRequest;

use crate::usage::CloseAt;
use crate::{on_db, Result, Store, StoreError};

const COLUMNS: &str = "id, name, owner_id, node_id, image_id, spec_id, image_address, status, status_error, \
    container_id, container_name, cpu_milli, memory_mib, system_disk_gb, data_disk_gb, gpu_cards, gpu_split, \
    disk_enforced, remark, progress, exit_code, exit_reason, stop_at, stop_after_secs, idle_since, \
    auto_stop_at, auto_stop_reason, created_at, updated_at";

/// Statuses whose rows hold capacity on their node.
const HOLDS_CAPACITY: &str = "status <> 'failed'";

#[derive(sqlx::FromRow, serde::Deserialize)]
struct Row {
    id: i64,
    name: String,
    owner_id: i64,
    node_id: i64,
    image_id: Option<i64>,
    spec_id: Option<i64>,
    image_address: String,
    status: String,
    status_error: String,
    container_id: String,
    container_name: String,
    cpu_milli: i64,
    memory_mib: i64,
    system_disk_gb: i64,
    data_disk_gb: i64,
    gpu_cards: String,
    #[serde(deserialize_with = "crate::de_bool")]
    gpu_split: bool,
    #[serde(deserialize_with = "crate::de_bool")]
    disk_enforced: bool,
    remark: String,
    progress: String,
    exit_code: Option<i64>,
    exit_reason: String,
    stop_at: Option<DateTime<Utc>>,
    stop_after_secs: Option<i64>,
    idle_since: Option<DateTime<Utc>>,
    auto_stop_at: Option<DateTime<Utc>>,
    auto_stop_reason: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<Row> for Instance {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Instance> {
        let gpus: Vec<GpuGrant> = serde_json::from_str(&r.gpu_cards)
            .map_err(|e| StoreError::Other(format!("instance {} gpu_cards: {e}", r.id)))?;
        let (progress, pull) = PullProgress::from_stored(r.progress);
        Ok(Instance {
            id: r.id,
            name: r.name,
            owner_id: r.owner_id,
            node_id: r.node_id,
            // Filled in by the service, which knows the nodes.
            node_name: String::new(),
            image_id: r.image_id,
            spec_id: r.spec_id,
            image_address: r.image_address,
            status: InstanceStatus::parse(&r.status),
            status_error: r.status_error,
            container_id: r.container_id,
            container_name: r.container_name,
            cpu_cores: milli_to_cores(r.cpu_milli),
            memory_gb: mib_to_gb(r.memory_mib),
            system_disk_gb: r.system_disk_gb,
            data_disk_gb: r.data_disk_gb,
            gpus,
            gpu_split: r.gpu_split,
            disk_enforced: r.disk_enforced,
            remark: r.remark,
            progress,
            pull,
            exit_code: r.exit_code,
            exit_reason: ExitReason::parse(&r.exit_reason),
            auto_stop: AutoStop {
                stop_at: r.stop_at,
                stop_after_hours: r.stop_after_secs.map(|s| s as f64 / 3600.0),
                idle_since: r.idle_since,
                due_at: r.auto_stop_at,
                reason: StopReason::parse(&r.auto_stop_reason),
                warn: false,
            },
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

/// A new instance row: its reservation, written while the placement lock is held.
#[derive(Debug, Clone)]
pub struct NewInstance {
    pub name: String,
    pub owner_id: i64,
    pub node_id: i64,
    pub image_id: i64,
    pub spec_id: i64,
    pub image_address: String,
    pub cpu_milli: i64,
    pub memory_mib: i64,
    pub system_disk_gb: i64,
    pub data_disk_gb: i64,
    pub gpus: Vec<GpuGrant>,
    pub gpu_split: bool,
    pub remark: String,
    /// The owner's shutdown schedule (see `tianqi_core::autostop`).
    pub stop_at: Option<DateTime<Utc>>,
    pub stop_after_secs: Option<i64>,
    pub now: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct InstanceFilter {
    /// Only this owner's instances (the policy's owner scope).
    pub owner_id: Option<i64>,
    pub node_id: Option<i64>,
    pub status: Option<InstanceStatus>,
    pub name_contains: Option<String>,
}

#[derive(sqlx::FromRow)]
struct AllocRow {
    node_id: i64,
    cpu_milli: i64,
    memory_mib: i64,
    system_disk_gb: i64,
    data_disk_gb: i64,
    gpu_cards: String,
}

impl Store {
    pub async fn insert_instance(&self, n: &NewInstance) -> Result<Instance> {
        let cards = serde_json::to_string(&n.gpus).map_err(|e| StoreError::Other(e.to_string()))?;
        let sql = format!(
            "INSERT INTO instances (name, owner_id, node_id, image_id, spec_id, image_address, status, cpu_milli, \
             memory_mib, system_disk_gb, data_disk_gb, gpu_cards, gpu_split, remark, created_at, updated_at, stop_at, \
             stop_after_secs) \
             VALUES ($1, $2, $3, $4, $5, $6, 'creating', $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16) \
             RETURNING {COLUMNS}"
        );
        let row: Row = on_db!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(&n.name)
                .bind(n.owner_id)
                .bind(n.node_id)
                .bind(n.image_id)
                .bind(n.spec_id)
                .bind(&n.image_address)
                .bind(n.cpu_milli)
                .bind(n.memory_mib)
                .bind(n.system_disk_gb)
                .bind(n.data_disk_gb)
                .bind(&cards)
                .bind(n.gpu_split)
                .bind(&n.remark)
                .bind(n.now)
                .bind(n.stop_at)
                .bind(n.stop_after_secs)
                .fetch_one(pool)
                .await?
        });
        row.try_into()
    }

    pub async fn instance(&self, id: i64) -> Result<Instance> {
        let sql = format!("SELECT {COLUMNS} FROM instances WHERE id = $1");
        let row: Row = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_one(pool)
            .await?);
        row.try_into()
    }

    pub async fn list_instances(
        &self,
        f: &InstanceFilter,
        page: PageRequest,
    ) -> Result<(Vec<Instance>, i64)> {
        let filter = "($1 IS NULL OR owner_id = $1) AND ($2 IS NULL OR node_id = $2) \
                      AND ($3 IS NULL OR status = $3) AND ($4 IS NULL OR name LIKE $4 ESCAPE '\\')";
        // One round trip, one row: the page as JSON plus the total (`json_page_sql`).
        let inner = format!(
            "SELECT {COLUMNS} FROM instances WHERE {filter} ORDER BY id LIMIT $5 OFFSET $6"
        );
        let count = format!("SELECT COUNT(*) FROM instances WHERE {filter}");
        let columns: Vec<&str> = COLUMNS.split(',').map(str::trim).collect();
        let sql = crate::json_page_sql(self.engine(), &columns, &inner, &count);
        let status = f.status.map(InstanceStatus::as_str);
        let pattern = f.name_contains.as_deref().map(crate::like_pattern);
        let (total, json): (i64, String) = on_db!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(f.owner_id)
                .bind(f.node_id)
                .bind(status)
                .bind(pattern.as_deref())
                .bind(page.limit())
                .bind(page.offset())
                .fetch_one(pool)
                .await?
        });
        let rows: Vec<Row> = serde_json::from_str(&json)
            .map_err(|e| StoreError::Other(format!("instance page: {e}")))?;
        let items = rows
            .into_iter()
            .map(Instance::try_from)
            .collect::<Result<_>>()?;
        Ok((items, total))
    }

    /// What every capacity-holding instance reserves, as (node id, allocation).
    /// What every node's instances hold, the container task runs going
    /// on it (`task_reservations`, held for the run's life only) and the
    /// fine-tuning jobs not yet ended (`finetune_jobs.reserved`).
    pub async fn allocations(&self) -> Result<Vec<(i64, Allocation)>> {
        let sql = format!(
            "SELECT node_id, cpu_milli, memory_mib, system_disk_gb, data_disk_gb, gpu_cards FROM instances \
             WHERE {HOLDS_CAPACITY} \
             UNION ALL SELECT node_id, cpu_milli, memory_mib, system_disk_gb, 0 AS data_disk_gb, gpu_cards \
             FROM task_reservations \
             UNION ALL SELECT node_id, cpu_milli, memory_mib, system_disk_gb, 0 AS data_disk_gb, gpu_cards \
             FROM finetune_jobs WHERE reserved AND node_id IS NOT NULL"
        );
        let rows: Vec<AllocRow> = on_db!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await?);
        rows.into_iter()
            .map(|r| {
                let gpus: Vec<GpuGrant> = serde_json::from_str(&r.gpu_cards)
                    .map_err(|e| StoreError::Other(e.to_string()))?;
                Ok((
                    r.node_id,
                    Allocation {
                        cpu_milli: r.cpu_milli,
                        memory_mib: r.memory_mib,
                        system_disk_gb: r.system_disk_gb,
                        data_disk_gb: r.data_disk_gb,
                        cards: gpus.iter().map(|g| (g.index, g.vram_mib)).collect(),
                    },
                ))
            })
            .collect()
    }

    /// Sets the status; answers whether the row was there to update. How the
    /// container last ended is kept only while the status stays `exited`.
    /// Sets what is said about a running instance (a Pod waiting to be
    /// scheduled, or nothing once it runs); no write when it says that
    /// already or the instance is no longer running. Answers whether it
    /// changed.
    pub async fn set_running_note(&self, id: i64, note: &str) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE instances SET status_error = $2 \
                 WHERE id = $1 AND status = 'running' AND status_error <> $2",
            )
            .bind(id)
            .bind(note)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n > 0)
    }

    pub async fn set_instance_status(
        &self,
        id: i64,
        status: InstanceStatus,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE instances SET status = $2, status_error = $3, updated_at = $4, \
                 exit_code = CASE WHEN $2 = 'exited' THEN exit_code ELSE NULL END, \
                 exit_reason = CASE WHEN $2 = 'exited' THEN exit_reason ELSE '' END WHERE id = $1",
            )
            .bind(id)
            .bind(status.as_str())
            .bind(error)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        // Tianqi's own ends (stop, delete) are written by the functions
        // below; a status set here that is not `running` was observed.
        self.meter_instance(
            id,
            status == InstanceStatus::Running,
            now,
            CloseAt::LastSeen,
        )
        .await?;
        Ok(n > 0)
    }

    /// Marks an instance `exited` with how its container ended (`error` is the
    /// engine's own words, if it gave any). Only a row that is `running` or
    /// already `exited` changes: a delete or a failure that came first wins.
    /// An end Tianqi caused (a stop, an automatic stop) is not overwritten by
    /// an observation of it: a look at the container racing the stop would
    /// otherwise record the stop's SIGTERM as the process's own exit.
    pub async fn set_instance_exit(
        &self,
        id: i64,
        exit_code: Option<i64>,
        reason: ExitReason,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE instances SET status = 'exited', exit_code = $2, exit_reason = $3, status_error = $4, \
                 updated_at = $5 WHERE id = $1 AND (status = 'running' OR (status = 'exited' \
                 AND ($6 OR exit_reason NOT IN ('stopped', 'auto_stopped'))))",
            )
            .bind(id)
            .bind(exit_code)
            .bind(reason.as_str())
            .bind(error)
            .bind(now)
            .bind(reason.by_tianqi())
            .execute(pool)
            .await?
            .rows_affected()
        });
        if n > 0 {
            let end = if reason.by_tianqi() {
                CloseAt::Time(now)
            } else {
                CloseAt::LastSeen
            };
            self.close_instance_usage(id, end, now).await?;
        }
        Ok(n > 0)
    }

    /// Marks an instance `deleting` unless it is being created (one statement,
    /// so a create cannot start in between). Answers whether it did.
    pub async fn begin_instance_delete(&self, id: i64, now: DateTime<Utc>) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE instances SET status = 'deleting', status_error = '', updated_at = $2 \
                 WHERE id = $1 AND status <> 'creating'",
            )
            .bind(id)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if n > 0 {
            self.close_instance_all(id, CloseAt::Time(now), now).await?;
        }
        Ok(n > 0)
    }

    /// Records the instance's container; answers whether the row was there.
    pub async fn set_instance_container(
        &self,
        id: i64,
        container_id: &str,
        container_name: &str,
        disk_enforced: bool,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE instances SET container_id = $2, container_name = $3, disk_enforced = $4, updated_at = $5 \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(container_id)
            .bind(container_name)
            .bind(disk_enforced)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n > 0)
    }

    /// A failed instance placed again: its node and cards, back to `creating`
    /// with no container (the row's resources are its reservation again).
    /// Only a `failed` row changes; answers whether it did.
    pub async fn replace_failed_instance_placement(
        &self,
        id: i64,
        node_id: i64,
        gpus: &[tianqi_core::instance::GpuGrant],
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let cards = serde_json::to_string(gpus).map_err(|e| StoreError::Other(e.to_string()))?;
        let n = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE instances SET node_id = $2, gpu_cards = $3, status = 'creating', status_error = '', \
                 container_id = '', container_name = '', progress = '', updated_at = $4 \
                 WHERE id = $1 AND status = 'failed'",
            )
            .bind(id)
            .bind(node_id)
            .bind(&cards)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n > 0)
    }

    pub async fn delete_instance(&self, id: i64, now: DateTime<Utc>) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query("DELETE FROM instances WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        // Normally closed by `begin_instance_delete` already.
        self.close_instance_all(id, CloseAt::LastSeen, now).await?;
        Ok(n > 0)
    }

    pub async fn count_instances(
        &self,
        owner_id: Option<i64>,
        node_id: Option<i64>,
    ) -> Result<i64> {
        let (n,): (i64,) = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT COUNT(*) FROM instances WHERE ($1 IS NULL OR owner_id = $1) AND ($2 IS NULL OR node_id = $2)",
            )
            .bind(owner_id)
            .bind(node_id)
            .fetch_one(pool)
            .await?
        });
        Ok(n)
    }

    /// How many instances were made from the image / with the spec.
    pub async fn count_instances_using(
        &self,
        image_id: Option<i64>,
        spec_id: Option<i64>,
    ) -> Result<i64> {
        let (n,): (i64,) = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT COUNT(*) FROM instances WHERE ($1 IS NULL OR image_id = $1) AND ($2 IS NULL OR spec_id = $2)",
            )
            .bind(image_id)
            .bind(spec_id)
            .fetch_one(pool)
            .await?
        });
        Ok(n)
    }

    /// The nodes running at least one instance of `owner_id`.
    pub async fn nodes_of_owner(&self, owner_id: i64) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> = on_db!(self, |pool| {
            sqlx::query_as("SELECT DISTINCT node_id FROM instances WHERE owner_id = $1")
                .bind(owner_id)
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().map(|(n,)| n).collect())
    }

    /// What reconciliation needs about the rows of one node.
    pub async fn instance_rows_on_node(
        &self,
        node_id: i64,
    ) -> Result<Vec<tianqi_core::reconcile::RowView>> {
        let rows: Vec<(i64, String, String)> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, status, container_id FROM instances WHERE node_id = $1 ORDER BY id",
            )
            .bind(node_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(
                |(id, status, container_id)| tianqi_core::reconcile::RowView {
                    id,
                    status: InstanceStatus::parse(&status),
                    container_id,
                },
            )
            .collect())
    }

    pub async fn set_instance_progress(&self, id: i64, progress: &str) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query("UPDATE instances SET progress = $2 WHERE id = $1")
                .bind(id)
                .bind(progress)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    pub async fn set_instance_container_id(
        &self,
        id: i64,
        container_id: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query("UPDATE instances SET container_id = $2, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(container_id)
                .bind(now)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Removes every instance row of a node (forced node deletion).
    pub async fn delete_node_instances(&self, node_id: i64) -> Result<u64> {
        let n = on_db!(self, |pool| {
            sqlx::query("DELETE FROM instances WHERE node_id = $1")
                .bind(node_id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n)
    }
}
