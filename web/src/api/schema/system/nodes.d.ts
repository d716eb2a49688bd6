// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'

export interface paths {
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
}
export interface components {
    schemas: common["schemas"] & {
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
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
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
}
