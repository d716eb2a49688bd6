//! Watching an instance: stats, logs and the terminal.

use bollard::Docker;
use futures::StreamExt;
use serde::Deserialize;
use tianqi_core::instance::{Instance, InstanceStatus};
use tianqi_core::policy::Principal;
use tianqi_core::{Error, Result};

use super::{error_for, InstanceService};
use crate::catalog::Reach;

/// Query for `GET /api/v1/instances/{id}/logs`.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct LogsQuery {
    /// Lines from the end (default 100, at most 10000).
    pub tail: Option<u32>,
    /// Keep the stream open and send new lines (Server-Sent Events).
    pub follow: Option<bool>,
}

impl InstanceService {
    /// The instance and how to reach its node, for watching it; the instance
    /// must have a container (or Pod).
    async fn watched(&self, me: &Principal, id: i64) -> Result<(Instance, Reach)> {
        let inst = self.get(me, id).await?;
        if inst.container_id.is_empty() {
            return Err(Error::conflict(format!(
                "instance {id} has no container ({})",
                inst.status.as_str()
            )));
        }
        let (reach, _) = self
            .catalog
            .reach(inst.node_id)
            .await
            .map_err(|e| error_for(me, e))?;
        Ok((inst, reach))
    }

    /// Like [`Self::watched`], for what runs on a Docker node only.
    async fn watched_on_docker(&self, me: &Principal, id: i64) -> Result<(Instance, Docker)> {
        match self.watched(me, id).await? {
            (inst, Reach::Docker(docker)) => Ok((inst, docker)),
            (_, Reach::Kube(_)) => Err(Error::conflict(format!(
                "instance {id} runs on a Kubernetes node: this is available for instances on Docker nodes only"
            ))),
        }
    }

    pub async fn stats(&self, me: &Principal, id: i64) -> Result<tianqi_docker::observe::Stats> {
        let (inst, reach) = self.watched(me, id).await?;
        let docker = match reach {
            Reach::Docker(docker) => docker,
            Reach::Kube(kube) => {
                return self
                    .pod_stats(&inst, &kube)
                    .await
                    .map_err(|e| error_for(me, e))
            }
        };
        tianqi_docker::observe::stats(&docker, &inst.container_id, inst.cpu_cores)
            .await
            .map_err(|e| {
                self.catalog.forget_client(inst.node_id);
                Error::Unavailable(format!("statistics of instance {id}: {e}"))
            })
            .map_err(|e| error_for(me, e))
    }

    pub async fn logs(
        &self,
        me: &Principal,
        id: i64,
        q: &LogsQuery,
    ) -> Result<
        std::pin::Pin<
            Box<
                dyn futures::Stream<
                        Item = std::result::Result<tianqi_docker::observe::LogLine, String>,
                    > + Send,
            >,
        >,
    > {
        let tail = q.tail.unwrap_or(100);
        if tail > 10_000 {
            return Err(Error::validation("tail", "tail must be at most 10000"));
        }
        let follow = q.follow.unwrap_or(false);
        let (inst, reach) = self.watched(me, id).await?;
        let docker = match reach {
            Reach::Docker(docker) => docker,
            Reach::Kube(kube) => {
                return self
                    .pod_log_lines(&inst, &kube, tail, follow)
                    .await
                    .map_err(|e| error_for(me, e))
            }
        };
        Ok(Box::pin(
            tianqi_docker::observe::logs(&docker, &inst.container_id, tail, follow)
                .map(|r| r.map_err(|e| e.to_string())),
        ))
    }
}

/// Longest log line kept (longer ones are cut, marked with `…`).
pub const LOG_LINE_MAX_BYTES: usize = 64 * 1024;

impl InstanceService {
    /// The last lines of an instance's log, at most `instances.logs_max_bytes`
    /// of them (the oldest are dropped first), each at most
    /// [`LOG_LINE_MAX_BYTES`]: however chatty the container, the answer's size
    /// is bounded while it is read.
    pub async fn logs_tail(
        &self,
        me: &Principal,
        id: i64,
        tail: Option<u32>,
    ) -> Result<Vec<tianqi_docker::observe::LogLine>> {
        let q = LogsQuery {
            tail,
            follow: Some(false),
        };
        let mut lines = Box::pin(self.logs(me, id, &q).await?);
        let mut kept = std::collections::VecDeque::new();
        let mut bytes = 0usize;
        let max = usize::try_from(self.settings.logs_max_bytes).unwrap_or(usize::MAX);
        while let Some(item) = lines.next().await {
            let mut line = item.map_err(|e| error_for(me, Error::Unavailable(e)))?;
            if line.line.len() > LOG_LINE_MAX_BYTES {
                let mut cut = LOG_LINE_MAX_BYTES;
                while !line.line.is_char_boundary(cut) {
                    cut -= 1;
                }
                line.line.truncate(cut);
                line.line.push('…');
            }
            bytes += line.line.len();
            kept.push_back(line);
            while bytes > max {
                match kept.pop_front() {
                    Some(old) => bytes -= old.line.len(),
                    None => break,
                }
            }
        }
        Ok(kept.into())
    }
}

/// An open shell in an instance: a TTY exec on its Docker node (the
/// WebSocket bridge calls `tianqi_docker::terminal::{resize, close}` with
/// these), or in its Pod's `main` container on a cluster.
pub enum TerminalSession {
    Docker {
        docker: Docker,
        container_id: String,
        terminal: tianqi_docker::terminal::Terminal,
    },
    Pod(tianqi_kube::PodShell),
}

impl InstanceService {
    /// Opens a shell in a running instance the caller owns (or, for admins, any).
    pub async fn open_terminal(
        &self,
        me: &Principal,
        id: i64,
        cols: u16,
        rows: u16,
    ) -> Result<TerminalSession> {
        let (inst, reach) = self.watched(me, id).await?;
        if inst.status != InstanceStatus::Running {
            return Err(Error::conflict(format!(
                "instance {id} is {}, not running",
                inst.status.as_str()
            )));
        }
        let docker = match reach {
            Reach::Docker(docker) => docker,
            Reach::Kube(kube) => {
                return self
                    .pod_terminal(&inst, &kube, cols, rows, None)
                    .await
                    .map(TerminalSession::Pod)
                    .map_err(|e| error_for(me, e))
            }
        };
        let terminal = tianqi_docker::terminal::open(&docker, &inst.container_id, cols, rows)
            .await
            .map_err(|e| {
                self.catalog.forget_client(inst.node_id);
                Error::Unavailable(format!("terminal of instance {id}: {e}"))
            })
            .map_err(|e| error_for(me, e))?;
        Ok(TerminalSession::Docker {
            docker,
            container_id: inst.container_id,
            terminal,
        })
    }
}

/// A command or shell started for the SSH jump host, and what is needed to
/// resize and end it (`tianqi_docker::terminal::{resize, close}`) and to read
/// its exit code (`tianqi_docker::exec::exit_code`).
pub struct ExecSession {
    pub docker: Docker,
    pub container_id: String,
    pub exec: tianqi_docker::exec::Exec,
}

/// What the SSH jump host bridges a session channel to: a Docker exec, or
/// a login shell in a Pod's `main` container.
pub enum SshProcess {
    Docker(ExecSession),
    Pod(tianqi_kube::PodShell),
    /// A command (or scp, sftp) without a terminal in a Pod, or its login
    /// shell reading commands from stdin (`ssh -T` alone).
    PodCommand(tianqi_kube::PodCommand),
}

impl InstanceService {
    /// The jump host's session in a running instance the caller owns (or,
    /// for admins, any): `spec` as a Docker exec, or on a Kubernetes node a
    /// shell with a terminal or a command without one in the Pod.
    pub async fn open_ssh(
        &self,
        me: &Principal,
        id: i64,
        spec: tianqi_docker::exec::ExecSpec,
    ) -> Result<SshProcess> {
        let (inst, reach) = self.watched(me, id).await?;
        let Reach::Kube(kube) = reach else {
            return self.open_exec(me, id, spec).await.map(SshProcess::Docker);
        };
        if inst.status != InstanceStatus::Running {
            return Err(Error::conflict(format!(
                "instance {id} is {}, not running",
                inst.status.as_str()
            )));
        }
        match (spec.tty, spec.command.as_deref()) {
            (Some((cols, rows)), command) => self
                .pod_terminal(&inst, &kube, cols, rows, command)
                .await
                .map(SshProcess::Pod),
            (None, line) => self
                .pod_command(&inst, &kube, line)
                .await
                .map(SshProcess::PodCommand),
        }
        .map_err(|e| error_for(me, e))
    }

    /// Starts `spec` in a running instance the caller owns (or, for admins,
    /// any): the same check as the web terminal's.
    pub async fn open_exec(
        &self,
        me: &Principal,
        id: i64,
        spec: tianqi_docker::exec::ExecSpec,
    ) -> Result<ExecSession> {
        let (inst, docker) = self.watched_on_docker(me, id).await?;
        if inst.status != InstanceStatus::Running {
            return Err(Error::conflict(format!(
                "instance {id} is {}, not running",
                inst.status.as_str()
            )));
        }
        let exec = tianqi_docker::exec::start(&docker, &inst.container_id, spec)
            .await
            .map_err(|e| {
                self.catalog.forget_client(inst.node_id);
                Error::Unavailable(format!("exec in instance {id}: {e}"))
            })
            .map_err(|e| error_for(me, e))?;
        Ok(ExecSession {
            docker,
            container_id: inst.container_id,
            exec,
        })
    }
}

/// What `ssh -L` carries a channel over: the relay in a Docker exec, or
/// the cluster's portforward to a Pod's port.
pub enum SshForward {
    Docker(ExecSession),
    Pod(tianqi_kube::PodPort),
}

impl InstanceService {
    /// `ssh -L` into a running instance `me` may use: through the relay on
    /// a Docker node ([`Self::open_relay`]), or on a Kubernetes node the
    /// cluster's portforward to the Pod's own port (only `localhost` there:
    /// a portforward reaches the Pod's ports, nothing beyond it).
    pub async fn open_forward(
        &self,
        me: &Principal,
        id: i64,
        relay: (&[u8], &str),
        host: &str,
        port: u16,
    ) -> Result<SshForward> {
        let (inst, reach) = self.watched(me, id).await?;
        let Reach::Kube(kube) = reach else {
            return self
                .open_relay(me, id, relay.0, relay.1, host, port)
                .await
                .map(SshForward::Docker);
        };
        if inst.status != InstanceStatus::Running {
            return Err(Error::conflict(format!(
                "instance {id} is {}, not running",
                inst.status.as_str()
            )));
        }
        if !matches!(host, "localhost" | "127.0.0.1" | "::1") {
            return Err(Error::conflict(format!(
                "instance {id} runs on a Kubernetes node: ssh -L reaches its own ports there \
                 (localhost:PORT), not {host}"
            )));
        }
        self.pod_port(&inst, &kube, port)
            .await
            .map(SshForward::Pod)
            .map_err(|e| error_for(me, e))
    }

    /// A connection of a forwarding rule to port `port` of instance `id` on
    /// a Kubernetes node: the cluster's portforward to its Pod. No caller
    /// is checked here: the rule was checked when it was saved.
    pub async fn rule_pod_port(&self, id: i64, port: u16) -> Result<tianqi_kube::PodPort> {
        let inst = self
            .ctx
            .store
            .instance(id)
            .await
            .map_err(|_| Error::not_found(format!("instance {id} no longer exists")))?;
        if inst.status != InstanceStatus::Running {
            return Err(Error::conflict(format!(
                "instance {} is {}, not running",
                inst.name,
                inst.status.as_str()
            )));
        }
        let (Reach::Kube(kube), _) = self.catalog.reach(inst.node_id).await? else {
            return Err(Error::conflict(format!(
                "instance {} is not on a Kubernetes node",
                inst.name
            )));
        };
        self.pod_port(&inst, &kube, port).await
    }

    /// `ssh -L` into a running instance `me` may use: copies `relay` (a
    /// static program, named `relay_name`) into its `/tmp` and runs it with
    /// `host` and `port`, so the bytes travel over a Docker exec and reach
    /// the container's own network from any node.
    pub async fn open_relay(
        &self,
        me: &Principal,
        id: i64,
        relay: &[u8],
        relay_name: &str,
        host: &str,
        port: u16,
    ) -> Result<ExecSession> {
        let (inst, docker) = self.watched_on_docker(me, id).await?;
        if inst.status != InstanceStatus::Running {
            return Err(Error::conflict(format!(
                "instance {id} is {}, not running",
                inst.status.as_str()
            )));
        }
        let unavailable = |e: tianqi_docker::DriverError| {
            self.catalog.forget_client(inst.node_id);
            error_for(
                me,
                Error::Unavailable(format!("forwarding into instance {id}: {e}")),
            )
        };
        let path = tianqi_docker::exec::install_file(
            &docker,
            &inst.container_id,
            "/tmp",
            relay_name,
            relay,
        )
        .await
        .map_err(unavailable)?;
        let spec = tianqi_docker::exec::ExecSpec {
            argv: vec![path, host.to_owned(), port.to_string()],
            ..Default::default()
        };
        let exec = tianqi_docker::exec::start(&docker, &inst.container_id, spec)
            .await
            .map_err(unavailable)?;
        Ok(ExecSession {
            docker,
            container_id: inst.container_id,
            exec,
        })
    }
}
