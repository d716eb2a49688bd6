// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from './common'

export interface paths {
    "/api/v1/assets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List assets (admin), filtered by hostname, service tag, IP, status and
         *     department, a page at a time.
         */
        get: operations["list_assets"];
        put?: never;
        /**
         * Record a server (admin). `hostname` and `service_tag` are required; the
         *     service tag is unique (409).
         */
        post: operations["create_asset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One asset (admin). */
        get: operations["get_asset"];
        put?: never;
        post?: never;
        /** Delete an asset (admin). */
        delete: operations["delete_asset"];
        options?: never;
        head?: never;
        /**
         * Change an asset (admin): absent fields stay, `null` clears a number, a
         *     date, the power state or the node link.
         */
        patch: operations["update_asset"];
        trace?: never;
    };
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
    "/api/v1/assets/batch-delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Delete several assets at once (admin), in one transaction. */
        post: operations["batch_delete_assets"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The assets the filters match as CSV (admin), in the format the import reads. */
        get: operations["export_assets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import assets from CSV (admin). Every row is checked first; with any bad
         *     row nothing is imported (422 listing each bad row's line and field) unless
         *     `skip_bad_rows`.
         */
        post: operations["import_assets"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/statistics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Counts by status and warranties ending soon (admin): the console's stat cards. */
        get: operations["asset_statistics"];
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
         * @description What a create or an update sends. Absent fields keep their value (create:
         *     the default); `null` clears a number, a date, the power state or the node.
         */
        AssetFields: {
            asset_number?: string | null;
            bmc_address?: string | null;
            /** @description Write-only: absent keeps it, `""` removes it. Stored encrypted, never returned. */
            bmc_password?: string | null;
            bmc_username?: string | null;
            /** Format: int64 */
            cpu_cores?: number | null;
            cpu_model?: string | null;
            /** Format: int64 */
            cpu_threads?: number | null;
            department?: string | null;
            disks?: string | null;
            hostname?: string | null;
            ip_address?: string | null;
            mac_address?: string | null;
            /** Format: int64 */
            memory_gb?: number | null;
            model?: string | null;
            nics?: string | null;
            /** Format: int64 */
            node_id?: number | null;
            os?: string | null;
            owner?: string | null;
            power_state?: null | components["schemas"]["PowerState"];
            /** Format: date */
            purchase_date?: string | null;
            rack?: string | null;
            remark?: string | null;
            serial_number?: string | null;
            service_tag?: string | null;
            status?: null | components["schemas"]["AssetStatus"];
            u_position?: string | null;
            /** Format: date */
            warranty_end?: string | null;
        };
        AssetIds: {
            /** @description Asset ids (1–500). */
            ids: number[];
        };
        AssetImport: {
            /** @description The CSV text: a header naming the columns, then one asset per line. */
            csv: string;
            /** @description Import the good rows and report the bad ones, instead of importing nothing. */
            skip_bad_rows?: boolean;
        };
        /** @description A refused import: the usual error, and every bad row. */
        AssetImportRejected: {
            error: components["schemas"]["ErrorDetail"];
            /**
             * @description Every bad row; absent when the request itself was refused (a body
             *     that is not the import's JSON, a file that is not CSV).
             */
            rows?: components["schemas"]["AssetRowError"][];
        };
        /** @description What an import did. */
        AssetImportReport: {
            /** Format: int64 */
            imported: number;
            /** @description The rows left out (only with `skip_bad_rows`). */
            skipped: components["schemas"]["AssetRowError"][];
        };
        /**
         * @description A row that cannot be imported: its line in the file (the header is line 1),
         *     the column at fault and why.
         */
        AssetRowError: {
            field: string;
            line: number;
            message: string;
        };
        AssetStatistics: {
            /** Format: int64 */
            maintenance: number;
            /** Format: int64 */
            offline: number;
            /** Format: int64 */
            online: number;
            /** Format: int64 */
            total: number;
            /** Format: int64 */
            warranty_expired: number;
            /**
             * Format: int64
             * @description Warranties ending in the next 30 days (today included).
             */
            warranty_within_30_days: number;
            /**
             * Format: int64
             * @description Warranties ending in the next 90 days (the 30-day ones included).
             */
            warranty_within_90_days: number;
        };
        /** @description What a batch delete did. */
        BatchDeleted: {
            deleted: number[];
            /** @description Ids that were not there. */
            missing: number[];
        };
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
        /** @description One page of a list. */
        Page_Asset: {
            items: (components["schemas"]["AssetDraft"] & {
                bmc: components["schemas"]["BmcState"];
                /** Format: date-time */
                created_at: string;
                /** @description A BMC password is stored (it is never shown). */
                has_bmc_password: boolean;
                /** Format: int64 */
                id: number;
                node?: null | components["schemas"]["NodeLink"];
                /** Format: date-time */
                updated_at: string;
                /**
                 * Format: int64
                 * @description Days until the warranty ends (negative: ended that long ago).
                 */
                warranty_days_left?: number | null;
                warranty_state: components["schemas"]["WarrantyState"];
            })[];
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
    list_assets: {
        parameters: {
            query?: {
                /** @description Substring of the department. */
                department?: string;
                /** @description Substring of the hostname. */
                hostname?: string;
                /** @description Substring of the IP address. */
                ip?: string;
                page?: number;
                page_size?: number;
                /** @description Substring of the service tag (case-insensitive). */
                service_tag?: string;
                status?: components["schemas"]["AssetStatus"];
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
                    "application/json": components["schemas"]["Page_Asset"];
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
    create_asset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssetFields"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Asset"];
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
            409: {
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
    get_asset: {
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
                    "application/json": components["schemas"]["Asset"];
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
    delete_asset: {
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
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
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
    update_asset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssetFields"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Asset"];
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
    batch_delete_assets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssetIds"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchDeleted"];
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
    export_assets: {
        parameters: {
            query?: {
                /** @description Substring of the department. */
                department?: string;
                /** @description Substring of the hostname. */
                hostname?: string;
                /** @description Substring of the IP address. */
                ip?: string;
                page?: number;
                page_size?: number;
                /** @description Substring of the service tag (case-insensitive). */
                service_tag?: string;
                status?: components["schemas"]["AssetStatus"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the assets as CSV, one header line then one asset per line */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
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
    import_assets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssetImport"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssetImportReport"];
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
            409: {
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
            /** @description a broken file (`error` only) or bad rows (`rows` lists them; nothing imported) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssetImportRejected"];
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
    asset_statistics: {
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
                    "application/json": components["schemas"]["AssetStatistics"];
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
