//! Pagination: every list takes `page` and `page_size` and answers with a [`Page`].

use crate::{Error, Result};
use serde::{Deserialize, Serialize};

pub const DEFAULT_PAGE_SIZE: u32 = 20;
pub const MAX_PAGE_SIZE: u32 = 500;

/// Query parameters shared by every list endpoint.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PageQuery {
    /// 1-based page number (default 1).
    pub page: Option<u32>,
    /// Items per page, 1 to 500 (default 20).
    pub page_size: Option<u32>,
}

/// A validated page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u32,
    pub page_size: u32,
}

impl PageRequest {
    pub fn offset(&self) -> i64 {
        i64::from(self.page.saturating_sub(1)) * i64::from(self.page_size)
    }

    pub fn limit(&self) -> i64 {
        i64::from(self.page_size)
    }
}

impl PageQuery {
    pub fn validate(self) -> Result<PageRequest> {
        let page = self.page.unwrap_or(1);
        if page == 0 {
            return Err(Error::validation("page", "page starts at 1"));
        }
        let page_size = self.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        if page_size == 0 || page_size > MAX_PAGE_SIZE {
            return Err(Error::validation(
                "page_size",
                format!("page_size must be between 1 and {MAX_PAGE_SIZE}"),
            ));
        }
        Ok(PageRequest { page, page_size })
    }
}

/// One page of a list.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, total: i64, req: PageRequest) -> Self {
        Self {
            items,
            total,
            page: req.page,
            page_size: req.page_size,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_bounds() {
        let r = PageQuery::default().validate().ok();
        assert_eq!(
            r,
            Some(PageRequest {
                page: 1,
                page_size: DEFAULT_PAGE_SIZE
            })
        );
        assert!(PageQuery {
            page: Some(0),
            page_size: None
        }
        .validate()
        .is_err());
        assert!(PageQuery {
            page: None,
            page_size: Some(MAX_PAGE_SIZE + 1)
        }
        .validate()
        .is_err());
        let r = PageQuery {
            page: Some(3),
            page_size: Some(10),
        }
        .validate();
        assert_eq!(r.map(|r| (r.offset(), r.limit())).ok(), Some((20, 10)));
    }
}
