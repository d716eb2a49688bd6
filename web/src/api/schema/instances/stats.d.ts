// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'
import type { components as shared } from './shared'

export interface paths {
    "/api/v1/instances/{id}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Resource use now: `cpu_percent` (of the instance's CPU quota), memory, network,
         *     block I/O, processes. Takes about a second (Docker samples twice).
         */
        get: operations["instance_stats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/instances/{id}/stats/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The last hour of its resource use, for charts: a point every
         *     `instances.stats_history_interval_secs` (15 s) while it runs, with CPU in
         *     percent of its quota, memory in use, and network and disk rates (bytes/s).
         */
        get: operations["instance_stats_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/instances/{id}/stats/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The same statistics every 5 s as Server-Sent Events (`event: stats`), for
         *     the console; an `event: error` ends the stream.
         */
        get: operations["instance_stats_stream"];
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
        /** @description One sample of a container's resource use. */
        Stats: {
            /** Format: int64 */
            blk_read: number;
            /** Format: int64 */
            blk_write: number;
            /**
             * Format: double
             * @description CPU use relative to the instance's CPU quota: 100 = using all it may.
             */
            cpu_percent: number;
            /** Format: int64 */
            mem_limit: number;
            /** Format: double */
            mem_percent: number;
            /**
             * Format: int64
             * @description Bytes in use, page cache excluded (as `docker stats` counts).
             */
            mem_usage: number;
            /** Format: int64 */
            net_rx: number;
            /** Format: int64 */
            net_tx: number;
            /** Format: int64 */
            pids: number;
        };
        /** @description An instance's charts. */
        StatsHistory: {
            /**
             * Format: int64
             * @description Seconds between samples (`instances.stats_history_interval_secs`; 0:
             *     no history is kept).
             */
            interval_secs: number;
            /** @description Oldest first, at most the last hour. */
            points: components["schemas"]["StatsPoint"][];
        };
        /**
         * @description One point of the charts: what was in use at `at`, and the rates since the
         *     sample before it (null for the first, and across a restart).
         */
        StatsPoint: {
            /** Format: date-time */
            at: string;
            /** Format: double */
            blk_read_rate?: number | null;
            /** Format: double */
            blk_write_rate?: number | null;
            /**
             * Format: double
             * @description Percent of the instance's CPU quota (100 = all its cores busy).
             */
            cpu_percent?: number | null;
            /** Format: int64 */
            mem_limit: number;
            /**
             * Format: int64
             * @description Bytes in use (page cache excluded) and the limit.
             */
            mem_usage: number;
            /**
             * Format: double
             * @description Bytes per second.
             */
            net_rx_rate?: number | null;
            /** Format: double */
            net_tx_rate?: number | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
    instance_stats: {
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
                    "application/json": components["schemas"]["Stats"];
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
            409: {
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
    instance_stats_history: {
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
                    "application/json": components["schemas"]["StatsHistory"];
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
    instance_stats_stream: {
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
            /** @description text/event-stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": unknown;
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
