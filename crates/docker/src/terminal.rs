//! Interactive shells in a container: an exec with a TTY, resizable, that is
//! ended for sure when its user goes away.

use std::pin::Pin;

use bollard::container::LogOutput;
use bollard::exec::{CreateExecOptions, ResizeExecOptions, StartExecOptions, StartExecResults};
use bollard::Docker;
use futures::{Stream, StreamExt};
use rand::RngCore;
use tokio::io::AsyncWrite;

use crate::DriverError;

pub type Output = Pin<Box<dyn Stream<Item = Result<Vec<u8>, DriverError>> + Send>>;
pub type Input = Pin<Box<dyn AsyncWrite + Send>>;

pub struct Terminal {
    pub exec_id: String,
    pub output: Output,
    pub input: Input,
    /// Names the pid file that lets [`close`] end the shell.
    nonce: String,
}

/// Starts `bash` when the image has it, else `sh`, with a TTY of the given size.
/// The shell's pid is written to a file named by a random nonce (no user input
/// reaches this command line), so closing can end it: Docker leaves a TTY exec
/// running when its client disconnects.
pub async fn open(
    docker: &Docker,
    container: &str,
    cols: u16,
    rows: u16,
) -> Result<Terminal, DriverError> {
    let mut raw = [0u8; 8];
    rand::thread_rng().fill_bytes(&mut raw);
    let nonce: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    let script = format!(
        "{{ echo $$ > /tmp/.tianqi-term-{nonce}; }} 2>/dev/null; if [ -x /bin/bash ]; then exec /bin/bash -l; else exec /bin/sh -l; fi"
    );
    let exec = docker
        .create_exec(
            container,
            CreateExecOptions {
                cmd: Some(vec!["/bin/sh".to_owned(), "-c".to_owned(), script]),
                attach_stdin: Some(true),
                attach_stdout: Some(true),
                attach_stderr: Some(true),
                tty: Some(true),
                // C.UTF-8 exists in every glibc and musl image: pasted Chinese
                // is shown as typed, not as octal escapes.
                env: Some(vec![
                    "TERM=xterm-256color".to_owned(),
                    "LANG=C.UTF-8".to_owned(),
                ]),
                ..Default::default()
            },
        )
        .await?;
    let started = docker
        .start_exec(
            &exec.id,
            Some(StartExecOptions {
                detach: false,
                tty: true,
                output_capacity: None,
            }),
        )
        .await?;
    let StartExecResults::Attached { output, input } = started else {
        return Err(DriverError::Api("exec started detached".into()));
    };
    // The size can only be set once the exec runs.
    let _ = resize(docker, &exec.id, cols, rows).await;
    let output: Output = Box::pin(output.map(|item| {
        item.map(|o| match o {
            LogOutput::StdOut { message }
            | LogOutput::StdErr { message }
            | LogOutput::Console { message }
            | LogOutput::StdIn { message } => message.to_vec(),
        })
        .map_err(DriverError::from)
    }));
    Ok(Terminal {
        exec_id: exec.id,
        output,
        input,
        nonce,
    })
}

pub async fn resize(
    docker: &Docker,
    exec_id: &str,
    cols: u16,
    rows: u16,
) -> Result<(), DriverError> {
    Ok(docker
        .resize_exec(
            exec_id,
            ResizeExecOptions {
                height: rows,
                width: cols,
            },
        )
        .await?)
}

/// Ends the shell (SIGHUP, as a terminal hang-up would) and removes its pid file.
pub async fn close(
    docker: &Docker,
    container: &str,
    terminal_nonce: &str,
) -> Result<(), DriverError> {
    if terminal_nonce.is_empty() || !terminal_nonce.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(DriverError::Config("terminal nonce must be hex".into()));
    }
    let script = format!(
        "f=/tmp/.tianqi-term-{terminal_nonce}; [ -f $f ] && kill -HUP $(cat $f) 2>/dev/null; rm -f $f"
    );
    let exec = docker
        .create_exec(
            container,
            CreateExecOptions {
                cmd: Some(vec!["/bin/sh".to_owned(), "-c".to_owned(), script]),
                ..Default::default()
            },
        )
        .await?;
    docker
        .start_exec(
            &exec.id,
            Some(StartExecOptions {
                detach: true,
                tty: false,
                output_capacity: None,
            }),
        )
        .await?;
    Ok(())
}

impl Terminal {
    pub fn nonce(&self) -> &str {
        &self.nonce
    }
}
