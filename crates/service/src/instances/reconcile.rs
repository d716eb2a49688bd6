//! Reconciliation on each health tick, and the orphan list for admins.

use serde::Serialize;
use tianqi_core::container::data_volume;
use tianqi_core::instance::InstanceStatus;
use tianqi_core::reconcile::{plan, Action, SeenContainer};
use tianqi_core::{Error, Result};
use tianqi_docker::container as dc;
use tianqi_store::StoredNode;

use super::InstanceService;
use crate::catalog::{NodeWatcher, Reach};

/// A labelled container of this installation with no instance row.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Orphan {
    pub node_id: i64,
    pub node_name: String,
    pub container_id: String,
    pub container_name: String,
    pub instance_id: Option<i64>,
    pub running: bool,
}

impl InstanceService {
    /// Makes the rows of one node agree with its containers (one list call).
    /// Answers the orphans found.
    pub async fn reconcile_node(
        &self,
        node: &StoredNode,
        reach: &Reach,
    ) -> Result<Vec<SeenContainer>> {
        // Rows first (with the in-flight set, this server's and the others',
        // under the placement lock, which a create on any server holds from
        // its insert until it is marked in flight), then the
        // containers: a container that exists when the rows are read is in the
        // list, so no live instance is ever taken for missing.
        let (rows, in_flight) = {
            let _guard = self.placement_lock.lock().await?;
            let rows = self.ctx.store.instance_rows_on_node(node.id).await?;
            (rows, self.all_in_flight().await?)
        };
        let unavailable =
            |e: String| Error::Unavailable(format!("node '{}': {e}", node.draft.name));
        let (seen, waiting) = match reach {
            Reach::Docker(docker) => (
                dc::list_managed(docker, &self.ctx.install_id)
                    .await
                    .map_err(|e| unavailable(e.to_string()))?,
                None,
            ),
            Reach::Kube(k) => {
                let found = k
                    .client
                    .instances_seen(&k.backend.namespace, &self.ctx.install_id)
                    .await
                    .map_err(|e| unavailable(e.to_string()))?;
                (found.seen, Some(found.waiting))
            }
        };
        let mut orphans = Vec::new();
        let now = self.ctx.clock.now();
        // The meter's "last seen running" (an end found later closes there).
        let running: Vec<i64> = rows
            .iter()
            .filter(|r| r.status == InstanceStatus::Running)
            .filter(|r| {
                seen.iter()
                    .any(|c| c.running && c.instance_id == Some(r.id))
            })
            .map(|r| r.id)
            .collect();
        self.ctx.store.instances_seen_running(&running, now).await?;
        for action in plan(&rows, &seen, &in_flight) {
            match action {
                Action::SetStatus { id, status, error } => {
                    tracing::info!(
                        instance = id,
                        status = status.as_str(),
                        "reconciled instance status"
                    );
                    self.ctx
                        .store
                        .set_instance_status(id, status, &error, now)
                        .await?;
                    if status == InstanceStatus::Exited {
                        // Ended by itself (a stop through Tianqi is recorded
                        // when it happens): find out how, once per change.
                        let row = rows.iter().find(|r| r.id == id);
                        match (row.filter(|r| !r.container_id.is_empty()), reach) {
                            (Some(r), Reach::Docker(docker)) => {
                                self.note_ended(id, docker, &node.draft.name, &r.container_id)
                                    .await?;
                            }
                            (Some(_), Reach::Kube(kube)) => {
                                self.note_pod_ended(id, kube, &node.draft.name).await?;
                            }
                            (None, _) => {}
                        }
                    }
                }
                Action::Adopt { id, container_id } => {
                    self.ctx
                        .store
                        .set_instance_container_id(id, &container_id, now)
                        .await?;
                }
                Action::AbortCreate { id, container_id } => {
                    tracing::warn!(
                        instance = id,
                        "rolling back a create interrupted by a restart"
                    );
                    let cid = container_id.unwrap_or_default();
                    if self.remove_objects(reach, &cid, id).await.is_ok() {
                        self.ctx
                            .store
                            .set_instance_status(
                                id,
                                InstanceStatus::Failed,
                                "creation was interrupted (server restart)",
                                now,
                            )
                            .await?;
                    }
                }
                Action::FinishDelete { id, container_id } => {
                    let cid = container_id.unwrap_or_default();
                    if self.remove_objects(reach, &cid, id).await.is_ok() {
                        self.ctx
                            .store
                            .delete_instance(id, self.ctx.clock.now())
                            .await?;
                    }
                }
                Action::Orphan(c) => {
                    // A create may have finished after the rows were read.
                    let has_row = match c.instance_id {
                        Some(i) => self.ctx.store.instance(i).await.is_ok(),
                        None => false,
                    };
                    if !has_row {
                        orphans.push(c);
                    }
                }
            }
        }
        if let Some(waiting) = waiting {
            // A Pod that waits (unschedulable, pulling) shows as running:
            // its instance says why until it runs.
            for r in rows.iter().filter(|r| r.status == InstanceStatus::Running) {
                let note = waiting.get(&r.id).map_or("", String::as_str);
                self.ctx.store.set_running_note(r.id, note).await?;
            }
        }
        Ok(orphans)
    }

    /// Removes an instance's container and data volume, or its Pod and
    /// claim.
    pub(super) async fn remove_objects(
        &self,
        reach: &Reach,
        container_id: &str,
        id: i64,
    ) -> std::result::Result<(), String> {
        match reach {
            Reach::Docker(docker) => dc::remove(
                docker,
                container_id,
                &[data_volume(&self.ctx.install_id, id)],
            )
            .await
            .map_err(|e| e.to_string()),
            Reach::Kube(kube) => self
                .remove_pod_and_claim(id, kube)
                .await
                .map_err(|e| e.to_string()),
        }
    }

    /// Orphans on every connected node, asked concurrently.
    pub async fn orphans(&self) -> Result<Vec<Orphan>> {
        let nodes = self.ctx.store.all_nodes().await?;
        let checks = nodes.iter().map(|n| async move {
            let (reach, _) = self.catalog.reach(n.id).await?;
            let found = self.reconcile_node(n, &reach).await?;
            Ok::<_, Error>(
                found
                    .into_iter()
                    .map(|c| Orphan {
                        node_id: n.id,
                        node_name: n.draft.name.clone(),
                        container_id: c.container_id,
                        container_name: c.name,
                        instance_id: c.instance_id,
                        running: c.running,
                    })
                    .collect::<Vec<_>>(),
            )
        });
        let mut out = Vec::new();
        for r in futures::future::join_all(checks).await {
            match r {
                Ok(list) => out.extend(list),
                Err(e) => tracing::warn!(error = %e, "orphan scan skipped a node"),
            }
        }
        Ok(out)
    }

    /// Removes an orphan container (and its data volume) after checking it still
    /// is one.
    pub async fn delete_orphan(&self, node_id: i64, container_id: &str) -> Result<()> {
        let (reach, node) = self.catalog.reach(node_id).await?;
        let well_formed = match reach {
            Reach::Docker(_) => {
                !container_id.is_empty()
                    && container_id.len() <= 64
                    && container_id.chars().all(|c| c.is_ascii_hexdigit())
            }
            Reach::Kube(_) => {
                tianqi_core::kube::resources::object_name("container_id", container_id).is_ok()
            }
        };
        if !well_formed {
            return Err(Error::validation(
                "container_id",
                "container_id must be a hex container id (a Pod's name on a Kubernetes node)",
            ));
        }
        let orphans = self.reconcile_node(&node, &reach).await?;
        let Some(o) = orphans.into_iter().find(|c| {
            c.container_id == container_id
                || c.container_id.starts_with(container_id) && container_id.len() >= 12
        }) else {
            return Err(Error::not_found(format!(
                "no orphan container {container_id} on node {node_id}"
            )));
        };
        let unavailable =
            |e: String| Error::Unavailable(format!("node '{}': {e}", node.draft.name));
        let docker = match &reach {
            Reach::Docker(docker) => docker,
            // Orphans on a cluster are listed by their instance label.
            Reach::Kube(kube) => {
                let Some(i) = o.instance_id else {
                    return Ok(());
                };
                return self
                    .remove_pod_and_claim(i, kube)
                    .await
                    .map_err(|e| unavailable(e.to_string()));
            }
        };
        let volumes: Vec<String> = o
            .instance_id
            .map(|i| data_volume(&self.ctx.install_id, i))
            .into_iter()
            .collect();
        dc::remove(docker, &o.container_id, &volumes)
            .await
            .map_err(|e| unavailable(e.to_string()))
    }
}

impl NodeWatcher for InstanceService {
    fn node_reached<'a>(
        &'a self,
        node: &'a StoredNode,
        reach: &'a Reach,
    ) -> futures::future::BoxFuture<'a, Result<()>> {
        Box::pin(async move { self.reconcile_node(node, reach).await.map(drop) })
    }
}
