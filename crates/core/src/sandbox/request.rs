//! The Piston v2 execute request: parsed from whatever JSON a client sends,
//! with Piston's own error wording, then planned into the job the runner gets.

use base64::Engine as _;
use serde_json::Value;

use super::files::check_file_name;
use super::limits::{LimitSettings, Limits, RequestedLimits};
use super::runtime::Runtime;

/// Where the runner writes the files; argv placeholders expand under it.
pub const BOX_DIR: &str = "/tmp/box";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub name: Option<String>,
    pub content: Vec<u8>,
    /// Sent as text (`utf8`), not base64/hex: Piston requires one such file.
    pub text: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecuteRequest {
    pub language: String,
    pub version: String,
    pub files: Vec<SourceFile>,
    pub stdin: Vec<u8>,
    pub args: Vec<String>,
    pub limits: RequestedLimits,
}

/// Everything one run needs, ready for the runner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobPlan {
    pub files: Vec<(String, Vec<u8>)>,
    /// Empty: no compile stage.
    pub compile: Vec<String>,
    pub run: Vec<String>,
    pub stdin: Vec<u8>,
    pub limits: Limits,
}

fn limit(body: &Value, name: &str) -> Result<Option<i64>, String> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(Some(if let Some(i) = n.as_i64() {
            i
        } else if let Some(u) = n.as_u64() {
            i64::try_from(u).unwrap_or(i64::MAX)
        } else {
            // Floats: whole milliseconds/bytes; `as` saturates, so 1e300 stays absurd.
            n.as_f64().map_or(i64::MAX, |f| f as i64)
        })),
        Some(_) => Err(format!("If specified, {name} must be a number")),
    }
}

fn decode(i: usize, content: &str, encoding: &str) -> Result<Vec<u8>, String> {
    match encoding {
        "utf8" => Ok(content.as_bytes().to_vec()),
        "base64" => base64::engine::general_purpose::STANDARD
            .decode(content.trim())
            .map_err(|_| format!("files[{i}].content is not valid base64")),
        "hex" => {
            hex::decode(content.trim()).map_err(|_| format!("files[{i}].content is not valid hex"))
        }
        other => Err(format!(
            "files[{i}].encoding must be one of utf8, base64, hex (got {other:?})"
        )),
    }
}

/// Parses a Piston v2 `/execute` body. Errors are Piston's messages.
pub fn parse_execute(body: &Value) -> Result<ExecuteRequest, String> {
    let text = |name: &str| match body.get(name) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        _ => Err(format!("{name} is required as a string")),
    };
    let language = text("language")?;
    let version = text("version")?;
    let Some(Value::Array(raw_files)) = body.get("files") else {
        return Err("files is required as an array".into());
    };
    let mut files = Vec::with_capacity(raw_files.len());
    for (i, f) in raw_files.iter().enumerate() {
        let Some(Value::String(content)) = f.get("content") else {
            return Err(format!("files[{i}].content is required as a string"));
        };
        let encoding = match f.get("encoding") {
            None | Some(Value::Null) => "utf8",
            Some(Value::String(e)) => e.as_str(),
            Some(_) => return Err(format!("files[{i}].encoding must be a string")),
        };
        let name = match f.get("name") {
            None | Some(Value::Null) => None,
            Some(Value::String(n)) if n.is_empty() => None,
            Some(Value::String(n)) => Some(n.clone()),
            Some(_) => return Err(format!("files[{i}].name must be a string")),
        };
        files.push(SourceFile {
            name,
            content: decode(i, content, encoding)?,
            text: encoding == "utf8",
        });
    }
    let stdin = match body.get("stdin") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => s.as_bytes().to_vec(),
        Some(_) => return Err("stdin must be a string".into()),
    };
    let args = match body.get("args") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err("args must be an array of strings".to_owned()),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err("args must be an array of strings".into()),
    };
    Ok(ExecuteRequest {
        language,
        version,
        files,
        stdin,
        args,
        limits: RequestedLimits {
            compile_timeout: limit(body, "compile_timeout")?,
            run_timeout: limit(body, "run_timeout")?,
            compile_cpu_time: limit(body, "compile_cpu_time")?,
            run_cpu_time: limit(body, "run_cpu_time")?,
            compile_memory_limit: limit(body, "compile_memory_limit")?,
            run_memory_limit: limit(body, "run_memory_limit")?,
        },
    })
}

fn expand(argv: &[String], paths: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(argv.len() + paths.len());
    for a in argv {
        match a.as_str() {
            "{files}" => out.extend(paths.iter().cloned()),
            "{file}" => out.extend(paths.first().cloned()),
            _ => out.push(a.clone()),
        }
    }
    out
}

/// Names the files, checks counts and limits, and expands the runtime's argv.
pub fn plan(
    req: ExecuteRequest,
    runtime: &Runtime,
    settings: &LimitSettings,
    max_files: usize,
) -> Result<JobPlan, String> {
    if !req.files.iter().any(|f| f.text) {
        return Err("files must include at least one utf8 encoded file".into());
    }
    if req.files.len() > max_files {
        return Err(format!(
            "files cannot exceed the configured limit of {max_files}"
        ));
    }
    let mut files: Vec<(String, Vec<u8>)> = Vec::with_capacity(req.files.len());
    for (i, f) in req.files.into_iter().enumerate() {
        let name = match f.name {
            Some(n) => n,
            None if i == 0 => runtime.spec.source_file.clone(),
            None => format!("file{i}.code"),
        };
        check_file_name(&name).map_err(|m| format!("files[{i}].name {m}"))?;
        if let Some(j) = files.iter().position(|(n, _)| *n == name) {
            return Err(format!(
                "files[{i}].name duplicates files[{j}].name ({name})"
            ));
        }
        files.push((name, f.content));
    }
    let limits = runtime.spec.limits.apply(settings).resolve(&req.limits)?;
    let paths: Vec<String> = files
        .iter()
        .map(|(n, _)| format!("{BOX_DIR}/{n}"))
        .collect();
    let mut run = expand(&runtime.spec.run, &paths);
    run.extend(req.args);
    Ok(JobPlan {
        compile: expand(&runtime.spec.compile, &paths),
        run,
        files,
        stdin: req.stdin,
        limits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::runtime::{RuntimeSpec, Runtimes};
    use serde_json::json;

    fn python() -> Runtime {
        let spec = RuntimeSpec {
            language: "python".into(),
            version: "3.11.2".into(),
            aliases: vec![],
            image: "img".into(),
            source_file: "main.py".into(),
            compile: vec![],
            run: vec!["python3".into(), "{file}".into()],
            limits: Default::default(),
        };
        match Runtimes::new(&[spec]) {
            Ok(r) => r.all()[0].clone(),
            Err(e) => panic!("{e}"),
        }
    }

    fn err(body: Value) -> String {
        match parse_execute(&body).and_then(|r| plan(r, &python(), &LimitSettings::default(), 4)) {
            Ok(_) => panic!("accepted {body}"),
            Err(e) => e,
        }
    }

    #[test]
    fn piston_wording_for_bad_requests() {
        assert_eq!(err(json!({})), "language is required as a string");
        assert_eq!(
            err(json!({"language": 1})),
            "language is required as a string"
        );
        assert_eq!(
            err(json!({"language": "python"})),
            "version is required as a string"
        );
        assert_eq!(
            err(json!({"language": "python", "version": "*", "files": {}})),
            "files is required as an array"
        );
        assert_eq!(
            err(json!({"language": "python", "version": "*", "files": [{"name": "a"}]})),
            "files[0].content is required as a string"
        );
        assert_eq!(
            err(
                json!({"language": "python", "version": "*", "files": [{"content": "x"}], "run_timeout": "5"})
            ),
            "If specified, run_timeout must be a number"
        );
        assert_eq!(
            err(
                json!({"language": "python", "version": "*", "files": [{"content": "x"}], "run_timeout": 1e300})
            ),
            "run_timeout cannot exceed the configured limit of 15000"
        );
        assert_eq!(
            err(
                json!({"language": "python", "version": "*", "files": [{"content": "eA==", "encoding": "base64"}]})
            ),
            "files must include at least one utf8 encoded file"
        );
        assert_eq!(
            err(
                json!({"language": "python", "version": "*", "files": [{"content": "%", "encoding": "base64"}]})
            ),
            "files[0].content is not valid base64"
        );
        assert_eq!(
            err(
                json!({"language": "python", "version": "*", "files": [{"content": "x", "encoding": "rot13"}]})
            ),
            "files[0].encoding must be one of utf8, base64, hex (got \"rot13\")"
        );
        assert_eq!(
            err(
                json!({"language": "python", "version": "*", "files": [{"content": "x"}, {"content": "y"}, {"content": "z"}, {"content": "1"}, {"content": "2"}]})
            ),
            "files cannot exceed the configured limit of 4"
        );
        assert_eq!(
            err(
                json!({"language": "python", "version": "*", "args": "x", "files": [{"content": "x"}]})
            ),
            "args must be an array of strings"
        );
    }

    #[test]
    fn file_names_cannot_leave_the_box() {
        for bad in ["../etc/passwd", "a/b", "..", ".", "x..y", "a\\b", "a\0b"] {
            let e = err(
                json!({"language": "python", "version": "*", "files": [{"name": bad, "content": "x"}]}),
            );
            assert!(e.starts_with("files[0].name must"), "{bad:?}: {e}");
        }
        let e = err(
            json!({"language": "python", "version": "*", "files": [{"name": "a.py", "content": "x"}, {"name": "a.py", "content": "y"}]}),
        );
        assert_eq!(e, "files[1].name duplicates files[0].name (a.py)");
    }

    #[test]
    fn plans_names_argv_and_limits() {
        let body = json!({
            "language": "python", "version": "3.x",
            "files": [{"content": "print(1)"}, {"content": "aGk=", "encoding": "base64"}, {"name": "lib.py", "content": "6869", "encoding": "hex"}],
            "stdin": "in", "args": ["a", 2], "run_timeout": 1000, "run_memory_limit": -1
        });
        let p = parse_execute(&body)
            .and_then(|r| plan(r, &python(), &LimitSettings::default(), 4))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            p.files,
            vec![
                ("main.py".to_owned(), b"print(1)".to_vec()),
                ("file1.code".to_owned(), b"hi".to_vec()),
                ("lib.py".to_owned(), b"hi".to_vec())
            ]
        );
        assert_eq!(p.run, vec!["python3", "/tmp/box/main.py", "a", "2"]);
        assert!(p.compile.is_empty());
        assert_eq!(p.stdin, b"in");
        assert_eq!(p.limits.run.timeout_ms, 1000);
        assert_eq!(
            p.limits.run.memory_bytes,
            LimitSettings::default().run_memory_bytes
        );
    }

    #[test]
    fn files_placeholder_expands_to_every_path() {
        let argv = vec![
            "gcc".to_owned(),
            "{files}".to_owned(),
            "-o".to_owned(),
            "out".to_owned(),
        ];
        let paths = vec!["/tmp/box/a.c".to_owned(), "/tmp/box/b.c".to_owned()];
        assert_eq!(
            expand(&argv, &paths),
            vec!["gcc", "/tmp/box/a.c", "/tmp/box/b.c", "-o", "out"]
        );
    }
}
