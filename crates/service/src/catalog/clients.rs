//! Docker clients for registered nodes, obtained here and nowhere else: the
//! endpoint (with TLS material written to private files), the connection with
//! API-version negotiation under the node timeout.
//!
//! One client per node is kept (bollard's client is a connection pool): a
//! call reuses it instead of paying ping + version + info again. The health
//! loop's probe replaces it every round and drops it when the node fails; an
//! edit of the node (its row's `updated_at`) makes a new one; a caller whose
//! call failed on the connection drops it with [`CatalogService::forget_client`].

use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::PathBuf;

use bollard::Docker;
use tianqi_core::{Error, Result};
use tianqi_docker::{probe, Endpoint, TlsFiles};
use tianqi_store::StoredNode;

use super::CatalogService;

impl CatalogService {
    fn node_dir(&self, id: i64) -> PathBuf {
        self.settings.data_dir.join("nodes").join(id.to_string())
    }

    /// Where and how to reach a stored node. For TLS, the PEM material is written
    /// to 0600 files in the node's own 0700 directory (the Docker client reads
    /// files); they are rewritten when their content changed.
    pub fn endpoint(&self, s: &StoredNode) -> Result<Endpoint> {
        if s.draft.kube.is_some() {
            return Err(super::docker_only(s));
        }
        let address = s.draft.address()?;
        if !s.draft.use_tls {
            return Ok(Endpoint { address, tls: None });
        }
        let d = self.decrypt_secrets(s.draft.clone())?;
        let dir = self.node_dir(s.id);
        let io = |e: std::io::Error| {
            Error::internal(format!("cannot write TLS files for node {}: {e}", s.id))
        };
        std::fs::create_dir_all(&dir).map_err(io)?;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).map_err(io)?;
        let mut paths = Vec::new();
        for (name, content) in [
            ("ca.pem", &d.ca_cert),
            ("cert.pem", &d.client_cert),
            ("key.pem", &d.client_key),
        ] {
            let path = dir.join(name);
            if std::fs::read_to_string(&path).ok().as_deref() != Some(content.as_str()) {
                let _ = std::fs::remove_file(&path);
                let mut f = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(&path)
                    .map_err(io)?;
                std::io::Write::write_all(&mut f, content.as_bytes()).map_err(io)?;
            }
            paths.push(path);
        }
        let [ca, cert, key]: [PathBuf; 3] = paths
            .try_into()
            .map_err(|_| Error::internal("TLS file list has the wrong length"))?;
        Ok(Endpoint {
            address,
            tls: Some(TlsFiles { ca, cert, key }),
        })
    }

    pub(super) fn remove_node_files(&self, id: i64) {
        let dir = self.node_dir(id);
        if dir.exists() {
            if let Err(e) = std::fs::remove_dir_all(&dir) {
                tracing::warn!(node_id = id, error = %e, "could not remove the node's files");
            }
        }
    }

    /// A client for a stored node's engine, API version negotiated, within the
    /// node timeout; 503 naming the node when it cannot be reached.
    pub async fn connect(&self, node: &StoredNode) -> Result<Docker> {
        if let Some(docker) = self.cached_client(node) {
            return Ok(docker);
        }
        let endpoint = self.endpoint(node)?;
        let (docker, _) = probe(&endpoint, self.settings.timeout).await.map_err(|e| {
            Error::Unavailable(format!("node '{}' is unreachable: {e}", node.draft.name))
        })?;
        self.keep_client(node, &docker);
        Ok(docker)
    }

    fn cached_client(&self, node: &StoredNode) -> Option<Docker> {
        let clients = self.clients.lock().ok()?;
        clients
            .get(&node.id)
            .filter(|(version, _)| *version == node.updated_at)
            .map(|(_, d)| d.clone())
    }

    /// Keeps `docker` as the client of `node` (as the node row is now).
    pub(super) fn keep_client(&self, node: &StoredNode, docker: &Docker) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.insert(node.id, (node.updated_at, docker.clone()));
        }
    }

    /// Drops the kept client of a node (a call on it failed): the next call
    /// connects afresh.
    pub fn forget_client(&self, node_id: i64) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.remove(&node_id);
        }
    }

    /// A Docker node and a client for it, by id (409 for a Kubernetes node).
    pub async fn docker(&self, node_id: i64) -> Result<(Docker, StoredNode)> {
        let node = self.stored(node_id).await?;
        Ok((self.connect(&node).await?, node))
    }
}
