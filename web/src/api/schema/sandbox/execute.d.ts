// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'
import type { components as shared } from './shared'

export interface paths {
    "/api/v2/execute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Piston v2: runs code in a fresh container. */
        post: operations["piston_execute"];
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
         * @description Piston v2 execute request. Limits: absent, zero or negative = the configured
         *     default; above the configured maximum = 400.
         */
        PistonExecute: {
            args?: string[] | null;
            /**
             * Format: int64
             * @description Milliseconds of CPU.
             */
            compile_cpu_time?: number | null;
            /**
             * Format: int64
             * @description Bytes.
             */
            compile_memory_limit?: number | null;
            /**
             * Format: int64
             * @description Milliseconds.
             */
            compile_timeout?: number | null;
            files: components["schemas"]["PistonFile"][];
            language: string;
            /**
             * Format: int64
             * @description Milliseconds of CPU.
             */
            run_cpu_time?: number | null;
            /**
             * Format: int64
             * @description Bytes.
             */
            run_memory_limit?: number | null;
            /**
             * Format: int64
             * @description Milliseconds.
             */
            run_timeout?: number | null;
            stdin?: string | null;
            /** @description A semver range: `3.11.2` (exact), `3.x`, `*`. */
            version: string;
        };
        /** @description A file of an execute request. */
        PistonFile: {
            content: string;
            /** @description `utf8` (default), `base64` or `hex`. */
            encoding?: string | null;
            /** @description Defaults to the runtime's source file name for the first file. */
            name?: string | null;
        };
        /** @description Piston's execute response. */
        PistonResult: {
            compile?: null | components["schemas"]["StageResult"];
            language: string;
            run: components["schemas"]["StageResult"];
            version: string;
        };
        /** @description Piston's `run` / `compile` object. */
        StageResult: {
            /** Format: int32 */
            code?: number | null;
            /**
             * Format: int64
             * @description Milliseconds of CPU.
             */
            cpu_time: number;
            /**
             * Format: int64
             * @description Peak memory in bytes.
             */
            memory: number;
            message?: string | null;
            output: string;
            signal?: string | null;
            status?: string | null;
            stderr: string;
            stdout: string;
            /**
             * Format: int64
             * @description Milliseconds of wall clock.
             */
            wall_time: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
    piston_execute: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description JSON, whatever the Content-Type */
        requestBody: {
            content: {
                "application/json": components["schemas"]["PistonExecute"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PistonResult"];
                };
            };
            /** @description Bad request, in Piston's words */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PistonMessage"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PistonMessage"];
                };
            };
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PistonMessage"];
                };
            };
            /** @description Public mode: per-address rate limit */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PistonMessage"];
                };
            };
            /** @description Queue full or sandbox node unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PistonMessage"];
                };
            };
        };
    };
}
