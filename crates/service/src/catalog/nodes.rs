//! Compute nodes: registration with a live connection test, secrets encrypted at
//! rest, TLS material written to private files for the Docker client, the health
//! loop, capacity and image pulls.

use std::collections::HashMap;

use futures::{Stream, StreamExt};
use serde::{Deserialize, Serialize};
use tianqi_core::catalog::capacity::{capacity, Capacity};
use tianqi_core::catalog::node::{
    cores, gigabytes, DockerFacts, DockerStatus, KubeBackend, Node, NodeDraft, NodeFields,
};
use tianqi_core::catalog::sanity::{node_warnings, OtherNode};
use tianqi_core::page::{Page, PageQuery};
use tianqi_core::{validate, Error, Result};
use tianqi_docker::{probe, pull_image, DriverError, Endpoint, PullEvent};
use tianqi_store::{NodeFilter, NodeStatusUpdate, StoredNode};

use super::{missing_by_id, name_taken_or_missing, CatalogService, KubeNode, Reach};

/// The node registered at first start for the machine's own Docker socket.
pub const LOCAL_NODE: &str = "local";

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct NodeListQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    pub name: Option<String>,
    pub listed: Option<bool>,
    /// `connected`, `failed` or `unknown`.
    pub docker_status: Option<DockerStatus>,
}

/// Whether this machine's Docker Engine can be registered as node `local`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalCandidate {
    /// The socket checked (`nodes.local_socket`); empty = none configured.
    pub socket: String,
    /// An engine answers on it (not probed when a node already uses it).
    pub answers: bool,
    /// The node already registered for this socket.
    pub node_id: Option<i64>,
    /// Offer registration: the engine answers and no node uses the socket.
    pub offer: bool,
}

fn local_address(socket: &str) -> String {
    format!("unix://{socket}")
}

/// Node `local`: this machine; sizes are left empty, to be detected.
fn local_fields(socket: &str) -> NodeFields {
    NodeFields {
        name: Some(LOCAL_NODE.into()),
        public_ip: Some("127.0.0.1".into()),
        private_ip: Some("127.0.0.1".into()),
        docker_address: Some(local_address(socket)),
        remark: Some("this machine's Docker Engine".into()),
        ..NodeFields::default()
    }
}

/// Secret fields of a draft, in the order they are encrypted.
fn secret_fields(d: &mut NodeDraft) -> [&mut String; 4] {
    [
        &mut d.ssh_password,
        &mut d.ca_cert,
        &mut d.client_cert,
        &mut d.client_key,
    ]
}

impl CatalogService {
    fn encrypt_secrets(&self, mut d: NodeDraft) -> Result<NodeDraft> {
        for f in secret_fields(&mut d) {
            if !f.is_empty() {
                *f = self.ctx.keys.secrets.encrypt(f)?;
            }
        }
        Ok(d)
    }

    pub(super) fn decrypt_secrets(&self, mut d: NodeDraft) -> Result<NodeDraft> {
        for f in secret_fields(&mut d) {
            if !f.is_empty() {
                *f = self.ctx.keys.secrets.decrypt(f)?.to_string();
            }
        }
        Ok(d)
    }

    /// The stored row of node `id`; 404 naming it when absent.
    async fn stored_node(&self, id: i64) -> Result<StoredNode> {
        self.ctx
            .store
            .node(id)
            .await
            .map_err(|e| missing_by_id(e, "node", id))
    }

    /// The API view: public certificates decrypted, secrets reduced to flags,
    /// and the sanity warnings (`all` is every node, for duplicate addresses).
    fn node_view(&self, s: StoredNode, all: &[StoredNode]) -> Result<Node> {
        let d = self.decrypt_secrets(s.draft)?;
        let docker = s
            .docker_facts
            .as_deref()
            .and_then(|j| serde_json::from_str::<DockerFacts>(j).ok());
        let others: Vec<OtherNode<'_>> = all
            .iter()
            .filter(|o| o.id != s.id)
            .map(|o| OtherNode {
                name: &o.draft.name,
                docker_address: &o.draft.docker_address,
            })
            .collect();
        let warnings = node_warnings(&d, docker.as_ref(), &others);
        let backend = d.backend().to_owned();
        Ok(Node {
            id: s.id,
            name: d.name,
            region: d.region,
            cpu_desc: d.cpu_desc,
            memory_desc: d.memory_desc,
            system_disk_desc: d.system_disk_desc,
            data_disk_desc: d.data_disk_desc,
            public_ip: d.public_ip,
            private_ip: d.private_ip,
            ssh_port: d.ssh_port,
            ssh_user: d.ssh_user,
            has_ssh_password: !d.ssh_password.is_empty(),
            gpu_name: d.gpu_name,
            gpu_count: d.gpu_count,
            vram_gb_per_card: gigabytes(Some(d.vram_mib_per_card)),
            hami_core_dir: d.hami_core_dir,
            backend,
            kubernetes: d.kube,
            docker_address: d.docker_address,
            use_tls: d.use_tls,
            ca_cert: d.ca_cert,
            client_cert: d.client_cert,
            has_client_key: !d.client_key.is_empty(),
            cpu_cores: cores(d.cpu_milli),
            memory_gb: gigabytes(d.memory_mib),
            system_disk_gb: d.system_disk_gb,
            data_disk_gb: d.data_disk_gb,
            listed: d.listed,
            remark: d.remark,
            docker_status: s.docker_status,
            docker_error: s.docker_error,
            docker_checked_at: s.docker_checked_at,
            docker,
            warnings,
            created_at: s.created_at,
            updated_at: s.updated_at,
        })
    }

    pub async fn create_node(&self, f: NodeFields) -> Result<Node> {
        let draft = NodeDraft::new(f)?;
        if let Some(k) = &draft.kube {
            // Named here rather than by the foreign key, as a field.
            if let Err(Error::NotFound(_)) = self.kube.get(k.cluster_id).await {
                return Err(Error::validation(
                    "kubernetes.cluster_id",
                    format!("cluster {} not found", k.cluster_id),
                ));
            }
        }
        let name = draft.name.clone();
        let id = self
            .ctx
            .store
            .insert_node(&self.encrypt_secrets(draft)?, self.ctx.clock.now())
            .await
            .map_err(|e| name_taken_or_missing(e, "node", &name))?;
        self.nodes_changed.notify_one();
        self.test_node(id).await
    }

    pub async fn update_node(&self, id: i64, f: NodeFields) -> Result<Node> {
        let stored = self.stored_node(id).await?;
        let draft = self.decrypt_secrets(stored.draft)?.apply(f)?;
        let name = draft.name.clone();
        self.ctx
            .store
            .update_node(id, &self.encrypt_secrets(draft)?, self.ctx.clock.now())
            .await
            .map_err(|e| name_taken_or_missing(e, "node", &name))?;
        // Old TLS files go; the next connection writes the current ones.
        self.remove_node_files(id);
        self.forget_client(id);
        self.nodes_changed.notify_one();
        self.test_node(id).await
    }

    pub async fn node(&self, id: i64) -> Result<Node> {
        let stored = self.stored_node(id).await?;
        let all = self.ctx.store.all_nodes().await?;
        self.node_view(stored, &all)
    }

    pub async fn list_nodes(&self, q: NodeListQuery) -> Result<Page<Node>> {
        let page = PageQuery {
            page: q.page,
            page_size: q.page_size,
        }
        .validate()?;
        if let Some(n) = &q.name {
            validate::text("name", n, 64)?;
        }
        let filter = NodeFilter {
            name_contains: q.name.filter(|n| !n.is_empty()),
            listed: q.listed,
            docker_status: q.docker_status,
        };
        let (rows, total) = self.ctx.store.list_nodes(&filter, page).await?;
        let all = self.ctx.store.all_nodes().await?;
        let items = rows
            .into_iter()
            .map(|s| self.node_view(s, &all))
            .collect::<Result<_>>()?;
        Ok(Page::new(items, total, page))
    }

    /// Deletes a node. With instances on it, refused (409) unless `force`, which
    /// drops their rows too (their containers become orphans on that engine).
    /// Workspaces always keep their node (409): their data lives there.
    pub async fn delete_node(&self, id: i64, force: bool) -> Result<()> {
        let on_it = self.ctx.store.count_instances(None, Some(id)).await?;
        if on_it > 0 {
            if !force {
                return Err(Error::conflict(format!(
                    "node {id} still has {on_it} instance(s); delete them first or pass force=true"
                )));
            }
            self.ctx.store.delete_node_instances(id).await?;
        }
        // The database checks what else still runs there (workspaces, and an
        // instance created since the count): that answer is the race-free one.
        match self.ctx.store.delete_node(id).await {
            Ok(true) => {}
            Ok(false) => return Err(Error::not_found(format!("node {id} not found"))),
            Err(tianqi_store::StoreError::InUse(_)) => {
                return Err(Error::conflict(format!(
                    "node {id} still carries workspaces or instances; delete them first"
                )))
            }
            Err(e) => return Err(e.into()),
        }
        self.remove_node_files(id);
        self.nodes_changed.notify_one();
        Ok(())
    }

    /// Tests the node's Docker connection now and records the outcome.
    pub async fn test_node(&self, id: i64) -> Result<Node> {
        let stored = self.stored_node(id).await?;
        self.check_node(&stored).await?;
        self.node(id).await
    }

    /// Probes one node, records status and facts, and logs a status change once.
    async fn check_node(&self, stored: &StoredNode) -> Result<DockerStatus> {
        if let Some(k) = &stored.draft.kube {
            let outcome = self.probe_kube_node(stored, k).await;
            if let Ok((node, _)) = &outcome {
                self.tell_watchers(stored, &Reach::Kube(node.clone())).await;
            }
            let update = match outcome {
                Ok((_, facts)) => NodeStatusUpdate {
                    status: DockerStatus::Connected,
                    error: String::new(),
                    checked_at: self.ctx.clock.now(),
                    fill_cpu_milli: (facts.cpu_milli > 0).then_some(facts.cpu_milli),
                    fill_memory_mib: (facts.memory_bytes > 0)
                        .then_some(facts.memory_bytes / (1024 * 1024)),
                    fill_system_disk_gb: None,
                    fill_data_disk_gb: None,
                    facts: serde_json::to_string(&facts.as_docker_facts()).ok(),
                },
                Err(e) => NodeStatusUpdate::failed(e, self.ctx.clock.now()),
            };
            return self.record_check(stored, update).await;
        }
        let outcome = match self.endpoint(stored) {
            Ok(endpoint) => probe(&endpoint, self.settings.timeout).await,
            Err(e) => Err(DriverError::Config(e.to_string())),
        };
        match &outcome {
            Ok((docker, _)) => self.keep_client(stored, docker),
            Err(_) => self.forget_client(stored.id),
        }
        if let Ok((docker, _)) = &outcome {
            self.tell_watchers(stored, &Reach::Docker(docker.clone()))
                .await;
        }
        let now = self.ctx.clock.now();
        let update = match outcome {
            Ok((_, facts)) => NodeStatusUpdate {
                status: DockerStatus::Connected,
                error: String::new(),
                checked_at: now,
                fill_cpu_milli: (facts.ncpu > 0).then_some(facts.ncpu * 1000),
                fill_memory_mib: (facts.memory_bytes > 0)
                    .then_some(facts.memory_bytes / (1024 * 1024)),
                // Container layers and volumes both live in Docker's root
                // directory: a node that declares no disks gets its size.
                fill_system_disk_gb: facts.root_fs_gb(),
                fill_data_disk_gb: facts.root_fs_gb(),
                facts: serde_json::to_string(&facts).ok(),
            },
            Err(e) => NodeStatusUpdate::failed(e.to_string(), now),
        };
        self.record_check(stored, update).await
    }

    /// One list call per node: statuses follow the containers (or Pods).
    async fn tell_watchers(&self, stored: &StoredNode, reach: &Reach) {
        for watcher in self.watchers() {
            if let Err(e) =
                tokio::time::timeout(self.settings.timeout, watcher.node_reached(stored, reach))
                    .await
                    .unwrap_or_else(|_| Err(Error::Unavailable("reconciliation timed out".into())))
            {
                tracing::warn!(node = %stored.draft.name, error = %e, "reconciliation failed");
            }
        }
    }

    /// A Kubernetes node's check: the API server answers, the namespace is
    /// there, and what the cluster's schedulable nodes offer.
    async fn probe_kube_node(
        &self,
        stored: &StoredNode,
        k: &KubeBackend,
    ) -> std::result::Result<(KubeNode, KubeFacts), String> {
        let node = self.kube_node(stored, k).await.map_err(|e| e.to_string())?;
        let c = &node.client;
        let server_version = c.server_version().await.map_err(|e| e.to_string())?;
        if !c
            .namespace_exists(&k.namespace)
            .await
            .map_err(|e| e.to_string())?
        {
            return Err(format!(
                "namespace '{}' does not exist on the cluster",
                k.namespace
            ));
        }
        let cap = c.capacity().await.map_err(|e| e.to_string())?;
        Ok((
            node,
            KubeFacts {
                server_version,
                nodes: cap.nodes,
                cpu_milli: cap.cpu_milli,
                memory_bytes: cap.memory_bytes,
                gpus: cap.gpus,
            },
        ))
    }

    async fn record_check(
        &self,
        stored: &StoredNode,
        update: NodeStatusUpdate,
    ) -> Result<DockerStatus> {
        if update.status != stored.docker_status {
            match update.status {
                DockerStatus::Connected => {
                    tracing::info!(node = %stored.draft.name, node_id = stored.id, "node connected")
                }
                _ => {
                    tracing::warn!(node = %stored.draft.name, node_id = stored.id, error = %update.error, "node connection failed")
                }
            }
        }
        self.ctx.store.set_node_status(stored.id, &update).await?;
        Ok(update.status)
    }
}

/// What a Kubernetes node's check found.
struct KubeFacts {
    server_version: String,
    nodes: usize,
    cpu_milli: i64,
    memory_bytes: i64,
    gpus: i64,
}

impl KubeFacts {
    /// In the node's `docker` facts, which the console shows: the cluster's
    /// version and what its schedulable nodes offer together.
    fn as_docker_facts(&self) -> DockerFacts {
        DockerFacts {
            server_version: self.server_version.clone(),
            os: format!(
                "Kubernetes ({} schedulable node(s), {} NVIDIA card(s))",
                self.nodes, self.gpus
            ),
            ncpu: self.cpu_milli / 1000,
            memory_bytes: self.memory_bytes,
            ..DockerFacts::default()
        }
    }
}

impl CatalogService {
    /// One tick of the health loop: every node probed concurrently, each bounded by
    /// the node timeout, so a dead node never delays the others. Answers the
    /// status per node id.
    pub async fn check_all_nodes(&self) -> Result<HashMap<i64, DockerStatus>> {
        let nodes = self.ctx.store.all_nodes().await?;
        let checks = nodes
            .iter()
            .map(|n| async move { (n.id, self.check_node(n).await) });
        let mut out = HashMap::new();
        for (id, r) in futures::future::join_all(checks).await {
            match r {
                Ok(s) => {
                    out.insert(id, s);
                }
                Err(e) => {
                    tracing::warn!(node_id = id, error = %e, "node check could not be recorded")
                }
            }
        }
        Ok(out)
    }

    /// The health loop's round.
    pub async fn check_round(&self) -> Result<()> {
        self.check_all_nodes().await.map(drop)
    }

    /// Registers the machine's own Docker socket as node `local`, once in the life
    /// of a database, when it answers. Answers the node when it was registered now.
    /// An engine that appears later is offered in the console instead
    /// ([`Self::local_candidate`], [`Self::register_local`]).
    pub async fn register_local_node(&self, socket: &str) -> Result<Option<Node>> {
        const FLAG: &str = "local_node_registered";
        if socket.is_empty() || self.ctx.store.setting(FLAG).await?.is_some() {
            return Ok(None);
        }
        if !self.local_answers(socket).await? {
            // Not there (yet): try again at the next start.
            return Ok(None);
        }
        self.ctx
            .store
            .set_setting(FLAG, &self.ctx.clock.now().to_rfc3339())
            .await?;
        match self.create_node(local_fields(socket)).await {
            Ok(n) => Ok(Some(n)),
            Err(Error::Conflict(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Whether this machine's Docker Engine answers on `socket` (one probe,
    /// bounded by the node timeout).
    async fn local_answers(&self, socket: &str) -> Result<bool> {
        let endpoint = Endpoint {
            address: tianqi_core::catalog::address::DockerAddress::parse(
                "nodes.local_socket",
                &local_address(socket),
            )?,
            tls: None,
        };
        Ok(probe(&endpoint, self.settings.timeout).await.is_ok())
    }

    /// The node already registered for `socket`, by its Docker address.
    async fn node_on_socket(&self, socket: &str) -> Result<Option<i64>> {
        let address = local_address(socket);
        Ok(self
            .ctx
            .store
            .all_nodes()
            .await?
            .into_iter()
            .find(|n| n.draft.docker_address == address)
            .map(|n| n.id))
    }

    /// Whether this machine's Docker Engine (`nodes.local_socket`) can be
    /// registered now: it answers and no node uses its socket.
    pub async fn local_candidate(&self) -> Result<LocalCandidate> {
        let socket = self.settings.local_socket.clone();
        if socket.is_empty() {
            return Ok(LocalCandidate {
                socket,
                answers: false,
                node_id: None,
                offer: false,
            });
        }
        let node_id = self.node_on_socket(&socket).await?;
        // A registered socket is not probed again here: the health loop does.
        let answers = node_id.is_none() && self.local_answers(&socket).await?;
        Ok(LocalCandidate {
            socket,
            answers,
            node_id,
            offer: answers && node_id.is_none(),
        })
    }

    /// Registers this machine's Docker Engine as node `local`, sized from what
    /// the engine reports (CPU, memory, disks). 409 when a node already uses
    /// the socket or the name; 503 when the engine does not answer.
    pub async fn register_local(&self) -> Result<Node> {
        let socket = self.settings.local_socket.clone();
        if socket.is_empty() {
            return Err(Error::conflict(
                "nodes.local_socket is empty: this server offers no local Docker Engine",
            ));
        }
        if let Some(id) = self.node_on_socket(&socket).await? {
            return Err(Error::conflict(format!(
                "this machine's Docker Engine ({socket}) is already node {id}"
            )));
        }
        if !self.local_answers(&socket).await? {
            return Err(Error::Unavailable(format!(
                "no Docker Engine answers on {socket}"
            )));
        }
        self.create_node(local_fields(&socket)).await
    }

    /// Totals, allocations and what is free on a node.
    pub async fn node_capacity(&self, id: i64) -> Result<Capacity> {
        let s = self.stored_node(id).await?;
        let totals = s.draft.totals();
        let allocations: Vec<_> = self
            .ctx
            .store
            .allocations()
            .await?
            .into_iter()
            .filter(|(node_id, _)| *node_id == id)
            .map(|(_, a)| a)
            .collect();
        Ok(capacity(&totals, &allocations))
    }

    /// Whether the image `reference` is on the node's engine (the console's
    /// getting-started list offers the sandbox image when it is). 422 for what
    /// is not an image reference, 503 when the node cannot be reached.
    pub async fn node_has_image(&self, node_id: i64, reference: &str) -> Result<bool> {
        // Docker's own refusal of a malformed reference would be a 503 here.
        tianqi_core::catalog::image::image_reference("reference", reference)?;
        let stored = self.stored_node(node_id).await?;
        let docker = self.connect(&stored).await?;
        tianqi_docker::container::image_present(&docker, reference)
            .await
            .map_err(|e| {
                Error::Unavailable(format!(
                    "node {} could not be asked for image {reference}: {e}",
                    stored.draft.name
                ))
            })
    }

    /// Pulls an image onto a node. Fails fast (503 naming the node) when the node
    /// cannot be reached; otherwise answers Docker's progress as a stream.
    pub async fn pull_to_node(
        &self,
        node_id: i64,
        image_id: i64,
    ) -> Result<impl Stream<Item = std::result::Result<PullEvent, String>> + Send + 'static> {
        let stored = self.stored_node(node_id).await?;
        let image = self.ctx.store.image(image_id).await.map_err(|e| match e {
            tianqi_store::StoreError::NotFound => {
                Error::validation("image_id", format!("image {image_id} not found"))
            }
            other => other.into(),
        })?;
        let docker = self.connect(&stored).await?;
        let reference = image.address.clone();
        tracing::info!(node = %stored.draft.name, image = %reference, "pulling image");
        Ok(pull_image(&docker, &reference).map(|r| r.map_err(|e| e.to_string())))
    }
}
