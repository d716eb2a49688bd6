//! Following another server's signals (`tianqi_store::signals`) until the
//! server stops, across lost connections.

use std::future::Future;
use std::time::Duration;

use tianqi_store::{Channel, Store};
use tokio_util::sync::CancellationToken;

/// Calls `heard(message)` for each signal another server sends on
/// `channel`, until `stop`. After a lost connection it listens again and
/// calls `heard(None)`: something may have been missed. Returns at once on
/// SQLite (one server, nobody to hear).
pub async fn follow<F, Fut>(store: &Store, channel: Channel, stop: CancellationToken, mut heard: F)
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = ()>,
{
    let pause = Duration::from_secs(1);
    loop {
        let mut signals = tokio::select! {
            () = stop.cancelled() => return,
            s = store.listen(channel) => match s {
                Ok(Some(s)) => s,
                Ok(None) => return,
                Err(e) => {
                    tracing::warn!(?channel, error = %e, "cannot hear the other servers; retrying");
                    tokio::select! {
                        () = stop.cancelled() => return,
                        () = tokio::time::sleep(pause) => continue,
                    }
                }
            },
        };
        loop {
            tokio::select! {
                () = stop.cancelled() => return,
                got = signals.next() => match got {
                    Ok(message) => heard(Some(message)).await,
                    Err(e) => {
                        // It reconnects on the next call; what was sent
                        // meanwhile is lost.
                        tracing::warn!(?channel, error = %e, "lost the other servers' signals; listening again");
                        tokio::time::sleep(pause).await;
                        heard(None).await;
                    }
                },
            }
        }
    }
}
