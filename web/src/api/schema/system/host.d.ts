// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'

export interface paths {
    "/api/v1/system/host": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This server's host now: CPU, memory, disks, load, network and the top
         *     processes by CPU and by memory (CPU figures cover the time since the
         *     previous sample, shared by every caller for about a second).
         */
        get: operations["host"];
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
        CpuFigures: {
            brand: string;
            /** @description Logical CPUs. */
            cores: number;
            /** @description The same per logical CPU. */
            per_core_percent: number[];
            physical_cores?: number | null;
            /**
             * Format: double
             * @description Busy share of all CPUs since the previous sample, 0–100.
             */
            usage_percent: number;
        };
        DiskFigures: {
            /**
             * Format: int64
             * @description Bytes an unprivileged user can still write.
             */
            available_bytes: number;
            /** @description The device, e.g. `/dev/sda1`. */
            device: string;
            file_system: string;
            mount_point: string;
            /**
             * Format: double
             * @description used / total, 0–100.
             */
            percent: number;
            /** Format: int64 */
            total_bytes: number;
            /** Format: int64 */
            used_bytes: number;
        };
        /** @description One look at this server's host. */
        HostSnapshot: {
            /** @description CPU architecture, e.g. `x86_64`. */
            arch: string;
            /** Format: date-time */
            at: string;
            /** Format: date-time */
            boot_time: string;
            cpu: components["schemas"]["CpuFigures"];
            /** @description Real filesystems only (no tmpfs, overlay, proc …), one row per device. */
            disks: components["schemas"]["DiskFigures"][];
            hostname: string;
            kernel: string;
            load: components["schemas"]["LoadFigures"];
            memory: components["schemas"]["MemoryFigures"];
            /** @description Per interface; loopback included (a local service's traffic is traffic). */
            network: components["schemas"]["NetworkFigures"][];
            /** @description Operating system, e.g. `Debian GNU/Linux 13`. */
            os: string;
            /** @description Processes on the host. */
            process_count: number;
            /** @description The busiest processes by CPU, most first. */
            top_cpu: components["schemas"]["ProcessFigures"][];
            /** @description The largest processes by resident memory, most first. */
            top_memory: components["schemas"]["ProcessFigures"][];
            /** Format: int64 */
            uptime_secs: number;
        };
        LoadFigures: {
            /** Format: double */
            fifteen: number;
            /** Format: double */
            five: number;
            /** Format: double */
            one: number;
        };
        MemoryFigures: {
            /**
             * Format: int64
             * @description Bytes (`MemAvailable`).
             */
            available_bytes: number;
            /**
             * Format: double
             * @description used / total, 0–100.
             */
            percent: number;
            /** Format: int64 */
            swap_total_bytes: number;
            /** Format: int64 */
            swap_used_bytes: number;
            /**
             * Format: int64
             * @description Bytes (`MemTotal`).
             */
            total_bytes: number;
            /**
             * Format: int64
             * @description Bytes in use: total − available (page cache that can be dropped is not "used").
             */
            used_bytes: number;
        };
        NetworkFigures: {
            interface: string;
            /**
             * Format: int64
             * @description Bytes since the interface came up.
             */
            rx_bytes: number;
            /**
             * Format: double
             * @description Bytes per second since the previous sample.
             */
            rx_bytes_per_sec: number;
            /** Format: int64 */
            tx_bytes: number;
            /** Format: double */
            tx_bytes_per_sec: number;
        };
        ProcessFigures: {
            /**
             * Format: double
             * @description Share of one CPU since the previous sample: 100 = one core busy, can
             *     exceed 100 for a process with several busy threads.
             */
            cpu_percent: number;
            /**
             * Format: int64
             * @description Resident bytes.
             */
            memory_bytes: number;
            /**
             * Format: double
             * @description Resident share of the host's memory, 0–100.
             */
            memory_percent: number;
            name: string;
            /** Format: int32 */
            pid: number;
            /** @description `Run`, `Sleep`, `Zombie` … */
            status: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
    host: {
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
                    "application/json": components["schemas"]["HostSnapshot"];
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
}
