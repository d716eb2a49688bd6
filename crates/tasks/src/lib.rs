//! Tianqi's task runner: runs a host process for a task run (own process
//! group, timeout, SIGTERM → SIGKILL to the whole group, exit code or signal)
//! and keeps each task's output in timestamped, size-rotated log files.
//! The decisions (when, whether to retry or restart) are
//! `tianqi_core::tasks`'; the bookkeeping is the service's.
#![forbid(unsafe_code)]

pub mod logs;
pub mod process;

pub use logs::{LiveLine, LogFile, LogLine, LogSettings, Logs};
pub use process::{run, Command, Ending, Finished};
