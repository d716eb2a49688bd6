//! The exact container an instance becomes, as plain data. The node driver turns
//! it into Docker's API types; everything worth checking (limits, GPU device ids,
//! the HAMi environment) is decided — and unit-tested — here.

use std::collections::BTreeMap;

use crate::instance::GpuGrant;

/// Where HAMi-core's library is mounted inside split-GPU containers.
pub const HAMI_MOUNT: &str = "/libvgpu/build";
pub const HAMI_LOCK_DIR: &str = "/tmp/vgpulock";
/// The file in the node's HAMi-core directory that lists the library for
/// `/etc/ld.so.preload` (one line: `/libvgpu/build/libvgpu.so`).
pub const HAMI_PRELOAD_FILE: &str = "ld.so.preload";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerPlan {
    pub name: String,
    pub image: String,
    /// Empty = the image's own command.
    pub cmd: Vec<String>,
    /// None = the image's own working directory.
    pub working_dir: Option<String>,
    pub labels: BTreeMap<String, String>,
    pub env: Vec<String>,
    pub nano_cpus: i64,
    pub memory_bytes: i64,
    /// Equal to `memory_bytes`: no swap beyond the memory limit.
    pub memory_swap_bytes: i64,
    pub shm_bytes: i64,
    pub pids_limit: i64,
    /// `storage-opt size` in GB, when the node's storage driver can enforce it.
    pub storage_size_gb: Option<i64>,
    /// (named volume, path in the container)
    pub volumes: Vec<(String, String)>,
    /// `host:container[:mode]`
    pub binds: Vec<String>,
    /// Host files bound read-only that must exist (a missing one fails the
    /// create instead of Docker making an empty directory in its place).
    pub read_only_files: Vec<(String, String)>,
    /// Explicit GPU ids for DeviceRequests (never a count).
    pub gpu_device_ids: Vec<String>,
    /// Published TCP ports: (port in the container, port on the host).
    pub ports: Vec<(u16, u16)>,
    /// Restart policy `unless-stopped` (else none).
    pub restart_unless_stopped: bool,
    /// The user-defined network the container joins (made on first use);
    /// none = Docker's default bridge.
    pub network: Option<NetworkPlan>,
    /// Host address published ports bind to; none = all addresses.
    pub publish_ip: Option<String>,
    /// Capabilities taken from Docker's default set, and given back.
    pub cap_drop: Vec<String>,
    pub cap_add: Vec<String>,
    /// json-file log rotation: (`max-size`, `max-file`); none = Docker's default.
    pub log_rotation: Option<(String, u32)>,
}

/// A network of the platform's: one per owner per node, so one tenant's
/// containers cannot reach another's (Docker isolates bridges from each other).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkPlan {
    pub name: String,
    pub labels: BTreeMap<String, String>,
}

/// The network of `owner_id`'s instances on a node.
pub fn owner_network(install_id: &str, owner_id: i64) -> NetworkPlan {
    let mut labels = BTreeMap::new();
    labels.insert("tianqi.managed".to_owned(), "true".to_owned());
    labels.insert("tianqi.install".to_owned(), install_id.to_owned());
    labels.insert("tianqi.owner".to_owned(), owner_id.to_string());
    NetworkPlan {
        name: format!("tianqi-{install_id}-owner-{owner_id}"),
        labels,
    }
}

/// How instances are fenced off from each other and from the node.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Isolation {
    /// Capabilities every instance loses (`instances.drop_capabilities`).
    pub drop_capabilities: Vec<String>,
    /// Capabilities the image gives back (`Image::capabilities`).
    pub image_capabilities: Vec<String>,
    /// json-file log rotation.
    pub log_rotation: Option<(String, u32)>,
    /// One network per owner (`instances.network_per_owner`).
    pub network_per_owner: bool,
}

/// What a plan is made from.
#[derive(Debug, Clone)]
pub struct PlanInput<'a> {
    pub install_id: &'a str,
    pub instance_id: i64,
    pub name: &'a str,
    pub created_unix: i64,
    pub owner_id: i64,
    pub node_id: i64,
    pub image: &'a str,
    pub keep_alive: &'a [String],
    pub cpu_milli: i64,
    pub memory_mib: i64,
    pub system_disk_gb: i64,
    pub storage_opt_supported: bool,
    pub gpus: &'a [GpuGrant],
    pub split: bool,
    pub hami_core_dir: &'a str,
    pub shm_mib: i64,
    pub pids_limit: i64,
    pub isolation: &'a Isolation,
}

/// The first 8 characters of an installation id, enough to tell two apart in
/// a container name.
fn short_install(install_id: &str) -> &str {
    install_id.get(..8).unwrap_or(install_id)
}

/// The instance's data volume. The installation id keeps two Tianqi installations
/// that share a Docker Engine (or a test suite) from colliding.
pub fn data_volume(install_id: &str, instance_id: i64) -> String {
    format!("tianqi-{install_id}-inst-{instance_id}-data")
}

pub fn plan(p: &PlanInput<'_>) -> ContainerPlan {
    let memory_bytes = p.memory_mib * 1024 * 1024;
    let mut env = Vec::new();
    let mut binds = Vec::new();
    let mut read_only_files = Vec::new();
    if p.split && !p.gpus.is_empty() {
        // HAMi-core: preload the library from the node's build dir, one memory
        // limit per device by its position in the container (0-based, no leading
        // zero), the compute share as an integer percent, a cache file of the
        // container's own, and the host's lock dir.
        binds.push(format!("{}:{HAMI_MOUNT}:ro", p.hami_core_dir));
        binds.push(format!("{HAMI_LOCK_DIR}:{HAMI_LOCK_DIR}:rw"));
        // As HAMi's device plugin does: the library also in the system-wide
        // preload list, read-only, so clearing LD_PRELOAD does not unload it.
        read_only_files.push((
            format!(
                "{}/{HAMI_PRELOAD_FILE}",
                p.hami_core_dir.trim_end_matches('/')
            ),
            "/etc/ld.so.preload".to_owned(),
        ));
        env.push(format!("LD_PRELOAD={HAMI_MOUNT}/libvgpu.so"));
        env.push(format!("CUDA_REDIRECT={HAMI_MOUNT}/libvgpu.so"));
        for (position, g) in p.gpus.iter().enumerate() {
            env.push(format!(
                "CUDA_DEVICE_MEMORY_LIMIT_{position}={}m",
                g.vram_mib
            ));
        }
        let sm = p
            .gpus
            .iter()
            .map(|g| g.sm_percent)
            .max()
            .unwrap_or(100)
            .clamp(1, 100);
        env.push(format!("CUDA_DEVICE_SM_LIMIT={sm}"));
        env.push(format!(
            "CUDA_DEVICE_MEMORY_SHARED_CACHE=/tmp/tianqi-vgpu-{}.cache",
            p.instance_id
        ));
    }
    ContainerPlan {
        // The installation's id keeps two installations on one engine apart:
        // both may create instance 1 named `a` in the same second.
        name: format!(
            "{}-{}-{}-{}",
            p.name,
            p.instance_id,
            short_install(p.install_id),
            p.created_unix
        ),
        image: p.image.to_owned(),
        cmd: p.keep_alive.to_vec(),
        working_dir: None,
        labels: crate::instance::labels(p.install_id, p.instance_id, p.owner_id, p.node_id),
        env,
        nano_cpus: p.cpu_milli * 1_000_000,
        memory_bytes,
        memory_swap_bytes: memory_bytes,
        shm_bytes: p.shm_mib.min(p.memory_mib).max(1) * 1024 * 1024,
        pids_limit: p.pids_limit,
        storage_size_gb: (p.storage_opt_supported && p.system_disk_gb > 0)
            .then_some(p.system_disk_gb),
        volumes: vec![(data_volume(p.install_id, p.instance_id), "/data".to_owned())],
        binds,
        read_only_files,
        gpu_device_ids: p.gpus.iter().map(|g| g.index.to_string()).collect(),
        ports: Vec::new(),
        restart_unless_stopped: false,
        network: p
            .isolation
            .network_per_owner
            .then(|| owner_network(p.install_id, p.owner_id)),
        publish_ip: None,
        // What the image gives back is not dropped; it need not be added either,
        // since Docker's default set has it.
        cap_drop: p
            .isolation
            .drop_capabilities
            .iter()
            .filter(|c| !p.isolation.image_capabilities.contains(c))
            .cloned()
            .collect(),
        cap_add: p
            .isolation
            .image_capabilities
            .iter()
            .filter(|c| !DOCKER_DEFAULT_CAPABILITIES.contains(&c.as_str()))
            .cloned()
            .collect(),
        log_rotation: p.isolation.log_rotation.clone(),
    }
}

/// Docker's default capability set (moby's `DefaultCapabilities`).
pub const DOCKER_DEFAULT_CAPABILITIES: &[&str] = &[
    "CHOWN",
    "DAC_OVERRIDE",
    "FSETID",
    "FOWNER",
    "MKNOD",
    "NET_RAW",
    "SETGID",
    "SETUID",
    "SETFCAP",
    "SETPCAP",
    "NET_BIND_SERVICE",
    "SYS_CHROOT",
    "KILL",
    "AUDIT_WRITE",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(gpus: &'a [GpuGrant], split: bool) -> PlanInput<'a> {
        PlanInput {
            install_id: "abcd1234",
            instance_id: 42,
            name: "box",
            created_unix: 1_700_000_000,
            owner_id: 7,
            node_id: 3,
            image: "tq/cuda:12",
            keep_alive: &[],
            cpu_milli: 1500,
            memory_mib: 2048,
            system_disk_gb: 20,
            storage_opt_supported: false,
            gpus,
            split,
            hami_core_dir: "/root/HAMi-core/build",
            shm_mib: 1024,
            pids_limit: 4096,
            isolation: &ISOLATION,
        }
    }

    static ISOLATION: std::sync::LazyLock<Isolation> = std::sync::LazyLock::new(|| Isolation {
        drop_capabilities: vec!["NET_RAW".into(), "MKNOD".into(), "AUDIT_WRITE".into()],
        image_capabilities: vec!["NET_RAW".into(), "SYS_PTRACE".into()],
        log_rotation: Some(("10m".into(), 3)),
        network_per_owner: true,
    });

    #[test]
    fn tenants_are_fenced_off() {
        let p = plan(&input(&[], false));
        let net = p.network.as_ref().unwrap();
        assert_eq!(net.name, "tianqi-abcd1234-owner-7");
        assert_eq!(net.labels["tianqi.owner"], "7");
        // The image gives NET_RAW back (not dropped) and adds SYS_PTRACE.
        assert_eq!(p.cap_drop, ["MKNOD", "AUDIT_WRITE"]);
        assert_eq!(p.cap_add, ["SYS_PTRACE"]);
        assert_eq!(p.log_rotation, Some(("10m".into(), 3)));
    }

    #[test]
    fn limits_labels_and_volume() {
        let p = plan(&input(&[], false));
        assert_eq!(p.name, "box-42-abcd1234-1700000000");
        assert_eq!(p.nano_cpus, 1_500_000_000);
        assert_eq!((p.memory_bytes, p.memory_swap_bytes), (2 << 30, 2 << 30));
        assert_eq!(p.shm_bytes, 1 << 30);
        assert_eq!(p.pids_limit, 4096);
        assert_eq!(
            p.storage_size_gb, None,
            "unsupported storage-opt is not silently requested"
        );
        assert_eq!(
            p.volumes,
            vec![("tianqi-abcd1234-inst-42-data".into(), "/data".into())]
        );
        assert_eq!(p.labels["tianqi.install"], "abcd1234");
        assert_eq!(p.labels["tianqi.managed"], "true");
        assert_eq!(p.labels["tianqi.instance"], "42");
        assert_eq!(p.labels["tianqi.owner"], "7");
        assert_eq!(p.labels["tianqi.node"], "3");
        assert!(p.env.is_empty() && p.binds.is_empty() && p.gpu_device_ids.is_empty());
    }

    #[test]
    fn whole_gpus_by_explicit_id() {
        let gpus = [
            GpuGrant {
                index: 2,
                vram_mib: 24576,
                sm_percent: 100,
            },
            GpuGrant {
                index: 5,
                vram_mib: 24576,
                sm_percent: 100,
            },
        ];
        let p = plan(&input(&gpus, false));
        assert_eq!(p.gpu_device_ids, ["2", "5"]);
        assert!(p.env.is_empty(), "whole cards need no HAMi");
    }

    #[test]
    fn split_gpu_hami_environment() {
        let gpus = [GpuGrant {
            index: 3,
            vram_mib: 8192,
            sm_percent: 34,
        }];
        let p = plan(&input(&gpus, true));
        assert_eq!(p.gpu_device_ids, ["3"]);
        assert_eq!(
            p.env,
            [
                "LD_PRELOAD=/libvgpu/build/libvgpu.so",
                "CUDA_REDIRECT=/libvgpu/build/libvgpu.so",
                "CUDA_DEVICE_MEMORY_LIMIT_0=8192m",
                "CUDA_DEVICE_SM_LIMIT=34",
                "CUDA_DEVICE_MEMORY_SHARED_CACHE=/tmp/tianqi-vgpu-42.cache",
            ]
        );
        assert_eq!(
            p.binds,
            [
                "/root/HAMi-core/build:/libvgpu/build:ro",
                "/tmp/vgpulock:/tmp/vgpulock:rw"
            ]
        );
        // The system-wide preload list, read-only: clearing LD_PRELOAD does
        // not unload the library.
        assert_eq!(
            p.read_only_files,
            [(
                "/root/HAMi-core/build/ld.so.preload".to_owned(),
                "/etc/ld.so.preload".to_owned()
            )]
        );
        // Without a split there is nothing to preload.
        assert!(plan(&input(&gpus, false)).read_only_files.is_empty());
    }
}
