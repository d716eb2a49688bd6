//! The host key: loaded from its file, or generated once (Ed25519, 0600) and
//! kept there, so a restart never changes what clients have in known_hosts.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use rand::RngCore;
use russh::keys::ssh_key::private::{Ed25519Keypair, KeypairData};
use russh::keys::ssh_key::LineEnding;
use russh::keys::PrivateKey;

use crate::JumpboxError;

pub fn load_or_generate(path: &Path) -> Result<PrivateKey, JumpboxError> {
    let fail = |what: &str, e: &dyn std::fmt::Display| JumpboxError::HostKey {
        path: path.display().to_string(),
        message: format!("{what}: {e}"),
    };
    match std::fs::read_to_string(path) {
        Ok(text) => PrivateKey::from_openssh(text.as_bytes())
            .map_err(|e| fail("not an OpenSSH private key", &e)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut seed = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut seed);
            let key = PrivateKey::new(
                KeypairData::Ed25519(Ed25519Keypair::from_seed(&seed)),
                "tianqi jump host",
            )
            .map_err(|e| fail("cannot make a key", &e))?;
            let text = key
                .to_openssh(LineEnding::LF)
                .map_err(|e| fail("cannot encode the key", &e))?;
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| fail("cannot create its directory", &e))?;
            }
            // create_new: two servers starting on one data dir never
            // overwrite each other's key.
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)
                .map_err(|e| fail("cannot create the file", &e))?;
            f.write_all(text.as_bytes())
                .and_then(|()| f.sync_all())
                .map_err(|e| fail("cannot write the file", &e))?;
            tracing::info!(path = %path.display(), "generated the jump host's Ed25519 host key");
            Ok(key)
        }
        Err(e) => Err(fail("cannot read the file", &e)),
    }
}

/// `SHA256:…`, as `ssh-keygen -l` prints it.
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key()
        .fingerprint(russh::keys::HashAlg::Sha256)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn generated_once_private_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/key");
        let a = load_or_generate(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let b = load_or_generate(&path).unwrap();
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert!(fingerprint(&a).starts_with("SHA256:"));
        std::fs::write(&path, "garbage").unwrap();
        let e = load_or_generate(&path).unwrap_err().to_string();
        assert!(e.contains("not an OpenSSH private key"), "{e}");
    }
}
