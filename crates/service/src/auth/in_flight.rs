//! Sign-in attempts of this server whose password check is still running.
//!
//! Attempts are counted in the store *before* the password is checked, so
//! while a check runs its attempt holds a place in the budget. Without this
//! register, a burst of good sign-ins from one address (a lab behind one NAT
//! at nine in the morning, 100 `ssh` logins at once) would be refused once
//! more than the limit were in flight, although none of them failed. With
//! it, an attempt over the limit while others are still being checked waits
//! for one of them to settle (a good one gives its place back) and counts
//! again; it is refused only when the places are held by real failures, or
//! after [`SETTLE_WAIT`].
//!
//! Checks running on *other* servers of a scale-out are not seen here: an
//! attempt over the limit because of them is refused at once, as before.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;

/// The longest an attempt waits for the checks ahead of it. One hash runs per
/// core, so this covers a burst of a few hundred sign-ins of one name.
pub const SETTLE_WAIT: Duration = Duration::from_secs(15);

#[derive(Default)]
struct Entry {
    running: usize,
    settled: Arc<Notify>,
}

#[derive(Default)]
pub(crate) struct InFlight {
    keys: Mutex<HashMap<String, Entry>>,
    /// Held while an attempt is counted in the store and, if let in, entered
    /// here: no attempt of this server is ever counted but not yet seen as
    /// running, which would make another one look refused by failures.
    pub(crate) counting: tokio::sync::Mutex<()>,
}

/// One attempt's place among the checks running for a key; dropping it (after
/// the attempt's outcome is in the store) wakes an attempt waiting for it.
pub(crate) struct Held {
    register: Arc<InFlight>,
    key: String,
}

impl InFlight {
    pub(crate) fn hold(self: &Arc<Self>, key: &str) -> Held {
        let mut keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        keys.entry(key.to_owned()).or_default().running += 1;
        Held {
            register: self.clone(),
            key: key.to_owned(),
        }
    }

    /// When attempts for `key` are being checked: what tells that one of them
    /// settled. `None` when none is (waiting would change nothing).
    pub(crate) fn settling(&self, key: &str) -> Option<Arc<Notify>> {
        let keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        keys.get(key)
            .filter(|e| e.running > 0)
            .map(|e| e.settled.clone())
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut keys = self.register.keys.lock().unwrap_or_else(|p| p.into_inner());
        let Some(e) = keys.get_mut(&self.key) else {
            return;
        };
        e.running = e.running.saturating_sub(1);
        if e.running == 0 {
            // Nothing left to wait for: every waiter counts again now (and
            // is let in, or refused for real failures).
            e.settled.notify_waiters();
            keys.remove(&self.key);
        } else {
            // One place may have come back: one waiter tries it.
            e.settled.notify_one();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_settled_check_wakes_a_waiter_and_the_last_wakes_all() {
        let r = Arc::new(InFlight::default());
        assert!(r.settling("ip:1").is_none());
        let a = r.hold("ip:1");
        let b = r.hold("ip:1");
        let n = r.settling("ip:1").expect("two running");
        let w1 = n.notified();
        let w2 = n.notified();
        tokio::pin!(w1, w2);
        w1.as_mut().enable();
        w2.as_mut().enable();
        drop(a);
        // one waiter is woken by the first settle…
        tokio::time::timeout(Duration::from_secs(1), &mut w1)
            .await
            .expect("first waiter woken");
        assert!(
            tokio::time::timeout(Duration::from_millis(50), &mut w2)
                .await
                .is_err(),
            "only one waiter per settled check"
        );
        drop(b);
        // …the last one wakes everyone and forgets the key
        tokio::time::timeout(Duration::from_secs(1), &mut w2)
            .await
            .expect("second waiter woken");
        assert!(r.settling("ip:1").is_none());
        assert!(r.keys.lock().unwrap().is_empty());
    }
}
