// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'
import type { components as shared } from './shared'

export interface paths {
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
}
export interface components {
    schemas: common["schemas"] & shared["schemas"] & {
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
                /**
                 * @description The node's name, for users and admins alike (empty when the node is
                 *     gone).
                 */
                node_name: string;
                /** Format: int64 */
                owner_id: number;
                /**
                 * @description What a creating instance is doing now, in words, e.g. `pulling image
                 *     x:1: 3/5 layers done, 41.2 of 80.0 MB`; empty once it runs.
                 */
                progress: string;
                pull?: null | components["schemas"]["PullProgress"];
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
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
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
}
