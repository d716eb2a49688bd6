// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'

export interface components {
    schemas: common["schemas"] & {
        /** @description An instance's shutdown schedule and what the autostop loop found. */
        AutoStop: {
            /**
             * Format: date-time
             * @description When it is due to stop by itself (while running), or when it was
             *     stopped by itself (`exit_reason` `auto_stopped`); null otherwise.
             */
            due_at?: string | null;
            /**
             * Format: date-time
             * @description Idle (no CPU use, no session) since then, while running.
             */
            idle_since?: string | null;
            reason?: null | components["schemas"]["StopReason"];
            /**
             * Format: double
             * @description Stop after running this long, counted from the last start; null for none.
             */
            stop_after_hours?: number | null;
            /**
             * Format: date-time
             * @description Stop at this time (定时关机); null for none.
             */
            stop_at?: string | null;
            /**
             * @description Whether `due_at` is close enough that the owner is warned (see
             *     `autostop.warn_minutes`).
             */
            warn: boolean;
        };
        /**
         * @description Why an instance's container is not running, for the console to explain.
         * @enum {string}
         */
        ExitReason: "none" | "stopped" | "auto_stopped" | "exited" | "oom_killed" | "shell_without_tty";
        GpuGrant: {
            /**
             * Format: int64
             * @description Card index on the node (what `device_ids` names).
             */
            index: number;
            /** Format: int64 */
            sm_percent: number;
            /** Format: int64 */
            vram_mib: number;
        };
        Instance: {
            /** @description Idle and scheduled shutdown: what the owner set and what is due. */
            auto_stop: components["schemas"]["AutoStop"];
            container_id: string;
            container_name: string;
            /** Format: double */
            cpu_cores: number;
            /** Format: date-time */
            created_at: string;
            /** Format: int64 */
            data_disk_gb: number;
            /**
             * @description Whether the system-disk size is enforced by the storage driver; when not,
             *     it is recorded here instead of silently dropped.
             */
            disk_enforced: boolean;
            /**
             * Format: int64
             * @description The exit code of the container's main process once it ended (`exited`);
             *     null while it runs or when it is unknown.
             */
            exit_code?: number | null;
            /** @description Why an `exited` instance is not running (`none` otherwise). */
            exit_reason: components["schemas"]["ExitReason"];
            gpu_split: boolean;
            gpus: components["schemas"]["GpuGrant"][];
            /** Format: int64 */
            id: number;
            image_address: string;
            /** Format: int64 */
            image_id?: number | null;
            /** Format: double */
            memory_gb: number;
            name: string;
            /** Format: int64 */
            node_id: number;
            /**
             * @description The node's name, for users and admins alike (empty when the node is
             *     gone).
             */
            node_name: string;
            /** Format: int64 */
            owner_id: number;
            /**
             * @description What a creating instance is doing now, in words, e.g. `pulling image
             *     x:1: 3/5 layers done, 41.2 of 80.0 MB`; empty once it runs.
             */
            progress: string;
            pull?: null | components["schemas"]["PullProgress"];
            remark: string;
            /** Format: int64 */
            spec_id?: number | null;
            status: components["schemas"]["InstanceStatus"];
            status_error: string;
            /** Format: int64 */
            system_disk_gb: number;
            /** Format: date-time */
            updated_at: string;
        };
        /** @enum {string} */
        InstanceStatus: "creating" | "running" | "exited" | "failed" | "deleting" | "missing";
        /**
         * @description An image pull for a creating instance, in figures (a client translates
         *     them; `progress` says the same in English).
         */
        PullProgress: {
            /**
             * Format: int64
             * @description Bytes downloaded so far, over the layers whose size is known.
             */
            bytes_done: number;
            /** Format: int64 */
            bytes_total: number;
            image: string;
            /** Format: int32 */
            layers: number;
            /** Format: int32 */
            layers_done: number;
        };
        /**
         * @description Why an instance is (or was) stopped by Tianqi on its own.
         * @enum {string}
         */
        StopReason: "scheduled" | "max_runtime" | "idle";
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
