//! CPU and memory readings per container, kept so `/health` does not wait
//! for Docker's one-second stats collector.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bollard::Docker;
use tianqi_core::Result;
use tianqi_docker::observe::{raw_sample, RawSample};

use super::{engine_error, State, WorkspaceService};

/// A kept stats reading older than this is refreshed in the background.
pub(super) const STATS_REFRESH: Duration = Duration::from_secs(2);
/// A kept stats reading older than this is not served; the call waits.
pub(super) const STATS_STALE: Duration = Duration::from_secs(60);

/// A container's latest resource reading and the CPU use it showed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sampled {
    at: Instant,
    sample: RawSample,
    cpu_percent: f64,
    refreshing: bool,
}

impl WorkspaceService {
    /// CPU and memory without making `/health` wait for Docker: its stats API
    /// answers on the collector's next one-second tick even in one-shot mode.
    /// So the latest reading is kept per container and served while a
    /// background read refreshes it (when older than `STATS_REFRESH`); only the
    /// first call for a container, or one after `STATS_STALE`, waits for a
    /// reading (which then includes Docker's own previous one, so CPU is known
    /// at once). CPU use is between the two newest readings.
    pub(super) async fn cpu_and_memory(
        &self,
        state: &Arc<State>,
        docker: &Docker,
        id: &str,
    ) -> Result<(f64, RawSample)> {
        let cached = state.samples.lock().ok().and_then(|mut m| {
            let e = m.get_mut(id)?;
            if e.at.elapsed() > STATS_STALE {
                return None;
            }
            let start_refresh = e.at.elapsed() > STATS_REFRESH && !e.refreshing;
            e.refreshing |= start_refresh;
            Some((*e, start_refresh))
        });
        match cached {
            Some((e, start_refresh)) => {
                if start_refresh {
                    let (state, docker, id) = (state.clone(), docker.clone(), id.to_owned());
                    tokio::spawn(async move {
                        let fresh = raw_sample(&docker, &id, true).await;
                        if let Ok(mut m) = state.samples.lock() {
                            match fresh {
                                Ok((s, _)) => {
                                    let previous = m.get(&id).map(|p| p.sample);
                                    m.insert(
                                        id,
                                        Sampled {
                                            at: Instant::now(),
                                            cpu_percent: previous
                                                .map_or(0.0, |p| s.cpu_percent_since(&p)),
                                            sample: s,
                                            refreshing: false,
                                        },
                                    );
                                }
                                Err(_) => {
                                    if let Some(p) = m.get_mut(&id) {
                                        p.refreshing = false;
                                    }
                                }
                            }
                        }
                    });
                }
                Ok((e.cpu_percent, e.sample))
            }
            None => {
                let (sample, cpu) = raw_sample(docker, id, false).await.map_err(engine_error)?;
                let cpu_percent = cpu.unwrap_or(0.0);
                if let Ok(mut m) = state.samples.lock() {
                    m.insert(
                        id.to_owned(),
                        Sampled {
                            at: Instant::now(),
                            sample,
                            cpu_percent,
                            refreshing: false,
                        },
                    );
                }
                Ok((cpu_percent, sample))
            }
        }
    }
}

/// Takes a first stats reading in the background right after a start, so the
/// first `/health` (which clients send once the services are up) finds one
/// instead of waiting for Docker's collector.
pub(super) fn prime_stats(state: &Arc<State>, docker: &Docker, id: &str) {
    let (state, docker, id) = (state.clone(), docker.clone(), id.to_owned());
    tokio::spawn(async move {
        if let Ok((sample, cpu)) = raw_sample(&docker, &id, false).await {
            if let Ok(mut m) = state.samples.lock() {
                m.insert(
                    id,
                    Sampled {
                        at: Instant::now(),
                        sample,
                        cpu_percent: cpu.unwrap_or(0.0),
                        refreshing: false,
                    },
                );
            }
        }
    });
}
