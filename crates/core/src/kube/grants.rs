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

impl GrantLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "read" => Some(Self::Read),
            "write" => Some(Self::Write),
            _ => None,
        }
    }
}

impl GrantScope {
    /// The scope's columns: (cluster, namespace), `None` where it is wider.
    pub fn parts(&self) -> (Option<i64>, Option<&str>) {
        match self {
            Self::Global => (None, None),
            Self::Cluster(c) => (Some(*c), None),
            Self::Namespace(c, n) => (Some(*c), Some(n.as_str())),
        }
    }

    /// The scope stored as (cluster, namespace); a namespace without a
    /// cluster is not a scope.
    pub fn from_parts(cluster: Option<i64>, namespace: Option<String>) -> Option<Self> {
        match (cluster, namespace) {
            (None, None) => Some(Self::Global),
            (Some(c), None) => Some(Self::Cluster(c)),
            (Some(c), Some(n)) => Some(Self::Namespace(c, n)),
            (None, Some(_)) => None,
        }
    }
}

/// A grant as the API shows it: who, where, what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantRecord {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    /// `null`: every cluster (a global grant).
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
    /// `null`: the whole cluster (or every cluster).
    pub namespace: Option<String>,
    pub level: GrantLevel,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl GrantRecord {
    /// The grant the policy decides with (a record whose columns are not a
    /// scope grants nothing).
    pub fn grant(&self) -> Option<Grant> {
        Some(Grant {
            user_id: self.user_id,
            scope: GrantScope::from_parts(self.cluster_id, self.namespace.clone())?,
            level: self.level,
        })
    }
}

/// A new grant: a user, where (no cluster: every cluster; a cluster
/// without a namespace: all of it), and `read` or `write`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GrantInput {
    pub user_id: Option<i64>,
    pub cluster_id: Option<i64>,
    pub namespace: Option<String>,
    pub level: Option<GrantLevel>,
}

impl GrantInput {
    /// The grant it asks for, checked (422 naming the field).
    pub fn checked(&self) -> crate::Result<Grant> {
        use crate::Error;
        let user_id = self
            .user_id
            .ok_or_else(|| Error::validation("user_id", "user_id is required"))?;
        let level = self
            .level
            .ok_or_else(|| Error::validation("level", "level is required: read or write"))?;
        let namespace = self
            .namespace
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        if let Some(ns) = namespace {
            super::resources::namespace("namespace", ns)?;
        }
        let scope = GrantScope::from_parts(self.cluster_id, namespace.map(str::to_owned))
            .ok_or_else(|| {
                Error::validation("cluster_id", "a namespace grant needs its cluster_id")
            })?;
        Ok(Grant {
            user_id,
            scope,
            level,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(cluster: Option<i64>, ns: Option<&str>) -> GrantInput {
        GrantInput {
            user_id: Some(7),
            cluster_id: cluster,
            namespace: ns.map(str::to_owned),
            level: Some(GrantLevel::Read),
        }
    }

    fn field(r: crate::Result<Grant>) -> String {
        match r {
            Err(crate::Error::Validation { field, .. }) => field,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn an_input_names_its_scope_or_the_field_that_is_wrong() {
        assert_eq!(
            input(None, None).checked().unwrap().scope,
            GrantScope::Global
        );
        assert_eq!(
            input(Some(2), Some(" ")).checked().unwrap().scope,
            GrantScope::Cluster(2)
        );
        assert_eq!(
            input(Some(2), Some("team-a")).checked().unwrap().scope,
            GrantScope::Namespace(2, "team-a".into())
        );
        assert_eq!(field(input(None, Some("team-a")).checked()), "cluster_id");
        assert_eq!(field(input(Some(2), Some("Team_A")).checked()), "namespace");
        let mut no_level = input(None, None);
        no_level.level = None;
        assert_eq!(field(no_level.checked()), "level");
        let mut no_user = input(None, None);
        no_user.user_id = None;
        assert_eq!(field(no_user.checked()), "user_id");
    }

    #[test]
    fn scopes_and_levels_round_trip_through_their_columns() {
        for s in [
            GrantScope::Global,
            GrantScope::Cluster(3),
            GrantScope::Namespace(3, "ml".into()),
        ] {
            let (c, n) = s.parts();
            assert_eq!(GrantScope::from_parts(c, n.map(str::to_owned)), Some(s));
        }
        for l in [GrantLevel::Read, GrantLevel::Write] {
            assert_eq!(GrantLevel::parse(l.as_str()), Some(l));
        }
        assert_eq!(GrantLevel::parse("admin"), None);
    }
}
