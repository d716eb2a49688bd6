//! The measured phases: creates against `docker run`, the health loop's tick
//! with many nodes and a dead one, and the list under load.

use super::*;

impl Bench {
    pub(super) async fn bench_create(
        &mut self,
        n: u32,
        image_id: i64,
        spec_id: i64,
        node_id: i64,
    ) -> Result<CreateFigures> {
        say(format!(
            "create→running: one warm-up each, then {n} Tianqi creates interleaved with {n} \
             raw docker runs"
        ));
        self.create_instance("warm-up", image_id, spec_id, node_id)
            .await?;
        self.raw_run().await?;
        let mut ours = Vec::new();
        let mut raw = Vec::new();
        for i in 0..n {
            ours.push(
                self.create_instance(&format!("create-{i:03}"), image_id, spec_id, node_id)
                    .await?,
            );
            raw.push(self.raw_run().await?);
        }
        say("create→running: removing those containers");
        self.delete_instances().await?;
        self.remove_raw().await?;
        Ok(CreateFigures { ours, raw })
    }

    pub(super) async fn bench_ticks(
        &mut self,
        args: &Args,
        image_id: i64,
        spec_id: i64,
        first_node: i64,
    ) -> Result<TickFigures> {
        let node_count = args.nodes as usize;
        say(format!(
            "reconcile: registering {} more node records on the same engine",
            node_count - 1
        ));
        let mut nodes = vec![first_node];
        for i in 1..node_count {
            let node = self
                .create_node(&format!("bench-{i:02}"), &self.docker_host)
                .await?;
            ensure_connected(&node)?;
            nodes.push(node.id);
        }
        let count = args.instances as usize;
        say(format!(
            "reconcile: creating {count} instances over {node_count} nodes"
        ));
        for i in 0..count {
            let node = nodes[i % node_count];
            self.create_instance(&format!("tick-{i:04}"), image_id, spec_id, node)
                .await?;
            if (i + 1) % 20 == 0 {
                say(format!("reconcile: {} of {count} created", i + 1));
            }
        }

        let mut healthy = Vec::new();
        let mut ps_concurrent = Vec::new();
        for k in 1..=args.ticks {
            let tick = self.tick(&nodes, None).await?;
            say(format!(
                "reconcile: tick {k}: {:.0} ms (slowest node {:.0} ms)",
                tick.wall.as_secs_f64() * 1e3,
                tick.slowest_healthy.as_secs_f64() * 1e3
            ));
            healthy.push(tick);
            ps_concurrent.push(self.ps_all_at_once(node_count).await?);
        }
        let mut ps_single = Vec::new();
        for _ in 0..PS_SINGLE_RUNS {
            ps_single.push(self.ps().await?);
        }
        self.ensure_all_running(count).await?;

        say(format!(
            "reconcile: restarting the server with a {DEAD_TIMEOUT_SECS} s node timeout"
        ));
        self.stop()?;
        let timeout = DEAD_TIMEOUT_SECS.to_string();
        self.start(&[("TIANQI_NODES_TIMEOUT_SECS", &timeout)])
            .await?;
        let port = self.start_dead_listener().await?;
        let dead: NodeView = self
            .api
            .post(
                "/api/v1/nodes",
                &node_body("bench-dead", &format!("tcp://127.0.0.1:{port}"), false),
            )
            .await?;
        ensure!(
            dead.docker_status != "connected",
            "the node on the silent listener says it is connected"
        );
        let mut all = nodes.clone();
        all.push(dead.id);
        let mut with_dead = Vec::new();
        for k in 1..=args.ticks {
            let tick = self.tick(&all, Some(dead.id)).await?;
            say(format!(
                "reconcile: tick {k} with the dead node: {:.0} ms (slowest healthy node \
                 {:.0} ms, dead node {:.0} ms)",
                tick.wall.as_secs_f64() * 1e3,
                tick.slowest_healthy.as_secs_f64() * 1e3,
                tick.dead.unwrap_or_default().as_secs_f64() * 1e3
            ));
            with_dead.push(tick);
        }
        self.ensure_all_running(count).await?;

        say(format!("reconcile: deleting the {count} instances"));
        self.delete_instances().await?;
        Ok(TickFigures {
            nodes: node_count,
            instances: count,
            healthy,
            with_dead,
            dead_timeout_secs: DEAD_TIMEOUT_SECS,
            ps_concurrent,
            ps_single,
        })
    }

    pub(super) async fn bench_list(
        &mut self,
        args: &Args,
        owner_id: i64,
        image_id: i64,
        spec_id: i64,
    ) -> Result<ListFigures> {
        // The rows go on a node record whose engine does not exist: the
        // start-up node check (the health loop's first tick runs at once)
        // then fails to connect and never reconciles them to `missing`.
        let absent = self.work_dir.join("no-docker-here.sock");
        let node: NodeView = self
            .api
            .post(
                "/api/v1/nodes",
                &node_body("bench-list", &format!("unix://{}", absent.display()), false),
            )
            .await?;
        ensure!(
            node.docker_status != "connected",
            "node {} on a missing socket says it is connected",
            node.name
        );
        let data_dir = self.data_dir()?.to_owned();
        say(format!(
            "list: stopping the server and inserting {} instance rows into {}",
            args.rows,
            data_dir.join("tianqi.db").display()
        ));
        self.stop()?;
        self.insert_rows(args, &data_dir, owner_id, node.id, image_id, spec_id)
            .await?;
        let timeout = DEAD_TIMEOUT_SECS.to_string();
        self.start(&[("TIANQI_NODES_TIMEOUT_SECS", &timeout)])
            .await?;

        let path = "/api/v1/instances?page_size=20";
        let page: Page<InstanceView> = self.api.get(path).await?;
        ensure!(
            page.total == u64::from(args.rows),
            "GET {path} says total = {}, expected {}",
            page.total,
            args.rows
        );
        ensure!(
            page.items.len() == 20,
            "GET {path} returned {} items, expected 20",
            page.items.len()
        );
        if let Some(i) = page.items.iter().find(|i| i.status != "running") {
            bail!(
                "instance {} is {} ({}), expected the inserted status running",
                i.id,
                i.status,
                i.status_error
            );
        }

        let url = self.api.url(path);
        let healthz_url = self.api.url("/healthz");
        let no_headers: Vec<String> = Vec::new();
        let auth = self.api.header_lines();
        let baseline_run = WrkRun {
            wrk: &args.wrk,
            url: &healthz_url,
            threads: LIST_THREADS,
            connections: LIST_CONNECTIONS,
            duration: Duration::from_secs(args.duration),
            headers: &no_headers,
        };
        let ours_run = WrkRun {
            url: &url,
            headers: &auth,
            ..baseline_run.clone()
        };
        say(format!(
            "list: baseline GET /healthz: warm-up, then {}s",
            args.duration
        ));
        let healthz = warm_then_run(&baseline_run, "GET /healthz").await?;
        say(format!(
            "list: GET {path} over {} rows: warm-up, then {}s",
            args.rows, args.duration
        ));
        let ours = warm_then_run(&ours_run, "GET /api/v1/instances").await?;
        Ok(ListFigures {
            rows: u64::from(args.rows),
            connections: LIST_CONNECTIONS,
            duration_secs: args.duration,
            ours,
            healthz,
        })
    }
}
