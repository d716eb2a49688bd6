//! The exact Pod and PersistentVolumeClaim an instance becomes on a
//! Kubernetes cluster, as plain data: the same decisions as
//! [`crate::container::plan`] makes for a Docker node (limits, labels,
//! capabilities, the data volume), in the cluster's terms. `tianqi-kube`
//! turns these into the API's objects; everything worth checking is decided
//! and unit-tested here.
//!
//! - Requests equal limits (Guaranteed QoS): the instance gets what its spec
//!   says and nothing beyond, as on Docker.
//! - Whole cards are `nvidia.com/gpu`; a split spec asks HAMi for a share of
//!   a card: `nvidia.com/gpu` (cards), `nvidia.com/gpumem` (MiB of each) and,
//!   when set, `nvidia.com/gpucores` (percent of its cores). The GPU model
//!   is a node selector on the label NVIDIA's feature discovery sets
//!   (`nvidia.com/gpu.product`), or HAMi's `nvidia.com/use-gputype`
//!   annotation for split specs.
//! - The data volume is a claim of its own that outlives the Pod: stopping
//!   deletes the Pod and keeps the claim; deleting the instance deletes both.
//! - User code runs there: no service-account token, no service links, no
//!   privilege escalation, the platform's dropped capabilities.

use std::collections::BTreeMap;

/// The one container of an instance's Pod.
pub const MAIN_CONTAINER: &str = "main";
/// Where the data volume is mounted, as on Docker.
pub const DATA_PATH: &str = "/data";
pub const GPU_RESOURCE: &str = "nvidia.com/gpu";
pub const HAMI_MEMORY_RESOURCE: &str = "nvidia.com/gpumem";
pub const HAMI_CORES_RESOURCE: &str = "nvidia.com/gpucores";
pub const GPU_PRODUCT_LABEL: &str = "nvidia.com/gpu.product";
pub const HAMI_GPU_TYPE_ANNOTATION: &str = "nvidia.com/use-gputype";
/// The instance's own name (any characters its validation allows), since a
/// Pod's name must be a DNS label.
pub const NAME_ANNOTATION: &str = "tianqi.instance-name";

/// GPUs an instance on a cluster asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PodGpus {
    None,
    /// Whole cards.
    Whole {
        cards: i64,
        model: String,
    },
    /// A HAMi share of each card.
    Split {
        cards: i64,
        vram_mib: i64,
        /// Percent of each card's cores; none leaves HAMi's default.
        cores_percent: Option<i64>,
        model: String,
    },
}

/// What a Pod plan is made from.
#[derive(Debug, Clone)]
pub struct PodInput<'a> {
    pub install_id: &'a str,
    pub instance_id: i64,
    pub name: &'a str,
    pub owner_id: i64,
    /// The cluster the instance is placed on.
    pub cluster_id: i64,
    pub namespace: &'a str,
    pub image: &'a str,
    /// Empty = the image's own command (Docker's `Cmd`, a Pod's `args`).
    pub keep_alive: &'a [String],
    pub cpu_milli: i64,
    pub memory_mib: i64,
    /// Ephemeral storage of the container (the system disk); 0 = unbounded.
    pub system_disk_gb: i64,
    /// The data claim's size; 0 = `default_data_gb`.
    pub data_disk_gb: i64,
    pub default_data_gb: i64,
    /// Empty = the cluster's default storage class.
    pub storage_class: &'a str,
    pub gpus: PodGpus,
    pub shm_mib: i64,
    pub drop_capabilities: &'a [String],
    pub image_capabilities: &'a [String],
}

/// A Pod's container resources: requests and limits alike.
pub type Resources = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodPlan {
    pub name: String,
    pub namespace: String,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    pub image: String,
    pub args: Vec<String>,
    pub resources: Resources,
    pub node_selector: BTreeMap<String, String>,
    /// The claim mounted at [`DATA_PATH`].
    pub claim: String,
    /// The size of the memory-backed `/dev/shm`.
    pub shm_mib: i64,
    pub cap_drop: Vec<String>,
    pub cap_add: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimPlan {
    pub name: String,
    pub namespace: String,
    pub labels: BTreeMap<String, String>,
    pub size_gb: i64,
    pub storage_class: Option<String>,
}

/// The GPUs of an instance's Pod from its placement: whole cards, or a
/// HAMi share (each card's VRAM, and its cores when less than a whole card).
pub fn pod_gpus(gpus: &[crate::instance::GpuGrant], split: bool, model: &str) -> PodGpus {
    let Some(first) = gpus.first() else {
        return PodGpus::None;
    };
    let cards = gpus.len() as i64;
    if !split {
        return PodGpus::Whole {
            cards,
            model: model.to_owned(),
        };
    }
    PodGpus::Split {
        cards,
        vram_mib: first.vram_mib,
        cores_percent: (first.sm_percent < 100).then_some(first.sm_percent),
        model: model.to_owned(),
    }
}

/// The Pod's name: a DNS label of the installation and the instance (the
/// instance's own name may not be one).
pub fn pod_name(install_id: &str, instance_id: i64) -> String {
    format!("tq-{}-{instance_id}", dns_part(install_id))
}

/// The data claim's name.
pub fn claim_name(install_id: &str, instance_id: i64) -> String {
    format!("{}-data", pod_name(install_id, instance_id))
}

/// The first 8 characters of the installation id that a DNS label allows
/// (lower-case letters and digits), as the container names use.
fn dns_part(install_id: &str) -> String {
    install_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .take(8)
        .collect()
}

/// The labels of an instance's Pod and claim, which reconciliation lists by:
/// the Docker ones, with the cluster in place of the node.
pub fn pod_labels(p: &PodInput<'_>) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("tianqi.managed".to_owned(), "true".to_owned()),
        ("tianqi.install".to_owned(), p.install_id.to_owned()),
        ("tianqi.owner".to_owned(), p.owner_id.to_string()),
        ("tianqi.instance".to_owned(), p.instance_id.to_string()),
        ("tianqi.cluster".to_owned(), p.cluster_id.to_string()),
    ])
}

pub fn plan_pod(p: &PodInput<'_>) -> PodPlan {
    let mut resources = Resources::new();
    resources.insert("cpu".into(), format!("{}m", p.cpu_milli));
    resources.insert("memory".into(), format!("{}Mi", p.memory_mib));
    if p.system_disk_gb > 0 {
        resources.insert(
            "ephemeral-storage".into(),
            format!("{}Gi", p.system_disk_gb),
        );
    }
    let mut node_selector = BTreeMap::new();
    let mut annotations = BTreeMap::new();
    annotations.insert(NAME_ANNOTATION.to_owned(), p.name.to_owned());
    match &p.gpus {
        PodGpus::None => {}
        PodGpus::Whole { cards, model } => {
            resources.insert(GPU_RESOURCE.into(), cards.to_string());
            if !model.trim().is_empty() {
                node_selector.insert(GPU_PRODUCT_LABEL.to_owned(), model.trim().to_owned());
            }
        }
        PodGpus::Split {
            cards,
            vram_mib,
            cores_percent,
            model,
        } => {
            resources.insert(GPU_RESOURCE.into(), cards.to_string());
            resources.insert(HAMI_MEMORY_RESOURCE.into(), vram_mib.to_string());
            if let Some(c) = cores_percent {
                resources.insert(HAMI_CORES_RESOURCE.into(), (*c).clamp(1, 100).to_string());
            }
            if !model.trim().is_empty() {
                annotations.insert(HAMI_GPU_TYPE_ANNOTATION.to_owned(), model.trim().to_owned());
            }
        }
    }
    PodPlan {
        name: pod_name(p.install_id, p.instance_id),
        namespace: p.namespace.to_owned(),
        labels: pod_labels(p),
        annotations,
        image: p.image.to_owned(),
        args: p.keep_alive.to_vec(),
        resources,
        node_selector,
        claim: claim_name(p.install_id, p.instance_id),
        shm_mib: p.shm_mib.min(p.memory_mib).max(1),
        cap_drop: p.drop_capabilities.to_vec(),
        cap_add: p.image_capabilities.to_vec(),
    }
}

pub fn plan_claim(p: &PodInput<'_>) -> ClaimPlan {
    ClaimPlan {
        name: claim_name(p.install_id, p.instance_id),
        namespace: p.namespace.to_owned(),
        labels: pod_labels(p),
        size_gb: if p.data_disk_gb > 0 {
            p.data_disk_gb
        } else {
            p.default_data_gb.max(1)
        },
        storage_class: (!p.storage_class.trim().is_empty())
            .then(|| p.storage_class.trim().to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(gpus: PodGpus) -> PodInput<'static> {
        PodInput {
            install_id: "9f3ac2d1",
            instance_id: 42,
            name: "Alice_训练",
            owner_id: 7,
            cluster_id: 3,
            namespace: "lab",
            image: "registry.lab/pytorch:2.4",
            keep_alive: &[],
            cpu_milli: 2500,
            memory_mib: 8192,
            system_disk_gb: 20,
            data_disk_gb: 0,
            default_data_gb: 10,
            storage_class: "",
            gpus,
            shm_mib: 65536,
            drop_capabilities: &[],
            image_capabilities: &[],
        }
    }

    #[test]
    fn names_are_dns_labels_and_the_own_name_is_an_annotation() {
        let p = plan_pod(&input(PodGpus::None));
        assert_eq!(p.name, "tq-9f3ac2d1-42");
        assert_eq!(p.claim, "tq-9f3ac2d1-42-data");
        assert_eq!(p.annotations[NAME_ANNOTATION], "Alice_训练");
        assert_eq!(p.labels["tianqi.instance"], "42");
        assert_eq!(p.labels["tianqi.owner"], "7");
        assert_eq!(p.labels["tianqi.cluster"], "3");
        assert_eq!(
            pod_name("9F3A-c2d1e5b7aa", 1),
            "tq-9f3ac2d1-1",
            "a DNS label"
        );
    }

    #[test]
    fn cpu_memory_and_disk_are_exact_and_shm_is_capped_by_memory() {
        let p = plan_pod(&input(PodGpus::None));
        assert_eq!(p.resources["cpu"], "2500m");
        assert_eq!(p.resources["memory"], "8192Mi");
        assert_eq!(p.resources["ephemeral-storage"], "20Gi");
        assert!(!p.resources.contains_key(GPU_RESOURCE));
        assert_eq!(p.shm_mib, 8192, "never more shared memory than memory");
        let mut i = input(PodGpus::None);
        i.system_disk_gb = 0;
        assert!(!plan_pod(&i).resources.contains_key("ephemeral-storage"));
    }

    #[test]
    fn whole_cards_select_the_model_and_split_ones_ask_hami() {
        let whole = plan_pod(&input(PodGpus::Whole {
            cards: 2,
            model: " NVIDIA A100-SXM4-80GB ".into(),
        }));
        assert_eq!(whole.resources[GPU_RESOURCE], "2");
        assert_eq!(
            whole.node_selector[GPU_PRODUCT_LABEL],
            "NVIDIA A100-SXM4-80GB"
        );
        assert!(!whole.resources.contains_key(HAMI_MEMORY_RESOURCE));

        let split = plan_pod(&input(PodGpus::Split {
            cards: 1,
            vram_mib: 10240,
            cores_percent: Some(130),
            model: "A100".into(),
        }));
        assert_eq!(split.resources[GPU_RESOURCE], "1");
        assert_eq!(split.resources[HAMI_MEMORY_RESOURCE], "10240");
        assert_eq!(
            split.resources[HAMI_CORES_RESOURCE], "100",
            "a share is at most a card"
        );
        assert_eq!(split.annotations[HAMI_GPU_TYPE_ANNOTATION], "A100");
        assert!(split.node_selector.is_empty());
    }

    #[test]
    fn gpus_follow_the_placement() {
        use crate::instance::GpuGrant;
        let g = |vram_mib, sm_percent| GpuGrant {
            index: 0,
            vram_mib,
            sm_percent,
        };
        assert_eq!(pod_gpus(&[], true, "A100"), PodGpus::None);
        assert_eq!(
            pod_gpus(&[g(81920, 100), g(81920, 100)], false, "A100"),
            PodGpus::Whole {
                cards: 2,
                model: "A100".into()
            }
        );
        assert_eq!(
            pod_gpus(&[g(10240, 13)], true, "A100"),
            PodGpus::Split {
                cards: 1,
                vram_mib: 10240,
                cores_percent: Some(13),
                model: "A100".into()
            }
        );
        assert_eq!(
            pod_gpus(&[g(40960, 100)], true, ""),
            PodGpus::Split {
                cards: 1,
                vram_mib: 40960,
                cores_percent: None,
                model: String::new()
            },
            "a whole card's cores: HAMi's default"
        );
    }

    #[test]
    fn the_claim_has_the_spec_size_or_the_default() {
        let mut i = input(PodGpus::None);
        assert_eq!(plan_claim(&i).size_gb, 10);
        assert_eq!(plan_claim(&i).storage_class, None);
        i.data_disk_gb = 200;
        i.storage_class = "fast-ssd";
        let c = plan_claim(&i);
        assert_eq!(
            (c.size_gb, c.storage_class.as_deref()),
            (200, Some("fast-ssd"))
        );
        assert_eq!(c.labels, plan_pod(&i).labels);
    }
}
