//! Jump host session recordings: one row per asciicast file under the data
//! dir (the file itself is the jump host service's).

use chrono::{DateTime, Utc};
use tianqi_core::asciicast::Recording;
use tianqi_core::page::PageRequest;

use crate::{on_db, Result, Store, StoreError};

const COLUMNS: &str = "id, user_id, username, instance_id, instance_name, source_ip, file, \
                       cols, rows, term, started_at, ended_at, bytes, file_bytes, truncated";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    user_id: Option<i64>,
    username: String,
    instance_id: Option<i64>,
    instance_name: String,
    source_ip: String,
    file: String,
    cols: i32,
    rows: i32,
    term: String,
    started_at: DateTime<Utc>,
    ended_at: Option<DateTime<Utc>>,
    bytes: i64,
    file_bytes: i64,
    truncated: bool,
}

impl TryFrom<Row> for (Recording, String) {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<(Recording, String)> {
        let bad = |what: &str| StoreError::Other(format!("recording {}: bad {what}", r.id));
        Ok((
            Recording {
                id: r.id,
                user_id: r.user_id,
                username: r.username,
                instance_id: r.instance_id,
                instance_name: r.instance_name,
                source_ip: r.source_ip,
                cols: u16::try_from(r.cols).map_err(|_| bad("cols"))?,
                rows: u16::try_from(r.rows).map_err(|_| bad("rows"))?,
                term: r.term,
                started_at: r.started_at,
                ended_at: r.ended_at,
                bytes: r.bytes,
                file_bytes: r.file_bytes,
                truncated: r.truncated,
            },
            r.file,
        ))
    }
}

fn rows(list: Vec<Row>) -> Result<Vec<(Recording, String)>> {
    list.into_iter().map(TryFrom::try_from).collect()
}

/// A recording starting.
pub struct NewRecording<'a> {
    pub user_id: i64,
    pub username: &'a str,
    pub instance_id: i64,
    pub instance_name: &'a str,
    pub source_ip: &'a str,
    /// File name inside the recordings directory.
    pub file: &'a str,
    pub cols: u16,
    pub rows: u16,
    pub term: &'a str,
    pub started_at: DateTime<Utc>,
}

/// How a recording ended.
pub struct RecordingEnd {
    pub ended_at: DateTime<Utc>,
    pub bytes: u64,
    pub file_bytes: u64,
    pub truncated: bool,
}

#[derive(Debug, Clone, Default)]
pub struct RecordingFilter {
    pub user_id: Option<i64>,
    pub instance_id: Option<i64>,
}

impl Store {
    pub async fn insert_recording(&self, r: &NewRecording<'_>) -> Result<Recording> {
        let sql = format!(
            "INSERT INTO jumpbox_recordings (user_id, username, instance_id, instance_name, \
             source_ip, file, cols, rows, term, started_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING {COLUMNS}"
        );
        let row: Row = on_db!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(r.user_id)
                .bind(r.username)
                .bind(r.instance_id)
                .bind(r.instance_name)
                .bind(r.source_ip)
                .bind(r.file)
                .bind(i32::from(r.cols))
                .bind(i32::from(r.rows))
                .bind(r.term)
                .bind(r.started_at)
                .fetch_one(pool)
                .await?
        });
        let (rec, _) = row.try_into()?;
        Ok(rec)
    }

    pub async fn end_recording(&self, id: i64, end: &RecordingEnd) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "UPDATE jumpbox_recordings SET ended_at = $2, bytes = $3, file_bytes = $4, \
                 truncated = $5 WHERE id = $1",
            )
            .bind(id)
            .bind(end.ended_at)
            .bind(i64::try_from(end.bytes).unwrap_or(i64::MAX))
            .bind(i64::try_from(end.file_bytes).unwrap_or(i64::MAX))
            .bind(end.truncated)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// One recording and its file name.
    pub async fn recording(&self, id: i64) -> Result<(Recording, String)> {
        let sql = format!("SELECT {COLUMNS} FROM jumpbox_recordings WHERE id = $1");
        let row: Row = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_one(pool)
            .await?);
        row.try_into()
    }

    /// A page of recordings, newest first.
    pub async fn list_recordings(
        &self,
        f: &RecordingFilter,
        page: PageRequest,
    ) -> Result<(Vec<Recording>, i64)> {
        let filter = "($1 IS NULL OR user_id = $1) AND ($2 IS NULL OR instance_id = $2)";
        let list = format!(
            "SELECT {COLUMNS} FROM jumpbox_recordings WHERE {filter} \
             ORDER BY id DESC LIMIT $3 OFFSET $4"
        );
        let count = format!("SELECT COUNT(*) FROM jumpbox_recordings WHERE {filter}");
        let (list, total): (Vec<Row>, i64) = on_db!(self, |pool| {
            let list = sqlx::query_as(&list)
                .bind(f.user_id)
                .bind(f.instance_id)
                .bind(page.limit())
                .bind(page.offset())
                .fetch_all(pool)
                .await?;
            let (total,): (i64,) = sqlx::query_as(&count)
                .bind(f.user_id)
                .bind(f.instance_id)
                .fetch_one(pool)
                .await?;
            (list, total)
        });
        let items = rows(list)?.into_iter().map(|(r, _)| r).collect();
        Ok((items, total))
    }

    /// Recordings that ended (or, never ended because the server crashed,
    /// started) before `before` (retention), with their file names, at most
    /// `limit`.
    pub async fn recordings_ended_before(
        &self,
        before: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<(Recording, String)>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM jumpbox_recordings WHERE COALESCE(ended_at, started_at) < $1 \
             ORDER BY id LIMIT $2"
        );
        let list: Vec<Row> = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(before)
            .bind(limit)
            .fetch_all(pool)
            .await?);
        rows(list)
    }

    /// Deletes a recording's row; false when there is none.
    pub async fn delete_recording(&self, id: i64) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query("DELETE FROM jumpbox_recordings WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n > 0)
    }
}
