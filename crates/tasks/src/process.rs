//! One run of a host process: started in a process group of its own (so a
//! stop or a timeout reaches every process it started), its output copied
//! line by line into the task's log, stopped by SIGTERM to the group and
//! SIGKILL after `kill_timeout`.

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{ExitStatus, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use nix::sys::signal::{killpg, Signal};
use nix::unistd::Pid;
use tianqi_core::clock::Clock;
use tianqi_core::tasks::ExitOutcome;
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::process::Child;
use tokio_util::sync::CancellationToken;

use crate::logs::LogFile;

/// How long output still held open by a leftover child is read after the
/// process itself ended.
const DRAIN: Duration = Duration::from_secs(2);

/// What to run. `argv[0]` is looked up on PATH when it has no `/`.
#[derive(Debug, Clone)]
pub struct Command {
    pub argv: Vec<String>,
    pub cwd: PathBuf,
    /// Added to the server's own environment.
    pub env: BTreeMap<String, String>,
    /// None = no limit.
    pub timeout: Option<Duration>,
    pub kill_timeout: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// Ran to its end by itself.
    Exited,
    /// Killed at the timeout.
    TimedOut,
    /// Stopped on request.
    Stopped,
    /// Could not be started at all.
    SpawnFailed(String),
}

#[derive(Debug, Clone)]
pub struct Finished {
    pub exit: Option<ExitOutcome>,
    pub ending: Ending,
    pub duration: Duration,
}

impl Finished {
    pub fn success(&self) -> bool {
        self.ending == Ending::Exited && self.exit.is_some_and(ExitOutcome::success)
    }

    /// The reason in words, when it did not simply succeed.
    pub fn reason(&self, cmd: &Command) -> Option<String> {
        match &self.ending {
            Ending::SpawnFailed(e) => Some(e.clone()),
            Ending::TimedOut => Some(format!(
                "timed out after {} s",
                cmd.timeout.map(|t| t.as_secs()).unwrap_or_default()
            )),
            Ending::Stopped => Some("stopped".into()),
            Ending::Exited => match self.exit {
                Some(ExitOutcome::Code(0)) | None => None,
                Some(ExitOutcome::Code(c)) => Some(format!("exited with code {c}")),
                Some(ExitOutcome::Signal(s)) => Some(format!("killed by signal {s}")),
            },
        }
    }
}

fn outcome(status: ExitStatus) -> Option<ExitOutcome> {
    status
        .code()
        .map(ExitOutcome::Code)
        .or_else(|| status.signal().map(ExitOutcome::Signal))
}

fn signal_group(pgid: Option<i32>, signal: Signal) {
    if let Some(pgid) = pgid {
        // ESRCH: the group is gone already, which is what we want.
        let _ = killpg(Pid::from_raw(pgid), signal);
    }
}

fn copy_lines<R: AsyncRead + Unpin + Send + 'static>(
    reader: R,
    log: Arc<LogFile>,
    clock: Arc<dyn Clock>,
    run_id: i64,
    stream: &'static str,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut reader = BufReader::new(reader);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => log.line(clock.now(), run_id, stream, &String::from_utf8_lossy(&buf)),
            }
        }
    })
}

/// Runs `cmd` to its end (or its timeout, or `stop`).
pub async fn run(
    cmd: &Command,
    log: Arc<LogFile>,
    clock: Arc<dyn Clock>,
    run_id: i64,
    stop: CancellationToken,
) -> Finished {
    let started = Instant::now();
    let Some((program, args)) = cmd.argv.split_first() else {
        return Finished {
            exit: None,
            ending: Ending::SpawnFailed("nothing to run".into()),
            duration: started.elapsed(),
        };
    };
    let mut command = tokio::process::Command::new(program);
    command
        .args(args)
        .current_dir(&cmd.cwd)
        .envs(&cmd.env)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true);
    let mut child: Child = match command.spawn() {
        Ok(c) => c,
        Err(e) => {
            let why = format!("cannot start `{program}`: {e}");
            log.line(clock.now(), run_id, "tianqi", &format!("ERROR {why}"));
            return Finished {
                exit: None,
                ending: Ending::SpawnFailed(why),
                duration: started.elapsed(),
            };
        }
    };
    let pgid = child.id().and_then(|p| i32::try_from(p).ok());
    log.line(
        clock.now(),
        run_id,
        "tianqi",
        &format!("INFO started pid {}", pgid.unwrap_or_default()),
    );
    let mut readers = Vec::new();
    if let Some(out) = child.stdout.take() {
        readers.push(copy_lines(
            out,
            log.clone(),
            clock.clone(),
            run_id,
            "stdout",
        ));
    }
    if let Some(err) = child.stderr.take() {
        readers.push(copy_lines(
            err,
            log.clone(),
            clock.clone(),
            run_id,
            "stderr",
        ));
    }

    let timeout = async {
        match cmd.timeout {
            Some(t) => tokio::time::sleep(t).await,
            None => std::future::pending().await,
        }
    };
    let (status, ending) = tokio::select! {
        s = child.wait() => (s.ok(), Ending::Exited),
        () = timeout => (None, Ending::TimedOut),
        () = stop.cancelled() => (None, Ending::Stopped),
    };
    let status = match status {
        Some(s) => Some(s),
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
                    "WARNING {what}: SIGTERM to the process group, SIGKILL in {} s",
                    cmd.kill_timeout.as_secs()
                ),
            );
            signal_group(pgid, Signal::SIGTERM);
            let exited = tokio::time::timeout(cmd.kill_timeout, child.wait()).await;
            // Whatever is left of the group (a child that ignores SIGTERM,
            // or the process itself) is killed.
            signal_group(pgid, Signal::SIGKILL);
            match exited {
                Ok(s) => s.ok(),
                Err(_) => child.wait().await.ok(),
            }
        }
    };
    for r in readers {
        let abort = r.abort_handle();
        if tokio::time::timeout(DRAIN, r).await.is_err() {
            abort.abort();
        }
    }
    let exit = status.and_then(outcome);
    let finished = Finished {
        exit,
        ending,
        duration: started.elapsed(),
    };
    let summary = match (&finished.ending, exit) {
        (Ending::Exited, Some(ExitOutcome::Code(0))) => "INFO exited with code 0".to_string(),
        (_, Some(ExitOutcome::Code(c))) => format!("ERROR exited with code {c}"),
        (_, Some(ExitOutcome::Signal(s))) => format!("ERROR killed by signal {s}"),
        (_, None) => "ERROR ended without an exit status".to_string(),
    };
    log.line(
        clock.now(),
        run_id,
        "tianqi",
        &format!("{summary} after {} ms", finished.duration.as_millis()),
    );
    finished
}
