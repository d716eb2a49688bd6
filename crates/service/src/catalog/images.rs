//! Images: admins manage them; users see the listed ones.

use serde::Deserialize;
use tianqi_core::catalog::image::{Image, ImageDraft, ImageFields};
use tianqi_core::page::{Page, PageQuery};
use tianqi_core::policy::Principal;
use tianqi_core::{validate, Error, Result};
use tianqi_store::ImageFilter;

use super::{missing_by_id, name_taken_or_missing, CatalogService};

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ImageListQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    /// Substring of the name.
    pub name: Option<String>,
    /// Admins only: filter by listed (users always see listed images only).
    pub listed: Option<bool>,
    /// Filter by VRAM-split support.
    pub supports_vram_split: Option<bool>,
}

impl CatalogService {
    pub async fn create_image(&self, f: ImageFields) -> Result<Image> {
        let draft = ImageDraft::new(f)?;
        self.ctx
            .store
            .insert_image(&draft, self.ctx.clock.now())
            .await
            .map_err(|e| name_taken_or_missing(e, "image", &draft.name))
    }

    pub async fn update_image(&self, id: i64, f: ImageFields) -> Result<Image> {
        let current = self
            .ctx
            .store
            .image(id)
            .await
            .map_err(|e| missing_by_id(e, "image", id))?;
        let draft = ImageDraft::from_image(&current).apply(f)?;
        self.ctx
            .store
            .update_image(id, &draft, self.ctx.clock.now())
            .await
            .map_err(|e| name_taken_or_missing(e, "image", &draft.name))
    }

    /// One image, as `who` may see it: unlisted images exist for admins only.
    pub async fn image_for(&self, who: &Principal, id: i64) -> Result<Image> {
        let image = self
            .ctx
            .store
            .image(id)
            .await
            .map_err(|e| missing_by_id(e, "image", id))?;
        if !image.listed && !who.is_admin() {
            return Err(Error::not_found(format!("image {id} not found")));
        }
        Ok(image)
    }

    pub async fn list_images(&self, who: &Principal, q: ImageListQuery) -> Result<Page<Image>> {
        let page = PageQuery {
            page: q.page,
            page_size: q.page_size,
        }
        .validate()?;
        if let Some(n) = &q.name {
            validate::text("name", n, 64)?;
        }
        let filter = ImageFilter {
            name_contains: q.name.filter(|n| !n.is_empty()),
            listed: if who.is_admin() { q.listed } else { Some(true) },
            supports_vram_split: q.supports_vram_split,
        };
        let (items, total) = self.ctx.store.list_images(&filter, page).await?;
        Ok(Page::new(items, total, page))
    }

    /// Removes an image from the catalog. One that instances were made from is
    /// refused (409 with their count) unless `force`: they keep running, but
    /// a failed one can no longer be placed again.
    pub async fn delete_image(&self, id: i64, force: bool) -> Result<()> {
        let using = self.ctx.store.count_instances_using(Some(id), None).await?;
        if using > 0 && !force {
            return Err(Error::conflict(format!(
                "image {id} is used by {using} instance(s); they keep running without it but cannot be \
                 retried: delete them first or pass force=true"
            )));
        }
        if !self.ctx.store.delete_image(id).await? {
            return Err(Error::not_found(format!("image {id} not found")));
        }
        Ok(())
    }
}
