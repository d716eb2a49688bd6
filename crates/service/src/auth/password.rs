//! Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane).
//!
//! Hashing is deliberately expensive, so it runs on the blocking pool and at most
//! one hash per core runs at a time: a burst of logins queues instead of starving
//! the request workers.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use tianqi_core::{Error, Result};
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    /// Hashes waiting or running; beyond `max_pending` a request is refused at
    /// once instead of queueing without bound (a burst costs no memory).
    pending: Arc<AtomicUsize>,
    max_pending: usize,
}

impl Default for Hasher {
    fn default() -> Self {
        Self::new(DEFAULT_MAX_PENDING)
    }
}

/// The default bound on hashes waiting or running at once.
pub const DEFAULT_MAX_PENDING: usize = 64;

/// Releases the pending slot however the hash ends.
struct Pending<'a>(&'a AtomicUsize);

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Hasher {
    pub fn new(max_pending: usize) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            permits: Arc::new(Semaphore::new(cores)),
            pending: Arc::default(),
            max_pending: max_pending.max(1),
        }
    }

    /// Runs `work` on the blocking pool, at most one per core at a time, with
    /// at most `max_pending` waiting or running.
    async fn run<T: Send + 'static>(
        &self,
        what: &str,
        work: impl FnOnce() -> Result<T> + Send + 'static,
    ) -> Result<T> {
        if self.pending.fetch_add(1, Ordering::SeqCst) >= self.max_pending {
            self.pending.fetch_sub(1, Ordering::SeqCst);
            return Err(Error::Unavailable(
                "too many passwords are being checked at once; retry in a few seconds".into(),
            ));
        }
        let _pending = Pending(&self.pending);
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| Error::internal("password hasher closed"))?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| Error::internal(format!("password {what} task failed: {e}")))?
    }

    pub async fn hash(&self, password: &str) -> Result<String> {
        let password = password.to_owned();
        self.run("hashing", move || hash_now(&password)).await
    }

    /// `true` when `password` matches `hash`. A malformed stored hash is an
    /// internal error, not a wrong password.
    pub async fn verify(&self, password: &str, hash: &str) -> Result<bool> {
        let (password, hash) = (password.to_owned(), hash.to_owned());
        self.run("check", move || verify_now(&password, &hash))
            .await
    }
}

/// Hashes synchronously (for the CLI, which has no runtime to spare).
pub fn hash_now(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::internal(format!("password hashing failed: {e}")))
}

pub fn verify_now(password: &str, hash: &str) -> Result<bool> {
    let parsed = PasswordHash::new(hash)
        .map_err(|e| Error::internal(format!("stored password hash is malformed: {e}")))?;
    Ok(Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok())
}

/// A valid hash of a random password, verified against when the username does not
/// exist so that a login for an unknown user takes as long as a wrong password.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_now(&tianqi_core::crypto::generate_password()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = hash_now("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_now("correct horse", &h).unwrap());
        assert!(!verify_now("wrong horse", &h).unwrap());
        assert!(verify_now("x", "not a hash").is_err());
        assert!(decoy_hash().starts_with("$argon2id$"));
    }
}
