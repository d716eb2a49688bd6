//! The system monitor's figures and the rules that shape them: percentages,
//! rates between two samples, the top processes, which mounts count as disks.
//! Reading the host is the service's job; this module only decides.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One look at this server's host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HostSnapshot {
    pub at: DateTime<Utc>,
    pub hostname: String,
    /// Operating system, e.g. `Debian GNU/Linux 13`.
    pub os: String,
    pub kernel: String,
    /// CPU architecture, e.g. `x86_64`.
    pub arch: String,
    pub uptime_secs: u64,
    pub boot_time: DateTime<Utc>,
    pub cpu: CpuFigures,
    pub memory: MemoryFigures,
    pub load: LoadFigures,
    /// Real filesystems only (no tmpfs, overlay, proc …), one row per device.
    pub disks: Vec<DiskFigures>,
    /// Per interface; loopback included (a local service's traffic is traffic).
    pub network: Vec<NetworkFigures>,
    /// The busiest processes by CPU, most first.
    pub top_cpu: Vec<ProcessFigures>,
    /// The largest processes by resident memory, most first.
    pub top_memory: Vec<ProcessFigures>,
    /// Processes on the host.
    pub process_count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CpuFigures {
    /// Logical CPUs.
    pub cores: usize,
    pub physical_cores: Option<usize>,
    pub brand: String,
    /// Busy share of all CPUs since the previous sample, 0–100.
    pub usage_percent: f64,
    /// The same per logical CPU.
    pub per_core_percent: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemoryFigures {
    /// Bytes (`MemTotal`).
    pub total_bytes: u64,
    /// Bytes in use: total − available (page cache that can be dropped is not "used").
    pub used_bytes: u64,
    /// Bytes (`MemAvailable`).
    pub available_bytes: u64,
    /// used / total, 0–100.
    pub percent: f64,
    pub swap_total_bytes: u64,
    pub swap_used_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoadFigures {
    pub one: f64,
    pub five: f64,
    pub fifteen: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiskFigures {
    /// The device, e.g. `/dev/sda1`.
    pub device: String,
    pub mount_point: String,
    pub file_system: String,
    pub total_bytes: u64,
    /// Bytes an unprivileged user can still write.
    pub available_bytes: u64,
    pub used_bytes: u64,
    /// used / total, 0–100.
    pub percent: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NetworkFigures {
    pub interface: String,
    /// Bytes since the interface came up.
    pub rx_bytes: u64,
    pub tx_bytes: u64,
    /// Bytes per second since the previous sample.
    pub rx_bytes_per_sec: f64,
    pub tx_bytes_per_sec: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcessFigures {
    pub pid: u32,
    pub name: String,
    /// Share of one CPU since the previous sample: 100 = one core busy, can
    /// exceed 100 for a process with several busy threads.
    pub cpu_percent: f64,
    /// Resident bytes.
    pub memory_bytes: u64,
    /// Resident share of the host's memory, 0–100.
    pub memory_percent: f64,
    /// `Run`, `Sleep`, `Zombie` …
    pub status: String,
}

/// A Docker node as its Engine describes itself (`docker info`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NodeFigures {
    pub node_id: i64,
    pub name: String,
    /// The Engine answered within the node timeout.
    pub reachable: bool,
    /// Why it did not, when it did not.
    pub error: Option<String>,
    pub cpus: i64,
    pub memory_bytes: i64,
    pub containers_running: i64,
    pub containers_paused: i64,
    pub containers_stopped: i64,
    pub images: i64,
    pub server_version: String,
    pub kernel_version: String,
    pub operating_system: String,
}

impl NodeFigures {
    /// A node whose Engine did not answer.
    pub fn unreachable(node_id: i64, name: String, error: String) -> Self {
        Self {
            node_id,
            name,
            reachable: false,
            error: Some(error),
            cpus: 0,
            memory_bytes: 0,
            containers_running: 0,
            containers_paused: 0,
            containers_stopped: 0,
            images: 0,
            server_version: String::new(),
            kernel_version: String::new(),
            operating_system: String::new(),
        }
    }
}

/// `part` of `total` in percent, 0 when there is no total; rounded to 0.1.
pub fn percent(part: u64, total: u64) -> f64 {
    if total == 0 {
        return 0.0;
    }
    round1(part as f64 / total as f64 * 100.0)
}

/// Rounded to one decimal, which is all a monitor shows and keeps the JSON short.
pub fn round1(v: f64) -> f64 {
    if v.is_finite() {
        (v * 10.0).round() / 10.0
    } else {
        0.0
    }
}

/// A counter's rate between two samples `elapsed_secs` apart. A counter that
/// went backwards (the interface was reset) reads 0, not a huge number.
pub fn rate(earlier: u64, now: u64, elapsed_secs: f64) -> f64 {
    if elapsed_secs <= 0.0 || now < earlier {
        return 0.0;
    }
    round1((now - earlier) as f64 / elapsed_secs)
}

/// The `n` processes with the most of `key`, most first; ties by pid so the
/// list does not shuffle between samples.
pub fn top_by(
    procs: &[ProcessFigures],
    n: usize,
    key: impl Fn(&ProcessFigures) -> f64,
) -> Vec<ProcessFigures> {
    let mut sorted: Vec<&ProcessFigures> = procs.iter().collect();
    sorted.sort_by(|a, b| key(b).total_cmp(&key(a)).then(a.pid.cmp(&b.pid)));
    sorted.into_iter().take(n).cloned().collect()
}

/// Filesystems that hold no data of their own (memory, kernel views, layers
/// of containers): listing them would repeat the real disks many times over.
const PSEUDO_FILESYSTEMS: &[&str] = &[
    "tmpfs",
    "devtmpfs",
    "overlay",
    "squashfs",
    "proc",
    "sysfs",
    "cgroup",
    "cgroup2",
    "devpts",
    "mqueue",
    "nsfs",
    "autofs",
    "fuse.lxcfs",
    "ramfs",
    "efivarfs",
];

/// Whether a mount is a real disk worth showing.
pub fn is_real_disk(file_system: &str, total_bytes: u64) -> bool {
    total_bytes > 0 && !PSEUDO_FILESYSTEMS.contains(&file_system)
}

/// One row per device: a device mounted at several places (bind mounts,
/// a container runtime's data root) keeps the shortest mount point.
pub fn dedup_disks(mut disks: Vec<DiskFigures>) -> Vec<DiskFigures> {
    disks.sort_by(|a, b| {
        a.device
            .cmp(&b.device)
            .then(a.mount_point.len().cmp(&b.mount_point.len()))
            .then(a.mount_point.cmp(&b.mount_point))
    });
    disks.dedup_by(|later, first| later.device == first.device);
    disks.sort_by(|a, b| a.mount_point.cmp(&b.mount_point));
    disks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pid: u32, cpu: f64, mem: u64) -> ProcessFigures {
        ProcessFigures {
            pid,
            name: format!("p{pid}"),
            cpu_percent: cpu,
            memory_bytes: mem,
            memory_percent: 0.0,
            status: "Run".into(),
        }
    }

    fn d(device: &str, mount: &str) -> DiskFigures {
        DiskFigures {
            device: device.into(),
            mount_point: mount.into(),
            file_system: "ext4".into(),
            total_bytes: 10,
            available_bytes: 5,
            used_bytes: 5,
            percent: 50.0,
        }
    }

    #[test]
    fn percent_and_rate() {
        assert_eq!(percent(1, 3), 33.3);
        assert_eq!(percent(5, 0), 0.0);
        assert_eq!(rate(100, 400, 2.0), 150.0);
        assert_eq!(rate(400, 100, 2.0), 0.0, "a reset counter is not a burst");
        assert_eq!(rate(1, 2, 0.0), 0.0);
        assert_eq!(round1(f64::NAN), 0.0);
    }

    #[test]
    fn top_processes_most_first_stable_on_ties() {
        let procs = vec![p(3, 5.0, 10), p(1, 50.0, 5), p(2, 5.0, 30), p(4, 0.0, 1)];
        let cpu: Vec<u32> = top_by(&procs, 3, |p| p.cpu_percent)
            .iter()
            .map(|p| p.pid)
            .collect();
        assert_eq!(cpu, vec![1, 2, 3]);
        let mem: Vec<u32> = top_by(&procs, 2, |p| p.memory_bytes as f64)
            .iter()
            .map(|p| p.pid)
            .collect();
        assert_eq!(mem, vec![2, 3]);
        assert!(top_by(&procs, 0, |p| p.cpu_percent).is_empty());
    }

    #[test]
    fn only_real_disks_once_each() {
        assert!(is_real_disk("ext4", 1));
        assert!(!is_real_disk("ext4", 0));
        assert!(!is_real_disk("overlay", 100));
        assert!(!is_real_disk("tmpfs", 100));
        let disks = dedup_disks(vec![
            d("/dev/sda1", "/var/lib/docker"),
            d("/dev/sdb1", "/data"),
            d("/dev/sda1", "/"),
        ]);
        let mounts: Vec<&str> = disks.iter().map(|d| d.mount_point.as_str()).collect();
        assert_eq!(mounts, vec!["/", "/data"]);
    }
}
