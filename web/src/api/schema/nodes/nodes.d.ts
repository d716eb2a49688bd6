// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'
import type { components as shared } from './shared'

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
}
export interface components {
    schemas: common["schemas"] & shared["schemas"] & {
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
            /** @description `unix:///var/run/docker.sock` or `tcp://host:port` (not with `kubernetes`). */
            docker_address?: string | null;
            /** Format: int64 */
            gpu_count?: number | null;
            gpu_name?: string | null;
            hami_core_dir?: string | null;
            kubernetes?: null | components["schemas"]["KubeBackend"];
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
                /** @description `docker` or `kubernetes`. */
                backend: string;
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
                kubernetes?: null | components["schemas"]["KubeBackend"];
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
                /** @description Where the declared sizes disagree with Docker's report or another node. */
                warnings: components["schemas"]["NodeWarning"][];
            }[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
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
}
