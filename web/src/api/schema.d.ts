// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ./types.ts.

export interface paths {
    "/api/v1/admin/orphans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Labelled containers of this installation with no instance behind them, on
         *     every connected node (admin).
         */
        get: operations["list_orphans"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/orphans/{node_id}/{container_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove an orphan container and its data volume (admin). */
        delete: operations["delete_orphan"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List assets (admin), filtered by hostname, service tag, IP, status and
         *     department, a page at a time.
         */
        get: operations["list_assets"];
        put?: never;
        /**
         * Record a server (admin). `hostname` and `service_tag` are required; the
         *     service tag is unique (409).
         */
        post: operations["create_asset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One asset (admin). */
        get: operations["get_asset"];
        put?: never;
        post?: never;
        /** Delete an asset (admin). */
        delete: operations["delete_asset"];
        options?: never;
        head?: never;
        /**
         * Change an asset (admin): absent fields stay, `null` clears a number, a
         *     date, the power state or the node link.
         */
        patch: operations["update_asset"];
        trace?: never;
    };
    "/api/v1/assets/{id}/bmc-refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Read the asset's BMC over Redfish now (admin) and write what it reports —
         *     model, serial, service tag, CPU, memory, power state — over the asset;
         *     answers the facts and what changed. The outcome is also kept on the asset
         *     (`bmc`). 422 `bmc_password` when the BMC refuses the credentials, 503 when
         *     it cannot be reached or does not speak Redfish.
         */
        post: operations["refresh_bmc"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/batch-delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Delete several assets at once (admin), in one transaction. */
        post: operations["batch_delete_assets"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The assets the filters match as CSV (admin), in the format the import reads. */
        get: operations["export_assets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import assets from CSV (admin). Every row is checked first; with any bad
         *     row nothing is imported (422 listing each bad row's line and field) unless
         *     `skip_bad_rows`.
         */
        post: operations["import_assets"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/statistics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Counts by status and warranties ending soon (admin): the console's stat cards. */
        get: operations["asset_statistics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assistant/configs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Provider configs (admin); keys shown masked only. */
        get: operations["list_configs"];
        put?: never;
        /**
         * Add a provider config (admin). `name` (unique, 409) and `api_key` are
         *     required; `base_url` defaults to GLM's OpenAI-compatible endpoint and must
         *     be http(s). `active: true` makes it the one active config.
         */
        post: operations["create_config"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assistant/configs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One provider config (admin). */
        get: operations["get_config"];
        put?: never;
        post?: never;
        /** Delete a provider config (admin). */
        delete: operations["delete_config"];
        options?: never;
        head?: never;
        /**
         * Change a provider config (admin); absent fields stay, an absent
         *     `api_key` keeps the stored key.
         */
        patch: operations["update_config"];
        trace?: never;
    };
    "/api/v1/assistant/configs/{id}/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make this config the active one (admin); the one before it stops being so. */
        post: operations["activate_config"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assistant/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your conversations, the latest first. */
        get: operations["list_conversations"];
        put?: never;
        /** Start a conversation; unset settings come from the active config. */
        post: operations["create_conversation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assistant/conversations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of your conversations (somebody else's: 404). */
        get: operations["get_conversation"];
        put?: never;
        post?: never;
        /** Delete a conversation and its messages (the day's token count stays). */
        delete: operations["delete_conversation"];
        options?: never;
        head?: never;
        /** Rename a conversation or change its settings. */
        patch: operations["update_conversation"];
        trace?: never;
    };
    "/api/v1/assistant/conversations/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A conversation's messages in order. */
        get: operations["list_messages"];
        put?: never;
        /**
         * Send a message and get the reply from the active config's provider.
         *     Streamed (`stream`, the default) as `text/event-stream`: `start` (both
         *     messages), `delta` (content/reasoning), `usage`, `error` (the reply
         *     failed or stalled), then `done` with the reply as stored. Closing the
         *     stream stops the reply; what arrived is kept (`finish_reason: stopped`).
         *     Refusals come before any event: 429 beyond the daily token limit or when
         *     the provider rate-limits, 502 when it refuses the key or cannot be
         *     reached, 504 when it does not answer in time, 409 with no active config.
         */
        post: operations["send_message"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assistant/limits/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's tokens today and daily limit (admin). */
        get: operations["get_limit"];
        /** Set a user's daily token limit (admin). */
        put: operations["set_limit"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assistant/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your tokens today (UTC) and your daily limit. */
        get: operations["my_usage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log, newest first (admin). */
        get: operations["list_audit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with a username and password; answers a session bearer token.
         * @description Failed attempts are limited per source address and per username; past the
         *     limit the answer is 429 with `Retry-After`.
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke the token this request was made with. */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/images": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List images. Users see listed images only. */
        get: operations["list_images"];
        put?: never;
        /** Register an image (admin). `name` and `address` are required. */
        post: operations["create_image"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/images/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One image. Unlisted images exist for admins only. */
        get: operations["get_image"];
        put?: never;
        post?: never;
        /**
         * Remove an image from the catalog (admin). Images already on nodes stay there.
         *     Instances made from it: 409 with their count unless `force=true`.
         */
        delete: operations["delete_image"];
        options?: never;
        head?: never;
        /** Change an image (admin); absent fields stay as they are. */
        patch: operations["update_image"];
        trace?: never;
    };
    "/api/v1/instances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your instances (admins: everyone's), with filters and pagination. */
        get: operations["list_instances"];
        put?: never;
        /**
         * Create an instance: best-fit placement (or the given node, checked the same
         *     way), an atomic reservation, then the container with hard limits. 409 names
         *     the missing resource; 503 names an unreachable node.
         */
        post: operations["create_instance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/instances/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One instance (owner or admin). When it is recorded as running, its
         *     container is checked on the node (bounded to 2 s), so one that ended is
         *     `exited` here with `exit_code` and `exit_reason`.
         */
        get: operations["get_instance"];
        put?: never;
        post?: never;
        /** Delete an instance: container and data volume removed, reservation released. */
        delete: operations["delete_instance"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/instances/{id}/auto-stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set (replace) an instance's shutdown schedule (定时关机): a time to stop
         *     at and/or a run length in hours; null fields clear. Idle limits come from
         *     the spec (`idle_stop_minutes`) and the owner's quota.
         */
        put: operations["set_auto_stop"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/instances/{id}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Logs with timestamps: the last `tail` lines as JSON, or with `follow=true`
         *     as Server-Sent Events (`event: log`, `{"stream","line"}`) that continue as
         *     the container writes.
         */
        get: operations["instance_logs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/instances/{id}/restart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restart an instance. */
        post: operations["restart_instance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/instances/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a stopped instance. */
        post: operations["start_instance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/instances/{id}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Resource use now: `cpu_percent` (of the instance's CPU quota), memory, network,
         *     block I/O, processes. Takes about a second (Docker samples twice).
         */
        get: operations["instance_stats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/instances/{id}/stats/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The same statistics every 5 s as Server-Sent Events (`event: stats`), for
         *     the console; an `event: error` ends the stream.
         */
        get: operations["instance_stats_stream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/instances/{id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop an instance (SIGTERM, then SIGKILL after 10 s). Its reservation is kept. */
        post: operations["stop_instance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/instances/{id}/terminal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Open a terminal in a running instance (owner or admin) over WebSocket. */
        get: operations["terminal"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/instances/placement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Nodes that can take an instance of this spec and image, best fit first, with
         *     each card's free VRAM.
         */
        get: operations["placement"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/instances/placement/specs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * For each listed spec usable with the image: can an instance be placed now,
         *     and if not, which resource is short (the create dialog greys it out).
         */
        get: operations["spec_placements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jumpbox/info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the SSH jump host runs, and the host and port to connect to. */
        get: operations["jumpbox_info"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jumpbox/recordings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recorded terminal sessions (`jumpbox.record`), newest first; filter by
         *     user or instance.
         */
        get: operations["list_recordings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jumpbox/recordings/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a recording (its file and its row). */
        delete: operations["delete_recording"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jumpbox/recordings/{id}/cast": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A recording's asciicast v2 file (streamed; while the session runs, what is
         *     written so far).
         */
        get: operations["recording_cast"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jumpbox/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Open SSH connections: who, from where, in which instance, since when. */
        get: operations["list_sessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jumpbox/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End an SSH connection: the client is disconnected and its processes end. */
        delete: operations["kill_session"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/k8s/clusters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the registered clusters (admin), by name, with each one's last
         *     connection test.
         */
        get: operations["list_clusters"];
        put?: never;
        /**
         * Register a cluster (admin) from a kubeconfig whose credentials are
         *     embedded: `exec`/`auth-provider` plugins and file references are refused
         *     (422 `kubeconfig`, naming the place). An enabled cluster is tested at
         *     once; the answer carries the outcome (`status`, `last_error`). 409 on a
         *     taken name.
         */
        post: operations["create_cluster"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/k8s/clusters/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One cluster (admin). */
        get: operations["get_cluster"];
        put?: never;
        post?: never;
        /** Forget a cluster (admin); nothing on the cluster changes. */
        delete: operations["delete_cluster"];
        options?: never;
        head?: never;
        /**
         * Change a cluster (admin): absent fields stay; `kubeconfig` replaces the
         *     stored one. A new kubeconfig, or switching the cluster on, tests it again.
         */
        patch: operations["update_cluster"];
        trace?: never;
    };
    "/api/v1/k8s/clusters/{id}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The cluster's CPU and memory use, per node and summed (metrics.k8s.io).
         *     502 saying "install metrics-server" when the cluster does not serve it.
         */
        get: operations["cluster_metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/k8s/clusters/{id}/namespaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The namespaces the cluster's kubeconfig user can list (admin). */
        get: operations["namespaces"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/metrics/pods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The pods' CPU and memory use in a namespace (metrics.k8s.io). */
        get: operations["pod_metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The pods in a namespace: phase, IP, node, restarts, creation time. */
        get: operations["pods"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One pod as YAML. */
        get: operations["pod"];
        put?: never;
        post?: never;
        /** Delete a pod (admin, audited); its controller, if any, replaces it. */
        delete: operations["delete_pod"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/services": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The services in a namespace: type, cluster IP, ports (with node ports). */
        get: operations["services"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/services/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One service as YAML. */
        get: operations["service"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/services/{name}/endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where a service sends traffic: its cluster IP and node ports, and the
         *     addresses (pods) behind it, ready or not.
         */
        get: operations["service_endpoints"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Workloads of one kind (`deployments`, `statefulsets`, `daemonsets`) in a
         *     namespace: ready/desired, images, creation time. 502 when the cluster
         *     refuses (401/403, said in the message), 504 when it does not answer.
         */
        get: operations["workloads"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One workload as YAML (without `managedFields`). */
        get: operations["workload"];
        put?: never;
        post?: never;
        /**
         * Delete a workload (admin, audited); its pods go with it (background
         *     propagation).
         */
        delete: operations["delete_workload"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}/{name}/pods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The pods a workload selects. */
        get: operations["workload_pods"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}/{name}/restart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rollout restart (admin, audited): stamps the pod template with
         *     `kubectl.kubernetes.io/restartedAt`, so every pod is replaced.
         */
        post: operations["restart"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}/{name}/scale": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Scale a Deployment or StatefulSet (admin, audited): `replicas` 0–1000;
         *     a DaemonSet is 422 `kind`.
         */
        post: operations["scale"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/k8s/clusters/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test the connection now (admin): the API server's version and the
         *     namespaces the kubeconfig's user can list. The outcome is stored and
         *     returned (`status`, `server_version`, `namespace_count`, `last_error`);
         *     a cluster that fails the test is not an error of this call. 409 when the
         *     cluster is disabled.
         */
        post: operations["test_cluster"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user. */
        get: operations["get_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change your display name or e-mail. */
        patch: operations["update_me"];
        trace?: never;
    };
    "/api/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your password. Your other login sessions end; this one stays. */
        post: operations["change_password"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/quota": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your quota in force and what counts against it now (the dashboard's
         *     month-to-date cost is `in_use.month_cost`).
         */
        get: operations["my_quota"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/ssh-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your SSH public keys for the jump host. */
        get: operations["list_ssh_keys"];
        put?: never;
        /**
         * Register an SSH public key (one OpenSSH line); the jump host then accepts it
         *     for you.
         */
        post: operations["add_ssh_key"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/ssh-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete one of your SSH keys; the jump host refuses it from then on. */
        delete: operations["delete_ssh_key"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your live API tokens (never their secrets). */
        get: operations["list_tokens"];
        put?: never;
        /** Create a long-lived API token. The secret is in this response only. */
        post: operations["create_token"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one of your API tokens; it stops working at once. */
        delete: operations["revoke_token"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List compute nodes (admin), with their Docker connection status. */
        get: operations["list_nodes"];
        put?: never;
        /**
         * Register a node (admin). The Docker connection is tested at once (5 s) and
         *     the outcome stored in `docker_status`; a failed test still registers the node.
         */
        post: operations["create_node"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/nodes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One node with Docker's facts (versions, OS, kernel, CPUs, memory, storage
         *     driver, runtimes) from its last successful test (admin).
         */
        get: operations["get_node"];
        put?: never;
        post?: never;
        /** Delete a node (admin). Its TLS files are removed. */
        delete: operations["delete_node"];
        options?: never;
        head?: never;
        /**
         * Change a node (admin) and re-test it. Secrets (`ssh_password`, `client_key`):
         *     absent keeps them, `""` removes them.
         */
        patch: operations["update_node"];
        trace?: never;
    };
    "/api/v1/nodes/{id}/capacity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Totals, allocated and free CPU, memory, disks, GPUs and per-card VRAM (admin). */
        get: operations["node_capacity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/nodes/{id}/images/present": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether an image is on the node's engine (admin): the console offers the
         *     sandbox image built by `scripts/run.sh` when node `local` has it.
         */
        get: operations["node_image_present"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/nodes/{id}/images/pull": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pull an image onto a node (admin), streaming progress as Server-Sent Events:
         *     `progress` events (`{"layer","status","current","total"}`), then one `done`
         *     or `error` event (`{"status","message"}`). An unreachable node answers 503
         *     before the stream starts.
         */
        post: operations["pull_image"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/nodes/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Test the node's Docker connection now (admin). */
        post: operations["test_node"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/nodes/local": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register this machine's Docker Engine as node `local` (admin), sized from
         *     what the engine reports. 409 when a node already uses its socket (or the
         *     name `local` is taken), 503 when no engine answers.
         */
        post: operations["register_local_node"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/nodes/local-candidate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether this machine's Docker Engine (`nodes.local_socket`) answers and no
         *     node uses it yet (admin): the console offers to register it when `offer`.
         */
        get: operations["local_candidate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/port-forwards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Rules, newest first, each with its live state and counters. */
        get: operations["list_port_forwards"];
        put?: never;
        /**
         * Create a rule; an enabled one listens before this answers. A source
         *     overlapping another rule's → 409; a port taken by another process → the
         *     rule is saved with `live.state` `error` and the reason.
         */
        post: operations["create_port_forward"];
        /**
         * Delete several rules at once (`?ids=1,2,3`); none is deleted when one
         *     does not exist (404 naming it).
         */
        delete: operations["delete_port_forwards"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/port-forwards/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One rule with its live state. */
        get: operations["get_port_forward"];
        put?: never;
        post?: never;
        /** Delete a rule (its listener closes before this answers). */
        delete: operations["delete_port_forward"];
        options?: never;
        head?: never;
        /**
         * Change a rule; absent fields stay. Applied to the running forwarder
         *     before this answers (a new address rebinds; open connections to the old
         *     one get `forward.disable_grace_secs`).
         */
        patch: operations["update_port_forward"];
        trace?: never;
    };
    "/api/v1/port-forwards/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Disable a rule: it stops listening before this answers; its open TCP
         *     connections close after `forward.disable_grace_secs`.
         */
        post: operations["disable_port_forward"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/port-forwards/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a rule: it listens before this answers. */
        post: operations["enable_port_forward"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/port-forwards/{id}/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The live state and counters of one rule alone (cheap to poll). */
        get: operations["live_port_forward"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/port-forwards/server-ips": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This server's addresses (loopback excepted), for the source address (获取服务器IP). */
        get: operations["server_ips"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/quotas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every quota (admin): the default for everyone and the users' own. */
        get: operations["list_quotas"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/quotas/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a user's own quota (admin): laid over the default field by field. */
        put: operations["set_user_quota"];
        post?: never;
        /** Remove a user's own quota (admin): the default applies again. */
        delete: operations["delete_user_quota"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/quotas/default": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the default quota (admin): every field replaced, null = no limit. */
        put: operations["set_default_quota"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sandbox/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Runs a snippet (python by default) in a fresh container. */
        post: operations["run_code"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sandbox/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The warm pools, per runtime (admin). */
        get: operations["sandbox_status"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/specs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List product specs. Users see listed specs only; `image_id` hides specs the
         *     image cannot run (VRAM split on an image without it).
         */
        get: operations["list_specs"];
        put?: never;
        /** Define a product spec (admin). */
        post: operations["create_spec"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/specs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One spec. Unlisted specs exist for admins only. */
        get: operations["get_spec"];
        put?: never;
        post?: never;
        /**
         * Delete a spec (admin). Instances made with it: 409 with their count
         *     unless `force=true`.
         */
        delete: operations["delete_spec"];
        options?: never;
        head?: never;
        /** Change a spec (admin). */
        patch: operations["update_spec"];
        trace?: never;
    };
    "/api/v1/system/host": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This server's host now: CPU, memory, disks, load, network and the top
         *     processes by CPU and by memory (CPU figures cover the time since the
         *     previous sample, shared by every caller for about a second).
         */
        get: operations["host"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/system/nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every Docker node as its Engine describes itself (`docker info`): CPUs,
         *     memory, containers, images; an unreachable node says why.
         */
        get: operations["nodes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/system/ws": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The host and node figures pushed every `interval` seconds over a WebSocket
         *     (see the module's protocol); ends when the admin's access ends.
         */
        get: operations["stream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tasks by id, each with its state and next run. */
        get: operations["list_tasks"];
        put?: never;
        /**
         * Create a task (the seed's fields: `id`, `script_path`, `interval_minutes`,
         *     `execute_path`, `enabled`, …). Host-process tasks: admins only (403).
         */
        post: operations["create_task"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_task"];
        put?: never;
        post?: never;
        /** Delete a task: its runs are stopped, its history and logs removed. */
        delete: operations["delete_task"];
        options?: never;
        head?: never;
        /**
         * Change a task; absent fields stay (an interval replaces a cron
         *     expression and the other way round).
         */
        patch: operations["update_task"];
        trace?: never;
    };
    "/api/v1/tasks/{id}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The end of its log (every line `<time> [run N] [stream] text`), with a
         *     level filter.
         */
        get: operations["task_logs"];
        put?: never;
        post?: never;
        /** Remove its log files. */
        delete: operations["clear_task_logs"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/logs/ws": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Follow the task's log live over a WebSocket (owner or admin; see the
         *     module's protocol). Lines from the upgrade on; the past is `GET …/logs`.
         */
        get: operations["follow_task_logs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/restart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop it, wait for its runs to end, run it again. */
        post: operations["restart_task"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run it now. Running already with `overlap: skip` → 409. */
        post: operations["run_task"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Its runs, newest first: trigger, attempt, times, exit code or signal; as
         *     a page of JSON or (format=csv) the whole history as CSV.
         */
        get: operations["task_runs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop its runs, and their retries or restarts. */
        post: operations["stop_task"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/toggle": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enable a disabled task or disable an enabled one (disabling stops its
         *     runs).
         */
        post: operations["toggle_task"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/batch/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Delete several, all or none (one unknown id → 404, nothing deleted). */
        post: operations["batch_delete"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/batch/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run several now; each answers for itself. */
        post: operations["batch_run"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/batch/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop several; each answers for itself. */
        post: operations["batch_stop"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your tasks (admins: all) as the seed's tasks.json or as CSV. */
        get: operations["export_tasks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a tasks.json (the seed's format, `settings` block included): all
         *     tasks or none; existing ids are updated.
         */
        post: operations["import_tasks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The next 5 fire times of a definition (nothing is saved): the console's
         *     schedule helper.
         */
        post: operations["preview_task"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Usage over a period (default: this month so far, by day). Costs are exact
         *     decimals; each interval is priced at the spec's price when it opened.
         */
        get: operations["get_usage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users (admin), with filters and pagination. */
        get: operations["list_users"];
        put?: never;
        /** Create a user (admin). */
        post: operations["create_user"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get one user (admin). */
        get: operations["get_user"];
        put?: never;
        post?: never;
        /** Delete a user and their tokens (admin). Not yourself, not the last admin. */
        delete: operations["delete_user"];
        options?: never;
        head?: never;
        /**
         * Change a user's role, enabled flag, display name or e-mail (admin).
         * @description Disabling a user revokes all their tokens at once. The last enabled admin
         *     cannot be demoted or disabled (409).
         */
        patch: operations["update_user"];
        trace?: never;
    };
    "/api/v1/users/{id}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password for a user (admin). Their sessions end and they must
         *     choose a new password at their next login; their API tokens keep working.
         */
        post: operations["reset_password"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lifts the user's sign-in lockout (failed attempts counted for the name). */
        post: operations["unlock_user"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every workspace of the profile, by user id, with its status as last seen. */
        get: operations["list_workspaces"];
        put?: never;
        /**
         * Create (or start) a user's workspace, like the compat `/create`. 201 when a
         *     container was made, 200 when it existed.
         */
        post: operations["create_workspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One workspace with its live health (Docker state, CPU/memory, probes). */
        get: operations["get_workspace"];
        put?: never;
        post?: never;
        /** Destroy the container; the user's data directory stays. */
        delete: operations["delete_workspace"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{id}/restart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restart the same container (ports and limits unchanged). */
        post: operations["restart_workspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/profile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The profile in effect (from the configuration; change it there and restart). */
        get: operations["get_profile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/execute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Piston v2: runs code in a fresh container. */
        post: operations["piston_execute"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/runtimes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Piston v2: the runtimes this server runs. */
        get: operations["piston_runtimes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description `POST /api/v1/me/ssh-keys` */
        AddSshKey: {
            /** @description A label, 1–64 characters; empty = the key's comment. */
            name?: string;
            /** @description One line in OpenSSH format, as in `~/.ssh/id_ed25519.pub`. */
            public_key: string;
        };
        Amount: {
            /** Format: double */
            allocated: number;
            /** Format: double */
            free: number;
            /** Format: double */
            total: number;
        };
        /** @description An API token as its owner sees it in a list (never the secret). */
        ApiToken: {
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            expires_at?: string | null;
            /** Format: int64 */
            id: number;
            /** Format: date-time */
            last_used_at?: string | null;
            name: string;
        };
        /** @description An asset as the API shows it. */
        Asset: components["schemas"]["AssetDraft"] & {
            bmc: components["schemas"]["BmcState"];
            /** Format: date-time */
            created_at: string;
            /** @description A BMC password is stored (it is never shown). */
            has_bmc_password: boolean;
            /** Format: int64 */
            id: number;
            node?: null | components["schemas"]["NodeLink"];
            /** Format: date-time */
            updated_at: string;
            /**
             * Format: int64
             * @description Days until the warranty ends (negative: ended that long ago).
             */
            warranty_days_left?: number | null;
            warranty_state: components["schemas"]["WarrantyState"];
        };
        /** @description A complete, valid asset in storage form: what is written and read back. */
        AssetDraft: {
            asset_number: string;
            /** @description The BMC (iDRAC) Redfish endpoint: `https://host[:port]`; '' = none. */
            bmc_address: string;
            bmc_username: string;
            /** Format: int64 */
            cpu_cores?: number | null;
            cpu_model: string;
            /** Format: int64 */
            cpu_threads?: number | null;
            department: string;
            /** @description Disk configuration, free text (e.g. "2×960G SSD RAID1; 8×8T SAS RAID6"). */
            disks: string;
            /** @description 主机名 (required). */
            hostname: string;
            ip_address: string;
            /** @description Canonical `aa:bb:cc:dd:ee:ff`. */
            mac_address: string;
            /** Format: int64 */
            memory_gb?: number | null;
            model: string;
            /** @description NICs, free text. */
            nics: string;
            /**
             * Format: int64
             * @description The compute node this server is, when linked (one asset per node).
             */
            node_id?: number | null;
            os: string;
            owner: string;
            power_state?: null | components["schemas"]["PowerState"];
            /** Format: date */
            purchase_date?: string | null;
            /** @description 机柜 (rack id). */
            rack: string;
            remark: string;
            serial_number: string;
            /**
             * @description 服务标签: the vendor's unique id (Dell service tag); stored upper-case,
             *     unique across assets.
             */
            service_tag: string;
            status: components["schemas"]["AssetStatus"];
            /** @description 机架位置: `U5` or `U5-U8`. */
            u_position: string;
            /** Format: date */
            warranty_end?: string | null;
        };
        /**
         * @description What a create or an update sends. Absent fields keep their value (create:
         *     the default); `null` clears a number, a date, the power state or the node.
         */
        AssetFields: {
            asset_number?: string | null;
            bmc_address?: string | null;
            /** @description Write-only: absent keeps it, `""` removes it. Stored encrypted, never returned. */
            bmc_password?: string | null;
            bmc_username?: string | null;
            /** Format: int64 */
            cpu_cores?: number | null;
            cpu_model?: string | null;
            /** Format: int64 */
            cpu_threads?: number | null;
            department?: string | null;
            disks?: string | null;
            hostname?: string | null;
            ip_address?: string | null;
            mac_address?: string | null;
            /** Format: int64 */
            memory_gb?: number | null;
            model?: string | null;
            nics?: string | null;
            /** Format: int64 */
            node_id?: number | null;
            os?: string | null;
            owner?: string | null;
            power_state?: null | components["schemas"]["PowerState"];
            /** Format: date */
            purchase_date?: string | null;
            rack?: string | null;
            remark?: string | null;
            serial_number?: string | null;
            service_tag?: string | null;
            status?: null | components["schemas"]["AssetStatus"];
            u_position?: string | null;
            /** Format: date */
            warranty_end?: string | null;
        };
        AssetIds: {
            /** @description Asset ids (1–500). */
            ids: number[];
        };
        AssetImport: {
            /** @description The CSV text: a header naming the columns, then one asset per line. */
            csv: string;
            /** @description Import the good rows and report the bad ones, instead of importing nothing. */
            skip_bad_rows?: boolean;
        };
        /** @description A refused import: the usual error, and every bad row. */
        AssetImportRejected: {
            error: components["schemas"]["ErrorDetail"];
            /**
             * @description Every bad row; absent when the request itself was refused (a body
             *     that is not the import's JSON, a file that is not CSV).
             */
            rows?: components["schemas"]["AssetRowError"][];
        };
        /** @description What an import did. */
        AssetImportReport: {
            /** Format: int64 */
            imported: number;
            /** @description The rows left out (only with `skip_bad_rows`). */
            skipped: components["schemas"]["AssetRowError"][];
        };
        /**
         * @description A row that cannot be imported: its line in the file (the header is line 1),
         *     the column at fault and why.
         */
        AssetRowError: {
            field: string;
            line: number;
            message: string;
        };
        AssetStatistics: {
            /** Format: int64 */
            maintenance: number;
            /** Format: int64 */
            offline: number;
            /** Format: int64 */
            online: number;
            /** Format: int64 */
            total: number;
            /** Format: int64 */
            warranty_expired: number;
            /**
             * Format: int64
             * @description Warranties ending in the next 30 days (today included).
             */
            warranty_within_30_days: number;
            /**
             * Format: int64
             * @description Warranties ending in the next 90 days (the 30-day ones included).
             */
            warranty_within_90_days: number;
        };
        /**
         * @description What the operators say about the server (状态).
         * @enum {string}
         */
        AssetStatus: "online" | "offline" | "maintenance";
        /** @description One audited mutation. */
        AuditEntry: {
            actor?: string | null;
            /** Format: int64 */
            actor_id?: number | null;
            /** Format: date-time */
            at: string;
            /**
             * @description For a long-lived session, written when it ends (JSON: start, end,
             *     bytes, why it ended); empty for ordinary requests.
             */
            detail: string;
            /** Format: int64 */
            id: number;
            method: string;
            /** @description The resource id taken from the path, when the route has one. */
            resource_id?: string | null;
            /** @description The route template, e.g. `/api/v1/users/{id}`. */
            route: string;
            source_ip: string;
            /** Format: int32 */
            status: number;
        };
        /** @description An instance's shutdown schedule and what the autostop loop found. */
        AutoStop: {
            /**
             * Format: date-time
             * @description When it is due to stop by itself (while running), or when it was
             *     stopped by itself (`exit_reason` `auto_stopped`); null otherwise.
             */
            due_at?: string | null;
            /**
             * Format: date-time
             * @description Idle (no CPU use, no session) since then, while running.
             */
            idle_since?: string | null;
            reason?: null | components["schemas"]["StopReason"];
            /**
             * Format: double
             * @description Stop after running this long, counted from the last start; null for none.
             */
            stop_after_hours?: number | null;
            /**
             * Format: date-time
             * @description Stop at this time (定时关机); null for none.
             */
            stop_at?: string | null;
            /**
             * @description Whether `due_at` is close enough that the owner is warned (see
             *     `autostop.warn_minutes`).
             */
            warn: boolean;
        };
        /** @description What a batch delete did. */
        BatchDeleted: {
            deleted: number[];
            /** @description Ids that were not there. */
            missing: number[];
        };
        BatchIds: {
            /** @description Task ids (1–1000). */
            ids: string[];
        };
        /** @description What a batch did to each task. */
        BatchResult: {
            id: string;
            ok: boolean;
            /** @description started / queued / skipped / stopped / deleted, or the error. */
            result: string;
        };
        BatchResults: {
            items: components["schemas"]["BatchResult"][];
        };
        /**
         * @description What one system resource says. Every field is optional: BMCs differ in
         *     what they fill in.
         */
        BmcFacts: {
            /**
             * Format: int64
             * @description Cores (`ProcessorSummary.CoreCount`, newer schemas).
             */
            cpu_cores?: number | null;
            cpu_model?: string | null;
            /**
             * Format: int64
             * @description Processor sockets (`ProcessorSummary.Count`).
             */
            cpu_sockets?: number | null;
            /**
             * Format: int64
             * @description Threads (`ProcessorSummary.LogicalProcessorCount`).
             */
            cpu_threads?: number | null;
            /** @description `Status.HealthRollup` (or `Status.Health`): OK, Warning, Critical. */
            health?: string | null;
            manufacturer?: string | null;
            /** Format: int64 */
            memory_gb?: number | null;
            model?: string | null;
            power_state?: null | components["schemas"]["PowerState"];
            serial_number?: string | null;
            /** @description Dell puts the service tag in `SKU`. */
            service_tag?: string | null;
        };
        /** @description What a refresh from the BMC read and changed. */
        BmcRefresh: {
            asset: components["schemas"]["Asset"];
            /** @description The asset's fields the BMC changed (empty: it already matched). */
            changes: components["schemas"]["FieldChange"][];
            facts: components["schemas"]["BmcFacts"];
        };
        /** @description The last "refresh from BMC": when, the health it reported, or why it failed. */
        BmcState: {
            /** Format: date-time */
            checked_at?: string | null;
            /** @description Why the last refresh failed ('' when it worked). */
            error: string;
            /** @description Redfish `Status.HealthRollup`: OK, Warning, Critical ('' before a read). */
            health: string;
        };
        Capacity: {
            /** @description Free VRAM on each card (单卡显存). */
            cards: components["schemas"]["CardCapacity"][];
            cpu_cores: components["schemas"]["Amount"];
            data_disk_gb: components["schemas"]["Amount"];
            /** @description Cards with nothing allocated count as free. */
            gpus: components["schemas"]["Amount"];
            memory_gb: components["schemas"]["Amount"];
            system_disk_gb: components["schemas"]["Amount"];
        };
        CardCapacity: {
            /** Format: int64 */
            index: number;
            /** Format: double */
            vram_allocated_gb: number;
            /** Format: double */
            vram_free_gb: number;
            /** Format: double */
            vram_total_gb: number;
            /** @description Nothing is allocated on this card: it can be handed out whole. */
            whole_free: boolean;
        };
        /**
         * @description What a schedule does with the ticks missed while the server was down.
         * @enum {string}
         */
        CatchUp: "none" | "once";
        /** @description `POST /api/v1/me/password` */
        ChangePassword: {
            current_password: string;
            new_password: string;
        };
        /**
         * @description A registered cluster as the API shows it. There is no kubeconfig field:
         *     it is write-only (`has_kubeconfig` says one is kept; send a new one to
         *     replace it).
         */
        Cluster: {
            /** Format: date-time */
            checked_at?: string | null;
            /** Format: date-time */
            created_at: string;
            description: string;
            enabled: boolean;
            has_kubeconfig: boolean;
            /** Format: int64 */
            id: number;
            /** @description Why the last test failed ('' when it did not). */
            last_error: string;
            name: string;
            /**
             * Format: int64
             * @description Namespaces the kubeconfig's user could list at the last successful test.
             */
            namespace_count?: number | null;
            /** @description The API server's URL, read from the kubeconfig's current context. */
            server: string;
            /** @description `gitVersion` the API server reported at the last successful test. */
            server_version: string;
            status: components["schemas"]["ClusterStatus"];
            /** Format: date-time */
            updated_at: string;
        };
        /**
         * @description A create or an edit. On an edit, absent fields stay; `kubeconfig`
         *     replaces the stored one.
         */
        ClusterInput: {
            description?: string | null;
            enabled?: boolean | null;
            /**
             * @description The kubeconfig YAML (required on create). Credentials must be embedded:
             *     `exec` and `auth-provider` plugins and file references are refused.
             */
            kubeconfig?: string | null;
            name?: string | null;
        };
        /**
         * @description What the last connection test found.
         * @enum {string}
         */
        ClusterStatus: "unknown" | "connected" | "error" | "disabled";
        /** @description The cluster's use: the nodes' summed, and each node's. */
        ClusterUsage: {
            /** Format: int64 */
            cpu_millicores: number;
            /** Format: int64 */
            memory_bytes: number;
            nodes: components["schemas"]["Usage"][];
        };
        /** @description A valid config in storage form (the key is kept apart: it is sealed). */
        ConfigDraft: {
            /** @description The one config conversations use. */
            active: boolean;
            /** @description The endpoint's base URL; `/chat/completions` is appended. */
            base_url: string;
            /** Format: int64 */
            max_tokens: number;
            /** @description The model a new conversation uses. */
            model: string;
            /** @description 配置名称, unique. */
            name: string;
            /** Format: double */
            temperature: number;
        };
        /**
         * @description What a create or an update sends; absent fields keep their value (create:
         *     the default). `api_key` is write-only: absent keeps the stored one.
         */
        ConfigFields: {
            active?: boolean | null;
            /** @description The provider's API key (required on create; never returned). */
            api_key?: string | null;
            base_url?: string | null;
            /** Format: int64 */
            max_tokens?: number | null;
            model?: string | null;
            name?: string | null;
            /** Format: double */
            temperature?: number | null;
        };
        /** @description A conversation as the API shows it, with the tokens its replies used. */
        Conversation: components["schemas"]["ConversationDraft"] & {
            /** Format: int64 */
            completion_tokens: number;
            /** Format: date-time */
            created_at: string;
            /** Format: int64 */
            id: number;
            /** Format: int64 */
            message_count: number;
            /** Format: int64 */
            prompt_tokens: number;
            /** Format: int64 */
            total_tokens: number;
            /** Format: date-time */
            updated_at: string;
            /** Format: int64 */
            user_id: number;
        };
        /** @description A valid conversation in storage form. */
        ConversationDraft: {
            /** @description The conversation the console opens first (at most one per user). */
            active: boolean;
            /** Format: int64 */
            max_tokens: number;
            model: string;
            /** @description Sent first, as the `system` message, with every request ('' = none). */
            system_prompt: string;
            /** Format: double */
            temperature: number;
            title: string;
        };
        /**
         * @description What a create or an update (rename, settings) sends; absent fields keep
         *     their value (create: the active config's defaults).
         */
        ConversationFields: {
            active?: boolean | null;
            /** Format: int64 */
            max_tokens?: number | null;
            model?: string | null;
            system_prompt?: string | null;
            /** Format: double */
            temperature?: number | null;
            title?: string | null;
        };
        CpuFigures: {
            brand: string;
            /** @description Logical CPUs. */
            cores: number;
            /** @description The same per logical CPU. */
            per_core_percent: number[];
            physical_cores?: number | null;
            /**
             * Format: double
             * @description Busy share of all CPUs since the previous sample, 0–100.
             */
            usage_percent: number;
        };
        /** @description `POST /api/v1/me/tokens` */
        CreateApiToken: {
            /**
             * Format: int32
             * @description Days until the token expires (1–3650, or up to `auth.api_token_max_days`); omit for a
             *     token that lives until revoked (or `auth.api_token_max_days` when that is set).
             */
            expires_in_days?: number | null;
            /** @description A label to recognise the token by, 1–64 characters. */
            name: string;
        };
        /** @description A new API token. `token` is shown this once and cannot be retrieved again. */
        CreatedApiToken: {
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            expires_at?: string | null;
            /** Format: int64 */
            id: number;
            name: string;
            token: string;
        };
        CreatedWorkspace: {
            /** @description `created`, `already_running` or `started`. */
            outcome: string;
            workspace: components["schemas"]["Workspace"];
        };
        CreateInstance: {
            /** Format: int64 */
            image_id: number;
            /** @description `^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`, unique among your instances. */
            name: string;
            /**
             * Format: int64
             * @description Run on this node (validated like an automatic choice); omit for best fit.
             */
            node_id?: number | null;
            remark?: string | null;
            /** Format: int64 */
            spec_id: number;
            /**
             * Format: double
             * @description Stop it after running this many hours (from each start); omit for none.
             */
            stop_after_hours?: number | null;
            /**
             * Format: date-time
             * @description Stop it at this time (定时关机, RFC 3339, in the future); omit for none.
             */
            stop_at?: string | null;
        };
        /** @description `POST /api/v1/users` */
        CreateUser: {
            display_name?: string;
            email?: string;
            /** @description 8–256 characters. */
            password: string;
            role?: components["schemas"]["Role"];
            /** @description ASCII letters, digits, `_`, `.`, `-`; 1–32 characters, starting with a letter or digit. */
            username: string;
        };
        CreateWorkspace: {
            /**
             * Format: int64
             * @description 1..=max_users.
             */
            user_id: number;
        };
        /** @description What a user used today, as the API shows it. */
        DailyUsage: {
            /**
             * Format: date
             * @description The UTC day counted.
             */
            day: string;
            /**
             * Format: int64
             * @description None = unlimited.
             */
            limit_tokens?: number | null;
            /** @description Whether this limit is the user's own (else the server default). */
            own_limit: boolean;
            /** Format: int64 */
            used_tokens: number;
        };
        DiskFigures: {
            /**
             * Format: int64
             * @description Bytes an unprivileged user can still write.
             */
            available_bytes: number;
            /** @description The device, e.g. `/dev/sda1`. */
            device: string;
            file_system: string;
            mount_point: string;
            /**
             * Format: double
             * @description used / total, 0–100.
             */
            percent: number;
            /** Format: int64 */
            total_bytes: number;
            /** Format: int64 */
            used_bytes: number;
        };
        /** @description What the node's Docker Engine said about itself at the last successful test. */
        DockerFacts: {
            /** @default  */
            api_version: string;
            /**
             * @description The filesystem under the storage driver (`extfs`, `xfs`, …), when Docker says.
             * @default
             */
            backing_filesystem: string;
            /**
             * @description Whether this storage driver can enforce a container's disk size: btrfs,
             *     zfs and devicemapper can, overlay2 only on xfs (mounted with `pquota`,
             *     which Docker checks at create; each instance records in `disk_enforced`
             *     whether its limit was applied). Elsewhere disk sizes are bookkeeping.
             * @default false
             */
            disk_limits_supported: boolean;
            /** @default  */
            kernel_version: string;
            /**
             * Format: int64
             * @default 0
             */
            memory_bytes: number;
            /**
             * Format: int64
             * @default 0
             */
            ncpu: number;
            /**
             * @description The `nvidia` runtime is registered (GPU containers possible).
             * @default false
             */
            nvidia_runtime: boolean;
            /** @default  */
            os: string;
            /**
             * @description Docker's root directory (images, container layers, volumes).
             * @default
             */
            root_dir: string;
            /**
             * Format: int64
             * @default 0
             */
            root_fs_free_bytes: number;
            /**
             * Format: int64
             * @description Size and free space of the filesystem holding `root_dir`, measured when the
             *     engine is on this machine (a unix socket); 0 = not measured.
             * @default 0
             */
            root_fs_total_bytes: number;
            /** @default [] */
            runtimes: string[];
            /** @default  */
            server_version: string;
            /** @default  */
            storage_driver: string;
        };
        /**
         * @description The last known state of a node's Docker connection.
         * @enum {string}
         */
        DockerStatus: "unknown" | "connected" | "failed";
        /** @description One address behind a service. */
        EndpointAddress: {
            ip: string;
            node?: string | null;
            /** @description The pod behind it, when it is one. */
            pod?: string | null;
            ready: boolean;
        };
        ErrorBody: {
            error: components["schemas"]["ErrorDetail"];
        };
        ErrorDetail: {
            /** @description Stable machine-readable code, e.g. `validation_failed`. */
            code: string;
            /** @description The request field at fault, for validation errors. */
            field?: string | null;
            /** @description A sentence for people. */
            message: string;
        };
        /** @description A whole reply: the user's message and the answer, both stored. */
        Exchange: {
            reply: components["schemas"]["Message"];
            user_message: components["schemas"]["Message"];
        };
        /**
         * @description Why an instance's container is not running, for the console to explain.
         * @enum {string}
         */
        ExitReason: "none" | "stopped" | "auto_stopped" | "exited" | "oom_killed" | "shell_without_tty";
        /** @description One field a refresh changed. */
        FieldChange: {
            after: string;
            before: string;
            field: string;
        };
        /** @description The seed's `settings` block. */
        FileSettings: {
            /**
             * Format: double
             * @description Minutes: the interval of imported tasks that name no schedule.
             */
            default_interval?: number | null;
            log_level?: string | null;
            /** @description The server's `tasks.max_concurrent` governs; reported, not applied. */
            max_concurrent?: number | null;
        };
        /** @description Live state of a rule in the running forwarder. */
        ForwardLive: {
            /**
             * Format: int64
             * @description Open TCP connections or live UDP sessions.
             */
            active_connections: number;
            /**
             * Format: int64
             * @description Bytes from clients to the target since the server started.
             */
            bytes_in: number;
            /**
             * Format: int64
             * @description Bytes from the target to clients since the server started.
             */
            bytes_out: number;
            /**
             * @description Why an enabled rule is not listening, e.g. "cannot listen on
             *     0.0.0.0:80: address already in use".
             */
            error?: string | null;
            /**
             * @description The latest problem serving a connection (a refused connect, an
             *     instance without an address).
             */
            last_error?: string | null;
            /**
             * Format: int64
             * @description Connections refused at `forward.max_connections_per_rule`.
             */
            rejected_connections: number;
            /** @description `listening`, `error` (see `error`) or `stopped` (disabled). */
            state: string;
            /**
             * @description The address new connections go to now (`ip:port`); for an instance
             *     target, its container's current address.
             */
            target_address?: string | null;
            /**
             * Format: int64
             * @description Connections (UDP: sessions) since the server started.
             */
            total_connections: number;
        };
        GpuGrant: {
            /**
             * Format: int64
             * @description Card index on the node (what `device_ids` names).
             */
            index: number;
            /** Format: int64 */
            sm_percent: number;
            /** Format: int64 */
            vram_mib: number;
        };
        /**
         * @description How a report groups its rows.
         * @enum {string}
         */
        GroupBy: "user" | "node" | "spec" | "day";
        /** @description One look at this server's host. */
        HostSnapshot: {
            /** @description CPU architecture, e.g. `x86_64`. */
            arch: string;
            /** Format: date-time */
            at: string;
            /** Format: date-time */
            boot_time: string;
            cpu: components["schemas"]["CpuFigures"];
            /** @description Real filesystems only (no tmpfs, overlay, proc …), one row per device. */
            disks: components["schemas"]["DiskFigures"][];
            hostname: string;
            kernel: string;
            load: components["schemas"]["LoadFigures"];
            memory: components["schemas"]["MemoryFigures"];
            /** @description Per interface; loopback included (a local service's traffic is traffic). */
            network: components["schemas"]["NetworkFigures"][];
            /** @description Operating system, e.g. `Debian GNU/Linux 13`. */
            os: string;
            /** @description Processes on the host. */
            process_count: number;
            /** @description The busiest processes by CPU, most first. */
            top_cpu: components["schemas"]["ProcessFigures"][];
            /** @description The largest processes by resident memory, most first. */
            top_memory: components["schemas"]["ProcessFigures"][];
            /** Format: int64 */
            uptime_secs: number;
        };
        Image: {
            /** @description Image reference as Docker pulls it, e.g. `registry.example.org/team/pytorch:2.3`. */
            address: string;
            /**
             * @description Linux capabilities its containers get back on top of what the platform
             *     drops from every instance (`instances.drop_capabilities`), e.g.
             *     `["NET_RAW"]` for `ping`. Only capabilities that cannot reach the node
             *     itself are accepted (see [`GRANTABLE_CAPABILITIES`]).
             */
            capabilities: string[];
            /** Format: date-time */
            created_at: string;
            description: string;
            /** Format: int64 */
            id: number;
            /**
             * @description argv run instead of the image's command, for images without a long-running
             *     one (e.g. `["sleep", "infinity"]`); empty = the image's own command.
             */
            keep_alive_command: string[];
            /** @description Listed (上架): visible to users. */
            listed: boolean;
            name: string;
            remark: string;
            source: string;
            /** @description The image carries HAMi-core, so GPU memory can be split for its containers. */
            supports_vram_split: boolean;
            /** Format: date-time */
            updated_at: string;
        };
        /** @description Fields for create (name and address required) and update (all optional). */
        ImageFields: {
            address?: string | null;
            capabilities?: string[] | null;
            description?: string | null;
            keep_alive_command?: string[] | null;
            listed?: boolean | null;
            name?: string | null;
            remark?: string | null;
            source?: string | null;
            supports_vram_split?: boolean | null;
        };
        ImagePresence: {
            /** @description The node's engine has this image. */
            present: boolean;
            reference: string;
        };
        ImportReport: {
            created: string[];
            /** @description Settings of the file the server does not take from it, and why. */
            notes: string[];
            updated: string[];
        };
        Instance: {
            /** @description Idle and scheduled shutdown: what the owner set and what is due. */
            auto_stop: components["schemas"]["AutoStop"];
            container_id: string;
            container_name: string;
            /** Format: double */
            cpu_cores: number;
            /** Format: date-time */
            created_at: string;
            /** Format: int64 */
            data_disk_gb: number;
            /**
             * @description Whether the system-disk size is enforced by the storage driver; when not,
             *     it is recorded here instead of silently dropped.
             */
            disk_enforced: boolean;
            /**
             * Format: int64
             * @description The exit code of the container's main process once it ended (`exited`);
             *     null while it runs or when it is unknown.
             */
            exit_code?: number | null;
            /** @description Why an `exited` instance is not running (`none` otherwise). */
            exit_reason: components["schemas"]["ExitReason"];
            gpu_split: boolean;
            gpus: components["schemas"]["GpuGrant"][];
            /** Format: int64 */
            id: number;
            image_address: string;
            /** Format: int64 */
            image_id?: number | null;
            /** Format: double */
            memory_gb: number;
            name: string;
            /** Format: int64 */
            node_id: number;
            /** Format: int64 */
            owner_id: number;
            /**
             * @description What a creating instance is doing now, e.g. `pulling image: 3/5 layers,
             *     41.2 MB of 80.0 MB`; empty once it runs.
             */
            progress: string;
            remark: string;
            /** Format: int64 */
            spec_id?: number | null;
            status: components["schemas"]["InstanceStatus"];
            status_error: string;
            /** Format: int64 */
            system_disk_gb: number;
            /** Format: date-time */
            updated_at: string;
        };
        /** @enum {string} */
        InstanceStatus: "creating" | "running" | "exited" | "failed" | "deleting" | "missing";
        /** @description `GET /api/v1/jumpbox/info` */
        JumpboxInfo: {
            enabled: boolean;
            /** @description Where to connect: `jumpbox.public_host`, else the host this request came to. */
            host: string;
            /**
             * Format: int32
             * @description The port the jump host listens on (0 when it does not run).
             */
            port: number;
        };
        /** @description One connection, as an admin sees it. */
        JumpboxSession: {
            /**
             * Format: int64
             * @description Bytes from the client into instances, and back, so far.
             */
            bytes_in: number;
            /** Format: int64 */
            bytes_out: number;
            /** Format: int64 */
            id: number;
            /**
             * Format: int64
             * @description The instance it is in now (none at the menu).
             */
            instance_id?: number | null;
            instance_name?: string | null;
            source_ip: string;
            /** Format: date-time */
            started_at: string;
            /** Format: int64 */
            user_id: number;
            username: string;
        };
        LimitBody: {
            /**
             * Format: int64
             * @description Tokens per UTC day for this user; `null` = the server default
             *     (`assistant.daily_token_limit`); 0 = none at all.
             */
            daily_tokens?: number | null;
        };
        LoadFigures: {
            /** Format: double */
            fifteen: number;
            /** Format: double */
            five: number;
            /** Format: double */
            one: number;
        };
        /** @description Whether this machine's Docker Engine can be registered as node `local`. */
        LocalCandidate: {
            /** @description An engine answers on it (not probed when a node already uses it). */
            answers: boolean;
            /**
             * Format: int64
             * @description The node already registered for this socket.
             */
            node_id?: number | null;
            /** @description Offer registration: the engine answers and no node uses the socket. */
            offer: boolean;
            /** @description The socket checked (`nodes.local_socket`); empty = none configured. */
            socket: string;
        };
        /** @description `POST /api/v1/auth/login` */
        LoginRequest: {
            password: string;
            username: string;
        };
        /** @description The session token and who it belongs to. */
        LoginResponse: {
            /** Format: date-time */
            expires_at: string;
            token: string;
            user: components["schemas"]["LoginUser"];
        };
        LoginUser: {
            /** Format: int64 */
            id: number;
            must_change_password: boolean;
            role: components["schemas"]["Role"];
            username: string;
        };
        /** @description One log line. */
        LogLine: {
            /** @description The line as Docker stored it, prefixed with its RFC 3339 timestamp. */
            line: string;
            /** @description `stdout` or `stderr`. */
            stream: string;
        };
        LogLineView: {
            /** @description The level the line names, if any. */
            level?: string | null;
            text: string;
        };
        LogTail: {
            lines: components["schemas"]["LogLineView"][];
            task_id: string;
        };
        MemoryFigures: {
            /**
             * Format: int64
             * @description Bytes (`MemAvailable`).
             */
            available_bytes: number;
            /**
             * Format: double
             * @description used / total, 0–100.
             */
            percent: number;
            /** Format: int64 */
            swap_total_bytes: number;
            /** Format: int64 */
            swap_used_bytes: number;
            /**
             * Format: int64
             * @description Bytes (`MemTotal`).
             */
            total_bytes: number;
            /**
             * Format: int64
             * @description Bytes in use: total − available (page cache that can be dropped is not "used").
             */
            used_bytes: number;
        };
        /**
         * @description One message: what the user sent, or a reply (possibly still arriving,
         *     stopped or failed — `finish_reason` says which).
         */
        Message: {
            /** Format: int64 */
            completion_tokens: number;
            content: string;
            /** Format: int64 */
            conversation_id: number;
            /** Format: date-time */
            created_at: string;
            /**
             * @description The provider's (`stop`, `length`, …) or ours: `stopped` (the client
             *     went away), `stalled` (no data within the idle timeout), `error`;
             *     none while the reply is arriving, and on user messages.
             */
            finish_reason?: string | null;
            /** Format: int64 */
            id: number;
            /** @description Extra facts: the model that answered, `usage_estimated`, an error text. */
            metadata: Record<string, never>;
            /** Format: int64 */
            prompt_tokens: number;
            /** @description The model's separate reasoning stream (`reasoning_content`), when it sends one. */
            reasoning: string;
            role: components["schemas"]["Role"];
            /** Format: int64 */
            total_tokens: number;
        };
        /**
         * @description `once`: one process per trigger. `keep_alive`: restarted when it exits,
         *     like PM2.
         * @enum {string}
         */
        Mode: "once" | "keep_alive";
        /** @description A user's quota in force (their own over the default) and their use. */
        MyQuota: {
            in_use: components["schemas"]["QuotaUse"];
            quota: components["schemas"]["QuotaFields"];
        };
        NetworkFigures: {
            interface: string;
            /**
             * Format: int64
             * @description Bytes since the interface came up.
             */
            rx_bytes: number;
            /**
             * Format: double
             * @description Bytes per second since the previous sample.
             */
            rx_bytes_per_sec: number;
            /** Format: int64 */
            tx_bytes: number;
            /** Format: double */
            tx_bytes_per_sec: number;
        };
        /** @description A node as the API shows it. Secrets are never included: only whether they are set. */
        Node: {
            /** @description CA certificate (PEM) the node's certificate is checked against. */
            ca_cert: string;
            /** @description Client certificate (PEM) presented to the node. */
            client_cert: string;
            /**
             * Format: double
             * @description Capacity used by placement.
             */
            cpu_cores: number;
            cpu_desc: string;
            /** Format: date-time */
            created_at: string;
            data_disk_desc: string;
            /** Format: int64 */
            data_disk_gb: number;
            docker?: null | components["schemas"]["DockerFacts"];
            docker_address: string;
            /** Format: date-time */
            docker_checked_at?: string | null;
            docker_error: string;
            docker_status: components["schemas"]["DockerStatus"];
            /** Format: int64 */
            gpu_count: number;
            gpu_name: string;
            hami_core_dir: string;
            has_client_key: boolean;
            has_ssh_password: boolean;
            /** Format: int64 */
            id: number;
            listed: boolean;
            memory_desc: string;
            /** Format: double */
            memory_gb: number;
            name: string;
            private_ip: string;
            public_ip: string;
            region: string;
            remark: string;
            /** Format: int32 */
            ssh_port: number;
            ssh_user: string;
            system_disk_desc: string;
            /** Format: int64 */
            system_disk_gb: number;
            /** Format: date-time */
            updated_at: string;
            use_tls: boolean;
            /**
             * Format: double
             * @description VRAM of **each** card, in GB.
             */
            vram_gb_per_card: number;
        };
        /**
         * @description Fields for create (starred ones required) and update (all optional).
         *     For the secrets `ssh_password` and `client_key`: absent = keep, `""` = remove.
         */
        NodeFields: {
            ca_cert?: string | null;
            client_cert?: string | null;
            client_key?: string | null;
            /**
             * Format: double
             * @description Empty on create = NCPU reported by Docker.
             */
            cpu_cores?: number | null;
            cpu_desc?: string | null;
            data_disk_desc?: string | null;
            /** Format: int64 */
            data_disk_gb?: number | null;
            /** @description `unix:///var/run/docker.sock` or `tcp://host:port`. */
            docker_address?: string | null;
            /** Format: int64 */
            gpu_count?: number | null;
            gpu_name?: string | null;
            hami_core_dir?: string | null;
            listed?: boolean | null;
            memory_desc?: string | null;
            /**
             * Format: double
             * @description Empty on create = MemTotal reported by Docker.
             */
            memory_gb?: number | null;
            name?: string | null;
            private_ip?: string | null;
            public_ip?: string | null;
            region?: string | null;
            remark?: string | null;
            ssh_password?: string | null;
            /** Format: int32 */
            ssh_port?: number | null;
            ssh_user?: string | null;
            system_disk_desc?: string | null;
            /** Format: int64 */
            system_disk_gb?: number | null;
            /** @description Default: true for tcp://, false for unix://. */
            use_tls?: boolean | null;
            /**
             * Format: double
             * @description VRAM of each card, GB.
             */
            vram_gb_per_card?: number | null;
        };
        /** @description A Docker node as its Engine describes itself (`docker info`). */
        NodeFigures: {
            /** Format: int64 */
            containers_paused: number;
            /** Format: int64 */
            containers_running: number;
            /** Format: int64 */
            containers_stopped: number;
            /** Format: int64 */
            cpus: number;
            /** @description Why it did not, when it did not. */
            error?: string | null;
            /** Format: int64 */
            images: number;
            kernel_version: string;
            /** Format: int64 */
            memory_bytes: number;
            name: string;
            /** Format: int64 */
            node_id: number;
            operating_system: string;
            /** @description The Engine answered within the node timeout. */
            reachable: boolean;
            server_version: string;
        };
        /** @description The compute node an asset is linked to, as shown on both sides. */
        NodeLink: {
            /** Format: int64 */
            id: number;
            name: string;
        };
        /** @description A node with the physical server (asset) linked to it. */
        NodeView: components["schemas"]["Node"] & {
            asset?: null | components["schemas"]["Asset"];
        };
        /**
         * @description An object as the API server holds it, as YAML (`metadata.managedFields`
         *     left out: it is bookkeeping nobody reads).
         */
        ObjectYaml: {
            kind: string;
            name: string;
            namespace?: string | null;
            yaml: string;
        };
        /** @description A labelled container of this installation with no instance row. */
        Orphan: {
            container_id: string;
            container_name: string;
            /** Format: int64 */
            instance_id?: number | null;
            /** Format: int64 */
            node_id: number;
            node_name: string;
            running: boolean;
        };
        /**
         * @description What a trigger does while the task is already running.
         * @enum {string}
         */
        Overlap: "skip" | "queue" | "allow";
        /** @description One page of a list. */
        Page_Asset: {
            items: (components["schemas"]["AssetDraft"] & {
                bmc: components["schemas"]["BmcState"];
                /** Format: date-time */
                created_at: string;
                /** @description A BMC password is stored (it is never shown). */
                has_bmc_password: boolean;
                /** Format: int64 */
                id: number;
                node?: null | components["schemas"]["NodeLink"];
                /** Format: date-time */
                updated_at: string;
                /**
                 * Format: int64
                 * @description Days until the warranty ends (negative: ended that long ago).
                 */
                warranty_days_left?: number | null;
                warranty_state: components["schemas"]["WarrantyState"];
            })[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
        };
        /** @description One page of a list. */
        Page_AuditEntry: {
            items: {
                actor?: string | null;
                /** Format: int64 */
                actor_id?: number | null;
                /** Format: date-time */
                at: string;
                /**
                 * @description For a long-lived session, written when it ends (JSON: start, end,
                 *     bytes, why it ended); empty for ordinary requests.
                 */
                detail: string;
                /** Format: int64 */
                id: number;
                method: string;
                /** @description The resource id taken from the path, when the route has one. */
                resource_id?: string | null;
                /** @description The route template, e.g. `/api/v1/users/{id}`. */
                route: string;
                source_ip: string;
                /** Format: int32 */
                status: number;
            }[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
        };
        /** @description One page of a list. */
        Page_Cluster: {
            items: {
                /** Format: date-time */
                checked_at?: string | null;
                /** Format: date-time */
                created_at: string;
                description: string;
                enabled: boolean;
                has_kubeconfig: boolean;
                /** Format: int64 */
                id: number;
                /** @description Why the last test failed ('' when it did not). */
                last_error: string;
                name: string;
                /**
                 * Format: int64
                 * @description Namespaces the kubeconfig's user could list at the last successful test.
                 */
                namespace_count?: number | null;
                /** @description The API server's URL, read from the kubeconfig's current context. */
                server: string;
                /** @description `gitVersion` the API server reported at the last successful test. */
                server_version: string;
                status: components["schemas"]["ClusterStatus"];
                /** Format: date-time */
                updated_at: string;
            }[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
        };
        /** @description One page of a list. */
        Page_Conversation: {
            items: (components["schemas"]["ConversationDraft"] & {
                /** Format: int64 */
                completion_tokens: number;
                /** Format: date-time */
                created_at: string;
                /** Format: int64 */
                id: number;
                /** Format: int64 */
                message_count: number;
                /** Format: int64 */
                prompt_tokens: number;
                /** Format: int64 */
                total_tokens: number;
                /** Format: date-time */
                updated_at: string;
                /** Format: int64 */
                user_id: number;
            })[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
        };
        /** @description One page of a list. */
        Page_Image: {
            items: {
                /** @description Image reference as Docker pulls it, e.g. `registry.example.org/team/pytorch:2.3`. */
                address: string;
                /**
                 * @description Linux capabilities its containers get back on top of what the platform
                 *     drops from every instance (`instances.drop_capabilities`), e.g.
                 *     `["NET_RAW"]` for `ping`. Only capabilities that cannot reach the node
                 *     itself are accepted (see [`GRANTABLE_CAPABILITIES`]).
                 */
                capabilities: string[];
                /** Format: date-time */
                created_at: string;
                description: string;
                /** Format: int64 */
                id: number;
                /**
                 * @description argv run instead of the image's command, for images without a long-running
                 *     one (e.g. `["sleep", "infinity"]`); empty = the image's own command.
                 */
                keep_alive_command: string[];
                /** @description Listed (上架): visible to users. */
                listed: boolean;
                name: string;
                remark: string;
                source: string;
                /** @description The image carries HAMi-core, so GPU memory can be split for its containers. */
                supports_vram_split: boolean;
                /** Format: date-time */
                updated_at: string;
            }[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
        };
        /** @description One page of a list. */
        Page_Instance: {
            items: {
                /** @description Idle and scheduled shutdown: what the owner set and what is due. */
                auto_stop: components["schemas"]["AutoStop"];
                container_id: string;
                container_name: string;
                /** Format: double */
                cpu_cores: number;
                /** Format: date-time */
                created_at: string;
                /** Format: int64 */
                data_disk_gb: number;
                /**
                 * @description Whether the system-disk size is enforced by the storage driver; when not,
                 *     it is recorded here instead of silently dropped.
                 */
                disk_enforced: boolean;
                /**
                 * Format: int64
                 * @description The exit code of the container's main process once it ended (`exited`);
                 *     null while it runs or when it is unknown.
                 */
                exit_code?: number | null;
                /** @description Why an `exited` instance is not running (`none` otherwise). */
                exit_reason: components["schemas"]["ExitReason"];
                gpu_split: boolean;
                gpus: components["schemas"]["GpuGrant"][];
                /** Format: int64 */
                id: number;
                image_address: string;
                /** Format: int64 */
                image_id?: number | null;
                /** Format: double */
                memory_gb: number;
                name: string;
                /** Format: int64 */
                node_id: number;
                /** Format: int64 */
                owner_id: number;
                /**
                 * @description What a creating instance is doing now, e.g. `pulling image: 3/5 layers,
                 *     41.2 MB of 80.0 MB`; empty once it runs.
                 */
                progress: string;
                remark: string;
                /** Format: int64 */
                spec_id?: number | null;
                status: components["schemas"]["InstanceStatus"];
                status_error: string;
                /** Format: int64 */
                system_disk_gb: number;
                /** Format: date-time */
                updated_at: string;
            }[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
        };
        /** @description One page of a list. */
        Page_Node: {
            items: {
                /** @description CA certificate (PEM) the node's certificate is checked against. */
                ca_cert: string;
                /** @description Client certificate (PEM) presented to the node. */
                client_cert: string;
                /**
                 * Format: double
                 * @description Capacity used by placement.
                 */
                cpu_cores: number;
                cpu_desc: string;
                /** Format: date-time */
                created_at: string;
                data_disk_desc: string;
                /** Format: int64 */
                data_disk_gb: number;
                docker?: null | components["schemas"]["DockerFacts"];
                docker_address: string;
                /** Format: date-time */
                docker_checked_at?: string | null;
                docker_error: string;
                docker_status: components["schemas"]["DockerStatus"];
                /** Format: int64 */
                gpu_count: number;
                gpu_name: string;
                hami_core_dir: string;
                has_client_key: boolean;
                has_ssh_password: boolean;
                /** Format: int64 */
                id: number;
                listed: boolean;
                memory_desc: string;
                /** Format: double */
                memory_gb: number;
                name: string;
                private_ip: string;
                public_ip: string;
                region: string;
                remark: string;
                /** Format: int32 */
                ssh_port: number;
                ssh_user: string;
                system_disk_desc: string;
                /** Format: int64 */
                system_disk_gb: number;
                /** Format: date-time */
                updated_at: string;
                use_tls: boolean;
                /**
                 * Format: double
                 * @description VRAM of **each** card, in GB.
                 */
                vram_gb_per_card: number;
            }[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
        };
        /** @description One page of a list. */
        Page_PortForward: {
            items: {
                /** Format: date-time */
                created_at: string;
                /**
                 * Format: int64
                 * @description Who created it.
                 */
                created_by?: number | null;
                description: string;
                enabled: boolean;
                /** Format: int64 */
                id: number;
                live: components["schemas"]["ForwardLive"];
                protocol: components["schemas"]["Protocol"];
                /** @description Address the rule listens on (0.0.0.0 / :: = every address). */
                source_ip: string;
                /** Format: int32 */
                source_port: number;
                /**
                 * Format: int64
                 * @description The instance whose container the rule follows, if any.
                 */
                target_instance_id?: number | null;
                /** @description Its name, for display. */
                target_instance_name?: string | null;
                /** @description Fixed target address; empty when the rule targets an instance. */
                target_ip: string;
                /** Format: int32 */
                target_port: number;
                /** Format: date-time */
                updated_at: string;
            }[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
        };
        /** @description One page of a list. */
        Page_Recording: {
            items: {
                /**
                 * Format: int64
                 * @description Terminal output recorded, in bytes.
                 */
                bytes: number;
                /**
                 * Format: int32
                 * @description The terminal's size when the session started.
                 */
                cols: number;
                /**
                 * Format: date-time
                 * @description None while the session runs.
                 */
                ended_at?: string | null;
                /**
                 * Format: int64
                 * @description The cast file's size.
                 */
                file_bytes: number;
                /** Format: int64 */
                id: number;
                /** Format: int64 */
                instance_id?: number | null;
                instance_name: string;
                /** Format: int32 */
                rows: number;
                source_ip: string;
                /** Format: date-time */
                started_at: string;
                term: string;
                /**
                 * @description Events were dropped because the disk could not keep up (the session
                 *     itself was never slowed down).
                 */
                truncated: boolean;
                /**
                 * Format: int64
                 * @description The user who was in the session (the name is kept with the row).
                 */
                user_id?: number | null;
                username: string;
            }[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
        };
        /** @description One page of a list. */
        Page_Spec: {
            items: {
                /** Format: double */
                cpu_cores: number;
                /** Format: date-time */
                created_at: string;
                /** Format: int64 */
                data_disk_gb: number;
                /**
                 * Format: int64
                 * @description Cards per instance; 0 = CPU-only.
                 */
                gpu_count: number;
                /** @description GPU model the node must have (matched trimmed, case-insensitively); empty for CPU-only. */
                gpu_model: string;
                /** Format: int64 */
                id: number;
                /**
                 * Format: int64
                 * @description Stop its instances after this many minutes idle (空闲关机); 0 = never.
                 */
                idle_stop_minutes: number;
                listed: boolean;
                /** Format: double */
                memory_gb: number;
                name: string;
                price_per_hour: components["schemas"]["Price"];
                remark: string;
                /** @description Instances get a VRAM slice of a shared card (HAMi-core) instead of whole cards. */
                supports_vram_split: boolean;
                /** Format: int64 */
                system_disk_gb: number;
                /** Format: date-time */
                updated_at: string;
                /**
                 * Format: double
                 * @description VRAM per card in GB: the slice size for split specs, the card size otherwise.
                 */
                vram_gb: number;
            }[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
        };
        /** @description One page of a list. */
        Page_TaskRun: {
            items: {
                /**
                 * Format: int32
                 * @description 1 for the first run of a trigger, 2… for its retries and restarts.
                 */
                attempt: number;
                /** Format: int64 */
                duration_ms?: number | null;
                /** Format: date-time */
                ended_at?: string | null;
                /** Format: int32 */
                exit_code?: number | null;
                /** Format: int64 */
                id: number;
                /** @description Its log file, relative to the tasks log directory. */
                log_file: string;
                /** @description Why it failed, in words (timeout, stopped, server restarted …). */
                reason?: string | null;
                /**
                 * Format: int32
                 * @description The signal that ended it (9 after a kill), if one did.
                 */
                signal?: number | null;
                /** Format: date-time */
                started_at: string;
                /** @description RUNNING, then SUCCESS, FAILED or EXCEPTION. */
                status: components["schemas"]["TaskStatus"];
                task_id: string;
                trigger: components["schemas"]["Trigger"];
            }[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
        };
        /** @description One page of a list. */
        Page_TaskView: {
            items: (components["schemas"]["Task"] & {
                /** @description A run waits for the current one (overlap: queue). */
                queued: boolean;
                /** @description Runs of it going now. */
                running: number;
            })[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
        };
        /** @description One page of a list. */
        Page_User: {
            items: {
                /** Format: date-time */
                created_at: string;
                display_name: string;
                email: string;
                enabled: boolean;
                /** Format: int64 */
                id: number;
                /**
                 * @description True while the user still has a password somebody else chose (the generated
                 *     admin password, or an admin reset); the console asks for a new one.
                 */
                must_change_password: boolean;
                role: components["schemas"]["Role"];
                /** Format: date-time */
                updated_at: string;
                username: string;
            }[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
        };
        /** @description One page of a list. */
        Page_Workspace: {
            items: {
                /** @description The container's name (the compat API's `container_id`). */
                container_name: string;
                /**
                 * Format: date-time
                 * @description When this container was first created.
                 */
                created_at: string;
                /** @description Docker's container id. */
                docker_id: string;
                /** Format: int64 */
                http_port: number;
                /** Format: int64 */
                node_id: number;
                profile: string;
                /**
                 * @description running | stopped (as last seen: every operation, health check and
                 *     reconciliation tick updates it).
                 */
                status: string;
                /** Format: date-time */
                updated_at: string;
                /** Format: int64 */
                user_id: number;
                /** Format: int64 */
                ws_port: number;
            }[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
        };
        /**
         * @description Piston v2 execute request. Limits: absent, zero or negative = the configured
         *     default; above the configured maximum = 400.
         */
        PistonExecute: {
            args?: string[] | null;
            /**
             * Format: int64
             * @description Milliseconds of CPU.
             */
            compile_cpu_time?: number | null;
            /**
             * Format: int64
             * @description Bytes.
             */
            compile_memory_limit?: number | null;
            /**
             * Format: int64
             * @description Milliseconds.
             */
            compile_timeout?: number | null;
            files: components["schemas"]["PistonFile"][];
            language: string;
            /**
             * Format: int64
             * @description Milliseconds of CPU.
             */
            run_cpu_time?: number | null;
            /**
             * Format: int64
             * @description Bytes.
             */
            run_memory_limit?: number | null;
            /**
             * Format: int64
             * @description Milliseconds.
             */
            run_timeout?: number | null;
            stdin?: string | null;
            /** @description A semver range: `3.11.2` (exact), `3.x`, `*`. */
            version: string;
        };
        /** @description A file of an execute request. */
        PistonFile: {
            content: string;
            /** @description `utf8` (default), `base64` or `hex`. */
            encoding?: string | null;
            /** @description Defaults to the runtime's source file name for the first file. */
            name?: string | null;
        };
        /** @description Piston's error body. */
        PistonMessage: {
            message: string;
        };
        /** @description Piston's execute response. */
        PistonResult: {
            compile?: null | components["schemas"]["StageResult"];
            language: string;
            run: components["schemas"]["StageResult"];
            version: string;
        };
        /** @description One runtime as Piston lists it. */
        PistonRuntime: {
            aliases: string[];
            language: string;
            /** @description The image the runs start from. */
            runtime: string;
            version: string;
        };
        /**
         * @description A node that can take an instance of the spec, best fit first. A user who
         *     is not an admin sees `node_name` and `cards` only for nodes that already
         *     run one of their instances (empty otherwise).
         */
        PlacementCandidate: {
            /** @description Free VRAM per card on the node now (单卡显存). */
            cards: components["schemas"]["CardCapacity"][];
            /**
             * Format: double
             * @description What the node has free now, before this instance; null where the node
             *     is not shown to the caller (as `node_name`).
             */
            free_cpu_cores?: number | null;
            /**
             * Format: int64
             * @description Cards with nothing allocated on them.
             */
            free_gpus?: number | null;
            /** Format: double */
            free_memory_gb?: number | null;
            /** @description The cards this instance would get. */
            gpus: components["schemas"]["GpuGrant"][];
            /** Format: int64 */
            node_id: number;
            node_name: string;
            /**
             * Format: double
             * @description Lower is a better fit (see docs/ARCHITECTURE.md, placement).
             */
            score: number;
        };
        /** @description A pod in a list. */
        Pod: {
            containers: string[];
            /** Format: date-time */
            created_at?: string | null;
            ip?: string | null;
            name: string;
            namespace: string;
            node?: string | null;
            /** @description `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`. */
            phase: string;
            /**
             * Format: int32
             * @description Containers ready / containers.
             */
            ready: number;
            /**
             * Format: int32
             * @description Restarts summed over the containers.
             */
            restarts: number;
        };
        /** @description A port forwarding rule and its live state. */
        PortForward: {
            /** Format: date-time */
            created_at: string;
            /**
             * Format: int64
             * @description Who created it.
             */
            created_by?: number | null;
            description: string;
            enabled: boolean;
            /** Format: int64 */
            id: number;
            live: components["schemas"]["ForwardLive"];
            protocol: components["schemas"]["Protocol"];
            /** @description Address the rule listens on (0.0.0.0 / :: = every address). */
            source_ip: string;
            /** Format: int32 */
            source_port: number;
            /**
             * Format: int64
             * @description The instance whose container the rule follows, if any.
             */
            target_instance_id?: number | null;
            /** @description Its name, for display. */
            target_instance_name?: string | null;
            /** @description Fixed target address; empty when the rule targets an instance. */
            target_ip: string;
            /** Format: int32 */
            target_port: number;
            /** Format: date-time */
            updated_at: string;
        };
        /**
         * @description Fields for create (source_port, protocol, target and target_port
         *     required; source_ip defaults to the server's first address) and update
         *     (all optional; giving `target_ip` or `target_instance_id` replaces the
         *     other kind of target).
         */
        PortForwardFields: {
            description?: string | null;
            /** @description Default true. */
            enabled?: boolean | null;
            /** @description `tcp` or `udp`. */
            protocol?: string | null;
            source_ip?: string | null;
            /**
             * Format: int64
             * @description 1–65535.
             */
            source_port?: number | null;
            /**
             * Format: int64
             * @description Forward to this instance's container instead of `target_ip`.
             */
            target_instance_id?: number | null;
            target_ip?: string | null;
            /**
             * Format: int64
             * @description 1–65535.
             */
            target_port?: number | null;
        };
        /**
         * @description The server's power as last seen (电源状态): `online` (on) or `offline` (off).
         * @enum {string}
         */
        PowerState: "online" | "offline";
        Preview: {
            /** @description The next fire times (UTC); empty for an on-demand task. */
            next: string[];
        };
        /**
         * @description Decimal amount with up to 4 decimals, e.g. "12.50" (a JSON number is accepted on input)
         * @example 12.50
         */
        Price: string;
        Probes: {
            /**
             * Format: double
             * @description How long both probes took together, ms.
             */
            probe_ms: number;
            /** @description An HTTP response (any status below 500) on the HTTP port within 2 s. */
            web_healthy: boolean;
            /** @description A TCP connection to the WebSocket port within 2 s. */
            websocket_healthy: boolean;
        };
        ProcessFigures: {
            /**
             * Format: double
             * @description Share of one CPU since the previous sample: 100 = one core busy, can
             *     exceed 100 for a process with several busy threads.
             */
            cpu_percent: number;
            /**
             * Format: int64
             * @description Resident bytes.
             */
            memory_bytes: number;
            /**
             * Format: double
             * @description Resident share of the host's memory, 0–100.
             */
            memory_percent: number;
            name: string;
            /** Format: int32 */
            pid: number;
            /** @description `Run`, `Sleep`, `Zombie` … */
            status: string;
        };
        /** @description Everything that decides what a workspace container is. */
        Profile: {
            /**
             * Format: int32
             * @description The ports the image listens on inside the container.
             */
            container_http_port: number;
            /** Format: int32 */
            container_ws_port: number;
            /** @description Value of CONTEXT_TAGS; `{user_id}` is replaced. */
            context_tags: string;
            /** Format: int64 */
            cpu_milli: number;
            /**
             * @description `uid:gid` given to the data directories created on first create (empty =
             *     the server's own user).
             */
            data_owner: string;
            /** @description Absolute host path; `user_<id>/` below it is the user's data. */
            data_root: string;
            /**
             * Format: int32
             * @description Host HTTP port = http_port_base + user id.
             */
            http_port_base: number;
            /**
             * Format: double
             * @description Below this CPU use (percent of one core) with no exec running, idle.
             */
            idle_cpu_percent: number;
            /**
             * Format: int64
             * @description Stop a workspace (its data kept) after this many minutes idle; 0 = never.
             */
            idle_stop_minutes: number;
            image: string;
            license_server: string;
            /**
             * Format: int64
             * @description User ids are 1..=max_users.
             */
            max_users: number;
            /** Format: int64 */
            memory_bytes: number;
            /** @description Where the user's data directory appears inside the container. */
            mount_path: string;
            /** @description The profile's name (`matlab`); part of labels and records. */
            name: string;
            /** @description Container name with `{user_id}`, e.g. `matlab-user-{user_id}`. */
            name_template: string;
            /** @description Name of the node the containers run on. */
            node: string;
            /** Format: int64 */
            pids_limit: number;
            /**
             * @description Host address the workspace ports are published on; empty = every
             *     address (as the old service did).
             */
            publish_ip: string;
            /** Format: int64 */
            shm_bytes: number;
            /**
             * Format: int32
             * @description Host WebSocket port = ws_port_base + user id.
             */
            ws_port_base: number;
        };
        /** @enum {string} */
        Protocol: "tcp" | "udp";
        /** @description A config as the API shows it: the key only masked. */
        ProviderConfig: components["schemas"]["ConfigDraft"] & {
            /** @description The key's last characters, e.g. `••••a1b2` (the key itself never leaves the server). */
            api_key_masked: string;
            /** Format: date-time */
            created_at: string;
            /** Format: int64 */
            id: number;
            /** Format: date-time */
            updated_at: string;
        };
        PullRequest: {
            /** Format: int64 */
            image_id: number;
        };
        /** @description A quota; a null or absent field is no limit. */
        QuotaFields: {
            /**
             * Format: int64
             * @description Not a limit on use: the user's instances stop after this many minutes
             *     idle (no CPU use, no terminal or SSH session); the spec's limit applies
             *     where it is stricter.
             */
            idle_stop_minutes?: number | null;
            /** Format: double */
            max_cpu_cores?: number | null;
            /**
             * Format: int64
             * @description GPU cards held by running instances (a split slice is one card).
             */
            max_gpus?: number | null;
            /**
             * Format: int64
             * @description Instances running or being created at once.
             */
            max_instances?: number | null;
            /** Format: double */
            max_memory_gb?: number | null;
            /** @description This calendar month (UTC); once reached, new instances are refused. */
            max_monthly_cost?: string | null;
            /**
             * Format: int64
             * @description GPU-hours this calendar month (UTC); once reached, GPU instances are refused.
             */
            max_monthly_gpu_hours?: number | null;
        };
        QuotaList: {
            /** @description Applies to every user where their own quota leaves a field null. */
            default: components["schemas"]["QuotaFields"];
            users: components["schemas"]["UserQuota"][];
        };
        /** @description What counts against a quota now. */
        QuotaUse: {
            /** Format: double */
            cpu_cores: number;
            /** Format: int64 */
            gpus: number;
            /** Format: int64 */
            instances: number;
            /** Format: double */
            memory_gb: number;
            /** @description This calendar month (UTC) so far. */
            month_cost: components["schemas"]["Price"];
            /** Format: double */
            month_gpu_hours: number;
        };
        /**
         * @description One recorded terminal session, as admins list it (the file stays on the
         *     server; `GET …/recordings/{id}/cast` streams it).
         */
        Recording: {
            /**
             * Format: int64
             * @description Terminal output recorded, in bytes.
             */
            bytes: number;
            /**
             * Format: int32
             * @description The terminal's size when the session started.
             */
            cols: number;
            /**
             * Format: date-time
             * @description None while the session runs.
             */
            ended_at?: string | null;
            /**
             * Format: int64
             * @description The cast file's size.
             */
            file_bytes: number;
            /** Format: int64 */
            id: number;
            /** Format: int64 */
            instance_id?: number | null;
            instance_name: string;
            /** Format: int32 */
            rows: number;
            source_ip: string;
            /** Format: date-time */
            started_at: string;
            term: string;
            /**
             * @description Events were dropped because the disk could not keep up (the session
             *     itself was never slowed down).
             */
            truncated: boolean;
            /**
             * Format: int64
             * @description The user who was in the session (the name is kept with the row).
             */
            user_id?: number | null;
            username: string;
        };
        /** @description What the client's stream carries (one SSE event each). */
        ReplyEvent: {
            content: string;
            reasoning: string;
            /** @enum {string} */
            type: "delta";
        } | (components["schemas"]["Usage"] & {
            /** @enum {string} */
            type: "usage";
        }) | {
            message: string;
            /** @enum {string} */
            type: "error";
        } | {
            message: components["schemas"]["Message"];
            /** @enum {string} */
            type: "done";
        };
        /** @description `POST /api/v1/users/{id}/password` */
        ResetPassword: {
            password: string;
        };
        /**
         * @description A user's role. `admin` may act on every resource; `user` only on their own.
         * @enum {string}
         */
        Role: "admin" | "user";
        /** @description The seed's simple run request. */
        RunCode: {
            code: string;
            /** @description A runtime's language or alias; default `python`. */
            language?: string | null;
            stdin?: string | null;
            /**
             * Format: int64
             * @description Wall-clock limit in ms (≤ the configured maximum; ≤ 0 = default).
             */
            timeout_ms?: number | null;
        };
        /** @description The simple run result. */
        RunOutcome: {
            /** Format: int32 */
            exit_code?: number | null;
            /** @description `OK`, or Piston's status: RE, SG, TO, OL, EL, XX. */
            status: string;
            stderr: string;
            stdout: string;
            /** @description Exited 0 within every limit. */
            success: boolean;
            /** Format: int64 */
            wall_time_ms: number;
        };
        RunStarted: {
            /** @description `started` or `queued` (overlap: queue). */
            result: components["schemas"]["Started"];
        };
        /** @description `POST …/scale`. */
        ScaleInput: {
            /** Format: int64 */
            replicas?: number | null;
        };
        /** @description An owner's shutdown settings for one instance, as asked for. */
        Schedule: {
            /**
             * Format: double
             * @description Stop after running this many hours (counted from the last start;
             *     fractions allowed, up to a year); null for none.
             */
            stop_after_hours?: number | null;
            /**
             * Format: date-time
             * @description Stop at this time (RFC 3339); null for none. Must be in the future.
             */
            stop_at?: string | null;
        };
        /** @description What a user sends. */
        SendMessage: {
            content: string;
            /** @description Stream the reply as Server-Sent Events (default), or answer it whole. */
            stream?: boolean;
        };
        ServerIps: {
            /** @description IPv4 first; the first one is the default source address. */
            items: string[];
        };
        /** @description A service in a list. */
        Service: {
            cluster_ip?: string | null;
            /** Format: date-time */
            created_at?: string | null;
            name: string;
            namespace: string;
            ports: components["schemas"]["ServicePort"][];
            /** @description `ClusterIP`, `NodePort`, `LoadBalancer` or `ExternalName`. */
            type: string;
        };
        /**
         * @description Where a service sends traffic: the cluster IP and node ports it listens
         *     on, and the addresses behind it.
         */
        ServiceEndpoints: {
            addresses: components["schemas"]["EndpointAddress"][];
            service: components["schemas"]["Service"];
        };
        ServicePort: {
            name?: string | null;
            /** Format: int32 */
            node_port?: number | null;
            /** Format: int32 */
            port: number;
            protocol: string;
            /** @description A number or a named container port. */
            target_port?: string | null;
        };
        Spec: {
            /** Format: double */
            cpu_cores: number;
            /** Format: date-time */
            created_at: string;
            /** Format: int64 */
            data_disk_gb: number;
            /**
             * Format: int64
             * @description Cards per instance; 0 = CPU-only.
             */
            gpu_count: number;
            /** @description GPU model the node must have (matched trimmed, case-insensitively); empty for CPU-only. */
            gpu_model: string;
            /** Format: int64 */
            id: number;
            /**
             * Format: int64
             * @description Stop its instances after this many minutes idle (空闲关机); 0 = never.
             */
            idle_stop_minutes: number;
            listed: boolean;
            /** Format: double */
            memory_gb: number;
            name: string;
            price_per_hour: components["schemas"]["Price"];
            remark: string;
            /** @description Instances get a VRAM slice of a shared card (HAMi-core) instead of whole cards. */
            supports_vram_split: boolean;
            /** Format: int64 */
            system_disk_gb: number;
            /** Format: date-time */
            updated_at: string;
            /**
             * Format: double
             * @description VRAM per card in GB: the slice size for split specs, the card size otherwise.
             */
            vram_gb: number;
        };
        SpecFields: {
            /** Format: double */
            cpu_cores?: number | null;
            /** Format: int64 */
            data_disk_gb?: number | null;
            /** Format: int64 */
            gpu_count?: number | null;
            gpu_model?: string | null;
            /**
             * Format: int64
             * @description Stop its instances after this many minutes idle; 0 = never.
             */
            idle_stop_minutes?: number | null;
            listed?: boolean | null;
            /** Format: double */
            memory_gb?: number | null;
            name?: string | null;
            price_per_hour: string;
            remark?: string | null;
            supports_vram_split?: boolean | null;
            /** Format: int64 */
            system_disk_gb?: number | null;
            /** Format: double */
            vram_gb?: number | null;
        };
        /**
         * @description Whether an instance of a spec (with the image) can be placed now, and if
         *     not, what is short — so the create dialog can grey it out and say why.
         */
        SpecPlacement: {
            /** @description The same in words (English; the console translates `shortfall`). */
            message: string;
            placeable: boolean;
            /**
             * @description Null when placeable; else one of `cpu`, `memory`, `system_disk`,
             *     `data_disk`, `gpu_model` (no node has it), `gpus` (no free cards),
             *     `vram`, `node_offline` (a node that would fit is disconnected),
             *     `not_listed`, `no_nodes`.
             */
            shortfall?: string | null;
            /** Format: int64 */
            spec_id: number;
        };
        /** @description A registered key as the API shows it (never needed secret: it is public). */
        SshKey: {
            /** @description `ssh-ed25519`, `ssh-rsa`, … */
            algorithm: string;
            /** Format: date-time */
            created_at: string;
            /** @description `SHA256:…`, as `ssh-keygen -l -f key.pub` prints it. */
            fingerprint: string;
            /** Format: int64 */
            id: number;
            /** Format: date-time */
            last_used_at?: string | null;
            name: string;
            /** @description The key as registered, normalised to `type base64 comment`. */
            public_key: string;
        };
        /** @description Piston's `run` / `compile` object. */
        StageResult: {
            /** Format: int32 */
            code?: number | null;
            /**
             * Format: int64
             * @description Milliseconds of CPU.
             */
            cpu_time: number;
            /**
             * Format: int64
             * @description Peak memory in bytes.
             */
            memory: number;
            message?: string | null;
            output: string;
            signal?: string | null;
            status?: string | null;
            stderr: string;
            stdout: string;
            /**
             * Format: int64
             * @description Milliseconds of wall clock.
             */
            wall_time: number;
        };
        /**
         * @description What a trigger did.
         * @enum {string}
         */
        Started: "started" | "queued" | "skipped";
        /** @description One sample of a container's resource use. */
        Stats: {
            /** Format: int64 */
            blk_read: number;
            /** Format: int64 */
            blk_write: number;
            /**
             * Format: double
             * @description CPU use relative to the instance's CPU quota: 100 = using all it may.
             */
            cpu_percent: number;
            /** Format: int64 */
            mem_limit: number;
            /** Format: double */
            mem_percent: number;
            /**
             * Format: int64
             * @description Bytes in use, page cache excluded (as `docker stats` counts).
             */
            mem_usage: number;
            /** Format: int64 */
            net_rx: number;
            /** Format: int64 */
            net_tx: number;
            /** Format: int64 */
            pids: number;
        };
        Stopped: {
            /**
             * @description Runs that were told to stop (SIGTERM to the process group, SIGKILL
             *     after `kill_timeout`).
             */
            stopped: number;
        };
        /**
         * @description Why an instance is (or was) stopped by Tianqi on its own.
         * @enum {string}
         */
        StopReason: "scheduled" | "max_runtime" | "idle";
        /**
         * @description Where a task runs: a host process (admins only: it runs as the server's
         *     own user), or a fresh container of `image_id` with `spec_id`'s limits,
         *     placed like an instance for the run's life and removed after it.
         * @enum {string}
         */
        Target: "host" | "container";
        /** @description A task and its state. */
        Task: {
            /** Format: date-time */
            created_at: string;
            /** @description The seed's string id. */
            id: string;
            /** @description Why the last run failed (timeout, signal, spawn error), if it did. */
            last_error?: string | null;
            /** Format: int32 */
            last_exit_code?: number | null;
            /** Format: date-time */
            last_run_at?: string | null;
            /**
             * Format: date-time
             * @description The next scheduled run (none: on demand or disabled).
             */
            next_run_at?: string | null;
            /** Format: int64 */
            owner_id: number;
            /** Format: int64 */
            run_count: number;
            spec: components["schemas"]["TaskSpec"];
            status: components["schemas"]["TaskStatus"];
            /** Format: date-time */
            updated_at: string;
        };
        /**
         * @description Fields for create (the seed's task object: `id`, `script_path`,
         *     `interval_minutes`, `execute_path`, `enabled`, `description`, `timeout`,
         *     `retry_count`, `retry_delay`, `environment`, plus Tianqi's) and update
         *     (every field optional; given fields replace the stored ones). Unknown
         *     fields are ignored, as the seed's tasks.json files carry their own.
         */
        TaskFields: {
            /** @description More arguments, after the script. */
            args?: string[] | null;
            catch_up?: null | components["schemas"]["CatchUp"];
            /** @description The shell command line (only with `shell: true`). */
            command?: string | null;
            /**
             * @description A cron expression with seconds (`0 *\/5 * * * *`) or without
             *     (`*\/5 * * * *`); empty removes it.
             */
            cron?: string | null;
            /** @description Working directory (absolute, or relative to `tasks.scripts_root`). */
            cwd?: string | null;
            description?: string | null;
            enabled?: boolean | null;
            environment?: {
                [key: string]: string;
            } | null;
            /**
             * @description The interpreter or program (`python3`, `/usr/bin/bash`): a bare
             *     name on the server's PATH or an absolute path.
             */
            execute_path?: string | null;
            /** @description The seed's string id; generated from the name when absent. */
            id?: string | null;
            /**
             * Format: int64
             * @description target container: the image the run's container is made from.
             */
            image_id?: number | null;
            /**
             * Format: double
             * @description Run every N minutes (> 0; fractions allowed).
             */
            interval_minutes?: number | null;
            /**
             * Format: int64
             * @description Run every N seconds (> 0), for sub-minute intervals.
             */
            interval_seconds?: number | null;
            /**
             * Format: int64
             * @description Seconds between SIGTERM and SIGKILL when a run is stopped (5).
             */
            kill_timeout?: number | null;
            /**
             * Format: int32
             * @description keep_alive: give up after this many quick restarts in a row (16).
             */
            max_restarts?: number | null;
            /**
             * Format: double
             * @description keep_alive: a process up at least this long (seconds, 1) counts as
             *     started well, and the restart count and backoff start over.
             */
            min_uptime?: number | null;
            mode?: null | components["schemas"]["Mode"];
            name?: string | null;
            overlap?: null | components["schemas"]["Overlap"];
            /**
             * Format: double
             * @description Each retry waits this many times longer than the one before (1, ≥ 1).
             */
            retry_backoff?: number | null;
            /**
             * Format: int32
             * @description Runs after a failed one (0).
             */
            retry_count?: number | null;
            /**
             * Format: double
             * @description Seconds before a retry (0).
             */
            retry_delay?: number | null;
            /**
             * @description The script handed to `execute_path` (or run itself when there is no
             *     `execute_path`); relative paths are under `tasks.scripts_root`.
             */
            script_path?: string | null;
            /** @description Run `command` with `/bin/sh -c`. Only when asked for explicitly. */
            shell?: boolean | null;
            /**
             * Format: int64
             * @description target container: the spec whose limits the container gets (and
             *     whose capacity the run reserves on a node).
             */
            spec_id?: number | null;
            /** @description keep_alive: exit codes that mean "done, do not restart". */
            stop_exit_codes?: number[] | null;
            target?: null | components["schemas"]["Target"];
            /**
             * Format: int64
             * @description Seconds before a run is killed (300; 0 = no limit).
             */
            timeout?: number | null;
            /** @description IANA time zone the cron expression is read in (default UTC). */
            timezone?: string | null;
        };
        /** @description One run of a task. */
        TaskRun: {
            /**
             * Format: int32
             * @description 1 for the first run of a trigger, 2… for its retries and restarts.
             */
            attempt: number;
            /** Format: int64 */
            duration_ms?: number | null;
            /** Format: date-time */
            ended_at?: string | null;
            /** Format: int32 */
            exit_code?: number | null;
            /** Format: int64 */
            id: number;
            /** @description Its log file, relative to the tasks log directory. */
            log_file: string;
            /** @description Why it failed, in words (timeout, stopped, server restarted …). */
            reason?: string | null;
            /**
             * Format: int32
             * @description The signal that ended it (9 after a kill), if one did.
             */
            signal?: number | null;
            /** Format: date-time */
            started_at: string;
            /** @description RUNNING, then SUCCESS, FAILED or EXCEPTION. */
            status: components["schemas"]["TaskStatus"];
            task_id: string;
            trigger: components["schemas"]["Trigger"];
        };
        /** @description The seed's tasks.json. */
        TasksFile: {
            settings?: components["schemas"]["FileSettings"];
            tasks: components["schemas"]["TaskFields"][];
        };
        /** @description A checked task definition, as stored (JSON) and exported. */
        TaskSpec: {
            args: string[];
            catch_up: components["schemas"]["CatchUp"];
            command?: string | null;
            cron?: string | null;
            cwd?: string | null;
            description: string;
            enabled: boolean;
            environment: {
                [key: string]: string;
            };
            execute_path?: string | null;
            /**
             * Format: int64
             * @description Only with target container (definitions stored before containers
             *     existed have neither).
             */
            image_id?: number | null;
            /** Format: int64 */
            interval_seconds?: number | null;
            /** Format: int64 */
            kill_timeout: number;
            /** Format: int32 */
            max_restarts: number;
            /** Format: int64 */
            min_uptime_ms: number;
            mode: components["schemas"]["Mode"];
            name: string;
            overlap: components["schemas"]["Overlap"];
            /** Format: double */
            retry_backoff: number;
            /** Format: int32 */
            retry_count: number;
            /** Format: int64 */
            retry_delay_ms: number;
            script_path?: string | null;
            shell: boolean;
            /** Format: int64 */
            spec_id?: number | null;
            stop_exit_codes: number[];
            target: components["schemas"]["Target"];
            /** Format: int64 */
            timeout: number;
            timezone: string;
        };
        /**
         * @description A task's state, with the seed's names.
         * @enum {string}
         */
        TaskStatus: "IDLE" | "RUNNING" | "SUCCESS" | "FAILED" | "EXCEPTION" | "DISABLED";
        /** @description A task as answered: its definition, state, and the next fire times. */
        TaskView: components["schemas"]["Task"] & {
            /** @description A run waits for the current one (overlap: queue). */
            queued: boolean;
            /** @description Runs of it going now. */
            running: number;
        };
        /**
         * @description Why a run started.
         * @enum {string}
         */
        Trigger: "schedule" | "manual" | "retry" | "restart";
        /** @description `PATCH /api/v1/me`: what users may change about themselves. */
        UpdateMe: {
            display_name?: string | null;
            email?: string | null;
        };
        /** @description `PATCH /api/v1/users/{id}`: every field optional. */
        UpdateUser: {
            display_name?: string | null;
            email?: string | null;
            enabled?: boolean | null;
            role?: null | components["schemas"]["Role"];
        };
        /** @description Token counts the provider reports. */
        Usage: {
            /** Format: int64 */
            completion_tokens: number;
            /** Format: int64 */
            prompt_tokens: number;
            /** Format: int64 */
            total_tokens: number;
        };
        UsageReport: {
            /** Format: date-time */
            from: string;
            group_by: components["schemas"]["GroupBy"];
            rows: components["schemas"]["UsageRow"][];
            /** Format: date-time */
            to: string;
            /** @description Everything in the report (not the sum of rounded row costs: exact). */
            total: components["schemas"]["UsageSums"];
        };
        /** @description One group's use over the period. */
        UsageRow: components["schemas"]["UsageSums"] & {
            /**
             * @description The user, node or spec id, or the day `YYYY-MM-DD`; null for usage of
             *     a spec that was deleted.
             */
            key?: string | null;
            /** @description The user's, node's or spec's name ("" when it no longer exists), or the day. */
            label: string;
        };
        UsageSums: {
            /** @description Exact: each interval at the spec's price when it opened. */
            cost: components["schemas"]["Price"];
            /** Format: double */
            cpu_core_hours: number;
            /**
             * Format: double
             * @description GPU cards × hours; a split slice counts its SM share of a card.
             */
            gpu_hours: number;
            /**
             * Format: double
             * @description Running time summed over instances, hours (4 decimals).
             */
            instance_hours: number;
        };
        /** @description A platform user as the API shows it (never with the password hash). */
        User: {
            /** Format: date-time */
            created_at: string;
            display_name: string;
            email: string;
            enabled: boolean;
            /** Format: int64 */
            id: number;
            /**
             * @description True while the user still has a password somebody else chose (the generated
             *     admin password, or an admin reset); the console asks for a new one.
             */
            must_change_password: boolean;
            role: components["schemas"]["Role"];
            /** Format: date-time */
            updated_at: string;
            username: string;
        };
        UserQuota: {
            quota: components["schemas"]["QuotaFields"];
            /** Format: int64 */
            user_id: number;
            /** @description "" when the user no longer exists. */
            username: string;
        };
        /**
         * @description How the warranty stands today (维保): drives the console's badge and the
         *     statistics.
         * @enum {string}
         */
        WarrantyState: "unknown" | "expired" | "within_30_days" | "within_90_days" | "active";
        /** @description A Deployment, StatefulSet or DaemonSet in a list. */
        Workload: {
            /**
             * Format: date-time
             * @description When the object was created (its age is now minus this).
             */
            created_at?: string | null;
            /**
             * Format: int32
             * @description Pods wanted (DaemonSets: nodes that should run one).
             */
            desired: number;
            /** @description The containers' images, in the pod template's order. */
            images: string[];
            kind: components["schemas"]["WorkloadKind"];
            name: string;
            namespace: string;
            /**
             * Format: int32
             * @description Pods ready (DaemonSets: nodes with a ready pod).
             */
            ready: number;
        };
        /**
         * @description A workload controller the console acts on.
         * @enum {string}
         */
        WorkloadKind: "Deployment" | "StatefulSet" | "DaemonSet";
        /** @description A workspace as the admin API and the compat list show it. */
        Workspace: {
            /** @description The container's name (the compat API's `container_id`). */
            container_name: string;
            /**
             * Format: date-time
             * @description When this container was first created.
             */
            created_at: string;
            /** @description Docker's container id. */
            docker_id: string;
            /** Format: int64 */
            http_port: number;
            /** Format: int64 */
            node_id: number;
            profile: string;
            /**
             * @description running | stopped (as last seen: every operation, health check and
             *     reconciliation tick updates it).
             */
            status: string;
            /** Format: date-time */
            updated_at: string;
            /** Format: int64 */
            user_id: number;
            /** Format: int64 */
            ws_port: number;
        };
        WorkspaceDetail: {
            /** @description Live from the node: state, CPU/memory, and the HTTP/WebSocket probes. */
            health: components["schemas"]["WorkspaceHealth"];
            workspace: components["schemas"]["Workspace"];
        };
        /** @description A workspace's health: Docker's state, resource use and the two probes. */
        WorkspaceHealth: {
            container_name: string;
            /**
             * Format: double
             * @description Percent of one core between the two newest kept readings (as `docker stats`).
             */
            cpu_percent: number;
            /** Format: int32 */
            http_port: number;
            /** Format: int64 */
            memory_limit_bytes: number;
            /** Format: double */
            memory_percent: number;
            /** Format: int64 */
            memory_usage_bytes: number;
            probes?: null | components["schemas"]["Probes"];
            running: boolean;
            /** @description Docker's StartedAt (RFC 3339); empty when stopped. */
            started_at: string;
            /** Format: int32 */
            ws_port: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    list_orphans: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Orphan"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_orphan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Full id, or a prefix of at least 12 */
                container_id: string;
                node_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_assets: {
        parameters: {
            query?: {
                /** @description Substring of the department. */
                department?: string;
                /** @description Substring of the hostname. */
                hostname?: string;
                /** @description Substring of the IP address. */
                ip?: string;
                page?: number;
                page_size?: number;
                /** @description Substring of the service tag (case-insensitive). */
                service_tag?: string;
                status?: components["schemas"]["AssetStatus"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_Asset"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    create_asset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssetFields"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Asset"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_asset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Asset"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_asset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    update_asset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssetFields"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Asset"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    refresh_bmc: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BmcRefresh"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    batch_delete_assets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssetIds"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchDeleted"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    export_assets: {
        parameters: {
            query?: {
                /** @description Substring of the department. */
                department?: string;
                /** @description Substring of the hostname. */
                hostname?: string;
                /** @description Substring of the IP address. */
                ip?: string;
                page?: number;
                page_size?: number;
                /** @description Substring of the service tag (case-insensitive). */
                service_tag?: string;
                status?: components["schemas"]["AssetStatus"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the assets as CSV, one header line then one asset per line */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    import_assets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssetImport"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssetImportReport"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description a broken file (`error` only) or bad rows (`rows` lists them; nothing imported) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssetImportRejected"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    asset_statistics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssetStatistics"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_configs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderConfig"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    create_config: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConfigFields"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderConfig"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_config: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderConfig"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_config: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    update_config: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConfigFields"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderConfig"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    activate_config: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderConfig"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_conversations: {
        parameters: {
            query?: {
                /** @description 1-based page number (default 1). */
                page?: number;
                /** @description Items per page, 1 to 500 (default 20). */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_Conversation"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    create_conversation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConversationFields"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_conversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_conversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    update_conversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConversationFields"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_messages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"][];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    send_message: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SendMessage"];
            };
        };
        responses: {
            /** @description the whole reply (`stream: false`), or the reply as Server-Sent Events (`stream: true`); each event's data is a ReplyEvent (`start`: ReplyStart) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Exchange"];
                    "text/event-stream": components["schemas"]["ReplyEvent"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_limit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description user id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DailyUsage"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    set_limit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description user id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LimitBody"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DailyUsage"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    my_usage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DailyUsage"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_audit: {
        parameters: {
            query?: {
                /** @description Only entries by this user id. */
                actor_id?: number;
                /** @description HTTP method, e.g. `POST`. */
                method?: string;
                page?: number;
                page_size?: number;
                /** @description Route template prefix, e.g. `/api/v1/users`. */
                route?: string;
                /** @description Entries at or after this time (RFC 3339). */
                since?: string;
                /** @description Response status, e.g. `403`. */
                status?: number;
                /** @description Entries before this time (RFC 3339). */
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AuditEntry"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description Signed in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
            /** @description Malformed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Wrong credentials or disabled account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or mistyped field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many failed attempts */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_images: {
        parameters: {
            query?: {
                /** @description Admins only: filter by listed (users always see listed images only). */
                listed?: boolean;
                /** @description Substring of the name. */
                name?: string;
                page?: number;
                page_size?: number;
                /** @description Filter by VRAM-split support. */
                supports_vram_split?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_Image"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    create_image: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ImageFields"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Image"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_image: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Image"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_image: {
        parameters: {
            query?: {
                /** @description Delete even when instances still use it (and, for a node, run on it). */
                force?: boolean;
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    update_image: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ImageFields"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Image"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_instances: {
        parameters: {
            query?: {
                name?: string;
                /** @description Admins only. */
                node_id?: number;
                /** @description Admins only: one owner's instances (users always see their own). */
                owner_id?: number;
                page?: number;
                page_size?: number;
                status?: components["schemas"]["InstanceStatus"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_Instance"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    create_instance: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateInstance"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Instance"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_instance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Instance"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_instance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    set_auto_stop: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Schedule"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Instance"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    instance_logs: {
        parameters: {
            query?: {
                /** @description Keep the stream open and send new lines (Server-Sent Events). */
                follow?: boolean;
                /** @description Lines from the end (default 100, at most 10000). */
                tail?: number;
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogLine"][];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    restart_instance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Instance"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    start_instance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Instance"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    instance_stats: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stats"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    instance_stats_stream: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description text/event-stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": unknown;
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    stop_instance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Instance"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    terminal: {
        parameters: {
            query?: {
                /** @description Initial size. */
                cols?: number;
                rows?: number;
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Switching to the WebSocket protocol */
            101: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Cross-origin request */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Instance not running */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    placement: {
        parameters: {
            query: {
                image_id: number;
                spec_id: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlacementCandidate"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    spec_placements: {
        parameters: {
            query: {
                image_id: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SpecPlacement"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    jumpbox_info: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JumpboxInfo"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_recordings: {
        parameters: {
            query?: {
                /** @description Only sessions in this instance. */
                instance_id?: number;
                page?: number;
                page_size?: number;
                /** @description Only this user's sessions. */
                user_id?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_Recording"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_recording: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Recording id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    recording_cast: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Recording id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description asciicast v2: a JSON header line, then one JSON array per event */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-asciicast": string;
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_sessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JumpboxSession"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    kill_session: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Session id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_clusters: {
        parameters: {
            query?: {
                page?: number;
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_Cluster"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    create_cluster: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClusterInput"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cluster"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_cluster: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cluster"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_cluster: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    update_cluster: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClusterInput"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cluster"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    cluster_metrics: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClusterUsage"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Admins only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    namespaces: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string[];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Admins only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    pod_metrics: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                namespace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Usage"][];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Admins only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    pods: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                namespace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pod"][];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Admins only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    pod: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                name: string;
                namespace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ObjectYaml"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Admins only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_pod: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                name: string;
                namespace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Admins only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    services: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                namespace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Service"][];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Admins only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    service: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                name: string;
                namespace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ObjectYaml"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Admins only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    service_endpoints: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                name: string;
                namespace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceEndpoints"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Admins only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    workloads: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                /** @description deployments, statefulsets or daemonsets */
                kind: string;
                namespace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workload"][];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Admins only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    workload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                kind: string;
                name: string;
                namespace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ObjectYaml"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Admins only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_workload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                kind: string;
                name: string;
                namespace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Admins only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    workload_pods: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                kind: string;
                name: string;
                namespace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pod"][];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Admins only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    restart: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                kind: string;
                name: string;
                namespace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workload"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Admins only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    scale: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                kind: string;
                name: string;
                namespace: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScaleInput"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workload"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Admins only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    test_cluster: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cluster"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    update_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateMe"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    change_password: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePassword"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Wrong current password or weak new one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    my_quota: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyQuota"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_ssh_keys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SshKey"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    add_ssh_key: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddSshKey"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SshKey"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Already registered, or too many keys */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not an OpenSSH public key line (the message says why) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_ssh_key: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Key id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_tokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiToken"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    create_token: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiToken"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiToken"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many tokens */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    revoke_token: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Token id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_nodes: {
        parameters: {
            query?: {
                /** @description `connected`, `failed` or `unknown`. */
                docker_status?: components["schemas"]["DockerStatus"];
                listed?: boolean;
                name?: string;
                page?: number;
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_Node"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    create_node: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NodeFields"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Node"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_node: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NodeView"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_node: {
        parameters: {
            query?: {
                /** @description Delete even when instances still use it (and, for a node, run on it). */
                force?: boolean;
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    update_node: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NodeFields"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Node"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    node_capacity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Capacity"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    node_image_present: {
        parameters: {
            query: {
                /** @description An image reference as Docker names it, e.g. `tianqi/sandbox:bookworm`. */
                reference: string;
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImagePresence"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Node unreachable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    pull_image: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PullRequest"];
            };
        };
        responses: {
            /** @description text/event-stream of progress */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": unknown;
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Node unreachable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    test_node: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Node"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    register_local_node: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Node"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No engine answers */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    local_candidate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LocalCandidate"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_port_forwards: {
        parameters: {
            query?: {
                enabled?: boolean;
                page?: number;
                page_size?: number;
                /** @description `tcp` or `udp`. */
                protocol?: string;
                /** @description Part of the source address. */
                source_ip?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_PortForward"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    create_port_forward: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PortForwardFields"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortForward"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_port_forwards: {
        parameters: {
            query: {
                /** @description Comma-separated rule ids, e.g. `1,2,3`. */
                ids: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_port_forward: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortForward"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_port_forward: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    update_port_forward: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PortForwardFields"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortForward"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    disable_port_forward: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortForward"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    enable_port_forward: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortForward"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    live_port_forward: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForwardLive"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    server_ips: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServerIps"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_quotas: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QuotaList"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    set_user_quota: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description user id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["QuotaFields"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QuotaFields"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_user_quota: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description user id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    set_default_quota: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["QuotaFields"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QuotaFields"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    run_code: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RunCode"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunOutcome"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    sandbox_status: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Pool status */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_specs: {
        parameters: {
            query?: {
                gpu_count?: number;
                /**
                 * @description Only specs usable with this image: split specs are hidden for images
                 *     without VRAM-split support (智能过滤可用规格).
                 */
                image_id?: number;
                /** @description Admins only: filter by listed (users always see listed specs only). */
                listed?: boolean;
                name?: string;
                page?: number;
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_Spec"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    create_spec: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SpecFields"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Spec"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_spec: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Spec"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_spec: {
        parameters: {
            query?: {
                /** @description Delete even when instances still use it (and, for a node, run on it). */
                force?: boolean;
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    update_spec: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SpecFields"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Spec"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    host: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HostSnapshot"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    nodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NodeFigures"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    stream: {
        parameters: {
            query?: {
                /** @description Seconds between snapshots, 1–60 (default 3). */
                interval?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Switching to the WebSocket protocol; frames are SnapshotFrame */
            101: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not an admin, or cross-origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_tasks: {
        parameters: {
            query?: {
                page?: number;
                page_size?: number;
                /** @description Part of the id or name. */
                q?: string;
                /** @description IDLE, RUNNING, SUCCESS, FAILED, EXCEPTION or DISABLED. */
                status?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_TaskView"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    create_task: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskFields"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskView"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_task: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskView"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_task: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    update_task: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskFields"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskView"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    task_logs: {
        parameters: {
            query?: {
                /** @description DEBUG, INFO, WARNING or ERROR: lines at this level or above. */
                level?: string;
                /** @description Lines from the end (200, at most 10000). */
                lines?: number;
                /** @description Only this run's lines. */
                run?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogTail"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    clear_task_logs: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    follow_task_logs: {
        parameters: {
            query?: {
                /** @description Only this run's lines. */
                run?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Switching to the WebSocket protocol */
            101: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Cross-origin request */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    restart_task: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunStarted"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    run_task: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunStarted"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    task_runs: {
        parameters: {
            query?: {
                /** @description `json` (a page, the default) or `csv` (the whole history, newest first). */
                format?: "json" | "csv";
                /** @description 1-based page number (default 1; JSON only). */
                page?: number;
                /** @description Items per page, 1 to 500 (default 20; JSON only). */
                page_size?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page of runs (format=json) or every run as CSV (format=csv) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_TaskRun"];
                    "text/csv": string;
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    stop_task: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stopped"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    toggle_task: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskView"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    batch_delete: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BatchIds"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchResults"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    batch_run: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BatchIds"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchResults"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    batch_stop: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BatchIds"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchResults"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    export_tasks: {
        parameters: {
            query?: {
                /** @description `json` (the seed's tasks.json, the default) or `csv`. */
                format?: "json" | "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the tasks as the seed's tasks.json (format=json) or as CSV (format=csv) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TasksFile"];
                    "text/csv": string;
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    import_tasks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TasksFile"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReport"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    preview_task: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskFields"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Preview"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_usage: {
        parameters: {
            query?: {
                /** @description `json` (the default) or `csv`. */
                format?: "json" | "csv";
                /** @description Start of the period (RFC 3339); default the first of this month (UTC). */
                from?: string;
                /** @description `user`, `node`, `spec` or `day` (UTC days, the default). */
                group_by?: "user" | "node" | "spec" | "day";
                /** @description End of the period, exclusive; default now. At most 400 days after `from`. */
                to?: string;
                /** @description Admins only: one user's usage (users always see their own). */
                user_id?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the report as JSON (format=json) or as CSV (format=csv) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageReport"];
                    "text/csv": string;
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_users: {
        parameters: {
            query?: {
                enabled?: boolean;
                page?: number;
                page_size?: number;
                /** @description Substring of the username. */
                q?: string;
                /** @description `admin` or `user`. */
                role?: components["schemas"]["Role"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_User"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    create_user: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUser"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Username taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    update_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateUser"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    reset_password: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResetPassword"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    unlock_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description user id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_workspaces: {
        parameters: {
            query?: {
                /** @description 1-based page number (default 1). */
                page?: number;
                /** @description Items per page, 1 to 500 (default 20). */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_Workspace"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    create_workspace: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWorkspace"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedWorkspace"];
                };
            };
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedWorkspace"];
                };
            };
            /** @description The body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than http.body_limit_bytes */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_workspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the user id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceDetail"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    delete_workspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the user id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    restart_workspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the user id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workspace"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_profile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Profile"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Any other error (e.g. 429 rate limited, 503 unavailable) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    piston_execute: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description JSON, whatever the Content-Type */
        requestBody: {
            content: {
                "application/json": components["schemas"]["PistonExecute"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PistonResult"];
                };
            };
            /** @description Bad request, in Piston's words */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PistonMessage"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PistonMessage"];
                };
            };
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PistonMessage"];
                };
            };
            /** @description Public mode: per-address rate limit */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PistonMessage"];
                };
            };
            /** @description Queue full or sandbox node unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PistonMessage"];
                };
            };
        };
    };
    piston_runtimes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PistonRuntime"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PistonMessage"];
                };
            };
        };
    };
}
