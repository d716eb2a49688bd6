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
