//! A job's log as the API reads it: lines from an offset, a count of them,
//! and optionally waiting for more (a long poll the console follows with).
//! The lines are `<time> [run <job id>] [stream] text`, in the tasks' log
//! files (`tianqi-tasks`' `Logs`, rotated by size: offsets count the lines
//! still kept).

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tianqi_core::policy::Principal;
use tianqi_core::{Error, Result};

use super::{log_key, FinetuneService};

const COUNT_MAX: usize = 10_000;
const WAIT_MAX_MS: u64 = 30_000;

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct JobLogQuery {
    /// The first line (0-based; default 0).
    pub offset: Option<usize>,
    /// How many lines (200, at most 10000).
    pub count: Option<usize>,
    /// Follow: with no line at `offset` yet and the job active, wait up to
    /// this many milliseconds (at most 30000) for one.
    pub wait_ms: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobLogs {
    pub job_id: i64,
    pub offset: usize,
    pub lines: Vec<String>,
    /// The offset to ask for next.
    pub next_offset: usize,
    /// The job has ended: no more lines will come.
    pub ended: bool,
}

impl FinetuneService {
    fn read_lines(&self, id: i64, offset: usize, count: usize) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let mut n = 0usize;
        for path in self.inner.logs.files(&log_key(id)) {
            let file = match File::open(&path) {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(Error::internal(format!("reading a job log: {e}"))),
            };
            for line in BufReader::new(file).split(b'\n') {
                let line = line.map_err(|e| Error::internal(format!("reading a job log: {e}")))?;
                if n >= offset {
                    out.push(String::from_utf8_lossy(&line).into_owned());
                    if out.len() == count {
                        return Ok(out);
                    }
                }
                n += 1;
            }
        }
        Ok(out)
    }

    pub async fn logs(&self, me: &Principal, id: i64, q: JobLogQuery) -> Result<JobLogs> {
        let job = self.owned(me, id).await?;
        let offset = q.offset.unwrap_or(0);
        let count = q.count.unwrap_or(200);
        if count == 0 || count > COUNT_MAX {
            return Err(Error::validation(
                "count",
                format!("count must be between 1 and {COUNT_MAX}"),
            ));
        }
        let wait = q.wait_ms.unwrap_or(0);
        if wait > WAIT_MAX_MS {
            return Err(Error::validation(
                "wait_ms",
                format!("wait_ms must be at most {WAIT_MAX_MS}"),
            ));
        }
        // Listening before reading: a line written in between is not missed.
        let mut live = self.inner.logs.follow();
        let mut lines = self.read_lines(id, offset, count)?;
        let mut active = job.job.status.is_active();
        if lines.is_empty() && active && wait > 0 {
            let key = log_key(id);
            let deadline = tokio::time::Instant::now() + Duration::from_millis(wait);
            loop {
                match tokio::time::timeout_at(deadline, live.recv()).await {
                    Ok(Ok(l)) if *l.task_id == *key => break,
                    Ok(Ok(_)) | Ok(Err(tokio::sync::broadcast::error::RecvError::Lagged(_))) => {}
                    Ok(Err(_)) | Err(_) => break,
                }
            }
            lines = self.read_lines(id, offset, count)?;
            active = self.owned(me, id).await?.job.status.is_active();
        }
        Ok(JobLogs {
            job_id: id,
            offset,
            next_offset: offset + lines.len(),
            lines,
            ended: !active,
        })
    }
}
