//! Kubernetes clusters (admin): registration with a sealed kubeconfig, the
//! connection test, and one client per cluster from a pool. The kubeconfig
//! is checked before it is sealed (no plugins, no file references — see
//! `tianqi_kube::CheckedKubeconfig`), decrypted only to build a client, and
//! never returned.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde::Deserialize;
use tianqi_core::kube::{Cluster, ClusterCheck, ClusterDraft, ClusterInput};
use tianqi_core::page::{Page, PageQuery};
use tianqi_core::policy::{self, Principal};
use tianqi_core::{Error, Result};
use tianqi_kube::{CheckedKubeconfig, ClusterClient, KubeError, KubeSettings, Pool};
use tianqi_store::{SealedKubeconfig, StoreError};

use crate::sessions::SessionRegistry;
use crate::Context;

pub mod grants;
pub mod resources;
pub use grants::GrantListQuery;
pub use resources::Target;
pub use tianqi_kube::{LogLines, PodCommand, PodPort, PodShell, ShellControl};

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ClusterListQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
}

#[derive(Clone)]
pub struct KubeService {
    ctx: Context,
    settings: Arc<KubeSettings>,
    pool: Arc<Mutex<Pool<ClusterClient>>>,
    sessions: SessionRegistry,
}

/// A cluster-side failure as the API answers it: the cluster's refusals keep
/// their meaning, the rest is the cluster's fault, never ours (no 500).
pub fn cluster_error(e: KubeError) -> Error {
    let text = e.to_string();
    match e {
        KubeError::NotFound(_) => Error::not_found(text),
        KubeError::Conflict(_) => Error::conflict(text),
        KubeError::Rejected { .. } => Error::validation("body", text),
        KubeError::Timeout(_) => Error::GatewayTimeout(text),
        KubeError::Unauthorized(_)
        | KubeError::Forbidden(_)
        | KubeError::NotServed(_)
        | KubeError::Unreachable(_)
        | KubeError::Server { .. }
        | KubeError::Config(_) => Error::BadGateway(text),
    }
}

fn not_found(id: i64) -> impl Fn(StoreError) -> Error {
    move |e| match e {
        StoreError::NotFound => Error::not_found(format!("cluster {id} not found")),
        StoreError::Unique(_) => Error::conflict("a cluster with this name already exists"),
        other => other.into(),
    }
}

fn check(text: &str) -> Result<CheckedKubeconfig> {
    CheckedKubeconfig::parse(text).map_err(|p| {
        let message = if p.path == "kubeconfig" {
            format!("kubeconfig {}", p.message)
        } else {
            format!("kubeconfig: {p}")
        };
        Error::validation("kubeconfig", message)
    })
}

impl KubeService {
    pub fn new(ctx: Context, settings: KubeSettings, sessions: SessionRegistry) -> Self {
        let pool = Pool::new(settings.pool_size, settings.pool_idle);
        Self {
            ctx,
            sessions,
            settings: Arc::new(settings),
            pool: Arc::new(Mutex::new(pool)),
        }
    }

    pub fn settings(&self) -> &KubeSettings {
        &self.settings
    }

    fn pool(&self) -> std::sync::MutexGuard<'_, Pool<ClusterClient>> {
        // A panic while holding the lock cannot leave the map half-written
        // (every operation is one call), so a poisoned lock is still usable.
        self.pool.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The clusters `me` sees: an admin every one, a user those they hold
    /// a grant on (global, the cluster, or a namespace in it).
    pub async fn list(&self, me: &Principal, q: ClusterListQuery) -> Result<Page<Cluster>> {
        let page = PageQuery {
            page: q.page,
            page_size: q.page_size,
        }
        .validate()?;
        if me.is_admin() {
            let (items, total) = self.ctx.store.list_k8s_clusters(page).await?;
            return Ok(Page::new(items, total, page));
        }
        let grants = self.grants_of(me).await?;
        // Clusters are few: the policy filters them here, so the rule of
        // who sees what stays in one place (not repeated in SQL).
        let visible: Vec<Cluster> = self
            .ctx
            .store
            .all_k8s_clusters()
            .await?
            .into_iter()
            .filter(|c| policy::k8s_cluster_visible(me, &grants, c.id))
            .collect();
        let total = i64::try_from(visible.len()).unwrap_or(i64::MAX);
        let items = visible
            .into_iter()
            .skip(usize::try_from(page.offset()).unwrap_or(0))
            .take(usize::try_from(page.limit()).unwrap_or(0))
            .collect();
        Ok(Page::new(items, total, page))
    }

    /// One cluster, for `me` (404 for a user without a grant on it).
    pub async fn get_for(&self, me: &Principal, id: i64) -> Result<Cluster> {
        let grants = self.grants_of(me).await?;
        if !policy::k8s_cluster_visible(me, &grants, id) {
            return Err(Error::not_found(format!("cluster {id} not found")));
        }
        self.get(id).await
    }

    pub async fn get(&self, id: i64) -> Result<Cluster> {
        self.ctx.store.k8s_cluster(id).await.map_err(not_found(id))
    }

    /// Registers a cluster and, when enabled, tests the connection at once;
    /// the answer carries the test's outcome (a failed test still registers).
    pub async fn create(&self, input: ClusterInput) -> Result<Cluster> {
        let draft = ClusterDraft::new(&input)?;
        let text = input
            .kubeconfig
            .as_deref()
            .ok_or_else(|| Error::validation("kubeconfig", "kubeconfig is required"))?;
        let checked = check(text)?;
        let sealed = self.ctx.keys.secrets.encrypt(text)?;
        let cluster = self
            .ctx
            .store
            .insert_k8s_cluster(
                &draft,
                SealedKubeconfig {
                    sealed: &sealed,
                    server: checked.server(),
                },
                self.ctx.clock.now(),
            )
            .await
            .map_err(not_found(0))?;
        if !cluster.enabled {
            return Ok(cluster);
        }
        self.test(cluster.id).await
    }

    /// Edits a cluster; a new kubeconfig replaces the stored one (and its
    /// pooled client), and a new kubeconfig or switching on tests again.
    pub async fn update(&self, id: i64, input: ClusterInput) -> Result<Cluster> {
        let current = self.get(id).await?;
        let draft = ClusterDraft {
            name: current.name.clone(),
            description: current.description.clone(),
            enabled: current.enabled,
        }
        .apply(&input)?;
        let replaced = match input.kubeconfig.as_deref() {
            Some(text) => {
                let checked = check(text)?;
                Some((self.ctx.keys.secrets.encrypt(text)?, checked))
            }
            None => None,
        };
        let cluster = self
            .ctx
            .store
            .update_k8s_cluster(
                id,
                &draft,
                replaced.as_ref().map(|(sealed, c)| SealedKubeconfig {
                    sealed,
                    server: c.server(),
                }),
                self.ctx.clock.now(),
            )
            .await
            .map_err(not_found(id))?;
        if replaced.is_some() || !cluster.enabled {
            self.pool().remove(id);
        }
        if cluster.enabled && (replaced.is_some() || !current.enabled) {
            return self.test(id).await;
        }
        Ok(cluster)
    }

    /// Deletes a cluster; one that a node is a namespace of is refused (409)
    /// until that node is deleted (its instances run there).
    pub async fn delete(&self, id: i64) -> Result<()> {
        let deleted = self
            .ctx
            .store
            .delete_k8s_cluster(id)
            .await
            .map_err(|e| match e {
                StoreError::InUse(_) => Error::conflict(format!(
                    "cluster {id} is the backend of a node; delete the node first"
                )),
                other => other.into(),
            })?;
        if !deleted {
            return Err(Error::not_found(format!("cluster {id} not found")));
        }
        self.pool().remove(id);
        // Its grants went with it: the sessions they allowed end.
        self.sessions.recheck_now().await;
        Ok(())
    }

    /// Tests the connection (the server's version, the namespaces) and
    /// stores the outcome; a failure is data here (status `error`,
    /// `last_error`), not an error of this call.
    pub async fn test(&self, id: i64) -> Result<Cluster> {
        let cluster = self.get(id).await?;
        if !cluster.enabled {
            return Err(Error::conflict(format!(
                "cluster {} is disabled; enable it to test the connection",
                cluster.name
            )));
        }
        let outcome = match self.client(id).await {
            Ok(c) => c.probe().await,
            Err(e) => Err(e),
        };
        let check = match outcome {
            Ok(p) => ClusterCheck::connected(p.server_version, p.namespaces.len()),
            Err(e) => {
                tracing::info!(cluster = id, error = %e, "cluster connection test failed");
                ClusterCheck::failed(e.to_string())
            }
        };
        self.ctx
            .store
            .record_k8s_check(id, &check, self.ctx.clock.now())
            .await
            .map_err(not_found(id))
    }

    /// The cluster's client, from the pool or built from its kubeconfig.
    pub(crate) async fn client(&self, id: i64) -> std::result::Result<ClusterClient, KubeError> {
        let sealed = self
            .ctx
            .store
            .k8s_cluster_kubeconfig(id)
            .await
            .map_err(|e| KubeError::Config(format!("cannot read the kubeconfig: {e}")))?;
        if let Some(c) = self.pool().get(id, &sealed, Instant::now()) {
            return Ok(c);
        }
        let text =
            self.ctx.keys.secrets.decrypt(&sealed).map_err(|e| {
                KubeError::Config(format!("cannot open the sealed kubeconfig: {e}"))
            })?;
        let checked =
            CheckedKubeconfig::parse(&text).map_err(|p| KubeError::Config(p.to_string()))?;
        let client = ClusterClient::connect(&checked, &self.settings).await?;
        self.pool()
            .insert(id, &sealed, client.clone(), Instant::now());
        Ok(client)
    }
}
