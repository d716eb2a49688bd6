// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'

export interface paths {
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
}
export interface components {
    schemas: common["schemas"] & {
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
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
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
}
