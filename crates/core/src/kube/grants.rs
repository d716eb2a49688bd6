//! Kubernetes grants: a user may read or write everything (global), one
//! cluster, or one namespace of a cluster. The decision itself lives in
//! [`crate::policy`] with the instances' rules; this is the data.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GrantLevel {
    /// Lists, YAML, pods' logs, metrics.
    Read,
    /// Read, and scale, restart, delete, the pod terminal.
    Write,
}

/// Where a grant applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantScope {
    Global,
    Cluster(i64),
    Namespace(i64, String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub user_id: i64,
    pub scope: GrantScope,
    pub level: GrantLevel,
}

/// What a call touches: the whole cluster (its namespaces list, the
/// nodes' metrics) or one namespace in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KubeTarget<'a> {
    Cluster(i64),
    Namespace(i64, &'a str),
}

impl KubeTarget<'_> {
    pub fn cluster(&self) -> i64 {
        match *self {
            Self::Cluster(c) | Self::Namespace(c, _) => c,
        }
    }
}

impl Grant {
    /// Does this grant cover the target (at any level)?
    pub fn covers(&self, target: KubeTarget<'_>) -> bool {
        match (&self.scope, target) {
            (GrantScope::Global, _) => true,
            (GrantScope::Cluster(c), t) => *c == t.cluster(),
            (GrantScope::Namespace(c, n), KubeTarget::Namespace(tc, tn)) => *c == tc && n == tn,
            (GrantScope::Namespace(..), KubeTarget::Cluster(_)) => false,
        }
    }

    /// Does this grant let its holder see the cluster at all?
    pub fn touches(&self, cluster: i64) -> bool {
        match &self.scope {
            GrantScope::Global => true,
            GrantScope::Cluster(c) | GrantScope::Namespace(c, _) => *c == cluster,
        }
    }
}
