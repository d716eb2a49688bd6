//! Tianqi (天启) as a program: the configuration root, boot, the supervisor
//! of listeners and loops, and the server they make. The `tianqi` binary's
//! command line is built on it, and so are the integration tests.
#![forbid(unsafe_code)]

pub mod boot;
pub mod config;
pub mod keys;
pub mod server;
pub mod supervisor;

pub use boot::{open_services, Purpose, StartError};
pub use config::Config;
pub use server::{shutdown_signal, Server};
