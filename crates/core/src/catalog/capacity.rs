//! Node capacity: totals, what instances hold, and what is free — per resource
//! and, for GPUs, per card.

use serde::Serialize;

use super::quantity::{mib_to_gb, milli_to_cores};

/// What one instance holds on a node, in storage units.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Allocation {
    pub cpu_milli: i64,
    pub memory_mib: i64,
    pub system_disk_gb: i64,
    pub data_disk_gb: i64,
    /// (card index, MiB of VRAM). A whole card holds the card's full VRAM.
    pub cards: Vec<(i64, i64)>,
}

/// A node's totals in storage units.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    pub cpu_milli: i64,
    pub memory_mib: i64,
    pub system_disk_gb: i64,
    pub data_disk_gb: i64,
    pub gpu_count: i64,
    pub vram_mib_per_card: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Amount {
    pub total: f64,
    pub allocated: f64,
    pub free: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardCapacity {
    pub index: i64,
    pub vram_total_gb: f64,
    pub vram_allocated_gb: f64,
    pub vram_free_gb: f64,
    /// Nothing is allocated on this card: it can be handed out whole.
    pub whole_free: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Capacity {
    pub cpu_cores: Amount,
    pub memory_gb: Amount,
    pub system_disk_gb: Amount,
    pub data_disk_gb: Amount,
    /// Cards with nothing allocated count as free.
    pub gpus: Amount,
    /// Free VRAM on each card (单卡显存).
    pub cards: Vec<CardCapacity>,
}

fn amount(total: f64, allocated: f64) -> Amount {
    Amount {
        total,
        allocated,
        free: (total - allocated).max(0.0),
    }
}

/// Capacity of a node given the allocations on it.
pub fn capacity(t: &Totals, allocations: &[Allocation]) -> Capacity {
    let sum = |f: fn(&Allocation) -> i64| allocations.iter().map(f).sum::<i64>();
    let cards: Vec<CardCapacity> = (0..t.gpu_count)
        .map(|index| {
            let used: i64 = allocations
                .iter()
                .flat_map(|a| a.cards.iter())
                .filter(|(i, _)| *i == index)
                .map(|(_, mib)| *mib)
                .sum();
            CardCapacity {
                index,
                vram_total_gb: mib_to_gb(t.vram_mib_per_card),
                vram_allocated_gb: mib_to_gb(used),
                vram_free_gb: mib_to_gb((t.vram_mib_per_card - used).max(0)),
                whole_free: used == 0,
            }
        })
        .collect();
    let busy_cards = cards.iter().filter(|c| !c.whole_free).count() as f64;
    Capacity {
        cpu_cores: amount(
            milli_to_cores(t.cpu_milli),
            milli_to_cores(sum(|a| a.cpu_milli)),
        ),
        memory_gb: amount(mib_to_gb(t.memory_mib), mib_to_gb(sum(|a| a.memory_mib))),
        system_disk_gb: amount(t.system_disk_gb as f64, sum(|a| a.system_disk_gb) as f64),
        data_disk_gb: amount(t.data_disk_gb as f64, sum(|a| a.data_disk_gb) as f64),
        gpus: amount(t.gpu_count as f64, busy_cards),
        cards,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_partial() {
        let t = Totals {
            cpu_milli: 8000,
            memory_mib: 16384,
            system_disk_gb: 100,
            data_disk_gb: 500,
            gpu_count: 2,
            vram_mib_per_card: 24576,
        };
        let c = capacity(&t, &[]);
        assert_eq!(c.cpu_cores.free, 8.0);
        assert_eq!(c.gpus.free, 2.0);
        assert_eq!(c.cards.len(), 2);
        assert!(c
            .cards
            .iter()
            .all(|c| c.whole_free && c.vram_free_gb == 24.0));
        let a = Allocation {
            cpu_milli: 1500,
            memory_mib: 2048,
            system_disk_gb: 20,
            data_disk_gb: 0,
            cards: vec![(1, 8192)],
        };
        let c = capacity(&t, &[a]);
        assert_eq!((c.cpu_cores.allocated, c.cpu_cores.free), (1.5, 6.5));
        assert_eq!(c.memory_gb.free, 14.0);
        assert_eq!(c.gpus.free, 1.0);
        assert_eq!(c.cards[1].vram_free_gb, 16.0);
        assert!(c.cards[0].whole_free && !c.cards[1].whole_free);
    }
}
