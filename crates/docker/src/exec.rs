//! Commands and shells in a container for the SSH jump host: an exec with or
//! without a TTY, stdout and stderr kept apart (SSH carries them apart when
//! there is no TTY), stdin that can be closed (so `tar x` sees its end), the
//! exit code afterwards, and the same pid file as the web terminal so closing
//! ends the process for sure.

use std::pin::Pin;

use bollard::container::LogOutput;
use bollard::exec::{CreateExecOptions, StartExecOptions, StartExecResults};
use bollard::Docker;
use futures::{Stream, StreamExt};
use rand::RngCore;

use crate::terminal::Input;
use crate::DriverError;

/// What to run.
#[derive(Debug, Clone, Default)]
pub struct ExecSpec {
    /// A command line for `/bin/sh -c` (what sshd does with an exec request);
    /// `None` starts a login shell (bash when the image has it).
    pub command: Option<String>,
    /// A TTY of this size (cols, rows), or plain pipes.
    pub tty: Option<(u16, u16)>,
    /// `KEY=value` pairs (TERM, LANG).
    pub env: Vec<String>,
    /// Run this program directly (no shell, no pid file), e.g. the relay of
    /// `ssh -L`, which needs nothing from the image; overrides `command`.
    pub argv: Vec<String>,
}

/// A piece of output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chunk {
    Out(Vec<u8>),
    Err(Vec<u8>),
}

pub type ExecOutput = Pin<Box<dyn Stream<Item = Result<Chunk, DriverError>> + Send>>;

pub struct Exec {
    pub exec_id: String,
    pub output: ExecOutput,
    pub input: Input,
    nonce: String,
}

impl Exec {
    /// Names the pid file [`crate::terminal::close`] ends the process with.
    pub fn nonce(&self) -> &str {
        &self.nonce
    }
}

/// The fixed script: the shell writes its pid to a nonce-named file (ignoring
/// an image without a writable `/tmp`), then becomes the login shell or runs
/// the user's command, which arrives as `$1` — never spliced into this text.
fn script(nonce: &str, with_command: bool) -> String {
    let record = format!("{{ echo $$ > /tmp/.tianqi-term-{nonce}; }} 2>/dev/null; ");
    if with_command {
        format!("{record}exec /bin/sh -c \"$1\"")
    } else {
        format!("{record}if [ -x /bin/bash ]; then exec /bin/bash -l; else exec /bin/sh -l; fi")
    }
}

pub async fn start(docker: &Docker, container: &str, spec: ExecSpec) -> Result<Exec, DriverError> {
    let mut raw = [0u8; 8];
    rand::thread_rng().fill_bytes(&mut raw);
    let nonce: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    let cmd = if spec.argv.is_empty() {
        let mut cmd = vec![
            "/bin/sh".to_owned(),
            "-c".to_owned(),
            script(&nonce, spec.command.is_some()),
        ];
        if let Some(c) = spec.command {
            cmd.push("sh".to_owned());
            cmd.push(c);
        }
        cmd
    } else {
        spec.argv
    };
    let tty = spec.tty.is_some();
    let exec = docker
        .create_exec(
            container,
            CreateExecOptions {
                cmd: Some(cmd),
                attach_stdin: Some(true),
                attach_stdout: Some(true),
                attach_stderr: Some(true),
                tty: Some(tty),
                env: Some(spec.env),
                ..Default::default()
            },
        )
        .await?;
    let started = docker
        .start_exec(
            &exec.id,
            Some(StartExecOptions {
                detach: false,
                tty,
                output_capacity: None,
            }),
        )
        .await?;
    let StartExecResults::Attached { output, input } = started else {
        return Err(DriverError::Api("exec started detached".into()));
    };
    if let Some((cols, rows)) = spec.tty {
        // The size can only be set once the exec runs; the shell reads it
        // when it first asks (its prompt comes later than this call).
        let _ = crate::terminal::resize(docker, &exec.id, cols, rows).await;
    }
    let output: ExecOutput = Box::pin(output.map(|item| {
        item.map(|o| match o {
            LogOutput::StdErr { message } => Chunk::Err(message.to_vec()),
            LogOutput::StdOut { message }
            | LogOutput::Console { message }
            | LogOutput::StdIn { message } => Chunk::Out(message.to_vec()),
        })
        .map_err(DriverError::from)
    }));
    Ok(Exec {
        exec_id: exec.id,
        output,
        input,
        nonce,
    })
}

/// Copies `bytes` into the container as `dir/name` (mode 0755); answers the path.
pub async fn install_file(
    docker: &Docker,
    container: &str,
    dir: &str,
    name: &str,
    bytes: &[u8],
) -> Result<String, DriverError> {
    let path = format!("{dir}/{name}");
    let mut tar = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o755);
    header.set_cksum();
    tar.append_data(&mut header, name, bytes)
        .map_err(|e| DriverError::Config(format!("packing {name}: {e}")))?;
    let packed = tar
        .into_inner()
        .map_err(|e| DriverError::Config(format!("packing {name}: {e}")))?;
    docker
        .upload_to_container(
            container,
            Some(bollard::container::UploadToContainerOptions {
                path: dir.to_owned(),
                ..Default::default()
            }),
            packed.into(),
        )
        .await?;
    Ok(path)
}

/// The exit code of a finished exec (`None` while it runs or when Docker
/// does not know).
pub async fn exit_code(docker: &Docker, exec_id: &str) -> Result<Option<i64>, DriverError> {
    let inspect = docker.inspect_exec(exec_id).await?;
    if inspect.running == Some(true) {
        return Ok(None);
    }
    Ok(inspect.exit_code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_is_an_argument_not_part_of_the_script() {
        let s = script("00ff", true);
        assert_eq!(
            s,
            "{ echo $$ > /tmp/.tianqi-term-00ff; } 2>/dev/null; exec /bin/sh -c \"$1\""
        );
        assert!(script("00ff", false).contains("exec /bin/bash -l"));
    }
}
