//! A provider config (AI 配置, admin): where the chat-completions endpoint is,
//! its API key, and the defaults a new conversation takes. Exactly one config
//! is active at a time; conversations talk through the active one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::validate;
use crate::{Error, Result};

/// GLM's OpenAI-compatible endpoint (智谱 AI).
pub const DEFAULT_BASE_URL: &str = "https://open.bigmodel.cn/api/paas/v4";
pub const DEFAULT_MODEL: &str = "glm-4-plus";
pub const DEFAULT_TEMPERATURE: f64 = 0.7;
pub const DEFAULT_MAX_TOKENS: i64 = 4096;
pub const NAME_MAX: usize = 64;
pub const API_KEY_MAX: usize = 512;
pub const BASE_URL_MAX: usize = 512;

/// A valid config in storage form (the key is kept apart: it is sealed).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfigDraft {
    /// 配置名称, unique.
    pub name: String,
    /// The endpoint's base URL; `/chat/completions` is appended.
    pub base_url: String,
    /// The model a new conversation uses.
    pub model: String,
    pub temperature: f64,
    pub max_tokens: i64,
    /// The one config conversations use.
    pub active: bool,
}

/// What a create or an update sends; absent fields keep their value (create:
/// the default). `api_key` is write-only: absent keeps the stored one.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConfigFields {
    pub name: Option<String>,
    /// The provider's API key (required on create; never returned).
    pub api_key: Option<String>,
    pub base_url: Option<String>,
    pub model: Option<String>,
    pub temperature: Option<f64>,
    pub max_tokens: Option<i64>,
    pub active: Option<bool>,
}

/// A config as the API shows it: the key only masked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderConfig {
    pub id: i64,
    #[serde(flatten)]
    pub fields: ConfigDraft,
    /// The key's last characters, e.g. `••••a1b2` (the key itself never leaves the server).
    pub api_key_masked: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A base URL must be absolute http(s) with a host, and no query or fragment
/// (the path `/chat/completions` is appended to it).
pub fn base_url(field: &str, url: &str) -> Result<()> {
    validate::text(field, url, BASE_URL_MAX)?;
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| {
            Error::validation(field, format!("{field} must be an http:// or https:// URL"))
        })?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') || host.contains('@') {
        return Err(Error::validation(
            field,
            format!("{field} must name a host (and no credentials)"),
        ));
    }
    if url.contains(char::is_whitespace) || url.contains('?') || url.contains('#') {
        return Err(Error::validation(
            field,
            format!("{field} must be a plain URL without spaces, query or fragment"),
        ));
    }
    Ok(())
}

/// The masked form of a key: its last four characters (none of a short key).
pub fn mask(key: &str) -> String {
    let n = key.chars().count();
    let tail: String = if n >= 12 {
        key.chars().skip(n - 4).collect()
    } else {
        String::new()
    };
    format!("••••{tail}")
}

pub fn api_key(field: &str, key: &str) -> Result<()> {
    validate::name(field, key, API_KEY_MAX)?;
    if key.chars().any(|c| c.is_whitespace() || !c.is_ascii()) {
        return Err(Error::validation(
            field,
            format!("{field} must be printable ASCII without spaces"),
        ));
    }
    Ok(())
}

impl ConfigDraft {
    fn check(self) -> Result<Self> {
        validate::name("name", &self.name, NAME_MAX)?;
        base_url("base_url", &self.base_url)?;
        super::model("model", &self.model)?;
        super::temperature("temperature", self.temperature)?;
        super::max_tokens("max_tokens", self.max_tokens)?;
        Ok(self)
    }

    /// A new config; `name` and `api_key` are required.
    pub fn new(f: &ConfigFields) -> Result<Self> {
        match f.api_key.as_deref() {
            None => return Err(Error::validation("api_key", "api_key is required")),
            Some(k) => api_key("api_key", k)?,
        }
        ConfigDraft {
            name: f.name.clone().unwrap_or_default().trim().to_owned(),
            base_url: f
                .base_url
                .clone()
                .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned()),
            model: f.model.clone().unwrap_or_else(|| DEFAULT_MODEL.to_owned()),
            temperature: f.temperature.unwrap_or(DEFAULT_TEMPERATURE),
            max_tokens: f.max_tokens.unwrap_or(DEFAULT_MAX_TOKENS),
            active: f.active.unwrap_or(false),
        }
        .check()
    }

    /// This config changed by `f`.
    pub fn apply(&self, f: &ConfigFields) -> Result<Self> {
        if let Some(k) = f.api_key.as_deref() {
            api_key("api_key", k)?;
        }
        ConfigDraft {
            name: f
                .name
                .clone()
                .map(|n| n.trim().to_owned())
                .unwrap_or_else(|| self.name.clone()),
            base_url: f.base_url.clone().unwrap_or_else(|| self.base_url.clone()),
            model: f.model.clone().unwrap_or_else(|| self.model.clone()),
            temperature: f.temperature.unwrap_or(self.temperature),
            max_tokens: f.max_tokens.unwrap_or(self.max_tokens),
            active: f.active.unwrap_or(self.active),
        }
        .check()
    }

    /// The trailing slash is dropped so `/chat/completions` joins cleanly.
    pub fn completions_url(base_url: &str) -> String {
        format!("{}/chat/completions", base_url.trim_end_matches('/'))
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

    fn fields() -> ConfigFields {
        ConfigFields {
            name: Some(" GLM ".into()),
            api_key: Some("0123456789abcdef.XYZW".into()),
            ..ConfigFields::default()
        }
    }

    #[test]
    fn defaults_are_glm() {
        let d = ConfigDraft::new(&fields()).unwrap();
        assert_eq!(d.name, "GLM");
        assert_eq!(d.base_url, DEFAULT_BASE_URL);
        assert_eq!(d.model, "glm-4-plus");
        assert_eq!(d.temperature, 0.7);
        assert_eq!(d.max_tokens, 4096);
        assert!(!d.active);
        assert_eq!(
            ConfigDraft::completions_url("http://h:1/v1/"),
            "http://h:1/v1/chat/completions"
        );
    }

    #[test]
    fn bad_fields_are_named() {
        let cases: Vec<(ConfigFields, &str)> = vec![
            (
                ConfigFields {
                    name: Some("  ".into()),
                    ..fields()
                },
                "name",
            ),
            (
                ConfigFields {
                    api_key: None,
                    ..fields()
                },
                "api_key",
            ),
            (
                ConfigFields {
                    api_key: Some("a b".into()),
                    ..fields()
                },
                "api_key",
            ),
            (
                ConfigFields {
                    base_url: Some("ftp://x".into()),
                    ..fields()
                },
                "base_url",
            ),
            (
                ConfigFields {
                    base_url: Some("open.bigmodel.cn".into()),
                    ..fields()
                },
                "base_url",
            ),
            (
                ConfigFields {
                    base_url: Some("https://".into()),
                    ..fields()
                },
                "base_url",
            ),
            (
                ConfigFields {
                    base_url: Some("https://u:p@h".into()),
                    ..fields()
                },
                "base_url",
            ),
            (
                ConfigFields {
                    base_url: Some("https://h/v4?x=1".into()),
                    ..fields()
                },
                "base_url",
            ),
            (
                ConfigFields {
                    temperature: Some(2.5),
                    ..fields()
                },
                "temperature",
            ),
            (
                ConfigFields {
                    temperature: Some(-0.1),
                    ..fields()
                },
                "temperature",
            ),
            (
                ConfigFields {
                    temperature: Some(f64::NAN),
                    ..fields()
                },
                "temperature",
            ),
            (
                ConfigFields {
                    max_tokens: Some(0),
                    ..fields()
                },
                "max_tokens",
            ),
            (
                ConfigFields {
                    max_tokens: Some(crate::assistant::MAX_TOKENS_MAX + 1),
                    ..fields()
                },
                "max_tokens",
            ),
            (
                ConfigFields {
                    model: Some("glm 4".into()),
                    ..fields()
                },
                "model",
            ),
        ];
        for (f, want) in cases {
            assert_eq!(
                ConfigDraft::new(&f).map_err(field).err().as_deref(),
                Some(want)
            );
        }
        for ok in [
            "http://127.0.0.1:8080",
            "https://api.example.org/v1/",
            DEFAULT_BASE_URL,
        ] {
            assert!(base_url("base_url", ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn apply_keeps_what_is_absent() {
        let d = ConfigDraft::new(&fields()).unwrap();
        let n = d
            .apply(&ConfigFields {
                temperature: Some(0.0),
                ..ConfigFields::default()
            })
            .unwrap();
        assert_eq!(n.temperature, 0.0);
        assert_eq!(n.name, "GLM");
        assert!(d
            .apply(&ConfigFields {
                max_tokens: Some(-1),
                ..ConfigFields::default()
            })
            .is_err());
    }

    #[test]
    fn masks_keep_only_a_tail() {
        assert_eq!(mask("0123456789abcdef.XYZW"), "••••XYZW");
        assert_eq!(mask("short-key"), "••••");
        assert!(!mask("0123456789abcdef.XYZW").contains("0123"));
    }
}
