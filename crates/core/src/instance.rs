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
    /// The node's name, for users and admins alike (empty when the node is
    /// gone).
    pub node_name: String,
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
    /// What a creating instance is doing now, in words, e.g. `pulling image
    /// x:1: 3/5 layers done, 41.2 of 80.0 MB`; empty once it runs.
    pub progress: String,
    /// The same image pull in figures, while one is under way (null otherwise).
    pub pull: Option<PullProgress>,
    /// The exit code of the container's main process once it ended (`exited`);
    /// null while it runs or when it is unknown.
    pub exit_code: Option<i64>,
    /// Why an `exited` instance is not running (`none` otherwise).
    pub exit_reason: ExitReason,
    /// Idle and scheduled shutdown: what the owner set and what is due.
    pub auto_stop: AutoStop,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An instance's shutdown schedule and what the autostop loop found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AutoStop {
    /// Stop at this time (定时关机); null for none.
    pub stop_at: Option<DateTime<Utc>>,
    /// Stop after running this long, counted from the last start; null for none.
    pub stop_after_hours: Option<f64>,
    /// Idle (no CPU use, no session) since then, while running.
    pub idle_since: Option<DateTime<Utc>>,
    /// When it is due to stop by itself (while running), or when it was
    /// stopped by itself (`exit_reason` `auto_stopped`); null otherwise.
    pub due_at: Option<DateTime<Utc>>,
    /// Why: `scheduled`, `max_runtime` or `idle`.
    pub reason: Option<crate::autostop::StopReason>,
    /// Whether `due_at` is close enough that the owner is warned (see
    /// `autostop.warn_minutes`).
    pub warn: bool,
}

/// Why an instance's container is not running, for the console to explain.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExitReason {
    /// Running, or never ended.
    #[default]
    None,
    /// Stopped through Tianqi (stop).
    Stopped,
    /// Stopped by Tianqi on its own: idle, scheduled or after its run length
    /// (see `auto_stop.reason`).
    AutoStopped,
    /// Its main process ended by itself (see `exit_code`).
    Exited,
    /// The kernel killed it for going over its memory limit.
    OomKilled,
    /// Its command is a bare shell, which ends at once without a TTY: the image
    /// needs a keep-alive command (e.g. `sleep infinity`).
    ShellWithoutTty,
}

impl ExitReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ExitReason::None => "",
            ExitReason::Stopped => "stopped",
            ExitReason::AutoStopped => "auto_stopped",
            ExitReason::Exited => "exited",
            ExitReason::OomKilled => "oom_killed",
            ExitReason::ShellWithoutTty => "shell_without_tty",
        }
    }

    /// Whether Tianqi ended it (rather than the process or the kernel).
    pub fn by_tianqi(self) -> bool {
        matches!(self, ExitReason::Stopped | ExitReason::AutoStopped)
    }

    pub fn parse(s: &str) -> ExitReason {
        match s {
            "stopped" => ExitReason::Stopped,
            "auto_stopped" => ExitReason::AutoStopped,
            "exited" => ExitReason::Exited,
            "oom_killed" => ExitReason::OomKilled,
            "shell_without_tty" => ExitReason::ShellWithoutTty,
            _ => ExitReason::None,
        }
    }
}

/// How a container's main process ended, as the node reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContainerEnd {
    pub exit_code: i64,
    pub oom_killed: bool,
    /// The process that ran: the entrypoint and command together.
    pub argv: Vec<String>,
    pub tty: bool,
}

/// Shells that read commands from their input and end when it is empty.
const SHELLS: [&str; 7] = ["sh", "bash", "ash", "dash", "zsh", "ksh", "fish"];

/// Is `argv` an interactive shell with nothing to run (`bash`, `/bin/sh -l`)?
/// Without a TTY it finds its input empty and ends at once — a Debian image's
/// default command.
pub fn is_bare_shell(argv: &[String]) -> bool {
    let Some((first, rest)) = argv.split_first() else {
        return false;
    };
    let name = first.rsplit('/').next().unwrap_or(first);
    SHELLS.contains(&name)
        && rest
            .iter()
            .all(|a| matches!(a.as_str(), "-l" | "-i" | "--login" | "-il" | "-li"))
}

/// Why the container ended, in the terms the console explains.
pub fn exit_reason(end: &ContainerEnd) -> ExitReason {
    if end.oom_killed {
        ExitReason::OomKilled
    } else if !end.tty && is_bare_shell(&end.argv) {
        ExitReason::ShellWithoutTty
    } else {
        ExitReason::Exited
    }
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

/// `^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`, with a readable message for the common
/// mistakes. The first character is a letter or digit because Docker refuses
/// container names starting with `_` or `-` (and a name that passed here must
/// not fail later on the node).
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
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(Error::validation(
            "name",
            "name must start with a letter or digit",
        ));
    }
    Ok(())
}

/// Labels every container Tianqi makes carries (instances, fine-tuning
/// jobs): whose it is, where, and of which installation.
pub fn managed_labels(install_id: &str, owner_id: i64, node_id: i64) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("tianqi.managed".to_owned(), "true".to_owned()),
        ("tianqi.install".to_owned(), install_id.to_owned()),
        ("tianqi.owner".to_owned(), owner_id.to_string()),
        ("tianqi.node".to_owned(), node_id.to_string()),
    ])
}

/// Labels of an instance's container; the reconciler lists by them.
pub fn labels(
    install_id: &str,
    instance_id: i64,
    owner_id: i64,
    node_id: i64,
) -> BTreeMap<String, String> {
    let mut labels = managed_labels(install_id, owner_id, node_id);
    labels.insert("tianqi.instance".to_owned(), instance_id.to_string());
    labels
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
    fn exit_reasons() {
        let argv = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let end = |a: &[&str], tty: bool| ContainerEnd {
            exit_code: 0,
            oom_killed: false,
            argv: argv(a),
            tty,
        };
        // a Debian image's `bash`, busybox's `sh`: a shell that ends at once
        for shell in [&["bash"][..], &["/bin/sh"], &["/bin/bash", "-l"]] {
            assert_eq!(
                exit_reason(&end(shell, false)),
                ExitReason::ShellWithoutTty,
                "{shell:?}"
            );
        }
        // with a TTY it would have stayed; a shell running a script is a command
        assert_eq!(exit_reason(&end(&["bash"], true)), ExitReason::Exited);
        assert_eq!(
            exit_reason(&end(&["sh", "-c", "exit 3"], false)),
            ExitReason::Exited
        );
        assert_eq!(exit_reason(&end(&["python3"], false)), ExitReason::Exited);
        assert_eq!(exit_reason(&end(&[], false)), ExitReason::Exited);
        let oom = ContainerEnd {
            exit_code: 137,
            oom_killed: true,
            ..end(&["bash"], false)
        };
        assert_eq!(exit_reason(&oom), ExitReason::OomKilled);
        for r in [
            ExitReason::None,
            ExitReason::Stopped,
            ExitReason::Exited,
            ExitReason::OomKilled,
            ExitReason::ShellWithoutTty,
        ] {
            assert_eq!(ExitReason::parse(r.as_str()), r);
        }
    }

    #[test]
    fn names() {
        for ok in ["a", "my-box_1", "0x", "a-", &"x".repeat(64)] {
            assert!(validate_name(ok).is_ok());
        }
        for bad in [
            "",
            "我的实例",
            "a b",
            "a.b",
            &"x".repeat(65),
            "a/b",
            "-leading",
            "_x",
        ] {
            assert!(
                matches!(validate_name(bad), Err(Error::Validation { field, .. }) if field == "name"),
                "{bad}"
            );
        }
    }
}

/// An image pull for a creating instance, in figures (a client translates
/// them; `progress` says the same in English).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullProgress {
    pub image: String,
    pub layers_done: u32,
    pub layers: u32,
    /// Bytes downloaded so far, over the layers whose size is known.
    pub bytes_done: i64,
    pub bytes_total: i64,
}

impl std::fmt::Display for PullProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mb = |b: i64| b as f64 / 1_000_000.0;
        write!(
            f,
            "pulling image {}: {}/{} layers done, {:.1} of {:.1} MB",
            self.image,
            self.layers_done,
            self.layers,
            mb(self.bytes_done),
            mb(self.bytes_total)
        )
    }
}

impl PullProgress {
    /// What the instance row keeps while the pull runs.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The row's progress read back: a pull's figures and its sentence, or
    /// (any other text) the text as it is.
    pub fn from_stored(stored: String) -> (String, Option<PullProgress>) {
        match serde_json::from_str::<PullProgress>(&stored) {
            Ok(p) => (p.to_string(), Some(p)),
            Err(_) => (stored, None),
        }
    }
}
