// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'
import type { components as shared } from './shared'

export interface paths {
    "/api/v1/instances/placement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Nodes that can take an instance of this spec and image, best fit first, with
         *     each card's free VRAM.
         */
        get: operations["placement"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/instances/placement/specs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * For each listed spec usable with the image: can an instance be placed now,
         *     and if not, which resource is short (the create dialog greys it out).
         */
        get: operations["spec_placements"];
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
    schemas: common["schemas"] & shared["schemas"] & {
        /**
         * @description A node that can take an instance of the spec, best fit first. A user who
         *     is not an admin sees `node_name` and `cards` only for nodes that already
         *     run one of their instances (empty otherwise).
         */
        PlacementCandidate: {
            /** @description Free VRAM per card on the node now (单卡显存). */
            cards: components["schemas"]["CardCapacity"][];
            /**
             * Format: double
             * @description What the node has free now, before this instance; null where the node
             *     is not shown to the caller (as `node_name`).
             */
            free_cpu_cores?: number | null;
            /**
             * Format: int64
             * @description Cards with nothing allocated on them.
             */
            free_gpus?: number | null;
            /** Format: double */
            free_memory_gb?: number | null;
            /** @description The cards this instance would get. */
            gpus: components["schemas"]["GpuGrant"][];
            /** Format: int64 */
            node_id: number;
            node_name: string;
            /**
             * Format: double
             * @description Lower is a better fit (see docs/ARCHITECTURE.md, placement).
             */
            score: number;
        };
        /**
         * @description Whether an instance of a spec (with the image) can be placed now, and if
         *     not, what is short — so the create dialog can grey it out and say why.
         */
        SpecPlacement: {
            /** @description The same in words (English; the console translates `shortfall`). */
            message: string;
            placeable: boolean;
            /**
             * @description Null when placeable; else one of `cpu`, `memory`, `system_disk`,
             *     `data_disk`, `gpu_model` (no node has it), `gpus` (no free cards),
             *     `vram`, `node_offline` (a node that would fit is disconnected),
             *     `not_listed`, `no_nodes`.
             */
            shortfall?: string | null;
            /** Format: int64 */
            spec_id: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
    placement: {
        parameters: {
            query: {
                image_id: number;
                spec_id: number;
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
                    "application/json": components["schemas"]["PlacementCandidate"][];
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
    spec_placements: {
        parameters: {
            query: {
                image_id: number;
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
                    "application/json": components["schemas"]["SpecPlacement"][];
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
}
