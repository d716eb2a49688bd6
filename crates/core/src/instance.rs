//! Instances: a user's container with reserved capacity on one node.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::placement::CardGrant;
use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum InstanceStatus {
    Creating,
    Running,
    Exited,
    /// Creation or a later operation failed; `status_error` says why. A failed
    /// instance holds no capacity.
    Failed,
    Deleting,
    /// The container disappeared behind the platform's back.
    Missing,
}

impl InstanceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            InstanceStatus::Creating => "creating",
            InstanceStatus::Running => "running",
            InstanceStatus::Exited => "exited",
            InstanceStatus::Failed => "failed",
            InstanceStatus::Deleting => "deleting",
            InstanceStatus::Missing => "missing",
        }
    }

    pub fn parse(s: &str) -> InstanceStatus {
        match s {
            "creating" => InstanceStatus::Creating,
            "running" => InstanceStatus::Running,
            "exited" => InstanceStatus::Exited,
            "deleting" => InstanceStatus::Deleting,
            "missing" => InstanceStatus::Missing,
            _ => InstanceStatus::Failed,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GpuGrant {
    /// Card index on the node (what `device_ids` names).
    pub index: i64,
    pub vram_mib: i64,
    pub sm_percent: i64,
}

impl From<CardGrant> for GpuGrant {
    fn from(g: CardGrant) -> Self {
        GpuGrant {
            index: g.index,
            vram_mib: g.vram_mib,
            sm_percent: g.sm_percent,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Instance {
    pub id: i64,
    pub name: String,
    pub owner_id: i64,
    pub node_id: i64,
    pub image_id: Option<i64>,
    pub spec_id: Option<i64>,
    pub image_address: String,
    pub status: InstanceStatus,
    pub status_error: String,
    pub container_id: String,
    pub container_name: String,
    pub cpu_cores: f64,
    pub memory_gb: f64,
    pub system_disk_gb: i64,
    pub data_disk_gb: i64,
    pub gpus: Vec<GpuGrant>,
    pub gpu_split: bool,
    /// Whether the system-disk size is enforced by the storage driver; when not,
    /// it is recorded here instead of silently dropped.
    pub disk_enforced: bool,
    pub remark: String,
    /// What a creating instance is doing now, e.g. `pulling image: 3/5 layers,
    /// 41.2 MB of 80.0 MB`; empty once it runs.
    pub progress: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a user who is not an admin is told about a failure on a node: the
/// platform's own sentences as they are, an engine's words (paths, hosts,
/// daemon internals) replaced by what went wrong in general. Admins get the
/// whole text; the server log always has it.
pub fn failure_for_users(text: &str) -> String {
    let engine = text.strip_prefix("internal error: ").unwrap_or(text);
    let summary = if engine.starts_with("pulling ") {
        "pulling the image onto the node failed"
    } else if engine.contains(" is unreachable") {
        "the node cannot be reached right now"
    } else if engine.starts_with("on node ") {
        "the node refused to create or change the container"
    } else if engine.starts_with("delete on node ") {
        "the node could not remove the container"
    } else if engine.starts_with("statistics of instance ")
        || engine.starts_with("terminal of instance ")
    {
        "the node did not answer for this instance"
    } else {
        return text.to_owned();
    };
    format!("{summary} (an administrator can see the details)")
}

/// `^[A-Za-z0-9_-]{1,64}$`, with a readable message for the common mistakes.
pub fn validate_name(name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(Error::validation("name", "name must not be empty"));
    }
    if name.chars().count() > 64 {
        return Err(Error::validation(
            "name",
            "name must be at most 64 characters",
        ));
    }
    if !name.is_ascii() {
        return Err(Error::validation(
            "name",
            "name may use only ASCII letters, digits, '_' and '-' (实例名称只能包含英文字母、数字、下划线和短横线)",
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
    {
        return Err(Error::validation(
            "name",
            "name may use only ASCII letters, digits, '_' and '-'",
        ));
    }
    Ok(())
}

/// Labels every managed container carries; the reconciler lists by them.
pub fn labels(
    install_id: &str,
    instance_id: i64,
    owner_id: i64,
    node_id: i64,
) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("tianqi.managed".to_owned(), "true".to_owned()),
        ("tianqi.install".to_owned(), install_id.to_owned()),
        ("tianqi.instance".to_owned(), instance_id.to_string()),
        ("tianqi.owner".to_owned(), owner_id.to_string()),
        ("tianqi.node".to_owned(), node_id.to_string()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_get_summaries_of_engine_errors() {
        let engine = "on node 'gpu-07': Docker said: HTTP 500: error mounting /var/lib/x";
        let told = failure_for_users(engine);
        assert!(
            !told.contains("gpu-07") && !told.contains("/var/lib"),
            "{told}"
        );
        assert!(told.starts_with("the node refused"));
        assert!(
            failure_for_users("node 'a' is unreachable: socket /run/d.sock")
                .starts_with("the node cannot")
        );
        assert!(failure_for_users("pulling registry.internal/x:1: 401")
            .starts_with("pulling the image"));
        // Our own sentences are already fit to read.
        let ours = "creation was interrupted (server restart)";
        assert_eq!(failure_for_users(ours), ours);
    }

    #[test]
    fn names() {
        for ok in ["a", "my-box_1", &"x".repeat(64)] {
            assert!(validate_name(ok).is_ok());
        }
        for bad in ["", "我的实例", "a b", "a.b", &"x".repeat(65), "a/b"] {
            assert!(
                matches!(validate_name(bad), Err(Error::Validation { field, .. }) if field == "name"),
                "{bad}"
            );
        }
    }
}
