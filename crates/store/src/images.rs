//! Images.

use chrono::{DateTime, Utc};
use tianqi_core::catalog::image::{Image, ImageDraft};
use tianqi_core::page::PageRequest;

use crate::{on_db, Result, Store, StoreError};

const COLUMNS: &str =
    "id, name, address, description, source, supports_vram_split, listed, remark, \
                       keep_alive_command, capabilities, created_at, updated_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    address: String,
    description: String,
    source: String,
    supports_vram_split: bool,
    listed: bool,
    remark: String,
    keep_alive_command: String,
    capabilities: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<Row> for Image {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Image> {
        let keep_alive_command = serde_json::from_str(&r.keep_alive_command)
            .map_err(|e| StoreError::Other(format!("image {} keep_alive_command: {e}", r.id)))?;
        let capabilities = serde_json::from_str(&r.capabilities)
            .map_err(|e| StoreError::Other(format!("image {} capabilities: {e}", r.id)))?;
        Ok(Image {
            capabilities,
            id: r.id,
            name: r.name,
            address: r.address,
            description: r.description,
            source: r.source,
            supports_vram_split: r.supports_vram_split,
            listed: r.listed,
            remark: r.remark,
            keep_alive_command,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct ImageFilter {
    pub name_contains: Option<String>,
    pub listed: Option<bool>,
    pub supports_vram_split: Option<bool>,
}

fn argv_json(d: &ImageDraft) -> Result<String> {
    serde_json::to_string(&d.keep_alive_command).map_err(|e| StoreError::Other(e.to_string()))
}

fn caps_json(d: &ImageDraft) -> Result<String> {
    serde_json::to_string(&d.capabilities).map_err(|e| StoreError::Other(e.to_string()))
}

impl Store {
    pub async fn insert_image(&self, d: &ImageDraft, now: DateTime<Utc>) -> Result<Image> {
        let sql = format!(
            "INSERT INTO images (name, address, description, source, supports_vram_split, listed, remark, \
             keep_alive_command, capabilities, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $10, $9, $9) RETURNING {COLUMNS}"
        );
        let argv = argv_json(d)?;
        let caps = caps_json(d)?;
        let row: Row = on_db!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(&d.name)
                .bind(&d.address)
                .bind(&d.description)
                .bind(&d.source)
                .bind(d.supports_vram_split)
                .bind(d.listed)
                .bind(&d.remark)
                .bind(&argv)
                .bind(now)
                .bind(&caps)
                .fetch_one(pool)
                .await?
        });
        row.try_into()
    }

    pub async fn update_image(&self, id: i64, d: &ImageDraft, now: DateTime<Utc>) -> Result<Image> {
        let sql = format!(
            "UPDATE images SET name = $2, address = $3, description = $4, source = $5, \
             supports_vram_split = $6, listed = $7, remark = $8, keep_alive_command = $9, updated_at = $10, \
             capabilities = $11 WHERE id = $1 RETURNING {COLUMNS}"
        );
        let argv = argv_json(d)?;
        let caps = caps_json(d)?;
        let row: Row = on_db!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(id)
                .bind(&d.name)
                .bind(&d.address)
                .bind(&d.description)
                .bind(&d.source)
                .bind(d.supports_vram_split)
                .bind(d.listed)
                .bind(&d.remark)
                .bind(&argv)
                .bind(now)
                .bind(&caps)
                .fetch_one(pool)
                .await?
        });
        row.try_into()
    }

    pub async fn image(&self, id: i64) -> Result<Image> {
        let sql = format!("SELECT {COLUMNS} FROM images WHERE id = $1");
        let row: Row = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_one(pool)
            .await?);
        row.try_into()
    }

    pub async fn list_images(
        &self,
        f: &ImageFilter,
        page: PageRequest,
    ) -> Result<(Vec<Image>, i64)> {
        let filter = "($1 IS NULL OR name LIKE $1 ESCAPE '\\') AND ($2 IS NULL OR listed = $2) \
                      AND ($3 IS NULL OR supports_vram_split = $3)";
        let list =
            format!("SELECT {COLUMNS} FROM images WHERE {filter} ORDER BY id LIMIT $4 OFFSET $5");
        let count = format!("SELECT COUNT(*) FROM images WHERE {filter}");
        let pattern = f.name_contains.as_deref().map(crate::like_pattern);
        let (rows, total): (Vec<Row>, i64) = on_db!(self, |pool| {
            let rows = sqlx::query_as(&list)
                .bind(pattern.as_deref())
                .bind(f.listed)
                .bind(f.supports_vram_split)
                .bind(page.limit())
                .bind(page.offset())
                .fetch_all(pool)
                .await?;
            let (total,): (i64,) = sqlx::query_as(&count)
                .bind(pattern.as_deref())
                .bind(f.listed)
                .bind(f.supports_vram_split)
                .fetch_one(pool)
                .await?;
            (rows, total)
        });
        Ok((
            rows.into_iter()
                .map(Image::try_from)
                .collect::<Result<_>>()?,
            total,
        ))
    }

    pub async fn delete_image(&self, id: i64) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query("DELETE FROM images WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n > 0)
    }
}
