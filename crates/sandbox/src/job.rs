//! One run in one warm container: hand over the job, read the framed output
//! under the stage deadlines and the output caps, and report what happened.
//! The caller removes the container afterwards, whatever the outcome.

use std::time::Duration;

use bollard::container::{LogOutput, UpdateContainerOptions};
use bollard::Docker;
use futures::StreamExt;
use tianqi_core::sandbox::protocol::{encode_job, ExitReport, Frame, FrameDecoder, Stage};
use tianqi_core::sandbox::{JobPlan, StageLimits, StageObservation, StageResult, Stop};
use tokio::io::AsyncWriteExt;
use tokio::time::Instant;

use crate::container::Warm;

/// Largest frame accepted from a runner (it sends ≤ 64 KiB chunks).
const MAX_FRAME: usize = 1 << 20;
/// Runner diagnostics kept from the container's stderr.
const MAX_DIAGNOSTICS: usize = 4096;

/// The stage being observed.
struct Current {
    stage: Stage,
    limits: StageLimits,
    started: Instant,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    output: Vec<u8>,
    /// The runner's latest usage report (CPU µs, peak memory), for a stage
    /// that ends without its exit report (killed on timeout or output cap).
    usage: (u64, u64),
}

impl Current {
    fn new(stage: Stage, limits: StageLimits) -> Self {
        Self {
            stage,
            limits,
            started: Instant::now(),
            stdout: Vec::new(),
            stderr: Vec::new(),
            output: Vec::new(),
            usage: (0, 0),
        }
    }

    /// Appends output up to `cap`; answers false when the stream overflowed.
    fn append(&mut self, stderr: bool, data: &[u8], cap: usize) -> bool {
        let buf = if stderr {
            &mut self.stderr
        } else {
            &mut self.stdout
        };
        let room = cap.saturating_sub(buf.len());
        let take = room.min(data.len());
        buf.extend_from_slice(&data[..take]);
        self.output.extend_from_slice(&data[..take]);
        take == data.len()
    }

    fn finish(self, stop: Stop, exit: Option<ExitReport>, memory_limit: u64) -> StageObservation {
        let (code, signal, cpu_us, memory_bytes) = match exit {
            Some(e) => (
                (e.signal == 0).then_some(e.code),
                (e.signal != 0).then_some(e.signal),
                e.cpu_us,
                e.memory_bytes,
            ),
            None => (None, None, self.usage.0, self.usage.1),
        };
        StageObservation {
            stdout: self.stdout,
            stderr: self.stderr,
            output: self.output,
            code,
            signal,
            stop,
            cpu_us,
            memory_bytes,
            wall_ms: u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX),
            memory_limit,
        }
    }
}

/// Compile result (when the runtime compiles) and run result. When
/// compilation fails the run result is the compile result, as in Piston.
pub struct JobResult {
    pub compile: Option<StageResult>,
    pub run: StageResult,
    /// The job never reached the runner (a pool container that died while
    /// waiting): nothing ran, so another container may take it.
    pub undelivered: bool,
}

/// Runs `plan` in `warm`. Never fails: a sandbox failure is an XX result.
pub async fn run(docker: &Docker, warm: &mut Warm, plan: &JobPlan) -> JobResult {
    let compiled = !plan.compile.is_empty();
    let memory = if compiled {
        plan.limits
            .compile
            .memory_bytes
            .max(plan.limits.run.memory_bytes)
    } else {
        plan.limits.run.memory_bytes
    };
    if memory != warm.memory_bytes {
        let m = i64::try_from(memory).unwrap_or(i64::MAX);
        let update = UpdateContainerOptions::<String> {
            memory: Some(m),
            memory_swap: Some(m),
            ..Default::default()
        };
        if let Err(e) = docker.update_container(&warm.id, update).await {
            return internal(compiled, format!("setting the memory limit: {e}"));
        }
        warm.memory_bytes = memory;
    }
    let cap = usize::try_from(plan.limits.output_max_bytes).unwrap_or(usize::MAX);
    let job = encode_job(plan);
    let first = if compiled {
        Current::new(Stage::Compile, plan.limits.compile)
    } else {
        Current::new(Stage::Run, plan.limits.run)
    };
    if let Err(e) = async {
        warm.input.write_all(&job).await?;
        warm.input.flush().await
    }
    .await
    {
        let mut r = internal(compiled, format!("handing the job to the sandbox: {e}"));
        r.undelivered = true;
        return r;
    }
    let mut cur = first;
    let mut compile_result: Option<StageResult> = None;
    let mut decoder = FrameDecoder::new(MAX_FRAME);
    let mut diagnostics = Vec::new();
    loop {
        let deadline = cur.started + Duration::from_millis(cur.limits.timeout_ms);
        let item = tokio::select! {
            item = warm.output.next() => item,
            () = tokio::time::sleep_until(deadline) => {
                return end(compile_result, cur, Stop::WallTimeout, memory);
            }
        };
        let bytes = match item {
            Some(Ok(LogOutput::StdOut { message })) => message,
            Some(Ok(LogOutput::StdErr { message })) => {
                let room = MAX_DIAGNOSTICS.saturating_sub(diagnostics.len());
                diagnostics.extend_from_slice(&message[..room.min(message.len())]);
                continue;
            }
            Some(Ok(_)) => continue,
            Some(Err(e)) => {
                let stop = Stop::Internal(format!("reading the sandbox output: {e}"));
                return end(compile_result, cur, stop, memory);
            }
            None => {
                let why = String::from_utf8_lossy(&diagnostics).trim().to_owned();
                let stop = Stop::Internal(if why.is_empty() {
                    "the sandbox ended before reporting an exit".to_owned()
                } else {
                    format!("the sandbox ended before reporting an exit: {why}")
                });
                return end(compile_result, cur, stop, memory);
            }
        };
        let frames = match decoder.push(&bytes) {
            Ok(f) => f,
            Err(e) => return end(compile_result, cur, Stop::Internal(e), memory),
        };
        for frame in frames {
            match frame {
                Frame::Stdout(s, data) | Frame::Stderr(s, data) if s != cur.stage => {
                    drop(data);
                }
                Frame::Usage(s, cpu_us, memory_bytes) => {
                    if s == cur.stage {
                        cur.usage = (cpu_us, memory_bytes);
                    }
                }
                Frame::Stdout(_, data) => {
                    if !cur.append(false, &data, cap) {
                        return end(compile_result, cur, Stop::StdoutCap, memory);
                    }
                }
                Frame::Stderr(_, data) => {
                    if !cur.append(true, &data, cap) {
                        return end(compile_result, cur, Stop::StderrCap, memory);
                    }
                }
                Frame::Exit(s, report) if s == cur.stage => {
                    let stop = if report.cpu_exceeded {
                        Stop::CpuTime
                    } else {
                        Stop::Exited
                    };
                    let result = cur.finish(stop, Some(report), memory).into_result();
                    if s == Stage::Run || !result.ok() {
                        let compile = compile_result.or(compiled.then(|| result.clone()));
                        return JobResult {
                            compile,
                            run: result,
                            undelivered: false,
                        };
                    }
                    compile_result = Some(result);
                    cur = Current::new(Stage::Run, plan.limits.run);
                }
                Frame::Exit(..) => {
                    let stop = Stop::Internal("the runner reported stages out of order".into());
                    return end(compile_result, cur, stop, memory);
                }
                Frame::RunnerError(m) => {
                    let stop = Stop::Internal(format!("sandbox runner: {m}"));
                    return end(compile_result, cur, stop, memory);
                }
            }
        }
    }
}

/// Ends the run at the current stage (killed, overflowed or failed): a stage
/// that ends the run during compilation is both the compile and run result.
fn end(compile: Option<StageResult>, cur: Current, stop: Stop, memory: u64) -> JobResult {
    let in_compile = cur.stage == Stage::Compile;
    let result = cur.finish(stop, None, memory).into_result();
    JobResult {
        compile: if in_compile {
            Some(result.clone())
        } else {
            compile
        },
        run: result,
        undelivered: false,
    }
}

fn internal(compiled: bool, message: String) -> JobResult {
    let result = StageObservation {
        stdout: vec![],
        stderr: vec![],
        output: vec![],
        code: None,
        signal: None,
        stop: Stop::Internal(message),
        cpu_us: 0,
        memory_bytes: 0,
        wall_ms: 0,
        memory_limit: 0,
    }
    .into_result();
    JobResult {
        compile: compiled.then(|| result.clone()),
        run: result,
        undelivered: false,
    }
}
