//! What a job is asked to do, checked into a [`JobSpec`]: every refusal is a
//! validation error naming the field (the API's 422).

use std::path::{Component, Path};

use serde::{Deserialize, Serialize};

use crate::{validate, Error, Result};

pub const BATCH_MAX: i64 = 1024;
pub const EPOCHS_MAX: i64 = 100;
const NAME_MAX: usize = 128;
const DESCRIPTION_MAX: usize = 2000;
const PATH_MAX: usize = 1024;
const ARGS_MAX: usize = 256;
const ARG_MAX: usize = 4096;

/// The seed's training parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingParams {
    pub learning_rate: f64,
    pub batch_size: i64,
    pub num_train_epochs: i64,
    /// −1 = no limit.
    pub max_steps: i64,
    pub warmup_steps: i64,
    pub logging_steps: i64,
    pub save_steps: i64,
}

/// Parameters laid over the preset's; absent ones keep the preset's value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ParamsPatch {
    pub learning_rate: Option<f64>,
    pub batch_size: Option<i64>,
    pub num_train_epochs: Option<i64>,
    pub max_steps: Option<i64>,
    pub warmup_steps: Option<i64>,
    pub logging_steps: Option<i64>,
    pub save_steps: Option<i64>,
}

/// The seed's three presets, and `custom` (the standard values as a start).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    QuickTest,
    Standard,
    FullFinetune,
    Custom,
}

impl Preset {
    pub const ALL: [Preset; 4] = [
        Preset::QuickTest,
        Preset::Standard,
        Preset::FullFinetune,
        Preset::Custom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Preset::QuickTest => "quick_test",
            Preset::Standard => "standard",
            Preset::FullFinetune => "full_finetune",
            Preset::Custom => "custom",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The seed's values (learning rate, batch, epochs, max steps); the step
    /// intervals are ours.
    pub fn params(self) -> TrainingParams {
        let (learning_rate, batch_size, num_train_epochs, max_steps) = match self {
            Preset::QuickTest => (0.0001, 16, 1, 100),
            Preset::Standard | Preset::Custom => (0.0002, 32, 3, -1),
            Preset::FullFinetune => (0.00005, 64, 10, -1),
        };
        TrainingParams {
            learning_rate,
            batch_size,
            num_train_epochs,
            max_steps,
            warmup_steps: 0,
            logging_steps: 10,
            save_steps: 500,
        }
    }
}

/// A create request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct JobFields {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// An absolute path on the node inside the allowed roots, or a hub name
    /// (`Qwen/Qwen2-0.5B`).
    pub base_model: String,
    /// An absolute path on the node inside the allowed roots.
    pub dataset_path: String,
    /// Where the trainer writes; empty = `<finetune.output_root>/job-<id>`.
    #[serde(default)]
    pub output_path: Option<String>,
    /// quick_test, standard (default), full_finetune or custom.
    #[serde(default)]
    pub preset: Option<String>,
    #[serde(default)]
    pub params: ParamsPatch,
    /// GPU cards on the node: "0,1", "0-2"; empty = the spec's count, chosen
    /// by placement.
    #[serde(default)]
    pub gpu_devices: String,
    /// Replaces the generated trainer command (an argv, never a shell string).
    #[serde(default)]
    pub custom_command: Vec<String>,
    pub image_id: i64,
    pub spec_id: i64,
}

/// A checked job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobSpec {
    pub name: String,
    pub description: String,
    pub base_model: String,
    pub dataset_path: String,
    /// Empty until the service fills in the default.
    pub output_path: String,
    pub preset: Preset,
    pub params: TrainingParams,
    /// As asked for (empty = placement chooses).
    pub gpu_devices: Vec<i64>,
    pub custom_command: Vec<String>,
    pub image_id: i64,
    pub spec_id: i64,
}

/// The directories on the nodes that jobs may read and write
/// (`finetune.allowed_roots`), absolute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roots {
    pub allowed: Vec<String>,
}

impl Roots {
    /// The allowed root that holds `path` (a checked path).
    pub fn root_of(&self, path: &str) -> Option<&str> {
        self.allowed
            .iter()
            .map(String::as_str)
            .filter(|r| Path::new(path).starts_with(r))
            .max_by_key(|r| r.len())
    }

    /// `value` as an absolute path with no `.`/`..` inside one of the roots.
    pub fn check(&self, field: &str, value: &str) -> Result<String> {
        let v = value.trim();
        if v.is_empty() {
            return Err(Error::validation(
                field,
                format!("{field} must not be empty"),
            ));
        }
        validate::text(field, v, PATH_MAX)?;
        let p = Path::new(v);
        if !p.is_absolute() {
            return Err(Error::validation(
                field,
                format!("{field} must be an absolute path on the node"),
            ));
        }
        if p.components()
            .any(|c| matches!(c, Component::ParentDir | Component::CurDir))
        {
            return Err(Error::validation(
                field,
                format!("{field} must not contain `.` or `..`"),
            ));
        }
        let normal = v.trim_end_matches('/');
        let normal = if normal.is_empty() { "/" } else { normal };
        if self.root_of(normal).is_none() {
            return Err(Error::validation(
                field,
                format!(
                    "{field} `{v}` is outside the allowed roots ({})",
                    self.allowed.join(", ")
                ),
            ));
        }
        Ok(normal.to_owned())
    }
}

/// A hub model name: `name` or `org/name`, of letters, digits, `._-`.
fn hub_name(field: &str, v: &str) -> Result<String> {
    let part_ok = |s: &str| {
        !s.is_empty()
            && s != "."
            && s != ".."
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    };
    let parts: Vec<&str> = v.split('/').collect();
    if parts.len() <= 2 && parts.iter().all(|p| part_ok(p)) && !v.starts_with('-') {
        Ok(v.to_owned())
    } else {
        Err(Error::validation(
            field,
            format!("{field} must be an absolute path or a hub name like org/model"),
        ))
    }
}

fn range(field: &str, v: i64, lo: i64, hi: i64) -> Result<()> {
    if (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            format!("{field} must be between {lo} and {hi}"),
        ))
    }
}

impl TrainingParams {
    fn overlay(mut self, p: &ParamsPatch) -> Self {
        macro_rules! lay {
            ($($f:ident),*) => { $( if let Some(v) = p.$f { self.$f = v; } )* };
        }
        lay!(
            learning_rate,
            batch_size,
            num_train_epochs,
            max_steps,
            warmup_steps,
            logging_steps,
            save_steps
        );
        self
    }

    /// Field names are the request's (`params.learning_rate`, …).
    pub fn validate(&self) -> Result<()> {
        let lr = self.learning_rate;
        if !(lr.is_finite() && lr > 0.0 && lr < 1.0) {
            return Err(Error::validation(
                "params.learning_rate",
                "params.learning_rate must be greater than 0 and less than 1",
            ));
        }
        range("params.batch_size", self.batch_size, 1, BATCH_MAX)?;
        range(
            "params.num_train_epochs",
            self.num_train_epochs,
            1,
            EPOCHS_MAX,
        )?;
        if self.max_steps != -1 {
            range("params.max_steps", self.max_steps, 1, 100_000_000).map_err(|_| {
                Error::validation(
                    "params.max_steps",
                    "params.max_steps must be -1 (no limit) or at least 1",
                )
            })?;
        }
        range("params.warmup_steps", self.warmup_steps, 0, 100_000_000)?;
        range("params.logging_steps", self.logging_steps, 1, 100_000_000)?;
        range("params.save_steps", self.save_steps, 1, 100_000_000)?;
        Ok(())
    }
}

impl JobFields {
    /// Checks everything that needs no node: the GPU list is parsed here and
    /// checked against a node's cards at placement.
    pub fn validate(&self, roots: &Roots) -> Result<JobSpec> {
        validate::name("name", &self.name, NAME_MAX)?;
        validate::text("description", &self.description, DESCRIPTION_MAX)?;
        let base = self.base_model.trim();
        let base_model = if base.starts_with('/') || base.starts_with('.') {
            roots.check("base_model", base)?
        } else if base.is_empty() {
            return Err(Error::validation(
                "base_model",
                "base_model must not be empty",
            ));
        } else {
            hub_name("base_model", base)?
        };
        let dataset_path = roots.check("dataset_path", &self.dataset_path)?;
        let output_path = match self.output_path.as_deref().map(str::trim) {
            None | Some("") => String::new(),
            Some(p) => roots.check("output_path", p)?,
        };
        let preset = match self.preset.as_deref().map(str::trim) {
            None | Some("") => Preset::Standard,
            Some(name) => Preset::parse(name).ok_or_else(|| {
                Error::validation(
                    "preset",
                    format!(
                        "unknown preset `{name}` (quick_test, standard, full_finetune, custom)"
                    ),
                )
            })?,
        };
        let params = preset.params().overlay(&self.params);
        params.validate()?;
        let gpu_devices = super::parse_gpu_list("gpu_devices", &self.gpu_devices)?;
        if self.custom_command.len() > ARGS_MAX {
            return Err(Error::validation(
                "custom_command",
                format!("custom_command may have at most {ARGS_MAX} arguments"),
            ));
        }
        if let Some(first) = self.custom_command.first() {
            if first.trim().is_empty() {
                return Err(Error::validation(
                    "custom_command",
                    "custom_command must start with the program to run",
                ));
            }
        }
        for arg in &self.custom_command {
            if arg.len() > ARG_MAX || arg.contains('\0') {
                return Err(Error::validation(
                    "custom_command",
                    format!(
                        "each custom_command argument must be at most {ARG_MAX} bytes without NUL"
                    ),
                ));
            }
        }
        for (field, id) in [("image_id", self.image_id), ("spec_id", self.spec_id)] {
            if id <= 0 {
                return Err(Error::validation(field, format!("{field} is required")));
            }
        }
        Ok(JobSpec {
            name: self.name.trim().to_owned(),
            description: self.description.clone(),
            base_model,
            dataset_path,
            output_path,
            preset,
            params,
            gpu_devices,
            custom_command: self.custom_command.clone(),
            image_id: self.image_id,
            spec_id: self.spec_id,
        })
    }
}
