// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'
import type { components as shared } from './shared'

export interface paths {
    "/api/v1/finetune/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Jobs, newest first (a user's own; every job for admins). */
        get: operations["list_finetune_jobs"];
        put?: never;
        /**
         * Create a job: checked (422 naming the field: preset, params.*, paths
         *     outside `finetune.allowed_roots`, GPU cards the node lacks or that are
         *     taken), placed like an instance and its capacity reserved (no node →
         *     409), then its container started in the background — the job answered
         *     is `pending`. Nothing is held for a refused job.
         */
        post: operations["create_finetune_job"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/finetune/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_finetune_job"];
        put?: never;
        post?: never;
        /** Delete an ended job with its series and log; an active one → 409. */
        delete: operations["delete_finetune_job"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: common["schemas"] & shared["schemas"] & {
        /** @description A create request. */
        JobFields: {
            /**
             * @description An absolute path on the node inside the allowed roots, or a hub name
             *     (`Qwen/Qwen2-0.5B`).
             */
            base_model: string;
            /** @description Replaces the generated trainer command (an argv, never a shell string). */
            custom_command?: string[];
            /** @description An absolute path on the node inside the allowed roots. */
            dataset_path: string;
            description?: string;
            /**
             * @description GPU cards on the node: "0,1", "0-2"; empty = the spec's count, chosen
             *     by placement.
             */
            gpu_devices?: string;
            /** Format: int64 */
            image_id: number;
            name: string;
            /** @description Where the trainer writes; empty = `<finetune.output_root>/job-<id>`. */
            output_path?: string | null;
            params?: components["schemas"]["ParamsPatch"];
            /** @description quick_test, standard (default), full_finetune or custom. */
            preset?: string | null;
            /** Format: int64 */
            spec_id: number;
        };
        /** @description One page of a list. */
        Page_Job: {
            items: {
                /** @description The argv the container runs (the custom command or the generated one). */
                command: string[];
                /** Format: date-time */
                created_at: string;
                /** Format: date-time */
                ended_at?: string | null;
                /** @description Why it failed (or was marked at a restart); empty otherwise. */
                error: string;
                /** Format: int64 */
                exit_code?: number | null;
                /** @description GPU card indices on the node, reserved while the job is active. */
                gpus: number[];
                /** Format: int64 */
                id: number;
                /** @description The latest figures (loss, learning_rate, epoch, step, total_steps …). */
                metrics: components["schemas"]["Metrics"];
                /**
                 * Format: int64
                 * @description The node it runs on (none before placement or after a refused create).
                 */
                node_id?: number | null;
                /** Format: int64 */
                owner_id: number;
                /**
                 * Format: double
                 * @description 0–100.
                 */
                progress: number;
                spec: components["schemas"]["JobSpec"];
                /** Format: date-time */
                started_at?: string | null;
                status: components["schemas"]["JobStatus"];
            }[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
        };
        /** @description Parameters laid over the preset's; absent ones keep the preset's value. */
        ParamsPatch: {
            /** Format: int64 */
            batch_size?: number | null;
            /** Format: double */
            learning_rate?: number | null;
            /** Format: int64 */
            logging_steps?: number | null;
            /** Format: int64 */
            max_steps?: number | null;
            /** Format: int64 */
            num_train_epochs?: number | null;
            /** Format: int64 */
            save_steps?: number | null;
            /** Format: int64 */
            warmup_steps?: number | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
    list_finetune_jobs: {
        parameters: {
            query?: {
                /** @description Part of the job's name. */
                name?: string;
                page?: number;
                page_size?: number;
                /** @description pending, running, completed, failed or stopped. */
                status?: string;
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
                    "application/json": components["schemas"]["Page_Job"];
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
    create_finetune_job: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JobFields"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
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
    get_finetune_job: {
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
                    "application/json": components["schemas"]["Job"];
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
    delete_finetune_job: {
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
