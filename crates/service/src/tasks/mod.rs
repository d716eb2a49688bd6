//! Tasks (任务, Mini PM2): definitions in the store, scheduled by the
//! `task-scheduler` loop, run by `tianqi-tasks` under a global cap.
//!
//! Several servers on one PostgreSQL: one schedules at a time, the holder
//! of the `task-scheduler` lease (`lead_round`); a definition changed or a
//! stop asked through any server is signalled to the others
//! (`Channel::Tasks`, `follow_changes`), so the scheduling one's agenda
//! follows. Manual runs run on the server asked.
//!
//! Host-process tasks run as the server's own user, so only admins may
//! create or change them; container tasks (an image and a spec, placed like
//! an instance for each run) are for everyone, with the catalog visible to
//! the task's owner. Users see and act on their own tasks only (the shared
//! policy, `check_owner`).

mod batch;
pub mod config;
mod container;
mod definitions;
mod exchange;
mod jobs;
mod lead;
mod logs;
mod recorder;
mod run;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tianqi_core::page::{Page, PageQuery};
use tianqi_core::policy::{check_owner, Principal};
use tianqi_core::tasks::{
    validate_id, Agenda, Target, Task, TaskFields, TaskRun, TaskSpec, TaskStatus, Trigger,
    ValidateContext,
};
use tianqi_core::{Error, Result};
use tianqi_store::StoreError;
use tianqi_tasks::{LogSettings, Logs};
use tokio::sync::{Notify, Semaphore};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

pub use batch::BatchResult;
pub use config::{Pm2Compat, TaskSettings, TasksConfig};
pub use exchange::{ExportFormat, ImportReport, TasksFile};
pub use lead::LEAD_EVERY;
use lead::LEAD_LEASE;
pub use logs::{LogLineView, LogQuery, LogTail};
pub use run::Started;
/// A log line as it is written, for live followers.
pub use tianqi_tasks::LiveLine;

use crate::Context;

/// Path words of the API under /tasks/ that an id would shadow.
const RESERVED_IDS: [&str; 4] = ["export", "import", "preview", "batch"];

#[derive(Clone)]
pub struct TaskService {
    inner: Arc<Inner>,
}

pub(crate) struct RunCtl {
    seq: u64,
    /// Cancelled by stop: ends the process and the chain's retries.
    chain: CancellationToken,
    /// Its last run's process has ended and its end is being written: it
    /// still counts as running for readers (the record says RUNNING until
    /// then), but not for the overlap policy — a tick due meanwhile starts
    /// (its start is written after this end).
    finishing: bool,
}

#[derive(Default)]
pub(crate) struct State {
    agenda: Agenda,
    /// Chains going, per task.
    running: HashMap<String, Vec<RunCtl>>,
    /// Tasks with one run waiting (overlap: queue).
    queued: HashSet<String>,
    seq: u64,
}

pub(crate) struct Inner {
    ctx: Context,
    /// Placement, reservations and the containers of container runs.
    instances: crate::InstanceService,
    settings: TaskSettings,
    logs: Logs,
    state: Mutex<State>,
    permits: Arc<Semaphore>,
    wake: Notify,
    stop: CancellationToken,
    tracker: TaskTracker,
    /// This server's term as the scheduler, while it is one: begun (with a
    /// `load`) when it takes the lead, cancelled when it loses it. The
    /// chains it started hang from it, so they end with it.
    term: Mutex<Option<CancellationToken>>,
    /// Run starts and ends, committed in batches.
    recorder: recorder::Recorder,
    jobs_seen: Mutex<jobs::Seen>,
    /// SQLite: one server, which always schedules.
    single_server: bool,
    /// Until when this server may schedule: its last renewal of the lease
    /// plus the lease's length less one renewal period, so it stops before
    /// another server can take the lease over.
    lead_until: Mutex<Option<std::time::Instant>>,
    /// Woken when this server takes the lease: the scheduler loads at once
    /// (container runs left going are re-attached before they end unseen).
    lead_taken: Notify,
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn jobs_seen(&self) -> MutexGuard<'_, jobs::Seen> {
        self.jobs_seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn missing(e: StoreError) -> Error {
    match e {
        StoreError::NotFound => Error::not_found("task not found"),
        other => other.into(),
    }
}

/// A task as answered: its definition, state, and the next fire times.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskView {
    #[serde(flatten)]
    pub task: Task,
    /// Runs of it going now.
    pub running: usize,
    /// A run waits for the current one (overlap: queue).
    pub queued: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct TaskListQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    /// IDLE, RUNNING, SUCCESS, FAILED, EXCEPTION or DISABLED.
    pub status: Option<String>,
    /// Part of the id or name.
    pub q: Option<String>,
}

/// Finds an interpreter the way the runner will: an absolute path to a file,
/// or a name in one of PATH's directories.
fn resolve_executable(program: &str) -> Option<PathBuf> {
    let p = Path::new(program);
    if p.is_absolute() {
        return p.is_file().then(|| p.to_path_buf());
    }
    if program.contains('/') {
        return None;
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|c| c.is_file())
}

/// An id from a name: the portable characters, or a generated one.
fn id_from(name: &str) -> String {
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug.trim_matches('-').to_string();
    if validate_id("id", &slug).is_ok() {
        slug
    } else {
        tianqi_core::crypto::new_token("task-")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(16)
            .collect::<String>()
            .to_ascii_lowercase()
    }
}

impl TaskService {
    pub fn new(ctx: Context, settings: TaskSettings, instances: crate::InstanceService) -> Self {
        let logs = Logs::new(LogSettings {
            dir: settings.log_dir.clone(),
            max_size: settings.max_log_size,
            max_files: settings.max_log_files,
        });
        let permits = Arc::new(Semaphore::new(settings.max_concurrent.max(1)));
        let recorder = recorder::Recorder::start(ctx.store.clone());
        let single_server = ctx.store.engine() == tianqi_store::Engine::Sqlite;
        Self {
            inner: Arc::new(Inner {
                ctx,
                instances,
                settings,
                logs,
                state: Mutex::default(),
                permits,
                wake: Notify::new(),
                stop: CancellationToken::new(),
                tracker: TaskTracker::new(),
                term: Mutex::default(),
                recorder,
                jobs_seen: Mutex::default(),
                single_server,
                lead_until: Mutex::default(),
                lead_taken: Notify::new(),
            }),
        }
    }

    pub fn settings(&self) -> &TaskSettings {
        &self.inner.settings
    }

    /// The admin the Mini PM2 compat API acts as (`tasks.compat.run_as`).
    pub async fn compat_principal(&self) -> Result<Principal> {
        let name = &self.inner.settings.compat.run_as;
        let user = self
            .inner
            .ctx
            .store
            .user_with_hash(name)
            .await?
            .map(|(u, _)| u)
            .filter(|u| u.enabled && u.role == tianqi_core::users::Role::Admin)
            .ok_or_else(|| {
                Error::Unavailable(format!(
                    "tasks.compat.run_as `{name}` is not an enabled admin; the compat API cannot act"
                ))
            })?;
        Ok(Principal {
            user_id: user.id,
            username: user.username,
            role: user.role,
            token_id: 0,
            must_change_password: false,
        })
    }

    /// The `task-scheduler` loop's round: the first one of a term as the
    /// scheduler recovers what the last server left and loads the
    /// schedules; each waits for the next due time (≤ 0.5 s) and triggers
    /// what is due.
    pub async fn scheduler_round(&self) -> Result<()> {
        if !self.inner.settings.enabled {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            return Ok(());
        }
        if !self.inner.leading() {
            // Checked twice a second: a server whose renewals stopped (a
            // stall, a database it cannot reach) ends its runs before the
            // lease can pass to another server.
            self.inner.step_down("its lease on the scheduler lapsed");
            tokio::select! {
                () = self.inner.lead_taken.notified() => {}
                () = tokio::time::sleep(std::time::Duration::from_millis(500)) => {}
                () = self.inner.stop.cancelled() => {}
            }
            return Ok(());
        }
        let inner = &self.inner;
        if inner.term().is_none() {
            inner.begin_term().await?;
        }
        inner.round().await
    }

    /// Stops every run (SIGTERM → SIGKILL to each process group) and waits
    /// for their chains to record how they ended.
    pub async fn shutdown(&self) {
        self.inner.stop.cancel();
        self.inner.tracker.close();
        let grace = std::time::Duration::from_secs(30);
        if tokio::time::timeout(grace, self.inner.tracker.wait())
            .await
            .is_err()
        {
            tracing::warn!("task runs still ending after 30 s; leaving them");
        }
        if !self.inner.single_server {
            // Another server schedules from its next lead round.
            if let Err(e) = self.inner.ctx.store.release_lease(LEAD_LEASE).await {
                tracing::warn!(error = %e, "could not give up the scheduler's lease");
            }
        }
    }

    fn validate_ctx(&self) -> ValidateContext<'_> {
        ValidateContext {
            scripts_root: &self.inner.settings.scripts_root,
            resolve: &resolve_executable,
        }
    }

    fn view(&self, task: Task) -> TaskView {
        let st = self.inner.lock();
        TaskView {
            running: st.running.get(&task.id).map_or(0, Vec::len),
            queued: st.queued.contains(&task.id),
            task,
        }
    }

    async fn owned(&self, me: &Principal, id: &str) -> Result<Task> {
        let task = self.inner.ctx.store.task(id).await.map_err(missing)?;
        check_owner(me, task.owner_id, "task")?;
        Ok(task)
    }

    /// Host processes run as the server's user: admins only. Checked on the
    /// fields before they are validated, so a user cannot probe the server's
    /// PATH through the execute_path errors.
    fn may_define_fields(me: &Principal, f: &TaskFields) -> Result<()> {
        Self::may_define(
            me,
            &TaskSpec {
                target: f.target.unwrap_or_default(),
                ..TaskSpec::default()
            },
        )
    }

    fn may_define(me: &Principal, spec: &TaskSpec) -> Result<()> {
        match spec.target {
            Target::Host if !me.is_admin() => Err(Error::forbidden(
                "host-process tasks run as the server's own user; only admins may define them",
            )),
            Target::Host | Target::Container => Ok(()),
        }
    }

    /// A container target's image and spec must be ones `me` may run, as
    /// for an instance (422 naming `image_id` or `spec_id` otherwise).
    async fn check_target(&self, me: &Principal, spec: &TaskSpec) -> Result<()> {
        match (spec.target, spec.image_id, spec.spec_id) {
            (Target::Container, Some(image_id), Some(spec_id)) => {
                self.inner
                    .instances
                    .check_task_target(me, image_id, spec_id)
                    .await
            }
            _ => Ok(()),
        }
    }

    fn schedule_into_agenda(&self, task: &Task) -> Result<Option<DateTime<Utc>>> {
        let now = self.inner.ctx.clock.now();
        let mut st = self.inner.lock();
        if !task.spec.enabled {
            st.agenda.remove(&task.id);
            return Ok(None);
        }
        let next = st.agenda.upsert(
            &task.id,
            task.spec.schedule()?,
            task.spec.catch_up,
            None,
            now,
        );
        drop(st);
        self.inner.wake.notify_one();
        Ok(next)
    }

    /// The first due time of a definition starting now.
    fn first_due(&self, spec: &TaskSpec) -> Result<Option<DateTime<Utc>>> {
        if !spec.enabled {
            return Ok(None);
        }
        Ok(spec.schedule()?.first(self.inner.ctx.clock.now()))
    }

    fn idle_status(spec: &TaskSpec) -> TaskStatus {
        if spec.enabled {
            TaskStatus::Idle
        } else {
            TaskStatus::Disabled
        }
    }

    /// Runs it now (by its overlap policy). A manual run of a task that is
    /// running with `overlap: skip` is refused (409).
    pub async fn run_now(&self, me: &Principal, id: &str) -> Result<Started> {
        let task = self.owned(me, id).await?;
        Self::may_define(me, &task.spec)?;
        match self.inner.trigger(id, Trigger::Manual).await? {
            Started::Skipped => Err(Error::conflict(format!(
                "task `{id}` is running and its overlap policy is skip"
            ))),
            s => Ok(s),
        }
    }

    fn stop_runs(&self, id: &str) -> usize {
        let mut st = self.inner.lock();
        st.queued.remove(id);
        st.running
            .get(id)
            .map(|ctls| {
                for c in ctls {
                    c.chain.cancel();
                }
                ctls.len()
            })
            .unwrap_or(0)
    }

    /// Stops its runs (and their retries or restarts); answers how many
    /// this server had. The other servers are told to stop theirs.
    pub async fn stop(&self, me: &Principal, id: &str) -> Result<usize> {
        self.owned(me, id).await?;
        let stopped = self.stop_runs(id);
        self.inner.announce(format!("stop {id}")).await;
        Ok(stopped)
    }

    /// Stops it, waits for its runs to end, and runs it again.
    pub async fn restart(&self, me: &Principal, id: &str) -> Result<Started> {
        let task = self.owned(me, id).await?;
        Self::may_define(me, &task.spec)?;
        self.stop_runs(id);
        self.inner.announce(format!("stop {id}")).await;
        let deadline =
            std::time::Instant::now() + std::time::Duration::from_secs(task.spec.kill_timeout + 5);
        while self.inner.lock().running.contains_key(id) {
            if std::time::Instant::now() > deadline {
                return Err(Error::conflict(format!("task `{id}` has not stopped yet")));
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        self.inner.trigger(id, Trigger::Manual).await
    }

    pub async fn runs(&self, me: &Principal, id: &str, q: PageQuery) -> Result<Page<TaskRun>> {
        self.owned(me, id).await?;
        let page = q.validate()?;
        let (items, total) = self.inner.ctx.store.list_task_runs(id, page).await?;
        Ok(Page::new(items, total, page))
    }
}
