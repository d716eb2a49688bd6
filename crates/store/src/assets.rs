//! Assets: the physical server inventory. Dates travel as ISO text (see the
//! migration); the warranty state is computed for the day the caller names.

use chrono::{DateTime, NaiveDate, Utc};
use tianqi_core::assets::{Asset, AssetDraft, AssetStatus, BmcState, NodeLink, PowerState};
use tianqi_core::page::PageRequest;

use crate::{on_db, Result, Store, StoreError};

const COLUMNS: &str = "a.id, a.hostname, a.service_tag, a.asset_number, a.model, a.serial_number, a.cpu_model, \
     a.cpu_cores, a.cpu_threads, a.memory_gb, a.disks, a.nics, a.ip_address, a.mac_address, a.rack, \
     a.u_position, a.power_state, a.purchase_date, a.warranty_end, a.os, a.department, a.owner, a.status, \
     a.remark, a.node_id, a.bmc_address, a.bmc_username, a.bmc_password <> '' AS has_bmc_password, \
     a.bmc_checked_at, a.bmc_health, a.bmc_error, n.name AS node_name, a.created_at, a.updated_at";

const FROM: &str = "assets a LEFT JOIN nodes n ON n.id = a.node_id";

/// The draft's columns, in the order [`bind_draft!`] binds them ($1–$26).
const DRAFT_COLUMNS: &str =
    "hostname, service_tag, asset_number, model, serial_number, cpu_model, \
     cpu_cores, cpu_threads, memory_gb, disks, nics, ip_address, mac_address, rack, u_position, \
     power_state, purchase_date, warranty_end, os, department, owner, status, remark, node_id, \
     bmc_address, bmc_username";

/// `$1, …, $26`: the draft's placeholders.
const DRAFT_VALUES: &str =
    "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
     $18, $19, $20, $21, $22, $23, $24, $25, $26";

macro_rules! bind_draft {
    ($query:expr, $d:expr) => {
        $query
            .bind(&$d.hostname)
            .bind(&$d.service_tag)
            .bind(&$d.asset_number)
            .bind(&$d.model)
            .bind(&$d.serial_number)
            .bind(&$d.cpu_model)
            .bind($d.cpu_cores)
            .bind($d.cpu_threads)
            .bind($d.memory_gb)
            .bind(&$d.disks)
            .bind(&$d.nics)
            .bind(&$d.ip_address)
            .bind(&$d.mac_address)
            .bind(&$d.rack)
            .bind(&$d.u_position)
            .bind($d.power_state.map(PowerState::as_str))
            .bind($d.purchase_date.map(|d| d.to_string()))
            .bind($d.warranty_end.map(|d| d.to_string()))
            .bind(&$d.os)
            .bind(&$d.department)
            .bind(&$d.owner)
            .bind($d.status.as_str())
            .bind(&$d.remark)
            .bind($d.node_id)
            .bind(&$d.bmc_address)
            .bind(&$d.bmc_username)
    };
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    hostname: String,
    service_tag: String,
    asset_number: String,
    model: String,
    serial_number: String,
    cpu_model: String,
    cpu_cores: Option<i64>,
    cpu_threads: Option<i64>,
    memory_gb: Option<i64>,
    disks: String,
    nics: String,
    ip_address: String,
    mac_address: String,
    rack: String,
    u_position: String,
    power_state: Option<String>,
    purchase_date: Option<String>,
    warranty_end: Option<String>,
    os: String,
    department: String,
    owner: String,
    status: String,
    remark: String,
    node_id: Option<i64>,
    bmc_address: String,
    bmc_username: String,
    has_bmc_password: bool,
    bmc_checked_at: Option<DateTime<Utc>>,
    bmc_health: String,
    bmc_error: String,
    node_name: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

fn date(id: i64, what: &str, s: Option<String>) -> Result<Option<NaiveDate>> {
    s.map(|s| {
        s.parse()
            .map_err(|_| StoreError::Other(format!("asset {id}: bad {what} '{s}'")))
    })
    .transpose()
}

impl Row {
    fn into_asset(self, today: NaiveDate) -> Result<Asset> {
        let id = self.id;
        let bad = |what: &str| StoreError::Other(format!("asset {id}: bad {what}"));
        let fields = AssetDraft {
            hostname: self.hostname,
            service_tag: self.service_tag,
            asset_number: self.asset_number,
            model: self.model,
            serial_number: self.serial_number,
            cpu_model: self.cpu_model,
            cpu_cores: self.cpu_cores,
            cpu_threads: self.cpu_threads,
            memory_gb: self.memory_gb,
            disks: self.disks,
            nics: self.nics,
            ip_address: self.ip_address,
            mac_address: self.mac_address,
            rack: self.rack,
            u_position: self.u_position,
            power_state: self
                .power_state
                .map(|p| PowerState::parse("power_state", &p).map_err(|_| bad("power_state")))
                .transpose()?,
            purchase_date: date(id, "purchase_date", self.purchase_date)?,
            warranty_end: date(id, "warranty_end", self.warranty_end)?,
            os: self.os,
            department: self.department,
            owner: self.owner,
            status: AssetStatus::parse("status", &self.status).map_err(|_| bad("status"))?,
            remark: self.remark,
            node_id: self.node_id,
            bmc_address: self.bmc_address,
            bmc_username: self.bmc_username,
        };
        let node = match (self.node_id, self.node_name) {
            (Some(id), Some(name)) => Some(NodeLink { id, name }),
            _ => None,
        };
        let bmc = BmcState {
            checked_at: self.bmc_checked_at,
            health: self.bmc_health,
            error: self.bmc_error,
        };
        Ok(Asset::new(
            id,
            fields,
            node,
            (self.has_bmc_password, bmc),
            (self.created_at, self.updated_at),
            today,
        ))
    }
}

fn assets(rows: Vec<Row>, today: NaiveDate) -> Result<Vec<Asset>> {
    rows.into_iter().map(|r| r.into_asset(today)).collect()
}

/// List filters; text filters match substrings.
#[derive(Debug, Clone, Default)]
pub struct AssetFilter {
    pub hostname: Option<String>,
    pub service_tag: Option<String>,
    pub ip_address: Option<String>,
    pub status: Option<AssetStatus>,
    pub department: Option<String>,
}

const FILTER: &str = "($1 IS NULL OR a.hostname LIKE $1 ESCAPE '\\') \
     AND ($2 IS NULL OR a.service_tag LIKE $2 ESCAPE '\\') \
     AND ($3 IS NULL OR a.ip_address LIKE $3 ESCAPE '\\') \
     AND ($4 IS NULL OR a.status = $4) \
     AND ($5 IS NULL OR a.department LIKE $5 ESCAPE '\\')";

macro_rules! bind_filter {
    ($query:expr, $p:expr, $f:expr) => {
        $query
            .bind($p.0.as_deref())
            .bind($p.1.as_deref())
            .bind($p.2.as_deref())
            .bind($f.status.map(AssetStatus::as_str))
            .bind($p.3.as_deref())
    };
}

type Patterns = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn patterns(f: &AssetFilter) -> Patterns {
    let p = |s: &Option<String>| s.as_deref().map(crate::like_pattern);
    (
        p(&f.hostname),
        // Service tags are stored upper-case; search them the same way.
        f.service_tag
            .as_deref()
            .map(|s| crate::like_pattern(&s.to_ascii_uppercase())),
        p(&f.ip_address),
        p(&f.department),
    )
}

impl Store {
    /// `bmc_password` is the sealed secret ('' = none).
    pub async fn insert_asset(
        &self,
        d: &AssetDraft,
        bmc_password: &str,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<Asset> {
        let sql = format!(
            "INSERT INTO assets ({DRAFT_COLUMNS}, bmc_password, created_at, updated_at) VALUES \
             ({DRAFT_VALUES}, $27, $28, $28) RETURNING id"
        );
        let id: i64 = on_db!(self, |pool| {
            bind_draft!(sqlx::query_scalar(&sql), d)
                .bind(bmc_password)
                .bind(now)
                .fetch_one(pool)
                .await?
        });
        self.asset(id, today).await
    }

    /// Inserts every draft or none (one transaction).
    pub async fn insert_assets(&self, drafts: &[AssetDraft], now: DateTime<Utc>) -> Result<u64> {
        let sql = format!(
            "INSERT INTO assets ({DRAFT_COLUMNS}, created_at, updated_at) VALUES ({DRAFT_VALUES}, $27, $27)"
        );
        let n = on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            for d in drafts {
                bind_draft!(sqlx::query(&sql), d)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            drafts.len() as u64
        });
        Ok(n)
    }

    /// `bmc_password`: None keeps the stored one, `Some("")` removes it.
    pub async fn update_asset(
        &self,
        id: i64,
        d: &AssetDraft,
        bmc_password: Option<&str>,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<Asset> {
        let sql = format!(
            "UPDATE assets SET ({DRAFT_COLUMNS}, updated_at) = ({DRAFT_VALUES}, $27), \
             bmc_password = COALESCE($28, bmc_password) WHERE id = $29"
        );
        let n = on_db!(self, |pool| {
            bind_draft!(sqlx::query(&sql), d)
                .bind(now)
                .bind(bmc_password)
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        self.asset(id, today).await
    }

    pub async fn asset(&self, id: i64, today: NaiveDate) -> Result<Asset> {
        let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE a.id = $1");
        let row: Row = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_one(pool)
            .await?);
        row.into_asset(today)
    }

    /// The asset linked to a compute node, if any.
    pub async fn asset_of_node(&self, node_id: i64, today: NaiveDate) -> Result<Option<Asset>> {
        let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE a.node_id = $1");
        let row: Option<Row> = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(node_id)
            .fetch_optional(pool)
            .await?);
        row.map(|r| r.into_asset(today)).transpose()
    }

    pub async fn list_assets(
        &self,
        f: &AssetFilter,
        page: PageRequest,
        today: NaiveDate,
    ) -> Result<(Vec<Asset>, i64)> {
        let list =
            format!("SELECT {COLUMNS} FROM {FROM} WHERE {FILTER} ORDER BY a.id LIMIT $6 OFFSET $7");
        let count = format!("SELECT COUNT(*) FROM assets a WHERE {FILTER}");
        let p = patterns(f);
        let (rows, total): (Vec<Row>, i64) = on_db!(self, |pool| {
            let rows = bind_filter!(sqlx::query_as(&list), p, f)
                .bind(page.limit())
                .bind(page.offset())
                .fetch_all(pool)
                .await?;
            let (total,): (i64,) = bind_filter!(sqlx::query_as(&count), p, f)
                .fetch_one(pool)
                .await?;
            (rows, total)
        });
        Ok((assets(rows, today)?, total))
    }

    /// Every asset the filter matches (for the CSV export).
    pub async fn all_assets(&self, f: &AssetFilter, today: NaiveDate) -> Result<Vec<Asset>> {
        let list = format!("SELECT {COLUMNS} FROM {FROM} WHERE {FILTER} ORDER BY a.id");
        let p = patterns(f);
        let rows: Vec<Row> = on_db!(self, |pool| bind_filter!(sqlx::query_as(&list), p, f)
            .fetch_all(pool)
            .await?);
        assets(rows, today)
    }

    /// Each asset's status and warranty end (what the statistics count).
    pub async fn asset_status_warranty(&self) -> Result<Vec<(AssetStatus, Option<NaiveDate>)>> {
        let rows: Vec<(i64, String, Option<String>)> = on_db!(self, |pool| sqlx::query_as(
            "SELECT id, status, warranty_end FROM assets"
        )
        .fetch_all(pool)
        .await?);
        rows.into_iter()
            .map(|(id, status, end)| {
                let status = AssetStatus::parse("status", &status)
                    .map_err(|_| StoreError::Other(format!("asset {id}: bad status")))?;
                Ok((status, date(id, "warranty_end", end)?))
            })
            .collect()
    }

    /// Every service tag and every linked node id (what an import must not repeat).
    pub async fn asset_keys(&self) -> Result<(Vec<String>, Vec<i64>)> {
        let rows: Vec<(String, Option<i64>)> = on_db!(self, |pool| sqlx::query_as(
            "SELECT service_tag, node_id FROM assets"
        )
        .fetch_all(pool)
        .await?);
        let nodes = rows.iter().filter_map(|(_, n)| *n).collect();
        Ok((rows.into_iter().map(|(t, _)| t).collect(), nodes))
    }

    /// The sealed BMC password ('' = none).
    pub async fn asset_bmc_password(&self, id: i64) -> Result<String> {
        Ok(on_db!(self, |pool| sqlx::query_scalar(
            "SELECT bmc_password FROM assets WHERE id = $1"
        )
        .bind(id)
        .fetch_one(pool)
        .await?))
    }

    /// Records a BMC read: the asset's new fields (when it worked) and the
    /// outcome, in one statement.
    pub async fn record_bmc_check(
        &self,
        id: i64,
        refreshed: Option<&AssetDraft>,
        health: &str,
        error: &str,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<Asset> {
        let n = match refreshed {
            Some(d) => {
                let sql = format!(
                    "UPDATE assets SET ({DRAFT_COLUMNS}, updated_at, bmc_checked_at, bmc_health, bmc_error) = \
                     ({DRAFT_VALUES}, $27, $27, $28, '') WHERE id = $29"
                );
                on_db!(self, |pool| bind_draft!(sqlx::query(&sql), d)
                    .bind(now)
                    .bind(health)
                    .bind(id)
                    .execute(pool)
                    .await?
                    .rows_affected())
            }
            None => on_db!(self, |pool| sqlx::query(
                "UPDATE assets SET bmc_checked_at = $1, bmc_error = $2 WHERE id = $3"
            )
            .bind(now)
            .bind(error)
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()),
        };
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        self.asset(id, today).await
    }

    /// Assets with a BMC address (what the scheduled refresh reads).
    pub async fn assets_with_bmc(&self) -> Result<Vec<i64>> {
        Ok(on_db!(self, |pool| sqlx::query_scalar(
            "SELECT id FROM assets WHERE bmc_address <> '' ORDER BY id"
        )
        .fetch_all(pool)
        .await?))
    }

    pub async fn delete_asset(&self, id: i64) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query("DELETE FROM assets WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n > 0)
    }

    /// Deletes the given assets in one transaction; answers the ids that were
    /// there (and are gone now).
    pub async fn delete_assets(&self, ids: &[i64]) -> Result<Vec<i64>> {
        let deleted = on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            let mut deleted = Vec::new();
            for id in ids {
                let n = sqlx::query("DELETE FROM assets WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n > 0 {
                    deleted.push(*id);
                }
            }
            tx.commit().await?;
            deleted
        });
        Ok(deleted)
    }
}
