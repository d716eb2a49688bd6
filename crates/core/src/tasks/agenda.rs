//! The scheduler's agenda: every scheduled task's next due time in a heap,
//! so one loop serves thousands of tasks by sleeping until the earliest.
//! The caller passes the time in; nothing here reads a clock.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use chrono::{DateTime, Utc};

use super::schedule::Schedule;
use super::spec::CatchUp;

/// A due task the scheduler has reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fire {
    pub id: String,
    /// The tick this fire is for.
    pub due: DateTime<Utc>,
    /// Ticks were missed before it (downtime or a pause).
    pub missed: bool,
    /// false = the tick passed without a run (catch_up none after a miss).
    pub run: bool,
    /// The due time after it (to store, so it survives a restart).
    pub next: Option<DateTime<Utc>>,
}

struct Entry {
    schedule: Schedule,
    catch_up: CatchUp,
    due: DateTime<Utc>,
    generation: u64,
}

#[derive(Default)]
pub struct Agenda {
    entries: HashMap<String, Entry>,
    /// (due, generation, id); stale rows (older generation) are skipped.
    heap: BinaryHeap<Reverse<(DateTime<Utc>, u64, String)>>,
    generation: u64,
}

impl Agenda {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds or replaces a task, due at `due` (a stored due time, so
    /// schedules survive restarts) or at its first tick after `now`.
    /// On-demand tasks are not kept.
    pub fn upsert(
        &mut self,
        id: &str,
        schedule: Schedule,
        catch_up: CatchUp,
        due: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let Some(due) = due.or_else(|| schedule.first(now)) else {
            self.remove(id);
            return None;
        };
        self.generation += 1;
        self.heap
            .push(Reverse((due, self.generation, id.to_string())));
        self.entries.insert(
            id.to_string(),
            Entry {
                schedule,
                catch_up,
                due,
                generation: self.generation,
            },
        );
        Some(due)
    }

    pub fn remove(&mut self, id: &str) {
        self.entries.remove(id);
        // Its heap rows go stale and are dropped when they surface.
    }

    pub fn due_of(&self, id: &str) -> Option<DateTime<Utc>> {
        self.entries.get(id).map(|e| e.due)
    }

    /// When the loop should wake next.
    /// The tasks due at or before `until`, left in place: what a round at
    /// `until` will fire, so that their definitions can be read before it.
    pub fn due_by(&self, until: DateTime<Utc>) -> Vec<String> {
        self.entries
            .iter()
            .filter(|(_, e)| e.due <= until)
            .map(|(id, _)| id.clone())
            .collect()
    }

    pub fn next_wake(&mut self) -> Option<DateTime<Utc>> {
        self.drop_stale();
        self.heap.peek().map(|Reverse((due, _, _))| *due)
    }

    fn drop_stale(&mut self) {
        while let Some(Reverse((_, generation, id))) = self.heap.peek() {
            let live = self
                .entries
                .get(id)
                .is_some_and(|e| e.generation == *generation);
            if live {
                break;
            }
            self.heap.pop();
        }
    }

    /// Every task due at `now`, each at most once (however many of its
    /// ticks passed), rescheduled on its own grid.
    pub fn take_due(&mut self, now: DateTime<Utc>) -> Vec<Fire> {
        let mut out = Vec::new();
        loop {
            self.drop_stale();
            let Some(Reverse((due, _, _))) = self.heap.peek() else {
                break;
            };
            if *due > now {
                break;
            }
            let Some(Reverse((due, _, id))) = self.heap.pop() else {
                break;
            };
            let Some(entry) = self.entries.get_mut(&id) else {
                continue;
            };
            let decision = entry.schedule.decide(due, now, entry.catch_up);
            match decision.next {
                Some(next) => {
                    self.generation += 1;
                    entry.due = next;
                    entry.generation = self.generation;
                    self.heap.push(Reverse((next, self.generation, id.clone())));
                }
                None => {
                    self.entries.remove(&id);
                }
            }
            out.push(Fire {
                id,
                due,
                missed: decision.missed,
                run: decision.fire,
                next: decision.next,
            });
        }
        out
    }
}
