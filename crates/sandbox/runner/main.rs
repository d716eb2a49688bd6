//! tianqi-sandbox-runner: the first process of every sandbox container.
//!
//! It waits on stdin for one job (the files, the compile and run argv, the
//! run's stdin and CPU-time budgets, in the framing below), writes the files
//! under /tmp/box, runs the stages and streams everything back on stdout as
//! frames. It then exits, which ends the container: one job per container.
//!
//! It is NOT a security boundary: it runs as the same unprivileged user as the
//! code it starts. The container (and the host, which enforces the wall
//! timeout, the output caps and the frame sizes on its side and then kills the
//! container) is the boundary; a forged frame can only lie about the job's own
//! result. Built with std only, statically, by the sandbox crate's build.rs,
//! so it runs in any linux image (busybox, Debian, scratch).
//!
//! Job (little endian):   "TQR1" | u32 nfiles | (str name, bytes content)*
//!                        | u32 n, str* compile argv (n = 0: no compile stage)
//!                        | u32 n, str* run argv | bytes stdin
//!                        | u64 compile cpu ms | u64 run cpu ms
//!   where str / bytes = u32 length + data.
//! Frame:                 u8 tag | u32 length | data
//!   tag = stage << 4 | kind; stage 1 compile, 2 run;
//!   kind 1 stdout chunk, 2 stderr chunk, 3 exit, 4 usage so far (every
//!   100 ms, so a run the host kills still reports its CPU and memory);
//!   tag 0x7f = runner error (text).
//! Usage data:            u64 cpu µs | u64 peak memory bytes
//! Exit data:             i32 code (-1 if signalled) | i32 signal (0 none)
//!                        | u64 cpu µs | u64 peak memory bytes | u8 cpu budget exceeded

use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::Command;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

const MAGIC: &[u8; 4] = b"TQR1";
const BOX_DIR: &str = "/tmp/box";
const ERROR_TAG: u8 = 0x7f;
/// Bounds on the job itself, so a corrupt header cannot make us allocate wildly.
const MAX_FIELD: usize = 64 << 20;
const MAX_ITEMS: usize = 4096;
/// How long output still drains after the stage's process exited while a
/// background child holds the pipes open (they may never close; the container
/// dies right after). Without such a child the pipes close and nothing waits.
/// Long enough for a busy machine to schedule the reader threads.
const DRAIN: Duration = Duration::from_millis(250);
const TICK: Duration = Duration::from_millis(5);
const USAGE_EVERY: Duration = Duration::from_millis(100);

struct Job {
    files: Vec<(String, Vec<u8>)>,
    compile: Vec<String>,
    run: Vec<String>,
    stdin: Vec<u8>,
    compile_cpu_ms: u64,
    run_cpu_ms: u64,
}

fn main() {
    let mut out = BufWriter::new(io::stdout().lock());
    let code = match run_job(&mut out) {
        Ok(()) => 0,
        Err(message) => {
            let _ = frame(&mut out, ERROR_TAG, message.as_bytes());
            2
        }
    };
    let _ = out.flush();
    std::process::exit(code);
}

fn run_job(out: &mut impl Write) -> Result<(), String> {
    let job = read_job(&mut io::stdin().lock()).map_err(|e| format!("reading the job: {e}"))?;
    write_files(&job.files)?;
    if !job.compile.is_empty() {
        let ok = stage(out, 1, &job.compile, &[], job.compile_cpu_ms)?;
        if !ok {
            return Ok(());
        }
    }
    stage(out, 2, &job.run, &job.stdin, job.run_cpu_ms)?;
    Ok(())
}

fn read_u32(r: &mut impl Read) -> io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

fn read_u64(r: &mut impl Read) -> io::Result<u64> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b)?;
    Ok(u64::from_le_bytes(b))
}

fn read_bytes(r: &mut impl Read) -> io::Result<Vec<u8>> {
    let len = read_u32(r)? as usize;
    if len > MAX_FIELD {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "field too large"));
    }
    let mut v = vec![0u8; len];
    r.read_exact(&mut v)?;
    Ok(v)
}

fn read_str(r: &mut impl Read) -> io::Result<String> {
    String::from_utf8(read_bytes(r)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "string is not UTF-8"))
}

fn read_count(r: &mut impl Read) -> io::Result<usize> {
    let n = read_u32(r)? as usize;
    if n > MAX_ITEMS {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "too many items"));
    }
    Ok(n)
}

fn read_argv(r: &mut impl Read) -> io::Result<Vec<String>> {
    let n = read_count(r)?;
    (0..n).map(|_| read_str(r)).collect()
}

fn read_job(r: &mut impl Read) -> io::Result<Job> {
    let mut magic = [0u8; 4];
    r.read_exact(&mut magic)?;
    if &magic != MAGIC {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "bad magic"));
    }
    let n = read_count(r)?;
    let mut files = Vec::with_capacity(n);
    for _ in 0..n {
        let name = read_str(r)?;
        let content = read_bytes(r)?;
        files.push((name, content));
    }
    Ok(Job {
        files,
        compile: read_argv(r)?,
        run: read_argv(r)?,
        stdin: read_bytes(r)?,
        compile_cpu_ms: read_u64(r)?,
        run_cpu_ms: read_u64(r)?,
    })
}

fn write_files(files: &[(String, Vec<u8>)]) -> Result<(), String> {
    fs::create_dir_all(BOX_DIR).map_err(|e| format!("creating {BOX_DIR}: {e}"))?;
    for (name, content) in files {
        // The host rejects these already; checked again because this is where it matters.
        if name.is_empty() || name.contains('/') || name == "." || name == ".." {
            return Err(format!("refusing file name {name:?}"));
        }
        let path = format!("{BOX_DIR}/{name}");
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o700)
            .open(&path)
            .map_err(|e| format!("creating {path}: {e}"))?;
        f.write_all(content)
            .map_err(|e| format!("writing {path}: {e}"))?;
    }
    Ok(())
}

fn frame(out: &mut impl Write, tag: u8, data: &[u8]) -> io::Result<()> {
    let len = u32::try_from(data.len()).unwrap_or(u32::MAX);
    out.write_all(&[tag])?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(data)?;
    out.flush()
}

enum Event {
    Chunk(u8, Vec<u8>),
}

/// Starts a thread, reporting failure instead of panicking.
fn start(what: &str, f: impl FnOnce() + Send + 'static) -> Result<(), String> {
    thread::Builder::new()
        .spawn(f)
        .map(drop)
        .map_err(|e| format!("starting the {what} thread: {e}"))
}

fn pump(mut from: impl Read, kind: u8, tx: mpsc::Sender<Event>) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                if tx.send(Event::Chunk(kind, buf[..n].to_vec())).is_err() {
                    return;
                }
            }
        }
    }
}

/// Runs one stage; answers whether it exited with status 0.
fn stage(
    out: &mut impl Write,
    stage: u8,
    argv: &[String],
    stdin: &[u8],
    cpu_budget_ms: u64,
) -> Result<bool, String> {
    let (program, args) = argv.split_first().ok_or("empty argv")?;
    let pipe = |what: &str| io::pipe().map_err(|e| format!("creating the {what} pipe: {e}"));
    let (out_r, out_w) = pipe("stdout")?;
    let (err_r, err_w) = pipe("stderr")?;
    let (in_r, mut in_w) = pipe("stdin")?;
    // Every thread of ours starts before the program does: a fork bomb that
    // uses up the pids limit at once must not leave us unable to read it.
    let (tx, rx) = mpsc::channel();
    let tx_err = tx.clone();
    start("stdout", move || pump(out_r, stage << 4 | 1, tx))?;
    start("stderr", move || pump(err_r, stage << 4 | 2, tx_err))?;
    let data = stdin.to_vec();
    // A program that never reads its stdin must not block us.
    start("stdin", move || {
        let _ = in_w.write_all(&data);
    })?;
    let cpu_start = cgroup_cpu_us();
    // The Command (holding our copies of the child's pipe ends) is dropped at
    // the end of this statement, so the pipes close when the program's do.
    let mut child = Command::new(program)
        .args(args)
        .current_dir(BOX_DIR)
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", "/tmp")
        .env("TMPDIR", "/tmp")
        .env("LANG", "C.UTF-8")
        .stdin(in_r)
        .stdout(out_w)
        .stderr(err_w)
        .process_group(0)
        .spawn()
        .map_err(|e| format!("starting {program}: {e}"))?;
    let mut exited_at: Option<Instant> = None;
    let mut status = None;
    let mut cpu_exceeded = false;
    let mut next_check = Instant::now();
    let mut next_usage = Instant::now() + USAGE_EVERY;
    loop {
        match rx.recv_timeout(TICK) {
            Ok(Event::Chunk(tag, data)) => {
                frame(out, tag, &data).map_err(|e| format!("writing output: {e}"))?;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                if status.is_some() {
                    break;
                }
                // Pipes closed but the process still runs: wait without spinning.
                thread::sleep(TICK);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        // Checked on a clock, not per chunk, so a flood of output cannot starve it.
        if Instant::now() < next_check {
            continue;
        }
        next_check = Instant::now() + TICK;
        if status.is_none() && Instant::now() >= next_usage {
            next_usage = Instant::now() + USAGE_EVERY;
            let mut usage = Vec::with_capacity(16);
            usage.extend_from_slice(&cgroup_cpu_us().saturating_sub(cpu_start).to_le_bytes());
            usage.extend_from_slice(&cgroup_memory_peak().to_le_bytes());
            frame(out, stage << 4 | 4, &usage).map_err(|e| format!("writing usage: {e}"))?;
        }
        if status.is_none() {
            status = child.try_wait().map_err(|e| format!("waiting: {e}"))?;
            if status.is_some() {
                exited_at = Some(Instant::now());
            }
        }
        match exited_at {
            Some(at) if at.elapsed() >= DRAIN => break,
            Some(_) => {}
            None => {
                if cpu_budget_ms > 0
                    && cgroup_cpu_us().saturating_sub(cpu_start)
                        > cpu_budget_ms.saturating_mul(1000)
                {
                    // Over budget: report it; the host kills the whole container.
                    cpu_exceeded = true;
                    break;
                }
            }
        }
    }
    let (code, signal) = match status {
        Some(s) => match (s.code(), s.signal()) {
            (Some(c), _) => (c, 0),
            (None, Some(sig)) => (-1, sig),
            (None, None) => (-1, 0),
        },
        None => (-1, 0),
    };
    let mut exit = Vec::with_capacity(25);
    exit.extend_from_slice(&code.to_le_bytes());
    exit.extend_from_slice(&signal.to_le_bytes());
    exit.extend_from_slice(&cgroup_cpu_us().saturating_sub(cpu_start).to_le_bytes());
    exit.extend_from_slice(&cgroup_memory_peak().to_le_bytes());
    exit.push(u8::from(cpu_exceeded));
    frame(out, stage << 4 | 3, &exit).map_err(|e| format!("writing exit: {e}"))?;
    Ok(code == 0 && signal == 0 && !cpu_exceeded)
}

fn read_number(path: &str) -> Option<u64> {
    fs::read_to_string(path).ok()?.trim().parse().ok()
}

/// CPU time of every process in this container, in µs (cgroup v1 or v2).
fn cgroup_cpu_us() -> u64 {
    for p in [
        "/sys/fs/cgroup/cpuacct/cpuacct.usage",
        "/sys/fs/cgroup/cpu,cpuacct/cpuacct.usage",
    ] {
        if let Some(ns) = read_number(p) {
            return ns / 1000;
        }
    }
    if let Ok(stat) = fs::read_to_string("/sys/fs/cgroup/cpu.stat") {
        for line in stat.lines() {
            if let Some(v) = line.strip_prefix("usage_usec ") {
                return v.trim().parse().unwrap_or(0);
            }
        }
    }
    0
}

/// Peak memory of this container in bytes (cgroup v1 or v2); 0 when unknown.
fn cgroup_memory_peak() -> u64 {
    read_number("/sys/fs/cgroup/memory/memory.max_usage_in_bytes")
        .or_else(|| read_number("/sys/fs/cgroup/memory.peak"))
        .unwrap_or(0)
}
