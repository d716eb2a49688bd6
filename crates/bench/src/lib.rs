//! Shared parts of the Tianqi benchmark programs: starting the server under
//! test, signing in, running `wrk`, summarising samples and formatting figures.

#![forbid(unsafe_code)]

pub mod api;
pub mod report;
pub mod server;
pub mod stats;
pub mod wrk;
