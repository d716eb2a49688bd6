//! How what was observed of a stage becomes Piston's stage result.
//!
//! Piston's statuses: RE (exited non-zero), SG (killed by a signal), TO (wall
//! or CPU time exceeded), OL / EL (stdout / stderr over the cap), XX (internal
//! error); `null` on success. When the sandbox kills the run (TO/OL/EL) the
//! signal is SIGKILL and the code null, as in Piston.

use serde::Serialize;

/// Why a stage stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// The process ended by itself (see code/signal).
    Exited,
    WallTimeout,
    CpuTime,
    StdoutCap,
    StderrCap,
    /// The sandbox failed (not the code): the text says what.
    Internal(String),
}

/// What the host saw of one stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageObservation {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// Both streams, interleaved in the order the runner read them.
    pub output: Vec<u8>,
    pub code: Option<i32>,
    pub signal: Option<i32>,
    pub stop: Stop,
    pub cpu_us: u64,
    pub memory_bytes: u64,
    pub wall_ms: u64,
    /// The memory limit the stage ran under (to explain an OOM kill).
    pub memory_limit: u64,
}

/// Piston's `run` / `compile` object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageResult {
    pub stdout: String,
    pub stderr: String,
    pub output: String,
    pub code: Option<i32>,
    pub signal: Option<String>,
    pub message: Option<String>,
    pub status: Option<String>,
    /// Milliseconds of CPU.
    pub cpu_time: u64,
    /// Milliseconds of wall clock.
    pub wall_time: u64,
    /// Peak memory in bytes.
    pub memory: u64,
}

impl StageResult {
    /// Did the stage succeed (exit 0, nothing killed)?
    pub fn ok(&self) -> bool {
        self.status.is_none()
    }
}

pub fn signal_name(n: i32) -> String {
    let name = match n {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        5 => "SIGTRAP",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        10 => "SIGUSR1",
        11 => "SIGSEGV",
        12 => "SIGUSR2",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        24 => "SIGXCPU",
        25 => "SIGXFSZ",
        _ => return format!("SIG{n}"),
    };
    name.to_owned()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

impl StageObservation {
    pub fn into_result(self) -> StageResult {
        let killed = Some("SIGKILL".to_owned());
        let (code, signal, status, message) = match &self.stop {
            Stop::WallTimeout => (
                None,
                killed,
                Some("TO"),
                Some("Time limit exceeded".to_owned()),
            ),
            Stop::CpuTime => (
                None,
                killed,
                Some("TO"),
                Some("CPU time limit exceeded".to_owned()),
            ),
            Stop::StdoutCap => (
                None,
                killed,
                Some("OL"),
                Some("stdout length exceeded".to_owned()),
            ),
            Stop::StderrCap => (
                None,
                killed,
                Some("EL"),
                Some("stderr length exceeded".to_owned()),
            ),
            Stop::Internal(m) => (None, None, Some("XX"), Some(m.clone())),
            Stop::Exited => match (self.code, self.signal) {
                (_, Some(s)) if s != 0 => {
                    let name = signal_name(s);
                    // An OOM kill is a SIGKILL with the cgroup at its limit.
                    let oom = s == 9
                        && self.memory_limit > 0
                        && self.memory_bytes >= self.memory_limit / 100 * 95;
                    let message = if oom {
                        format!(
                            "Killed by {name}: memory limit of {} bytes reached",
                            self.memory_limit
                        )
                    } else {
                        format!("Killed by {name}")
                    };
                    (None, Some(name), Some("SG"), Some(message))
                }
                (Some(0), _) => (Some(0), None, None, None),
                (Some(c), _) => (
                    Some(c),
                    None,
                    Some("RE"),
                    Some(format!("Exited with error status {c}")),
                ),
                (None, _) => (
                    None,
                    None,
                    Some("XX"),
                    Some("the process vanished without a status".to_owned()),
                ),
            },
        };
        StageResult {
            stdout: text(&self.stdout),
            stderr: text(&self.stderr),
            output: text(&self.output),
            code,
            signal,
            message,
            status: status.map(str::to_owned),
            cpu_time: self.cpu_us / 1000,
            wall_time: self.wall_ms,
            memory: self.memory_bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(stop: Stop, code: Option<i32>, signal: Option<i32>) -> StageResult {
        StageObservation {
            stdout: b"o".to_vec(),
            stderr: b"e".to_vec(),
            output: b"oe".to_vec(),
            code,
            signal,
            stop,
            cpu_us: 12_345,
            memory_bytes: 10,
            wall_ms: 20,
            memory_limit: 1000,
        }
        .into_result()
    }

    #[test]
    fn statuses_follow_piston() {
        let ok = obs(Stop::Exited, Some(0), None);
        assert_eq!((ok.status, ok.code, ok.cpu_time), (None, Some(0), 12));
        assert_eq!(
            obs(Stop::Exited, Some(1), None).status.as_deref(),
            Some("RE")
        );
        let sg = obs(Stop::Exited, None, Some(11));
        assert_eq!(
            (sg.status.as_deref(), sg.signal.as_deref()),
            (Some("SG"), Some("SIGSEGV"))
        );
        for (stop, status) in [
            (Stop::WallTimeout, "TO"),
            (Stop::CpuTime, "TO"),
            (Stop::StdoutCap, "OL"),
            (Stop::StderrCap, "EL"),
        ] {
            let r = obs(stop, None, None);
            assert_eq!(r.status.as_deref(), Some(status));
            assert_eq!(r.signal.as_deref(), Some("SIGKILL"));
            assert_eq!(r.code, None);
        }
        let xx = obs(Stop::Internal("node down".into()), None, None);
        assert_eq!(
            (xx.status.as_deref(), xx.message.as_deref()),
            (Some("XX"), Some("node down"))
        );
    }

    #[test]
    fn an_oom_kill_says_so() {
        let mut o = StageObservation {
            stdout: vec![],
            stderr: vec![],
            output: vec![],
            code: None,
            signal: Some(9),
            stop: Stop::Exited,
            cpu_us: 0,
            memory_bytes: 990,
            wall_ms: 1,
            memory_limit: 1000,
        };
        assert!(o
            .clone()
            .into_result()
            .message
            .unwrap_or_default()
            .contains("memory limit"));
        o.memory_bytes = 10;
        assert_eq!(
            o.into_result().message.as_deref(),
            Some("Killed by SIGKILL")
        );
    }
}
