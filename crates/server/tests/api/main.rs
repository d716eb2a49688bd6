//! API integration tests: every scenario runs against a real server on SQLite and
//! on PostgreSQL (see `harness`).

mod harness;

mod access;
mod audit;
mod auth;
mod errors;
mod ops;
mod restart;
mod users;
