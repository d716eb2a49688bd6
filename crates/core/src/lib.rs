//! Tianqi's domain core: types, validation, the access policy and pure logic.
//!
//! Nothing in this crate performs I/O, so everything here can be unit- and
//! property-tested without a database, a Docker daemon or a clock.
#![forbid(unsafe_code)]

pub mod asciicast;
pub mod assets;
pub mod assistant;
pub mod audit;
pub mod autostop;
pub mod catalog;
pub mod clock;
pub mod container;
pub mod crypto;
pub mod csv;
pub mod error;
pub mod finetune;
pub mod forward;
pub mod instance;
pub mod jumpbox;
pub mod kube;
pub mod net;
pub mod page;
pub mod placement;
pub mod policy;
pub mod reconcile;
pub mod sandbox;
pub mod ssh_keys;
pub mod stats_history;
pub mod system;
pub mod tasks;
pub mod throttle;
pub mod tokens;
pub mod usage;
pub mod users;
pub mod validate;
pub mod workspace;

pub use error::{Error, Result, SignedOut};
