// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from './common'

export interface paths {
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
}
export interface components {
    schemas: common["schemas"] & {
        Amount: {
            /** Format: double */
            allocated: number;
            /** Format: double */
            free: number;
            /** Format: double */
            total: number;
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
        ImagePresence: {
            /** @description The node's engine has this image. */
            present: boolean;
            reference: string;
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
        /** @description A node with the physical server (asset) linked to it. */
        NodeView: components["schemas"]["Node"] & {
            asset?: null | components["schemas"]["Asset"];
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
        PullRequest: {
            /** Format: int64 */
            image_id: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
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
}
