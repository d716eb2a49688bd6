//! The catalog: images, product specs and compute nodes, and the one place
//! that hands out Docker clients for registered nodes.

mod backend;
mod clients;
mod config;
pub mod images;
pub mod nodes;
pub mod specs;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use chrono::{DateTime, Utc};

use bollard::Docker;
use futures::future::BoxFuture;
use tianqi_core::{Error, Result};
use tianqi_store::{StoreError, StoredNode};

pub(crate) use backend::docker_only;
pub use backend::{KubeNode, Reach};
pub use config::{NodeSettings, NodesConfig};
pub use nodes::LOCAL_NODE;

use crate::Context;

/// Told about every node check that reached the node's engine or cluster
/// (instances reconcile their containers then: one list call per node and tick).
pub trait NodeWatcher: Send + Sync {
    fn node_reached<'a>(
        &'a self,
        node: &'a StoredNode,
        reach: &'a Reach,
    ) -> BoxFuture<'a, Result<()>>;
}

#[derive(Clone)]
pub struct CatalogService {
    ctx: Context,
    settings: Arc<NodeSettings>,
    watchers: Arc<RwLock<Vec<Arc<dyn NodeWatcher>>>>,
    clients: Arc<Mutex<ClientCache>>,
    /// The clusters' clients, for nodes that are a cluster's namespace.
    kube: crate::kube::KubeService,
    /// Woken when a node is registered, edited or deleted here (the watches
    /// of Kubernetes nodes follow at once; other servers' changes at their
    /// next rescan).
    nodes_changed: Arc<tokio::sync::Notify>,
}

/// One client per node id, with the node row's `updated_at` it was made for
/// (an edited node gets a new client).
type ClientCache = HashMap<i64, (DateTime<Utc>, Docker)>;

impl CatalogService {
    pub fn new(ctx: Context, settings: NodeSettings, kube: crate::kube::KubeService) -> Self {
        Self {
            ctx,
            settings: Arc::new(settings),
            watchers: Arc::default(),
            clients: Arc::default(),
            kube,
            nodes_changed: Arc::default(),
        }
    }

    pub fn settings(&self) -> &NodeSettings {
        &self.settings
    }

    /// Adds a watcher of node checks (at start, before any loop runs).
    pub fn watch_nodes(&self, watcher: Arc<dyn NodeWatcher>) {
        if let Ok(mut w) = self.watchers.write() {
            w.push(watcher);
        }
    }

    /// Resolves after the next change to the nodes made here (one waiter).
    pub async fn nodes_changed(&self) {
        self.nodes_changed.notified().await;
    }

    fn watchers(&self) -> Vec<Arc<dyn NodeWatcher>> {
        self.watchers.read().map(|w| w.clone()).unwrap_or_default()
    }
}

/// A store error on a named resource: a unique violation is a conflict naming
/// the value, a missing row a 404.
pub(crate) fn name_taken_or_missing(e: StoreError, what: &str, name: &str) -> Error {
    match e {
        StoreError::Unique(_) => Error::conflict(format!("{what} name '{name}' is already taken")),
        StoreError::NotFound => Error::not_found(format!("{what} not found")),
        other => other.into(),
    }
}

/// A store error on a resource looked up by id: a missing row is a 404 naming it.
pub(crate) fn missing_by_id(e: StoreError, what: &str, id: i64) -> Error {
    match e {
        StoreError::NotFound => Error::not_found(format!("{what} {id} not found")),
        other => other.into(),
    }
}
