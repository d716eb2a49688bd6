//! Configuration, layered: defaults, then a TOML file, then `TIANQI_*`
//! environment variables, then command-line flags (each overriding the one
//! before).
//!
//! This crate knows no section. A configuration is any type that serializes to
//! a TOML table and has a [`Default`]; its key set is the serialized form of
//! that default, so the key list, the environment variable names and the
//! documentation cannot drift apart: a key is `http.body_limit_bytes` in the
//! file and `TIANQI_HTTP_BODY_LIMIT_BYTES` in the environment. An unknown key
//! in either place is an error naming it. Each feature owns its section (the
//! struct, its defaults and its checks); the binary composes them into one root.
#![forbid(unsafe_code)]

mod error;
mod layers;
mod secret;

pub use error::ConfigError;
pub use layers::{
    env_layer, env_name, file_layer, known_keys, load, read_file_layer, resolve, Key, Layer,
    DEFAULT_FILE, ENV_PREFIX,
};
pub use secret::{masked_toml, Secret};

/// A configuration root: the type `load` and `resolve` produce.
pub trait Root: serde::Serialize + serde::de::DeserializeOwned + Default {
    /// Checks the whole configuration once every layer is applied.
    fn validate(&self) -> Result<(), ConfigError>;
}
