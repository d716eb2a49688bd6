//! How a node is reached: a Docker node through its engine's client, a
//! Kubernetes node through its cluster's client and namespace. The one
//! place that tells the two apart; a feature that runs on Docker nodes only
//! asks for [`CatalogService::docker`] and gets a clear refusal for the other.

use bollard::Docker;
use tianqi_core::catalog::node::KubeBackend;
use tianqi_core::{Error, Result};
use tianqi_kube::ClusterClient;
use tianqi_store::StoredNode;

use super::{missing_by_id, CatalogService};

/// A node that is a namespace of a cluster, with the cluster's client.
#[derive(Clone)]
pub struct KubeNode {
    pub client: ClusterClient,
    pub backend: KubeBackend,
}

#[derive(Clone)]
pub enum Reach {
    Docker(Docker),
    Kube(KubeNode),
}

/// The refusal of a Docker-only operation on a Kubernetes node.
pub(crate) fn docker_only(node: &StoredNode) -> Error {
    Error::conflict(format!(
        "node '{}' is a namespace of a Kubernetes cluster: only instances run there \
         (this needs a Docker node)",
        node.draft.name
    ))
}

impl CatalogService {
    /// The node and how to reach it, by id; 503 naming the node when its
    /// engine or cluster cannot be reached.
    pub async fn reach(&self, node_id: i64) -> Result<(Reach, StoredNode)> {
        let node = self.stored(node_id).await?;
        let reach = match &node.draft.kube {
            Some(k) => Reach::Kube(self.kube_node(&node, k).await?),
            None => Reach::Docker(self.connect(&node).await?),
        };
        Ok((reach, node))
    }

    /// The node's cluster client; a disabled cluster is unreachable for its
    /// nodes too (503 naming both), as an engine that does not answer.
    /// A node's row by id (404 naming it).
    pub(super) async fn stored(&self, node_id: i64) -> Result<StoredNode> {
        self.ctx
            .store
            .node(node_id)
            .await
            .map_err(|e| missing_by_id(e, "node", node_id))
    }

    pub(super) async fn kube_node(&self, node: &StoredNode, k: &KubeBackend) -> Result<KubeNode> {
        let cluster = self.kube.get(k.cluster_id).await?;
        if !cluster.enabled {
            return Err(Error::Unavailable(format!(
                "node '{}': its cluster '{}' is disabled",
                node.draft.name, cluster.name
            )));
        }
        let client = self.kube.client(k.cluster_id).await.map_err(|e| {
            Error::Unavailable(format!("node '{}': its cluster: {e}", node.draft.name))
        })?;
        Ok(KubeNode {
            client,
            backend: k.clone(),
        })
    }
}
