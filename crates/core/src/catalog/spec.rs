//! Product specs (产品规格): what a user orders — CPU, memory, disks, GPUs and price.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::node::MAX_GPUS;
use super::quantity::{cores_to_milli, gb_to_mib, Price};
use crate::validate;
use crate::{Error, Result};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Spec {
    pub id: i64,
    pub name: String,
    /// GPU model the node must have (matched trimmed, case-insensitively); empty for CPU-only.
    pub gpu_model: String,
    /// Cards per instance; 0 = CPU-only.
    pub gpu_count: i64,
    /// VRAM per card in GB: the slice size for split specs, the card size otherwise.
    pub vram_gb: f64,
    /// Instances get a VRAM slice of a shared card (HAMi-core) instead of whole cards.
    pub supports_vram_split: bool,
    pub cpu_cores: f64,
    pub memory_gb: f64,
    pub system_disk_gb: i64,
    pub data_disk_gb: i64,
    pub price_per_hour: Price,
    pub listed: bool,
    pub remark: String,
    /// Stop its instances after this many minutes idle (空闲关机); 0 = never.
    pub idle_stop_minutes: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SpecFields {
    pub name: Option<String>,
    pub gpu_model: Option<String>,
    pub gpu_count: Option<i64>,
    pub vram_gb: Option<f64>,
    pub supports_vram_split: Option<bool>,
    pub cpu_cores: Option<f64>,
    pub memory_gb: Option<f64>,
    pub system_disk_gb: Option<i64>,
    pub data_disk_gb: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub price_per_hour: Option<Price>,
    pub listed: Option<bool>,
    pub remark: Option<String>,
    /// Stop its instances after this many minutes idle; 0 = never.
    pub idle_stop_minutes: Option<i64>,
}

/// A complete spec in storage units.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SpecDraft {
    pub name: String,
    pub gpu_model: String,
    pub gpu_count: i64,
    pub vram_mib: i64,
    pub supports_vram_split: bool,
    pub cpu_milli: i64,
    pub memory_mib: i64,
    pub system_disk_gb: i64,
    pub data_disk_gb: i64,
    pub price_per_hour: Price,
    pub listed: bool,
    pub remark: String,
    pub idle_stop_minutes: i64,
}

impl SpecDraft {
    pub fn new(f: SpecFields) -> Result<SpecDraft> {
        if f.name.is_none() {
            return Err(Error::validation("name", "name is required"));
        }
        SpecDraft {
            listed: true,
            ..SpecDraft::default()
        }
        .apply(f)
    }

    pub fn apply(mut self, f: SpecFields) -> Result<SpecDraft> {
        macro_rules! set {
            ($($field:ident),*) => { $( if let Some(v) = f.$field { self.$field = v; } )* };
        }
        set!(
            name,
            gpu_model,
            gpu_count,
            supports_vram_split,
            system_disk_gb,
            data_disk_gb,
            price_per_hour,
            listed,
            remark,
            idle_stop_minutes
        );
        if let Some(v) = f.vram_gb {
            self.vram_mib = gb_to_mib("vram_gb", v)?;
        }
        if let Some(v) = f.cpu_cores {
            self.cpu_milli = cores_to_milli("cpu_cores", v)?;
        }
        if let Some(v) = f.memory_gb {
            self.memory_mib = gb_to_mib("memory_gb", v)?;
        }
        self.name = self.name.trim().to_owned();
        self.gpu_model = self.gpu_model.trim().to_owned();
        self.validate()?;
        Ok(self)
    }

    /// The seed platform's rules, plus non-negative sizes.
    pub fn validate(&self) -> Result<()> {
        validate::name("name", &self.name, super::image::NAME_MAX)?;
        validate::text("gpu_model", &self.gpu_model, 128)?;
        validate::text("remark", &self.remark, 1024)?;
        if self.idle_stop_minutes != 0 {
            crate::autostop::validate_idle_minutes(
                "idle_stop_minutes",
                Some(self.idle_stop_minutes),
            )
            .map_err(|_| {
                Error::validation(
                    "idle_stop_minutes",
                    format!(
                        "idle_stop_minutes must be 0 (never) or between 1 and {}",
                        crate::autostop::MAX_IDLE_MINUTES
                    ),
                )
            })?;
        }
        if !(0..=MAX_GPUS).contains(&self.gpu_count) {
            return Err(Error::validation(
                "gpu_count",
                format!("gpu_count must be between 0 and {MAX_GPUS}"),
            ));
        }
        for (field, v) in [
            ("system_disk_gb", self.system_disk_gb),
            ("data_disk_gb", self.data_disk_gb),
        ] {
            if !(0..=1_000_000).contains(&v) {
                return Err(Error::validation(
                    field,
                    format!("{field} must be between 0 and 1000000"),
                ));
            }
        }
        if self.gpu_count == 0 {
            if self.vram_mib != 0 {
                return Err(Error::validation(
                    "vram_gb",
                    "a CPU-only spec (gpu_count 0) must have vram_gb 0",
                ));
            }
            if self.supports_vram_split {
                return Err(Error::validation(
                    "supports_vram_split",
                    "VRAM split needs gpu_count of at least 1",
                ));
            }
        } else {
            if self.gpu_model.is_empty() {
                return Err(Error::validation(
                    "gpu_model",
                    "gpu_model is required when gpu_count is above 0",
                ));
            }
            if self.supports_vram_split && self.vram_mib == 0 {
                return Err(Error::validation(
                    "vram_gb",
                    "a VRAM-split spec needs vram_gb above 0",
                ));
            }
        }
        if self.cpu_milli == 0 {
            return Err(Error::validation("cpu_cores", "cpu_cores must be above 0"));
        }
        if self.memory_mib < 4 {
            return Err(Error::validation(
                "memory_gb",
                "memory_gb must be at least 0.004 (4 MiB)",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cpu() -> SpecFields {
        SpecFields {
            name: Some("cpu-small".into()),
            cpu_cores: Some(0.5),
            memory_gb: Some(1.0),
            ..Default::default()
        }
    }

    fn field(e: Error) -> String {
        match e {
            Error::Validation { field, .. } => field,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn rules() {
        let ok = SpecDraft::new(cpu()).unwrap();
        assert_eq!((ok.cpu_milli, ok.memory_mib, ok.listed), (500, 1024, true));
        let split = SpecDraft::new(SpecFields {
            gpu_count: Some(1),
            gpu_model: Some("RTX 4090".into()),
            vram_gb: Some(8.0),
            supports_vram_split: Some(true),
            ..cpu()
        })
        .unwrap();
        assert_eq!(split.vram_mib, 8192);
        let cases: Vec<(SpecFields, &str)> = vec![
            (
                SpecFields {
                    vram_gb: Some(4.0),
                    ..cpu()
                },
                "vram_gb",
            ),
            (
                SpecFields {
                    supports_vram_split: Some(true),
                    ..cpu()
                },
                "supports_vram_split",
            ),
            (
                SpecFields {
                    gpu_count: Some(1),
                    supports_vram_split: Some(true),
                    gpu_model: Some("A100".into()),
                    ..cpu()
                },
                "vram_gb",
            ),
            (
                SpecFields {
                    gpu_count: Some(1),
                    ..cpu()
                },
                "gpu_model",
            ),
            (
                SpecFields {
                    gpu_count: Some(-1),
                    ..cpu()
                },
                "gpu_count",
            ),
            (
                SpecFields {
                    data_disk_gb: Some(-1),
                    ..cpu()
                },
                "data_disk_gb",
            ),
            (
                SpecFields {
                    cpu_cores: Some(-0.5),
                    ..cpu()
                },
                "cpu_cores",
            ),
            (
                SpecFields {
                    cpu_cores: Some(0.0),
                    ..cpu()
                },
                "cpu_cores",
            ),
            (
                SpecFields {
                    name: Some(" ".into()),
                    ..cpu()
                },
                "name",
            ),
        ];
        for (f, expected) in cases {
            assert_eq!(field(SpecDraft::new(f).unwrap_err()), expected);
        }
    }
}
