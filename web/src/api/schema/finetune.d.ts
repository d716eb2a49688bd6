// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from './common'

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
    "/api/v1/finetune/jobs/{id}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The job's log lines from `offset` (`count` of them); with `wait_ms`, an
         *     active job's caller waits for the next line (follow by asking again from
         *     `next_offset`).
         */
        get: operations["finetune_job_logs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/finetune/jobs/{id}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest figures and the loss / learning-rate / epoch series. */
        get: operations["finetune_job_metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/finetune/jobs/{id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop a pending or running job: SIGTERM to the trainer, SIGKILL after
         *     `finetune.stop_grace_secs`; it ends `stopped` (never `failed` because of
         *     the stop). Answers at once; an ended job → 409.
         */
        post: operations["stop_finetune_job"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/finetune/presets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The seed's presets (quick_test, standard, full_finetune) and `custom`. */
        get: operations["list_finetune_presets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/finetune/statistics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Counts by status for the stat cards. */
        get: operations["finetune_statistics"];
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
        /** @description A job and its state, as stored and answered. */
        Job: {
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
        };
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
        JobLogs: {
            /** @description The job has ended: no more lines will come. */
            ended: boolean;
            /** Format: int64 */
            job_id: number;
            lines: string[];
            /** @description The offset to ask for next. */
            next_offset: number;
            offset: number;
        };
        /** @description A job's figures and its series. */
        JobMetrics: {
            /** Format: int64 */
            job_id: number;
            /** @description The latest figures. */
            latest: components["schemas"]["Metrics"];
            /** @description One point per logged step, by step. */
            points: components["schemas"]["Point"][];
            /** Format: double */
            progress: number;
            status: components["schemas"]["JobStatus"];
        };
        /** @description A checked job. */
        JobSpec: {
            base_model: string;
            custom_command: string[];
            dataset_path: string;
            description: string;
            /** @description As asked for (empty = placement chooses). */
            gpu_devices: number[];
            /** Format: int64 */
            image_id: number;
            name: string;
            /** @description Empty until the service fills in the default. */
            output_path: string;
            params: components["schemas"]["TrainingParams"];
            preset: components["schemas"]["Preset"];
            /** Format: int64 */
            spec_id: number;
        };
        /**
         * @description A job's state. `stopped` is only ever reached through a stop request.
         * @enum {string}
         */
        JobStatus: "pending" | "running" | "completed" | "failed" | "stopped";
        /** @description The latest figures of a job. */
        Metrics: {
            /** Format: double */
            epoch?: number | null;
            /** Format: double */
            eval_loss?: number | null;
            /** Format: double */
            grad_norm?: number | null;
            /** Format: double */
            learning_rate?: number | null;
            /** Format: double */
            loss?: number | null;
            /** @description The trainer's own estimate ("0:01:30", "00:40"). */
            remaining_time?: string | null;
            /** Format: int64 */
            step?: number | null;
            /** Format: int64 */
            total_steps?: number | null;
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
        /** @description One point of the loss / learning-rate / epoch series. */
        Point: {
            /** Format: double */
            epoch?: number | null;
            /** Format: double */
            eval_loss?: number | null;
            /** Format: double */
            learning_rate?: number | null;
            /** Format: double */
            loss?: number | null;
            /** Format: int64 */
            step: number;
        };
        /**
         * @description The seed's three presets, and `custom` (the standard values as a start).
         * @enum {string}
         */
        Preset: "quick_test" | "standard" | "full_finetune" | "custom";
        /** @description A preset as the create dialog offers it. */
        PresetView: {
            name: components["schemas"]["Preset"];
            params: components["schemas"]["TrainingParams"];
        };
        /** @description Counts for the stat cards. */
        Statistics: {
            /** Format: int64 */
            completed: number;
            /** Format: int64 */
            failed: number;
            /** Format: int64 */
            pending: number;
            /** Format: int64 */
            running: number;
            /** Format: int64 */
            stopped: number;
            /** Format: int64 */
            total: number;
        };
        /** @description The seed's training parameters. */
        TrainingParams: {
            /** Format: int64 */
            batch_size: number;
            /** Format: double */
            learning_rate: number;
            /** Format: int64 */
            logging_steps: number;
            /**
             * Format: int64
             * @description −1 = no limit.
             */
            max_steps: number;
            /** Format: int64 */
            num_train_epochs: number;
            /** Format: int64 */
            save_steps: number;
            /** Format: int64 */
            warmup_steps: number;
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
    finetune_job_logs: {
        parameters: {
            query?: {
                /** @description How many lines (200, at most 10000). */
                count?: number;
                /** @description The first line (0-based; default 0). */
                offset?: number;
                /**
                 * @description Follow: with no line at `offset` yet and the job active, wait up to
                 *     this many milliseconds (at most 30000) for one.
                 */
                wait_ms?: number;
            };
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
                    "application/json": components["schemas"]["JobLogs"];
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
    finetune_job_metrics: {
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
                    "application/json": components["schemas"]["JobMetrics"];
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
    stop_finetune_job: {
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
            202: {
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
    list_finetune_presets: {
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
                    "application/json": components["schemas"]["PresetView"][];
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
    finetune_statistics: {
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
                    "application/json": components["schemas"]["Statistics"];
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
}
