//! Tianqi's HTTP transport: the axum application, authentication extractors,
//! error mapping, audit, metrics, OpenAPI, the compat facades and the embedded
//! console. It parses, authenticates and calls one service function.
#![forbid(unsafe_code)]

pub mod audit;
pub mod auth;
pub mod compat;
pub mod config;
pub mod console;
pub mod error;
pub mod extract;
pub mod metrics;
pub mod openapi;
pub mod router;
pub mod routes;
pub mod state;
pub mod terminal;

pub use config::HttpConfig;
pub use router::{matlab_app, openapi, pm2_app, router, router_with_console};
pub use state::{AppState, MatlabCompat};
