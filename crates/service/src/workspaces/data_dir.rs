//! The user's data directory on the server's machine, created with the old
//! service's layout and kept when the container goes.
//!
//! The tree is bind-mounted into the user's container, so its owner can put
//! anything in it — a symlink to `/etc` included. Nothing here follows one:
//! every path below the data root is checked with `lstat` as it is made, the
//! log file is opened with `O_NOFOLLOW`, and ownership is set with `lchown`.

use std::fs::OpenOptions;
use std::io::ErrorKind;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use tianqi_core::workspace::{Profile, DATA_LOG_FILE, DATA_SUBDIRS};
use tianqi_core::{Error, Result};

fn io(what: &str, path: &Path, e: std::io::Error) -> Error {
    Error::Unavailable(format!("{what} {}: {e}", path.display()))
}

/// Makes `path` a real directory (not a symlink), creating it when missing.
/// Answers whether it was created.
fn real_dir(path: &Path) -> Result<bool> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(Error::conflict(format!(
            "{} is a symbolic link; a workspace's data directory may not contain one",
            path.display()
        ))),
        Ok(m) if m.is_dir() => Ok(false),
        Ok(_) => Err(Error::conflict(format!(
            "{} exists and is not a directory",
            path.display()
        ))),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            std::fs::create_dir(path).map_err(|e| io("cannot create", path, e))?;
            Ok(true)
        }
        Err(e) => Err(io("cannot read", path, e)),
    }
}

/// Creates the user's data directory tree; answers whether it was new.
pub(super) async fn prepare_data_dir(profile: &Profile, user_id: i64) -> Result<bool> {
    let profile = profile.clone();
    tokio::task::spawn_blocking(move || prepare_blocking(&profile, user_id))
        .await
        .map_err(|e| Error::internal(format!("data directory task failed: {e}")))?
}

fn prepare_blocking(profile: &Profile, user_id: i64) -> Result<bool> {
    let root = PathBuf::from(profile.data_root.trim_end_matches('/'));
    // The data root is the operator's (it may itself be a link they made).
    std::fs::create_dir_all(&root).map_err(|e| io("cannot create", &root, e))?;
    let dir = PathBuf::from(profile.data_dir(user_id));
    let fresh = real_dir(&dir)?;
    let mut made = vec![dir.clone()];
    for sub in DATA_SUBDIRS {
        let mut p = dir.clone();
        for part in sub.split('/') {
            p.push(part);
            if real_dir(&p)? || fresh {
                made.push(p.clone());
            }
        }
    }
    let log = dir.join(DATA_LOG_FILE);
    if let Some(parent) = log.parent() {
        real_dir(parent)?;
    }
    OpenOptions::new()
        .create(true)
        .append(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(&log)
        .map_err(|e| io("cannot create", &log, e))?;
    if let (true, Some((uid, gid))) = (
        fresh,
        tianqi_core::workspace::parse_owner(&profile.data_owner),
    ) {
        // Only a tree made here is handed over; an existing one is the user's.
        made.push(log);
        for p in made {
            std::os::unix::fs::lchown(&p, Some(uid), Some(gid))
                .map_err(|e| io("cannot chown", &p, e))?;
        }
    }
    Ok(fresh)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(root: &Path) -> Profile {
        super::super::WorkspacesConfig {
            data_root: root.display().to_string(),
            ..Default::default()
        }
        .profile(4096)
        .unwrap()
    }

    #[test]
    fn makes_the_layout_and_follows_no_link() {
        let root = tempfile::tempdir().unwrap();
        let p = profile(root.path());
        assert!(prepare_blocking(&p, 3).unwrap(), "new");
        assert!(!prepare_blocking(&p, 3).unwrap(), "existing");
        let dir = root.path().join("user_3");
        for sub in DATA_SUBDIRS {
            assert!(dir.join(sub).is_dir(), "{sub}");
        }
        assert!(dir.join(DATA_LOG_FILE).is_file());

        // The user replaces a directory of their tree with a link elsewhere.
        let outside = tempfile::tempdir().unwrap();
        let logs = dir.join("logs");
        std::fs::remove_dir_all(&logs).unwrap();
        std::os::unix::fs::symlink(outside.path(), &logs).unwrap();
        let e = prepare_blocking(&p, 3).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert_eq!(
            std::fs::read_dir(outside.path()).unwrap().count(),
            0,
            "nothing made outside"
        );

        // Or the whole user directory.
        std::os::unix::fs::symlink(outside.path(), root.path().join("user_4")).unwrap();
        assert!(prepare_blocking(&p, 4).is_err());
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);

        // Or the log file, pointing at a file of the server's.
        std::fs::remove_file(&logs).unwrap();
        std::fs::create_dir(&logs).unwrap();
        let target = outside.path().join("server-file");
        std::fs::write(&target, "keep").unwrap();
        std::os::unix::fs::symlink(&target, dir.join(DATA_LOG_FILE)).unwrap();
        assert!(prepare_blocking(&p, 3).is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
    }
}
