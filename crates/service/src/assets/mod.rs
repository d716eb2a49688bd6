//! Assets (资产管理, admin): the physical server inventory, its statistics,
//! the CSV import/export, the link from an asset to a compute node, and the
//! facts its BMC reports over Redfish.

mod bmc;
mod config;

pub use config::{AssetSettings, AssetsConfig};

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tianqi_core::assets::csv::{self, AssetRowError};
use tianqi_core::assets::redfish::{BmcFacts, FieldChange};
use tianqi_core::assets::{Asset, AssetDraft, AssetFields, AssetStatistics, AssetStatus};
use tianqi_core::page::{Page, PageQuery};
use tianqi_core::{validate, Error, Result};
use tianqi_store::{AssetFilter, StoreError};

use crate::Context;

/// The most ids one batch delete takes.
pub const BATCH_MAX: usize = 500;

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AssetListQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    /// Substring of the hostname.
    pub hostname: Option<String>,
    /// Substring of the service tag (case-insensitive).
    pub service_tag: Option<String>,
    /// Substring of the IP address.
    pub ip: Option<String>,
    pub status: Option<AssetStatus>,
    /// Substring of the department.
    pub department: Option<String>,
}

/// What a batch delete did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchDeleted {
    pub deleted: Vec<i64>,
    /// Ids that were not there.
    pub missing: Vec<i64>,
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssetImportReport {
    pub imported: u64,
    /// The rows left out (only with `skip_bad_rows`).
    pub skipped: Vec<AssetRowError>,
}

/// An import either went in, or was refused with every bad row named.
#[derive(Debug, Clone)]
pub enum ImportOutcome {
    Imported(AssetImportReport),
    Rejected(Vec<AssetRowError>),
}

/// What a refresh from the BMC read and changed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BmcRefresh {
    pub asset: Asset,
    pub facts: BmcFacts,
    /// The asset's fields the BMC changed (empty: it already matched).
    pub changes: Vec<FieldChange>,
}

#[derive(Clone)]
pub struct AssetService {
    ctx: Context,
    settings: std::sync::Arc<AssetSettings>,
}

/// A write refused by a UNIQUE constraint: which one, in the caller's words.
fn conflict(e: StoreError, d: &AssetDraft) -> Error {
    match e {
        StoreError::Unique(m) if m.contains("node_id") => Error::conflict(format!(
            "node {} is already linked to another asset",
            d.node_id.unwrap_or_default()
        )),
        StoreError::Unique(_) => Error::conflict(format!(
            "service_tag {} is already taken by another asset",
            d.service_tag
        )),
        StoreError::NotFound => Error::not_found("asset not found"),
        other => other.into(),
    }
}

impl AssetService {
    pub fn new(ctx: Context, settings: AssetSettings) -> Self {
        Self {
            ctx,
            settings: std::sync::Arc::new(settings),
        }
    }

    pub fn settings(&self) -> &AssetSettings {
        &self.settings
    }

    /// The sealed form of a BMC password from a request: `""` removes it.
    fn seal(&self, password: Option<String>) -> Result<Option<String>> {
        match password {
            None => Ok(None),
            Some(p) if p.is_empty() => Ok(Some(String::new())),
            Some(p) => {
                validate::text("bmc_password", &p, 256)?;
                Ok(Some(self.ctx.keys.secrets.encrypt(&p)?))
            }
        }
    }

    /// Warranty states count days in UTC, like every other date the API shows.
    fn today(&self) -> NaiveDate {
        self.ctx.clock.now().date_naive()
    }

    /// A node id must name a node (422 otherwise, naming `node_id`).
    async fn check_node(&self, d: &AssetDraft) -> Result<()> {
        if let Some(id) = d.node_id {
            match self.ctx.store.node(id).await {
                Ok(_) => {}
                Err(StoreError::NotFound) => {
                    return Err(Error::validation("node_id", format!("node {id} not found")))
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    pub async fn create(&self, mut f: AssetFields) -> Result<Asset> {
        let password = f.bmc_password.take();
        let draft = AssetDraft::new(f)?;
        let sealed = self.seal(password)?.unwrap_or_default();
        self.check_node(&draft).await?;
        self.ctx
            .store
            .insert_asset(&draft, &sealed, self.ctx.clock.now(), self.today())
            .await
            .map_err(|e| conflict(e, &draft))
    }

    pub async fn get(&self, id: i64) -> Result<Asset> {
        self.ctx
            .store
            .asset(id, self.today())
            .await
            .map_err(|e| match e {
                StoreError::NotFound => Error::not_found(format!("asset {id} not found")),
                other => other.into(),
            })
    }

    pub async fn update(&self, id: i64, mut f: AssetFields) -> Result<Asset> {
        let password = f.bmc_password.take();
        let current = self.get(id).await?;
        let draft = current.fields.apply(f)?;
        let sealed = self.seal(password)?;
        self.check_node(&draft).await?;
        self.ctx
            .store
            .update_asset(
                id,
                &draft,
                sealed.as_deref(),
                self.ctx.clock.now(),
                self.today(),
            )
            .await
            .map_err(|e| conflict(e, &draft))
    }

    fn filter(q: &AssetListQuery) -> Result<AssetFilter> {
        let text = |field: &str, v: &Option<String>| -> Result<Option<String>> {
            match v.as_deref().map(str::trim) {
                Some(s) if !s.is_empty() => {
                    validate::text(field, s, 253)?;
                    Ok(Some(s.to_owned()))
                }
                _ => Ok(None),
            }
        };
        Ok(AssetFilter {
            hostname: text("hostname", &q.hostname)?,
            service_tag: text("service_tag", &q.service_tag)?,
            ip_address: text("ip", &q.ip)?,
            status: q.status,
            department: text("department", &q.department)?,
        })
    }

    pub async fn list(&self, q: AssetListQuery) -> Result<Page<Asset>> {
        let page = PageQuery {
            page: q.page,
            page_size: q.page_size,
        }
        .validate()?;
        let filter = Self::filter(&q)?;
        let (items, total) = self
            .ctx
            .store
            .list_assets(&filter, page, self.today())
            .await?;
        Ok(Page::new(items, total, page))
    }

    pub async fn delete(&self, id: i64) -> Result<()> {
        if !self.ctx.store.delete_asset(id).await? {
            return Err(Error::not_found(format!("asset {id} not found")));
        }
        Ok(())
    }

    pub async fn delete_many(&self, ids: Vec<i64>) -> Result<BatchDeleted> {
        if ids.is_empty() || ids.len() > BATCH_MAX {
            return Err(Error::validation(
                "ids",
                format!("ids must list 1–{BATCH_MAX} assets"),
            ));
        }
        let mut seen = HashSet::new();
        let ids: Vec<i64> = ids.into_iter().filter(|i| seen.insert(*i)).collect();
        let deleted = self.ctx.store.delete_assets(&ids).await?;
        let gone: HashSet<i64> = deleted.iter().copied().collect();
        let missing = ids.into_iter().filter(|i| !gone.contains(i)).collect();
        Ok(BatchDeleted { deleted, missing })
    }

    pub async fn statistics(&self) -> Result<AssetStatistics> {
        let rows = self.ctx.store.asset_status_warranty().await?;
        Ok(AssetStatistics::of(rows, self.today()))
    }

    /// The assets the filters match, as CSV that imports again.
    pub async fn export_csv(&self, q: AssetListQuery) -> Result<String> {
        let filter = Self::filter(&q)?;
        let all = self.ctx.store.all_assets(&filter, self.today()).await?;
        Ok(csv::render(all.iter().map(|a| &a.fields)))
    }

    /// Imports new assets from CSV. Every row is checked first — its fields,
    /// its service tag against the file and the inventory, its node — and then
    /// all go in in one transaction; with any bad row nothing is imported,
    /// unless `skip_bad_rows`, which imports the good ones and reports the rest.
    pub async fn import_csv(&self, text: &str, skip_bad_rows: bool) -> Result<ImportOutcome> {
        let parsed = csv::parse(text)?;
        let mut errors = parsed.errors;
        let (tags, linked) = self.ctx.store.asset_keys().await?;
        let tags: HashSet<String> = tags.into_iter().collect();
        let mut linked: HashSet<i64> = linked.into_iter().collect();
        let mut good = Vec::with_capacity(parsed.rows.len());
        for (line, d) in parsed.rows {
            if tags.contains(&d.service_tag) {
                errors.push(AssetRowError {
                    line,
                    field: "service_tag".into(),
                    message: format!(
                        "service_tag {} is already taken by another asset",
                        d.service_tag
                    ),
                });
                continue;
            }
            if let Some(n) = d.node_id {
                if let Err(Error::Validation { field, message }) = self.check_node(&d).await {
                    errors.push(AssetRowError {
                        line,
                        field,
                        message,
                    });
                    continue;
                }
                if !linked.insert(n) {
                    errors.push(AssetRowError {
                        line,
                        field: "node_id".into(),
                        message: format!("node {n} is already linked to another asset"),
                    });
                    continue;
                }
            }
            good.push(d);
        }
        errors.sort_by_key(|e| e.line);
        if !errors.is_empty() && !skip_bad_rows {
            return Ok(ImportOutcome::Rejected(errors));
        }
        // A concurrent create can still take a tag between the check and the
        // insert; the transaction then fails as a whole, as a conflict.
        let imported = self
            .ctx
            .store
            .insert_assets(&good, self.ctx.clock.now())
            .await
            .map_err(|e| match e {
                StoreError::Unique(_) => Error::conflict(
                    "another write took one of the file's service tags or nodes meanwhile; nothing was imported, try again",
                ),
                other => other.into(),
            })?;
        Ok(ImportOutcome::Imported(AssetImportReport {
            imported,
            skipped: errors,
        }))
    }

    /// Reads the asset's BMC and writes what it reports (model, serial,
    /// service tag, CPU, memory, power) over the asset; answers what changed.
    /// A failure is recorded on the asset (`bmc.error`) and returned: refused
    /// credentials as 422 on `bmc_password`, an unreachable or broken BMC as 503.
    pub async fn refresh_bmc(&self, id: i64) -> Result<BmcRefresh> {
        let current = self.get(id).await?;
        if current.fields.bmc_address.is_empty() {
            return Err(Error::validation(
                "bmc_address",
                format!("asset {id} has no bmc_address to read"),
            ));
        }
        let sealed = self.ctx.store.asset_bmc_password(id).await?;
        let password = if sealed.is_empty() {
            zeroize::Zeroizing::new(String::new())
        } else {
            self.ctx.keys.secrets.decrypt(&sealed)?
        };
        let http = bmc::client(self.settings.bmc_timeout, self.settings.bmc_verify_tls)?;
        let read = bmc::read(
            &http,
            &bmc::Bmc {
                address: &current.fields.bmc_address,
                username: &current.fields.bmc_username,
                password: &password,
            },
        )
        .await;
        let now = self.ctx.clock.now();
        let facts = match read {
            Ok(f) => f,
            Err(e) => {
                self.ctx
                    .store
                    .record_bmc_check(id, None, "", &e.to_string(), now, self.today())
                    .await?;
                return Err(e);
            }
        };
        let (next, changes) = facts.apply(&current.fields);
        let asset = self
            .ctx
            .store
            .record_bmc_check(
                id,
                Some(&next),
                facts.health.as_deref().unwrap_or(""),
                "",
                now,
                self.today(),
            )
            .await
            .map_err(|e| conflict(e, &next))?;
        Ok(BmcRefresh {
            asset,
            facts,
            changes,
        })
    }

    /// The scheduled round (`assets.bmc_refresh_interval_secs`): every asset
    /// with a BMC, one after the other; a BMC that fails is recorded on its
    /// asset and does not stop the others.
    pub async fn bmc_round(&self) -> Result<()> {
        let ids = self.ctx.store.assets_with_bmc().await?;
        let mut failed = 0;
        for id in &ids {
            if let Err(e) = self.refresh_bmc(*id).await {
                failed += 1;
                tracing::warn!(asset = id, error = %e, "BMC refresh failed");
            }
        }
        if failed > 0 {
            tracing::info!(total = ids.len(), failed, "BMC refresh round done");
        }
        Ok(())
    }

    /// The asset linked to a node (the node page shows it).
    pub async fn of_node(&self, node_id: i64) -> Result<Option<Asset>> {
        Ok(self.ctx.store.asset_of_node(node_id, self.today()).await?)
    }
}
