//! Runtimes: a language at a version, the image it runs in and the argv of its
//! stages. Versions match Piston's way (npm semver): a bare full version is
//! exact, `3.11` means 3.11.x, and ranges such as `*`, `3.x`, `>=3`, `^3.10`
//! or `a || b` work as written.

use semver::{Version, VersionReq};
use serde::{Deserialize, Serialize};

use super::limits::RuntimeLimitOverrides;

/// One runtime as configured (`[[sandbox.runtimes]]`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuntimeSpec {
    pub language: String,
    /// A full semver version, e.g. `3.11.2`.
    pub version: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Image the runs start from; it must exist on the sandbox node.
    pub image: String,
    /// Name given to the first file when the request does not name it.
    pub source_file: String,
    /// Compile argv (empty: interpreted language). `{file}` is the first file's
    /// path, `{files}` expands to every file's path.
    #[serde(default)]
    pub compile: Vec<String>,
    /// Run argv; the request's `args` are appended. Same placeholders.
    pub run: Vec<String>,
    /// Per-runtime replacements of `[sandbox.limits]` values.
    #[serde(default)]
    pub limits: RuntimeLimitOverrides,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Runtime {
    pub spec: RuntimeSpec,
    pub version: Version,
}

impl Runtime {
    /// `python-3.11.2`: the key of this runtime's warm pool and its label.
    pub fn key(&self) -> String {
        format!("{}-{}", self.spec.language, self.version)
    }

    pub fn compiled(&self) -> bool {
        !self.spec.compile.is_empty()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Runtimes {
    list: Vec<Runtime>,
}

fn valid_word(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '_' | '.' | '#'))
}

impl Runtimes {
    /// Checks every spec; the error names the runtime and what is wrong.
    pub fn new(specs: &[RuntimeSpec]) -> Result<Runtimes, String> {
        let mut list: Vec<Runtime> = Vec::with_capacity(specs.len());
        for (i, spec) in specs.iter().enumerate() {
            let at = format!("sandbox.runtimes[{i}] ({})", spec.language);
            if !valid_word(&spec.language) {
                return Err(format!("{at}: language must be a word like `python`"));
            }
            let version = Version::parse(&spec.version)
                .map_err(|e| format!("{at}: version {:?} is not semver: {e}", spec.version))?;
            if let Some(a) = spec.aliases.iter().find(|a| !valid_word(a)) {
                return Err(format!("{at}: alias {a:?} must be a word"));
            }
            if spec.image.trim().is_empty() {
                return Err(format!("{at}: image is required"));
            }
            super::files::check_file_name(&spec.source_file)
                .map_err(|m| format!("{at}: source_file {m}"))?;
            if spec.run.is_empty() || spec.run[0].is_empty() {
                return Err(format!("{at}: run argv is required"));
            }
            if spec.compile.first().is_some_and(|p| p.is_empty()) {
                return Err(format!("{at}: compile argv starts with an empty program"));
            }
            spec.limits.check().map_err(|m| format!("{at}: {m}"))?;
            if list
                .iter()
                .any(|r| r.spec.language == spec.language && r.version == version)
            {
                return Err(format!(
                    "{at}: {}-{version} is configured twice",
                    spec.language
                ));
            }
            list.push(Runtime {
                spec: spec.clone(),
                version,
            });
        }
        Ok(Runtimes { list })
    }

    pub fn all(&self) -> &[Runtime] {
        &self.list
    }

    /// The newest runtime whose language or alias is `language` and whose
    /// version satisfies `range`.
    pub fn find(&self, language: &str, range: &str) -> Option<&Runtime> {
        let reqs = parse_range(range)?;
        self.list
            .iter()
            .filter(|r| r.spec.language == language || r.spec.aliases.iter().any(|a| a == language))
            .filter(|r| reqs.iter().any(|q| q.matches(&r.version)))
            .max_by(|a, b| a.version.cmp(&b.version))
    }
}

/// npm-style range → alternatives (`||`), each a Rust `VersionReq`.
fn parse_range(range: &str) -> Option<Vec<VersionReq>> {
    range
        .split("||")
        .map(|part| {
            let part = part.trim();
            if part.is_empty() || part == "latest" {
                return VersionReq::parse("*").ok();
            }
            let bare = part.chars().all(|c| c.is_ascii_digit() || c == '.');
            let text = if bare {
                match part.split('.').count() {
                    // npm: a full version is exact, `3.11` is 3.11.x, `3` is 3.x.
                    3 => format!("={part}"),
                    2 => format!("~{part}"),
                    _ => part.to_owned(),
                }
            } else {
                // npm separates AND-ed comparators with spaces, Rust with commas.
                part.split_whitespace().collect::<Vec<_>>().join(", ")
            };
            VersionReq::parse(&text).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(language: &str, version: &str, aliases: &[&str]) -> RuntimeSpec {
        RuntimeSpec {
            language: language.into(),
            version: version.into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            image: "img".into(),
            source_file: "main.x".into(),
            compile: vec![],
            run: vec!["run".into(), "{file}".into()],
            limits: RuntimeLimitOverrides::default(),
        }
    }

    fn set() -> Runtimes {
        Runtimes::new(&[
            spec("python", "3.11.2", &["py", "python3"]),
            spec("python", "3.9.18", &["py"]),
            spec("bash", "5.2.15", &["sh"]),
        ])
        .unwrap_or_default()
    }

    fn found(language: &str, range: &str) -> Option<String> {
        set().find(language, range).map(Runtime::key)
    }

    #[test]
    fn versions_match_like_npm_semver() {
        assert_eq!(found("python", "*").as_deref(), Some("python-3.11.2"));
        assert_eq!(found("py", "3.9.18").as_deref(), Some("python-3.9.18"));
        assert_eq!(
            found("python", "3.10.0"),
            None,
            "a bare full version is exact"
        );
        assert_eq!(found("python", "3.9").as_deref(), Some("python-3.9.18"));
        assert_eq!(found("python", "3").as_deref(), Some("python-3.11.2"));
        assert_eq!(found("python", "3.x").as_deref(), Some("python-3.11.2"));
        assert_eq!(
            found("python", ">=3.0.0 <3.10.0").as_deref(),
            Some("python-3.9.18")
        );
        assert_eq!(
            found("python", "2.7.0 || 3.9.x").as_deref(),
            Some("python-3.9.18")
        );
        assert_eq!(found("sh", "*").as_deref(), Some("bash-5.2.15"));
        assert_eq!(found("ruby", "*"), None);
        assert_eq!(found("python", "not a range"), None);
    }

    #[test]
    fn bad_specs_are_named() {
        let mut s = spec("python", "3.11", &[]);
        assert!(Runtimes::new(&[s.clone()])
            .unwrap_err()
            .contains("not semver"));
        s.version = "3.11.2".into();
        s.run = vec![];
        assert!(Runtimes::new(&[s.clone()])
            .unwrap_err()
            .contains("run argv"));
        s.run = vec!["python3".into()];
        s.source_file = "../x".into();
        assert!(Runtimes::new(&[s.clone()])
            .unwrap_err()
            .contains("source_file"));
        s.source_file = "main.py".into();
        assert!(Runtimes::new(&[s.clone(), s.clone()])
            .unwrap_err()
            .contains("twice"));
        s.language = "py thon".into();
        assert!(Runtimes::new(&[s]).unwrap_err().contains("language"));
    }
}
