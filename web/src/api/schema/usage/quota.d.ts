// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'
import type { components as shared } from './shared'

export interface paths {
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
}
export interface components {
    schemas: common["schemas"] & shared["schemas"] & {
        /** @description A user's quota in force (their own over the default) and their use. */
        MyQuota: {
            in_use: components["schemas"]["QuotaUse"];
            quota: components["schemas"]["QuotaFields"];
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
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
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
}
