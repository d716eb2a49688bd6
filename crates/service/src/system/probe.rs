//! Reading the host with `sysinfo`: one long-lived reader, so CPU use and
//! network rates are measured between this sample and the previous one.

use std::collections::HashMap;
use std::time::Instant;

use chrono::{DateTime, Utc};
use sysinfo::{Disks, Networks, ProcessRefreshKind, ProcessesToUpdate, System, UpdateKind};
use tianqi_core::system::{
    dedup_disks, is_real_disk, percent, rate, round1, top_by, CpuFigures, DiskFigures,
    HostSnapshot, LoadFigures, MemoryFigures, NetworkFigures, ProcessFigures,
};

pub(super) struct Probe {
    sys: System,
    disks: Disks,
    networks: Networks,
    /// Each interface's counters at the previous sample.
    previous_net: HashMap<String, (u64, u64)>,
    previous_at: Option<Instant>,
}

impl Probe {
    pub(super) fn new() -> Self {
        Self {
            sys: System::new(),
            disks: Disks::new(),
            networks: Networks::new(),
            previous_net: HashMap::new(),
            previous_at: None,
        }
    }

    fn refresh(&mut self) {
        self.sys.refresh_cpu_usage();
        self.sys.refresh_memory();
        // Memory, CPU and state are what the lists show; tasks (threads) and
        // command lines are not read, which keeps a refresh cheap.
        self.sys.refresh_processes_specifics(
            ProcessesToUpdate::All,
            true,
            ProcessRefreshKind::nothing()
                .with_memory()
                .with_cpu()
                .with_exe(UpdateKind::Never),
        );
    }

    pub(super) fn sample(&mut self, now: DateTime<Utc>, top: usize) -> HostSnapshot {
        if self.previous_at.is_none() {
            // CPU use needs two readings at least this far apart.
            self.refresh();
            self.networks.refresh(true);
            self.remember_net();
            self.previous_at = Some(Instant::now());
            std::thread::sleep(sysinfo::MINIMUM_CPU_UPDATE_INTERVAL);
        }
        self.refresh();
        self.disks.refresh(true);
        self.networks.refresh(true);
        let elapsed = self
            .previous_at
            .map_or(0.0, |at| at.elapsed().as_secs_f64());
        self.previous_at = Some(Instant::now());

        let total_mem = self.sys.total_memory();
        let available = self.sys.available_memory();
        let used = total_mem.saturating_sub(available);
        let procs: Vec<ProcessFigures> = self
            .sys
            .processes()
            .values()
            // Threads appear as processes on Linux; the lists are of processes.
            .filter(|p| p.thread_kind().is_none())
            .map(|p| ProcessFigures {
                pid: p.pid().as_u32(),
                name: p.name().to_string_lossy().into_owned(),
                cpu_percent: round1(f64::from(p.cpu_usage())),
                memory_bytes: p.memory(),
                memory_percent: percent(p.memory(), total_mem),
                status: p.status().to_string(),
            })
            .collect();
        let disks = self
            .disks
            .list()
            .iter()
            .filter(|d| is_real_disk(&d.file_system().to_string_lossy(), d.total_space()))
            .map(|d| {
                let total = d.total_space();
                let available = d.available_space();
                let used = total.saturating_sub(available);
                DiskFigures {
                    device: d.name().to_string_lossy().into_owned(),
                    mount_point: d.mount_point().to_string_lossy().into_owned(),
                    file_system: d.file_system().to_string_lossy().into_owned(),
                    total_bytes: total,
                    available_bytes: available,
                    used_bytes: used,
                    percent: percent(used, total),
                }
            })
            .collect();
        let mut network: Vec<NetworkFigures> = self
            .networks
            .list()
            .iter()
            .map(|(name, n)| {
                let (rx, tx) = (n.total_received(), n.total_transmitted());
                let (prx, ptx) = self.previous_net.get(name).copied().unwrap_or((rx, tx));
                NetworkFigures {
                    interface: name.clone(),
                    rx_bytes: rx,
                    tx_bytes: tx,
                    rx_bytes_per_sec: rate(prx, rx, elapsed),
                    tx_bytes_per_sec: rate(ptx, tx, elapsed),
                }
            })
            .collect();
        network.sort_by(|a, b| a.interface.cmp(&b.interface));
        self.remember_net();

        let load = System::load_average();
        let boot = i64::try_from(System::boot_time()).unwrap_or(0);
        HostSnapshot {
            at: now,
            hostname: System::host_name().unwrap_or_default(),
            os: System::long_os_version().unwrap_or_default(),
            kernel: System::kernel_version().unwrap_or_default(),
            arch: System::cpu_arch(),
            uptime_secs: System::uptime(),
            boot_time: DateTime::from_timestamp(boot, 0).unwrap_or_default(),
            cpu: CpuFigures {
                cores: self.sys.cpus().len(),
                physical_cores: System::physical_core_count(),
                brand: self
                    .sys
                    .cpus()
                    .first()
                    .map(|c| c.brand().to_owned())
                    .unwrap_or_default(),
                usage_percent: round1(f64::from(self.sys.global_cpu_usage())),
                per_core_percent: self
                    .sys
                    .cpus()
                    .iter()
                    .map(|c| round1(f64::from(c.cpu_usage())))
                    .collect(),
            },
            memory: MemoryFigures {
                total_bytes: total_mem,
                used_bytes: used,
                available_bytes: available,
                percent: percent(used, total_mem),
                swap_total_bytes: self.sys.total_swap(),
                swap_used_bytes: self.sys.used_swap(),
            },
            load: LoadFigures {
                one: load.one,
                five: load.five,
                fifteen: load.fifteen,
            },
            disks: dedup_disks(disks),
            network,
            top_cpu: top_by(&procs, top, |p| p.cpu_percent),
            top_memory: top_by(&procs, top, |p| p.memory_bytes as f64),
            process_count: procs.len(),
        }
    }

    fn remember_net(&mut self) {
        self.previous_net = self
            .networks
            .list()
            .iter()
            .map(|(name, n)| (name.clone(), (n.total_received(), n.total_transmitted())))
            .collect();
    }
}
