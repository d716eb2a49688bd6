// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'

export interface components {
    schemas: common["schemas"] & {
        /** @description Live state of a rule in the running forwarder. */
        ForwardLive: {
            /**
             * Format: int64
             * @description Open TCP connections or live UDP sessions.
             */
            active_connections: number;
            /**
             * Format: int64
             * @description Bytes from clients to the target since the server started.
             */
            bytes_in: number;
            /**
             * Format: int64
             * @description Bytes from the target to clients since the server started.
             */
            bytes_out: number;
            /**
             * @description Why an enabled rule is not listening, e.g. "cannot listen on
             *     0.0.0.0:80: address already in use".
             */
            error?: string | null;
            /**
             * @description The latest problem serving a connection (a refused connect, an
             *     instance without an address).
             */
            last_error?: string | null;
            /**
             * Format: int64
             * @description Connections refused at `forward.max_connections_per_rule`.
             */
            rejected_connections: number;
            /** @description `listening`, `error` (see `error`) or `stopped` (disabled). */
            state: string;
            /**
             * @description The address new connections go to now (`ip:port`); for an instance
             *     target, its container's current address.
             */
            target_address?: string | null;
            /**
             * Format: int64
             * @description Connections (UDP: sessions) since the server started.
             */
            total_connections: number;
        };
        /** @description A port forwarding rule and its live state. */
        PortForward: {
            /** Format: date-time */
            created_at: string;
            /**
             * Format: int64
             * @description Who created it.
             */
            created_by?: number | null;
            description: string;
            enabled: boolean;
            /** Format: int64 */
            id: number;
            live: components["schemas"]["ForwardLive"];
            protocol: components["schemas"]["Protocol"];
            /** @description Address the rule listens on (0.0.0.0 / :: = every address). */
            source_ip: string;
            /** Format: int32 */
            source_port: number;
            /**
             * Format: int64
             * @description The instance whose container the rule follows, if any.
             */
            target_instance_id?: number | null;
            /** @description Its name, for display. */
            target_instance_name?: string | null;
            /** @description Fixed target address; empty when the rule targets an instance. */
            target_ip: string;
            /** Format: int32 */
            target_port: number;
            /** Format: date-time */
            updated_at: string;
        };
        /** @enum {string} */
        Protocol: "tcp" | "udp";
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
