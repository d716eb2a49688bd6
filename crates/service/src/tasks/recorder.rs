//! Run records written in batches. Every run writes twice (its start and
//! its end); with SQLite's single writer, a thousand runs a second written
//! one commit each queue behind the lock and hold pooled connections while
//! they wait, which delays everything else (the scheduler's reads too).
//! One writer takes whatever records are waiting and commits them together:
//! while a commit is under way the next batch gathers, so there is no
//! added delay when the load is light and few commits when it is heavy.

use tianqi_store::{RunRecord, Store};
use tokio::sync::{mpsc, oneshot};

/// Records waiting beyond this go into the next commit (bounds the time one
/// transaction holds the write lock).
const MAX_BATCH: usize = 512;

type Reply = oneshot::Sender<tianqi_store::Result<Option<i64>>>;

/// The handle runs send their records through. The writer ends when the
/// last handle is dropped, after writing what was sent.
#[derive(Clone)]
pub(super) struct Recorder {
    tx: mpsc::UnboundedSender<(RunRecord, Reply)>,
}

impl Recorder {
    /// Starts the writer; needs a Tokio runtime.
    pub(super) fn start(store: Store) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(write_loop(store, rx));
        Self { tx }
    }

    /// Writes the record (with others waiting) and answers the id of the run
    /// it started, if it is a start.
    pub(super) async fn record(&self, record: RunRecord) -> tianqi_store::Result<Option<i64>> {
        self.submit(record).await
    }

    /// Queues the record now, in order with every record queued before and
    /// after it, and answers a future for its commit. A run's end is queued
    /// this way so that the task can start again before the end is committed:
    /// the next start, queued later, is written after it.
    pub(super) fn submit(
        &self,
        record: RunRecord,
    ) -> impl std::future::Future<Output = tianqi_store::Result<Option<i64>>> + Send + 'static {
        let (reply, answer) = oneshot::channel();
        let sent = self.tx.send((record, reply));
        async move {
            let stopped = || tianqi_store::StoreError::Other("the run recorder has stopped".into());
            sent.map_err(|_| stopped())?;
            answer.await.map_err(|_| stopped())?
        }
    }
}

async fn write_loop(store: Store, mut rx: mpsc::UnboundedReceiver<(RunRecord, Reply)>) {
    let mut batch = Vec::new();
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let (records, replies): (Vec<_>, Vec<_>) = std::mem::take(&mut batch).into_iter().unzip();
        match store.record_task_runs(&records).await {
            Ok(ids) => {
                for (reply, id) in replies.into_iter().zip(ids) {
                    let _ = reply.send(Ok(id));
                }
            }
            Err(e) if records.len() == 1 => {
                if let Some(reply) = replies.into_iter().next() {
                    let _ = reply.send(Err(e));
                }
            }
            Err(e) => {
                // One bad record (a run of a task deleted meanwhile, say)
                // must not cost the others theirs: write each alone.
                tracing::debug!(error = %e, records = records.len(), "batched run records failed; writing them one by one");
                for (record, reply) in records.into_iter().zip(replies) {
                    let one = store
                        .record_task_runs(std::slice::from_ref(&record))
                        .await
                        .map(|ids| ids.into_iter().next().flatten());
                    let _ = reply.send(one);
                }
            }
        }
    }
}
