//! Product specs.

use chrono::{DateTime, Utc};
use tianqi_core::catalog::quantity::{mib_to_gb, milli_to_cores, Price};
use tianqi_core::catalog::spec::{Spec, SpecDraft};
use tianqi_core::page::PageRequest;

use crate::{on_db, Result, Store};

const COLUMNS: &str = "id, name, gpu_model, gpu_count, vram_mib, supports_vram_split, cpu_milli, memory_mib, \
                       system_disk_gb, data_disk_gb, price_per_hour, listed, remark, COALESCE(idle_stop_minutes, 0) AS idle_stop_minutes, \
                       created_at, updated_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    gpu_model: String,
    gpu_count: i64,
    vram_mib: i64,
    supports_vram_split: bool,
    cpu_milli: i64,
    memory_mib: i64,
    system_disk_gb: i64,
    data_disk_gb: i64,
    price_per_hour: i64,
    listed: bool,
    remark: String,
    idle_stop_minutes: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl Row {
    fn draft(&self) -> SpecDraft {
        SpecDraft {
            name: self.name.clone(),
            gpu_model: self.gpu_model.clone(),
            gpu_count: self.gpu_count,
            vram_mib: self.vram_mib,
            supports_vram_split: self.supports_vram_split,
            cpu_milli: self.cpu_milli,
            memory_mib: self.memory_mib,
            system_disk_gb: self.system_disk_gb,
            data_disk_gb: self.data_disk_gb,
            price_per_hour: Price(self.price_per_hour),
            listed: self.listed,
            remark: self.remark.clone(),
            idle_stop_minutes: self.idle_stop_minutes,
        }
    }
}

impl From<Row> for Spec {
    fn from(r: Row) -> Spec {
        Spec {
            id: r.id,
            name: r.name,
            gpu_model: r.gpu_model,
            gpu_count: r.gpu_count,
            vram_gb: mib_to_gb(r.vram_mib),
            supports_vram_split: r.supports_vram_split,
            cpu_cores: milli_to_cores(r.cpu_milli),
            memory_gb: mib_to_gb(r.memory_mib),
            system_disk_gb: r.system_disk_gb,
            data_disk_gb: r.data_disk_gb,
            price_per_hour: Price(r.price_per_hour),
            listed: r.listed,
            remark: r.remark,
            idle_stop_minutes: r.idle_stop_minutes,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct SpecFilter {
    pub name_contains: Option<String>,
    pub listed: Option<bool>,
    /// `Some(false)`: hide specs that need VRAM split (for images without it).
    pub allow_split: Option<bool>,
    pub gpu_count: Option<i64>,
}

impl Store {
    pub async fn insert_spec(&self, d: &SpecDraft, now: DateTime<Utc>) -> Result<Spec> {
        let sql = format!(
            "INSERT INTO specs (name, gpu_model, gpu_count, vram_mib, supports_vram_split, cpu_milli, memory_mib, \
             system_disk_gb, data_disk_gb, price_per_hour, listed, remark, created_at, updated_at, idle_stop_minutes) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14) RETURNING {COLUMNS}"
        );
        let row: Row = on_db!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(&d.name)
                .bind(&d.gpu_model)
                .bind(d.gpu_count)
                .bind(d.vram_mib)
                .bind(d.supports_vram_split)
                .bind(d.cpu_milli)
                .bind(d.memory_mib)
                .bind(d.system_disk_gb)
                .bind(d.data_disk_gb)
                .bind(d.price_per_hour.0)
                .bind(d.listed)
                .bind(&d.remark)
                .bind(now)
                .bind(d.idle_stop_minutes)
                .fetch_one(pool)
                .await?
        });
        Ok(row.into())
    }

    pub async fn update_spec(&self, id: i64, d: &SpecDraft, now: DateTime<Utc>) -> Result<Spec> {
        let sql = format!(
            "UPDATE specs SET name = $2, gpu_model = $3, gpu_count = $4, vram_mib = $5, supports_vram_split = $6, \
             cpu_milli = $7, memory_mib = $8, system_disk_gb = $9, data_disk_gb = $10, price_per_hour = $11, \
             listed = $12, remark = $13, updated_at = $14, idle_stop_minutes = $15 WHERE id = $1 RETURNING {COLUMNS}"
        );
        let row: Row = on_db!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(id)
                .bind(&d.name)
                .bind(&d.gpu_model)
                .bind(d.gpu_count)
                .bind(d.vram_mib)
                .bind(d.supports_vram_split)
                .bind(d.cpu_milli)
                .bind(d.memory_mib)
                .bind(d.system_disk_gb)
                .bind(d.data_disk_gb)
                .bind(d.price_per_hour.0)
                .bind(d.listed)
                .bind(&d.remark)
                .bind(now)
                .bind(d.idle_stop_minutes)
                .fetch_one(pool)
                .await?
        });
        Ok(row.into())
    }

    /// The spec and its draft (for updates).
    pub async fn spec(&self, id: i64) -> Result<(Spec, SpecDraft)> {
        let sql = format!("SELECT {COLUMNS} FROM specs WHERE id = $1");
        let row: Row = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_one(pool)
            .await?);
        let draft = row.draft();
        Ok((row.into(), draft))
    }

    pub async fn list_specs(&self, f: &SpecFilter, page: PageRequest) -> Result<(Vec<Spec>, i64)> {
        let filter = "($1 IS NULL OR name LIKE $1 ESCAPE '\\') AND ($2 IS NULL OR listed = $2) \
                      AND ($3 IS NULL OR $3 OR NOT supports_vram_split) AND ($4 IS NULL OR gpu_count = $4)";
        let list =
            format!("SELECT {COLUMNS} FROM specs WHERE {filter} ORDER BY id LIMIT $5 OFFSET $6");
        let count = format!("SELECT COUNT(*) FROM specs WHERE {filter}");
        let pattern = f.name_contains.as_deref().map(crate::like_pattern);
        let (rows, total): (Vec<Row>, i64) = on_db!(self, |pool| {
            let rows = sqlx::query_as(&list)
                .bind(pattern.as_deref())
                .bind(f.listed)
                .bind(f.allow_split)
                .bind(f.gpu_count)
                .bind(page.limit())
                .bind(page.offset())
                .fetch_all(pool)
                .await?;
            let (total,): (i64,) = sqlx::query_as(&count)
                .bind(pattern.as_deref())
                .bind(f.listed)
                .bind(f.allow_split)
                .bind(f.gpu_count)
                .fetch_one(pool)
                .await?;
            (rows, total)
        });
        Ok((rows.into_iter().map(Spec::from).collect(), total))
    }

    pub async fn delete_spec(&self, id: i64) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query("DELETE FROM specs WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n > 0)
    }
}
