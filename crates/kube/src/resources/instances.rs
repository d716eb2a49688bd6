//! An instance's objects on a cluster: its data claim, which outlives stops,
//! and its Pod, which a stop deletes and a start creates again.

use std::collections::BTreeMap;

use futures::{Stream, StreamExt};
use k8s_openapi::api::core::v1::{Namespace, Node, PersistentVolumeClaim, Pod};
use kube::api::{Api, ListParams, PostParams, WatchEvent, WatchParams};
use tianqi_core::kube::instance_pod::{ClaimPlan, PodPlan, GPU_RESOURCE};
use tianqi_core::kube::resources::{cpu_millicores, memory_bytes};
use tianqi_core::reconcile::SeenContainer;

use crate::error::KubeError;
use crate::instance_objects::{instance_claim, instance_pod};
use crate::ClusterClient;

/// A delete of what is gone already is done.
fn gone_is_done(r: Result<(), KubeError>) -> Result<(), KubeError> {
    match r {
        Err(KubeError::NotFound(_)) => Ok(()),
        other => other,
    }
}

/// What the cluster's schedulable nodes offer together (their allocatable
/// resources), for a node of Tianqi's that is a namespace of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClusterCapacity {
    pub nodes: usize,
    pub cpu_milli: i64,
    pub memory_bytes: i64,
    pub gpus: i64,
}

/// How long one watch stays open before it is opened again (the API
/// server's limit is higher; a fresh watch also starts from a fresh list).
const WATCH_SECS: u32 = 290;

/// Changes to an installation's instance Pods: the instance each was about
/// (`None` for one without the label), until the watch times out or breaks.
pub type InstanceWatch =
    std::pin::Pin<Box<dyn Stream<Item = Result<Option<i64>, KubeError>> + Send>>;

/// An installation's instances in a namespace, as reconciliation sees them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InstancesSeen {
    pub seen: Vec<SeenContainer>,
    /// Instances whose Pod is pending, and why it waits.
    pub waiting: BTreeMap<i64, String>,
}

/// How an instance's Pod ended, from its `main` container's terminated
/// state (or the Pod's own reason when it never ran, e.g. evicted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodEnd {
    pub exit_code: Option<i64>,
    /// `OOMKilled`, `Error`, `Completed`, `Evicted`, …
    pub reason: String,
    pub message: String,
    /// What the container ran (its command and args).
    pub argv: Vec<String>,
}

/// The selector of this installation's instance objects.
fn managed(install_id: &str) -> String {
    format!("tianqi.managed=true,tianqi.install={install_id}")
}

fn instance_label(labels: Option<&std::collections::BTreeMap<String, String>>) -> Option<i64> {
    labels?.get("tianqi.instance")?.parse().ok()
}

impl ClusterClient {
    /// The allocatable resources of the nodes Pods can go to: ready and not
    /// cordoned.
    pub async fn capacity(&self) -> Result<ClusterCapacity, KubeError> {
        let api: Api<Node> = Api::all(self.client.clone());
        let nodes = self.bounded(api.list(&ListParams::default())).await?.items;
        let mut total = ClusterCapacity::default();
        for n in nodes {
            let spec = n.spec.unwrap_or_default();
            let status = n.status.unwrap_or_default();
            let ready = status
                .conditions
                .unwrap_or_default()
                .iter()
                .any(|c| c.type_ == "Ready" && c.status == "True");
            if !ready || spec.unschedulable == Some(true) {
                continue;
            }
            let a = status.allocatable.unwrap_or_default();
            let q = |k: &str| a.get(k).map(|q| q.0.as_str()).unwrap_or("0");
            total.nodes += 1;
            total.cpu_milli += cpu_millicores(q("cpu")).map_or(0, |v| v as i64);
            total.memory_bytes += memory_bytes(q("memory")).map_or(0, |v| v as i64);
            total.gpus += q(GPU_RESOURCE).parse::<i64>().unwrap_or(0);
        }
        Ok(total)
    }

    /// Whether a namespace exists (and may be read).
    pub async fn namespace_exists(&self, ns: &str) -> Result<bool, KubeError> {
        let api: Api<Namespace> = Api::all(self.client.clone());
        match self.bounded(api.get(ns)).await {
            Ok(_) => Ok(true),
            Err(KubeError::NotFound(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// This installation's instances in a namespace as reconciliation sees
    /// containers: an instance exists while its data claim does (a stopped
    /// one has no Pod) and runs while its Pod is pending or running. The
    /// "container id" is the Pod's name, which is what the instance records.
    pub async fn instances_seen(
        &self,
        ns: &str,
        install_id: &str,
    ) -> Result<InstancesSeen, KubeError> {
        let selector = managed(install_id);
        let claims = self
            .list_in::<PersistentVolumeClaim>(ns, Some(&selector))
            .await?;
        let pods = self.list_in::<Pod>(ns, Some(&selector)).await?;
        let running = |id: i64| {
            pods.iter().any(|p| {
                instance_label(p.metadata.labels.as_ref()) == Some(id)
                    && p.metadata.deletion_timestamp.is_none()
                    && matches!(
                        p.status.as_ref().and_then(|s| s.phase.as_deref()),
                        Some("Pending" | "Running")
                    )
            })
        };
        let mut seen: Vec<SeenContainer> = Vec::new();
        for c in &claims {
            let id = instance_label(c.metadata.labels.as_ref());
            let pod = id.map(|i| tianqi_core::kube::instance_pod::pod_name(install_id, i));
            seen.push(SeenContainer {
                container_id: pod.clone().unwrap_or_default(),
                name: pod.unwrap_or_else(|| c.metadata.name.clone().unwrap_or_default()),
                instance_id: id,
                running: id.is_some_and(running),
            });
        }
        // Why a Pending Pod waits: the scheduler's word (no node has the
        // resources) or its container's (the image is being pulled, or
        // cannot be).
        let mut waiting = BTreeMap::new();
        for p in &pods {
            let (Some(id), Some(st)) = (instance_label(p.metadata.labels.as_ref()), &p.status)
            else {
                continue;
            };
            if st.phase.as_deref() != Some("Pending") {
                continue;
            }
            let unscheduled = st
                .conditions
                .iter()
                .flatten()
                .find(|c| c.type_ == "PodScheduled" && c.status == "False");
            let container = st
                .container_statuses
                .iter()
                .flatten()
                .filter_map(|c| c.state.as_ref()?.waiting.as_ref())
                .next();
            let why = match (unscheduled, container) {
                (Some(c), _) => format!(
                    "waiting to be scheduled: {}",
                    c.message
                        .clone()
                        .or_else(|| c.reason.clone())
                        .unwrap_or_default()
                ),
                (None, Some(w)) => format!(
                    "waiting to start: {}",
                    [w.reason.clone(), w.message.clone()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(": ")
                ),
                (None, None) => "waiting to start".to_owned(),
            };
            waiting.insert(id, why);
        }
        // A Pod whose claim is gone is still this installation's.
        for p in &pods {
            let id = instance_label(p.metadata.labels.as_ref());
            if id.is_some() && seen.iter().any(|s| s.instance_id == id) {
                continue;
            }
            let name = p.metadata.name.clone().unwrap_or_default();
            seen.push(SeenContainer {
                container_id: name.clone(),
                name,
                instance_id: id,
                running: false,
            });
        }
        Ok(InstancesSeen { seen, waiting })
    }

    /// Watches this installation's instance Pods in a namespace: first each
    /// one there, then every change, as the instance it is about. Opening is
    /// bounded by the request timeout; the stream ends after
    /// [`WATCH_SECS`] (open it again) or with the connection.
    pub async fn watch_instance_pods(
        &self,
        ns: &str,
        install_id: &str,
    ) -> Result<InstanceWatch, KubeError> {
        let wp = WatchParams::default()
            .labels(&managed(install_id))
            .timeout(WATCH_SECS);
        let events = self.bounded(self.api::<Pod>(ns).watch(&wp, "0")).await?;
        Ok(Box::pin(events.map(|e| match e {
            Ok(WatchEvent::Added(p) | WatchEvent::Modified(p) | WatchEvent::Deleted(p)) => {
                Ok(instance_label(p.metadata.labels.as_ref()))
            }
            Ok(WatchEvent::Bookmark(_)) => Ok(None),
            Ok(WatchEvent::Error(status)) => Err(KubeError::Server {
                code: status.code,
                message: status.message.clone(),
            }),
            Err(e) => Err(KubeError::from(e)),
        })))
    }

    /// Creates the instance's claim, unless it is there from before a stop,
    /// then its Pod. A Pod of that name already there is a conflict.
    pub async fn create_instance(&self, pod: &PodPlan, claim: &ClaimPlan) -> Result<(), KubeError> {
        let pp = PostParams::default();
        let made = self
            .bounded(
                self.api::<PersistentVolumeClaim>(&claim.namespace)
                    .create(&pp, &instance_claim(claim)),
            )
            .await;
        match made {
            // Its name is the instance's: one there is its own, kept by a stop.
            Ok(_) | Err(KubeError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
        self.bounded(
            self.api::<Pod>(&pod.namespace)
                .create(&pp, &instance_pod(pod)),
        )
        .await?;
        Ok(())
    }

    /// How a Pod that is no longer running ended; `None` while it runs or
    /// pends, or when it is gone.
    pub async fn pod_end(&self, ns: &str, name: &str) -> Result<Option<PodEnd>, KubeError> {
        let pod = match self.get_in::<Pod>(ns, name).await {
            Ok(p) => p,
            Err(KubeError::NotFound(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let status = pod.status.unwrap_or_default();
        if !matches!(status.phase.as_deref(), Some("Failed" | "Succeeded")) {
            return Ok(None);
        }
        let main = pod.spec.as_ref().and_then(|s| s.containers.first());
        let argv: Vec<String> = main
            .map(|c| {
                let mut v = c.command.clone().unwrap_or_default();
                v.extend(c.args.clone().unwrap_or_default());
                v
            })
            .unwrap_or_default();
        let terminated = status
            .container_statuses
            .unwrap_or_default()
            .into_iter()
            .find(|c| c.name == tianqi_core::kube::instance_pod::MAIN_CONTAINER)
            .and_then(|c| c.state.and_then(|s| s.terminated));
        Ok(Some(match terminated {
            Some(t) => PodEnd {
                exit_code: Some(i64::from(t.exit_code)),
                reason: t.reason.unwrap_or_default(),
                message: t.message.unwrap_or_default(),
                argv,
            },
            None => PodEnd {
                exit_code: None,
                reason: status.reason.unwrap_or_default(),
                message: status.message.unwrap_or_default(),
                argv,
            },
        }))
    }

    /// Waits while a Pod of the name is terminating (deleted, within its
    /// grace period), so a new one can take the name. One absent or alive
    /// answers at once.
    pub async fn wait_pod_gone(
        &self,
        ns: &str,
        name: &str,
        within: std::time::Duration,
    ) -> Result<(), KubeError> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            match self.get_in::<Pod>(ns, name).await {
                Err(KubeError::NotFound(_)) => return Ok(()),
                Ok(p) if p.metadata.deletion_timestamp.is_none() => return Ok(()),
                Ok(_) => {}
                Err(e) => return Err(e),
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(KubeError::Timeout(within));
            }
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
    }

    /// Stops the instance: its Pod goes (after its grace period), its claim
    /// stays. One gone already is fine.
    pub async fn delete_instance_pod(&self, ns: &str, name: &str) -> Result<(), KubeError> {
        gone_is_done(self.delete_in::<Pod>(ns, name).await)
    }

    /// Deletes the instance's data with it. One gone already is fine.
    pub async fn delete_instance_claim(&self, ns: &str, name: &str) -> Result<(), KubeError> {
        gone_is_done(self.delete_in::<PersistentVolumeClaim>(ns, name).await)
    }
}
