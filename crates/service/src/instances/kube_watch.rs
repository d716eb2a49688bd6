//! Status by watch on Kubernetes nodes: each Kubernetes node's instance
//! Pods are watched, and a change (a Pod that ended, was evicted or
//! deleted behind the platform's back) reconciles that node at once, instead
//! of at the next health round. One server watches at a time (the
//! `kube-watch` listener's lease, several servers on PostgreSQL), so a
//! cluster sees one watch per node however many servers there are; the
//! health round still lists by label, so a watch that broke, or the time a
//! lease takes to pass, loses nothing but time.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use tianqi_core::{Error, Result};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::InstanceService;
use crate::catalog::Reach;

/// How often the set of Kubernetes nodes is read again (new, edited and
/// deleted nodes; at once for a change made on this server).
const RESCAN: Duration = Duration::from_secs(10);
/// The pause before a watch that ended or broke is opened again.
const RETRY: Duration = Duration::from_secs(2);
/// Changes that come together (a stop is a modify and a delete) make one
/// reconciliation.
const SETTLE: Duration = Duration::from_millis(200);

struct Followed {
    /// The node row's `updated_at` the watch was opened for.
    version: DateTime<Utc>,
    stop: CancellationToken,
    task: JoinHandle<()>,
}

impl Followed {
    async fn end(self) {
        self.stop.cancel();
        let _ = self.task.await;
    }
}

impl InstanceService {
    /// Follows every Kubernetes node's instance Pods until `stop`; every
    /// watch it opened has ended when it returns.
    pub async fn follow_clusters(&self, stop: CancellationToken) {
        let mut followed: HashMap<i64, Followed> = HashMap::new();
        loop {
            match self.ctx.store.all_nodes().await {
                Ok(nodes) => {
                    let wanted: HashMap<i64, DateTime<Utc>> = nodes
                        .iter()
                        .filter(|n| n.draft.kube.is_some())
                        .map(|n| (n.id, n.updated_at))
                        .collect();
                    let stale: Vec<i64> = followed
                        .iter()
                        .filter(|(id, f)| wanted.get(id) != Some(&f.version))
                        .map(|(id, _)| *id)
                        .collect();
                    for id in stale {
                        if let Some(f) = followed.remove(&id) {
                            f.end().await;
                        }
                    }
                    for (id, version) in wanted {
                        followed.entry(id).or_insert_with(|| {
                            let token = stop.child_token();
                            let (me, t) = (self.clone(), token.clone());
                            Followed {
                                version,
                                stop: token,
                                task: tokio::spawn(async move { me.follow_node(id, t).await }),
                            }
                        });
                    }
                }
                Err(e) => tracing::warn!(error = %e, "cannot read the nodes to watch"),
            }
            tokio::select! {
                () = stop.cancelled() => break,
                () = tokio::time::sleep(RESCAN) => {}
                () = self.catalog.nodes_changed() => {}
            }
        }
        for (_, f) in followed {
            f.end().await;
        }
    }

    async fn follow_node(&self, node_id: i64, stop: CancellationToken) {
        loop {
            if let Err(e) = self.watch_node(node_id, &stop).await {
                tracing::debug!(node_id, error = %e, "the watch of a Kubernetes node ended");
            }
            tokio::select! {
                () = stop.cancelled() => return,
                () = tokio::time::sleep(RETRY) => {}
            }
        }
    }

    /// One watch of a node's Pods: reconciles the node after each burst of
    /// changes, until the watch ends, breaks or `stop`.
    async fn watch_node(&self, node_id: i64, stop: &CancellationToken) -> Result<()> {
        let (reach, node) = self.catalog.reach(node_id).await?;
        let Reach::Kube(kube) = &reach else {
            return Ok(());
        };
        let mut events = kube
            .client
            .watch_instance_pods(&kube.backend.namespace, &self.ctx.install_id)
            .await
            .map_err(|e| Error::Unavailable(e.to_string()))?;
        loop {
            let first = tokio::select! {
                () = stop.cancelled() => return Ok(()),
                e = events.next() => e,
            };
            match first {
                None => return Ok(()),
                Some(Err(e)) => return Err(Error::Unavailable(e.to_string())),
                Some(Ok(_)) => {}
            }
            let settle = tokio::time::sleep(SETTLE);
            tokio::pin!(settle);
            let mut ended = false;
            loop {
                tokio::select! {
                    () = &mut settle => break,
                    e = events.next() => if !matches!(e, Some(Ok(_))) {
                        ended = true;
                        break;
                    },
                }
            }
            if let Err(e) = self.reconcile_node(&node, &reach).await {
                tracing::warn!(node = %node.draft.name, error = %e, "reconciliation after a Pod change failed");
            }
            if ended {
                return Ok(());
            }
        }
    }
}
