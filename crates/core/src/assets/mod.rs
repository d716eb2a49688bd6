//! Assets (资产管理): the physical server inventory of seed 003 §8 (Dell first).
//!
//! An asset is a row an admin keeps about a physical server: identity (hostname,
//! service tag), hardware, network and rack position, purchase and warranty,
//! ownership. Everything here is pure: validation of a draft ([`AssetDraft`]),
//! the CSV exchange format ([`csv`]) and the statistics and warranty state
//! ([`stats`]), so the rules are tested without a database or a clock.

pub mod csv;
pub mod draft;
pub mod model;
pub mod redfish;
pub mod stats;
pub mod values;

pub use draft::{AssetDraft, AssetFields};
pub use model::{Asset, BmcState, NodeLink, WarrantyState};
pub use stats::AssetStatistics;
pub use values::{AssetStatus, PowerState, UPosition};
