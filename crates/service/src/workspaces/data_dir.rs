//! The user's data directory on the server's machine, created with the old
//! service's layout and kept when the container goes.

use std::path::Path;

use tianqi_core::workspace::{Profile, DATA_LOG_FILE, DATA_SUBDIRS};
use tianqi_core::{Error, Result};

/// Creates the user's data directory tree; answers whether it was new.
pub(super) async fn prepare_data_dir(profile: &Profile, user_id: i64) -> Result<bool> {
    let dir = profile.data_dir(user_id);
    let fresh = !Path::new(&dir).exists();
    let owner = tianqi_core::workspace::parse_owner(&profile.data_owner);
    let io = |what: &str, e: std::io::Error| Error::Unavailable(format!("{what}: {e}"));
    for sub in DATA_SUBDIRS {
        let p = format!("{dir}/{sub}");
        tokio::fs::create_dir_all(&p)
            .await
            .map_err(|e| io(&format!("cannot create {p}"), e))?;
    }
    let log = format!("{dir}/{DATA_LOG_FILE}");
    tokio::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log)
        .await
        .map_err(|e| io(&format!("cannot create {log}"), e))?;
    if let (true, Some((uid, gid))) = (fresh, owner) {
        // Only a tree made here is handed over; an existing one is the user's.
        let mut paths = vec![dir.clone(), log];
        for sub in DATA_SUBDIRS {
            let mut p = dir.clone();
            for part in sub.split('/') {
                p = format!("{p}/{part}");
                paths.push(p.clone());
            }
        }
        for p in paths {
            std::os::unix::fs::chown(&p, Some(uid), Some(gid))
                .map_err(|e| io(&format!("cannot chown {p}"), e))?;
        }
    }
    Ok(fresh)
}
