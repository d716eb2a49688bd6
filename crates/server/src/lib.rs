//! Tianqi's HTTP server: configuration, the axum application, authentication
//! extractors, error mapping, audit, metrics and OpenAPI.
#![forbid(unsafe_code)]

pub mod app;
pub mod audit;
pub mod auth;
pub mod config;
pub mod console;
pub mod error;
pub mod extract;
pub mod keys;
pub mod metrics;
pub mod openapi;
pub mod routes;
pub mod state;

pub use app::{open_services, router, router_with_console, shutdown_signal, Server, StartError};
pub use config::Config;
