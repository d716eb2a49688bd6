// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'

export interface paths {
    "/api/v1/specs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List product specs. Users see listed specs only; `image_id` hides specs the
         *     image cannot run (VRAM split on an image without it).
         */
        get: operations["list_specs"];
        put?: never;
        /** Define a product spec (admin). */
        post: operations["create_spec"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/specs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One spec. Unlisted specs exist for admins only. */
        get: operations["get_spec"];
        put?: never;
        post?: never;
        /**
         * Delete a spec (admin). Instances made with it: 409 with their count
         *     unless `force=true`.
         */
        delete: operations["delete_spec"];
        options?: never;
        head?: never;
        /** Change a spec (admin). */
        patch: operations["update_spec"];
        trace?: never;
    };
}
export interface components {
    schemas: common["schemas"] & {
        /** @description One page of a list. */
        Page_Spec: {
            items: {
                /** Format: double */
                cpu_cores: number;
                /** Format: date-time */
                created_at: string;
                /** Format: int64 */
                data_disk_gb: number;
                /**
                 * Format: int64
                 * @description Cards per instance; 0 = CPU-only.
                 */
                gpu_count: number;
                /** @description GPU model the node must have (matched trimmed, case-insensitively); empty for CPU-only. */
                gpu_model: string;
                /** Format: int64 */
                id: number;
                /**
                 * Format: int64
                 * @description Stop its instances after this many minutes idle (空闲关机); 0 = never.
                 */
                idle_stop_minutes: number;
                listed: boolean;
                /** Format: double */
                memory_gb: number;
                name: string;
                price_per_hour: components["schemas"]["Price"];
                remark: string;
                /** @description Instances get a VRAM slice of a shared card (HAMi-core) instead of whole cards. */
                supports_vram_split: boolean;
                /** Format: int64 */
                system_disk_gb: number;
                /** Format: date-time */
                updated_at: string;
                /**
                 * Format: double
                 * @description VRAM per card in GB: the slice size for split specs, the card size otherwise.
                 */
                vram_gb: number;
            }[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
        };
        Spec: {
            /** Format: double */
            cpu_cores: number;
            /** Format: date-time */
            created_at: string;
            /** Format: int64 */
            data_disk_gb: number;
            /**
             * Format: int64
             * @description Cards per instance; 0 = CPU-only.
             */
            gpu_count: number;
            /** @description GPU model the node must have (matched trimmed, case-insensitively); empty for CPU-only. */
            gpu_model: string;
            /** Format: int64 */
            id: number;
            /**
             * Format: int64
             * @description Stop its instances after this many minutes idle (空闲关机); 0 = never.
             */
            idle_stop_minutes: number;
            listed: boolean;
            /** Format: double */
            memory_gb: number;
            name: string;
            price_per_hour: components["schemas"]["Price"];
            remark: string;
            /** @description Instances get a VRAM slice of a shared card (HAMi-core) instead of whole cards. */
            supports_vram_split: boolean;
            /** Format: int64 */
            system_disk_gb: number;
            /** Format: date-time */
            updated_at: string;
            /**
             * Format: double
             * @description VRAM per card in GB: the slice size for split specs, the card size otherwise.
             */
            vram_gb: number;
        };
        SpecFields: {
            /** Format: double */
            cpu_cores?: number | null;
            /** Format: int64 */
            data_disk_gb?: number | null;
            /** Format: int64 */
            gpu_count?: number | null;
            gpu_model?: string | null;
            /**
             * Format: int64
             * @description Stop its instances after this many minutes idle; 0 = never.
             */
            idle_stop_minutes?: number | null;
            listed?: boolean | null;
            /** Format: double */
            memory_gb?: number | null;
            name?: string | null;
            price_per_hour: string;
            remark?: string | null;
            supports_vram_split?: boolean | null;
            /** Format: int64 */
            system_disk_gb?: number | null;
            /** Format: double */
            vram_gb?: number | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
    list_specs: {
        parameters: {
            query?: {
                gpu_count?: number;
                /**
                 * @description Only specs usable with this image: split specs are hidden for images
                 *     without VRAM-split support (智能过滤可用规格).
                 */
                image_id?: number;
                /** @description Admins only: filter by listed (users always see listed specs only). */
                listed?: boolean;
                name?: string;
                page?: number;
                page_size?: number;
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
                    "application/json": components["schemas"]["Page_Spec"];
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
    create_spec: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SpecFields"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Spec"];
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
            /** @description Missing, invalid, expired or revoked credentials */
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
    get_spec: {
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
                    "application/json": components["schemas"]["Spec"];
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
    delete_spec: {
        parameters: {
            query?: {
                /** @description Delete even when instances still use it (and, for a node, run on it). */
                force?: boolean;
            };
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
            /** @description Missing, invalid, expired or revoked credentials */
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
    update_spec: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SpecFields"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Spec"];
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
            /** @description Missing, invalid, expired or revoked credentials */
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
