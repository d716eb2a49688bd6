//! Kubernetes clusters: what the platform keeps about each (the kubeconfig
//! itself is sealed in the store and never part of these types), and the
//! rules for the fields an admin edits. The kubeconfig's own checks (no
//! plugins, no file references) need its parser and live in `tianqi-kube`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{validate, Error, Result};

pub mod grants;
pub mod instance_pod;
pub mod resources;

pub const NAME_MAX: usize = 64;
pub const DESCRIPTION_MAX: usize = 500;

/// What the last connection test found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClusterStatus {
    /// Not tested yet.
    Unknown,
    /// The API server answered with its version and the namespaces.
    Connected,
    /// The last test failed; `last_error` says why.
    Error,
    /// Switched off by an admin: no calls are made.
    Disabled,
}

impl ClusterStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::Connected => "connected",
            Self::Error => "error",
            Self::Disabled => "disabled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "unknown" => Self::Unknown,
            "connected" => Self::Connected,
            "error" => Self::Error,
            "disabled" => Self::Disabled,
            _ => return None,
        })
    }
}

/// A registered cluster as the API shows it. There is no kubeconfig field:
/// it is write-only (`has_kubeconfig` says one is kept; send a new one to
/// replace it).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cluster {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub enabled: bool,
    /// The API server's URL, read from the kubeconfig's current context.
    pub server: String,
    pub has_kubeconfig: bool,
    pub status: ClusterStatus,
    /// `gitVersion` the API server reported at the last successful test.
    pub server_version: String,
    /// Namespaces the kubeconfig's user could list at the last successful test.
    pub namespace_count: Option<i64>,
    /// Why the last test failed ('' when it did not).
    pub last_error: String,
    pub checked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A create or an edit. On an edit, absent fields stay; `kubeconfig`
/// replaces the stored one.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClusterInput {
    pub name: Option<String>,
    pub description: Option<String>,
    pub enabled: Option<bool>,
    /// The kubeconfig YAML (required on create). Credentials must be embedded:
    /// `exec` and `auth-provider` plugins and file references are refused.
    pub kubeconfig: Option<String>,
}

/// The fields an admin edits, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterDraft {
    pub name: String,
    pub description: String,
    pub enabled: bool,
}

impl ClusterDraft {
    /// A new cluster's fields (`enabled` defaults to true).
    pub fn new(input: &ClusterInput) -> Result<Self> {
        let name = input
            .name
            .clone()
            .ok_or_else(|| Error::validation("name", "name is required"))?;
        Self {
            name,
            description: input.description.clone().unwrap_or_default(),
            enabled: input.enabled.unwrap_or(true),
        }
        .checked()
    }

    /// These fields with an edit applied.
    pub fn apply(&self, input: &ClusterInput) -> Result<Self> {
        Self {
            name: input.name.clone().unwrap_or_else(|| self.name.clone()),
            description: input
                .description
                .clone()
                .unwrap_or_else(|| self.description.clone()),
            enabled: input.enabled.unwrap_or(self.enabled),
        }
        .checked()
    }

    fn checked(mut self) -> Result<Self> {
        self.name = self.name.trim().to_owned();
        validate::name("name", &self.name, NAME_MAX)?;
        validate::text("description", &self.description, DESCRIPTION_MAX)?;
        Ok(self)
    }
}

/// The outcome of a connection test, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterCheck {
    pub status: ClusterStatus,
    pub server_version: String,
    pub namespace_count: Option<i64>,
    pub last_error: String,
}

impl ClusterCheck {
    pub fn connected(server_version: String, namespaces: usize) -> Self {
        Self {
            status: ClusterStatus::Connected,
            server_version,
            namespace_count: Some(i64::try_from(namespaces).unwrap_or(i64::MAX)),
            last_error: String::new(),
        }
    }

    pub fn failed(error: String) -> Self {
        Self {
            status: ClusterStatus::Error,
            server_version: String::new(),
            namespace_count: None,
            last_error: error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(e: Error) -> String {
        match e {
            Error::Validation { field, .. } => field,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn create_needs_a_name_and_bounds_the_text() {
        let d = ClusterDraft::new(&ClusterInput {
            name: Some("  prod-bj ".into()),
            ..ClusterInput::default()
        })
        .unwrap();
        assert_eq!(
            d,
            ClusterDraft {
                name: "prod-bj".into(),
                description: String::new(),
                enabled: true
            }
        );
        assert_eq!(
            field(ClusterDraft::new(&ClusterInput::default()).unwrap_err()),
            "name"
        );
        let long = ClusterInput {
            name: Some("x".into()),
            description: Some("d".repeat(DESCRIPTION_MAX + 1)),
            ..ClusterInput::default()
        };
        assert_eq!(field(ClusterDraft::new(&long).unwrap_err()), "description");
    }

    #[test]
    fn an_edit_keeps_absent_fields() {
        let d = ClusterDraft {
            name: "a".into(),
            description: "测试集群".into(),
            enabled: true,
        };
        let e = d
            .apply(&ClusterInput {
                enabled: Some(false),
                ..ClusterInput::default()
            })
            .unwrap();
        assert_eq!(
            (e.name.as_str(), e.description.as_str(), e.enabled),
            ("a", "测试集群", false)
        );
        assert_eq!(
            field(
                d.apply(&ClusterInput {
                    name: Some(" ".into()),
                    ..ClusterInput::default()
                })
                .unwrap_err()
            ),
            "name"
        );
    }

    #[test]
    fn statuses_round_trip() {
        for s in [
            ClusterStatus::Unknown,
            ClusterStatus::Connected,
            ClusterStatus::Error,
            ClusterStatus::Disabled,
        ] {
            assert_eq!(ClusterStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(ClusterStatus::parse("x"), None);
    }
}
