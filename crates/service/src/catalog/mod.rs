//! The catalog services: images, product specs and compute nodes.

pub mod images;
pub mod nodes;
pub mod specs;

use tianqi_core::Error;
use tianqi_store::StoreError;

/// Maps a store error on a named resource: unique violations become a conflict
/// naming the value, a missing row a 404 naming the id.
pub(crate) fn named(e: StoreError, what: &str, name: &str) -> Error {
    match e {
        StoreError::Unique(_) => Error::conflict(format!("{what} name '{name}' is already taken")),
        StoreError::NotFound => Error::not_found(format!("{what} not found")),
        other => other.into(),
    }
}

pub(crate) fn missing(e: StoreError, what: &str, id: i64) -> Error {
    match e {
        StoreError::NotFound => Error::not_found(format!("{what} {id} not found")),
        other => other.into(),
    }
}
