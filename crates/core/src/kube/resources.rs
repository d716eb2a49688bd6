//! What the console shows of a cluster's objects: workloads, pods, services,
//! metrics, summarised from the API server's objects by `tianqi-kube`. Also
//! the rules for what a caller names in a path (namespaces, object names,
//! kinds) and sends (a scale), and the reading of Kubernetes quantities —
//! all without I/O.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The most replicas a scale may ask for: a typo of 10000 must not start
/// 10000 pods.
pub const MAX_REPLICAS: i32 = 1000;

/// A workload controller the console acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum WorkloadKind {
    Deployment,
    StatefulSet,
    DaemonSet,
}

impl WorkloadKind {
    pub const ALL: [Self; 3] = [Self::Deployment, Self::StatefulSet, Self::DaemonSet];

    /// The plural the API (and our paths) use.
    pub fn plural(self) -> &'static str {
        match self {
            Self::Deployment => "deployments",
            Self::StatefulSet => "statefulsets",
            Self::DaemonSet => "daemonsets",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Deployment => "Deployment",
            Self::StatefulSet => "StatefulSet",
            Self::DaemonSet => "DaemonSet",
        }
    }

    /// From a path segment (`deployments`, …); 404 otherwise, as for any
    /// route that does not exist.
    pub fn from_plural(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.plural() == s)
            .ok_or_else(|| {
                Error::not_found(format!(
                    "no workload kind {s:?}; one of deployments, statefulsets, daemonsets"
                ))
            })
    }

    /// A DaemonSet runs one pod per node: it has no replica count.
    pub fn scalable(self) -> bool {
        !matches!(self, Self::DaemonSet)
    }
}

/// A Deployment, StatefulSet or DaemonSet in a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Workload {
    pub kind: WorkloadKind,
    pub namespace: String,
    pub name: String,
    /// Pods ready (DaemonSets: nodes with a ready pod).
    pub ready: i32,
    /// Pods wanted (DaemonSets: nodes that should run one).
    pub desired: i32,
    /// The containers' images, in the pod template's order.
    pub images: Vec<String>,
    /// When the object was created (its age is now minus this).
    pub created_at: Option<DateTime<Utc>>,
}

/// A pod in a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pod {
    pub namespace: String,
    pub name: String,
    /// `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.
    pub phase: String,
    pub ip: Option<String>,
    pub node: Option<String>,
    /// Restarts summed over the containers.
    pub restarts: i32,
    /// Containers ready / containers.
    pub ready: i32,
    pub containers: Vec<String>,
    pub created_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServicePort {
    pub name: Option<String>,
    pub protocol: String,
    pub port: i32,
    /// A number or a named container port.
    pub target_port: Option<String>,
    pub node_port: Option<i32>,
}

/// A service in a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Service {
    pub namespace: String,
    pub name: String,
    /// `ClusterIP`, `NodePort`, `LoadBalancer` or `ExternalName`.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", schema(rename = "type"))]
    pub type_: String,
    pub cluster_ip: Option<String>,
    pub ports: Vec<ServicePort>,
    pub created_at: Option<DateTime<Utc>>,
}

/// One address behind a service.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndpointAddress {
    pub ip: String,
    /// The pod behind it, when it is one.
    pub pod: Option<String>,
    pub node: Option<String>,
    pub ready: bool,
}

/// Where a service sends traffic: the cluster IP and node ports it listens
/// on, and the addresses behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceEndpoints {
    pub service: Service,
    pub addresses: Vec<EndpointAddress>,
}

/// An object as the API server holds it, as YAML (`metadata.managedFields`
/// left out: it is bookkeeping nobody reads).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObjectYaml {
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
    pub yaml: String,
}

/// `POST …/scale`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScaleInput {
    pub replicas: Option<i64>,
}

impl ScaleInput {
    pub fn replicas(&self) -> Result<i32> {
        let n = self
            .replicas
            .ok_or_else(|| Error::validation("replicas", "replicas is required"))?;
        if !(0..=i64::from(MAX_REPLICAS)).contains(&n) {
            return Err(Error::validation(
                "replicas",
                format!("replicas must be between 0 and {MAX_REPLICAS}"),
            ));
        }
        i32::try_from(n).map_err(|_| Error::validation("replicas", "replicas is out of range"))
    }
}

/// The most lines a pod's log answer starts with.
pub const MAX_TAIL_LINES: i64 = 10_000;
/// Lines a log answer starts with when `tail_lines` is not given.
pub const DEFAULT_TAIL_LINES: i64 = 500;

/// `GET …/pods/{name}/logs`: which container, how far back, and whether
/// to keep following.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PodLogQuery {
    /// The container (needed when the pod has several).
    pub container: Option<String>,
    /// Start with this many last lines (1–10000, default 500).
    pub tail_lines: Option<i64>,
    /// Only lines of the last this many seconds.
    pub since_seconds: Option<i64>,
    /// Keep the stream open and send new lines (Server-Sent Events).
    #[serde(default)]
    pub follow: bool,
    /// Prefix each line with the time the container wrote it (RFC 3339).
    #[serde(default)]
    pub timestamps: bool,
}

/// A log request, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodLogRequest {
    pub container: Option<String>,
    pub tail_lines: i64,
    pub since_seconds: Option<i64>,
    pub follow: bool,
    pub timestamps: bool,
}

impl PodLogQuery {
    pub fn checked(&self) -> Result<PodLogRequest> {
        let container = self
            .container
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        if let Some(c) = container {
            namespace("container", c)?;
        }
        let tail_lines = self.tail_lines.unwrap_or(DEFAULT_TAIL_LINES);
        if !(1..=MAX_TAIL_LINES).contains(&tail_lines) {
            return Err(Error::validation(
                "tail_lines",
                format!("tail_lines must be between 1 and {MAX_TAIL_LINES}"),
            ));
        }
        if let Some(s) = self.since_seconds {
            if s < 1 {
                return Err(Error::validation(
                    "since_seconds",
                    "since_seconds must be at least 1",
                ));
            }
        }
        Ok(PodLogRequest {
            container: container.map(str::to_owned),
            tail_lines,
            since_seconds: self.since_seconds,
            follow: self.follow,
            timestamps: self.timestamps,
        })
    }
}

/// `GET …/pods/{name}/logs` without `follow`: the lines, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PodLogs {
    pub namespace: String,
    pub pod: String,
    pub container: Option<String>,
    pub lines: Vec<String>,
}

/// A pod terminal's container and initial size (`GET …/pods/{name}/terminal`).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PodTerminalQuery {
    /// The container (needed when the pod has several).
    pub container: Option<String>,
    pub cols: Option<u16>,
    pub rows: Option<u16>,
}

impl PodTerminalQuery {
    /// The container named, checked (a DNS label).
    pub fn container(&self) -> Result<Option<String>> {
        let c = self
            .container
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        if let Some(c) = c {
            namespace("container", c)?;
        }
        Ok(c.map(str::to_owned))
    }
}

/// A node's or a pod's current use, from metrics.k8s.io.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Usage {
    pub namespace: Option<String>,
    pub name: String,
    pub cpu_millicores: u64,
    pub memory_bytes: u64,
}

/// The cluster's use: the nodes' summed, and each node's.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClusterUsage {
    pub cpu_millicores: u64,
    pub memory_bytes: u64,
    pub nodes: Vec<Usage>,
}

impl ClusterUsage {
    pub fn of(nodes: Vec<Usage>) -> Self {
        Self {
            cpu_millicores: nodes.iter().map(|n| n.cpu_millicores).sum(),
            memory_bytes: nodes.iter().map(|n| n.memory_bytes).sum(),
            nodes,
        }
    }
}

/// A DNS-1123 label (namespaces): lower-case letters, digits and `-`, at
/// most 63, starting and ending alphanumeric. Checked before any call so a
/// path cannot carry `..` or `/` into the API server's URL.
pub fn namespace(field: &str, s: &str) -> Result<()> {
    if is_label(s) {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            format!("{field} must be a DNS label (a-z, 0-9, '-', at most 63)"),
        ))
    }
}

/// A DNS-1123 subdomain (object names): labels joined by `.`, at most 253.
pub fn object_name(field: &str, s: &str) -> Result<()> {
    if !s.is_empty() && s.len() <= 253 && s.split('.').all(is_label) {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            format!("{field} must be a DNS subdomain (a-z, 0-9, '-', '.', at most 253)"),
        ))
    }
}

fn is_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

/// Reads a CPU quantity (`250m`, `2`, `1500000n`, `0.5`) as millicores.
pub fn cpu_millicores(q: &str) -> Option<u64> {
    let (num, scale) = split_quantity(q);
    let v: f64 = num.parse().ok()?;
    let milli = match scale {
        "" => v * 1e3,
        "m" => v,
        "u" => v / 1e3,
        "n" => v / 1e6,
        "k" => v * 1e6,
        _ => return None,
    };
    (milli.is_finite() && milli >= 0.0).then(|| milli.round() as u64)
}

/// Reads a memory quantity (`128Mi`, `1Gi`, `123456Ki`, `1e9`, `500M`) as bytes.
pub fn memory_bytes(q: &str) -> Option<u64> {
    let (num, scale) = split_quantity(q);
    let v: f64 = num.parse().ok()?;
    let factor: f64 = match scale {
        "" => 1.0,
        "Ki" => 1024.0,
        "Mi" => 1024.0_f64.powi(2),
        "Gi" => 1024.0_f64.powi(3),
        "Ti" => 1024.0_f64.powi(4),
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "m" => 1e-3,
        _ => return None,
    };
    let b = v * factor;
    (b.is_finite() && b >= 0.0).then(|| b.round() as u64)
}

fn split_quantity(q: &str) -> (&str, &str) {
    let q = q.trim();
    // An exponent (`1e9`) is part of the number, not a suffix.
    let at = q
        .char_indices()
        .find(|(i, c)| {
            c.is_ascii_alphabetic()
                && !(matches!(c, 'e' | 'E')
                    && q[i + 1..]
                        .chars()
                        .next()
                        .is_some_and(|d| d.is_ascii_digit()))
        })
        .map_or(q.len(), |(i, _)| i);
    q.split_at(at)
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
    fn kinds_from_paths() {
        for k in WorkloadKind::ALL {
            assert_eq!(WorkloadKind::from_plural(k.plural()).unwrap(), k);
        }
        assert!(matches!(
            WorkloadKind::from_plural("replicasets"),
            Err(Error::NotFound(_))
        ));
        assert!(!WorkloadKind::DaemonSet.scalable());
        assert!(WorkloadKind::StatefulSet.scalable());
    }

    #[test]
    fn names_in_paths_are_dns_names() {
        for ok in ["default", "team-a", "a", &"x".repeat(63)] {
            assert!(namespace("namespace", ok).is_ok(), "{ok}");
        }
        for bad in ["", "-a", "a-", "A", "a.b", "..", "a/b", &"x".repeat(64)] {
            assert_eq!(field(namespace("namespace", bad).unwrap_err()), "namespace");
        }
        assert!(object_name("name", "web-7f9c.v2").is_ok());
        for bad in ["", "a..b", ".a", "a/b", "Web", &"x".repeat(254)] {
            assert_eq!(
                field(object_name("name", bad).unwrap_err()),
                "name",
                "{bad}"
            );
        }
    }

    #[test]
    fn scale_is_bounded() {
        let s = |r| ScaleInput { replicas: r };
        assert_eq!(s(Some(3)).replicas().unwrap(), 3);
        assert_eq!(s(Some(0)).replicas().unwrap(), 0);
        assert_eq!(s(Some(1000)).replicas().unwrap(), 1000);
        for bad in [None, Some(-1), Some(1001), Some(i64::MAX)] {
            assert_eq!(field(s(bad).replicas().unwrap_err()), "replicas");
        }
    }

    #[test]
    fn quantities() {
        assert_eq!(cpu_millicores("250m"), Some(250));
        assert_eq!(cpu_millicores("2"), Some(2000));
        assert_eq!(cpu_millicores("0.5"), Some(500));
        assert_eq!(cpu_millicores("1500000n"), Some(2));
        assert_eq!(cpu_millicores("12345678n"), Some(12));
        assert_eq!(cpu_millicores("3500u"), Some(4));
        assert_eq!(cpu_millicores("x"), None);
        assert_eq!(cpu_millicores("1Q"), None);
        assert_eq!(memory_bytes("128Mi"), Some(128 << 20));
        assert_eq!(memory_bytes("1Gi"), Some(1 << 30));
        assert_eq!(memory_bytes("123456Ki"), Some(123_456 * 1024));
        assert_eq!(memory_bytes("500M"), Some(500_000_000));
        assert_eq!(memory_bytes("1e9"), Some(1_000_000_000));
        assert_eq!(memory_bytes("4096"), Some(4096));
        assert_eq!(memory_bytes("-1Ki"), None);
        assert_eq!(memory_bytes("1Xi"), None);
    }

    #[test]
    fn cluster_usage_sums_the_nodes() {
        let u = |n: &str, c, m| Usage {
            namespace: None,
            name: n.into(),
            cpu_millicores: c,
            memory_bytes: m,
        };
        let c = ClusterUsage::of(vec![u("a", 250, 1 << 30), u("b", 750, 1 << 30)]);
        assert_eq!((c.cpu_millicores, c.memory_bytes), (1000, 2 << 30));
    }
}

#[cfg(test)]
mod log_query_tests {
    use super::*;

    fn field(q: PodLogQuery) -> String {
        match q.checked() {
            Err(Error::Validation { field, .. }) => field,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn a_log_query_has_bounds_and_names_what_is_wrong() {
        let d = PodLogQuery::default().checked().unwrap();
        assert_eq!(
            (d.tail_lines, d.follow, d.container),
            (DEFAULT_TAIL_LINES, false, None)
        );
        let q = PodLogQuery {
            container: Some(" web ".into()),
            tail_lines: Some(MAX_TAIL_LINES),
            since_seconds: Some(60),
            follow: true,
            timestamps: true,
        };
        let r = q.checked().unwrap();
        assert_eq!(r.container.as_deref(), Some("web"));
        assert_eq!(r.since_seconds, Some(60));
        for (q, want) in [
            (
                PodLogQuery {
                    tail_lines: Some(0),
                    ..Default::default()
                },
                "tail_lines",
            ),
            (
                PodLogQuery {
                    tail_lines: Some(MAX_TAIL_LINES + 1),
                    ..Default::default()
                },
                "tail_lines",
            ),
            (
                PodLogQuery {
                    since_seconds: Some(0),
                    ..Default::default()
                },
                "since_seconds",
            ),
            (
                PodLogQuery {
                    container: Some("../etc".into()),
                    ..Default::default()
                },
                "container",
            ),
        ] {
            assert_eq!(field(q), want);
        }
    }
}
