//! Nodes on real Docker Engines: connections over TCP and TLS and the health
//! loop (`connection.rs`), image pulls from a local registry (`pull.rs`), the
//! `local` node and its offer (`local.rs`), detected disk sizes (`disks.rs`)
//! and the sanity warnings (`sanity.rs`). These exercise the node driver, not
//! the database, so most run on SQLite only (the catalog scenarios in
//! `catalog.rs` cover both databases) — except the `local` offer and the
//! warnings, which read and write node rows on both.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::docker_env::{self, docker_host, free_port, tcp_proxy};
use crate::harness::{assert_error, Backend, Site, TestServer, ADMIN_PASSWORD};
use crate::on_both;

mod connection;
mod disks;
mod local;
mod pull;
mod sanity;

fn node_body(name: &str, address: &str) -> Value {
    json!({"name": name, "public_ip": "127.0.0.1", "private_ip": "127.0.0.1", "docker_address": address})
}
