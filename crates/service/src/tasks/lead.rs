//! Several servers on one PostgreSQL: which one schedules (the holder of
//! the `task-scheduler` lease, taken by the `task-lead` loop), and how the
//! others' changes reach its agenda (signals on `Channel::Tasks`:
//! `changed <id>`, `deleted <id>`, `stop <id>`). On SQLite there is one
//! server, which always schedules.

use chrono::Utc;
use tianqi_core::tasks::{Task, Trigger};
use tianqi_store::{Channel, StoreError};
use tokio_util::sync::CancellationToken;

use std::sync::Arc;

use super::{Inner, TaskService};
use tianqi_core::Result;

/// The lease of the server that schedules (several servers on PostgreSQL).
pub(super) const LEAD_LEASE: &str = "task-scheduler";
/// How often the scheduling server renews its lease, and another tries for it.
pub const LEAD_EVERY: std::time::Duration = std::time::Duration::from_secs(5);
const LEAD_TTL: std::time::Duration = std::time::Duration::from_secs(15);

impl Inner {
    pub(super) fn leading(&self) -> bool {
        self.single_server
            || self
                .lead_until
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .is_some_and(|until| until > std::time::Instant::now())
    }

    /// Since when a server must have beaten to count as alive (its runs are
    /// not orphans); `None` on one server (SQLite): only this one is.
    pub(super) fn live_since(&self) -> Option<chrono::DateTime<Utc>> {
        (!self.single_server).then(|| Utc::now() - crate::fleet::GONE_AFTER)
    }

    /// True once this server has begun its term as the scheduler (loaded)
    /// and while it still holds the lead.
    pub(super) fn scheduling(&self) -> bool {
        self.term().is_some() && self.leading()
    }

    pub(super) fn term(&self) -> Option<CancellationToken> {
        self.term
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Begins a term as the scheduler: recovers what the last one left,
    /// loads the schedules and starts the keep-alive tasks, all under the
    /// new term.
    pub(super) async fn begin_term(self: &Arc<Self>) -> Result<()> {
        let term = self.stop.child_token();
        *self
            .term
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(term.clone());
        if let Err(e) = self.load().await {
            self.end_term();
            return Err(e);
        }
        Ok(())
    }

    /// This server no longer holds the lead (`why`): its term ends, and the
    /// chains it started with it — process runs are stopped, container runs
    /// left going for the next scheduler to re-attach. Otherwise a
    /// keep-alive task would run here and on the server that took over.
    pub(super) fn step_down(&self, why: &str) {
        if self.single_server {
            return;
        }
        if self.end_term() {
            tracing::warn!(
                why,
                "this server stops scheduling the tasks; its runs are ended for the next scheduler"
            );
        }
    }

    fn end_term(&self) -> bool {
        let term = self
            .term
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        term.map(|t| t.cancel()).is_some()
    }

    /// The token a new chain hangs from: this server's term as the
    /// scheduler when it has one, else the server's own stop (a manual run
    /// on a server that does not schedule).
    pub(super) fn chain_parent(&self) -> CancellationToken {
        self.term().unwrap_or_else(|| self.stop.clone())
    }

    /// Tells the other servers (`changed <id>`, `deleted <id>`, `stop <id>`).
    pub(super) async fn announce(&self, message: String) {
        if let Err(e) = self.ctx.store.announce(Channel::Tasks, &message).await {
            tracing::warn!(error = %e, %message, "the other servers were not told of a task change");
        }
    }
}

impl TaskService {
    /// The `task-lead` loop's round (several servers on PostgreSQL): takes
    /// or renews the scheduler's lease. The server holding it schedules;
    /// the first time, it recovers what the last one left (`load`).
    pub async fn lead_round(&self) -> Result<()> {
        let inner = &self.inner;
        if inner.single_server || !inner.settings.enabled {
            return Ok(());
        }
        let asked = std::time::Instant::now();
        let now = Utc::now();
        let ttl = chrono::Duration::from_std(LEAD_TTL).unwrap_or(chrono::Duration::MAX);
        let was = inner.leading();
        if !was {
            // Woken from a stall longer than the lease's margin.
            inner.step_down("its lease on the scheduler lapsed");
        }
        let held = inner
            .ctx
            .store
            .hold_lease(LEAD_LEASE, now, now + ttl)
            .await?;
        *inner
            .lead_until
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) =
            held.then(|| asked + LEAD_TTL - LEAD_EVERY);
        if held != was {
            if held {
                inner.lead_taken.notify_one();
                tracing::info!("this server schedules the tasks now");
            } else {
                tracing::info!("another server schedules the tasks");
            }
        }
        if !held {
            inner.step_down("another server holds the scheduler's lease");
        } else if inner.scheduling() {
            // Runs of a server that died after this term began (its beat
            // aged past GONE_AFTER since). Unmarked rows are left to `load`:
            // a server of an older version may still be writing them.
            let orphaned = inner
                .ctx
                .store
                .fail_orphaned_task_runs(
                    super::run::ORPHANED,
                    inner.ctx.clock.now(),
                    inner.live_since(),
                    false,
                )
                .await?;
            if orphaned > 0 {
                tracing::warn!(
                    runs = orphaned,
                    "task runs of a server that is gone marked EXCEPTION"
                );
            }
        }
        Ok(())
    }

    /// Follows the other servers' task signals until `stop`: a changed
    /// definition is read again into the agenda (a disabled one's runs
    /// stop), a deleted one leaves it, a stop ends this server's runs of
    /// it. After a lost connection every definition is read again.
    pub async fn follow_changes(&self, stop: CancellationToken) {
        let store = self.inner.ctx.store.clone();
        crate::signals::follow(&store, Channel::Tasks, stop, |message| async move {
            match message {
                Some(m) => self.heard(&m).await,
                None => self.reread_all().await,
            }
        })
        .await;
    }

    async fn heard(&self, message: &str) {
        let (what, id) = message.split_once(' ').unwrap_or((message, ""));
        match what {
            "changed" => match self.inner.ctx.store.task(id).await {
                Ok(task) => self.follow_definition(&task).await,
                Err(StoreError::NotFound) => self.forget(id),
                Err(e) => {
                    tracing::warn!(task = %id, error = %e, "cannot read a task another server changed");
                }
            },
            "deleted" => self.forget(id),
            "stop" => {
                self.stop_runs(id);
            }
            _ => tracing::debug!(%message, "an unknown task signal"),
        }
    }

    async fn reread_all(&self) {
        match self.inner.ctx.store.all_tasks().await {
            Ok(tasks) => {
                for t in &tasks {
                    self.follow_definition(t).await;
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot read the tasks again"),
        }
    }

    /// Another server saved `task`: the agenda takes it as `activate` does
    /// for this server's own saves.
    async fn follow_definition(&self, task: &Task) {
        if let Err(e) = self.schedule_into_agenda(task) {
            tracing::warn!(task = %task.id, error = %e, "cannot schedule a task another server changed");
        }
        if !task.spec.enabled {
            self.stop_runs(&task.id);
        } else if task.spec.mode == tianqi_core::tasks::Mode::KeepAlive && self.inner.scheduling() {
            if let Err(e) = self.inner.trigger(&task.id, Trigger::Schedule).await {
                tracing::warn!(task = %task.id, error = %e, "cannot start a keep-alive task");
            }
        }
    }

    pub(super) fn forget(&self, id: &str) {
        self.stop_runs(id);
        self.inner.lock().agenda.remove(id);
    }
}
