//! The placement lock: held while a placement is computed and the
//! reservation it chooses is written (instances, task runs, fine-tuning
//! jobs, the quota checks beside them), so two of them never take the same
//! free capacity. It is this process's mutex and, on PostgreSQL, the
//! database's advisory lock (`tianqi_store::SharedLock::Placement`) too:
//! servers sharing one database wait for each other, and reservations
//! written under the lock are committed before it is released, so the next
//! holder reads them.

use std::sync::Arc;

use tianqi_core::Result;
use tianqi_store::{SharedGuard, SharedLock, Store};
use tokio::sync::{Mutex, OwnedMutexGuard};

#[derive(Clone)]
pub(crate) struct PlacementLock {
    local: Arc<Mutex<()>>,
    store: Store,
}

/// Both halves held; dropping it releases the database's lock, then this
/// process's.
pub(crate) struct PlacementGuard {
    _shared: SharedGuard,
    _local: OwnedMutexGuard<()>,
}

impl PlacementLock {
    pub(crate) fn new(store: Store) -> Self {
        Self {
            local: Arc::default(),
            store,
        }
    }

    /// Waits for this process's other placements first (so one connection
    /// at most waits on the database), then for other servers'.
    pub(crate) async fn lock(&self) -> Result<PlacementGuard> {
        let local = self.local.clone().lock_owned().await;
        let shared = self.store.shared_lock(SharedLock::Placement).await?;
        Ok(PlacementGuard {
            _shared: shared,
            _local: local,
        })
    }
}
