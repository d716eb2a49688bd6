//! A job's life: its container made from the spec's instance plan and
//! started, its output copied into the job's log and fed to the tracker,
//! `trainer_log.jsonl` read from the output directory inside the container
//! every `finetune.jsonl_poll_ms`, figures saved on the same beat, a stop
//! (SIGTERM, SIGKILL after the grace) that ends the job `stopped`, and at the
//! end the container removed and the capacity released in the write that
//! records the end — whichever way it ends, a failed start included.
//!
//! A server that stops leaves running jobs going (they are not its
//! processes): the next one re-attaches to those whose container still runs
//! (their tracker resumed from the stored figures) and records the end of
//! the others with the reason.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bollard::Docker;
use futures::StreamExt;
use tianqi_core::finetune::container::{job_container_name, job_plan, JobContainer};
use tianqi_core::finetune::{
    mounts, output_dir, parse_line, trainer_argv, JobStatus, Parsed, Tracker, TRAINER_LOG,
};
use tianqi_core::{Error, Result};
use tianqi_docker::container as dc;
use tianqi_store::{JobProgress, StoredJob};
use tianqi_tasks::LogFile;
use tokio_util::sync::CancellationToken;

use super::{lock, log_key, Inner};
use crate::instances::TaskPlacement;

/// How long output still buffered by the engine is read after the end.
const DRAIN: Duration = Duration::from_secs(2);
/// The most of `trainer_log.jsonl` read at once.
const JSONL_MAX: usize = 16 * 1024 * 1024;

/// What follows one job's container.
struct Follow {
    job_id: i64,
    node_id: i64,
    docker: Docker,
    container: String,
    /// Output from this unix time (0 = all of it).
    since: i64,
    output_dir: String,
    tracker: Arc<Mutex<Tracker>>,
    log: Arc<LogFile>,
    stop: CancellationToken,
}

/// How a follow ended.
enum Outcome {
    /// The container ended with this code.
    Exited(i64),
    /// The engine lost it (or the wait failed): the reason.
    Lost(String),
    /// The server is stopping; the container keeps running.
    Left,
}

impl Inner {
    fn register(&self, id: i64) -> CancellationToken {
        let token = CancellationToken::new();
        lock(&self.active).insert(id, token.clone());
        token
    }

    fn unregister(&self, id: i64) {
        lock(&self.active).remove(&id);
    }

    fn note(&self, log: &LogFile, id: i64, text: &str) {
        log.line(self.ctx.clock.now(), id, "tianqi", text);
    }

    /// Starts a just-reserved job in the background.
    pub(super) fn launch(self: &Arc<Self>, job: StoredJob, placement: TaskPlacement) {
        let token = self.register(job.job.id);
        let inner = self.clone();
        self.tracker.spawn(async move {
            let id = job.job.id;
            inner.run(job, placement, token).await;
            inner.unregister(id);
        });
    }

    async fn run(&self, job: StoredJob, p: TaskPlacement, stop: CancellationToken) {
        let id = job.job.id;
        let log = self.logs.writer(&log_key(id));
        let mut spec = job.job.spec.clone();
        let out = output_dir(&spec, &self.settings.output_root, id);
        spec.output_path = out.clone();
        let argv = trainer_argv(&spec, &out, &self.settings.trainer);
        if let Err(e) = self.ctx.store.set_finetune_launch(id, &spec, &argv).await {
            return self
                .fail_start(id, p.node_id, "", &log, &e.to_string())
                .await;
        }
        self.note(&log, id, &format!("INFO placed on node {}", p.node_id));
        let binds = mounts(&spec, &out);
        let install_id = self.ctx.install_id.clone();
        let made = self
            .instances
            .create_placed_container(&p, "finetune", job.job.owner_id, |base| {
                job_plan(
                    base,
                    &JobContainer {
                        install_id: &install_id,
                        job_id: id,
                        owner_id: job.job.owner_id,
                        node_id: p.node_id,
                        argv: argv.clone(),
                        mounts: &binds,
                        output_dir: &out,
                        dataset_path: &spec.dataset_path,
                        base_model: &spec.base_model,
                    },
                )
            })
            .await;
        let (docker, cid) = match made {
            Ok(v) => v,
            Err(e) => {
                let why = format!("cannot make the job's container: {e}");
                return self.fail_start(id, p.node_id, "", &log, &why).await;
            }
        };
        if let Err(e) = self.ctx.store.set_finetune_container(id, &cid).await {
            return self
                .fail_start(id, p.node_id, &cid, &log, &e.to_string())
                .await;
        }
        // A stop asked for before the start: the trainer never runs.
        if stop.is_cancelled() {
            self.note(&log, id, "WARNING stopped before the trainer started");
            return self
                .end(id, p.node_id, &cid, JobStatus::Stopped, None, "")
                .await;
        }
        if let Err(e) = self
            .instances
            .start_placed_container(&docker, p.node_id, &cid)
            .await
        {
            let why = format!("cannot start the job's container: {e}");
            return self.fail_start(id, p.node_id, &cid, &log, &why).await;
        }
        let now = self.ctx.clock.now();
        if let Err(e) = self.ctx.store.set_finetune_running(id, now).await {
            tracing::warn!(job = id, error = %e, "cannot record a fine-tuning job's start");
        }
        self.note(
            &log,
            id,
            &format!(
                "INFO started container {}",
                job_container_name(&install_id, id)
            ),
        );
        let tracker = Arc::new(Mutex::new(Tracker::new(&spec.params)));
        self.follow(Follow {
            job_id: id,
            node_id: p.node_id,
            docker,
            container: cid,
            since: 0,
            output_dir: out,
            tracker,
            log,
            stop,
        })
        .await;
    }

    async fn fail_start(&self, id: i64, node_id: i64, cid: &str, log: &LogFile, why: &str) {
        self.note(log, id, &format!("ERROR {why}"));
        self.end(id, node_id, cid, JobStatus::Failed, None, why)
            .await;
    }

    /// Removes the container, then records the end and releases the
    /// capacity in one write; a container that cannot be removed keeps its
    /// capacity (the reconcile round retries).
    async fn end(
        &self,
        id: i64,
        node_id: i64,
        cid: &str,
        status: JobStatus,
        exit_code: Option<i64>,
        error: &str,
    ) {
        let removed = self
            .instances
            .remove_placed_container("fine-tuning job", id, node_id, cid)
            .await;
        let now = self.ctx.clock.now();
        if let Err(e) = self
            .ctx
            .store
            .finish_finetune_job(id, status, exit_code, error, removed, now)
            .await
        {
            tracing::warn!(job = id, error = %e, "cannot record a fine-tuning job's end");
        }
        if !removed {
            lock(&self.deferred).insert(id);
        }
    }

    /// Reads the trainer's jsonl file from the container; true when it
    /// said anything new.
    async fn read_jsonl(&self, f: &Follow) -> bool {
        let path = format!("{}/{TRAINER_LOG}", f.output_dir.trim_end_matches('/'));
        match dc::read_file(&f.docker, &f.container, &path, JSONL_MAX).await {
            Ok(Some(bytes)) => lock(&f.tracker).feed_jsonl_file(&String::from_utf8_lossy(&bytes)),
            Ok(None) => false,
            Err(e) => {
                tracing::debug!(job = f.job_id, error = %e, "cannot read trainer_log.jsonl");
                false
            }
        }
    }

    async fn save(&self, f: &Follow) {
        let (progress, metrics, seen, points) = {
            let mut t = lock(&f.tracker);
            (
                t.progress,
                t.metrics.clone(),
                t.jsonl_seen(),
                t.take_points(),
            )
        };
        let p = JobProgress {
            progress,
            metrics: &metrics,
            jsonl_seen: seen,
            points: &points,
        };
        if let Err(e) = self.ctx.store.save_finetune_progress(f.job_id, &p).await {
            tracing::warn!(job = f.job_id, error = %e, "cannot save a fine-tuning job's progress");
        }
    }

    /// Follows a started container to its end, then records it.
    async fn follow(&self, f: Follow) {
        let copier = copy_output(&f, self.ctx.clock.clone());
        let outcome = self.watch(&f).await;
        let abort = copier.abort_handle();
        if matches!(outcome, Outcome::Left) {
            abort.abort();
            self.read_jsonl(&f).await;
            self.save(&f).await;
            self.note(
                &f.log,
                f.job_id,
                "INFO the server is stopping: the job keeps running and is re-attached at the next start",
            );
            return;
        }
        if tokio::time::timeout(DRAIN, copier).await.is_err() {
            abort.abort();
        }
        self.read_jsonl(&f).await;
        self.save(&f).await;
        // The stored flag, not this server's token: a stop asked for just
        // as the trainer ended by itself still reads as a stop.
        let stop_requested = match self.ctx.store.finetune_job(f.job_id).await {
            Ok(j) => j.stop_requested,
            Err(_) => f.stop.is_cancelled(),
        };
        let (status, code, why) = match outcome {
            Outcome::Exited(code) => {
                let status = JobStatus::after_exit(code, stop_requested);
                let why = if status == JobStatus::Failed {
                    format!("the trainer exited with code {code}")
                } else {
                    String::new()
                };
                (status, Some(code), why)
            }
            Outcome::Lost(why) if stop_requested => {
                let _ = why;
                (JobStatus::Stopped, None, String::new())
            }
            Outcome::Lost(why) => (JobStatus::Failed, None, why),
            Outcome::Left => return,
        };
        let level = if status == JobStatus::Failed {
            "ERROR"
        } else {
            "INFO"
        };
        self.note(
            &f.log,
            f.job_id,
            &format!(
                "{level} the job ended {}{}",
                status.as_str(),
                code.map(|c| format!(" (exit code {c})"))
                    .unwrap_or_default()
            ),
        );
        self.end(f.job_id, f.node_id, &f.container, status, code, &why)
            .await;
    }

    /// Waits for the container's end, reading the jsonl file and saving
    /// figures on the poll beat; a stop request stops the container.
    async fn watch(&self, f: &Follow) -> Outcome {
        let exit = dc::wait_exit(&f.docker, &f.container);
        tokio::pin!(exit);
        let mut beat = tokio::time::interval(self.settings.jsonl_poll);
        beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut stopping = false;
        loop {
            tokio::select! {
                r = &mut exit => {
                    return match r {
                        Ok(code) => Outcome::Exited(code),
                        Err(e) => Outcome::Lost(format!("lost the job's container: {e}")),
                    };
                }
                () = self.stop.cancelled() => return Outcome::Left,
                () = f.stop.cancelled(), if !stopping => {
                    stopping = true;
                    let grace = self.settings.stop_grace.as_secs();
                    self.note(&f.log, f.job_id, &format!(
                        "WARNING stop requested: stopping the trainer (SIGTERM, SIGKILL in {grace} s)"
                    ));
                    let docker = f.docker.clone();
                    let container = f.container.clone();
                    let job = f.job_id;
                    // In the background, so the wait above sees the end.
                    tokio::spawn(async move {
                        let grace = i64::try_from(grace).unwrap_or(i64::MAX);
                        if let Err(e) = dc::stop(&docker, &container, grace).await {
                            tracing::warn!(job, error = %e, "cannot stop a fine-tuning job's container");
                        }
                    });
                }
                _ = beat.tick() => {
                    self.read_jsonl(f).await;
                    self.save(f).await;
                }
            }
        }
    }

    /// Settles the jobs a previous server left (all unfinished ones), or
    /// only `ids` and the ended ones still holding capacity.
    pub(super) async fn recover(self: &Arc<Self>, ids: Option<HashSet<i64>>) -> Result<()> {
        for job in self.ctx.store.unfinished_finetune_jobs().await? {
            let id = job.job.id;
            if lock(&self.active).contains_key(&id) {
                continue;
            }
            if let Some(ids) = &ids {
                if job.job.status.is_active() && !ids.contains(&id) {
                    continue;
                }
            }
            if let Err(e) = self.recover_one(job).await {
                tracing::warn!(job = id, error = %e, "cannot settle a fine-tuning job; retrying");
                lock(&self.deferred).insert(id);
            }
        }
        Ok(())
    }

    async fn recover_one(self: &Arc<Self>, job: StoredJob) -> Result<()> {
        let id = job.job.id;
        let Some(node_id) = job.job.node_id else {
            // Its node was deleted: nothing is held anywhere.
            let why = "the job's node was removed";
            let status = if job.job.status.is_active() {
                JobStatus::Failed
            } else {
                job.job.status
            };
            self.end(id, 0, "", status, None, why).await;
            return Ok(());
        };
        let log = self.logs.writer(&log_key(id));
        if !job.job.status.is_active() {
            // Ended, its container not yet removed.
            self.end(
                id,
                node_id,
                &job.container_id,
                job.job.status,
                job.job.exit_code,
                &job.job.error,
            )
            .await;
            return Ok(());
        }
        if job.container_id.is_empty() {
            let why = "the server restarted before the job's container was made";
            self.note(&log, id, &format!("ERROR {why}"));
            self.end(id, node_id, "", JobStatus::Failed, None, why)
                .await;
            return Ok(());
        }
        let docker = match self.instances.task_docker(node_id).await {
            Ok(d) => d,
            Err(Error::NotFound(_)) => {
                self.end(
                    id,
                    node_id,
                    "",
                    JobStatus::Failed,
                    None,
                    "the job's node was removed",
                )
                .await;
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        let state = dc::run_state(&docker, &job.container_id)
            .await
            .map_err(|e| Error::Unavailable(format!("node {node_id}: {e}")))?;
        let out = job.job.spec.output_path.clone();
        let tracker = Arc::new(Mutex::new(Tracker::resume(
            &job.job.spec.params,
            job.job.progress,
            job.job.metrics.clone(),
            job.jsonl_seen,
        )));
        let token = self.register(id);
        if job.stop_requested {
            token.cancel();
        }
        let f = Follow {
            job_id: id,
            node_id,
            docker,
            container: job.container_id.clone(),
            since: self.ctx.clock.now().timestamp(),
            output_dir: out,
            tracker,
            log: log.clone(),
            stop: token,
        };
        match state {
            Some(s) if s.running => {
                if job.job.status == JobStatus::Pending {
                    let _ = self
                        .ctx
                        .store
                        .set_finetune_running(id, self.ctx.clock.now())
                        .await;
                }
                self.note(
                    &log,
                    id,
                    "INFO re-attached to the job's container after a server restart",
                );
                let inner = self.clone();
                self.tracker.spawn(async move {
                    inner.follow(f).await;
                    inner.unregister(id);
                });
            }
            Some(s) => {
                // It ended while no server watched: what it wrote still counts.
                self.read_jsonl(&f).await;
                self.save(&f).await;
                let status = JobStatus::after_exit(s.end.exit_code, job.stop_requested);
                let why = if status == JobStatus::Failed {
                    format!(
                        "the trainer exited with code {} while the server was down",
                        s.end.exit_code
                    )
                } else {
                    String::new()
                };
                self.note(
                    &log,
                    id,
                    &format!(
                        "INFO the job ended {} while the server was down",
                        status.as_str()
                    ),
                );
                self.end(
                    id,
                    node_id,
                    &job.container_id,
                    status,
                    Some(s.end.exit_code),
                    &why,
                )
                .await;
                self.unregister(id);
            }
            None => {
                let why = "the server restarted and the job's container is gone";
                self.note(&log, id, &format!("ERROR {why}"));
                let status = if job.stop_requested {
                    JobStatus::Stopped
                } else {
                    JobStatus::Failed
                };
                self.end(id, node_id, "", status, None, why).await;
                self.unregister(id);
            }
        }
        Ok(())
    }
}

/// Copies the container's output into the job's log, one timestamped line
/// per line (a line split by the engine's frames is joined again), and
/// feeds each to the tracker.
fn copy_output(
    f: &Follow,
    clock: Arc<dyn tianqi_core::clock::Clock>,
) -> tokio::task::JoinHandle<()> {
    let docker = f.docker.clone();
    let container = f.container.clone();
    let since = f.since;
    let log = f.log.clone();
    let tracker = f.tracker.clone();
    let id = f.job_id;
    tokio::spawn(async move {
        let mut out = Box::pin(tianqi_docker::observe::follow_output(
            &docker, &container, since,
        ));
        let mut pending: [(&'static str, Vec<u8>); 2] =
            [("stdout", Vec::new()), ("stderr", Vec::new())];
        let emit = |stream: &str, bytes: &[u8]| {
            let line = String::from_utf8_lossy(bytes);
            feed(&tracker, &line);
            // A tqdm bar redraws with `\r`: the log keeps its last state.
            let shown = line
                .trim_end()
                .rsplit('\r')
                .find(|s| !s.trim().is_empty())
                .unwrap_or("");
            log.line(clock.now(), id, stream, shown);
        };
        while let Some(Ok((stream, bytes))) = out.next().await {
            let slot = usize::from(stream == "stderr");
            let buf = &mut pending[slot].1;
            buf.extend_from_slice(&bytes);
            while let Some(nl) = buf.iter().position(|b| *b == b'\n') {
                let line: Vec<u8> = buf.drain(..=nl).collect();
                emit(stream, &line);
            }
            // A bar redrawn with `\r` and no newline yet: its states reach
            // the tracker now; the log gets the last one with the newline.
            if let Some(cr) = buf.iter().rposition(|b| *b == b'\r') {
                let redraws: Vec<u8> = buf.drain(..cr).collect();
                feed(&tracker, &String::from_utf8_lossy(&redraws));
                // tqdm writes each redraw whole: the latest one counts now,
                // before the dict line of the same step.
                feed(&tracker, &String::from_utf8_lossy(buf));
            }
        }
        for (stream, rest) in pending {
            if !rest.is_empty() {
                emit(stream, &rest);
            }
        }
    })
}

/// One output line to the tracker. A Trainer dict line names no step (the
/// tracker takes the bar's): once `trainer_log.jsonl` is being read, its
/// lines — which name their step — make the series alone, so the two
/// sources never put a loss at two different steps.
fn feed(tracker: &Mutex<Tracker>, line: &str) {
    let mut t = lock(tracker);
    if t.jsonl_seen() > 0 && matches!(parse_line(line), Some(Parsed::Dict(_))) {
        return;
    }
    t.feed(line);
}
