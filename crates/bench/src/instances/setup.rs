//! The server under test and what the phases need from it: start and stop,
//! nodes, instances, rows seeded through the store, a dead node's listener.

use super::*;

impl Bench {
    // ---- the server -------------------------------------------------------

    /// Starts the server (on the same data directory every time), signs in,
    /// and waits for the health loop's first tick, which runs at start-up, to
    /// have checked every node, so that it does not overlap a measurement.
    pub(super) async fn start(&mut self, extra_env: &[(&str, &str)]) -> Result<()> {
        ensure!(self.server.is_none(), "the server is already running");
        let since = Utc::now();
        let mut env: Vec<(&str, &str)> = COMMON_ENV.to_vec();
        env.extend_from_slice(extra_env);
        let mut server =
            Server::start_with_env(&self.binary, &self.work_dir, &self.password, &env)?;
        server.wait_healthy(&self.http).await?;
        say(format!(
            "server pid {} on {}",
            server.pid(),
            server.base_url
        ));
        let mut api = Client::new(self.http.clone(), server.base_url.clone());
        self.server = Some(server);
        api.login(&self.password).await?;
        self.api = api;
        self.wait_startup_checks(since).await
    }

    pub(super) fn stop(&mut self) -> Result<()> {
        match self.server.take() {
            Some(mut s) => s.stop(),
            None => Ok(()),
        }
    }

    pub(super) fn data_dir(&self) -> Result<&Path> {
        self.server
            .as_ref()
            .map(Server::data_dir)
            .context("the server is not running")
    }

    pub(super) async fn wait_startup_checks(&self, since: DateTime<Utc>) -> Result<()> {
        // Whole seconds, in case the server stores coarser timestamps.
        let since = DateTime::from_timestamp(since.timestamp(), 0).unwrap_or(since);
        let deadline = Instant::now() + STARTUP_CHECKS_TIMEOUT;
        loop {
            let page: Page<NodeView> = self.api.get("/api/v1/nodes?page_size=500").await?;
            let pending = page
                .items
                .iter()
                .filter(|n| n.docker_checked_at.is_none_or(|t| t < since))
                .count();
            if pending == 0 {
                return Ok(());
            }
            if Instant::now() >= deadline {
                bail!(
                    "{pending} node(s) still not checked {}s after the server started",
                    STARTUP_CHECKS_TIMEOUT.as_secs()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    // ---- HTTP -------------------------------------------------------------

    pub(super) async fn create_node(&self, name: &str, address: &str) -> Result<NodeView> {
        self.api
            .post("/api/v1/nodes", &node_body(name, address, false))
            .await
    }

    /// Creates one instance and answers the time to its 201 (status running).
    pub(super) async fn create_instance(
        &mut self,
        name: &str,
        image_id: i64,
        spec_id: i64,
        node_id: i64,
    ) -> Result<Duration> {
        let body = json!({
            "name": name,
            "image_id": image_id,
            "spec_id": spec_id,
            "node_id": node_id,
        });
        let path = "/api/v1/instances";
        let started = Instant::now();
        let req = self.api.request(Method::POST, path).json(&body);
        let res = api::send(req, &Method::POST, path).await?;
        let took = started.elapsed();
        let inst: InstanceView = api::read_json(res, &Method::POST, path)
            .await
            .with_context(|| format!("creating instance {name}"))?;
        self.instances.push((inst.id, inst.container_id.clone()));
        ensure!(
            inst.status == "running",
            "instance {name} is {} after its create: {}",
            inst.status,
            inst.status_error
        );
        Ok(took)
    }

    /// Deletes every instance this run made; fails after trying them all if
    /// any could not be deleted.
    pub(super) async fn delete_instances(&mut self) -> Result<()> {
        let mut failed = Vec::new();
        for (id, container) in std::mem::take(&mut self.instances) {
            let path = format!("/api/v1/instances/{id}");
            if let Err(e) = self.api.delete(&path).await {
                say(format!("warning: {e:#}"));
                failed.push((id, container));
            }
        }
        let n = failed.len();
        self.instances = failed;
        ensure!(n == 0, "{n} instance(s) could not be deleted");
        Ok(())
    }

    /// `POST /api/v1/nodes/{id}/test` for every node at once: one tick.
    pub(super) async fn tick(&self, nodes: &[i64], dead: Option<i64>) -> Result<Tick> {
        let mut set = JoinSet::new();
        let shared = Arc::new(self.api.clone());
        let started = Instant::now();
        for &id in nodes {
            let api = Arc::clone(&shared);
            let url = format!("{}/api/v1/nodes/{id}/test", api.base());
            set.spawn(async move {
                let t = Instant::now();
                let res = api.request_url(Method::POST, &url).send().await;
                let took = t.elapsed();
                let node: Result<NodeView> = match res {
                    Ok(r) => api::read_json(r, &Method::POST, &url).await,
                    Err(e) => Err(anyhow::Error::new(e).context(format!("POST {url}"))),
                };
                (id, took, node)
            });
        }
        let mut answers = Vec::new();
        while let Some(joined) = set.join_next().await {
            answers.push(joined.context("a node test task failed")?);
        }
        let wall = started.elapsed();
        let mut tick = Tick {
            wall,
            ..Tick::default()
        };
        for (id, took, node) in answers {
            let node = node?;
            if Some(id) == dead {
                ensure!(
                    node.docker_status != "connected",
                    "the dead node {} says connected",
                    node.name
                );
                tick.dead = Some(took);
            } else {
                ensure_connected(&node)?;
                tick.slowest_healthy = tick.slowest_healthy.max(took);
            }
        }
        Ok(tick)
    }

    /// The reconcile must not have changed any instance: all still running.
    pub(super) async fn ensure_all_running(&self, count: usize) -> Result<()> {
        let page: Page<InstanceView> = self
            .api
            .get("/api/v1/instances?status=running&page_size=1")
            .await?;
        ensure!(
            page.total == count as u64,
            "{} of {count} instances are running after the reconcile ticks",
            page.total
        );
        Ok(())
    }

    /// Accepts TCP connections and never answers: a node that hangs.
    pub(super) async fn start_dead_listener(&mut self) -> Result<u16> {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .context("cannot open the silent listener")?;
        let port = listener.local_addr()?.port();
        self.dead_listener = Some(tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                held.push(socket);
            }
        }));
        Ok(port)
    }

    /// Inserts `--rows` instance rows (status `running`, no container) on
    /// `node_id` through the store crate, then checks that the instances
    /// table holds exactly that many rows.
    ///
    /// The store opens the file as the server does (WAL, a busy timeout), so
    /// this is also safe while a server has it open; each row is written by
    /// the store's own `insert_instance` (as `creating`) and then marked
    /// `running`, and nothing on the server reconciles these rows meanwhile:
    /// their node's engine does not exist.
    pub(super) async fn insert_rows(
        &self,
        args: &Args,
        data_dir: &Path,
        owner_id: i64,
        node_id: i64,
        image_id: i64,
        spec_id: i64,
    ) -> Result<()> {
        let db = data_dir.join("tianqi.db");
        ensure!(db.is_file(), "{} not found", db.display());
        let opts = StoreOptions {
            max_connections: 1,
            ..StoreOptions::default()
        };
        let store = Store::open(&Store::sqlite_url(data_dir), &opts)
            .await
            .with_context(|| format!("cannot open {}", db.display()))?;
        let inserted = seed_rows(
            &store,
            args.rows,
            &self.image,
            owner_id,
            node_id,
            image_id,
            spec_id,
        )
        .await;
        let total = match inserted {
            Ok(()) => store
                .count_instances(None, None)
                .await
                .context("counting the instance rows"),
            Err(e) => Err(e),
        };
        store.close().await;
        let total = total?;
        ensure!(
            total == i64::from(args.rows),
            "the instances table holds {total} rows after the insert, expected {}",
            args.rows
        );
        Ok(())
    }
}
