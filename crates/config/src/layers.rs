//! The loader: known keys from the defaults, the file, environment and flag
//! layers, and resolving them over the defaults.

use std::path::{Path, PathBuf};

use serde::Serialize;
use toml::{Table, Value};

use crate::secret::{with_markers, MARKER};
use crate::{ConfigError, Root};

pub const ENV_PREFIX: &str = "TIANQI_";
pub const DEFAULT_FILE: &str = "tianqi.toml";

/// One leaf key of a configuration: `http.body_limit_bytes`, its default and
/// whether it holds a [`crate::Secret`].
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub default: Value,
    pub secret: bool,
}

/// A layer of configuration and where it came from, for error messages.
#[derive(Debug, Clone)]
pub struct Layer {
    pub source_name: String,
    pub values: Vec<(String, Value)>,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "a string",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a number",
        Value::Boolean(_) => "true or false",
        Value::Datetime(_) => "a date-time",
        Value::Array(_) => "an array",
        Value::Table(_) => "a table",
    }
}

fn leaves(t: &Table) -> Vec<(String, Value)> {
    fn walk(prefix: &str, t: &Table, out: &mut Vec<(String, Value)>) {
        for (k, v) in t {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                Value::Table(inner) => walk(&key, inner, out),
                leaf => out.push((key, leaf.clone())),
            }
        }
    }
    let mut out = Vec::new();
    walk("", t, &mut out);
    out
}

fn table_of<T: Serialize>(value: &T) -> Table {
    match Value::try_from(value) {
        Ok(Value::Table(t)) => t,
        _ => Table::new(),
    }
}

/// Every leaf key of `T`'s defaults, in the order of its serialized table.
pub fn known_keys<T: Serialize + Default>() -> Vec<Key> {
    let defaults = T::default();
    let marked = with_markers(|| leaves(&table_of(&defaults)));
    leaves(&table_of(&defaults))
        .into_iter()
        .map(|(name, default)| {
            let secret = marked
                .iter()
                .any(|(k, v)| *k == name && v.as_str() == Some(MARKER));
            Key {
                name,
                default,
                secret,
            }
        })
        .collect()
}

/// The environment variable that sets `key`.
pub fn env_name(key: &str) -> String {
    format!("{ENV_PREFIX}{}", key.replace('.', "_").to_ascii_uppercase())
}

/// Flattens a parsed TOML file into `(key, value)` pairs, rejecting unknown keys.
pub fn file_layer<T: Serialize + Default>(
    source_name: &str,
    text: &str,
) -> Result<Layer, ConfigError> {
    let table: Table = text
        .parse()
        .map_err(|e: toml::de::Error| ConfigError::File {
            path: source_name.to_owned(),
            message: e.message().to_owned(),
        })?;
    let known = known_keys::<T>();
    let mut values = Vec::new();
    fn walk(
        prefix: &str,
        t: &Table,
        known: &[Key],
        source: &str,
        out: &mut Vec<(String, Value)>,
    ) -> Result<(), ConfigError> {
        for (k, v) in t {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            let is_section = known
                .iter()
                .any(|kk| kk.name.starts_with(&format!("{key}.")));
            match v {
                Value::Table(inner) if is_section => walk(&key, inner, known, source, out)?,
                leaf => {
                    if !known.iter().any(|kk| kk.name == key) {
                        return Err(ConfigError::UnknownKey {
                            key,
                            source_name: source.to_owned(),
                        });
                    }
                    out.push((key, leaf.clone()));
                }
            }
        }
        Ok(())
    }
    walk("", &table, &known, source_name, &mut values)?;
    Ok(Layer {
        source_name: source_name.to_owned(),
        values,
    })
}

/// Picks the `TIANQI_*` variables out of `vars`, typed like the defaults.
pub fn env_layer<T, I>(vars: I) -> Result<Layer, ConfigError>
where
    T: Serialize + Default,
    I: IntoIterator<Item = (String, String)>,
{
    let known = known_keys::<T>();
    let mut values = Vec::new();
    for (name, raw) in vars {
        if !name.starts_with(ENV_PREFIX) {
            continue;
        }
        let Some(key) = known.iter().find(|k| env_name(&k.name) == name) else {
            return Err(ConfigError::UnknownKey {
                key: name,
                source_name: "the environment".into(),
            });
        };
        let wrong = |expected| ConfigError::WrongType {
            key: name.clone(),
            source_name: "the environment".into(),
            expected,
            got: format!("{raw:?}"),
        };
        let value = match key.default {
            Value::Integer(_) => {
                Value::Integer(raw.trim().parse().map_err(|_| wrong("an integer"))?)
            }
            Value::Boolean(_) => Value::Boolean(match raw.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "on" => true,
                "false" | "0" | "no" | "off" => false,
                _ => return Err(wrong("true or false")),
            }),
            _ => Value::String(raw),
        };
        values.push((key.name.clone(), value));
    }
    Ok(Layer {
        source_name: "the environment".into(),
        values,
    })
}

fn set_path(root: &mut Table, key: &str, value: Value) {
    let mut parts: Vec<&str> = key.split('.').collect();
    let Some(last) = parts.pop() else { return };
    let mut t = root;
    for p in parts {
        let entry = t
            .entry(p.to_owned())
            .or_insert_with(|| Value::Table(Table::new()));
        let Value::Table(inner) = entry else { return };
        t = inner;
    }
    t.insert(last.to_owned(), value);
}

/// Applies `layers` in order over the defaults and checks the result.
pub fn resolve<T: Root>(layers: &[Layer]) -> Result<T, ConfigError> {
    let known = known_keys::<T>();
    let mut root = table_of(&T::default());
    for layer in layers {
        for (key, value) in &layer.values {
            let Some(k) = known.iter().find(|k| k.name == *key) else {
                return Err(ConfigError::UnknownKey {
                    key: key.clone(),
                    source_name: layer.source_name.clone(),
                });
            };
            let same_type = std::mem::discriminant(&k.default) == std::mem::discriminant(value);
            let negative = matches!(value, Value::Integer(i) if *i < 0);
            if !same_type || negative {
                return Err(ConfigError::WrongType {
                    key: key.clone(),
                    source_name: layer.source_name.clone(),
                    expected: if negative {
                        "a non-negative integer"
                    } else {
                        type_name(&k.default)
                    },
                    got: value.to_string(),
                });
            }
            set_path(&mut root, key, value.clone());
        }
    }
    let config: T = Value::Table(root)
        .try_into()
        .map_err(|e: toml::de::Error| ConfigError::Invalid {
            key: "(config)".into(),
            message: e.message().to_owned(),
        })?;
    config.validate()?;
    Ok(config)
}

/// Reads the file layer: the explicit `--config` path (which must exist), or
/// `./tianqi.toml` when present.
pub fn read_file_layer<T: Serialize + Default>(
    explicit: Option<&Path>,
) -> Result<Option<Layer>, ConfigError> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let p = PathBuf::from(DEFAULT_FILE);
            if !p.exists() {
                return Ok(None);
            }
            p
        }
    };
    let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::File {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    file_layer::<T>(&path.display().to_string(), &text).map(Some)
}

/// Loads file, environment and flags in precedence order.
pub fn load<T: Root>(config_file: Option<&Path>, flags: Layer) -> Result<T, ConfigError> {
    let mut layers = Vec::new();
    if let Some(file) = read_file_layer::<T>(config_file)? {
        layers.push(file);
    }
    layers.push(env_layer::<T, _>(std::env::vars())?);
    layers.push(flags);
    resolve(&layers)
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use super::*;
    use crate::Secret;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields, default)]
    struct Conf {
        listen: String,
        log_level: String,
        token: Secret,
        http: Http,
    }

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields, default)]
    struct Http {
        body_limit_bytes: u64,
        trust: bool,
    }

    impl Default for Conf {
        fn default() -> Self {
            Self {
                listen: "127.0.0.1:8890".into(),
                log_level: "info".into(),
                token: Secret::default(),
                http: Http::default(),
            }
        }
    }

    impl Default for Http {
        fn default() -> Self {
            Self {
                body_limit_bytes: 1024,
                trust: false,
            }
        }
    }

    impl Root for Conf {
        fn validate(&self) -> Result<(), ConfigError> {
            if self.http.body_limit_bytes == 0 {
                return Err(
                    ConfigError::invalid("body_limit_bytes", "must be greater than 0")
                        .within("http"),
                );
            }
            Ok(())
        }
    }

    fn flags(values: &[(&str, Value)]) -> Layer {
        Layer {
            source_name: "flags".into(),
            values: values
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        }
    }

    #[test]
    fn precedence_flag_over_env_over_file_over_default() {
        let file = file_layer::<Conf>(
            "t.toml",
            "listen = \"127.0.0.1:1\"\nlog_level = \"debug\"\n[http]\nbody_limit_bytes = 10\n",
        )
        .unwrap();
        let env = env_layer::<Conf, _>(vec![
            ("TIANQI_LISTEN".into(), "127.0.0.1:2".into()),
            ("TIANQI_HTTP_BODY_LIMIT_BYTES".into(), "20".into()),
            ("TIANQI_HTTP_TRUST".into(), "yes".into()),
            ("PATH".into(), "/bin".into()),
        ])
        .unwrap();
        let flag = flags(&[("listen", Value::String("127.0.0.1:3".into()))]);
        let c: Conf = resolve(&[file.clone(), env.clone(), flag]).unwrap();
        assert_eq!(c.listen, "127.0.0.1:3");
        assert_eq!(c.http.body_limit_bytes, 20);
        assert!(c.http.trust);
        assert_eq!(c.log_level, "debug");
        let c: Conf = resolve(&[file.clone(), env]).unwrap();
        assert_eq!(c.listen, "127.0.0.1:2");
        let c: Conf = resolve(&[file]).unwrap();
        assert_eq!(c.listen, "127.0.0.1:1");
        assert_eq!(resolve::<Conf>(&[]).unwrap(), Conf::default());
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_named() {
        let e = file_layer::<Conf>("t.toml", "[http]\nbody_limit = 1\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown config key `http.body_limit` in t.toml"
        );
        let e = env_layer::<Conf, _>(vec![("TIANQI_LISTN".into(), "x".into())]).unwrap_err();
        assert!(e.to_string().contains("TIANQI_LISTN"), "{e}");
        let f = file_layer::<Conf>("t.toml", "[http]\nbody_limit_bytes = \"big\"\n").unwrap();
        let e = resolve::<Conf>(&[f]).unwrap_err();
        assert!(e.to_string().contains("http.body_limit_bytes"), "{e}");
        let f = file_layer::<Conf>("t.toml", "[http]\nbody_limit_bytes = -5\n").unwrap();
        assert!(resolve::<Conf>(&[f])
            .unwrap_err()
            .to_string()
            .contains("non-negative"));
        let e =
            env_layer::<Conf, _>(vec![("TIANQI_HTTP_TRUST".into(), "maybe".into())]).unwrap_err();
        assert!(e.to_string().contains("true or false"), "{e}");
    }

    #[test]
    fn sections_check_their_keys_and_the_root_names_the_section() {
        let f = file_layer::<Conf>("t.toml", "[http]\nbody_limit_bytes = 0\n").unwrap();
        let e = resolve::<Conf>(&[f]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "config key `http.body_limit_bytes`: must be greater than 0"
        );
    }

    #[test]
    fn keys_know_which_are_secret() {
        let keys = known_keys::<Conf>();
        let names: Vec<_> = keys.iter().map(|k| (k.name.as_str(), k.secret)).collect();
        assert!(names.contains(&("token", true)), "{names:?}");
        assert!(names.contains(&("http.body_limit_bytes", false)));
        // The secret's default is its real (empty) value, not the marker.
        let token = keys.iter().find(|k| k.name == "token").unwrap();
        assert_eq!(token.default, Value::String(String::new()));
        assert_eq!(
            env_name("http.body_limit_bytes"),
            "TIANQI_HTTP_BODY_LIMIT_BYTES"
        );
    }
}
