//! One action on several instances (the console's 批量停止 / 批量删除, and
//! scripts): each instance answers for itself, as its own request would.

use futures::StreamExt;
use tianqi_core::policy::Principal;
use tianqi_core::{Error, Result};

use super::InstanceService;

/// Most instances one batch names.
pub const BATCH_MAX: usize = 100;
/// Instances acted on at once: a stop waits up to 10 s for its container,
/// so one after the other a full batch would take minutes.
const AT_ONCE: usize = 8;

/// What a batch does to each instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchAction {
    Start,
    Stop,
    Delete,
}

impl InstanceService {
    /// Runs `action` on each of `ids` (1–100, no repeats), answering the
    /// outcome of each in the order given. The ownership check is each
    /// action's own: another user's instance answers "not found".
    pub async fn batch(
        &self,
        me: &Principal,
        action: BatchAction,
        ids: &[i64],
    ) -> Result<Vec<(i64, Result<()>)>> {
        if ids.is_empty() || ids.len() > BATCH_MAX {
            return Err(Error::validation(
                "ids",
                format!("ids must list 1–{BATCH_MAX} instances"),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        if let Some(dup) = ids.iter().find(|id| !seen.insert(**id)) {
            return Err(Error::validation(
                "ids",
                format!("instance {dup} is listed twice"),
            ));
        }
        let outcomes = futures::stream::iter(ids.iter().copied())
            .map(|id| async move {
                let r = match action {
                    BatchAction::Start => self.start(me, id).await.map(drop),
                    BatchAction::Stop => self.stop(me, id).await.map(drop),
                    BatchAction::Delete => self.delete(me, id).await,
                };
                (id, r)
            })
            .buffered(AT_ONCE)
            .collect()
            .await;
        Ok(outcomes)
    }
}
