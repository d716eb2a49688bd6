//! Limits: what a run gets when it asks for nothing, and the most it may ask
//! for. A request may lower a limit or raise it up to the configured maximum,
//! never past it; a negative or zero value means "the default" (Piston reads
//! -1 as "unlimited" — that hole is deliberately not copied).

use serde::{Deserialize, Serialize};

/// `[sandbox.limits]`: defaults and maxima for every run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct LimitSettings {
    pub compile_timeout_ms: u64,
    pub compile_timeout_max_ms: u64,
    pub run_timeout_ms: u64,
    pub run_timeout_max_ms: u64,
    pub compile_cpu_time_ms: u64,
    pub compile_cpu_time_max_ms: u64,
    pub run_cpu_time_ms: u64,
    pub run_cpu_time_max_ms: u64,
    pub compile_memory_bytes: u64,
    pub compile_memory_max_bytes: u64,
    pub run_memory_bytes: u64,
    pub run_memory_max_bytes: u64,
    /// Bytes kept of each of stdout and stderr; more ends the run (OL / EL).
    pub output_max_bytes: u64,
}

impl Default for LimitSettings {
    fn default() -> Self {
        const MIB: u64 = 1024 * 1024;
        Self {
            compile_timeout_ms: 10_000,
            compile_timeout_max_ms: 20_000,
            run_timeout_ms: 3_000,
            run_timeout_max_ms: 15_000,
            compile_cpu_time_ms: 10_000,
            compile_cpu_time_max_ms: 20_000,
            run_cpu_time_ms: 3_000,
            run_cpu_time_max_ms: 15_000,
            compile_memory_bytes: 256 * MIB,
            compile_memory_max_bytes: 512 * MIB,
            run_memory_bytes: 128 * MIB,
            run_memory_max_bytes: 512 * MIB,
            output_max_bytes: 64 * 1024,
        }
    }
}

macro_rules! overrides {
    ($($field:ident),* $(,)?) => {
        /// Per-runtime replacements of `[sandbox.limits]` values (unset = global).
        #[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
        #[serde(deny_unknown_fields, default)]
        pub struct RuntimeLimitOverrides {
            $(#[serde(skip_serializing_if = "Option::is_none")] pub $field: Option<u64>,)*
        }

        impl RuntimeLimitOverrides {
            /// The global settings with this runtime's replacements applied.
            pub fn apply(&self, base: &LimitSettings) -> LimitSettings {
                LimitSettings { $($field: self.$field.unwrap_or(base.$field),)* }
            }
        }
    };
}

overrides!(
    compile_timeout_ms,
    compile_timeout_max_ms,
    run_timeout_ms,
    run_timeout_max_ms,
    compile_cpu_time_ms,
    compile_cpu_time_max_ms,
    run_cpu_time_ms,
    run_cpu_time_max_ms,
    compile_memory_bytes,
    compile_memory_max_bytes,
    run_memory_bytes,
    run_memory_max_bytes,
    output_max_bytes,
);

impl RuntimeLimitOverrides {
    pub fn check(&self) -> Result<(), String> {
        self.apply(&LimitSettings::default()).check()
    }
}

impl LimitSettings {
    /// Every value positive and every default within its maximum.
    pub fn check(&self) -> Result<(), String> {
        let pairs = [
            (
                "compile_timeout_ms",
                self.compile_timeout_ms,
                self.compile_timeout_max_ms,
            ),
            (
                "run_timeout_ms",
                self.run_timeout_ms,
                self.run_timeout_max_ms,
            ),
            (
                "compile_cpu_time_ms",
                self.compile_cpu_time_ms,
                self.compile_cpu_time_max_ms,
            ),
            (
                "run_cpu_time_ms",
                self.run_cpu_time_ms,
                self.run_cpu_time_max_ms,
            ),
            (
                "compile_memory_bytes",
                self.compile_memory_bytes,
                self.compile_memory_max_bytes,
            ),
            (
                "run_memory_bytes",
                self.run_memory_bytes,
                self.run_memory_max_bytes,
            ),
        ];
        for (name, default, max) in pairs {
            if default == 0 {
                return Err(format!("limits.{name} must be greater than 0"));
            }
            if default > max {
                return Err(format!(
                    "limits.{name} ({default}) is above its maximum ({max})"
                ));
            }
        }
        if self.output_max_bytes == 0 {
            return Err("limits.output_max_bytes must be greater than 0".into());
        }
        Ok(())
    }
}

/// The limits of one stage of one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageLimits {
    pub timeout_ms: u64,
    pub cpu_time_ms: u64,
    pub memory_bytes: u64,
}

/// The limits of one run, resolved from the request and the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub compile: StageLimits,
    pub run: StageLimits,
    pub output_max_bytes: u64,
}

/// What a request asked for (Piston's field names; `None` = not given).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestedLimits {
    pub compile_timeout: Option<i64>,
    pub run_timeout: Option<i64>,
    pub compile_cpu_time: Option<i64>,
    pub run_cpu_time: Option<i64>,
    pub compile_memory_limit: Option<i64>,
    pub run_memory_limit: Option<i64>,
}

/// One value: absent, zero or negative → the default; above the maximum → an
/// error in Piston's words.
fn pick(name: &str, asked: Option<i64>, default: u64, max: u64) -> Result<u64, String> {
    match asked {
        Some(v) if v > 0 => {
            let v = v.unsigned_abs();
            if v > max {
                Err(format!(
                    "{name} cannot exceed the configured limit of {max}"
                ))
            } else {
                Ok(v)
            }
        }
        _ => Ok(default),
    }
}

impl LimitSettings {
    pub fn resolve(&self, asked: &RequestedLimits) -> Result<Limits, String> {
        Ok(Limits {
            compile: StageLimits {
                timeout_ms: pick(
                    "compile_timeout",
                    asked.compile_timeout,
                    self.compile_timeout_ms,
                    self.compile_timeout_max_ms,
                )?,
                cpu_time_ms: pick(
                    "compile_cpu_time",
                    asked.compile_cpu_time,
                    self.compile_cpu_time_ms,
                    self.compile_cpu_time_max_ms,
                )?,
                memory_bytes: pick(
                    "compile_memory_limit",
                    asked.compile_memory_limit,
                    self.compile_memory_bytes,
                    self.compile_memory_max_bytes,
                )?,
            },
            run: StageLimits {
                timeout_ms: pick(
                    "run_timeout",
                    asked.run_timeout,
                    self.run_timeout_ms,
                    self.run_timeout_max_ms,
                )?,
                cpu_time_ms: pick(
                    "run_cpu_time",
                    asked.run_cpu_time,
                    self.run_cpu_time_ms,
                    self.run_cpu_time_max_ms,
                )?,
                memory_bytes: pick(
                    "run_memory_limit",
                    asked.run_memory_limit,
                    self.run_memory_bytes,
                    self.run_memory_max_bytes,
                )?,
            },
            output_max_bytes: self.output_max_bytes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_lower_or_raise_within_the_maximum_only() {
        let s = LimitSettings::default();
        let base = s
            .resolve(&RequestedLimits::default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(base.run.timeout_ms, 3_000);
        let lower = RequestedLimits {
            run_timeout: Some(500),
            run_memory_limit: Some(64 << 20),
            ..Default::default()
        };
        let l = s.resolve(&lower).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((l.run.timeout_ms, l.run.memory_bytes), (500, 64 << 20));
        let too_much = RequestedLimits {
            run_timeout: Some(i64::MAX),
            ..Default::default()
        };
        assert_eq!(
            s.resolve(&too_much).unwrap_err(),
            "run_timeout cannot exceed the configured limit of 15000"
        );
    }

    #[test]
    fn zero_and_negative_mean_the_default_never_unlimited() {
        let s = LimitSettings::default();
        for v in [0, -1, i64::MIN] {
            let asked = RequestedLimits {
                run_timeout: Some(v),
                run_memory_limit: Some(v),
                compile_cpu_time: Some(v),
                ..Default::default()
            };
            let l = s.resolve(&asked).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(l.run.timeout_ms, s.run_timeout_ms);
            assert_eq!(l.run.memory_bytes, s.run_memory_bytes);
            assert_eq!(l.compile.cpu_time_ms, s.compile_cpu_time_ms);
        }
    }

    #[test]
    fn settings_are_checked_and_overrides_apply() {
        let mut s = LimitSettings::default();
        assert!(s.check().is_ok());
        s.run_timeout_ms = s.run_timeout_max_ms + 1;
        assert!(s.check().unwrap_err().contains("run_timeout_ms"));
        let o = RuntimeLimitOverrides {
            run_timeout_ms: Some(1),
            ..Default::default()
        };
        assert_eq!(o.apply(&LimitSettings::default()).run_timeout_ms, 1);
        assert!(RuntimeLimitOverrides {
            output_max_bytes: Some(0),
            ..Default::default()
        }
        .check()
        .is_err());
    }
}
