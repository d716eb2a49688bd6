//! Task definitions: reading, saving (each save goes on the agenda and is
//! signalled to the other servers), enabling, deleting, previewing.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use tianqi_core::page::{Page, PageQuery};
use tianqi_core::policy::{owner_scope, Principal};
use tianqi_core::tasks::{validate_id, Task, TaskFields, TaskStatus, Trigger, ValidateContext};
use tianqi_core::{validate, Error, Result};
use tianqi_store::{StoreError, TaskFilter};

use super::{id_from, missing, TaskListQuery, TaskService, TaskView, RESERVED_IDS};

impl TaskService {
    pub async fn get(&self, me: &Principal, id: &str) -> Result<TaskView> {
        Ok(self.view(self.owned(me, id).await?))
    }

    pub async fn list(&self, me: &Principal, q: TaskListQuery) -> Result<Page<TaskView>> {
        let page = PageQuery {
            page: q.page,
            page_size: q.page_size,
        }
        .validate()?;
        if let Some(s) = &q.q {
            validate::text("q", s, 128)?;
        }
        let status = match q.status.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => Some(TaskStatus::parse(&s.to_ascii_uppercase()).ok_or_else(|| {
                Error::validation(
                    "status",
                    "status must be IDLE, RUNNING, SUCCESS, FAILED, EXCEPTION or DISABLED",
                )
            })?),
            None => None,
        };
        let filter = TaskFilter {
            owner_id: owner_scope(me),
            status,
            q: q.q.filter(|s| !s.trim().is_empty()),
        };
        let (items, total) = self.inner.ctx.store.list_tasks(&filter, page).await?;
        let items = items.into_iter().map(|t| self.view(t)).collect();
        Ok(Page::new(items, total, page))
    }

    /// Every task the caller may see (export, the compat list).
    pub async fn all_visible(&self, me: &Principal) -> Result<Vec<Task>> {
        let all = self.inner.ctx.store.all_tasks().await?;
        Ok(all
            .into_iter()
            .filter(|t| me.is_admin() || t.owner_id == me.user_id)
            .collect())
    }

    pub async fn create(&self, me: &Principal, f: TaskFields) -> Result<TaskView> {
        let id = match f.id.clone().filter(|s| !s.is_empty()) {
            Some(id) => {
                validate_id("id", &id)?;
                if RESERVED_IDS.contains(&id.as_str()) {
                    return Err(Error::validation(
                        "id",
                        format!("`{id}` is a reserved word in the tasks API; choose another id"),
                    ));
                }
                id
            }
            None => id_from(f.name.as_deref().unwrap_or_default()),
        };
        Self::may_define_fields(me, &f)?;
        let spec = f.into_spec(&self.validate_ctx())?;
        Self::may_define(me, &spec)?;
        self.check_target(me, &spec).await?;
        let now = self.inner.ctx.clock.now();
        let task = self
            .inner
            .ctx
            .store
            .insert_task(
                &id,
                me.user_id,
                &spec,
                Self::idle_status(&spec),
                self.first_due(&spec)?,
                now,
            )
            .await
            .map_err(|e| match e {
                StoreError::Unique(_) => Error::conflict(format!("a task with id `{id}` exists")),
                other => other.into(),
            })?;
        self.activate(&task).await?;
        self.get(me, &id).await
    }

    /// Puts a saved task on the agenda (and starts it, for keep-alive).
    async fn activate(&self, task: &Task) -> Result<()> {
        let next = self.schedule_into_agenda(task)?;
        self.inner
            .ctx
            .store
            .set_task_next_run(&task.id, next)
            .await?;
        self.inner.announce(format!("changed {}", task.id)).await;
        if task.spec.enabled
            && task.spec.mode == tianqi_core::tasks::Mode::KeepAlive
            && self.inner.scheduling()
        {
            self.inner.trigger(&task.id, Trigger::Schedule).await?;
        }
        Ok(())
    }

    pub async fn update(&self, me: &Principal, id: &str, f: TaskFields) -> Result<TaskView> {
        let current = self.owned(me, id).await?;
        if let Some(new_id) = f.id.as_deref().filter(|s| !s.is_empty()) {
            if new_id != id {
                return Err(Error::validation("id", "a task's id cannot change"));
            }
        }
        Self::may_define_fields(me, &f)?;
        let spec = f
            .over(current.spec.to_fields(id))
            .into_spec(&self.validate_ctx())?;
        Self::may_define(me, &spec)?;
        self.check_target(me, &spec).await?;
        let status = match current.status {
            TaskStatus::Running => TaskStatus::Running,
            _ => Self::idle_status(&spec),
        };
        let now = self.inner.ctx.clock.now();
        let task = self
            .inner
            .ctx
            .store
            .update_task(id, &spec, status, self.first_due(&spec)?, now)
            .await
            .map_err(missing)?;
        self.activate(&task).await?;
        self.get(me, id).await
    }

    pub async fn set_enabled(&self, me: &Principal, id: &str, enabled: bool) -> Result<TaskView> {
        let current = self.owned(me, id).await?;
        if current.spec.enabled == enabled {
            return Ok(self.view(current));
        }
        let patch = TaskFields {
            enabled: Some(enabled),
            ..TaskFields::default()
        };
        self.update(me, id, patch).await?;
        if !enabled {
            self.stop_runs(id);
        }
        self.get(me, id).await
    }

    pub async fn toggle(&self, me: &Principal, id: &str) -> Result<TaskView> {
        let current = self.owned(me, id).await?;
        self.set_enabled(me, id, !current.spec.enabled).await
    }

    pub async fn delete(&self, me: &Principal, id: &str) -> Result<()> {
        self.owned(me, id).await?;
        self.stop_runs(id);
        self.inner.lock().agenda.remove(id);
        self.inner.ctx.store.delete_tasks(&[id.to_string()]).await?;
        self.inner.announce(format!("deleted {id}")).await;
        if let Err(e) = self.inner.logs.remove(id) {
            tracing::warn!(task = %id, error = %e, "cannot remove a deleted task's logs");
        }
        Ok(())
    }

    /// The next `n` fire times of a definition (the console's schedule
    /// helper); nothing is saved.
    pub fn preview(&self, me: &Principal, f: TaskFields, n: usize) -> Result<Vec<DateTime<Utc>>> {
        // Only the schedule matters here; for users the executable is not
        // looked up (no probing of the server's PATH).
        let any = |_: &str| Some(PathBuf::new());
        let ctx = if me.is_admin() {
            self.validate_ctx()
        } else {
            ValidateContext {
                scripts_root: &self.inner.settings.scripts_root,
                resolve: &any,
            }
        };
        // A definition being typed may have no name yet.
        let mut f = f;
        if f.name.as_deref().unwrap_or_default().is_empty()
            && f.id.as_deref().unwrap_or_default().is_empty()
        {
            f.name = Some("preview".into());
        }
        let spec = f.into_spec(&ctx)?;
        Ok(spec
            .schedule()?
            .upcoming(self.inner.ctx.clock.now(), n.min(50)))
    }

    /// Counts by status, of the tasks the caller may see.
    pub async fn counts(&self, me: &Principal) -> Result<BTreeMap<String, usize>> {
        let mut out = BTreeMap::new();
        for t in self.all_visible(me).await? {
            *out.entry(t.status.as_str().to_string()).or_default() += 1;
        }
        Ok(out)
    }
}
