// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'

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
        /**
         * @description The seed's three presets, and `custom` (the standard values as a start).
         * @enum {string}
         */
        Preset: "quick_test" | "standard" | "full_finetune" | "custom";
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
