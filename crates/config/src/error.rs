//! What can be wrong with a configuration; every variant names the key.

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error("unknown config key `{key}` in {source_name}")]
    UnknownKey { key: String, source_name: String },
    #[error("config key `{key}` in {source_name}: expected {expected}, got {got}")]
    WrongType {
        key: String,
        source_name: String,
        expected: &'static str,
        got: String,
    },
    #[error("cannot read config file {path}: {message}")]
    File { path: String, message: String },
    #[error("config key `{key}`: {message}")]
    Invalid { key: String, message: String },
}

impl ConfigError {
    /// A value that is present and well-typed but not acceptable.
    pub fn invalid(key: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            key: key.into(),
            message: message.into(),
        }
    }

    /// The same error with its key placed inside `section` (a section checks
    /// its own keys by their short names; the root says where it sits).
    #[must_use]
    pub fn within(self, section: &str) -> Self {
        match self {
            Self::Invalid { key, message } => Self::Invalid {
                key: format!("{section}.{key}"),
                message,
            },
            other => other,
        }
    }
}
