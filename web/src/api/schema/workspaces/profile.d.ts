// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'
import type { components as shared } from './shared'

export interface paths {
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
}
export interface components {
    schemas: common["schemas"] & shared["schemas"] & {
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
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
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
}
