//! The files of a run: what a name in the runner's box may be.

/// A file name the runner may create in its box: one path component.
pub fn check_file_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.len() > 255 {
        return Err("must be 1 to 255 bytes".into());
    }
    if name.contains('/') || name.contains('\\') || name.contains('\0') {
        return Err("must not contain `/`, `\\` or NUL".into());
    }
    if name == "." || name.contains("..") {
        return Err("must not be `.` or contain `..`".into());
    }
    Ok(())
}
