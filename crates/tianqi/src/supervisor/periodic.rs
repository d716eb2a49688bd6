//! A periodic loop: one round at start, then one per period (a slow round
//! delays the next instead of piling up), until the stop token.

use std::future::Future;
use std::time::Duration;

use tokio::time::MissedTickBehavior;
use tokio_util::sync::CancellationToken;

/// A loop's lease (see `Supervisor::every_on_one_server`). Leases are
/// wall-clock time: they coordinate processes, not the domain's clock.
#[derive(Clone)]
pub(super) struct Lease {
    name: &'static str,
    ttl: chrono::Duration,
    store: tianqi_store::Store,
}

impl Lease {
    pub(super) fn new(name: &'static str, period: Duration, store: tianqi_store::Store) -> Self {
        let ttl = (period + period / 2).max(Duration::from_secs(10));
        Self {
            name,
            ttl: chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::days(2)),
            store,
        }
    }

    /// Takes or renews it; false (skip this round) when another server holds
    /// it, or the database cannot be asked (then nobody should run it blind).
    pub(super) async fn hold(&self) -> bool {
        // A SQLite file is one server's: nobody to share with, and a lease
        // left by a killed predecessor must not delay its successor.
        if self.store.engine() == tianqi_store::Engine::Sqlite {
            return true;
        }
        let now = chrono::Utc::now();
        match self.store.hold_lease(self.name, now, now + self.ttl).await {
            Ok(true) => true,
            Ok(false) => {
                tracing::debug!(r#loop = self.name, "another server holds this loop's lease");
                false
            }
            Err(e) => {
                tracing::warn!(r#loop = self.name, error = %e, "could not renew the loop's lease; skipping the round");
                false
            }
        }
    }

    pub(super) async fn release(&self) {
        if self.store.engine() == tianqi_store::Engine::Sqlite {
            return;
        }
        if let Err(e) = self.store.release_lease(self.name).await {
            tracing::warn!(r#loop = self.name, error = %e, "could not give up the loop's lease");
        }
    }
}

/// What a round did: its work, or nothing (another server holds its lease).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    Ran,
    Skipped,
}

/// Rounds that did their work are counted (`tianqi_loop_rounds_total{loop}`,
/// failed ones too): across servers it shows which one runs a leased loop.
pub(super) async fn run<F, Fut, E>(
    name: &'static str,
    period: Duration,
    stop: CancellationToken,
    mut round: F,
) where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Outcome, E>>,
    E: std::fmt::Display,
{
    let mut tick = tokio::time::interval(period);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = stop.cancelled() => break,
            _ = tick.tick() => {}
        }
        // A started round finishes: stopping between rounds leaves nothing
        // half-done (a reconciliation, a token purge).
        match round().await {
            Ok(Outcome::Skipped) => {}
            Ok(Outcome::Ran) => {
                metrics::counter!("tianqi_loop_rounds_total", "loop" => name).increment(1);
            }
            Err(e) => {
                metrics::counter!("tianqi_loop_rounds_total", "loop" => name).increment(1);
                metrics::counter!("tianqi_loop_failures_total", "loop" => name).increment(1);
                tracing::warn!(r#loop = name, error = %e, "periodic round failed");
            }
        }
    }
    tracing::debug!(r#loop = name, "stopped");
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    use super::*;

    /// A failing round does not end the loop: the next rounds still run on
    /// schedule, and the stop token ends it between rounds.
    #[tokio::test(start_paused = true)]
    async fn failures_keep_the_schedule_and_stop_ends_it() {
        let rounds = Arc::new(AtomicU32::new(0));
        let stop = CancellationToken::new();
        let task = tokio::spawn({
            let (rounds, stop) = (rounds.clone(), stop.clone());
            run("test", Duration::from_secs(10), stop, move || {
                let n = rounds.fetch_add(1, Ordering::SeqCst);
                async move {
                    if n % 2 == 0 {
                        Err(format!("round {n} failed"))
                    } else {
                        Ok(Outcome::Ran)
                    }
                }
            })
        });
        // One round at start, then one per period.
        tokio::time::sleep(Duration::from_secs(35)).await;
        assert_eq!(rounds.load(Ordering::SeqCst), 4);
        stop.cancel();
        task.await.unwrap();
        tokio::time::sleep(Duration::from_secs(60)).await;
        assert_eq!(rounds.load(Ordering::SeqCst), 4, "no round after stop");
    }

    /// A round in progress when stop comes is finished, not dropped.
    #[tokio::test(start_paused = true)]
    async fn a_started_round_finishes() {
        let finished = Arc::new(AtomicU32::new(0));
        let stop = CancellationToken::new();
        let task = tokio::spawn({
            let (finished, stop) = (finished.clone(), stop.clone());
            run("slow", Duration::from_secs(60), stop, move || {
                let finished = finished.clone();
                async move {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    finished.fetch_add(1, Ordering::SeqCst);
                    Ok::<_, String>(Outcome::Ran)
                }
            })
        });
        tokio::time::sleep(Duration::from_secs(1)).await;
        stop.cancel();
        task.await.unwrap();
        assert_eq!(finished.load(Ordering::SeqCst), 1);
    }
}
