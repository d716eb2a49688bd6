// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from './common'

export interface paths {
    "/api/v1/sandbox/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Runs a snippet (python by default) in a fresh container. */
        post: operations["run_code"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sandbox/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The warm pools, per runtime (admin). */
        get: operations["sandbox_status"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
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
    "/api/v2/runtimes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Piston v2: the runtimes this server runs. */
        get: operations["piston_runtimes"];
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
        /** @description Piston's error body. */
        PistonMessage: {
            message: string;
        };
        /** @description Piston's execute response. */
        PistonResult: {
            compile?: null | components["schemas"]["StageResult"];
            language: string;
            run: components["schemas"]["StageResult"];
            version: string;
        };
        /** @description One runtime as Piston lists it. */
        PistonRuntime: {
            aliases: string[];
            language: string;
            /** @description The image the runs start from. */
            runtime: string;
            version: string;
        };
        /** @description The seed's simple run request. */
        RunCode: {
            code: string;
            /** @description A runtime's language or alias; default `python`. */
            language?: string | null;
            stdin?: string | null;
            /**
             * Format: int64
             * @description Wall-clock limit in ms (≤ the configured maximum; ≤ 0 = default).
             */
            timeout_ms?: number | null;
        };
        /** @description The simple run result. */
        RunOutcome: {
            /** Format: int32 */
            exit_code?: number | null;
            /** @description `OK`, or Piston's status: RE, SG, TO, OL, EL, XX. */
            status: string;
            stderr: string;
            stdout: string;
            /** @description Exited 0 within every limit. */
            success: boolean;
            /** Format: int64 */
            wall_time_ms: number;
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
    run_code: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RunCode"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunOutcome"];
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
            429: {
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
    sandbox_status: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Pool status */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
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
    piston_runtimes: {
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
                    "application/json": components["schemas"]["PistonRuntime"][];
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
        };
    };
}
