// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'
import type { components as shared } from './shared'

export interface paths {
    "/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods/{name}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A pod's log: the last `tail_lines` lines as JSON, or with `follow=true`
         *     Server-Sent Events — `event: log` `{"line"}` per line as the container
         *     writes it, `event: error` with the message when the stream breaks (the
         *     cluster went away), `event: end` `{"reason"}` when it ends: `"log ended"`
         *     (the container stopped, the pod was deleted), `"access ended"` (the
         *     grant was revoked, the token ended), `"server stopping"`.
         */
        get: operations["pod_logs"];
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
        /** @description `GET …/pods/{name}/logs` without `follow`: the lines, oldest first. */
        PodLogs: {
            container?: string | null;
            lines: string[];
            namespace: string;
            pod: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
    pod_logs: {
        parameters: {
            query?: {
                /** @description The container (needed when the pod has several). */
                container?: string;
                /** @description Keep the stream open and send new lines (Server-Sent Events). */
                follow?: boolean;
                /** @description Only lines of the last this many seconds. */
                since_seconds?: number;
                /** @description Start with this many last lines (1–10000, default 500). */
                tail_lines?: number;
                /** @description Prefix each line with the time the container wrote it (RFC 3339). */
                timestamps?: boolean;
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
            /** @description the lines; with follow=true a text/event-stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PodLogs"];
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
