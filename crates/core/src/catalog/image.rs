//! Images (镜像库): what containers are created from.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::validate;
use crate::{Error, Result};

pub const NAME_MAX: usize = 64;
pub const TEXT_MAX: usize = 1024;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Image {
    pub id: i64,
    pub name: String,
    /// Image reference as Docker pulls it, e.g. `registry.example.org/team/pytorch:2.3`.
    pub address: String,
    pub description: String,
    pub source: String,
    /// The image carries HAMi-core, so GPU memory can be split for its containers.
    pub supports_vram_split: bool,
    /// Listed (上架): visible to users.
    pub listed: bool,
    pub remark: String,
    /// argv run instead of the image's command, for images without a long-running
    /// one (e.g. `["sleep", "infinity"]`); empty = the image's own command.
    pub keep_alive_command: Vec<String>,
    /// Linux capabilities its containers get back on top of what the platform
    /// drops from every instance (`instances.drop_capabilities`), e.g.
    /// `["NET_RAW"]` for `ping`. Only capabilities that cannot reach the node
    /// itself are accepted (see [`GRANTABLE_CAPABILITIES`]).
    pub capabilities: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Fields for create (name and address required) and update (all optional).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImageFields {
    pub name: Option<String>,
    pub address: Option<String>,
    pub description: Option<String>,
    pub source: Option<String>,
    pub supports_vram_split: Option<bool>,
    pub listed: Option<bool>,
    pub remark: Option<String>,
    pub keep_alive_command: Option<Vec<String>>,
    pub capabilities: Option<Vec<String>>,
}

/// A complete, unvalidated image record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImageDraft {
    pub name: String,
    pub address: String,
    pub description: String,
    pub source: String,
    pub supports_vram_split: bool,
    pub listed: bool,
    pub remark: String,
    pub keep_alive_command: Vec<String>,
    pub capabilities: Vec<String>,
}

/// Capabilities an image may give back to its containers: Docker's defaults
/// that instances lose, and a few a workload may need (debuggers, pinned
/// memory for RDMA, priorities). Anything that reaches the node or other
/// tenants (SYS_ADMIN, NET_ADMIN, SYS_MODULE, SYS_RAWIO, …) is not grantable.
pub const GRANTABLE_CAPABILITIES: &[&str] = &[
    "NET_RAW",
    "MKNOD",
    "AUDIT_WRITE",
    "SYS_PTRACE",
    "IPC_LOCK",
    "SYS_NICE",
];

impl ImageDraft {
    pub fn new(f: ImageFields) -> Result<ImageDraft> {
        let name = f
            .name
            .clone()
            .ok_or_else(|| Error::validation("name", "name is required"))?;
        let address = f
            .address
            .clone()
            .ok_or_else(|| Error::validation("address", "address is required"))?;
        ImageDraft {
            name,
            address,
            listed: true,
            ..ImageDraft::default()
        }
        .apply(f)
    }

    pub fn from_image(i: &Image) -> ImageDraft {
        ImageDraft {
            name: i.name.clone(),
            address: i.address.clone(),
            description: i.description.clone(),
            source: i.source.clone(),
            supports_vram_split: i.supports_vram_split,
            listed: i.listed,
            remark: i.remark.clone(),
            keep_alive_command: i.keep_alive_command.clone(),
            capabilities: i.capabilities.clone(),
        }
    }

    /// Overlays the given fields, then checks the result.
    pub fn apply(mut self, f: ImageFields) -> Result<ImageDraft> {
        macro_rules! set {
            ($($field:ident),*) => { $( if let Some(v) = f.$field { self.$field = v; } )* };
        }
        set!(
            name,
            address,
            description,
            source,
            supports_vram_split,
            listed,
            remark,
            keep_alive_command,
            capabilities
        );
        for c in &mut self.capabilities {
            *c = c.trim().trim_start_matches("CAP_").to_ascii_uppercase();
        }
        self.capabilities.sort();
        self.capabilities.dedup();
        self.name = self.name.trim().to_owned();
        self.address = self.address.trim().to_owned();
        self.validate()?;
        Ok(self)
    }

    pub fn validate(&self) -> Result<()> {
        validate::name("name", &self.name, NAME_MAX)?;
        if let Some(bad) = self
            .capabilities
            .iter()
            .find(|c| !GRANTABLE_CAPABILITIES.contains(&c.as_str()))
        {
            return Err(Error::validation(
                "capabilities",
                format!(
                    "capability {bad} cannot be granted to instances (grantable: {})",
                    GRANTABLE_CAPABILITIES.join(", ")
                ),
            ));
        }
        image_reference("address", &self.address)?;
        validate::text("description", &self.description, TEXT_MAX)?;
        validate::text("source", &self.source, TEXT_MAX)?;
        validate::text("remark", &self.remark, TEXT_MAX)?;
        if self.keep_alive_command.len() > 64 {
            return Err(Error::validation(
                "keep_alive_command",
                "keep_alive_command may have at most 64 arguments",
            ));
        }
        for arg in &self.keep_alive_command {
            if arg.len() > 4096 || arg.contains('\0') {
                return Err(Error::validation(
                    "keep_alive_command",
                    "keep_alive_command arguments must be at most 4096 bytes, without NUL",
                ));
            }
        }
        if self
            .keep_alive_command
            .first()
            .is_some_and(|a| a.trim().is_empty())
        {
            return Err(Error::validation(
                "keep_alive_command",
                "keep_alive_command must start with a program name",
            ));
        }
        Ok(())
    }
}

/// A Docker image reference: `[registry[:port]/]path[:tag][@digest]`, lower-case
/// path components. Checked loosely but enough to refuse spaces, shell syntax and
/// upper case before Docker does.
pub fn image_reference(field: &str, r: &str) -> Result<()> {
    let bad =
        |why: &str| Error::validation(field, format!("{field} is not an image reference: {why}"));
    if r.is_empty() {
        return Err(Error::validation(
            field,
            format!("{field} must not be empty"),
        ));
    }
    if r.len() > 512 {
        return Err(bad("longer than 512 characters"));
    }
    let (name, digest) = match r.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (r, None),
    };
    if let Some(d) = digest {
        let ok = d.split_once(':').is_some_and(|(alg, hex)| {
            !alg.is_empty() && hex.len() >= 32 && hex.chars().all(|c| c.is_ascii_hexdigit())
        });
        if !ok {
            return Err(bad("malformed digest"));
        }
    }
    let mut parts: Vec<&str> = name.split('/').collect();
    // A tag is after the last ':' of the last component.
    if let Some(last) = parts.pop() {
        let (repo, tag) = match last.split_once(':') {
            Some((a, t)) => (a, Some(t)),
            None => (last, None),
        };
        if let Some(t) = tag {
            let tag_ok = !t.is_empty()
                && t.len() <= 128
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
            if !tag_ok {
                return Err(bad("malformed tag"));
            }
        }
        parts.push(repo);
    }
    for (i, p) in parts.iter().enumerate() {
        let is_registry =
            i == 0 && parts.len() > 1 && (p.contains('.') || p.contains(':') || *p == "localhost");
        let ok = if is_registry {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
        } else {
            !p.is_empty()
                && p.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
                })
        };
        if !ok {
            return Err(bad("use lower-case letters, digits, '.', '_', '-' and '/'"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        for ok in [
            "busybox",
            "tianqi-test/busybox:latest",
            "127.0.0.1:5000/tq/busybox:1.0",
            "registry.example.org/team/pytorch:2.3-cuda12",
            "localhost/x",
            "alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            assert!(image_reference("address", ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "Upper/Case",
            "a b",
            "x;rm -rf /",
            "x:",
            "x:bad tag",
            "a//b",
            "$(id)",
            "x@sha256:zz",
        ] {
            assert!(image_reference("address", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn drafts() {
        let d = ImageDraft::new(ImageFields {
            name: Some(" py ".into()),
            address: Some("tianqi-test/python:latest".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(
            (d.name.as_str(), d.listed, d.supports_vram_split),
            ("py", true, false)
        );
        assert!(ImageDraft::new(ImageFields::default()).is_err());
        let e = d
            .clone()
            .apply(ImageFields {
                keep_alive_command: Some(vec!["".into()]),
                ..Default::default()
            })
            .unwrap_err();
        assert!(matches!(e, Error::Validation { field, .. } if field == "keep_alive_command"));
    }
}
