//! Builds the in-container relay for `ssh -L` (`relay/main.rs`, std only) as a
//! static executable, so it runs in any Linux image; the crate embeds it and
//! copies it into the instance on the first forward.

use std::env;
use std::path::PathBuf;
use std::process::Command;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=relay/main.rs");
    let out = PathBuf::from(env::var("OUT_DIR")?).join("tianqi-relay");
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let target = env::var("TARGET")?;
    let status = Command::new(rustc)
        .args([
            "--edition=2021",
            "--crate-name=tianqi_relay",
            "--crate-type=bin",
            "-Copt-level=2",
            "-Cpanic=abort",
            "-Cstrip=symbols",
            "-Ctarget-feature=+crt-static",
            "--target",
            &target,
            "relay/main.rs",
            "-o",
        ])
        .arg(&out)
        .status()?;
    if !status.success() {
        return Err(format!("building the relay failed: {status}").into());
    }
    Ok(())
}
