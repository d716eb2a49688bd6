// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'

export interface paths {
    "/api/v1/assets/{id}/bmc-refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Read the asset's BMC over Redfish now (admin) and write what it reports —
         *     model, serial, service tag, CPU, memory, power state — over the asset;
         *     answers the facts and what changed. The outcome is also kept on the asset
         *     (`bmc`). 422 `bmc_password` when the BMC refuses the credentials, 503 when
         *     it cannot be reached or does not speak Redfish.
         */
        post: operations["refresh_bmc"];
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
         * @description What one system resource says. Every field is optional: BMCs differ in
         *     what they fill in.
         */
        BmcFacts: {
            /**
             * Format: int64
             * @description Cores (`ProcessorSummary.CoreCount`, newer schemas).
             */
            cpu_cores?: number | null;
            cpu_model?: string | null;
            /**
             * Format: int64
             * @description Processor sockets (`ProcessorSummary.Count`).
             */
            cpu_sockets?: number | null;
            /**
             * Format: int64
             * @description Threads (`ProcessorSummary.LogicalProcessorCount`).
             */
            cpu_threads?: number | null;
            /** @description `Status.HealthRollup` (or `Status.Health`): OK, Warning, Critical. */
            health?: string | null;
            manufacturer?: string | null;
            /** Format: int64 */
            memory_gb?: number | null;
            model?: string | null;
            power_state?: null | components["schemas"]["PowerState"];
            serial_number?: string | null;
            /** @description Dell puts the service tag in `SKU`. */
            service_tag?: string | null;
        };
        /** @description What a refresh from the BMC read and changed. */
        BmcRefresh: {
            asset: components["schemas"]["Asset"];
            /** @description The asset's fields the BMC changed (empty: it already matched). */
            changes: components["schemas"]["FieldChange"][];
            facts: components["schemas"]["BmcFacts"];
        };
        /** @description One field a refresh changed. */
        FieldChange: {
            after: string;
            before: string;
            field: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
    refresh_bmc: {
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
                    "application/json": components["schemas"]["BmcRefresh"];
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
            409: {
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
}
