//! API integration tests: every scenario runs against a real server on SQLite and
//! on PostgreSQL (see `harness`).
// Test code: a panic is a failed assertion, which is what we want here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod docker_env;
mod fixtures;
mod harness;

mod access;
mod assets;
mod assistant;
mod audit;
mod auth;
mod autostop;
mod catalog;
mod console;
mod errors;
mod finetune;
mod instance_states;
mod instances;
mod jumpbox;
mod kube;
mod nodes;
mod ops;
mod port_forwards;
mod restart;
mod sandbox;
mod scale_out;
mod scale_out_kube;
mod scale_out_lead;
mod system;
mod task_containers;
mod task_logs_ws;
mod tasks;
mod terminal;
mod usage;
mod users;
mod workspaces;
mod ws;
