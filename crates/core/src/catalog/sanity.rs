//! Node sanity: where what an admin declared for a node disagrees with what its
//! Docker Engine reports, or with another node.
//!
//! These are warnings, not errors: a declared size above the engine's may be
//! deliberate (overcommit), and a node registered twice may be a migration in
//! progress. But each is a common mistake that makes placement promise what the
//! machine cannot give, so the console shows them next to the node.

use serde::Serialize;

use super::address::DockerAddress;
use super::node::{DockerFacts, NodeDraft};
use super::quantity::{mib_to_gb, milli_to_cores};

/// What kind of disagreement; the console translates it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NodeWarningCode {
    /// Declared CPU cores exceed the engine's NCPU.
    CpuOverReported,
    /// Declared memory exceeds the engine's MemTotal.
    MemoryOverReported,
    /// A declared system or data disk exceeds the size of Docker's root filesystem.
    DiskOverReported,
    /// GPUs are declared but the engine has no `nvidia` runtime.
    GpusWithoutNvidiaRuntime,
    /// Another node has the same Docker address: its capacity would count twice.
    DuplicateDockerAddress,
}

/// One warning, with the figures behind it (for a translated sentence) and an
/// English sentence for API clients.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NodeWarning {
    pub code: NodeWarningCode,
    pub message: String,
    /// What was declared (cores, GB or cards), when the warning compares sizes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared: Option<f64>,
    /// What the engine reports, in the same unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported: Option<f64>,
    /// The other node, for a duplicate address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_node: Option<String>,
}

/// Another registered node, as far as duplicate detection needs it.
pub struct OtherNode<'a> {
    pub name: &'a str,
    pub docker_address: &'a str,
}

/// The warnings for one node. `facts` is the engine's report from the last
/// successful test (none: only the address check can run).
pub fn node_warnings(
    draft: &NodeDraft,
    facts: Option<&DockerFacts>,
    others: &[OtherNode<'_>],
) -> Vec<NodeWarning> {
    let mut out = Vec::new();
    if let Some(f) = facts {
        if let Some(milli) = draft.cpu_milli {
            if f.ncpu > 0 && milli > f.ncpu * 1000 {
                out.push(sized(
                    NodeWarningCode::CpuOverReported,
                    milli_to_cores(milli),
                    f.ncpu as f64,
                    "CPU cores",
                ));
            }
        }
        if let Some(mib) = draft.memory_mib {
            let reported_mib = f.memory_bytes / (1024 * 1024);
            if reported_mib > 0 && mib > reported_mib {
                out.push(sized(
                    NodeWarningCode::MemoryOverReported,
                    mib_to_gb(mib),
                    mib_to_gb(reported_mib),
                    "memory (GB)",
                ));
            }
        }
        if let Some(root_gb) = f.root_fs_gb() {
            // Both disks live under Docker's root directory, and a node that
            // declares none gets its size for each (they share it, as
            // placement counts them apart): only one larger than it is wrong.
            let declared = draft.system_disk_gb.max(draft.data_disk_gb);
            if declared > root_gb {
                out.push(sized(
                    NodeWarningCode::DiskOverReported,
                    declared as f64,
                    root_gb as f64,
                    "disk (GB)",
                ));
            }
        }
        // A cluster's GPUs are its device plugin's, not a Docker runtime's.
        if draft.gpu_count > 0 && !f.nvidia_runtime && draft.kube.is_none() {
            out.push(NodeWarning {
                code: NodeWarningCode::GpusWithoutNvidiaRuntime,
                message: format!(
                    "{} GPU(s) are declared but Docker on this node has no nvidia runtime \
                     (runtimes: {}); GPU instances will fail to start",
                    draft.gpu_count,
                    if f.runtimes.is_empty() {
                        "none reported".to_owned()
                    } else {
                        f.runtimes.join(", ")
                    }
                ),
                declared: Some(draft.gpu_count as f64),
                reported: None,
                other_node: None,
            });
        }
    }
    if let Ok(mine) = DockerAddress::parse("docker_address", &draft.docker_address) {
        let same = others.iter().find(|o| {
            o.name != draft.name
                && DockerAddress::parse("docker_address", o.docker_address)
                    .is_ok_and(|a| same_engine(&a, &mine))
        });
        if let Some(o) = same {
            out.push(NodeWarning {
                code: NodeWarningCode::DuplicateDockerAddress,
                message: format!(
                    "node {} has the same Docker address; the engine's capacity counts twice",
                    o.name
                ),
                declared: None,
                reported: None,
                other_node: Some(o.name.to_owned()),
            });
        }
    }
    out
}

fn sized(code: NodeWarningCode, declared: f64, reported: f64, what: &str) -> NodeWarning {
    NodeWarning {
        code,
        message: format!(
            "declared {what} {declared} exceed what Docker reports ({reported}); \
             placement may promise more than the machine has"
        ),
        declared: Some(declared),
        reported: Some(reported),
        other_node: None,
    }
}

/// Host names compare case-insensitively; socket paths exactly.
fn same_engine(a: &DockerAddress, b: &DockerAddress) -> bool {
    match (a, b) {
        (DockerAddress::Unix(x), DockerAddress::Unix(y)) => x == y,
        (DockerAddress::Tcp { host: h1, port: p1 }, DockerAddress::Tcp { host: h2, port: p2 }) => {
            p1 == p2 && h1.eq_ignore_ascii_case(h2)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> DockerFacts {
        DockerFacts {
            ncpu: 8,
            memory_bytes: 16 << 30,
            runtimes: vec!["runc".into()],
            root_fs_total_bytes: 100 << 30,
            ..Default::default()
        }
    }

    fn draft() -> NodeDraft {
        NodeDraft {
            name: "a".into(),
            docker_address: "tcp://Gpu1.lab:2376".into(),
            cpu_milli: Some(8000),
            memory_mib: Some(16 * 1024),
            system_disk_gb: 100,
            data_disk_gb: 100,
            ..Default::default()
        }
    }

    fn codes(w: &[NodeWarning]) -> Vec<NodeWarningCode> {
        w.iter().map(|w| w.code).collect()
    }

    #[test]
    fn a_node_declared_as_reported_has_no_warnings() {
        assert!(node_warnings(&draft(), Some(&facts()), &[]).is_empty());
    }

    #[test]
    fn each_size_over_the_report_is_named_with_both_figures() {
        let mut d = draft();
        d.cpu_milli = Some(8500);
        d.memory_mib = Some(32 * 1024);
        d.data_disk_gb = 101;
        let w = node_warnings(&d, Some(&facts()), &[]);
        assert_eq!(
            codes(&w),
            [
                NodeWarningCode::CpuOverReported,
                NodeWarningCode::MemoryOverReported,
                NodeWarningCode::DiskOverReported
            ]
        );
        assert_eq!((w[0].declared, w[0].reported), (Some(8.5), Some(8.0)));
        assert_eq!((w[1].declared, w[1].reported), (Some(32.0), Some(16.0)));
        assert_eq!((w[2].declared, w[2].reported), (Some(101.0), Some(100.0)));
        assert!(w[0].message.contains("CPU cores 8.5"), "{}", w[0].message);
    }

    #[test]
    fn unmeasured_figures_warn_of_nothing() {
        let f = DockerFacts::default();
        let mut d = draft();
        d.cpu_milli = Some(1_000_000);
        d.system_disk_gb = 100_000;
        assert!(node_warnings(&d, Some(&f), &[]).is_empty());
        assert!(node_warnings(&d, None, &[]).is_empty());
    }

    #[test]
    fn gpus_need_the_nvidia_runtime() {
        let mut d = draft();
        d.gpu_count = 2;
        let w = node_warnings(&d, Some(&facts()), &[]);
        assert_eq!(codes(&w), [NodeWarningCode::GpusWithoutNvidiaRuntime]);
        assert!(w[0].message.contains("runtimes: runc"), "{}", w[0].message);
        let mut f = facts();
        f.nvidia_runtime = true;
        f.runtimes.push("nvidia".into());
        assert!(node_warnings(&d, Some(&f), &[]).is_empty());
    }

    #[test]
    fn the_same_engine_registered_twice_is_named() {
        let d = draft();
        let others = [
            OtherNode {
                name: "a",
                docker_address: "tcp://gpu1.lab:2376",
            },
            OtherNode {
                name: "b",
                docker_address: "tcp://gpu1.lab:2375",
            },
            OtherNode {
                name: "c",
                docker_address: "tcp://GPU1.LAB:2376/",
            },
        ];
        let w = node_warnings(&d, None, &others);
        assert_eq!(codes(&w), [NodeWarningCode::DuplicateDockerAddress]);
        assert_eq!(w[0].other_node.as_deref(), Some("c"));
        let unix = |name, path| NodeDraft {
            name,
            docker_address: path,
            ..Default::default()
        };
        let mine = unix("x".into(), "unix:///var/run/docker.sock".into());
        let other = [OtherNode {
            name: "y",
            docker_address: "unix:///run/docker.sock",
        }];
        assert!(node_warnings(&mine, None, &other).is_empty());
    }

    #[test]
    fn a_kubernetes_node_is_not_asked_for_a_docker_runtime() {
        let mut d = draft();
        d.gpu_count = 4;
        d.vram_mib_per_card = 81920;
        d.docker_address = String::new();
        d.kube = Some(crate::catalog::node::KubeBackend {
            cluster_id: 1,
            namespace: "gpu".into(),
            storage_class: String::new(),
        });
        let facts = DockerFacts {
            ncpu: 64,
            ..DockerFacts::default()
        };
        let others = [OtherNode {
            name: "k2",
            docker_address: "",
        }];
        assert!(node_warnings(&d, Some(&facts), &others).is_empty());
    }
}
