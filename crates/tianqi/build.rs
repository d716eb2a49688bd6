//! Records the git commit the binary was built from, for `tianqi --version`.
//! `TQ_BUILD_COMMIT` overrides it (a build from a source tarball has no .git).
//! Not a `TIANQI_*` name: cargo also sets it when it runs the binary, and the
//! config loader refuses unknown `TIANQI_*` variables.

use std::path::PathBuf;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    let s = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (out.status.success() && !s.is_empty()).then_some(s)
}

fn main() {
    println!("cargo:rerun-if-env-changed=TQ_BUILD_COMMIT");
    let commit = std::env::var("TQ_BUILD_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(|| git(&["rev-parse", "--short=12", "HEAD"]))
        .unwrap_or_else(|| "unknown".to_owned());
    // A commit or checkout rewrites the worktree's reflog: rebuild then, not on
    // every build.
    if let Some(dir) = git(&["rev-parse", "--absolute-git-dir"]) {
        let dir = PathBuf::from(dir);
        println!("cargo:rerun-if-changed={}", dir.join("HEAD").display());
        println!("cargo:rerun-if-changed={}", dir.join("logs/HEAD").display());
    }
    println!("cargo:rustc-env=TQ_BUILD_COMMIT={commit}");
}
