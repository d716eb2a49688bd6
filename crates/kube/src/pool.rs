//! One client per cluster, kept while it is used: an idle TTL closes the
//! clients of clusters nobody looks at, a size cap bounds the open
//! connections, and a version (the sealed kubeconfig) makes a replaced
//! kubeconfig take effect on the next call. Time is a parameter, so the
//! rules are tested without waiting.

use std::collections::HashMap;
use std::time::{Duration, Instant};

struct Entry<V> {
    version: String,
    value: V,
    last_used: Instant,
}

pub struct Pool<V> {
    cap: usize,
    idle: Duration,
    entries: HashMap<i64, Entry<V>>,
}

impl<V: Clone> Pool<V> {
    pub fn new(cap: usize, idle: Duration) -> Self {
        Self {
            cap: cap.max(1),
            idle,
            entries: HashMap::new(),
        }
    }

    /// The cluster's client if one is kept for this version and was used
    /// within the idle TTL; marks it used.
    pub fn get(&mut self, id: i64, version: &str, now: Instant) -> Option<V> {
        let fresh = match self.entries.get(&id) {
            Some(e) => e.version == version && now.duration_since(e.last_used) < self.idle,
            None => return None,
        };
        if !fresh {
            self.entries.remove(&id);
            return None;
        }
        let e = self.entries.get_mut(&id)?;
        e.last_used = now;
        Some(e.value.clone())
    }

    /// Keeps a client, first dropping idle ones and then, at the cap, the
    /// least recently used.
    pub fn insert(&mut self, id: i64, version: &str, value: V, now: Instant) {
        self.sweep(now);
        self.entries.remove(&id);
        while self.entries.len() >= self.cap {
            let Some(oldest) = self
                .entries
                .iter()
                .min_by_key(|(_, e)| e.last_used)
                .map(|(id, _)| *id)
            else {
                break;
            };
            self.entries.remove(&oldest);
        }
        self.entries.insert(
            id,
            Entry {
                version: version.to_owned(),
                value,
                last_used: now,
            },
        );
    }

    pub fn remove(&mut self, id: i64) {
        self.entries.remove(&id);
    }

    /// Drops the clients unused for the idle TTL; answers how many.
    pub fn sweep(&mut self, now: Instant) -> usize {
        let before = self.entries.len();
        let idle = self.idle;
        self.entries
            .retain(|_, e| now.duration_since(e.last_used) < idle);
        before - self.entries.len()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn a_kept_client_is_reused_for_its_version_only() {
        let t = Instant::now();
        let mut p = Pool::new(4, 60 * S);
        p.insert(1, "v1", "client-a", t);
        assert_eq!(p.get(1, "v1", t + S), Some("client-a"));
        // A replaced kubeconfig: the old client is dropped, not handed out.
        assert_eq!(p.get(1, "v2", t + 2 * S), None);
        assert!(p.is_empty());
    }

    #[test]
    fn idle_clients_expire_and_use_keeps_them() {
        let t = Instant::now();
        let mut p = Pool::new(4, 10 * S);
        p.insert(1, "v", 1, t);
        p.insert(2, "v", 2, t);
        assert_eq!(p.get(1, "v", t + 8 * S), Some(1));
        assert_eq!(p.sweep(t + 12 * S), 1, "2 idle for 12 s, 1 used 4 s ago");
        assert_eq!(p.get(1, "v", t + 12 * S), Some(1));
        assert_eq!(p.get(1, "v", t + 30 * S), None);
    }

    #[test]
    fn the_cap_drops_the_least_recently_used() {
        let t = Instant::now();
        let mut p = Pool::new(2, 600 * S);
        p.insert(1, "v", 1, t);
        p.insert(2, "v", 2, t + S);
        assert_eq!(p.get(1, "v", t + 2 * S), Some(1));
        p.insert(3, "v", 3, t + 3 * S);
        assert_eq!(p.len(), 2);
        assert_eq!(p.get(2, "v", t + 4 * S), None, "2 was least recently used");
        assert_eq!(p.get(1, "v", t + 4 * S), Some(1));
        assert_eq!(p.get(3, "v", t + 4 * S), Some(3));
        p.remove(3);
        assert_eq!(p.len(), 1);
    }
}
