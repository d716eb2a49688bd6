// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'
import type { components as shared } from './shared'

export interface paths {
    "/api/v1/tasks/{id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Its runs, newest first: trigger, attempt, times, exit code or signal; as
         *     a page of JSON or (format=csv) the whole history as CSV.
         */
        get: operations["task_runs"];
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
        /** @description One page of a list. */
        Page_TaskRun: {
            items: {
                /**
                 * Format: int32
                 * @description 1 for the first run of a trigger, 2… for its retries and restarts.
                 */
                attempt: number;
                /** Format: int64 */
                duration_ms?: number | null;
                /** Format: date-time */
                ended_at?: string | null;
                /** Format: int32 */
                exit_code?: number | null;
                /** Format: int64 */
                id: number;
                /** @description Its log file, relative to the tasks log directory. */
                log_file: string;
                /** @description Why it failed, in words (timeout, stopped, server restarted …). */
                reason?: string | null;
                /**
                 * Format: int32
                 * @description The signal that ended it (9 after a kill), if one did.
                 */
                signal?: number | null;
                /** Format: date-time */
                started_at: string;
                /** @description RUNNING, then SUCCESS, FAILED or EXCEPTION. */
                status: components["schemas"]["TaskStatus"];
                task_id: string;
                trigger: components["schemas"]["Trigger"];
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
    task_runs: {
        parameters: {
            query?: {
                /** @description `json` (a page, the default) or `csv` (the whole history, newest first). */
                format?: "json" | "csv";
                /** @description 1-based page number (default 1; JSON only). */
                page?: number;
                /** @description Items per page, 1 to 500 (default 20; JSON only). */
                page_size?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page of runs (format=json) or every run as CSV (format=csv) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_TaskRun"];
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
