//! The baseline: the same containers made with the docker CLI directly.

use super::*;

impl Bench {
    // ---- raw docker -------------------------------------------------------

    /// `docker run -d` with the spec's limits; answers the time to its return.
    pub(super) async fn raw_run(&mut self) -> Result<Duration> {
        let (took, out) = self
            .docker
            .timed(&[
                "run",
                "-d",
                "--memory",
                RAW_MEMORY,
                "--cpus",
                RAW_CPUS,
                &self.image,
                "sleep",
                "3600",
            ])
            .await?;
        let id = out.lines().last().unwrap_or_default().trim().to_owned();
        ensure!(!id.is_empty(), "docker run printed no container id");
        self.raw.push(id);
        Ok(took)
    }

    pub(super) async fn remove_raw(&mut self) -> Result<()> {
        let ids = std::mem::take(&mut self.raw);
        let failed = self.docker.remove(&ids).await;
        ensure!(
            failed == 0,
            "{failed} raw container(s) could not be removed"
        );
        Ok(())
    }

    pub(super) async fn ps(&self) -> Result<Duration> {
        let (took, _) = self
            .docker
            .timed(&["ps", "-a", "--filter", "label=tianqi.managed=true"])
            .await?;
        Ok(took)
    }

    /// One `docker ps -a` per node, all started at once; the wall time.
    pub(super) async fn ps_all_at_once(&self, n: usize) -> Result<Duration> {
        let mut set = JoinSet::new();
        let started = Instant::now();
        for _ in 0..n {
            let docker = self.docker.clone();
            set.spawn(async move {
                docker
                    .timed(&["ps", "-a", "--filter", "label=tianqi.managed=true"])
                    .await
            });
        }
        while let Some(joined) = set.join_next().await {
            joined.context("a docker ps task failed")??;
        }
        Ok(started.elapsed())
    }

    // ---- clean-up ---------------------------------------------------------

    /// Removes whatever this run still has on the engine: instances through
    /// the API while the server runs (their containers by hand otherwise),
    /// raw containers by hand; then stops the server and the silent listener.
    pub(super) async fn cleanup(&mut self) -> Result<()> {
        let mut problems = Vec::new();
        if !self.instances.is_empty() {
            if self.server.is_some() {
                say(format!(
                    "clean-up: deleting {} instance(s)",
                    self.instances.len()
                ));
                if let Err(e) = self.delete_instances().await {
                    say(format!("clean-up: {e:#}"));
                }
            }
            let containers: Vec<String> = std::mem::take(&mut self.instances)
                .into_iter()
                .map(|(_, c)| c)
                .filter(|c| !c.is_empty())
                .collect();
            if !containers.is_empty() {
                say(format!(
                    "clean-up: removing {} instance container(s) with docker rm -f",
                    containers.len()
                ));
                let failed = self.docker.remove(&containers).await;
                if failed > 0 {
                    problems.push(format!("{failed} instance container(s) left behind"));
                }
            }
        }
        if !self.raw.is_empty() {
            if let Err(e) = self.remove_raw().await {
                problems.push(format!("{e:#}"));
            }
        }
        if let Some(h) = self.dead_listener.take() {
            h.abort();
        }
        if let Err(e) = self.stop() {
            problems.push(format!("stopping the server: {e:#}"));
        }
        ensure!(problems.is_empty(), "clean-up: {}", problems.join("; "));
        Ok(())
    }
}
