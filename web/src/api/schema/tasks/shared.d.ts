// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'

export interface components {
    schemas: common["schemas"] & {
        /**
         * @description What a schedule does with the ticks missed while the server was down.
         * @enum {string}
         */
        CatchUp: "none" | "once";
        /** @description The seed's `settings` block. */
        FileSettings: {
            /**
             * Format: double
             * @description Minutes: the interval of imported tasks that name no schedule.
             */
            default_interval?: number | null;
            log_level?: string | null;
            /** @description The server's `tasks.max_concurrent` governs; reported, not applied. */
            max_concurrent?: number | null;
        };
        /**
         * @description `once`: one process per trigger. `keep_alive`: restarted when it exits,
         *     like PM2.
         * @enum {string}
         */
        Mode: "once" | "keep_alive";
        /**
         * @description What a trigger does while the task is already running.
         * @enum {string}
         */
        Overlap: "skip" | "queue" | "allow";
        /**
         * @description Where a task runs: a host process (admins only: it runs as the server's
         *     own user), or a fresh container of `image_id` with `spec_id`'s limits,
         *     placed like an instance for the run's life and removed after it.
         * @enum {string}
         */
        Target: "host" | "container";
        /** @description A task and its state. */
        Task: {
            /** Format: date-time */
            created_at: string;
            /** @description The seed's string id. */
            id: string;
            /** @description Why the last run failed (timeout, signal, spawn error), if it did. */
            last_error?: string | null;
            /** Format: int32 */
            last_exit_code?: number | null;
            /** Format: date-time */
            last_run_at?: string | null;
            /**
             * Format: date-time
             * @description The next scheduled run (none: on demand or disabled).
             */
            next_run_at?: string | null;
            /** Format: int64 */
            owner_id: number;
            /** Format: int64 */
            run_count: number;
            spec: components["schemas"]["TaskSpec"];
            status: components["schemas"]["TaskStatus"];
            /** Format: date-time */
            updated_at: string;
        };
        /**
         * @description Fields for create (the seed's task object: `id`, `script_path`,
         *     `interval_minutes`, `execute_path`, `enabled`, `description`, `timeout`,
         *     `retry_count`, `retry_delay`, `environment`, plus Tianqi's) and update
         *     (every field optional; given fields replace the stored ones). Unknown
         *     fields are ignored, as the seed's tasks.json files carry their own.
         */
        TaskFields: {
            /** @description More arguments, after the script. */
            args?: string[] | null;
            catch_up?: null | components["schemas"]["CatchUp"];
            /** @description The shell command line (only with `shell: true`). */
            command?: string | null;
            /**
             * @description A cron expression with seconds (`0 *\/5 * * * *`) or without
             *     (`*\/5 * * * *`); empty removes it.
             */
            cron?: string | null;
            /** @description Working directory (absolute, or relative to `tasks.scripts_root`). */
            cwd?: string | null;
            description?: string | null;
            enabled?: boolean | null;
            environment?: {
                [key: string]: string;
            } | null;
            /**
             * @description The interpreter or program (`python3`, `/usr/bin/bash`): a bare
             *     name on the server's PATH or an absolute path.
             */
            execute_path?: string | null;
            /** @description The seed's string id; generated from the name when absent. */
            id?: string | null;
            /**
             * Format: int64
             * @description target container: the image the run's container is made from.
             */
            image_id?: number | null;
            /**
             * Format: double
             * @description Run every N minutes (> 0; fractions allowed).
             */
            interval_minutes?: number | null;
            /**
             * Format: int64
             * @description Run every N seconds (> 0), for sub-minute intervals.
             */
            interval_seconds?: number | null;
            /**
             * Format: int64
             * @description Seconds between SIGTERM and SIGKILL when a run is stopped (5).
             */
            kill_timeout?: number | null;
            /**
             * Format: int32
             * @description keep_alive: give up after this many quick restarts in a row (16).
             */
            max_restarts?: number | null;
            /**
             * Format: double
             * @description keep_alive: a process up at least this long (seconds, 1) counts as
             *     started well, and the restart count and backoff start over.
             */
            min_uptime?: number | null;
            mode?: null | components["schemas"]["Mode"];
            name?: string | null;
            overlap?: null | components["schemas"]["Overlap"];
            /**
             * Format: double
             * @description Each retry waits this many times longer than the one before (1, ≥ 1).
             */
            retry_backoff?: number | null;
            /**
             * Format: int32
             * @description Runs after a failed one (0).
             */
            retry_count?: number | null;
            /**
             * Format: double
             * @description Seconds before a retry (0).
             */
            retry_delay?: number | null;
            /**
             * @description The script handed to `execute_path` (or run itself when there is no
             *     `execute_path`); relative paths are under `tasks.scripts_root`.
             */
            script_path?: string | null;
            /** @description Run `command` with `/bin/sh -c`. Only when asked for explicitly. */
            shell?: boolean | null;
            /**
             * Format: int64
             * @description target container: the spec whose limits the container gets (and
             *     whose capacity the run reserves on a node).
             */
            spec_id?: number | null;
            /** @description keep_alive: exit codes that mean "done, do not restart". */
            stop_exit_codes?: number[] | null;
            target?: null | components["schemas"]["Target"];
            /**
             * Format: int64
             * @description Seconds before a run is killed (300; 0 = no limit).
             */
            timeout?: number | null;
            /** @description IANA time zone the cron expression is read in (default UTC). */
            timezone?: string | null;
        };
        /** @description The seed's tasks.json. */
        TasksFile: {
            settings?: components["schemas"]["FileSettings"];
            tasks: components["schemas"]["TaskFields"][];
        };
        /** @description A checked task definition, as stored (JSON) and exported. */
        TaskSpec: {
            args: string[];
            catch_up: components["schemas"]["CatchUp"];
            command?: string | null;
            cron?: string | null;
            cwd?: string | null;
            description: string;
            enabled: boolean;
            environment: {
                [key: string]: string;
            };
            execute_path?: string | null;
            /**
             * Format: int64
             * @description Only with target container (definitions stored before containers
             *     existed have neither).
             */
            image_id?: number | null;
            /** Format: int64 */
            interval_seconds?: number | null;
            /** Format: int64 */
            kill_timeout: number;
            /** Format: int32 */
            max_restarts: number;
            /** Format: int64 */
            min_uptime_ms: number;
            mode: components["schemas"]["Mode"];
            name: string;
            overlap: components["schemas"]["Overlap"];
            /** Format: double */
            retry_backoff: number;
            /** Format: int32 */
            retry_count: number;
            /** Format: int64 */
            retry_delay_ms: number;
            script_path?: string | null;
            shell: boolean;
            /** Format: int64 */
            spec_id?: number | null;
            stop_exit_codes: number[];
            target: components["schemas"]["Target"];
            /** Format: int64 */
            timeout: number;
            timezone: string;
        };
        /** @description A task as answered: its definition, state, and the next fire times. */
        TaskView: components["schemas"]["Task"] & {
            /** @description A run waits for the current one (overlap: queue). */
            queued: boolean;
            /** @description Runs of it going now. */
            running: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
