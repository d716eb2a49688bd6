//! Whether a workspace's services answer: an HTTP GET on its web port, a TCP
//! connect on its WebSocket port, run concurrently by the compat `/health`.

use std::time::{Duration, Instant};

use tianqi_core::{Error, Result};
use tianqi_store::StoredNode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{Probes, WorkspaceHealth, WorkspaceService};

/// Each service probe (HTTP GET, TCP connect) gets this long.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(2);
/// An HTTP GET on `host:port`: healthy when anything answers with a status
/// below 500 within the timeout.
pub async fn probe_http(host: &str, port: u16) -> bool {
    let attempt = async {
        let mut s = TcpStream::connect((host, port)).await.ok()?;
        let req = format!("GET / HTTP/1.0\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n");
        s.write_all(req.as_bytes()).await.ok()?;
        let mut buf = [0u8; 64];
        let mut got = 0;
        while got < 12 {
            let n = s.read(&mut buf[got..]).await.ok()?;
            if n == 0 {
                break;
            }
            got += n;
        }
        let head = std::str::from_utf8(&buf[..got]).ok()?;
        let code: u16 = head.strip_prefix("HTTP/1.")?.get(2..5)?.parse().ok()?;
        Some(code < 500)
    };
    matches!(
        tokio::time::timeout(PROBE_TIMEOUT, attempt).await,
        Ok(Some(true))
    )
}

/// A TCP connect on `host:port` within the timeout.
pub async fn probe_tcp(host: &str, port: u16) -> bool {
    matches!(
        tokio::time::timeout(PROBE_TIMEOUT, TcpStream::connect((host, port))).await,
        Ok(Ok(_))
    )
}

/// Where the probes connect: the node's private address (the server reaches
/// nodes there), else its public one, else this machine.
fn probe_host(node: &StoredNode) -> String {
    [&node.draft.private_ip, &node.draft.public_ip]
        .into_iter()
        .find(|ip| !ip.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| "127.0.0.1".into())
}

impl WorkspaceService {
    /// The compat `/health`: Docker's state; when running, resource use and the
    /// two probes, run concurrently. NotFound when there is no such workspace.
    pub async fn health(&self, user_id: i64) -> Result<WorkspaceHealth> {
        let state = self.state()?.clone();
        let profile = &state.profile;
        let slot = Self::slot_of(profile, user_id).map_err(|_| Error::not_found("no workspace"))?;
        let (docker, node) = self.node().await?;
        let Some(c) = self.container_of(&docker, profile, user_id).await? else {
            return Err(Error::not_found("Container not found"));
        };
        let mut health = WorkspaceHealth {
            container_name: c.name.clone(),
            running: c.running,
            started_at: String::new(),
            cpu_percent: 0.0,
            memory_usage_bytes: 0,
            memory_limit_bytes: 0,
            memory_percent: 0.0,
            probes: None,
            http_port: slot.http_port,
            ws_port: slot.ws_port,
        };
        // Keep the list's status in step with what was just seen.
        let recorded = self.ctx.store.workspace(&profile.name, user_id).await?;
        let status = if c.running { "running" } else { "stopped" };
        if recorded.as_ref().map(|r| r.status.as_str()) != Some(status) {
            if let Some(_guard) = state.try_lock_user(user_id).await? {
                self.record_seen(profile, slot, node.id, &c, c.running)
                    .await?;
            }
        }
        if !c.running {
            return Ok(health);
        }
        health.started_at = c.started_at.clone();
        let host = probe_host(&node);
        let started = Instant::now();
        let (sample, web, wsock) = tokio::join!(
            self.cpu_and_memory(&state, &docker, &c.id),
            async {
                let web = probe_http(&host, slot.http_port).await;
                (web, started.elapsed())
            },
            async {
                let w = probe_tcp(&host, slot.ws_port).await;
                (w, started.elapsed())
            },
        );
        let (cpu, sample) = sample?;
        health.cpu_percent = cpu;
        health.memory_usage_bytes = sample.mem_usage;
        health.memory_limit_bytes = sample.mem_limit;
        health.memory_percent = if sample.mem_limit > 0 {
            sample.mem_usage as f64 / sample.mem_limit as f64 * 100.0
        } else {
            0.0
        };
        health.probes = Some(Probes {
            web_healthy: web.0,
            websocket_healthy: wsock.0,
            probe_ms: web.1.max(wsock.1).as_secs_f64() * 1000.0,
        });
        Ok(health)
    }
}
