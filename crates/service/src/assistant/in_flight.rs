//! One reply at a time for a user with a daily token limit. The limit is
//! checked against the tokens counted so far, and a reply's tokens are
//! counted when it ends; replies running side by side would all pass the
//! check and together overrun the limit by as many replies. So while a
//! limited user's reply is in progress, another is refused (429, retry in a
//! second); the limit is then overrun by at most the one reply that crosses
//! it. Users without a limit are not held to this. In memory: one server
//! process serves the API (a second process would need the reservation in
//! the database).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tianqi_core::{Error, Result};

/// The users with a reply in progress.
#[derive(Clone, Default)]
pub(super) struct Replying(Arc<Mutex<HashSet<i64>>>);

/// A user's turn; dropping it ends the turn.
pub(super) struct InFlight {
    set: Replying,
    user_id: i64,
}

impl Replying {
    /// The user's turn, or 429 while their previous reply is still arriving.
    pub fn begin(&self, user_id: i64) -> Result<InFlight> {
        let fresh = match self.0.lock() {
            Ok(mut s) => s.insert(user_id),
            // A panic while holding this lock cannot leave the set wrong
            // (insert/remove only): go on with it.
            Err(poisoned) => poisoned.into_inner().insert(user_id),
        };
        if !fresh {
            return Err(Error::RateLimited {
                message: "another reply of yours is still arriving: with a daily token limit, \
                          replies go one at a time"
                    .into(),
                retry_after: Duration::from_secs(1),
            });
        }
        Ok(InFlight {
            set: self.clone(),
            user_id,
        })
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        match self.set.0.lock() {
            Ok(mut s) => s.remove(&self.user_id),
            Err(poisoned) => poisoned.into_inner().remove(&self.user_id),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_turn_per_user_until_dropped() {
        let r = Replying::default();
        let a = r.begin(1).unwrap();
        let other = r.begin(2).unwrap();
        match r.begin(1) {
            Err(Error::RateLimited { message, .. }) => assert!(message.contains("one at a time")),
            _ => panic!("a second turn for user 1"),
        }
        drop(a);
        let again = r.begin(1).unwrap();
        drop((again, other));
        assert!(r.0.lock().unwrap().is_empty());
    }
}
