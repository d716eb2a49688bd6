// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'

export interface paths {
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
}
export interface components {
    schemas: common["schemas"] & {
        /** @description One page of a list. */
        Page_AuditEntry: {
            items: {
                /**
                 * @description What was done, from the method and route: `create`, `update`, `delete`,
                 *     or the route's own verb (`start`, `run`, `batch run`, `login`, …).
                 */
                action: string;
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
                /**
                 * @description To what kind of thing: the route's collection (`instances`, `ssh-keys`,
                 *     `clusters`, …). With `resource_id` it names "which".
                 */
                object: string;
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
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
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
}
