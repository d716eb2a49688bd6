//! A short-lived cache of token lookups, so an authenticated read costs one
//! database round trip instead of two.
//!
//! Correctness first: every change that can end or alter a token's meaning —
//! logout, revocation, disabling, deleting, a role change, a password change —
//! goes through the services, which clear the whole cache after writing. A
//! generation counter makes sure a lookup that read the database *before* such a
//! change cannot put its stale answer back *after* the clear. Changes made by
//! another process (the CLI against a running server, a second server on the same
//! PostgreSQL) take effect within the TTL (`auth.token_cache_ms`).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tianqi_store::TokenAuth;

const MAX_ENTRIES: usize = 10_000;

pub(crate) struct TokenCache {
    ttl: Duration,
    inner: Mutex<Inner>,
}

struct Inner {
    generation: u64,
    entries: HashMap<String, (TokenAuth, Instant)>,
}

impl TokenCache {
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            inner: Mutex::new(Inner {
                generation: 0,
                entries: HashMap::new(),
            }),
        }
    }

    /// The cached lookup and the generation to pass to [`TokenCache::put`].
    pub fn get(&self, hash: &str) -> (Option<TokenAuth>, u64) {
        let Ok(inner) = self.inner.lock() else {
            return (None, u64::MAX);
        };
        let hit = inner
            .entries
            .get(hash)
            .filter(|(_, at)| at.elapsed() < self.ttl)
            .map(|(t, _)| t.clone());
        (hit, inner.generation)
    }

    /// Stores a lookup made while the cache was at `generation`; dropped if the
    /// cache was cleared since.
    pub fn put(&self, hash: &str, auth: TokenAuth, generation: u64) {
        if self.ttl.is_zero() {
            return;
        }
        if let Ok(mut inner) = self.inner.lock() {
            if inner.generation != generation {
                return;
            }
            if inner.entries.len() >= MAX_ENTRIES {
                inner.entries.clear();
            }
            inner
                .entries
                .insert(hash.to_owned(), (auth, Instant::now()));
        }
    }

    pub fn clear(&self) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.generation = inner.generation.wrapping_add(1);
            inner.entries.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tianqi_core::tokens::TokenKind;
    use tianqi_core::users::Role;

    fn auth() -> TokenAuth {
        TokenAuth {
            token_id: 1,
            kind: TokenKind::Session,
            expires_at: None,
            revoked: false,
            last_used_at: None,
            user_id: 1,
            username: "a".into(),
            role: Role::User,
            enabled: true,
            must_change_password: false,
        }
    }

    #[test]
    fn clear_wins_over_a_lookup_in_flight() {
        let c = TokenCache::new(Duration::from_secs(60));
        let (miss, generation) = c.get("h");
        assert!(miss.is_none());
        c.clear(); // a user was disabled while the lookup was at the database
        c.put("h", auth(), generation);
        assert!(
            c.get("h").0.is_none(),
            "a stale lookup came back after the clear"
        );
        let (_, generation) = c.get("h");
        c.put("h", auth(), generation);
        assert!(c.get("h").0.is_some());
    }

    #[test]
    fn ttl_bounds_and_zero_disables() {
        let c = TokenCache::new(Duration::from_millis(20));
        let (_, g) = c.get("h");
        c.put("h", auth(), g);
        assert!(c.get("h").0.is_some());
        std::thread::sleep(Duration::from_millis(30));
        assert!(c.get("h").0.is_none());
        let off = TokenCache::new(Duration::ZERO);
        let (_, g) = off.get("h");
        off.put("h", auth(), g);
        assert!(off.get("h").0.is_none());
    }
}
