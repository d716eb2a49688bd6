//! REST handlers, one module per resource. Each handler parses, names who may
//! call it (through its auth extractor) and calls one service function.

pub mod audit;
pub mod auth;
pub mod catalog;
pub mod compat;
pub mod instances;
pub mod me;
pub mod ops;
pub mod sandbox;
pub mod terminal;
pub mod users;
pub mod workspaces;
