// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'
import type { components as shared } from './shared'

export interface paths {
    "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods/{name}/terminal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open a shell in a pod's container over WebSocket (write grant): the
         *     same protocol as the instance terminal (docs/TERMINAL.md) — subprotocol
         *     `tianqi.terminal`, the token as `tianqi.token.<token>` from browsers,
         *     same-origin only — bridged to an exec of a login shell (`bash` when the
         *     image has it, else `sh`) with a TTY over the cluster's WebSocket
         *     protocol. `{"type":"exit","code":N}` when the shell ends. Audited when it
         *     ends, like instance terminals.
         */
        get: operations["pod_terminal"];
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
    schemas: common["schemas"] & shared["schemas"] & {};
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
    pod_terminal: {
        parameters: {
            query?: {
                cols?: number;
                /** @description The container (needed when the pod has several). */
                container?: string;
                rows?: number;
            };
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
}
