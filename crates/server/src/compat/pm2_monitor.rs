//! Mini PM2's monitoring routes (`/api/monitoring/metrics`, `/api/system/info`,
//! `/api/system/processes`) over the system monitor, and its live log socket
//! `WS /ws/logs` over the tasks' log followers. The seed lists the routes
//! but not their bodies; the field names are those of `psutil`, which the
//! FastAPI original reads (`cpu_percent`, `virtual_memory()`, `disk_usage("/")`,
//! `net_io_counters()`, `process_iter`), so dashboards written against it
//! find what they expect.

use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use tianqi_core::system::{DiskFigures, HostSnapshot};

use super::pm2::{fail, me, ok};
use crate::state::AppState;

/// The disk `/` is on, as `psutil.disk_usage("/")`; else the largest one.
fn root_disk(h: &HostSnapshot) -> Option<&DiskFigures> {
    h.disks
        .iter()
        .find(|d| d.mount_point == "/")
        .or_else(|| h.disks.iter().max_by_key(|d| d.total_bytes))
}

async fn host(s: &AppState) -> Result<std::sync::Arc<HostSnapshot>, Response> {
    let me = me(s).await?;
    s.services.system.host(&me).await.map_err(fail)
}

pub(super) async fn metrics(State(s): State<AppState>) -> Response {
    let h = match host(&s).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    let disk = root_disk(&h);
    let (sent, recv) = h
        .network
        .iter()
        .fold((0u64, 0u64), |(t, r), n| (t + n.tx_bytes, r + n.rx_bytes));
    ok(json!({
        "timestamp": h.at,
        "cpu_percent": h.cpu.usage_percent,
        "memory_percent": h.memory.percent,
        "disk_percent": disk.map_or(0.0, |d| d.percent),
        "cpu": {
            "percent": h.cpu.usage_percent,
            "count": h.cpu.cores,
            "per_cpu": h.cpu.per_core_percent,
            "load_average": [h.load.one, h.load.five, h.load.fifteen],
        },
        "memory": {
            "total": h.memory.total_bytes,
            "available": h.memory.available_bytes,
            "used": h.memory.used_bytes,
            "percent": h.memory.percent,
        },
        "disk": {
            "total": disk.map_or(0, |d| d.total_bytes),
            "used": disk.map_or(0, |d| d.used_bytes),
            "free": disk.map_or(0, |d| d.available_bytes),
            "percent": disk.map_or(0.0, |d| d.percent),
        },
        "network": {"bytes_sent": sent, "bytes_recv": recv},
        "process_count": h.process_count,
    }))
}

pub(super) async fn info(State(s): State<AppState>) -> Response {
    let h = match host(&s).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    ok(json!({
        "hostname": h.hostname,
        "platform": std::env::consts::OS,
        "platform_release": h.kernel,
        "platform_version": h.os,
        "architecture": h.arch,
        "processor": h.cpu.brand,
        "cpu_count": h.cpu.physical_cores.unwrap_or(h.cpu.cores),
        "cpu_count_logical": h.cpu.cores,
        "memory_total": h.memory.total_bytes,
        "disk_total": root_disk(&h).map_or(0, |d| d.total_bytes),
        "boot_time": h.boot_time,
        "uptime": h.uptime_secs,
        "server": concat!("tianqi ", env!("CARGO_PKG_VERSION")),
    }))
}

#[derive(Debug, Deserialize)]
pub(super) struct ProcessesQuery {
    /// `cpu` (default) or `memory`.
    sort_by: Option<String>,
}

pub(super) async fn processes(
    State(s): State<AppState>,
    Query(q): Query<ProcessesQuery>,
) -> Response {
    let by_memory = match q.sort_by.as_deref() {
        None | Some("cpu" | "cpu_percent") => false,
        Some("memory" | "memory_percent") => true,
        Some(other) => {
            return fail(tianqi_core::Error::validation(
                "sort_by",
                format!("'{other}' is not cpu or memory"),
            ))
        }
    };
    let h = match host(&s).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    let list = if by_memory { &h.top_memory } else { &h.top_cpu };
    let processes: Vec<_> = list
        .iter()
        .map(|p| {
            json!({
                "pid": p.pid,
                "name": p.name,
                "cpu_percent": p.cpu_percent,
                "memory_percent": p.memory_percent,
                "memory_rss": p.memory_bytes,
                "status": p.status.to_lowercase(),
            })
        })
        .collect();
    ok(json!({"processes": processes, "total": h.process_count}))
}

#[derive(Debug, Deserialize)]
pub(super) struct WsLogsQuery {
    /// Only this task's lines.
    task_id: Option<String>,
}

fn seed_line(l: &tianqi_service::tasks::LiveLine) -> String {
    json!({
        "type": "log",
        "task_id": &*l.task_id,
        "run_id": l.run_id,
        "message": l.text,
        "level": l.level.map(|l| l.as_str()),
    })
    .to_string()
}

/// `WS /ws/logs`: every task's lines (or `?task_id=`'s) as they are written,
/// `{"type":"log","task_id","run_id","message","level"}`. Admitted by the
/// facade's gate like its other routes (the token, or the dedicated
/// listener's CIDRs); it acts as `tasks.compat.run_as`.
pub(super) async fn ws_logs(
    State(s): State<AppState>,
    Query(q): Query<WsLogsQuery>,
    ws: WebSocketUpgrade,
) -> Response {
    let me = match me(&s).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    if let Some(id) = &q.task_id {
        if let Err(e) = s.services.tasks.follow_logs(&me, id).await {
            return fail(e);
        }
    }
    let rx = match s.services.tasks.follow_all_logs(&me) {
        Ok(rx) => rx,
        Err(e) => return fail(e),
    };
    let only = q.task_id;
    ws.on_upgrade(move |socket| {
        crate::routes::tasks_live::pump(
            socket,
            rx,
            move |l| only.as_deref().is_none_or(|id| *l.task_id == *id),
            seed_line,
            None,
        )
    })
    .into_response()
}
