//! An instance's Pod and data claim as the API's objects, from the plans
//! `tianqi_core::kube::instance_pod` decides. Only the translation lives
//! here; the golden files under `tests/golden/` pin the exact objects sent.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Capabilities, Container, EmptyDirVolumeSource, PersistentVolumeClaim,
    PersistentVolumeClaimSpec, PersistentVolumeClaimVolumeSource, Pod, PodSpec,
    ResourceRequirements, SecurityContext, Volume, VolumeMount, VolumeResourceRequirements,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use tianqi_core::kube::instance_pod::{ClaimPlan, PodPlan, DATA_PATH, MAIN_CONTAINER};

/// Seconds a stopping instance's processes get after SIGTERM, as `docker
/// stop` gives a container.
const STOP_GRACE_SECS: i64 = 10;

fn quantities(r: &BTreeMap<String, String>) -> BTreeMap<String, Quantity> {
    r.iter()
        .map(|(k, v)| (k.clone(), Quantity(v.clone())))
        .collect()
}

fn non_empty<T>(v: Vec<T>) -> Option<Vec<T>> {
    (!v.is_empty()).then_some(v)
}

fn meta(name: &str, namespace: &str, labels: &BTreeMap<String, String>) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_owned()),
        namespace: Some(namespace.to_owned()),
        labels: Some(labels.clone()),
        ..ObjectMeta::default()
    }
}

pub(crate) fn instance_pod(p: &PodPlan) -> Pod {
    let resources = quantities(&p.resources);
    let container = Container {
        name: MAIN_CONTAINER.to_owned(),
        image: Some(p.image.clone()),
        args: non_empty(p.args.clone()),
        resources: Some(ResourceRequirements {
            requests: Some(resources.clone()),
            limits: Some(resources),
            ..ResourceRequirements::default()
        }),
        volume_mounts: Some(vec![
            VolumeMount {
                name: "data".to_owned(),
                mount_path: DATA_PATH.to_owned(),
                ..VolumeMount::default()
            },
            VolumeMount {
                name: "dshm".to_owned(),
                mount_path: "/dev/shm".to_owned(),
                ..VolumeMount::default()
            },
        ]),
        security_context: Some(SecurityContext {
            allow_privilege_escalation: Some(false),
            capabilities: Some(Capabilities {
                add: non_empty(p.cap_add.clone()),
                drop: non_empty(p.cap_drop.clone()),
            }),
            ..SecurityContext::default()
        }),
        // The web terminal and the jump host exec a shell with a TTY; the
        // main process keeps the image's own stdio, as on Docker.
        ..Container::default()
    };
    let mut metadata = meta(&p.name, &p.namespace, &p.labels);
    metadata.annotations = Some(p.annotations.clone());
    Pod {
        metadata,
        spec: Some(PodSpec {
            containers: vec![container],
            // An instance whose process ends stays ended (Docker: no restart
            // policy), so its exit code can be shown.
            restart_policy: Some("Never".to_owned()),
            automount_service_account_token: Some(false),
            enable_service_links: Some(false),
            termination_grace_period_seconds: Some(STOP_GRACE_SECS),
            node_selector: (!p.node_selector.is_empty()).then(|| p.node_selector.clone()),
            volumes: Some(vec![
                Volume {
                    name: "data".to_owned(),
                    persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                        claim_name: p.claim.clone(),
                        read_only: None,
                    }),
                    ..Volume::default()
                },
                Volume {
                    name: "dshm".to_owned(),
                    empty_dir: Some(EmptyDirVolumeSource {
                        medium: Some("Memory".to_owned()),
                        size_limit: Some(Quantity(format!("{}Mi", p.shm_mib))),
                    }),
                    ..Volume::default()
                },
            ]),
            ..PodSpec::default()
        }),
        status: None,
    }
}

pub(crate) fn instance_claim(c: &ClaimPlan) -> PersistentVolumeClaim {
    PersistentVolumeClaim {
        metadata: meta(&c.name, &c.namespace, &c.labels),
        spec: Some(PersistentVolumeClaimSpec {
            access_modes: Some(vec!["ReadWriteOnce".to_owned()]),
            resources: Some(VolumeResourceRequirements {
                requests: Some(BTreeMap::from([(
                    "storage".to_owned(),
                    Quantity(format!("{}Gi", c.size_gb)),
                )])),
                limits: None,
            }),
            storage_class_name: c.storage_class.clone(),
            ..PersistentVolumeClaimSpec::default()
        }),
        status: None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use tianqi_core::kube::instance_pod::{plan_claim, plan_pod, PodGpus, PodInput};

    use super::*;

    fn input(gpus: PodGpus) -> PodInput<'static> {
        const KEEP: &[String] = &[];
        PodInput {
            install_id: "9f3ac2d1",
            instance_id: 42,
            name: "alice-训练",
            owner_id: 7,
            cluster_id: 3,
            namespace: "lab",
            image: "registry.lab/pytorch:2.4",
            keep_alive: KEEP,
            cpu_milli: 4000,
            memory_mib: 16384,
            system_disk_gb: 50,
            data_disk_gb: 100,
            default_data_gb: 10,
            storage_class: "fast-ssd",
            gpus,
            shm_mib: 65536,
            drop_capabilities: KEEP,
            image_capabilities: KEEP,
        }
    }

    /// The object as pretty JSON against `tests/golden/<name>.json`;
    /// `TQ_BLESS=1` writes it instead.
    fn golden(name: &str, obj: &impl serde::Serialize) {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden")
            .join(format!("{name}.json"));
        let got = format!("{}\n", serde_json::to_string_pretty(obj).unwrap());
        if std::env::var_os("TQ_BLESS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &got).unwrap();
            return;
        }
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (TQ_BLESS=1 writes it)", path.display()));
        assert_eq!(got, want, "{name} differs from {}", path.display());
    }

    #[test]
    fn whole_gpu_pod_and_claim() {
        let i = input(PodGpus::Whole {
            cards: 2,
            model: "NVIDIA A100-SXM4-80GB".into(),
        });
        golden("pod-whole-gpu", &instance_pod(&plan_pod(&i)));
        golden("claim", &instance_claim(&plan_claim(&i)));
    }

    #[test]
    fn split_gpu_pod() {
        let mut i = input(PodGpus::Split {
            cards: 1,
            vram_mib: 10240,
            cores_percent: Some(25),
            model: "A100".into(),
        });
        let keep = ["sleep".to_owned(), "infinity".to_owned()];
        let drop = ["NET_RAW".to_owned(), "MKNOD".to_owned()];
        let add = ["SYS_PTRACE".to_owned()];
        i.keep_alive = &keep;
        i.drop_capabilities = &drop;
        i.image_capabilities = &add;
        golden("pod-split-gpu", &instance_pod(&plan_pod(&i)));
    }

    #[test]
    fn cpu_pod_asks_for_no_gpu_and_selects_no_node() {
        let mut i = input(PodGpus::None);
        i.system_disk_gb = 0;
        let pod = serde_json::to_value(instance_pod(&plan_pod(&i))).unwrap();
        let limits = &pod["spec"]["containers"][0]["resources"]["limits"];
        assert_eq!(
            limits,
            &serde_json::json!({"cpu": "4000m", "memory": "16384Mi"})
        );
        assert_eq!(
            pod["spec"]["containers"][0]["resources"]["requests"], *limits,
            "Guaranteed: requests are the limits"
        );
        assert!(pod["spec"].get("nodeSelector").is_none(), "{pod}");
        assert!(
            pod["spec"]["containers"][0].get("args").is_none(),
            "the image's command"
        );
    }
}
