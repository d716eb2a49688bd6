//! REST handlers, one module per feature, each exporting one `router()` that
//! the application merges. A handler parses, names who may call it (through
//! its auth extractor) and calls one service function.

pub mod assets;
pub mod assistant;
pub mod audit;
pub mod auth;
pub mod catalog;
pub mod finetune;
pub mod instances;
pub mod jumpbox;
pub mod kube;
pub mod me;
pub mod ops;
pub mod port_forwards;
pub mod sandbox;
pub mod system;
pub mod tasks;
pub mod tasks_live;
pub mod usage;
pub mod users;
pub mod workspaces;
