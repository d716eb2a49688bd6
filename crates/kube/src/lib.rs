//! Tianqi's Kubernetes driver: the only crate that names kube-rs and
//! k8s-openapi (as `tianqi-docker` is the only one naming bollard).
//!
//! - [`CheckedKubeconfig`]: a pasted kubeconfig, parsed and refused when it
//!   would run plugins or read files on this server.
//! - [`ClusterClient`]: a client with every call bounded by a timeout, and the
//!   calls the platform makes (connection test, namespaces, …).
//! - [`Pool`]: one client per cluster, with an idle TTL and a size cap.
//! - [`KubeError`]: what went wrong on the cluster's side, in words.
//! - [`KubeConfig`]: the `[kube]` section.
#![forbid(unsafe_code)]

mod client;
mod config;
mod error;
mod instance_objects;
mod kubeconfig;
#[cfg(test)]
mod mock_service;
mod pool;
mod resources;

pub use client::{ClusterClient, Probe, NAMESPACE_LIMIT};
pub use config::{KubeConfig, KubeSettings};
pub use error::KubeError;
pub use kubeconfig::{CheckedKubeconfig, KubeconfigProblem, MAX_KUBECONFIG_BYTES};
pub use pool::Pool;
pub use resources::{
    exit_code_of, restart_patch, selector_query, ClusterCapacity, InstanceWatch, InstancesSeen,
    LogLines, PodCommand, PodEnd, PodPort, PodShell, ShellControl, LIST_LIMIT, RESTARTED_AT, SHELL,
};

#[cfg(feature = "fake")]
pub mod fake;
