// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from './common'

export interface paths {
    "/api/v1/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tasks by id, each with its state and next run. */
        get: operations["list_tasks"];
        put?: never;
        /**
         * Create a task (the seed's fields: `id`, `script_path`, `interval_minutes`,
         *     `execute_path`, `enabled`, …). Host-process tasks: admins only (403).
         */
        post: operations["create_task"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_task"];
        put?: never;
        post?: never;
        /** Delete a task: its runs are stopped, its history and logs removed. */
        delete: operations["delete_task"];
        options?: never;
        head?: never;
        /**
         * Change a task; absent fields stay (an interval replaces a cron
         *     expression and the other way round).
         */
        patch: operations["update_task"];
        trace?: never;
    };
    "/api/v1/tasks/{id}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The end of its log (every line `<time> [run N] [stream] text`), with a
         *     level filter.
         */
        get: operations["task_logs"];
        put?: never;
        post?: never;
        /** Remove its log files. */
        delete: operations["clear_task_logs"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/logs/ws": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Follow the task's log live over a WebSocket (owner or admin; see the
         *     module's protocol). Lines from the upgrade on; the past is `GET …/logs`.
         */
        get: operations["follow_task_logs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/restart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop it, wait for its runs to end, run it again. */
        post: operations["restart_task"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run it now. Running already with `overlap: skip` → 409. */
        post: operations["run_task"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Its runs, newest first: trigger, attempt, times, exit code or signal; as
         *     a page of JSON or (format=csv) the whole history as CSV.
         */
        get: operations["task_runs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop its runs, and their retries or restarts. */
        post: operations["stop_task"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/toggle": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enable a disabled task or disable an enabled one (disabling stops its
         *     runs).
         */
        post: operations["toggle_task"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/batch/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Delete several, all or none (one unknown id → 404, nothing deleted). */
        post: operations["batch_delete"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/batch/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run several now; each answers for itself. */
        post: operations["batch_run"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/batch/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop several; each answers for itself. */
        post: operations["batch_stop"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your tasks (admins: all) as the seed's tasks.json or as CSV. */
        get: operations["export_tasks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a tasks.json (the seed's format, `settings` block included): all
         *     tasks or none; existing ids are updated.
         */
        post: operations["import_tasks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The next 5 fire times of a definition (nothing is saved): the console's
         *     schedule helper.
         */
        post: operations["preview_task"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: common["schemas"] & {
        BatchIds: {
            /** @description Task ids (1–1000). */
            ids: string[];
        };
        /** @description What a batch did to each task. */
        BatchResult: {
            id: string;
            ok: boolean;
            /** @description started / queued / skipped / stopped / deleted, or the error. */
            result: string;
        };
        BatchResults: {
            items: components["schemas"]["BatchResult"][];
        };
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
        ImportReport: {
            created: string[];
            /** @description Settings of the file the server does not take from it, and why. */
            notes: string[];
            updated: string[];
        };
        LogLineView: {
            /** @description The level the line names, if any. */
            level?: string | null;
            text: string;
        };
        LogTail: {
            lines: components["schemas"]["LogLineView"][];
            task_id: string;
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
        /** @description One page of a list. */
        Page_TaskRun: {
            items: {
                /**
                 * Format: int32
                 * @description 1 for the first run of a trigger, 2… for its retries and restarts.
                 */
                attempt: number;
                /** Format: int64 */
                duration_ms?: number | null;
                /** Format: date-time */
                ended_at?: string | null;
                /** Format: int32 */
                exit_code?: number | null;
                /** Format: int64 */
                id: number;
                /** @description Its log file, relative to the tasks log directory. */
                log_file: string;
                /** @description Why it failed, in words (timeout, stopped, server restarted …). */
                reason?: string | null;
                /**
                 * Format: int32
                 * @description The signal that ended it (9 after a kill), if one did.
                 */
                signal?: number | null;
                /** Format: date-time */
                started_at: string;
                /** @description RUNNING, then SUCCESS, FAILED or EXCEPTION. */
                status: components["schemas"]["TaskStatus"];
                task_id: string;
                trigger: components["schemas"]["Trigger"];
            }[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
        };
        /** @description One page of a list. */
        Page_TaskView: {
            items: (components["schemas"]["Task"] & {
                /** @description A run waits for the current one (overlap: queue). */
                queued: boolean;
                /** @description Runs of it going now. */
                running: number;
            })[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
        };
        Preview: {
            /** @description The next fire times (UTC); empty for an on-demand task. */
            next: string[];
        };
        RunStarted: {
            /** @description `started` or `queued` (overlap: queue). */
            result: components["schemas"]["Started"];
        };
        /**
         * @description What a trigger did.
         * @enum {string}
         */
        Started: "started" | "queued" | "skipped";
        Stopped: {
            /**
             * @description Runs that were told to stop (SIGTERM to the process group, SIGKILL
             *     after `kill_timeout`).
             */
            stopped: number;
        };
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
export interface operations {
    list_tasks: {
        parameters: {
            query?: {
                page?: number;
                page_size?: number;
                /** @description Part of the id or name. */
                q?: string;
                /** @description IDLE, RUNNING, SUCCESS, FAILED, EXCEPTION or DISABLED. */
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
                    "application/json": components["schemas"]["Page_TaskView"];
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
    create_task: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskFields"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskView"];
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
    get_task: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
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
                    "application/json": components["schemas"]["TaskView"];
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
    delete_task: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
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
    update_task: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskFields"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskView"];
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
            404: {
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
    task_logs: {
        parameters: {
            query?: {
                /** @description DEBUG, INFO, WARNING or ERROR: lines at this level or above. */
                level?: string;
                /** @description Lines from the end (200, at most 10000). */
                lines?: number;
                /** @description Only this run's lines. */
                run?: number;
            };
            header?: never;
            path: {
                id: string;
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
                    "application/json": components["schemas"]["LogTail"];
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
    clear_task_logs: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
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
    follow_task_logs: {
        parameters: {
            query?: {
                /** @description Only this run's lines. */
                run?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Switching to the WebSocket protocol */
            101: {
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
            /** @description Cross-origin request */
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
    restart_task: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
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
                    "application/json": components["schemas"]["RunStarted"];
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
    run_task: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
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
                    "application/json": components["schemas"]["RunStarted"];
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
    task_runs: {
        parameters: {
            query?: {
                /** @description `json` (a page, the default) or `csv` (the whole history, newest first). */
                format?: "json" | "csv";
                /** @description 1-based page number (default 1; JSON only). */
                page?: number;
                /** @description Items per page, 1 to 500 (default 20; JSON only). */
                page_size?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page of runs (format=json) or every run as CSV (format=csv) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_TaskRun"];
                    "text/csv": string;
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
    stop_task: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
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
                    "application/json": components["schemas"]["Stopped"];
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
    toggle_task: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
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
                    "application/json": components["schemas"]["TaskView"];
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
    batch_delete: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BatchIds"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchResults"];
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
            404: {
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
    batch_run: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BatchIds"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchResults"];
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
    batch_stop: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BatchIds"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchResults"];
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
    export_tasks: {
        parameters: {
            query?: {
                /** @description `json` (the seed's tasks.json, the default) or `csv`. */
                format?: "json" | "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the tasks as the seed's tasks.json (format=json) or as CSV (format=csv) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TasksFile"];
                    "text/csv": string;
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
    import_tasks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TasksFile"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReport"];
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
    preview_task: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskFields"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Preview"];
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
