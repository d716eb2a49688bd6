//! Product specs: admins manage them; users see the listed ones.

use serde::Deserialize;
use tianqi_core::catalog::spec::{Spec, SpecDraft, SpecFields};
use tianqi_core::page::{Page, PageQuery};
use tianqi_core::policy::Principal;
use tianqi_core::{validate, Error, Result};
use tianqi_store::SpecFilter;

use super::{missing_by_id, name_taken_or_missing, CatalogService};

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SpecListQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    pub name: Option<String>,
    /// Admins only: filter by listed (users always see listed specs only).
    pub listed: Option<bool>,
    pub gpu_count: Option<i64>,
    /// Only specs usable with this image: split specs are hidden for images
    /// without VRAM-split support (智能过滤可用规格).
    pub image_id: Option<i64>,
}

impl CatalogService {
    pub async fn create_spec(&self, f: SpecFields) -> Result<Spec> {
        let draft = SpecDraft::new(f)?;
        self.ctx
            .store
            .insert_spec(&draft, self.ctx.clock.now())
            .await
            .map_err(|e| name_taken_or_missing(e, "spec", &draft.name))
    }

    pub async fn update_spec(&self, id: i64, f: SpecFields) -> Result<Spec> {
        let (_, current) = self
            .ctx
            .store
            .spec(id)
            .await
            .map_err(|e| missing_by_id(e, "spec", id))?;
        let draft = current.apply(f)?;
        self.ctx
            .store
            .update_spec(id, &draft, self.ctx.clock.now())
            .await
            .map_err(|e| name_taken_or_missing(e, "spec", &draft.name))
    }

    pub async fn spec_for(&self, who: &Principal, id: i64) -> Result<Spec> {
        let (spec, _) = self
            .ctx
            .store
            .spec(id)
            .await
            .map_err(|e| missing_by_id(e, "spec", id))?;
        if !spec.listed && !who.is_admin() {
            return Err(Error::not_found(format!("spec {id} not found")));
        }
        Ok(spec)
    }

    pub async fn list_specs(&self, who: &Principal, q: SpecListQuery) -> Result<Page<Spec>> {
        let page = PageQuery {
            page: q.page,
            page_size: q.page_size,
        }
        .validate()?;
        if let Some(n) = &q.name {
            validate::text("name", n, 64)?;
        }
        let allow_split = match q.image_id {
            Some(image_id) => {
                let image = self.image_for(who, image_id).await.map_err(|e| match e {
                    Error::NotFound(_) => {
                        Error::validation("image_id", format!("image {image_id} not found"))
                    }
                    other => other,
                })?;
                Some(image.supports_vram_split)
            }
            None => None,
        };
        let filter = SpecFilter {
            name_contains: q.name.filter(|n| !n.is_empty()),
            listed: if who.is_admin() { q.listed } else { Some(true) },
            allow_split,
            gpu_count: q.gpu_count,
        };
        let (items, total) = self.ctx.store.list_specs(&filter, page).await?;
        Ok(Page::new(items, total, page))
    }

    /// Deletes a spec. One that instances were made with is refused (409 with
    /// their count) unless `force`: they keep running and metering their own
    /// resources, but a failed one can no longer be placed again.
    pub async fn delete_spec(&self, id: i64, force: bool) -> Result<()> {
        let using = self.ctx.store.count_instances_using(None, Some(id)).await?;
        if using > 0 && !force {
            return Err(Error::conflict(format!(
                "spec {id} is used by {using} instance(s); they keep running without it but cannot be \
                 retried: delete them first or pass force=true"
            )));
        }
        if !self.ctx.store.delete_spec(id).await? {
            return Err(Error::not_found(format!("spec {id} not found")));
        }
        Ok(())
    }
}
