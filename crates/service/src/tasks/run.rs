//! Running tasks: the scheduler round, triggers and their admission, and one
//! "chain" per trigger — the run, then its retries (once mode) or restarts
//! (keep_alive) — each under the global cap on concurrent runs.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tianqi_core::clock::Clock;
use tianqi_core::tasks::{
    admit, retry_delay, Admit, KeepAliveDecision, KeepAliveState, Mode, Target, Task, TaskStatus,
    Trigger,
};
use tianqi_core::{Error, Result};
use tianqi_store::{RunEnd, RunRecord};
use tianqi_tasks::{Command, Ending};
use tokio_util::sync::CancellationToken;

use super::{Inner, RunCtl};

/// Reason recorded on runs that were going when the server died.
pub const ORPHANED: &str = "the server stopped while this run was going";

/// Reason recorded on a run stopped because its server no longer schedules
/// the tasks (another holds the lease, and runs them from now on).
pub const HANDED_OVER: &str =
    "stopped: this server no longer schedules the tasks (another server took over)";

/// What a trigger did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Started {
    Started,
    Queued,
    Skipped,
}

/// How long before a tick the round reads the definitions of the tasks it
/// fires.
const READ_AHEAD: Duration = Duration::from_millis(100);

impl Inner {
    /// Once per process, before the first round: runs left RUNNING by a
    /// server that died become EXCEPTION, and every enabled task's schedule
    /// is loaded from its stored due time (so missed ticks follow its
    /// catch-up policy); keep-alive tasks are started.
    pub(super) async fn load(self: &Arc<Self>) -> Result<()> {
        // Container runs first: those still going are re-attached and keep
        // their RUNNING state.
        self.recover_container_runs().await?;
        let now = self.ctx.clock.now();
        let orphaned = self
            .ctx
            .store
            .fail_orphaned_task_runs(ORPHANED, now, self.live_since(), true)
            .await?;
        if orphaned > 0 {
            tracing::warn!(
                runs = orphaned,
                "task runs left RUNNING by the last server marked EXCEPTION"
            );
        }
        let tasks = self.ctx.store.all_tasks().await?;
        let mut keep_alive = Vec::new();
        {
            let mut st = self.lock();
            for t in &tasks {
                if !t.spec.enabled {
                    continue;
                }
                if let Ok(s) = t.spec.schedule() {
                    st.agenda
                        .upsert(&t.id, s, t.spec.catch_up, t.next_run_at, now);
                }
                if t.spec.mode == Mode::KeepAlive {
                    keep_alive.push(t.id.clone());
                }
            }
        }
        for id in keep_alive {
            if let Err(e) = self.trigger(&id, Trigger::Schedule).await {
                tracing::warn!(task = %id, error = %e, "cannot start a keep-alive task");
            }
        }
        Ok(())
    }

    /// Sleeps until the earliest due time (at most half a second, or until
    /// a change wakes it), then triggers what is due. The definitions of what
    /// is about to fire are read [`READ_AHEAD`] before its tick, so that its
    /// runs start on the tick rather than a query after it.
    pub(super) async fn round(self: &Arc<Self>) -> Result<()> {
        let (wait, next) = {
            let mut st = self.lock();
            let now = self.ctx.clock.now();
            let next = st.agenda.next_wake();
            let wait = next
                .map(|due| (due - now).to_std().unwrap_or(Duration::ZERO))
                .unwrap_or(Duration::from_millis(500));
            (wait, next)
        };
        if wait > READ_AHEAD {
            // Back when the read-ahead is due (or sooner, on a change).
            let nap = (wait - READ_AHEAD).min(Duration::from_millis(500));
            tokio::select! {
                () = tokio::time::sleep(nap) => {}
                () = self.wake.notified() => {}
                () = self.stop.cancelled() => {}
            }
            return Ok(());
        }
        let mut ahead: HashMap<String, Task> = HashMap::new();
        if let (Some(next), false) = (next, wait.is_zero()) {
            let ids = self.lock().agenda.due_by(next);
            ahead = self
                .ctx
                .store
                .tasks_by_ids(&ids)
                .await?
                .into_iter()
                .map(|t| (t.id.clone(), t))
                .collect();
            let left = (next - self.ctx.clock.now())
                .to_std()
                .unwrap_or(Duration::ZERO);
            if !left.is_zero() {
                tokio::select! {
                    () = tokio::time::sleep(left) => {}
                    // A definition may have changed since it was read.
                    () = self.wake.notified() => ahead.clear(),
                    () = self.stop.cancelled() => {}
                }
            }
        }
        if self.stop.is_cancelled() {
            // Stopping: no new runs; do not spin the loop either.
            tokio::time::sleep(Duration::from_millis(100)).await;
            return Ok(());
        }
        let now = self.ctx.clock.now();
        let fires = self.lock().agenda.take_due(now);
        // The runs first, all at once (a round may fire a thousand tasks on
        // the same second: one after the other, the last would start late),
        // the definitions not read ahead in one query, then the next due
        // times in one commit.
        let mut tasks = Vec::new();
        let mut unread = Vec::new();
        for f in fires.iter().filter(|f| f.run) {
            match ahead.remove(&f.id) {
                Some(t) => tasks.push(t),
                None => unread.push(f.id.clone()),
            }
        }
        if !unread.is_empty() {
            tasks.extend(self.ctx.store.tasks_by_ids(&unread).await?);
        }
        for task in tasks {
            let id = task.id.clone();
            match self.trigger_task(task, Trigger::Schedule) {
                Ok(Started::Skipped) => {
                    tracing::debug!(task = %id, "schedule tick skipped: the previous run is still going");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(task = %id, error = %e, "scheduled run not started"),
            }
        }
        for f in fires.iter().filter(|f| f.missed) {
            tracing::info!(task = %f.id, due = %f.due, run = f.run, "missed schedule ticks (not replayed)");
        }
        let next: Vec<_> = fires.into_iter().map(|f| (f.id, f.next)).collect();
        self.ctx.store.set_task_next_runs(&next).await?;
        Ok(())
    }

    /// Admits a trigger by the task's overlap policy and starts its chain.
    /// Boxed: a chain that ends starts the queued run, so this future
    /// contains itself.
    pub(super) fn trigger<'a>(
        self: &'a Arc<Self>,
        id: &'a str,
        trigger: Trigger,
    ) -> futures::future::BoxFuture<'a, Result<Started>> {
        Box::pin(async move {
            if self.stop.is_cancelled() {
                return Err(Error::Unavailable("the server is shutting down".into()));
            }
            let task = self.ctx.store.task(id).await.map_err(super::missing)?;
            self.trigger_task(task, trigger)
        })
    }

    /// `trigger` with the task's definition at hand.
    fn trigger_task(self: &Arc<Self>, task: Task, trigger: Trigger) -> Result<Started> {
        if self.stop.is_cancelled() {
            return Err(Error::Unavailable("the server is shutting down".into()));
        }
        let id = task.id.as_str();
        let chain = {
            let mut st = self.lock();
            let running = st
                .running
                .get(id)
                .map_or(0, |ctls| ctls.iter().filter(|c| !c.finishing).count());
            let queued = usize::from(st.queued.contains(id));
            match admit(task.spec.overlap, running, queued) {
                Admit::Skip => return Ok(Started::Skipped),
                Admit::Queue => {
                    st.queued.insert(id.to_string());
                    return Ok(Started::Queued);
                }
                Admit::Start => self.register_chain(&mut st, id),
            }
        };
        let (seq, token, parent) = chain;
        let inner = self.clone();
        self.tracker.spawn(async move {
            let id = task.id.clone();
            inner.chain(task, trigger, seq, token.clone(), parent).await;
            inner.chain_ended(&id, seq, token.is_cancelled()).await;
        });
        Ok(Started::Started)
    }

    /// A new chain of task `id`: its number, its own stop token (a user's
    /// stop, a disable) and the one it hangs from ([`Inner::chain_parent`]).
    pub(super) fn register_chain(
        &self,
        st: &mut super::State,
        id: &str,
    ) -> (u64, CancellationToken, CancellationToken) {
        let parent = self.chain_parent();
        st.seq += 1;
        let ctl = RunCtl {
            seq: st.seq,
            chain: parent.child_token(),
            finishing: false,
        };
        let out = (ctl.seq, ctl.chain.clone(), parent);
        st.running.entry(id.to_string()).or_default().push(ctl);
        out
    }

    /// The chain's last run has ended; only its record is still being written.
    fn mark_finishing(&self, id: &str, seq: u64) {
        let mut st = self.lock();
        if let Some(c) = st
            .running
            .get_mut(id)
            .and_then(|ctls| ctls.iter_mut().find(|c| c.seq == seq))
        {
            c.finishing = true;
        }
    }

    pub(super) async fn chain_ended(self: &Arc<Self>, id: &str, seq: u64, stopped: bool) {
        let again = {
            let mut st = self.lock();
            if let Some(ctls) = st.running.get_mut(id) {
                ctls.retain(|c| c.seq != seq);
                if ctls.is_empty() {
                    st.running.remove(id);
                }
            }
            !stopped && st.queued.remove(id)
        };
        if again {
            if let Err(e) = self.trigger(id, Trigger::Schedule).await {
                tracing::warn!(task = %id, error = %e, "queued run not started");
            }
        }
    }

    /// One trigger: the run and its retries or restarts, until it succeeds,
    /// runs out of attempts, gives up, or is stopped — by `stop`, or with
    /// `parent` (the server stopping, or this server's term as the
    /// scheduler ending).
    async fn chain(
        self: &Arc<Self>,
        task: Task,
        first: Trigger,
        seq: u64,
        stop: CancellationToken,
        parent: CancellationToken,
    ) {
        let spec = &task.spec;
        let clock: Arc<dyn Clock> = self.ctx.clock.clone();
        let log = self.logs.writer(&task.id);
        let log_file = tianqi_tasks::Logs::file_name(&task.id);
        let in_container = spec.target == Target::Container;
        let where_ = if in_container {
            // Paths inside the image; the container's own working directory
            // unless `cwd` names one.
            (
                spec.container_argv(),
                Ok(std::path::PathBuf::from(
                    spec.cwd.clone().unwrap_or_default(),
                )),
            )
        } else {
            (
                spec.argv(&self.settings.scripts_root),
                spec.working_dir(&self.settings.scripts_root),
            )
        };
        let cmd = match where_ {
            (Ok(argv), Ok(cwd)) => Command {
                argv,
                cwd,
                env: spec.environment.clone(),
                timeout: (spec.timeout > 0).then(|| Duration::from_secs(spec.timeout)),
                kill_timeout: Duration::from_secs(spec.kill_timeout),
            },
            (Err(e), _) | (_, Err(e)) => {
                tracing::warn!(task = %task.id, error = %e, "task definition cannot run");
                return;
            }
        };
        // The default working directory is the scripts root: make sure it is
        // there (a fresh data dir has none).
        if !in_container && cmd.cwd == self.settings.scripts_root {
            if let Err(e) = std::fs::create_dir_all(&cmd.cwd) {
                tracing::warn!(dir = %cmd.cwd.display(), error = %e, "cannot create the scripts root");
            }
        }
        let mut trigger = first;
        let mut attempt: i32 = 1;
        let mut keep_alive = KeepAliveState::default();
        loop {
            // The global cap: wait for a slot (or the stop).
            let permit = tokio::select! {
                p = self.permits.clone().acquire_owned() => match p { Ok(p) => p, Err(_) => return },
                () = stop.cancelled() => return,
            };
            let started = clock.now();
            let record = RunRecord::Start {
                task_id: task.id.clone(),
                trigger,
                attempt,
                log_file: log_file.clone(),
                at: started,
            };
            let run_id = match self.recorder.record(record).await {
                Ok(Some(id)) => id,
                Ok(None) => {
                    tracing::warn!(task = %task.id, "a run start was recorded without an id");
                    return;
                }
                Err(e) => {
                    tracing::warn!(task = %task.id, error = %e, "cannot record a task run");
                    return;
                }
            };
            log.line(
                started,
                run_id,
                "tianqi",
                &format!(
                    "INFO run {run_id} ({}, attempt {attempt}): {:?}",
                    trigger.as_str(),
                    cmd.argv
                ),
            );
            let finished = if in_container {
                match self
                    .run_container(&task, &cmd, run_id, log.clone(), &stop, &parent)
                    .await
                {
                    Some(f) => f,
                    // Left going for the next server, which re-attaches it.
                    None => return,
                }
            } else {
                tianqi_tasks::run(&cmd, log.clone(), clock.clone(), run_id, stop.clone()).await
            };
            drop(permit);
            let success = finished.success();
            let mut reason = finished.reason(&cmd);
            if finished.ending == Ending::Stopped
                && parent.is_cancelled()
                && !self.stop.is_cancelled()
            {
                reason = Some(HANDED_OVER.into());
                log.line(
                    clock.now(),
                    run_id,
                    "tianqi",
                    &format!("WARNING {HANDED_OVER}"),
                );
            }
            let run_status = match &finished.ending {
                _ if success => TaskStatus::Success,
                Ending::SpawnFailed(_) => TaskStatus::Exception,
                _ => TaskStatus::Failed,
            };
            // What comes next decides the words recorded with this run.
            let next: Option<(Trigger, Duration)> = if stop.is_cancelled() {
                None
            } else {
                match spec.mode {
                    Mode::Once
                        if !success
                            && attempt <= i32::try_from(spec.retry_count).unwrap_or(i32::MAX) =>
                    {
                        let n = u32::try_from(attempt).unwrap_or(1);
                        Some((Trigger::Retry, retry_delay(spec, n)))
                    }
                    Mode::Once => None,
                    Mode::KeepAlive => {
                        let exit = finished
                            .exit
                            .unwrap_or(tianqi_core::tasks::ExitOutcome::Code(-1));
                        match keep_alive.on_exit(spec, exit, finished.duration) {
                            KeepAliveDecision::Restart { delay, .. } => {
                                Some((Trigger::Restart, delay))
                            }
                            KeepAliveDecision::Done => None,
                            KeepAliveDecision::GaveUp => {
                                let why = format!(
                                    "gave up after {} quick restarts in a row",
                                    spec.max_restarts
                                );
                                log.line(clock.now(), run_id, "tianqi", &format!("ERROR {why}"));
                                reason = Some(match reason {
                                    Some(r) => format!("{r}; {why}"),
                                    None => why,
                                });
                                None
                            }
                        }
                    }
                }
            };
            let ended = clock.now();
            let task_status = match () {
                _ if next.is_some() => TaskStatus::Running,
                _ if !spec.enabled => TaskStatus::Disabled,
                _ if finished.ending == Ending::Stopped => TaskStatus::Idle,
                _ => run_status,
            };
            let end = RunEnd {
                status: run_status,
                ended_at: ended,
                duration_ms: i64::try_from(finished.duration.as_millis()).unwrap_or(i64::MAX),
                exit_code: match finished.exit {
                    Some(tianqi_core::tasks::ExitOutcome::Code(c)) => Some(c),
                    _ => None,
                },
                signal: match finished.exit {
                    Some(tianqi_core::tasks::ExitOutcome::Signal(s)) => Some(s),
                    _ => None,
                },
                reason,
            };
            let record = RunRecord::Finish {
                run_id,
                task_id: task.id.clone(),
                end,
                task_status,
            };
            // Queued now, so that anything started from here on is written
            // after it; the overlap policy then lets a due tick start while
            // the commit is under way.
            let written = self.recorder.submit(record);
            if next.is_none() {
                self.mark_finishing(&task.id, seq);
            }
            if let Err(e) = written.await {
                tracing::warn!(task = %task.id, error = %e, "cannot record a task run's end");
            }
            let Some((again, delay)) = next else { return };
            tokio::select! {
                () = tokio::time::sleep(delay) => {}
                () = stop.cancelled() => {
                    let status = if spec.enabled { run_status } else { TaskStatus::Disabled };
                    let _ = self.ctx.store.set_task_status(&task.id, status).await;
                    return;
                }
            }
            trigger = again;
            attempt += 1;
        }
    }
}
