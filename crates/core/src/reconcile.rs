//! Reconciliation: what to do so that instance rows and the labelled containers
//! on a node agree. Pure: the service lists both, this decides, the service acts.
//!
//! * a row whose container runs or stopped → its status follows the container;
//! * a row whose container is gone → `missing` (never silently deleted);
//! * a row left `creating` or `deleting` by a process that died (not in flight
//!   here) → the half-done work is finished: a create is rolled back (container
//!   and volume removed, row `failed`, reservation released), a delete completed;
//! * a labelled container with no row → an orphan, reported for an admin.

use std::collections::{HashMap, HashSet};

use crate::instance::InstanceStatus;

/// A managed container as the node lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenContainer {
    pub container_id: String,
    pub name: String,
    /// The `tianqi.instance` label.
    pub instance_id: Option<i64>,
    pub running: bool,
}

/// The part of an instance row reconciliation needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowView {
    pub id: i64,
    pub status: InstanceStatus,
    pub container_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    SetStatus {
        id: i64,
        status: InstanceStatus,
        error: String,
    },
    /// Record the container found for a row (it was created but not recorded).
    Adopt {
        id: i64,
        container_id: String,
    },
    /// Roll back an interrupted create: remove what exists, mark failed.
    AbortCreate {
        id: i64,
        container_id: Option<String>,
    },
    /// Finish an interrupted delete.
    FinishDelete {
        id: i64,
        container_id: Option<String>,
    },
    Orphan(SeenContainer),
}

pub fn plan(rows: &[RowView], seen: &[SeenContainer], in_flight: &HashSet<i64>) -> Vec<Action> {
    let by_instance: HashMap<i64, &SeenContainer> = seen
        .iter()
        .filter_map(|c| c.instance_id.map(|i| (i, c)))
        .collect();
    let known: HashSet<i64> = rows.iter().map(|r| r.id).collect();
    let mut actions = Vec::new();
    for row in rows {
        if in_flight.contains(&row.id) {
            continue;
        }
        let found = by_instance.get(&row.id);
        match row.status {
            InstanceStatus::Creating => actions.push(Action::AbortCreate {
                id: row.id,
                container_id: found.map(|c| c.container_id.clone()),
            }),
            InstanceStatus::Deleting => actions.push(Action::FinishDelete {
                id: row.id,
                container_id: found.map(|c| c.container_id.clone()),
            }),
            InstanceStatus::Failed => {}
            InstanceStatus::Running | InstanceStatus::Exited | InstanceStatus::Missing => {
                match found {
                    None => {
                        if row.status != InstanceStatus::Missing {
                            actions.push(Action::SetStatus {
                                id: row.id,
                                status: InstanceStatus::Missing,
                                error: "the container was removed outside Tianqi".into(),
                            });
                        }
                    }
                    Some(c) => {
                        if c.container_id != row.container_id {
                            actions.push(Action::Adopt {
                                id: row.id,
                                container_id: c.container_id.clone(),
                            });
                        }
                        let status = if c.running {
                            InstanceStatus::Running
                        } else {
                            InstanceStatus::Exited
                        };
                        if status != row.status {
                            actions.push(Action::SetStatus {
                                id: row.id,
                                status,
                                error: String::new(),
                            });
                        }
                    }
                }
            }
        }
    }
    for c in seen {
        let owned = c.instance_id.is_some_and(|i| known.contains(&i));
        if !owned {
            actions.push(Action::Orphan(c.clone()));
        }
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, status: InstanceStatus, cid: &str) -> RowView {
        RowView {
            id,
            status,
            container_id: cid.into(),
        }
    }

    fn seen(id: Option<i64>, cid: &str, running: bool) -> SeenContainer {
        SeenContainer {
            container_id: cid.into(),
            name: format!("c{cid}"),
            instance_id: id,
            running,
        }
    }

    #[test]
    fn converges() {
        let rows = vec![
            row(1, InstanceStatus::Running, "a"),  // stopped behind our back
            row(2, InstanceStatus::Running, "b"),  // removed behind our back
            row(3, InstanceStatus::Creating, ""),  // interrupted create, container exists
            row(4, InstanceStatus::Deleting, "d"), // interrupted delete, nothing left
            row(5, InstanceStatus::Exited, "e"),   // fine
            row(6, InstanceStatus::Creating, ""),  // in flight in this process: hands off
            row(7, InstanceStatus::Missing, "g"),  // stays missing
        ];
        let containers = vec![
            seen(Some(1), "a", false),
            seen(Some(3), "c", false),
            seen(Some(5), "e", false),
            seen(Some(99), "x", true), // no row
            seen(None, "y", true),     // label unreadable
        ];
        let in_flight = HashSet::from([6]);
        let a = plan(&rows, &containers, &in_flight);
        assert_eq!(
            a,
            vec![
                Action::SetStatus {
                    id: 1,
                    status: InstanceStatus::Exited,
                    error: String::new()
                },
                Action::SetStatus {
                    id: 2,
                    status: InstanceStatus::Missing,
                    error: "the container was removed outside Tianqi".into()
                },
                Action::AbortCreate {
                    id: 3,
                    container_id: Some("c".into())
                },
                Action::FinishDelete {
                    id: 4,
                    container_id: None
                },
                Action::Orphan(seen(Some(99), "x", true)),
                Action::Orphan(seen(None, "y", true)),
            ]
        );
        // converged state → no actions
        assert!(plan(
            &[row(5, InstanceStatus::Exited, "e")],
            &[seen(Some(5), "e", false)],
            &HashSet::new()
        )
        .is_empty());
    }
}
