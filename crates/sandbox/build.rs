//! Builds the in-container runner (`runner/main.rs`, std only) as a static
//! executable for the target, so it runs in any Linux image; the library
//! embeds it and copies it onto each sandbox node.

use std::env;
use std::path::PathBuf;
use std::process::Command;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=runner/main.rs");
    let out = PathBuf::from(env::var("OUT_DIR")?).join("tianqi-sandbox-runner");
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let target = env::var("TARGET")?;
    let status = Command::new(rustc)
        .args([
            "--edition=2021",
            "--crate-name=tianqi_sandbox_runner",
            "--crate-type=bin",
            "-Copt-level=2",
            "-Cpanic=abort",
            "-Cstrip=symbols",
            "-Ctarget-feature=+crt-static",
            "--target",
            &target,
            "runner/main.rs",
            "-o",
        ])
        .arg(&out)
        .status()?;
    if !status.success() {
        return Err(format!("building the sandbox runner failed: {status}").into());
    }
    Ok(())
}
