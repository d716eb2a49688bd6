//! Task logs: one file per task under the log directory, every line with a
//! timestamp and the run it came from, rotated by size
//! (`<id>.log`, `<id>.log.1` … `<id>.log.<max_files-1>`, so at most
//! `max_files` files per task).

use std::collections::{HashMap, VecDeque};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, SecondsFormat, Utc};
use tianqi_core::tasks::{line_level, LogLevel};
use tokio::sync::broadcast;

#[derive(Debug, Clone)]
pub struct LogSettings {
    pub dir: PathBuf,
    /// Rotate when a file would grow past this many bytes.
    pub max_size: u64,
    /// Files kept per task, the current one included (≥ 1).
    pub max_files: u32,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding it leaves a file handle, still fine to use.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The log files of every task; one writer per task, shared by its runs.
pub struct Logs {
    settings: LogSettings,
    open: Mutex<HashMap<String, Arc<LogFile>>>,
    /// Every task's lines as they are written, for live followers (the log
    /// WebSockets). Nobody listening costs one failed send per line.
    live: broadcast::Sender<LiveLine>,
}

/// How many written lines a slow follower may fall behind before it is told
/// it missed some (it then goes on from the newest).
const LIVE_BACKLOG: usize = 1024;

/// A line as it was written, for followers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveLine {
    pub task_id: Arc<str>,
    pub run_id: i64,
    /// The whole line as in the file: `<time> [run N] [stream] text`.
    pub text: String,
    pub level: Option<LogLevel>,
}

/// One task's log file, written by its runs (concurrent runs interleave
/// whole lines).
pub struct LogFile {
    inner: Mutex<Rotating>,
    task_id: Arc<str>,
    live: broadcast::Sender<LiveLine>,
}

struct Rotating {
    path: PathBuf,
    file: Option<File>,
    size: u64,
    max_size: u64,
    max_files: u32,
}

/// A line of a tail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub text: String,
    pub level: Option<LogLevel>,
}

impl Logs {
    pub fn new(settings: LogSettings) -> Self {
        Self {
            settings,
            open: Mutex::default(),
            live: broadcast::channel(LIVE_BACKLOG).0,
        }
    }

    /// Every line written from now on, of every task; the caller filters.
    pub fn follow(&self) -> broadcast::Receiver<LiveLine> {
        self.live.subscribe()
    }

    pub fn dir(&self) -> &Path {
        &self.settings.dir
    }

    /// The current file's name (relative to the log directory).
    pub fn file_name(task_id: &str) -> String {
        format!("{task_id}.log")
    }

    fn path(&self, task_id: &str, n: u32) -> PathBuf {
        let base = self.settings.dir.join(Self::file_name(task_id));
        if n == 0 {
            base
        } else {
            PathBuf::from(format!("{}.{n}", base.display()))
        }
    }

    pub fn writer(&self, task_id: &str) -> Arc<LogFile> {
        let mut open = lock(&self.open);
        open.entry(task_id.to_string())
            .or_insert_with(|| {
                Arc::new(LogFile {
                    task_id: task_id.into(),
                    live: self.live.clone(),
                    inner: Mutex::new(Rotating {
                        path: self.path(task_id, 0),
                        file: None,
                        size: 0,
                        max_size: self.settings.max_size.max(1),
                        max_files: self.settings.max_files.max(1),
                    }),
                })
            })
            .clone()
    }

    /// The task's files that exist, oldest first.
    pub fn files(&self, task_id: &str) -> Vec<PathBuf> {
        (0..self.settings.max_files.max(1))
            .rev()
            .map(|n| self.path(task_id, n))
            .filter(|p| p.exists())
            .collect()
    }

    /// The last `n` lines (across rotated files), only those of `run` when
    /// given, and only those at `level` or above when given.
    pub fn tail(
        &self,
        task_id: &str,
        n: usize,
        level: Option<LogLevel>,
        run: Option<i64>,
    ) -> io::Result<Vec<LogLine>> {
        let marker = run.map(|r| format!(" [run {r}] "));
        let mut out: VecDeque<LogLine> = VecDeque::with_capacity(n.min(10_000));
        for path in self.files(task_id) {
            let file = match File::open(&path) {
                Ok(f) => f,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            };
            let mut reader = BufReader::new(file);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                if reader.read_until(b'\n', &mut buf)? == 0 {
                    break;
                }
                let text = String::from_utf8_lossy(&buf).trim_end().to_string();
                if marker.as_ref().is_some_and(|m| !text.contains(m.as_str())) {
                    continue;
                }
                let lvl = line_level(&text);
                if let Some(min) = level {
                    if lvl.is_none_or(|l| l < min) {
                        continue;
                    }
                }
                if out.len() == n {
                    out.pop_front();
                }
                if n > 0 {
                    out.push_back(LogLine { text, level: lvl });
                }
            }
        }
        Ok(out.into())
    }

    /// Removes the task's files (a run still writing starts a new one).
    pub fn clear(&self, task_id: &str) -> io::Result<()> {
        let writer = self.writer(task_id);
        let mut w = lock(&writer.inner);
        w.file = None;
        w.size = 0;
        for path in self.files(task_id) {
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Forgets a deleted task's writer and removes its files.
    pub fn remove(&self, task_id: &str) -> io::Result<()> {
        self.clear(task_id)?;
        lock(&self.open).remove(task_id);
        Ok(())
    }

    /// Bytes and files under the log directory (storage info).
    pub fn usage(&self) -> (u64, u64) {
        let Ok(entries) = fs::read_dir(&self.settings.dir) else {
            return (0, 0);
        };
        entries
            .filter_map(|e| e.ok()?.metadata().ok())
            .filter(|m| m.is_file())
            .fold((0, 0), |(b, n), m| (b + m.len(), n + 1))
    }
}

impl LogFile {
    /// Appends one line: `<time> [run N] [stream] text`.
    pub fn line(&self, now: DateTime<Utc>, run_id: i64, stream: &str, text: &str) {
        let stamp = now.to_rfc3339_opts(SecondsFormat::Millis, true);
        let line = format!("{stamp} [run {run_id}] [{stream}] {}\n", text.trim_end());
        {
            let mut w = lock(&self.inner);
            if let Err(e) = w.write(line.as_bytes()) {
                tracing::warn!(path = %w.path.display(), error = %e, "cannot write a task log line");
            }
        }
        if self.live.receiver_count() > 0 {
            let text = line.trim_end().to_string();
            // No follower left between the check and the send: nothing to do.
            let _ = self.live.send(LiveLine {
                task_id: self.task_id.clone(),
                run_id,
                level: line_level(&text),
                text,
            });
        }
    }
}

impl Rotating {
    fn numbered(&self, n: u32) -> PathBuf {
        PathBuf::from(format!("{}.{n}", self.path.display()))
    }

    fn rotate(&mut self) -> io::Result<()> {
        self.file = None;
        if self.max_files <= 1 {
            fs::remove_file(&self.path).or_else(ignore_missing)?;
        } else {
            let last = self.max_files - 1;
            fs::remove_file(self.numbered(last)).or_else(ignore_missing)?;
            for n in (1..last).rev() {
                fs::rename(self.numbered(n), self.numbered(n + 1)).or_else(ignore_missing)?;
            }
            fs::rename(&self.path, self.numbered(1)).or_else(ignore_missing)?;
        }
        self.size = 0;
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.file.is_none() {
            if let Some(dir) = self.path.parent() {
                fs::create_dir_all(dir)?;
            }
            let f = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)?;
            self.size = f.metadata()?.len();
            self.file = Some(f);
        }
        let len = bytes.len() as u64;
        if self.size > 0 && self.size + len > self.max_size {
            self.rotate()?;
            return self.write(bytes);
        }
        if let Some(f) = self.file.as_mut() {
            f.write_all(bytes)?;
            self.size += len;
        }
        Ok(())
    }
}

fn ignore_missing(e: io::Error) -> io::Result<()> {
    if e.kind() == io::ErrorKind::NotFound {
        Ok(())
    } else {
        Err(e)
    }
}
