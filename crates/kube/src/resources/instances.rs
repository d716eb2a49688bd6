//! An instance's objects on a cluster: its data claim, which outlives stops,
//! and its Pod, which a stop deletes and a start creates again.

use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Pod};
use kube::api::PostParams;
use tianqi_core::kube::instance_pod::{ClaimPlan, PodPlan};

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

impl ClusterClient {
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
