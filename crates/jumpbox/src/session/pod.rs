//! A session in an instance on a Kubernetes node: the channel bridged over
//! the cluster's exec to a login shell in the Pod's `main` container or a
//! command with a terminal there (`ssh -t`), or to a command without one
//! (exec requests: commands, scp, sftp).

use std::time::Duration;

use futures::StreamExt;
use russh::ChannelMsg;
use tokio::io::AsyncWriteExt;

use super::{window_change, Channel2, Ended};

impl Channel2 {
    /// A terminal session in a Pod (an instance on a Kubernetes node), a
    /// shell or a `command`: bytes both ways over the cluster's exec until
    /// it exits (its code is the session's) or the client leaves (the exec
    /// is closed).
    pub(super) async fn bridge_pod(
        &mut self,
        id: i64,
        shell: tianqi_service::kube::PodShell,
        started: chrono::DateTime<chrono::Utc>,
        command: bool,
    ) -> Ended {
        let recorder = self.start_session(id).await;
        let tianqi_service::kube::PodShell {
            mut input,
            output,
            mut control,
        } = shell;
        let exit = control.exit_code();
        let mut output = tokio_util::io::ReaderStream::new(output);
        let (mut bytes_in, mut bytes_out) = (0u64, 0u64);
        let rd = &mut self.rd;
        let wr = &self.wr;
        let listed = &self.ctx.listed;
        let pty = &mut self.pty;
        let control_ref = &mut control;
        let from_client = async {
            while let Some(msg) = rd.wait().await {
                match msg {
                    ChannelMsg::Data { data } => {
                        bytes_in += data.len() as u64;
                        listed.count(data.len() as u64, 0);
                        if input.write_all(&data).await.is_err() {
                            break;
                        }
                    }
                    ChannelMsg::WindowChange {
                        col_width,
                        row_height,
                        ..
                    } => {
                        let (c, r) = window_change(pty, col_width, row_height);
                        control_ref.resize(c, r).await;
                        if let Some(rec) = &recorder {
                            rec.resize(c, r);
                        }
                    }
                    ChannelMsg::Close => break,
                    _ => {}
                }
            }
        };
        let to_client = async {
            while let Some(Ok(b)) = output.next().await {
                bytes_out += b.len() as u64;
                listed.count(0, b.len() as u64);
                if let Some(rec) = &recorder {
                    rec.output(&b);
                }
                if wr.data_bytes(b.to_vec()).await.is_err() {
                    break;
                }
            }
        };
        let ended = tokio::select! {
            () = from_client => Ended::Closed,
            () = to_client => {
                let code = match exit {
                    Some(f) => tokio::time::timeout(Duration::from_secs(5), f).await.ok().flatten(),
                    None => None,
                };
                Ended::Exited(code.and_then(|c| u32::try_from(c).ok()).unwrap_or(255))
            }
        };
        // The client left (or the shell ended): the exec goes either way.
        control.close();
        drop(recorder);
        self.ctx.listed.set_instance(None);
        self.record(id, started, bytes_in, bytes_out, command, &ended)
            .await;
        ended
    }

    /// A command without a terminal in a Pod (or, `command` false, its
    /// login shell reading stdin): the client's bytes to its stdin (EOF
    /// closes it), its stdout as data and stderr as extended data, its exit
    /// code the session's.
    pub(super) async fn bridge_pod_command(
        &mut self,
        id: i64,
        cmd: tianqi_service::kube::PodCommand,
        started: chrono::DateTime<chrono::Utc>,
        command: bool,
    ) -> Ended {
        self.start_session(id).await;
        let mut cmd = cmd;
        let status = cmd.status.take();
        let (mut bytes_in, mut bytes_out) = (0u64, 0u64);
        let rd = &mut self.rd;
        let wr = &self.wr;
        let listed = &self.ctx.listed;
        let input = &mut cmd.input;
        let from_client = async {
            let mut open = true;
            while let Some(msg) = rd.wait().await {
                match msg {
                    ChannelMsg::Data { data } if open => {
                        bytes_in += data.len() as u64;
                        listed.count(data.len() as u64, 0);
                        open = input.write_all(&data).await.is_ok();
                    }
                    ChannelMsg::Eof if open => {
                        let _ = input.shutdown().await;
                        open = false;
                    }
                    ChannelMsg::Close => break,
                    _ => {}
                }
            }
        };
        let (stdout, stderr) = (&mut cmd.stdout, &mut cmd.stderr);
        let to_client = async {
            let mut out = tokio_util::io::ReaderStream::new(stdout);
            let mut err = tokio_util::io::ReaderStream::new(stderr);
            let (mut out_open, mut err_open) = (true, true);
            while out_open || err_open {
                let sent = tokio::select! {
                    b = out.next(), if out_open => match b {
                        Some(Ok(b)) => {
                            bytes_out += b.len() as u64;
                            listed.count(0, b.len() as u64);
                            wr.data_bytes(b.to_vec()).await
                        }
                        _ => { out_open = false; Ok(()) }
                    },
                    b = err.next(), if err_open => match b {
                        Some(Ok(b)) => {
                            bytes_out += b.len() as u64;
                            listed.count(0, b.len() as u64);
                            wr.extended_data_bytes(1, b.to_vec()).await
                        }
                        _ => { err_open = false; Ok(()) }
                    },
                };
                if sent.is_err() {
                    break;
                }
            }
        };
        let ended = tokio::select! {
            () = from_client => Ended::Closed,
            () = to_client => {
                let code = match status {
                    Some(f) => tokio::time::timeout(Duration::from_secs(5), f).await.ok().flatten(),
                    None => None,
                };
                Ended::Exited(code.and_then(|c| u32::try_from(c).ok()).unwrap_or(255))
            }
        };
        cmd.close();
        self.ctx.listed.set_instance(None);
        self.record(id, started, bytes_in, bytes_out, command, &ended)
            .await;
        ended
    }
}
