//! Runs of container tasks: placed and reserved like an instance (by the
//! instance service), the task's argv in a new container with the spec's
//! limits, its output copied line by line into the task's log, stopped with
//! the container (SIGTERM, SIGKILL after `kill_timeout`) at the timeout or on
//! request, and removed after — its reservation released with it.
//!
//! A server that stops leaves its container runs going (they are not its
//! processes): the next server re-attaches to those whose container still
//! runs and records the others' end; labelled containers nothing accounts
//! for are removed.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bollard::Docker;
use futures::StreamExt;
use tianqi_core::clock::Clock;
use tianqi_core::policy::Principal;
use tianqi_core::tasks::container::run_container_name;
use tianqi_core::tasks::{ExitOutcome, Task, TaskRun, TaskStatus, LABEL_TASK_RUN};
use tianqi_core::{Error, Result};
use tianqi_docker::container as dc;
use tianqi_store::{RunEnd, TaskReservation};
use tianqi_tasks::{Command, Ending, Finished, LogFile};
use tokio_util::sync::CancellationToken;

use super::run::ORPHANED;
use super::Inner;
use crate::instances::TaskRunCommand;

/// How long output still buffered by the engine is read after the container
/// ended.
const DRAIN: Duration = Duration::from_secs(2);

/// Docker reports a process ended by signal `n` as exit code 128 + n.
fn outcome(code: i64, ending: &Ending) -> ExitOutcome {
    let code = i32::try_from(code).unwrap_or(-1);
    match ending {
        Ending::TimedOut | Ending::Stopped if (129..=192).contains(&code) => {
            ExitOutcome::Signal(code - 128)
        }
        _ => ExitOutcome::Code(code),
    }
}

/// Copies the container's output into the log, one timestamped line per
/// line (a line split by the engine's frames is joined again).
fn copy_output(
    docker: Docker,
    container: String,
    since: i64,
    log: Arc<LogFile>,
    clock: Arc<dyn Clock>,
    run_id: i64,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut out = Box::pin(tianqi_docker::observe::follow_output(
            &docker, &container, since,
        ));
        let mut pending: [(&'static str, Vec<u8>); 2] =
            [("stdout", Vec::new()), ("stderr", Vec::new())];
        while let Some(Ok((stream, bytes))) = out.next().await {
            let slot = usize::from(stream == "stderr");
            let buf = &mut pending[slot].1;
            buf.extend_from_slice(&bytes);
            while let Some(nl) = buf.iter().position(|b| *b == b'\n') {
                let line: Vec<u8> = buf.drain(..=nl).collect();
                log.line(clock.now(), run_id, stream, &String::from_utf8_lossy(&line));
            }
        }
        for (stream, rest) in pending {
            if !rest.is_empty() {
                log.line(clock.now(), run_id, stream, &String::from_utf8_lossy(&rest));
            }
        }
    })
}

impl Inner {
    /// The task's owner as a principal: runs see the catalog as their owner
    /// does (an image unlisted since is no longer usable by a user).
    async fn owner_principal(&self, owner_id: i64) -> Result<Principal> {
        let user = self.ctx.store.user(owner_id).await?;
        if !user.enabled {
            return Err(Error::forbidden(format!(
                "the task's owner `{}` is disabled",
                user.username
            )));
        }
        Ok(Principal {
            user_id: user.id,
            username: user.username,
            role: user.role,
            token_id: 0,
            must_change_password: false,
        })
    }

    /// One run of a container task. `None`: the server is stopping and the
    /// run was left going in its container (re-attached at the next start).
    pub(super) async fn run_container(
        self: &Arc<Self>,
        task: &Task,
        cmd: &Command,
        run_id: i64,
        log: Arc<LogFile>,
        stop: &CancellationToken,
        parent: &CancellationToken,
    ) -> Option<Finished> {
        let started = Instant::now();
        let clock: Arc<dyn Clock> = self.ctx.clock.clone();
        let fail = |why: String| {
            log.line(clock.now(), run_id, "tianqi", &format!("ERROR {why}"));
            Some(Finished {
                exit: None,
                ending: Ending::SpawnFailed(why),
                duration: started.elapsed(),
            })
        };
        let (Some(image_id), Some(spec_id)) = (task.spec.image_id, task.spec.spec_id) else {
            return fail("a container task needs image_id and spec_id".into());
        };
        let owner = match self.owner_principal(task.owner_id).await {
            Ok(p) => p,
            Err(e) => return fail(e.to_string()),
        };
        let placed = match self
            .instances
            .reserve_task_run(&owner, &task.id, run_id, image_id, spec_id)
            .await
        {
            Ok(p) => p,
            Err(e) => return fail(format!("cannot place the run: {e}")),
        };
        log.line(
            clock.now(),
            run_id,
            "tianqi",
            &format!("INFO placed on node {}", placed.node_id),
        );
        let name = run_container_name(&self.ctx.install_id, run_id);
        let docker = match self
            .instances
            .start_task_container(
                &placed,
                TaskRunCommand {
                    task_id: &task.id,
                    owner_id: task.owner_id,
                    argv: cmd.argv.clone(),
                    env: &cmd.env,
                    cwd: task.spec.cwd.clone(),
                },
            )
            .await
        {
            Ok((docker, _)) => docker,
            Err(e) => {
                self.instances
                    .end_task_run(run_id, placed.node_id, &name)
                    .await;
                return fail(format!("cannot start the run's container: {e}"));
            }
        };
        log.line(
            clock.now(),
            run_id,
            "tianqi",
            &format!("INFO started container {name}"),
        );
        let finished = self
            .follow(&docker, &name, 0, cmd, run_id, log, stop, parent, started)
            .await;
        if finished.is_some() {
            self.instances
                .end_task_run(run_id, placed.node_id, &name)
                .await;
        }
        finished
    }

    /// Follows a started container to its end (copying its output from
    /// `since`), its timeout, or a stop. `None`: left going because its
    /// chain's `parent` ended — the server is stopping, or no longer
    /// schedules — and the next scheduler re-attaches it.
    #[allow(clippy::too_many_arguments)]
    async fn follow(
        &self,
        docker: &Docker,
        name: &str,
        since: i64,
        cmd: &Command,
        run_id: i64,
        log: Arc<LogFile>,
        stop: &CancellationToken,
        parent: &CancellationToken,
        started: Instant,
    ) -> Option<Finished> {
        let clock: Arc<dyn Clock> = self.ctx.clock.clone();
        let copier = copy_output(
            docker.clone(),
            name.to_owned(),
            since,
            log.clone(),
            clock.clone(),
            run_id,
        );
        let timeout = async {
            match cmd.timeout {
                Some(t) => tokio::time::sleep(t).await,
                None => std::future::pending().await,
            }
        };
        let (waited, ending) = tokio::select! {
            r = dc::wait_exit(docker, name) => (Some(r), Ending::Exited),
            () = timeout => (None, Ending::TimedOut),
            () = stop.cancelled() => (None, Ending::Stopped),
        };
        if ending == Ending::Stopped && parent.is_cancelled() {
            copier.abort();
            log.line(
                clock.now(),
                run_id,
                "tianqi",
                "INFO the container keeps running: this server is stopping or no longer schedules the tasks, and the next scheduler re-attaches it",
            );
            return None;
        }
        let waited = match waited {
            Some(r) => r,
            None => {
                let what = if ending == Ending::TimedOut {
                    "timed out"
                } else {
                    "stop requested"
                };
                log.line(
                    clock.now(),
                    run_id,
                    "tianqi",
                    &format!(
                        "WARNING {what}: stopping the container (SIGTERM, SIGKILL in {} s)",
                        cmd.kill_timeout.as_secs()
                    ),
                );
                let grace = i64::try_from(cmd.kill_timeout.as_secs()).unwrap_or(i64::MAX);
                if let Err(e) = dc::stop(docker, name, grace).await {
                    tracing::warn!(run = run_id, error = %e, "cannot stop a task run's container");
                }
                dc::wait_exit(docker, name).await
            }
        };
        let abort = copier.abort_handle();
        if tokio::time::timeout(DRAIN, copier).await.is_err() {
            abort.abort();
        }
        let (exit, ending) = match waited {
            Ok(code) => (Some(outcome(code, &ending)), ending),
            Err(e) => (
                None,
                Ending::SpawnFailed(format!("lost the run's container: {e}")),
            ),
        };
        let finished = Finished {
            exit,
            ending,
            duration: started.elapsed(),
        };
        let summary = match exit {
            Some(ExitOutcome::Code(0)) if finished.ending == Ending::Exited => {
                "INFO exited with code 0".to_string()
            }
            Some(ExitOutcome::Code(c)) => format!("ERROR exited with code {c}"),
            Some(ExitOutcome::Signal(s)) => format!("ERROR killed by signal {s}"),
            None => "ERROR ended without an exit status".to_string(),
        };
        log.line(
            clock.now(),
            run_id,
            "tianqi",
            &format!("{summary} after {} ms", finished.duration.as_millis()),
        );
        Some(finished)
    }

    /// At boot, before runs left RUNNING become EXCEPTION: each container
    /// run still going is re-attached; the others are recorded as ended
    /// with the reason, their containers removed and capacity released;
    /// labelled containers no reservation accounts for are removed.
    pub(super) async fn recover_container_runs(self: &Arc<Self>) -> Result<()> {
        let mut kept: HashSet<String> = HashSet::new();
        for r in self.ctx.store.task_reservations().await? {
            let name = run_container_name(&self.ctx.install_id, r.run_id);
            let run = self.ctx.store.task_run(r.run_id).await?;
            let task = self.ctx.store.task(&r.task_id).await.ok();
            let docker = self.instances.task_docker(r.node_id).await.ok();
            let state = match &docker {
                Some(d) => dc::run_state(d, &name).await.ok().flatten(),
                None => None,
            };
            match (task, docker, &state) {
                (Some(task), Some(docker), Some(s))
                    if s.running && run.status == TaskStatus::Running =>
                {
                    kept.insert(name.clone());
                    self.reattach(task, run, r, docker, name);
                }
                _ => {
                    // Its container goes (and its capacity) before the end is
                    // recorded, as for any run.
                    self.instances
                        .end_task_run(r.run_id, r.node_id, &name)
                        .await;
                    if run.status == TaskStatus::Running {
                        let (why, exit) = match &state {
                            Some(s) => (
                                format!(
                                    "{ORPHANED}; its container had ended (exit code {})",
                                    s.end.exit_code
                                ),
                                i32::try_from(s.end.exit_code).ok(),
                            ),
                            None => (format!("{ORPHANED}; its container is gone"), None),
                        };
                        let now = self.ctx.clock.now();
                        let end = RunEnd {
                            status: TaskStatus::Exception,
                            ended_at: now,
                            duration_ms: (now - run.started_at).num_milliseconds(),
                            exit_code: exit,
                            signal: None,
                            reason: Some(why),
                        };
                        self.ctx
                            .store
                            .finish_task_run(r.run_id, &r.task_id, &end, TaskStatus::Exception)
                            .await?;
                    }
                }
            }
        }
        self.sweep_unaccounted(&kept).await
    }

    /// Removes task-run containers of this installation that nothing
    /// accounts for (a server died between making one and recording it),
    /// on every connected node.
    async fn sweep_unaccounted(&self, kept: &HashSet<String>) -> Result<()> {
        let live: HashSet<String> = self
            .ctx
            .store
            .task_reservations()
            .await?
            .iter()
            .map(|r| run_container_name(&self.ctx.install_id, r.run_id))
            .chain(kept.iter().cloned())
            .collect();
        for node in self.ctx.store.all_nodes().await? {
            if node.docker_status != tianqi_core::catalog::node::DockerStatus::Connected {
                continue;
            }
            let Ok(docker) = self.instances.task_docker(node.id).await else {
                continue;
            };
            let Ok(found) =
                dc::list_with_label(&docker, &self.ctx.install_id, LABEL_TASK_RUN).await
            else {
                continue;
            };
            for (id, run) in found {
                let name = run
                    .parse::<i64>()
                    .map(|r| run_container_name(&self.ctx.install_id, r))
                    .unwrap_or_default();
                if !live.contains(&name) {
                    tracing::warn!(container = %id, run = %run, "removing a task run's container nothing accounts for");
                    let _ = dc::remove(&docker, &id, &[]).await;
                }
            }
        }
        Ok(())
    }

    /// Follows a run's container again after a restart, as one more chain
    /// of the task (stop reaches it); its end is recorded as a run's, without
    /// retries (the chain that would have retried it is gone).
    fn reattach(
        self: &Arc<Self>,
        task: Task,
        run: TaskRun,
        r: TaskReservation,
        docker: Docker,
        name: String,
    ) {
        let (seq, token, parent) = {
            let mut st = self.lock();
            self.register_chain(&mut st, &task.id)
        };
        let inner = self.clone();
        self.tracker.spawn(async move {
            let clock = inner.ctx.clock.clone();
            let log = inner.logs.writer(&task.id);
            let now = clock.now();
            log.line(
                now,
                run.id,
                "tianqi",
                &format!("INFO re-attached to container {name} after a server restart"),
            );
            let ran_for = (now - run.started_at).to_std().unwrap_or_default();
            let spec = &task.spec;
            let cmd = Command {
                argv: Vec::new(),
                cwd: std::path::PathBuf::new(),
                env: Default::default(),
                timeout: (spec.timeout > 0)
                    .then(|| Duration::from_secs(spec.timeout).saturating_sub(ran_for)),
                kill_timeout: Duration::from_secs(spec.kill_timeout),
            };
            let started = Instant::now()
                .checked_sub(ran_for)
                .unwrap_or_else(Instant::now);
            // Output from now on: what came before is in the log already.
            let since = now.timestamp();
            if let Some(finished) = inner
                .follow(
                    &docker, &name, since, &cmd, run.id, log, &token, &parent, started,
                )
                .await
            {
                // Removed (and its capacity released) before the end is
                // recorded, as for a run that was never interrupted.
                inner.instances.end_task_run(run.id, r.node_id, &name).await;
                let full = Command {
                    timeout: (spec.timeout > 0).then(|| Duration::from_secs(spec.timeout)),
                    ..cmd
                };
                let status = match &finished.ending {
                    _ if finished.success() => TaskStatus::Success,
                    Ending::SpawnFailed(_) => TaskStatus::Exception,
                    _ => TaskStatus::Failed,
                };
                let task_status = match () {
                    _ if !spec.enabled => TaskStatus::Disabled,
                    _ if finished.ending == Ending::Stopped => TaskStatus::Idle,
                    _ => status,
                };
                let end = RunEnd {
                    status,
                    ended_at: clock.now(),
                    duration_ms: i64::try_from(finished.duration.as_millis()).unwrap_or(i64::MAX),
                    exit_code: match finished.exit {
                        Some(ExitOutcome::Code(c)) => Some(c),
                        _ => None,
                    },
                    signal: match finished.exit {
                        Some(ExitOutcome::Signal(s)) => Some(s),
                        _ => None,
                    },
                    reason: finished.reason(&full),
                };
                if let Err(e) = inner
                    .ctx
                    .store
                    .finish_task_run(run.id, &task.id, &end, task_status)
                    .await
                {
                    tracing::warn!(task = %task.id, error = %e, "cannot record a task run's end");
                }
            }
            inner.chain_ended(&task.id, seq, true).await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stopped_or_timed_out_container_reports_its_signal() {
        assert_eq!(outcome(3, &Ending::Exited), ExitOutcome::Code(3));
        // A program may exit 137 itself: only a stop makes it a signal.
        assert_eq!(outcome(137, &Ending::Exited), ExitOutcome::Code(137));
        assert_eq!(outcome(137, &Ending::TimedOut), ExitOutcome::Signal(9));
        assert_eq!(outcome(143, &Ending::Stopped), ExitOutcome::Signal(15));
        assert_eq!(outcome(1, &Ending::Stopped), ExitOutcome::Code(1));
    }
}
