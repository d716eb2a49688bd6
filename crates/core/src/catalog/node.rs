//! Compute nodes (算力节点): where the platform places instances — a Docker
//! Engine, or a namespace of a registered Kubernetes cluster (its
//! [`KubeBackend`]), which placement weighs beside the Docker nodes.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::address::DockerAddress;
use super::pem;
use super::quantity::{cores_to_milli, gb_to_mib, mib_to_gb, milli_to_cores};
use crate::validate;
use crate::{Error, Result};

pub const DEFAULT_HAMI_CORE_DIR: &str = "/root/HAMi-core/build";
pub const DEFAULT_SSH_PORT: u16 = 22;
pub const MAX_GPUS: i64 = 64;

/// A node that is a namespace of a registered Kubernetes cluster: its
/// instances are Pods there (see `crate::kube::instance_pod`). The cluster
/// and namespace are fixed once the node exists (its instances live there);
/// the storage class may change and applies to data claims made afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct KubeBackend {
    pub cluster_id: i64,
    /// The namespace the instances' Pods and claims go to.
    pub namespace: String,
    /// The data claims' storage class; empty = the cluster's default.
    #[serde(default)]
    pub storage_class: String,
}

impl KubeBackend {
    fn validate(&self) -> Result<()> {
        if self.cluster_id <= 0 {
            return Err(Error::validation(
                "kubernetes.cluster_id",
                "kubernetes.cluster_id must name a registered cluster",
            ));
        }
        crate::kube::resources::namespace("kubernetes.namespace", &self.namespace)?;
        if !self.storage_class.is_empty() {
            crate::kube::resources::object_name("kubernetes.storage_class", &self.storage_class)?;
        }
        Ok(())
    }
}

/// The last known state of a node's Docker connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum DockerStatus {
    /// Never tested yet.
    Unknown,
    /// Ping and version answered within the timeout.
    Connected,
    /// The last test failed; `docker_error` says why.
    Failed,
}

impl DockerStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DockerStatus::Unknown => "unknown",
            DockerStatus::Connected => "connected",
            DockerStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> DockerStatus {
        match s {
            "connected" => DockerStatus::Connected,
            "failed" => DockerStatus::Failed,
            _ => DockerStatus::Unknown,
        }
    }
}

/// What the node's Docker Engine said about itself at the last successful test.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// Facts stored by an older release lack the newer fields: they read as unknown.
#[serde(default)]
pub struct DockerFacts {
    pub server_version: String,
    pub api_version: String,
    pub os: String,
    pub kernel_version: String,
    pub ncpu: i64,
    pub memory_bytes: i64,
    pub storage_driver: String,
    pub runtimes: Vec<String>,
    /// The `nvidia` runtime is registered (GPU containers possible).
    pub nvidia_runtime: bool,
    /// Docker's root directory (images, container layers, volumes).
    pub root_dir: String,
    /// The filesystem under the storage driver (`extfs`, `xfs`, …), when Docker says.
    pub backing_filesystem: String,
    /// Size and free space of the filesystem holding `root_dir`, measured when the
    /// engine is on this machine (a unix socket); 0 = not measured.
    pub root_fs_total_bytes: i64,
    pub root_fs_free_bytes: i64,
    /// Whether this storage driver can enforce a container's disk size: btrfs,
    /// zfs and devicemapper can, overlay2 only on xfs (mounted with `pquota`,
    /// which Docker checks at create; each instance records in `disk_enforced`
    /// whether its limit was applied). Elsewhere disk sizes are bookkeeping.
    pub disk_limits_supported: bool,
}

impl DockerFacts {
    /// See [`DockerFacts::disk_limits_supported`].
    pub fn disk_limits_possible(storage_driver: &str, backing_filesystem: &str) -> bool {
        match storage_driver {
            "btrfs" | "zfs" | "devicemapper" => true,
            "overlay2" => backing_filesystem == "xfs",
            _ => false,
        }
    }

    /// Whole GB (GiB, as memory is counted) of the Docker root's filesystem,
    /// when measured.
    pub fn root_fs_gb(&self) -> Option<i64> {
        (self.root_fs_total_bytes >= 1 << 30).then_some(self.root_fs_total_bytes >> 30)
    }
}

/// A node as the API shows it. Secrets are never included: only whether they are set.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Node {
    pub id: i64,
    pub name: String,
    pub region: String,
    pub cpu_desc: String,
    pub memory_desc: String,
    pub system_disk_desc: String,
    pub data_disk_desc: String,
    pub public_ip: String,
    pub private_ip: String,
    pub ssh_port: u16,
    pub ssh_user: String,
    pub has_ssh_password: bool,
    pub gpu_name: String,
    pub gpu_count: i64,
    /// VRAM of **each** card, in GB.
    pub vram_gb_per_card: f64,
    pub hami_core_dir: String,
    /// `docker` or `kubernetes`.
    pub backend: String,
    /// Set for a node that is a Kubernetes namespace (then `docker_address`
    /// is empty).
    pub kubernetes: Option<KubeBackend>,
    pub docker_address: String,
    pub use_tls: bool,
    /// CA certificate (PEM) the node's certificate is checked against.
    pub ca_cert: String,
    /// Client certificate (PEM) presented to the node.
    pub client_cert: String,
    pub has_client_key: bool,
    /// Capacity used by placement.
    pub cpu_cores: f64,
    pub memory_gb: f64,
    pub system_disk_gb: i64,
    pub data_disk_gb: i64,
    pub listed: bool,
    pub remark: String,
    pub docker_status: DockerStatus,
    pub docker_error: String,
    pub docker_checked_at: Option<DateTime<Utc>>,
    /// Docker's own facts, from the last successful test.
    pub docker: Option<DockerFacts>,
    /// Where the declared sizes disagree with Docker's report or another node.
    pub warnings: Vec<super::sanity::NodeWarning>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Fields for create (starred ones required) and update (all optional).
/// For the secrets `ssh_password` and `client_key`: absent = keep, `""` = remove.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NodeFields {
    pub name: Option<String>,
    pub region: Option<String>,
    pub cpu_desc: Option<String>,
    pub memory_desc: Option<String>,
    pub system_disk_desc: Option<String>,
    pub data_disk_desc: Option<String>,
    pub public_ip: Option<String>,
    pub private_ip: Option<String>,
    pub ssh_port: Option<u16>,
    pub ssh_user: Option<String>,
    pub ssh_password: Option<String>,
    pub gpu_name: Option<String>,
    pub gpu_count: Option<i64>,
    /// VRAM of each card, GB.
    pub vram_gb_per_card: Option<f64>,
    pub hami_core_dir: Option<String>,
    /// Instead of `docker_address`: the node is a namespace of a registered
    /// cluster. Set on create; on update the cluster and namespace must stay
    /// as they are (the storage class may change).
    pub kubernetes: Option<KubeBackend>,
    /// `unix:///var/run/docker.sock` or `tcp://host:port` (not with `kubernetes`).
    pub docker_address: Option<String>,
    /// Default: true for tcp://, false for unix://.
    pub use_tls: Option<bool>,
    pub ca_cert: Option<String>,
    pub client_cert: Option<String>,
    pub client_key: Option<String>,
    /// Empty on create = NCPU reported by Docker.
    pub cpu_cores: Option<f64>,
    /// Empty on create = MemTotal reported by Docker.
    pub memory_gb: Option<f64>,
    pub system_disk_gb: Option<i64>,
    pub data_disk_gb: Option<i64>,
    pub listed: Option<bool>,
    pub remark: Option<String>,
}

/// A complete, validated node configuration in storage units.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NodeDraft {
    pub name: String,
    pub region: String,
    pub cpu_desc: String,
    pub memory_desc: String,
    pub system_disk_desc: String,
    pub data_disk_desc: String,
    pub public_ip: String,
    pub private_ip: String,
    pub ssh_port: u16,
    pub ssh_user: String,
    pub ssh_password: String,
    pub gpu_name: String,
    pub gpu_count: i64,
    pub vram_mib_per_card: i64,
    pub hami_core_dir: String,
    /// `Some` for a Kubernetes node (then `docker_address` is empty).
    pub kube: Option<KubeBackend>,
    pub docker_address: String,
    pub use_tls: bool,
    pub ca_cert: String,
    pub client_cert: String,
    pub client_key: String,
    /// `None` = take from Docker's report at the next successful test.
    pub cpu_milli: Option<i64>,
    pub memory_mib: Option<i64>,
    pub system_disk_gb: i64,
    pub data_disk_gb: i64,
    pub listed: bool,
    pub remark: String,
}

const TEXT_MAX: usize = 1024;
const SHORT_MAX: usize = 128;

impl NodeDraft {
    /// What the node offers, as placement and capacity count it (an unknown
    /// CPU or memory size counts as none).
    pub fn totals(&self) -> super::capacity::Totals {
        super::capacity::Totals {
            cpu_milli: self.cpu_milli.unwrap_or(0),
            memory_mib: self.memory_mib.unwrap_or(0),
            system_disk_gb: self.system_disk_gb,
            data_disk_gb: self.data_disk_gb,
            gpu_count: self.gpu_count,
            vram_mib_per_card: self.vram_mib_per_card,
        }
    }

    pub fn new(f: NodeFields) -> Result<NodeDraft> {
        // A Kubernetes node is reached through its cluster: no engine
        // address, and the machine addresses are optional.
        let docker = f.kubernetes.is_none();
        for (field, present) in [
            ("name", f.name.is_some()),
            ("public_ip", f.public_ip.is_some() || !docker),
            ("private_ip", f.private_ip.is_some() || !docker),
            ("docker_address", f.docker_address.is_some() || !docker),
        ] {
            if !present {
                return Err(Error::validation(field, format!("{field} is required")));
            }
        }
        let tcp = f
            .docker_address
            .as_deref()
            .is_some_and(|a| a.trim().starts_with("tcp://"));
        NodeDraft {
            ssh_port: DEFAULT_SSH_PORT,
            hami_core_dir: DEFAULT_HAMI_CORE_DIR.into(),
            use_tls: tcp,
            listed: true,
            kube: f.kubernetes.clone(),
            ..NodeDraft::default()
        }
        .apply(f)
    }

    pub fn backend(&self) -> &'static str {
        if self.kube.is_some() {
            "kubernetes"
        } else {
            "docker"
        }
    }

    /// Overlays the given fields, then checks the result.
    pub fn apply(mut self, f: NodeFields) -> Result<NodeDraft> {
        macro_rules! set {
            ($($field:ident),*) => { $( if let Some(v) = f.$field { self.$field = v; } )* };
        }
        set!(
            name,
            region,
            cpu_desc,
            memory_desc,
            system_disk_desc,
            data_disk_desc,
            public_ip,
            private_ip,
            ssh_port,
            ssh_user,
            ssh_password,
            gpu_name,
            gpu_count,
            hami_core_dir,
            docker_address,
            use_tls,
            ca_cert,
            client_cert,
            client_key,
            system_disk_gb,
            data_disk_gb,
            listed,
            remark
        );
        if let Some(k) = f.kubernetes {
            match &self.kube {
                Some(now) if now.cluster_id == k.cluster_id && now.namespace == k.namespace => {
                    self.kube = Some(k);
                }
                _ => {
                    return Err(Error::validation(
                        "kubernetes",
                        "a node's backend (its cluster and namespace) cannot change: register another node",
                    ))
                }
            }
        }
        if let Some(v) = f.vram_gb_per_card {
            self.vram_mib_per_card = gb_to_mib("vram_gb_per_card", v)?;
        }
        if let Some(v) = f.cpu_cores {
            self.cpu_milli = Some(cores_to_milli("cpu_cores", v)?);
        }
        if let Some(v) = f.memory_gb {
            self.memory_mib = Some(gb_to_mib("memory_gb", v)?);
        }
        self.name = self.name.trim().to_owned();
        self.docker_address = self.docker_address.trim().to_owned();
        self.public_ip = self.public_ip.trim().to_owned();
        self.private_ip = self.private_ip.trim().to_owned();
        self.validate()?;
        Ok(self)
    }

    pub fn validate(&self) -> Result<()> {
        validate::name("name", &self.name, super::image::NAME_MAX)?;
        for (field, v) in [
            ("region", &self.region),
            ("cpu_desc", &self.cpu_desc),
            ("memory_desc", &self.memory_desc),
            ("system_disk_desc", &self.system_disk_desc),
            ("data_disk_desc", &self.data_disk_desc),
            ("ssh_user", &self.ssh_user),
            ("gpu_name", &self.gpu_name),
        ] {
            validate::text(field, v, SHORT_MAX)?;
        }
        validate::text("remark", &self.remark, TEXT_MAX)?;
        validate::text("ssh_password", &self.ssh_password, 1024)?;
        for (field, v) in [
            ("public_ip", &self.public_ip),
            ("private_ip", &self.private_ip),
        ] {
            let optional = self.kube.is_some() && v.is_empty();
            if !optional && v.parse::<IpAddr>().is_err() {
                return Err(Error::validation(
                    field,
                    format!("{field} must be an IP address"),
                ));
            }
        }
        if self.ssh_port == 0 {
            return Err(Error::validation(
                "ssh_port",
                "ssh_port must be between 1 and 65535",
            ));
        }
        if !(0..=MAX_GPUS).contains(&self.gpu_count) {
            return Err(Error::validation(
                "gpu_count",
                format!("gpu_count must be between 0 and {MAX_GPUS}"),
            ));
        }
        if self.gpu_count > 0 && self.vram_mib_per_card == 0 {
            return Err(Error::validation(
                "vram_gb_per_card",
                "vram_gb_per_card must be set when the node has GPUs",
            ));
        }
        if !self.hami_core_dir.starts_with('/') || self.hami_core_dir.contains(['\0', '\n', ':']) {
            return Err(Error::validation(
                "hami_core_dir",
                "hami_core_dir must be an absolute path",
            ));
        }
        validate::text("hami_core_dir", &self.hami_core_dir, 512)?;
        for (field, v) in [
            ("system_disk_gb", self.system_disk_gb),
            ("data_disk_gb", self.data_disk_gb),
        ] {
            if !(0..=1_000_000).contains(&v) {
                return Err(Error::validation(
                    field,
                    format!("{field} must be between 0 and 1000000"),
                ));
            }
        }
        if let Some(k) = &self.kube {
            k.validate()?;
            if !self.docker_address.is_empty() || self.use_tls {
                return Err(Error::validation(
                    "docker_address",
                    "a Kubernetes node has no docker_address or use_tls: it is reached through its cluster",
                ));
            }
            return self.validate_pems();
        }
        let address = DockerAddress::parse("docker_address", &self.docker_address)?;
        if self.use_tls && !address.is_tcp() {
            return Err(Error::validation(
                "use_tls",
                "use_tls applies to tcp:// addresses only",
            ));
        }
        if self.use_tls {
            for (field, v) in [
                ("ca_cert", &self.ca_cert),
                ("client_cert", &self.client_cert),
                ("client_key", &self.client_key),
            ] {
                if v.trim().is_empty() {
                    return Err(Error::validation(
                        field,
                        format!("{field} is required when use_tls is true"),
                    ));
                }
            }
        }
        self.validate_pems()
    }

    fn validate_pems(&self) -> Result<()> {
        if !self.ca_cert.is_empty() {
            pem::certificate("ca_cert", &self.ca_cert)?;
        }
        if !self.client_cert.is_empty() {
            pem::certificate("client_cert", &self.client_cert)?;
        }
        if !self.client_key.is_empty() {
            pem::private_key("client_key", &self.client_key)?;
        }
        Ok(())
    }

    /// Fills capacity left empty from what Docker reported.
    pub fn fill_capacity_from(&mut self, facts: &DockerFacts) {
        if self.cpu_milli.is_none() && facts.ncpu > 0 {
            self.cpu_milli = Some(facts.ncpu * 1000);
        }
        if self.memory_mib.is_none() && facts.memory_bytes > 0 {
            self.memory_mib = Some(facts.memory_bytes / (1024 * 1024));
        }
    }

    pub fn address(&self) -> Result<DockerAddress> {
        DockerAddress::parse("docker_address", &self.docker_address)
    }
}

/// API units from storage units.
pub fn cores(milli: Option<i64>) -> f64 {
    milli.map_or(0.0, milli_to_cores)
}

pub fn gigabytes(mib: Option<i64>) -> f64 {
    mib.map_or(0.0, mib_to_gb)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> NodeFields {
        NodeFields {
            name: Some("n1".into()),
            public_ip: Some("203.0.113.5".into()),
            private_ip: Some("10.0.0.5".into()),
            docker_address: Some("unix:///var/run/docker.sock".into()),
            ..Default::default()
        }
    }

    fn field(e: Error) -> String {
        match e {
            Error::Validation { field, .. } => field,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn defaults() {
        let d = NodeDraft::new(base()).unwrap();
        assert_eq!((d.ssh_port, d.use_tls, d.listed), (22, false, true));
        assert_eq!(d.hami_core_dir, DEFAULT_HAMI_CORE_DIR);
        assert_eq!(d.cpu_milli, None);
        // tcp defaults to TLS, which needs the three PEMs
        let tcp = NodeFields {
            docker_address: Some("tcp://10.0.0.5:2376".into()),
            ..base()
        };
        assert_eq!(field(NodeDraft::new(tcp.clone()).unwrap_err()), "ca_cert");
        let plain = NodeDraft::new(NodeFields {
            use_tls: Some(false),
            ..tcp
        })
        .unwrap();
        assert!(!plain.use_tls);
    }

    #[test]
    fn rules() {
        let cases: Vec<(NodeFields, &str)> = vec![
            (
                NodeFields {
                    name: None,
                    ..base()
                },
                "name",
            ),
            (
                NodeFields {
                    public_ip: Some("not-an-ip".into()),
                    ..base()
                },
                "public_ip",
            ),
            (
                NodeFields {
                    docker_address: Some("http://x:1".into()),
                    ..base()
                },
                "docker_address",
            ),
            (
                NodeFields {
                    ssh_port: Some(0),
                    ..base()
                },
                "ssh_port",
            ),
            (
                NodeFields {
                    gpu_count: Some(-1),
                    ..base()
                },
                "gpu_count",
            ),
            (
                NodeFields {
                    gpu_count: Some(2),
                    ..base()
                },
                "vram_gb_per_card",
            ),
            (
                NodeFields {
                    cpu_cores: Some(-2.0),
                    ..base()
                },
                "cpu_cores",
            ),
            (
                NodeFields {
                    system_disk_gb: Some(-5),
                    ..base()
                },
                "system_disk_gb",
            ),
            (
                NodeFields {
                    use_tls: Some(true),
                    ..base()
                },
                "use_tls",
            ),
            (
                NodeFields {
                    ca_cert: Some("garbage".into()),
                    ..base()
                },
                "ca_cert",
            ),
            (
                NodeFields {
                    hami_core_dir: Some("relative".into()),
                    ..base()
                },
                "hami_core_dir",
            ),
        ];
        for (f, expected) in cases {
            assert_eq!(field(NodeDraft::new(f).unwrap_err()), expected);
        }
    }

    #[test]
    fn capacity_from_docker() {
        let mut d = NodeDraft::new(base()).unwrap();
        d.fill_capacity_from(&DockerFacts {
            ncpu: 8,
            memory_bytes: 16 * 1024 * 1024 * 1024,
            ..Default::default()
        });
        assert_eq!((d.cpu_milli, d.memory_mib), (Some(8000), Some(16384)));
        let mut given = NodeDraft::new(NodeFields {
            cpu_cores: Some(2.0),
            ..base()
        })
        .unwrap();
        given.fill_capacity_from(&DockerFacts {
            ncpu: 8,
            ..Default::default()
        });
        assert_eq!(given.cpu_milli, Some(2000));
    }

    fn kube(ns: &str) -> NodeFields {
        NodeFields {
            name: Some("k1".into()),
            kubernetes: Some(KubeBackend {
                cluster_id: 3,
                namespace: ns.into(),
                storage_class: String::new(),
            }),
            ..Default::default()
        }
    }

    #[test]
    fn a_kubernetes_node_needs_no_engine_or_addresses() {
        let d = NodeDraft::new(kube("gpu-team")).unwrap();
        assert_eq!(d.backend(), "kubernetes");
        assert_eq!((d.docker_address.as_str(), d.use_tls), ("", false));
        assert_eq!(NodeDraft::new(base()).unwrap().backend(), "docker");
        // given addresses are still checked
        let bad_ip = NodeFields {
            public_ip: Some("nope".into()),
            ..kube("gpu-team")
        };
        assert_eq!(field(NodeDraft::new(bad_ip).unwrap_err()), "public_ip");
        for (f, expected) in [
            (kube("Bad_NS"), "kubernetes.namespace"),
            (kube("../x"), "kubernetes.namespace"),
            (
                NodeFields {
                    docker_address: Some("unix:///var/run/docker.sock".into()),
                    ..kube("ok")
                },
                "docker_address",
            ),
            (
                NodeFields {
                    kubernetes: Some(KubeBackend {
                        cluster_id: 0,
                        namespace: "ok".into(),
                        storage_class: String::new(),
                    }),
                    ..kube("ok")
                },
                "kubernetes.cluster_id",
            ),
            (
                NodeFields {
                    kubernetes: Some(KubeBackend {
                        cluster_id: 3,
                        namespace: "ok".into(),
                        storage_class: "fast ssd".into(),
                    }),
                    ..kube("ok")
                },
                "kubernetes.storage_class",
            ),
        ] {
            assert_eq!(field(NodeDraft::new(f).unwrap_err()), expected);
        }
    }

    #[test]
    fn a_nodes_backend_stays_what_it_was() {
        let k = NodeDraft::new(kube("team")).unwrap();
        let moved = k.clone().apply(kube("other")).unwrap_err();
        assert_eq!(field(moved), "kubernetes");
        let docker = NodeDraft::new(base()).unwrap();
        assert_eq!(field(docker.apply(kube("team")).unwrap_err()), "kubernetes");
        // the storage class may change
        let restyled = k
            .apply(NodeFields {
                kubernetes: Some(KubeBackend {
                    cluster_id: 3,
                    namespace: "team".into(),
                    storage_class: "fast-ssd".into(),
                }),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(restyled.kube.unwrap().storage_class, "fast-ssd");
    }
}
