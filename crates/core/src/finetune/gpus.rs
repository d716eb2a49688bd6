//! The GPU cards of a job: the seed's `CUDA_VISIBLE_DEVICES` syntax ("0,1",
//! "0-2", "0,2-3") parsed, and placement — the instances' own, with the
//! asked-for cards checked on each node (they exist there and nothing holds
//! them, or, for a split spec, they have the slice's VRAM and SM left).

use crate::placement::{
    card_use, fit, shortfall, sm_percent, Candidate, CardGrant, Demand, NodeState, Shortfall,
};
use crate::{Error, Result};

/// More cards than any node has; bounds "0-100000".
const MAX_CARDS: i64 = 64;

/// Card indices from "0,1" / "0-2" / "0, 2-3"; empty = none asked for.
/// Duplicates and reversed ranges are refused.
pub fn parse_gpu_list(field: &str, s: &str) -> Result<Vec<i64>> {
    let bad = |why: String| Error::validation(field, format!("{field}: {why}"));
    let s = s.trim();
    if s.is_empty() {
        return Ok(Vec::new());
    }
    let num = |t: &str| -> Result<i64> {
        let t = t.trim();
        if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad(format!(
                "`{t}` is not a card index (use \"0,1\" or \"0-2\")"
            )));
        }
        match t.parse::<i64>() {
            Ok(n) if n < MAX_CARDS => Ok(n),
            _ => Err(bad(format!("card index {t} is too large"))),
        }
    };
    let mut out: Vec<i64> = Vec::new();
    for part in s.split(',') {
        let (lo, hi) = match part.split_once('-') {
            Some((a, b)) => (num(a)?, num(b)?),
            None => {
                let n = num(part)?;
                (n, n)
            }
        };
        if lo > hi {
            return Err(bad(format!("range {lo}-{hi} runs backwards")));
        }
        for i in lo..=hi {
            if out.contains(&i) {
                return Err(bad(format!("card {i} is named twice")));
            }
            out.push(i);
        }
    }
    Ok(out)
}

/// Why a job cannot be placed.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// What the closest node lacks (as for an instance).
    Shortfall(Shortfall),
    /// The asked-for cards: missing or taken on every node that would fit
    /// otherwise; the message names the cards.
    Cards(String),
}

impl Refusal {
    /// The error the API answers (`gpu_devices` named for the cards).
    pub fn into_error(self, shortfall: impl FnOnce(Shortfall) -> Error) -> Error {
        match self {
            Refusal::Shortfall(s) => shortfall(s),
            Refusal::Cards(m) => Error::validation("gpu_devices", m),
        }
    }
}

/// Why `cards` cannot be granted on `node` (none: they can).
fn cards_problem(node: &NodeState, demand: &Demand, cards: &[i64]) -> Option<String> {
    let uses = card_use(node);
    let card_mib = node.totals.vram_mib_per_card;
    let missing: Vec<String> = cards
        .iter()
        .filter(|i| **i >= node.totals.gpu_count)
        .map(i64::to_string)
        .collect();
    if !missing.is_empty() {
        return Some(format!(
            "node {} has {} GPU card(s); it has no card {}",
            node.name,
            node.totals.gpu_count,
            missing.join(", ")
        ));
    }
    let need_sm = sm_percent(demand.vram_mib, card_mib);
    let taken: Vec<String> = cards
        .iter()
        .filter(|i| {
            let u = &uses[usize::try_from(**i).unwrap_or(0)];
            if demand.split {
                card_mib - u.vram_used < demand.vram_mib || u.sm_used + need_sm > 100
            } else {
                u.busy
            }
        })
        .map(i64::to_string)
        .collect();
    (!taken.is_empty()).then(|| {
        format!(
            "GPU card(s) {} on node {} are taken",
            taken.join(", "),
            node.name
        )
    })
}

/// The best node for the demand. With `cards` asked for, the demand's count
/// becomes theirs and only nodes where those very cards are free count; the
/// grant names them (never other cards).
pub fn place(nodes: &[NodeState], demand: &Demand, cards: &[i64]) -> Result<Candidate, Refusal> {
    if cards.is_empty() {
        return crate::placement::choose(nodes, demand).map_err(Refusal::Shortfall);
    }
    let demand = Demand {
        gpu_count: cards.len() as i64,
        ..demand.clone()
    };
    let mut best: Option<Candidate> = None;
    let mut first_problem: Option<String> = None;
    for node in nodes {
        // Cards the node lacks or that are taken are named even when the
        // node would not fit anyway (a CPU node has no card 0): that is
        // what the caller can fix.
        if let Some(problem) = cards_problem(node, &demand, cards) {
            first_problem.get_or_insert(problem);
            continue;
        }
        let Ok(fitting) = fit(node, &demand) else {
            continue;
        };
        let card_mib = node.totals.vram_mib_per_card;
        let grants = cards
            .iter()
            .map(|&index| CardGrant {
                index,
                vram_mib: if demand.split {
                    demand.vram_mib
                } else {
                    card_mib
                },
                sm_percent: if demand.split {
                    sm_percent(demand.vram_mib, card_mib)
                } else {
                    100
                },
            })
            .collect();
        let c = Candidate {
            cards: grants,
            ..fitting
        };
        let better = best.as_ref().is_none_or(|b| {
            c.score
                .total_cmp(&b.score)
                .then(c.node_id.cmp(&b.node_id))
                .is_lt()
        });
        if better {
            best = Some(c);
        }
    }
    match (best, first_problem) {
        (Some(c), _) => Ok(c),
        (None, Some(p)) => Err(Refusal::Cards(p)),
        (None, None) => Err(Refusal::Shortfall(shortfall(nodes, &demand))),
    }
}
