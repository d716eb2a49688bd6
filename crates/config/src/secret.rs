//! `Secret<T>`: a configuration value that is never shown.
//!
//! Masking follows the type: `Debug` and `Display` print `<secret>`, and
//! [`masked_toml`] prints a set secret as `****` (an unset one stays `""`, so an
//! operator can see whether it is configured). Reading a configuration file and
//! applying layers see the real value; only code that asks for
//! [`Secret::expose`] gets it.

use std::cell::Cell;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What `Secret` writes when serialized.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The value itself: layering and deserializing need it.
    Plain,
    /// `****` when set, `""` when not: `config show`.
    Masked,
    /// A marker that lets [`crate::known_keys`] tell secret keys apart.
    Marker,
}

/// Written in place of a secret while finding which keys are secret.
pub(crate) const MARKER: &str = "\u{0}tianqi-secret\u{0}";
const MASK: &str = "****";

thread_local! {
    static MODE: Cell<Mode> = const { Cell::new(Mode::Plain) };
}

/// Runs `f` with secrets serialized in `mode` (restored afterwards, also on
/// panic). Serialization is synchronous, so a thread-local is enough.
fn with_mode<R>(mode: Mode, f: impl FnOnce() -> R) -> R {
    struct Restore(Mode);
    impl Drop for Restore {
        fn drop(&mut self) {
            MODE.with(|m| m.set(self.0));
        }
    }
    let _restore = Restore(MODE.with(|m| m.replace(mode)));
    f()
}

pub(crate) fn with_markers<R>(f: impl FnOnce() -> R) -> R {
    with_mode(Mode::Marker, f)
}

/// The configuration as TOML with every [`Secret`] masked (`tianqi config show`).
pub fn masked_toml<T: Serialize>(value: &T) -> String {
    with_mode(Mode::Masked, || {
        toml::to_string_pretty(value).unwrap_or_default()
    })
}

#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret<T = String>(T);

impl<T> Secret<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The value itself, for the one place that uses it.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T: AsRef<str>> Secret<T> {
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_empty()
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<secret>")
    }
}

impl<T> fmt::Display for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<secret>")
    }
}

impl<T: Serialize + AsRef<str>> Serialize for Secret<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match MODE.with(Cell::get) {
            Mode::Plain => self.0.serialize(s),
            Mode::Masked if self.0.as_ref().is_empty() => s.serialize_str(""),
            Mode::Masked => s.serialize_str(MASK),
            Mode::Marker => s.serialize_str(MARKER),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Secret<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, Default)]
    struct Section {
        name: String,
        token: Secret,
        unset: Secret,
    }

    #[test]
    fn never_shown_but_kept() {
        let s = Section {
            name: "n".into(),
            token: "hunter2".into(),
            unset: Secret::default(),
        };
        assert_eq!(format!("{:?} {}", s.token, s.token), "<secret> <secret>");
        let shown = masked_toml(&s);
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("token = \"****\"") && shown.contains("unset = \"\""));
        // Outside masking the value round-trips (layering needs it).
        let plain = toml::to_string(&s).unwrap_or_default();
        assert!(plain.contains("hunter2"));
        let back: Section = toml::from_str(&plain).unwrap_or_default();
        assert_eq!(back.token.expose(), "hunter2");
    }
}
