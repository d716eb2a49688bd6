//! A periodic loop: one round at start, then one per period (a slow round
//! delays the next instead of piling up), until the stop token.

use std::future::Future;
use std::time::Duration;

use tokio::time::MissedTickBehavior;
use tokio_util::sync::CancellationToken;

pub(super) async fn run<F, Fut, E>(
    name: &'static str,
    period: Duration,
    stop: CancellationToken,
    mut round: F,
) where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), E>>,
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
        if let Err(e) = round().await {
            metrics::counter!("tianqi_loop_failures_total", "loop" => name).increment(1);
            tracing::warn!(r#loop = name, error = %e, "periodic round failed");
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
                        Ok(())
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
                    Ok::<_, String>(())
                }
            })
        });
        tokio::time::sleep(Duration::from_secs(1)).await;
        stop.cancel();
        task.await.unwrap();
        assert_eq!(finished.load(Ordering::SeqCst), 1);
    }
}
