//! Instances: placement with an atomic reservation, the container on the node,
//! and its lifecycle. Ownership is checked here, once, for every transport.

mod autostop;
mod batch;
mod config;
mod create;
mod finetune_jobs;
mod history;
mod in_flight;
mod jump;
mod kube_pods;
mod kube_watch;
mod lifecycle;
mod observe;
mod placement;
mod placement_lock;
mod reconcile;
mod task_runs;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use tianqi_core::catalog::capacity::CardCapacity;
use tianqi_core::instance::{failure_for_users, GpuGrant, Instance, InstanceStatus};
use tianqi_core::page::{Page, PageQuery};
use tianqi_core::policy::{check_owner, owner_scope, Principal};
use tianqi_core::{validate, Error, Result};
use tianqi_store::{InstanceFilter, StoredNode};

pub use batch::{BatchAction, BATCH_MAX};
pub use config::{InstanceSettings, InstancesConfig};
pub use history::StatsHistory;
pub use observe::{ExecSession, LogsQuery, SshForward, SshProcess, TerminalSession};
pub use reconcile::Orphan;
pub(crate) use task_runs::{TaskPlacement, TaskRunCommand};

use crate::catalog::CatalogService;
use crate::Context;

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateInstance {
    /// `^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`, unique among your instances.
    pub name: String,
    pub image_id: i64,
    pub spec_id: i64,
    /// Run on this node (validated like an automatic choice); omit for best fit.
    pub node_id: Option<i64>,
    pub remark: Option<String>,
    /// Stop it at this time (定时关机, RFC 3339, in the future); omit for none.
    pub stop_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Stop it after running this many hours (from each start); omit for none.
    pub stop_after_hours: Option<f64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct InstanceListQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    pub name: Option<String>,
    pub status: Option<InstanceStatus>,
    /// Admins only.
    pub node_id: Option<i64>,
    /// Admins only: one owner's instances (users always see their own).
    pub owner_id: Option<i64>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PlacementQuery {
    pub spec_id: i64,
    pub image_id: i64,
}

/// A node that can take an instance of the spec, best fit first. A user who
/// is not an admin sees `node_name` and `cards` only for nodes that already
/// run one of their instances (empty otherwise).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlacementCandidate {
    pub node_id: i64,
    pub node_name: String,
    /// Lower is a better fit (see docs/ARCHITECTURE.md, placement).
    pub score: f64,
    /// The cards this instance would get.
    pub gpus: Vec<GpuGrant>,
    /// Free VRAM per card on the node now (单卡显存).
    pub cards: Vec<CardCapacity>,
    /// What the node has free now, before this instance; null where the node
    /// is not shown to the caller (as `node_name`).
    pub free_cpu_cores: Option<f64>,
    pub free_memory_gb: Option<f64>,
    /// Cards with nothing allocated on them.
    pub free_gpus: Option<i64>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SpecPlacementQuery {
    pub image_id: i64,
}

/// Whether an instance of a spec (with the image) can be placed now, and if
/// not, what is short — so the create dialog can grey it out and say why.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpecPlacement {
    pub spec_id: i64,
    pub placeable: bool,
    /// Null when placeable; else one of `cpu`, `memory`, `system_disk`,
    /// `data_disk`, `gpu_model` (no node has it), `gpus` (no free cards),
    /// `vram`, `node_offline` (a node that would fit is disconnected),
    /// `not_listed`, `no_nodes`.
    pub shortfall: Option<String>,
    /// The same in words (English; the console translates `shortfall`).
    pub message: String,
}

/// Instances: placement, their containers and lifecycle, reconciliation.
#[derive(Clone)]
pub struct InstanceService {
    ctx: Context,
    catalog: CatalogService,
    settings: Arc<InstanceSettings>,
    /// Held while a placement is computed and its reservation written, so
    /// concurrent creates (on any server of the database) never see the
    /// same free capacity.
    placement_lock: placement_lock::PlacementLock,
    /// Instances this process is working on right now, counted (see
    /// `in_flight`).
    in_flight: Arc<Mutex<HashMap<i64, usize>>>,
    /// The autostop round's last CPU reading per instance.
    readings: Arc<Mutex<autostop::Readings>>,
    /// The last hour of samples per running instance.
    histories: Arc<Mutex<history::Histories>>,
}

impl InstanceService {
    pub fn new(ctx: Context, catalog: CatalogService, settings: InstanceSettings) -> Self {
        let placement_lock = placement_lock::PlacementLock::new(ctx.store.clone());
        Self {
            ctx,
            catalog,
            settings: Arc::new(settings),
            placement_lock,
            in_flight: Arc::default(),
            readings: Arc::default(),
            histories: Arc::default(),
        }
    }

    /// One instance, if `me` owns it or is an admin (404 otherwise).
    pub async fn get(&self, me: &Principal, id: i64) -> Result<Instance> {
        let inst = self
            .ctx
            .store
            .instance(id)
            .await
            .map_err(|e| crate::catalog::missing_by_id(e, "instance", id))?;
        check_owner(me, inst.owner_id, &format!("instance {id}"))?;
        let mut inst = self.with_warning(shown_to(me, inst));
        inst.node_name = self
            .ctx
            .store
            .node(inst.node_id)
            .await
            .map(|n| n.draft.name)
            .unwrap_or_default();
        Ok(inst)
    }

    pub async fn list(&self, me: &Principal, q: InstanceListQuery) -> Result<Page<Instance>> {
        let page = PageQuery {
            page: q.page,
            page_size: q.page_size,
        }
        .validate()?;
        if let Some(n) = &q.name {
            validate::text("name", n, 64)?;
        }
        let filter = InstanceFilter {
            owner_id: owner_scope(me).or(if me.is_admin() { q.owner_id } else { None }),
            node_id: if me.is_admin() { q.node_id } else { None },
            status: q.status,
            name_contains: q.name.filter(|n| !n.is_empty()),
        };
        let (items, total) = self.ctx.store.list_instances(&filter, page).await?;
        let names: HashMap<i64, String> = self
            .ctx
            .store
            .all_nodes()
            .await?
            .into_iter()
            .map(|n| (n.id, n.draft.name))
            .collect();
        let items = items
            .into_iter()
            .map(|i| {
                let mut i = self.with_warning(shown_to(me, i));
                i.node_name = names.get(&i.node_id).cloned().unwrap_or_default();
                i
            })
            .collect();
        Ok(Page::new(items, total, page))
    }
}

impl InstanceService {
    /// Whether this process is creating or deleting the instance right now.
    pub(crate) fn is_in_flight(&self, id: i64) -> bool {
        self.in_flight.lock().is_ok_and(|m| m.contains_key(&id))
    }

    /// A failed call to a node: its kept client is dropped (the next call
    /// connects afresh), an engine that did not answer is 503 like any
    /// unreachable node, anything else the engine said is the node's error.
    pub(crate) fn node_error(&self, node: &StoredNode, e: tianqi_docker::DriverError) -> Error {
        self.catalog.forget_client(node.id);
        match e {
            tianqi_docker::DriverError::Unreachable(m) => {
                Error::Unavailable(format!("node '{}' is unreachable: {m}", node.draft.name))
            }
            other => Error::internal(format!("on node '{}': {other}", node.draft.name)),
        }
    }
}

/// An instance as `me` may see it: a user gets a failure summarised (see
/// `failure_for_users`), an admin the engine's words.
fn shown_to(me: &Principal, mut inst: Instance) -> Instance {
    if !me.is_admin() && !inst.status_error.is_empty() {
        inst.status_error = failure_for_users(&inst.status_error);
    }
    inst
}

/// An error on the way to a node, as `me` may read it (see [`shown_to`]).
pub(crate) fn error_for(me: &Principal, e: Error) -> Error {
    match e {
        Error::Unavailable(m) if !me.is_admin() => Error::Unavailable(failure_for_users(&m)),
        Error::Conflict(m) if !me.is_admin() && m.starts_with("node '") => {
            Error::Conflict(failure_for_users(&m))
        }
        other => other,
    }
}
