//! The wire format between the host and the in-container runner
//! (`crates/sandbox/runner/main.rs` documents the same layout; the round trip
//! is tested against the real runner binary in `tianqi-sandbox`).
//!
//! Frames come from inside a container that runs hostile code, so decoding is
//! bounded: a frame longer than `max_frame` or an unknown tag is an error, never
//! an allocation of whatever size the peer claims.

use super::request::JobPlan;

pub const MAGIC: &[u8; 4] = b"TQR1";
const ERROR_TAG: u8 = 0x7f;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Compile,
    Run,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExitReport {
    /// Exit status; -1 when the process was killed by a signal.
    pub code: i32,
    /// Signal number, 0 for none.
    pub signal: i32,
    pub cpu_us: u64,
    pub memory_bytes: u64,
    pub cpu_exceeded: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    Stdout(Stage, Vec<u8>),
    Stderr(Stage, Vec<u8>),
    Exit(Stage, ExitReport),
    /// CPU µs and peak memory so far (sent while the stage runs).
    Usage(Stage, u64, u64),
    RunnerError(String),
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&u32::try_from(b.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(b);
}

fn put_argv(out: &mut Vec<u8>, argv: &[String]) {
    out.extend_from_slice(&u32::try_from(argv.len()).unwrap_or(u32::MAX).to_le_bytes());
    for a in argv {
        put_bytes(out, a.as_bytes());
    }
}

/// The job as the runner reads it from its stdin.
pub fn encode_job(plan: &JobPlan) -> Vec<u8> {
    let size: usize = plan
        .files
        .iter()
        .map(|(n, c)| n.len() + c.len() + 8)
        .sum::<usize>()
        + plan.stdin.len()
        + 256;
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(
        &u32::try_from(plan.files.len())
            .unwrap_or(u32::MAX)
            .to_le_bytes(),
    );
    for (name, content) in &plan.files {
        put_bytes(&mut out, name.as_bytes());
        put_bytes(&mut out, content);
    }
    put_argv(&mut out, &plan.compile);
    put_argv(&mut out, &plan.run);
    put_bytes(&mut out, &plan.stdin);
    out.extend_from_slice(&plan.limits.compile.cpu_time_ms.to_le_bytes());
    out.extend_from_slice(&plan.limits.run.cpu_time_ms.to_le_bytes());
    out
}

/// Reassembles frames from the runner's stdout, however it is chunked.
#[derive(Debug)]
pub struct FrameDecoder {
    buf: Vec<u8>,
    max_frame: usize,
}

fn le_u32(b: &[u8]) -> u32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[..4]);
    u32::from_le_bytes(a)
}

fn le_u64(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

fn parse_exit(d: &[u8]) -> Option<ExitReport> {
    if d.len() != 25 {
        return None;
    }
    Some(ExitReport {
        code: le_u32(&d[0..4]) as i32,
        signal: le_u32(&d[4..8]) as i32,
        cpu_us: le_u64(&d[8..16]),
        memory_bytes: le_u64(&d[16..24]),
        cpu_exceeded: d[24] != 0,
    })
}

impl FrameDecoder {
    pub fn new(max_frame: usize) -> Self {
        Self {
            buf: Vec::new(),
            max_frame,
        }
    }

    /// Adds bytes; answers the frames completed by them.
    pub fn push(&mut self, data: &[u8]) -> Result<Vec<Frame>, String> {
        self.buf.extend_from_slice(data);
        let mut frames = Vec::new();
        let mut at = 0;
        while self.buf.len() - at >= 5 {
            let tag = self.buf[at];
            let len = le_u32(&self.buf[at + 1..]) as usize;
            if len > self.max_frame {
                return Err(format!(
                    "runner frame of {len} bytes exceeds {}",
                    self.max_frame
                ));
            }
            if self.buf.len() - at - 5 < len {
                break;
            }
            let body = &self.buf[at + 5..at + 5 + len];
            let stage = match tag >> 4 {
                1 => Some(Stage::Compile),
                2 => Some(Stage::Run),
                _ => None,
            };
            let frame = match (tag, stage, tag & 0x0f) {
                (ERROR_TAG, _, _) => Frame::RunnerError(String::from_utf8_lossy(body).into_owned()),
                (_, Some(s), 1) => Frame::Stdout(s, body.to_vec()),
                (_, Some(s), 2) => Frame::Stderr(s, body.to_vec()),
                (_, Some(s), 4) if body.len() == 16 => {
                    Frame::Usage(s, le_u64(&body[0..8]), le_u64(&body[8..16]))
                }
                (_, Some(s), 3) => Frame::Exit(
                    s,
                    parse_exit(body).ok_or_else(|| "malformed exit frame".to_owned())?,
                ),
                _ => return Err(format!("unknown runner frame tag {tag:#x}")),
            };
            frames.push(frame);
            at += 5 + len;
        }
        self.buf.drain(..at);
        Ok(frames)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut v = vec![tag];
        v.extend_from_slice(&(body.len() as u32).to_le_bytes());
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn frames_survive_any_chunking() {
        let mut exit = Vec::new();
        exit.extend_from_slice(&3i32.to_le_bytes());
        exit.extend_from_slice(&0i32.to_le_bytes());
        exit.extend_from_slice(&1500u64.to_le_bytes());
        exit.extend_from_slice(&4096u64.to_le_bytes());
        exit.push(0);
        let mut usage = Vec::new();
        usage.extend_from_slice(&900u64.to_le_bytes());
        usage.extend_from_slice(&2048u64.to_le_bytes());
        let mut stream = frame(0x24, &usage);
        stream.extend(frame(0x21, b"hello"));
        stream.extend(frame(0x22, b"oops"));
        stream.extend(frame(0x23, &exit));
        for chunk in 1..stream.len() {
            let mut d = FrameDecoder::new(1024);
            let mut got = Vec::new();
            for c in stream.chunks(chunk) {
                got.extend(d.push(c).unwrap_or_else(|e| panic!("{e}")));
            }
            assert_eq!(
                got,
                vec![
                    Frame::Usage(Stage::Run, 900, 2048),
                    Frame::Stdout(Stage::Run, b"hello".to_vec()),
                    Frame::Stderr(Stage::Run, b"oops".to_vec()),
                    Frame::Exit(
                        Stage::Run,
                        ExitReport {
                            code: 3,
                            signal: 0,
                            cpu_us: 1500,
                            memory_bytes: 4096,
                            cpu_exceeded: false
                        }
                    ),
                ]
            );
        }
    }

    #[test]
    fn hostile_frames_are_refused_not_allocated() {
        let mut d = FrameDecoder::new(1024);
        let mut huge = vec![0x21];
        huge.extend_from_slice(&u32::MAX.to_le_bytes());
        assert!(d.push(&huge).is_err());
        assert!(FrameDecoder::new(64).push(&frame(0x55, b"x")).is_err());
        assert!(FrameDecoder::new(64).push(&frame(0x23, b"short")).is_err());
    }
}
