//! In-flight marks: an instance this server is creating, starting, stopping
//! or deleting right now belongs to that operation, and reconciliation
//! leaves it alone (anything else in a passing state was interrupted).
//!
//! Marks are counted in this process (a stop and a delete of one instance
//! may overlap). When several servers may share the database (PostgreSQL)
//! each operation is also a row in `instance_flights`, written before the
//! operation changes anything, so the server that reconciles sees another
//! server's work; a server that dies stops beating and its rows stop
//! counting (see `crate::fleet`).

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};

use tianqi_core::Result;
use tianqi_store::{Engine, Store};

use super::InstanceService;

/// Held for the length of one operation; dropping it ends the mark.
pub(super) struct InFlight<'a> {
    instances: &'a InstanceService,
    id: i64,
    /// The operation's row, when the database is shared.
    row: Option<(Store, String)>,
}

static NEXT_OP: AtomicU64 = AtomicU64::new(1);

impl<'a> InFlight<'a> {
    pub(super) async fn begin(instances: &'a InstanceService, id: i64) -> Result<InFlight<'a>> {
        let mut flight = Self {
            instances,
            id,
            row: None,
        };
        if let Ok(mut marks) = instances.in_flight.lock() {
            *marks.entry(id).or_insert(0) += 1;
        }
        let store = &instances.ctx.store;
        if store.engine() == Engine::Postgres {
            let op = format!(
                "{}-{}",
                store.holder(),
                NEXT_OP.fetch_add(1, Ordering::Relaxed)
            );
            // On failure `flight` drops here and takes the local mark back.
            store.begin_flight(&op, id, chrono::Utc::now()).await?;
            flight.row = Some((store.clone(), op));
        }
        Ok(flight)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        if let Ok(mut marks) = self.instances.in_flight.lock() {
            if let Some(n) = marks.get_mut(&self.id) {
                *n -= 1;
                if *n == 0 {
                    marks.remove(&self.id);
                }
            }
        }
        if let Some((store, op)) = self.row.take() {
            // Each operation removes its own row, so a late removal never
            // ends a newer operation's mark. A row left behind (no runtime,
            // the database down) keeps the instance in flight until this
            // server stops or is taken for gone.
            if let Ok(rt) = tokio::runtime::Handle::try_current() {
                rt.spawn(async move {
                    if let Err(e) = store.end_flight(&op).await {
                        tracing::warn!(op = %op, error = %e, "could not end an in-flight mark");
                    }
                });
            }
        }
    }
}

impl InstanceService {
    /// Instances with an operation in flight on this server or on another
    /// live one.
    pub(super) async fn all_in_flight(&self) -> Result<HashSet<i64>> {
        let mut ids: HashSet<i64> = self
            .in_flight
            .lock()
            .map(|m| m.keys().copied().collect())
            .unwrap_or_default();
        if self.ctx.store.engine() == Engine::Postgres {
            let cutoff = chrono::Utc::now() - crate::fleet::GONE_AFTER;
            ids.extend(self.ctx.store.flights_elsewhere(cutoff).await?);
        }
        Ok(ids)
    }
}
