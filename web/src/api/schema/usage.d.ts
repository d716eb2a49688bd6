// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from './common'

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
    "/api/v1/quotas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every quota (admin): the default for everyone and the users' own. */
        get: operations["list_quotas"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/quotas/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a user's own quota (admin): laid over the default field by field. */
        put: operations["set_user_quota"];
        post?: never;
        /** Remove a user's own quota (admin): the default applies again. */
        delete: operations["delete_user_quota"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/quotas/default": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the default quota (admin): every field replaced, null = no limit. */
        put: operations["set_default_quota"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
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
    schemas: common["schemas"] & {
        /**
         * @description How a report groups its rows.
         * @enum {string}
         */
        GroupBy: "user" | "node" | "spec" | "day";
        /** @description A user's quota in force (their own over the default) and their use. */
        MyQuota: {
            in_use: components["schemas"]["QuotaUse"];
            quota: components["schemas"]["QuotaFields"];
        };
        /** @description A quota; a null or absent field is no limit. */
        QuotaFields: {
            /**
             * Format: int64
             * @description Not a limit on use: the user's instances stop after this many minutes
             *     idle (no CPU use, no terminal or SSH session); the spec's limit applies
             *     where it is stricter.
             */
            idle_stop_minutes?: number | null;
            /** Format: double */
            max_cpu_cores?: number | null;
            /**
             * Format: int64
             * @description GPU cards held by running instances (a split slice is one card).
             */
            max_gpus?: number | null;
            /**
             * Format: int64
             * @description Instances running or being created at once.
             */
            max_instances?: number | null;
            /** Format: double */
            max_memory_gb?: number | null;
            /** @description This calendar month (UTC); once reached, new instances are refused. */
            max_monthly_cost?: string | null;
            /**
             * Format: int64
             * @description GPU-hours this calendar month (UTC); once reached, GPU instances are refused.
             */
            max_monthly_gpu_hours?: number | null;
        };
        QuotaList: {
            /** @description Applies to every user where their own quota leaves a field null. */
            default: components["schemas"]["QuotaFields"];
            users: components["schemas"]["UserQuota"][];
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
            /** @description Exact: each interval at the spec's price when it opened. */
            cost: components["schemas"]["Price"];
            /** Format: double */
            cpu_core_hours: number;
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
        };
        UserQuota: {
            quota: components["schemas"]["QuotaFields"];
            /** Format: int64 */
            user_id: number;
            /** @description "" when the user no longer exists. */
            username: string;
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
    list_quotas: {
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
                    "application/json": components["schemas"]["QuotaList"];
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
    set_user_quota: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description user id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["QuotaFields"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QuotaFields"];
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
    delete_user_quota: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description user id */
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
    set_default_quota: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["QuotaFields"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QuotaFields"];
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
            403: {
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
    get_usage: {
        parameters: {
            query?: {
                /** @description `json` (the default) or `csv`. */
                format?: "json" | "csv";
                /** @description Start of the period (RFC 3339); default the first of this month (UTC). */
                from?: string;
                /** @description `user`, `node`, `spec` or `day` (UTC days, the default). */
                group_by?: "user" | "node" | "spec" | "day";
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
