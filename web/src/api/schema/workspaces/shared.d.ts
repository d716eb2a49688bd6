// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'

export interface components {
    schemas: common["schemas"] & {
        /** @description A workspace as the admin API and the compat list show it. */
        Workspace: {
            /** @description The container's name (the compat API's `container_id`). */
            container_name: string;
            /**
             * Format: date-time
             * @description When this container was first created.
             */
            created_at: string;
            /** @description Docker's container id. */
            docker_id: string;
            /** Format: int64 */
            http_port: number;
            /** Format: int64 */
            node_id: number;
            profile: string;
            /**
             * @description running | stopped (as last seen: every operation, health check and
             *     reconciliation tick updates it).
             */
            status: string;
            /** Format: date-time */
            updated_at: string;
            /** Format: int64 */
            user_id: number;
            /** Format: int64 */
            ws_port: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
