//! Session recordings (`jumpbox.record`): every terminal session in an
//! instance is written as an asciicast v2 file under `<data dir>/recordings/`
//! (directory 0700, files 0600), with a row in `jumpbox_recordings` saying
//! whose it is.
//!
//! The session never waits for the disk: it hands each chunk of output to a
//! bounded channel with `try_send`, and a writer task of its own writes the
//! file. When the channel is full (a disk slower than the terminal), the
//! event is dropped and the recording is marked truncated.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use futures::Stream;
use serde::Deserialize;
use tianqi_core::asciicast::{self, Recording, Utf8Carry};
use tianqi_core::page::{Page, PageQuery};
use tianqi_core::policy::Principal;
use tianqi_core::{Error, Result};
use tianqi_store::{NewRecording, RecordingEnd, RecordingFilter, StoreError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::JumpboxService;

/// Events waiting for the writer, per session. A terminal's output comes in
/// chunks of at most a few tens of KiB, so this bounds a session's backlog to
/// a few MiB.
const BACKLOG: usize = 256;

/// `GET /api/v1/jumpbox/recordings`
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct RecordingListQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    /// Only this user's sessions.
    pub user_id: Option<i64>,
    /// Only sessions in this instance.
    pub instance_id: Option<i64>,
}

/// What a terminal session is, for its recording.
pub struct RecordingStart<'a> {
    pub instance_id: i64,
    pub instance_name: &'a str,
    pub source_ip: &'a str,
    pub cols: u16,
    pub rows: u16,
    pub term: &'a str,
}

enum Event {
    Output(f64, Vec<u8>),
    Resize(f64, u16, u16),
}

/// A session's handle on its recording: cheap, never blocking calls. Dropping
/// it ends the recording (the writer finishes the file and its row).
pub struct Recorder {
    tx: mpsc::Sender<Event>,
    started: Instant,
    truncated: Arc<AtomicBool>,
}

impl Recorder {
    fn send(&self, ev: Event) {
        // Full (the disk is behind) or closed (the writer failed): the event
        // is lost, the session goes on.
        if self.tx.try_send(ev).is_err() {
            self.truncated.store(true, Ordering::Relaxed);
        }
    }

    fn seconds(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    /// Output the terminal showed.
    pub fn output(&self, bytes: &[u8]) {
        if !bytes.is_empty() {
            self.send(Event::Output(self.seconds(), bytes.to_vec()));
        }
    }

    pub fn resize(&self, cols: u16, rows: u16) {
        self.send(Event::Resize(self.seconds(), cols, rows));
    }
}

fn io_error(what: &str, path: &Path, e: &std::io::Error) -> Error {
    Error::Internal(format!("recording {what} {}: {e}", path.display()))
}

/// `<data dir>/recordings`, 0700 (also when it already existed looser).
fn ensure_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

impl JumpboxService {
    fn recordings_dir(&self) -> &Path {
        &self.inner.settings.recordings_dir
    }

    /// The file of a stored recording; a stored name that is not one this
    /// service makes is refused rather than joined to the directory.
    fn recording_path(&self, id: i64, file: &str) -> Result<PathBuf> {
        if !asciicast::is_file_name(file) {
            return Err(Error::Internal(format!(
                "recording {id} has an unexpected file name"
            )));
        }
        Ok(self.recordings_dir().join(file))
    }

    /// Starts recording a terminal session when `jumpbox.record` is on.
    /// A recording that cannot start is logged and the session goes on
    /// unrecorded (the jump host stays usable when the disk is full).
    pub async fn start_recording(&self, me: &Principal, s: RecordingStart<'_>) -> Option<Recorder> {
        if !self.inner.settings.record {
            return None;
        }
        match self.open_recording(me, &s).await {
            Ok(r) => Some(r),
            Err(e) => {
                tracing::error!(error = %e, user = %me.username, instance = s.instance_id, "could not start a session recording; the session is not recorded");
                None
            }
        }
    }

    async fn open_recording(&self, me: &Principal, s: &RecordingStart<'_>) -> Result<Recorder> {
        let ctx = &self.inner.ctx;
        let now = ctx.clock.now();
        let dir = self.recordings_dir().to_path_buf();
        ensure_dir(&dir).map_err(|e| io_error("directory", &dir, &e))?;
        let name = asciicast::file_name(now, rand::random::<u64>());
        let path = dir.join(&name);
        let file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .await
            .map_err(|e| io_error("file", &path, &e))?;
        let row = ctx
            .store
            .insert_recording(&NewRecording {
                user_id: me.user_id,
                username: &me.username,
                instance_id: s.instance_id,
                instance_name: s.instance_name,
                source_ip: s.source_ip,
                file: &name,
                cols: s.cols,
                rows: s.rows,
                term: s.term,
                started_at: now,
            })
            .await;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                // Nothing half-created: no file without its row.
                drop(file);
                let _ = tokio::fs::remove_file(&path).await;
                return Err(e.into());
            }
        };
        let header = asciicast::header(
            s.cols,
            s.rows,
            now.timestamp(),
            s.term,
            &asciicast::title(&me.username, s.instance_name),
        );
        let (tx, rx) = mpsc::channel(BACKLOG);
        let truncated = Arc::new(AtomicBool::new(false));
        let writer = Writer {
            service: self.clone(),
            id: row.id,
            path,
            truncated: truncated.clone(),
        };
        tokio::spawn(writer.run(file, header, rx));
        Ok(Recorder {
            tx,
            started: Instant::now(),
            truncated,
        })
    }

    pub async fn recordings(&self, q: RecordingListQuery) -> Result<Page<Recording>> {
        let page = PageQuery {
            page: q.page,
            page_size: q.page_size,
        }
        .validate()?;
        let filter = RecordingFilter {
            user_id: q.user_id,
            instance_id: q.instance_id,
        };
        let (items, total) = self.inner.ctx.store.list_recordings(&filter, page).await?;
        Ok(Page::new(items, total, page))
    }

    async fn stored(&self, id: i64) -> Result<(Recording, String)> {
        self.inner
            .ctx
            .store
            .recording(id)
            .await
            .map_err(|e| match e {
                StoreError::NotFound => Error::not_found(format!("recording {id} not found")),
                e => e.into(),
            })
    }

    /// The cast file as a stream of chunks (it may still be growing while the
    /// session runs: what is written so far).
    pub async fn recording_cast(
        &self,
        id: i64,
    ) -> Result<impl Stream<Item = std::io::Result<Vec<u8>>> + Send + 'static> {
        let (_, file) = self.stored(id).await?;
        let path = self.recording_path(id, &file)?;
        let f = match tokio::fs::File::open(&path).await {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::not_found(format!(
                    "recording {id}: its file is gone from the data directory"
                )))
            }
            Err(e) => return Err(io_error("file", &path, &e)),
        };
        Ok(futures::stream::try_unfold(f, |mut f| async move {
            let mut buf = vec![0u8; 64 * 1024];
            let n = f.read(&mut buf).await?;
            if n == 0 {
                return Ok(None);
            }
            buf.truncate(n);
            Ok(Some((buf, f)))
        }))
    }

    /// Deletes a recording: its file, then its row.
    pub async fn delete_recording(&self, id: i64) -> Result<()> {
        let (_, file) = self.stored(id).await?;
        self.remove_file(id, &file).await?;
        self.inner.ctx.store.delete_recording(id).await?;
        tracing::info!(recording = id, "session recording deleted");
        Ok(())
    }

    async fn remove_file(&self, id: i64, file: &str) -> Result<()> {
        let path = self.recording_path(id, file)?;
        match tokio::fs::remove_file(&path).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_error("file", &path, &e)),
        }
    }

    /// The jumpbox feature's daily round: recordings older than
    /// `jumpbox.recording_retention_days` go, files and rows.
    pub async fn retention_round(&self) -> Result<()> {
        let Some(keep) = self.inner.settings.recording_retention else {
            return Ok(());
        };
        let keep = chrono::Duration::from_std(keep).unwrap_or(chrono::Duration::MAX);
        let before = self.inner.ctx.clock.now() - keep;
        let mut removed = 0u64;
        loop {
            let batch = self
                .inner
                .ctx
                .store
                .recordings_ended_before(before, 200)
                .await?;
            if batch.is_empty() {
                break;
            }
            for (r, file) in batch {
                self.remove_file(r.id, &file).await?;
                self.inner.ctx.store.delete_recording(r.id).await?;
                removed += 1;
            }
        }
        if removed > 0 {
            tracing::info!(recordings = removed, %before, "removed old session recordings");
        }
        Ok(())
    }
}

/// Writes one recording's events, then its row's end.
struct Writer {
    service: JumpboxService,
    id: i64,
    path: PathBuf,
    truncated: Arc<AtomicBool>,
}

impl Writer {
    async fn run(self, file: tokio::fs::File, header: String, mut rx: mpsc::Receiver<Event>) {
        let mut out = tokio::io::BufWriter::new(file);
        let mut carry = Utf8Carry::default();
        let mut bytes: u64 = 0;
        let mut file_bytes: u64 = 0;
        let mut last = 0.0;
        let mut failed = out.write_all(header.as_bytes()).await.err();
        file_bytes += header.len() as u64;
        while let Some(ev) = rx.recv().await {
            if failed.is_some() {
                continue; // keep taking events so the session sees no difference
            }
            let line = match ev {
                Event::Output(t, b) => {
                    bytes += b.len() as u64;
                    last = t;
                    let text = carry.push(&b);
                    if text.is_empty() {
                        continue;
                    }
                    asciicast::output(t, &text)
                }
                Event::Resize(t, c, r) => {
                    last = t;
                    asciicast::resize(t, c, r)
                }
            };
            file_bytes += line.len() as u64;
            failed = out.write_all(line.as_bytes()).await.err();
        }
        if failed.is_none() {
            let tail = carry.finish();
            if !tail.is_empty() {
                let line = asciicast::output(last, &tail);
                file_bytes += line.len() as u64;
                failed = out.write_all(line.as_bytes()).await.err();
            }
        }
        if failed.is_none() {
            failed = out.flush().await.err();
        }
        if let Some(e) = &failed {
            tracing::error!(recording = self.id, path = %self.path.display(), error = %e, "a session recording could not be written to the end");
            self.truncated.store(true, Ordering::Relaxed);
        }
        let end = RecordingEnd {
            ended_at: self.service.inner.ctx.clock.now(),
            bytes,
            file_bytes,
            truncated: self.truncated.load(Ordering::Relaxed),
        };
        if let Err(e) = self
            .service
            .inner
            .ctx
            .store
            .end_recording(self.id, &end)
            .await
        {
            tracing::error!(recording = self.id, error = %e, "could not store a session recording's end");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that falls behind never blocks the session: the events that
    /// do not fit are dropped and the recording is marked truncated.
    #[tokio::test]
    async fn a_full_backlog_drops_events_and_marks_the_recording() {
        let (tx, mut rx) = mpsc::channel(2);
        let r = Recorder {
            tx,
            started: Instant::now(),
            truncated: Arc::new(AtomicBool::new(false)),
        };
        r.output(b"one");
        r.resize(80, 24);
        assert!(!r.truncated.load(Ordering::Relaxed));
        r.output(b"three"); // nobody reads: no room
        assert!(r.truncated.load(Ordering::Relaxed));
        assert!(matches!(rx.recv().await, Some(Event::Output(_, b)) if b == b"one"));
        assert!(matches!(rx.recv().await, Some(Event::Resize(_, 80, 24))));
        drop(r);
        assert!(rx.recv().await.is_none());
    }
}
