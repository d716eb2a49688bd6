// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'
import type { components as shared } from './shared'

export interface paths {
    "/api/v1/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Usage over a period (default: this month so far, by day). Costs are exact
         *     decimals; each interval is priced at the spec's price when it opened.
         */
        get: operations["get_usage"];
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
        /**
         * @description How a report groups its rows.
         * @enum {string}
         */
        GroupBy: "user" | "node" | "spec" | "day" | "kind";
        UsageReport: {
            /** Format: date-time */
            from: string;
            group_by: components["schemas"]["GroupBy"];
            rows: components["schemas"]["UsageRow"][];
            /** Format: date-time */
            to: string;
            /** @description Everything in the report (not the sum of rounded row costs: exact). */
            total: components["schemas"]["UsageSums"];
        };
        /** @description One group's use over the period. */
        UsageRow: components["schemas"]["UsageSums"] & {
            /**
             * @description The user, node or spec id, or the day `YYYY-MM-DD`; null for usage of
             *     a spec that was deleted.
             */
            key?: string | null;
            /** @description The user's, node's or spec's name ("" when it no longer exists), or the day. */
            label: string;
        };
        UsageSums: {
            /** @description Exact: each interval at the spec's (or the disk) price when it opened. */
            cost: components["schemas"]["Price"];
            /** Format: double */
            cpu_core_hours: number;
            /**
             * Format: double
             * @description Disk GB × hours of stopped instances (`usage.disk_price_per_gb_hour`).
             */
            disk_gb_hours: number;
            /** Format: double */
            finetune_hours: number;
            /**
             * Format: double
             * @description GPU cards × hours; a split slice counts its SM share of a card.
             */
            gpu_hours: number;
            /**
             * Format: double
             * @description Running time summed over instances, hours (4 decimals).
             */
            instance_hours: number;
            /** Format: double */
            task_run_hours: number;
            /**
             * Format: double
             * @description Running time of workspaces, container task runs and fine-tuning jobs.
             */
            workspace_hours: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
    get_usage: {
        parameters: {
            query?: {
                /** @description `json` (the default) or `csv`. */
                format?: "json" | "csv";
                /** @description Start of the period (RFC 3339); default the first of this month (UTC). */
                from?: string;
                /**
                 * @description `user`, `node`, `spec`, `kind` (instance, disk, workspace, task_run,
                 *     finetune_job) or `day` (UTC days, the default).
                 */
                group_by?: "user" | "node" | "spec" | "day" | "kind";
                /** @description End of the period, exclusive; default now. At most 400 days after `from`. */
                to?: string;
                /** @description Admins only: one user's usage (users always see their own). */
                user_id?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the report as JSON (format=json) or as CSV (format=csv) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageReport"];
                    "text/csv": string;
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
