// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from './common'

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
}
export interface components {
    schemas: common["schemas"] & {
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
        /**
         * @description Why an instance's container is not running, for the console to explain.
         * @enum {string}
         */
        ExitReason: "none" | "stopped" | "auto_stopped" | "exited" | "oom_killed" | "shell_without_tty";
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
        /** @description One log line. */
        LogLine: {
            /** @description The line as Docker stored it, prefixed with its RFC 3339 timestamp. */
            line: string;
            /** @description `stdout` or `stderr`. */
            stream: string;
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
        /**
         * @description Why an instance is (or was) stopped by Tianqi on its own.
         * @enum {string}
         */
        StopReason: "scheduled" | "max_runtime" | "idle";
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
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
}
