//! Where an instance can go: every node with what its instances hold, what a
//! spec needs, and the candidates best fit first.

use std::collections::HashMap;

use tianqi_core::catalog::capacity::capacity;
use tianqi_core::catalog::image::Image;
use tianqi_core::catalog::node::DockerStatus;
use tianqi_core::instance::GpuGrant;
use tianqi_core::placement::{fit, shortfall, Demand, NodeState, Shortfall};
use tianqi_core::policy::Principal;
use tianqi_core::{Error, Result};
use tianqi_store::StoredNode;

use super::{
    InstanceService, PlacementCandidate, PlacementQuery, SpecPlacement, SpecPlacementQuery,
};

impl InstanceService {
    /// Every node with what its instances hold, as placement sees it.
    pub(super) async fn node_states(&self) -> Result<Vec<(NodeState, StoredNode)>> {
        let nodes = self.ctx.store.all_nodes().await?;
        let mut allocs: HashMap<i64, Vec<_>> = HashMap::new();
        for (node_id, a) in self.ctx.store.allocations().await? {
            allocs.entry(node_id).or_default().push(a);
        }
        Ok(nodes
            .into_iter()
            .map(|n| {
                let state = NodeState {
                    node_id: n.id,
                    name: n.draft.name.clone(),
                    listed: n.draft.listed,
                    connected: n.docker_status == DockerStatus::Connected,
                    gpu_model: n.draft.gpu_name.clone(),
                    totals: n.draft.totals(),
                    allocations: allocs.remove(&n.id).unwrap_or_default(),
                };
                (state, n)
            })
            .collect())
    }

    /// The Docker nodes' states: task runs and fine-tuning jobs run as
    /// containers on an engine (their logs, bound directories and GPUs are
    /// the node's), not on a cluster.
    pub(super) async fn docker_node_states(&self) -> Result<Vec<NodeState>> {
        Ok(self
            .node_states()
            .await?
            .into_iter()
            .filter(|(_, n)| n.draft.kube.is_none())
            .map(|(s, _)| s)
            .collect())
    }

    /// What a spec needs, checked against the image.
    pub(super) async fn demand(
        &self,
        me: &Principal,
        spec_id: i64,
        image_id: i64,
    ) -> Result<(Demand, Image)> {
        let image = self
            .catalog
            .image_for(me, image_id)
            .await
            .map_err(|e| match e {
                Error::NotFound(_) => {
                    Error::validation("image_id", format!("image {image_id} not found"))
                }
                other => other,
            })?;
        let spec = self
            .catalog
            .spec_for(me, spec_id)
            .await
            .map_err(|e| match e {
                Error::NotFound(_) => {
                    Error::validation("spec_id", format!("spec {spec_id} not found"))
                }
                other => other,
            })?;
        if spec.supports_vram_split && !image.supports_vram_split {
            return Err(Error::validation(
                "spec_id",
                "this spec splits GPU memory, which the image does not support",
            ));
        }
        let (_, d) = self.ctx.store.spec(spec_id).await?;
        Ok((
            Demand {
                cpu_milli: d.cpu_milli,
                memory_mib: d.memory_mib,
                system_disk_gb: d.system_disk_gb,
                data_disk_gb: d.data_disk_gb,
                gpu_model: d.gpu_model,
                gpu_count: d.gpu_count,
                vram_mib: d.vram_mib,
                split: d.supports_vram_split,
            },
            image,
        ))
    }

    pub async fn placement_candidates(
        &self,
        me: &Principal,
        q: PlacementQuery,
    ) -> Result<Vec<PlacementCandidate>> {
        let (demand, _) = self.demand(me, q.spec_id, q.image_id).await?;
        let states = self.node_states().await?;
        // A user learns the names and capacities only of nodes already running
        // one of their instances; other candidates are an id to pin to.
        let known: std::collections::HashSet<i64> = if me.is_admin() {
            states.iter().map(|(s, _)| s.node_id).collect()
        } else {
            self.ctx
                .store
                .nodes_of_owner(me.user_id)
                .await?
                .into_iter()
                .collect()
        };
        let mut out: Vec<PlacementCandidate> = states
            .iter()
            .filter_map(|(state, _)| fit(state, &demand).ok().map(|c| (state, c)))
            .map(|(state, c)| {
                let shown = known.contains(&c.node_id);
                let free = capacity(&state.totals, &state.allocations);
                PlacementCandidate {
                    free_cpu_cores: shown.then_some(free.cpu_cores.free),
                    free_memory_gb: shown.then_some(free.memory_gb.free),
                    free_gpus: shown
                        .then(|| free.cards.iter().filter(|c| c.whole_free).count() as i64),
                    node_id: c.node_id,
                    node_name: if shown { c.name } else { String::new() },
                    score: c.score,
                    gpus: c.cards.into_iter().map(GpuGrant::from).collect(),
                    cards: if shown { free.cards } else { Vec::new() },
                }
            })
            .collect();
        out.sort_by(|a, b| a.score.total_cmp(&b.score).then(a.node_id.cmp(&b.node_id)));
        Ok(out)
    }
}

impl InstanceService {
    /// For every listed spec usable with the image (as `GET /specs?image_id=`
    /// lists them to `me`), whether it can be placed now and what is short —
    /// the same placement rules a create applies, on one snapshot.
    pub async fn spec_placements(
        &self,
        me: &Principal,
        q: SpecPlacementQuery,
    ) -> Result<Vec<SpecPlacement>> {
        let specs = self
            .catalog
            .list_specs(
                me,
                crate::catalog::specs::SpecListQuery {
                    page_size: Some(tianqi_core::page::MAX_PAGE_SIZE),
                    listed: Some(true),
                    image_id: Some(q.image_id),
                    ..Default::default()
                },
            )
            .await?;
        let states: Vec<NodeState> = self
            .node_states()
            .await?
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        let mut out = Vec::with_capacity(specs.items.len());
        for spec in specs.items {
            let (demand, _) = self.demand(me, spec.id, q.image_id).await?;
            let placeable = states.iter().any(|n| fit(n, &demand).is_ok());
            let short = (!placeable).then(|| shortfall(&states, &demand));
            out.push(SpecPlacement {
                spec_id: spec.id,
                placeable,
                shortfall: short.map(|s| s.code().to_owned()),
                message: short.map(|s| s.describe().to_owned()).unwrap_or_default(),
            });
        }
        Ok(out)
    }
}

pub(super) fn shortfall_error(s: Shortfall, node: Option<&str>) -> Error {
    match node {
        Some(n) => Error::conflict(format!(
            "node '{n}' cannot take this instance: {}",
            s.describe()
        )),
        None => Error::conflict(format!("no node can take this instance: {}", s.describe())),
    }
}
