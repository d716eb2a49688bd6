// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

export interface components {
    schemas: {
        /** @description An asset as the API shows it. */
        Asset: components["schemas"]["AssetDraft"] & {
            bmc: components["schemas"]["BmcState"];
            /** Format: date-time */
            created_at: string;
            /** @description A BMC password is stored (it is never shown). */
            has_bmc_password: boolean;
            /** Format: int64 */
            id: number;
            node?: null | components["schemas"]["NodeLink"];
            /** Format: date-time */
            updated_at: string;
            /**
             * Format: int64
             * @description Days until the warranty ends (negative: ended that long ago).
             */
            warranty_days_left?: number | null;
            warranty_state: components["schemas"]["WarrantyState"];
        };
        /** @description A complete, valid asset in storage form: what is written and read back. */
        AssetDraft: {
            asset_number: string;
            /** @description The BMC (iDRAC) Redfish endpoint: `https://host[:port]`; '' = none. */
            bmc_address: string;
            bmc_username: string;
            /** Format: int64 */
            cpu_cores?: number | null;
            cpu_model: string;
            /** Format: int64 */
            cpu_threads?: number | null;
            department: string;
            /** @description Disk configuration, free text (e.g. "2×960G SSD RAID1; 8×8T SAS RAID6"). */
            disks: string;
            /** @description 主机名 (required). */
            hostname: string;
            ip_address: string;
            /** @description Canonical `aa:bb:cc:dd:ee:ff`. */
            mac_address: string;
            /** Format: int64 */
            memory_gb?: number | null;
            model: string;
            /** @description NICs, free text. */
            nics: string;
            /**
             * Format: int64
             * @description The compute node this server is, when linked (one asset per node).
             */
            node_id?: number | null;
            os: string;
            owner: string;
            power_state?: null | components["schemas"]["PowerState"];
            /** Format: date */
            purchase_date?: string | null;
            /** @description 机柜 (rack id). */
            rack: string;
            remark: string;
            serial_number: string;
            /**
             * @description 服务标签: the vendor's unique id (Dell service tag); stored upper-case,
             *     unique across assets.
             */
            service_tag: string;
            status: components["schemas"]["AssetStatus"];
            /** @description 机架位置: `U5` or `U5-U8`. */
            u_position: string;
            /** Format: date */
            warranty_end?: string | null;
        };
        /**
         * @description What the operators say about the server (状态).
         * @enum {string}
         */
        AssetStatus: "online" | "offline" | "maintenance";
        /** @description One audited mutation. */
        AuditEntry: {
            /**
             * @description What was done, from the method and route: `create`, `update`, `delete`,
             *     or the route's own verb (`start`, `run`, `batch run`, `login`, …).
             */
            action: string;
            actor?: string | null;
            /** Format: int64 */
            actor_id?: number | null;
            /** Format: date-time */
            at: string;
            /**
             * @description For a long-lived session, written when it ends (JSON: start, end,
             *     bytes, why it ended); empty for ordinary requests.
             */
            detail: string;
            /** Format: int64 */
            id: number;
            method: string;
            /**
             * @description To what kind of thing: the route's collection (`instances`, `ssh-keys`,
             *     `clusters`, …). With `resource_id` it names "which".
             */
            object: string;
            /** @description The resource id taken from the path, when the route has one. */
            resource_id?: string | null;
            /** @description The route template, e.g. `/api/v1/users/{id}`. */
            route: string;
            source_ip: string;
            /** Format: int32 */
            status: number;
        };
        /** @description The last "refresh from BMC": when, the health it reported, or why it failed. */
        BmcState: {
            /** Format: date-time */
            checked_at?: string | null;
            /** @description Why the last refresh failed ('' when it worked). */
            error: string;
            /** @description Redfish `Status.HealthRollup`: OK, Warning, Critical ('' before a read). */
            health: string;
        };
        CardCapacity: {
            /** Format: int64 */
            index: number;
            /** Format: double */
            vram_allocated_gb: number;
            /** Format: double */
            vram_free_gb: number;
            /** Format: double */
            vram_total_gb: number;
            /** @description Nothing is allocated on this card: it can be handed out whole. */
            whole_free: boolean;
        };
        ErrorBody: {
            error: components["schemas"]["ErrorDetail"];
        };
        ErrorDetail: {
            /** @description Stable machine-readable code, e.g. `validation_failed`. */
            code: string;
            /** @description The request field at fault, for validation errors. */
            field?: string | null;
            /** @description A sentence for people. */
            message: string;
            /**
             * @description Why a signed-in client was signed out (401 only): `account_disabled`,
             *     `token_revoked` or `token_expired`.
             */
            reason?: string | null;
        };
        /** @description The compute node an asset is linked to, as shown on both sides. */
        NodeLink: {
            /** Format: int64 */
            id: number;
            name: string;
        };
        /**
         * @description The server's power as last seen (电源状态): `online` (on) or `offline` (off).
         * @enum {string}
         */
        PowerState: "online" | "offline";
        /**
         * @description Decimal amount with up to 4 decimals, e.g. "12.50" (a JSON number is accepted on input)
         * @example 12.50
         */
        Price: string;
        /**
         * @description One recorded terminal session, as admins list it (the file stays on the
         *     server; `GET …/recordings/{id}/cast` streams it).
         */
        Recording: {
            /**
             * Format: int64
             * @description Terminal output recorded, in bytes.
             */
            bytes: number;
            /**
             * Format: int32
             * @description The terminal's size when the session started.
             */
            cols: number;
            /**
             * Format: date-time
             * @description None while the session runs.
             */
            ended_at?: string | null;
            /**
             * Format: int64
             * @description The cast file's size.
             */
            file_bytes: number;
            /** Format: int64 */
            id: number;
            /** Format: int64 */
            instance_id?: number | null;
            instance_name: string;
            /** Format: int32 */
            rows: number;
            source_ip: string;
            /** Format: date-time */
            started_at: string;
            term: string;
            /**
             * @description Events were dropped because the disk could not keep up (the session
             *     itself was never slowed down).
             */
            truncated: boolean;
            /**
             * Format: int64
             * @description The user who was in the session (the name is kept with the row).
             */
            user_id?: number | null;
            username: string;
        };
        /**
         * @description A user's role. `admin` may act on every resource; `user` only on their own.
         * @enum {string}
         */
        Role: "admin" | "user";
        /** @description One run of a task. */
        TaskRun: {
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
        };
        /**
         * @description A task's state, with the seed's names.
         * @enum {string}
         */
        TaskStatus: "IDLE" | "RUNNING" | "SUCCESS" | "FAILED" | "EXCEPTION" | "DISABLED";
        /**
         * @description Why a run started.
         * @enum {string}
         */
        Trigger: "schedule" | "manual" | "retry" | "restart";
        /** @description Token counts the provider reports. */
        Usage: {
            /** Format: int64 */
            completion_tokens: number;
            /** Format: int64 */
            prompt_tokens: number;
            /** Format: int64 */
            total_tokens: number;
        };
        /** @description A platform user as the API shows it (never with the password hash). */
        User: {
            /** Format: date-time */
            created_at: string;
            display_name: string;
            email: string;
            enabled: boolean;
            /** Format: int64 */
            id: number;
            /**
             * @description True while the user still has a password somebody else chose (the generated
             *     admin password, or an admin reset); the console asks for a new one.
             */
            must_change_password: boolean;
            role: components["schemas"]["Role"];
            /** Format: date-time */
            updated_at: string;
            username: string;
        };
        /**
         * @description How the warranty stands today (维保): drives the console's badge and the
         *     statistics.
         * @enum {string}
         */
        WarrantyState: "unknown" | "expired" | "within_30_days" | "within_90_days" | "active";
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
