// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'

export interface components {
    schemas: common["schemas"] & {
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
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
