//! The data directory and the keys generated in it on first start.
//!
//! * `token-signing.key` keys the HMAC under which bearer tokens are stored;
//! * `secrets.key` encrypts secrets at rest, unless `secret_key` is configured
//!   (for deployments that keep keys outside the data dir).
//!
//! Files are created 0600 inside a 0700 directory; nothing here has a default.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use tianqi_core::crypto::{Key, SecretBox};
use tianqi_service::Keys;

pub const TOKEN_SIGNING_FILE: &str = "token-signing.key";
pub const SECRETS_FILE: &str = "secrets.key";
pub const INITIAL_ADMIN_PASSWORD_FILE: &str = "initial-admin-password";

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot prepare data dir {path}: {message}")]
    Io { path: String, message: String },
    #[error("key file {path} is not a valid key: {message}")]
    Invalid { path: String, message: String },
    #[error("config key `secret_key` is not a valid key: {0}")]
    Configured(String),
}

fn io_err(path: &Path, e: std::io::Error) -> KeyError {
    KeyError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Creates the data dir (0700) if needed.
pub fn ensure_data_dir(dir: &Path) -> Result<(), KeyError> {
    fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(|e| io_err(dir, e))
}

/// Writes `contents` to a new file readable by the owner only. Fails if the file
/// exists (two processes starting at once must not overwrite each other's key).
pub fn write_private_file(path: &Path, contents: &str) -> Result<(), KeyError> {
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| io_err(path, e))?;
    f.write_all(contents.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| io_err(path, e))
}

/// Creates `path` empty and 0600 if it does not exist; makes it 0600 if it does.
pub fn ensure_private_file(path: &Path) -> Result<(), KeyError> {
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            fs::set_permissions(path, fs::Permissions::from_mode(0o600))
                .map_err(|e| io_err(path, e))
        }
        Err(e) => Err(io_err(path, e)),
    }
}

fn load_or_create(dir: &Path, name: &str) -> Result<Key, KeyError> {
    let path = dir.join(name);
    match fs::read_to_string(&path) {
        Ok(text) => {
            // Tighten permissions a copy or restore may have loosened.
            let mode = fs::metadata(&path)
                .map_err(|e| io_err(&path, e))?
                .permissions()
                .mode();
            if mode & 0o077 != 0 {
                tracing::warn!(path = %path.display(), "key file was readable by others; setting it to 0600");
                fs::set_permissions(&path, fs::Permissions::from_mode(0o600))
                    .map_err(|e| io_err(&path, e))?;
            }
            Key::decode(&text).map_err(|e| KeyError::Invalid {
                path: path.display().to_string(),
                message: e.to_string(),
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = Key::generate();
            match write_private_file(&path, &format!("{}\n", key.encode())) {
                Ok(()) => {
                    tracing::info!(path = %path.display(), "generated a new key");
                    Ok(key)
                }
                // Another process created it between our read and write: use theirs.
                Err(_) if path.exists() => load_or_create(dir, name),
                Err(e) => Err(e),
            }
        }
        Err(e) => Err(io_err(&path, e)),
    }
}

/// Loads the keys from the data dir, generating any that are missing.
pub fn load_keys(data_dir: &Path, configured_secret_key: &str) -> Result<Keys, KeyError> {
    ensure_data_dir(data_dir)?;
    let token_signing = load_or_create(data_dir, TOKEN_SIGNING_FILE)?;
    let secret = if configured_secret_key.is_empty() {
        load_or_create(data_dir, SECRETS_FILE)?
    } else {
        Key::decode(configured_secret_key).map_err(|e| KeyError::Configured(e.to_string()))?
    };
    Ok(Keys {
        token_signing,
        secrets: SecretBox::new(secret),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_generated_once_private_and_stable() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let k1 = load_keys(&data, "").unwrap();
        let k2 = load_keys(&data, "").unwrap();
        assert_eq!(k1.token_signing.id(), k2.token_signing.id());
        for f in [TOKEN_SIGNING_FILE, SECRETS_FILE] {
            let mode = fs::metadata(data.join(f)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{f}");
        }
        let dmode = fs::metadata(&data).unwrap().permissions().mode();
        assert_eq!(dmode & 0o777, 0o700);
        // a loosened file is tightened
        fs::set_permissions(data.join(SECRETS_FILE), fs::Permissions::from_mode(0o644)).unwrap();
        load_keys(&data, "").unwrap();
        let mode = fs::metadata(data.join(SECRETS_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        // a configured key must be valid
        assert!(load_keys(&data, "not-a-key").is_err());
        let configured = Key::generate();
        let k3 = load_keys(&data, &configured.encode()).unwrap();
        let ct = k3.secrets.encrypt("x").unwrap();
        assert!(ct.contains(&configured.id()));
    }
}
