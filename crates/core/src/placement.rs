//! Placement: which node gets a new instance, and which GPU cards on it.
//!
//! Pure code. The service feeds it a snapshot of every node (capacity and what is
//! allocated) under the reservation lock, so its answer can be committed as is.
//!
//! Rules:
//! * a candidate is listed, Docker-connected, has the spec's GPU model (compared
//!   trimmed and case-insensitively; CPU-only specs match any node) and enough free
//!   CPU, memory, system disk and data disk — a disk whose size is unknown (0:
//!   neither declared nor detected) is not a constraint, since nothing on such a
//!   node would enforce it either;
//! * whole-GPU specs need `gpu_count` cards with nothing allocated on them; they get
//!   the lowest-numbered free cards;
//! * split specs need `gpu_count` distinct cards, each with `vram` MiB free and room
//!   in its SM budget (the slice's share of the card, rounded up, summed ≤ 100 %);
//!   each slice goes to the fullest card that still fits (packing), ties by index.
//!
//! Score (best fit, lower is better): the fraction of the node left free after the
//! placement, averaged over CPU and memory, plus the fraction of GPU cards left
//! wholly free (so GPU nodes are packed before fresh ones are opened). CPU-only specs
//! add a penalty of 1 per GPU on the node, keeping GPU nodes for GPU work. Ties go
//! to the lower node id, so the result is deterministic.

use crate::catalog::capacity::{Allocation, Totals};

/// One node as placement sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeState {
    pub node_id: i64,
    pub name: String,
    pub listed: bool,
    pub connected: bool,
    pub gpu_model: String,
    pub totals: Totals,
    pub allocations: Vec<Allocation>,
}

/// What one instance of a spec needs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Demand {
    pub cpu_milli: i64,
    pub memory_mib: i64,
    pub system_disk_gb: i64,
    pub data_disk_gb: i64,
    pub gpu_model: String,
    pub gpu_count: i64,
    /// Per card: the slice for split specs (whole specs take whole cards).
    pub vram_mib: i64,
    pub split: bool,
}

/// A card handed to an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardGrant {
    pub index: i64,
    /// MiB of the card's memory the instance may use (the whole card when not split).
    pub vram_mib: i64,
    /// Share of the card's compute for HAMi (`CUDA_DEVICE_SM_LIMIT`), 1–100.
    pub sm_percent: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub node_id: i64,
    pub name: String,
    pub cards: Vec<CardGrant>,
    /// Lower is a better fit.
    pub score: f64,
}

/// Why a node (or every node) cannot take the demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortfall {
    /// No node is registered at all.
    NoNodes,
    NotListed,
    NotConnected,
    GpuModel,
    Cpu,
    Memory,
    SystemDisk,
    DataDisk,
    Gpus,
    Vram,
}

impl Shortfall {
    pub fn describe(self) -> &'static str {
        match self {
            Shortfall::NoNodes => "no node is registered",
            Shortfall::NotListed => "node is not listed",
            Shortfall::NotConnected => "node's Docker Engine is not connected",
            Shortfall::GpuModel => "no node has this GPU model",
            Shortfall::Cpu => "not enough free CPU",
            Shortfall::Memory => "not enough free memory",
            Shortfall::SystemDisk => "not enough free system disk",
            Shortfall::DataDisk => "not enough free data disk",
            Shortfall::Gpus => "not enough free GPU cards",
            Shortfall::Vram => "not enough free VRAM on the cards",
        }
    }

    /// Stable name for clients (the console translates it): `cpu`, `memory`,
    /// `system_disk`, `data_disk`, `gpu_model`, `gpus`, `vram`, `node_offline`,
    /// `not_listed`, `no_nodes`.
    pub fn code(self) -> &'static str {
        match self {
            Shortfall::NoNodes => "no_nodes",
            Shortfall::NotListed => "not_listed",
            Shortfall::NotConnected => "node_offline",
            Shortfall::GpuModel => "gpu_model",
            Shortfall::Cpu => "cpu",
            Shortfall::Memory => "memory",
            Shortfall::SystemDisk => "system_disk",
            Shortfall::DataDisk => "data_disk",
            Shortfall::Gpus => "gpus",
            Shortfall::Vram => "vram",
        }
    }

    /// Order in which shortfalls are reported when every node fails: the one that
    /// is closest to a fit is the most useful to name.
    fn rank(self) -> u8 {
        match self {
            Shortfall::Vram => 9,
            Shortfall::Gpus => 8,
            Shortfall::DataDisk => 7,
            Shortfall::SystemDisk => 6,
            Shortfall::Memory => 5,
            Shortfall::Cpu => 4,
            Shortfall::GpuModel => 3,
            Shortfall::NotConnected => 2,
            Shortfall::NotListed => 1,
            Shortfall::NoNodes => 0,
        }
    }
}

fn norm(model: &str) -> String {
    model.trim().to_lowercase()
}

/// SM share of a slice: its part of the card's memory, rounded up, 1–100.
pub fn sm_percent(slice_mib: i64, card_mib: i64) -> i64 {
    if card_mib <= 0 {
        return 100;
    }
    ((slice_mib * 100 + card_mib - 1) / card_mib).clamp(1, 100)
}

pub(crate) struct CardUse {
    pub(crate) vram_used: i64,
    pub(crate) sm_used: i64,
    pub(crate) busy: bool,
}

pub(crate) fn card_use(state: &NodeState) -> Vec<CardUse> {
    let card_mib = state.totals.vram_mib_per_card;
    (0..state.totals.gpu_count)
        .map(|index| {
            let grants: Vec<i64> = state
                .allocations
                .iter()
                .flat_map(|a| a.cards.iter())
                .filter(|(i, _)| *i == index)
                .map(|(_, mib)| *mib)
                .collect();
            CardUse {
                vram_used: grants.iter().sum(),
                sm_used: grants.iter().map(|m| sm_percent(*m, card_mib)).sum(),
                busy: !grants.is_empty(),
            }
        })
        .collect()
}

/// Can `state` take `demand`? The cards it would get, and its score.
pub fn fit(state: &NodeState, demand: &Demand) -> Result<Candidate, Shortfall> {
    if !state.listed {
        return Err(Shortfall::NotListed);
    }
    if !state.connected {
        return Err(Shortfall::NotConnected);
    }
    if demand.gpu_count > 0 && norm(&state.gpu_model) != norm(&demand.gpu_model) {
        return Err(Shortfall::GpuModel);
    }
    let t = &state.totals;
    let used = |f: fn(&Allocation) -> i64| state.allocations.iter().map(f).sum::<i64>();
    let free_cpu = t.cpu_milli - used(|a| a.cpu_milli);
    let free_mem = t.memory_mib - used(|a| a.memory_mib);
    if demand.cpu_milli > free_cpu {
        return Err(Shortfall::Cpu);
    }
    if demand.memory_mib > free_mem {
        return Err(Shortfall::Memory);
    }
    let known = |total: i64| total > 0;
    if known(t.system_disk_gb)
        && demand.system_disk_gb > t.system_disk_gb - used(|a| a.system_disk_gb)
    {
        return Err(Shortfall::SystemDisk);
    }
    if known(t.data_disk_gb) && demand.data_disk_gb > t.data_disk_gb - used(|a| a.data_disk_gb) {
        return Err(Shortfall::DataDisk);
    }
    let cards = card_use(state);
    let card_mib = t.vram_mib_per_card;
    let grants: Vec<CardGrant> = if demand.gpu_count == 0 {
        Vec::new()
    } else if demand.split {
        if demand.vram_mib > card_mib {
            return Err(Shortfall::Vram);
        }
        let need_sm = sm_percent(demand.vram_mib, card_mib);
        let mut fitting: Vec<(i64, i64)> = cards
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                card_mib - c.vram_used >= demand.vram_mib && c.sm_used + need_sm <= 100
            })
            .map(|(i, c)| (card_mib - c.vram_used, i as i64))
            .collect();
        if (fitting.len() as i64) < demand.gpu_count {
            return Err(Shortfall::Vram);
        }
        // Fullest card first (least free VRAM), then lowest index.
        fitting.sort();
        let mut chosen: Vec<CardGrant> = fitting
            .iter()
            .take(usize::try_from(demand.gpu_count).unwrap_or(0))
            .map(|(_, index)| CardGrant {
                index: *index,
                vram_mib: demand.vram_mib,
                sm_percent: need_sm,
            })
            .collect();
        chosen.sort_by_key(|g| g.index);
        chosen
    } else {
        let free: Vec<i64> = cards
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.busy)
            .map(|(i, _)| i as i64)
            .collect();
        if (free.len() as i64) < demand.gpu_count {
            return Err(Shortfall::Gpus);
        }
        free.into_iter()
            .take(usize::try_from(demand.gpu_count).unwrap_or(0))
            .map(|index| CardGrant {
                index,
                vram_mib: card_mib,
                sm_percent: 100,
            })
            .collect()
    };

    let frac = |free: i64, total: i64| {
        if total > 0 {
            free as f64 / total as f64
        } else {
            0.0
        }
    };
    let left_cpu = frac(free_cpu - demand.cpu_milli, t.cpu_milli);
    let left_mem = frac(free_mem - demand.memory_mib, t.memory_mib);
    let whole_free_after = cards
        .iter()
        .enumerate()
        .filter(|(i, c)| !c.busy && !grants.iter().any(|g| g.index == *i as i64))
        .count() as i64;
    let mut score = (left_cpu + left_mem) / 2.0 + frac(whole_free_after, t.gpu_count);
    if demand.gpu_count == 0 {
        score += t.gpu_count as f64;
    }
    Ok(Candidate {
        node_id: state.node_id,
        name: state.name.clone(),
        cards: grants,
        score,
    })
}

/// Every node that can take the demand, best first.
pub fn candidates(nodes: &[NodeState], demand: &Demand) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = nodes.iter().filter_map(|n| fit(n, demand).ok()).collect();
    out.sort_by(|a, b| a.score.total_cmp(&b.score).then(a.node_id.cmp(&b.node_id)));
    out
}

/// Why `node` cannot take the demand, and how useful that is to name (higher
/// is more useful). A disconnected node is judged as if it were connected: if
/// it would fit, "node offline" is the most useful thing to say (the spec is
/// placeable once it is back — not "no node has this GPU model"); if it would
/// not, what it lacks is.
fn node_shortfall(node: &NodeState, demand: &Demand) -> Option<(u8, Shortfall)> {
    let short = fit(node, demand).err()?;
    if short != Shortfall::NotConnected {
        return Some((short.rank(), short));
    }
    let online = NodeState {
        connected: true,
        ..node.clone()
    };
    Some(match fit(&online, demand) {
        Ok(_) => (10, Shortfall::NotConnected),
        Err(other) => (other.rank(), other),
    })
}

/// Why no node takes the demand: the shortfall of the node closest to a fit.
pub fn shortfall(nodes: &[NodeState], demand: &Demand) -> Shortfall {
    nodes
        .iter()
        .filter_map(|n| node_shortfall(n, demand))
        .max_by_key(|(rank, _)| *rank)
        .map_or(Shortfall::NoNodes, |(_, s)| s)
}

/// The best node, or the shortfall that kept the closest node out.
pub fn choose(nodes: &[NodeState], demand: &Demand) -> Result<Candidate, Shortfall> {
    match candidates(nodes, demand).into_iter().next() {
        Some(best) => Ok(best),
        None => Err(shortfall(nodes, demand)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn node(id: i64, gpus: i64, vram_gib: i64) -> NodeState {
        NodeState {
            node_id: id,
            name: format!("n{id}"),
            listed: true,
            connected: true,
            gpu_model: if gpus > 0 {
                "RTX 4090".into()
            } else {
                String::new()
            },
            totals: Totals {
                cpu_milli: 16_000,
                memory_mib: 65_536,
                system_disk_gb: 500,
                data_disk_gb: 1000,
                gpu_count: gpus,
                vram_mib_per_card: vram_gib * 1024,
            },
            allocations: vec![],
        }
    }

    fn whole(n: i64) -> Demand {
        Demand {
            cpu_milli: 2000,
            memory_mib: 4096,
            gpu_model: " rtx 4090 ".into(),
            gpu_count: n,
            vram_mib: 24 * 1024,
            ..Default::default()
        }
    }

    fn split(gib: i64) -> Demand {
        Demand {
            cpu_milli: 1000,
            memory_mib: 2048,
            gpu_model: "RTX 4090".into(),
            gpu_count: 1,
            vram_mib: gib * 1024,
            split: true,
            ..Default::default()
        }
    }

    fn grant(state: &mut NodeState, c: &Candidate, d: &Demand) {
        state.allocations.push(Allocation {
            cpu_milli: d.cpu_milli,
            memory_mib: d.memory_mib,
            system_disk_gb: d.system_disk_gb,
            data_disk_gb: d.data_disk_gb,
            cards: c.cards.iter().map(|g| (g.index, g.vram_mib)).collect(),
        });
    }

    #[test]
    fn whole_cards_are_explicit_and_never_reused() {
        let mut n = node(1, 4, 24);
        let d = whole(2);
        let a = fit(&n, &d).unwrap();
        assert_eq!(a.cards.iter().map(|g| g.index).collect::<Vec<_>>(), [0, 1]);
        grant(&mut n, &a, &d);
        let b = fit(&n, &d).unwrap();
        assert_eq!(b.cards.iter().map(|g| g.index).collect::<Vec<_>>(), [2, 3]);
        grant(&mut n, &b, &d);
        assert_eq!(fit(&n, &whole(1)), Err(Shortfall::Gpus));
    }

    #[test]
    fn split_packs_onto_the_fullest_card_and_respects_sm_budget() {
        let mut n = node(1, 2, 24);
        let d = split(8);
        let first = fit(&n, &d).unwrap();
        assert_eq!(
            first.cards,
            vec![CardGrant {
                index: 0,
                vram_mib: 8192,
                sm_percent: 34
            }]
        );
        grant(&mut n, &first, &d);
        // next slice goes to the same (fuller) card
        let second = fit(&n, &d).unwrap();
        assert_eq!(second.cards[0].index, 0);
        grant(&mut n, &second, &d);
        // card 0 has 8 GiB left but only 32 % SM: a third 34 % slice goes to card 1
        let third = fit(&n, &d).unwrap();
        assert_eq!(third.cards[0].index, 1);
        // a slice larger than a card never fits
        assert_eq!(fit(&n, &split(25)), Err(Shortfall::Vram));
        // whole cards: card 0 is busy, card 1 is free
        assert_eq!(fit(&n, &whole(1)).unwrap().cards[0].index, 1);
    }

    #[test]
    fn model_cpu_memory_disk_and_state_rules() {
        let n = node(1, 1, 24);
        let mut other = whole(1);
        other.gpu_model = "A100".into();
        assert_eq!(fit(&n, &other), Err(Shortfall::GpuModel));
        let mut big = whole(1);
        big.cpu_milli = 17_000;
        assert_eq!(fit(&n, &big), Err(Shortfall::Cpu));
        big.cpu_milli = 1;
        big.memory_mib = 70_000;
        assert_eq!(fit(&n, &big), Err(Shortfall::Memory));
        big.memory_mib = 1;
        big.data_disk_gb = 2000;
        assert_eq!(fit(&n, &big), Err(Shortfall::DataDisk));
        // A disk of unknown size (0) does not block: nothing would enforce it.
        let mut unknown = n.clone();
        unknown.totals.system_disk_gb = 0;
        unknown.totals.data_disk_gb = 0;
        let mut disky = whole(1);
        disky.system_disk_gb = 10;
        disky.data_disk_gb = 2000;
        assert!(fit(&unknown, &disky).is_ok());
        assert_eq!(
            fit(&n, &disky),
            Err(Shortfall::DataDisk),
            "a known size still counts"
        );
        let mut off = n.clone();
        off.connected = false;
        assert_eq!(fit(&off, &whole(1)), Err(Shortfall::NotConnected));
        off.connected = true;
        off.listed = false;
        assert_eq!(fit(&off, &whole(1)), Err(Shortfall::NotListed));
        // CPU-only specs fit on any node, whatever its GPUs
        let cpu = Demand {
            cpu_milli: 500,
            memory_mib: 512,
            ..Default::default()
        };
        assert!(fit(&n, &cpu).is_ok());
    }

    #[test]
    fn best_fit_packs_and_breaks_ties_by_id() {
        let mut busy = node(2, 4, 24);
        let d = whole(1);
        let c = fit(&busy, &d).unwrap();
        grant(&mut busy, &c, &d);
        let fresh = node(1, 4, 24);
        // the partly used node is the better fit
        assert_eq!(
            choose(&[fresh.clone(), busy.clone()], &d).unwrap().node_id,
            2
        );
        // identical nodes: lower id
        assert_eq!(
            choose(&[node(7, 4, 24), node(3, 4, 24)], &d)
                .unwrap()
                .node_id,
            3
        );
        // CPU-only work prefers the CPU node
        let cpu = Demand {
            cpu_milli: 500,
            memory_mib: 512,
            ..Default::default()
        };
        assert_eq!(
            choose(&[node(1, 4, 24), node(9, 0, 0)], &cpu)
                .unwrap()
                .node_id,
            9
        );
        // nothing fits: the most useful reason
        let mut huge = whole(8);
        huge.cpu_milli = 1;
        assert_eq!(choose(&[fresh, busy], &huge), Err(Shortfall::Gpus));
    }

    #[test]
    fn an_offline_node_is_named_as_offline() {
        // The only node with the GPU model is offline: that is what is short,
        // not the model.
        let mut gpu = node(1, 2, 24);
        gpu.connected = false;
        let cpu_only = node(2, 0, 0);
        let d = whole(1);
        assert_eq!(
            choose(&[gpu.clone(), cpu_only.clone()], &d),
            Err(Shortfall::NotConnected)
        );
        assert_eq!(Shortfall::NotConnected.code(), "node_offline");
        // Offline and too small anyway: what it lacks.
        let mut big = whole(1);
        big.memory_mib = 1 << 30;
        assert_eq!(
            choose(&[gpu.clone(), cpu_only.clone()], &big),
            Err(Shortfall::Memory)
        );
        // No node has the model at all.
        let mut other = whole(1);
        other.gpu_model = "H100".into();
        assert_eq!(choose(&[gpu, cpu_only], &other), Err(Shortfall::GpuModel));
        // Nothing registered.
        assert_eq!(choose(&[], &d), Err(Shortfall::NoNodes));
    }

    fn arb_demand() -> impl Strategy<Value = Demand> {
        (
            0i64..3,
            1i64..=24,
            any::<bool>(),
            100i64..6000,
            128i64..20_000,
        )
            .prop_map(|(gpus, gib, split, cpu, mem)| Demand {
                cpu_milli: cpu,
                memory_mib: mem,
                gpu_model: if gpus > 0 {
                    "RTX 4090".into()
                } else {
                    String::new()
                },
                gpu_count: gpus,
                vram_mib: if gpus > 0 { gib * 1024 } else { 0 },
                split: split && gpus > 0,
                ..Default::default()
            })
    }

    proptest! {
        /// However demands arrive, granting every placement never overcommits CPU,
        /// memory, VRAM or SM on any card, and never gives a whole card to two
        /// instances.
        #[test]
        fn never_overcommits(demands in proptest::collection::vec(arb_demand(), 1..60)) {
            let mut nodes = vec![node(1, 4, 24), node(2, 2, 48), node(3, 0, 0)];
            for d in &demands {
                if let Ok(c) = choose(&nodes, d) {
                    let n = nodes.iter_mut().find(|n| n.node_id == c.node_id).unwrap();
                    grant(n, &c, d);
                }
            }
            for n in &nodes {
                let t = &n.totals;
                prop_assert!(n.allocations.iter().map(|a| a.cpu_milli).sum::<i64>() <= t.cpu_milli);
                prop_assert!(n.allocations.iter().map(|a| a.memory_mib).sum::<i64>() <= t.memory_mib);
                for card in 0..t.gpu_count {
                    let grants: Vec<i64> = n.allocations.iter().flat_map(|a| a.cards.iter())
                        .filter(|(i, _)| *i == card).map(|(_, m)| *m).collect();
                    prop_assert!(grants.iter().sum::<i64>() <= t.vram_mib_per_card);
                    prop_assert!(grants.iter().map(|m| sm_percent(*m, t.vram_mib_per_card)).sum::<i64>() <= 100);
                    if grants.contains(&t.vram_mib_per_card) {
                        prop_assert_eq!(grants.len(), 1, "a whole card was shared");
                    }
                }
            }
        }

        #[test]
        fn choice_is_deterministic(d in arb_demand()) {
            let nodes = vec![node(5, 4, 24), node(2, 4, 24), node(9, 0, 0)];
            prop_assert_eq!(choose(&nodes, &d), choose(&nodes, &d));
        }
    }
}
