// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'

export interface paths {
    "/api/v1/images": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List images. Users see listed images only. */
        get: operations["list_images"];
        put?: never;
        /** Register an image (admin). `name` and `address` are required. */
        post: operations["create_image"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/images/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One image. Unlisted images exist for admins only. */
        get: operations["get_image"];
        put?: never;
        post?: never;
        /**
         * Remove an image from the catalog (admin). Images already on nodes stay there.
         *     Instances made from it: 409 with their count unless `force=true`.
         */
        delete: operations["delete_image"];
        options?: never;
        head?: never;
        /** Change an image (admin); absent fields stay as they are. */
        patch: operations["update_image"];
        trace?: never;
    };
}
export interface components {
    schemas: common["schemas"] & {
        Image: {
            /** @description Image reference as Docker pulls it, e.g. `registry.example.org/team/pytorch:2.3`. */
            address: string;
            /**
             * @description Linux capabilities its containers get back on top of what the platform
             *     drops from every instance (`instances.drop_capabilities`), e.g.
             *     `["NET_RAW"]` for `ping`. Only capabilities that cannot reach the node
             *     itself are accepted (see [`GRANTABLE_CAPABILITIES`]).
             */
            capabilities: string[];
            /** Format: date-time */
            created_at: string;
            description: string;
            /** Format: int64 */
            id: number;
            /**
             * @description argv run instead of the image's command, for images without a long-running
             *     one (e.g. `["sleep", "infinity"]`); empty = the image's own command.
             */
            keep_alive_command: string[];
            /** @description Listed (上架): visible to users. */
            listed: boolean;
            name: string;
            remark: string;
            source: string;
            /** @description The image carries HAMi-core, so GPU memory can be split for its containers. */
            supports_vram_split: boolean;
            /** Format: date-time */
            updated_at: string;
        };
        /** @description Fields for create (name and address required) and update (all optional). */
        ImageFields: {
            address?: string | null;
            capabilities?: string[] | null;
            description?: string | null;
            keep_alive_command?: string[] | null;
            listed?: boolean | null;
            name?: string | null;
            remark?: string | null;
            source?: string | null;
            supports_vram_split?: boolean | null;
        };
        /** @description One page of a list. */
        Page_Image: {
            items: {
                /** @description Image reference as Docker pulls it, e.g. `registry.example.org/team/pytorch:2.3`. */
                address: string;
                /**
                 * @description Linux capabilities its containers get back on top of what the platform
                 *     drops from every instance (`instances.drop_capabilities`), e.g.
                 *     `["NET_RAW"]` for `ping`. Only capabilities that cannot reach the node
                 *     itself are accepted (see [`GRANTABLE_CAPABILITIES`]).
                 */
                capabilities: string[];
                /** Format: date-time */
                created_at: string;
                description: string;
                /** Format: int64 */
                id: number;
                /**
                 * @description argv run instead of the image's command, for images without a long-running
                 *     one (e.g. `["sleep", "infinity"]`); empty = the image's own command.
                 */
                keep_alive_command: string[];
                /** @description Listed (上架): visible to users. */
                listed: boolean;
                name: string;
                remark: string;
                source: string;
                /** @description The image carries HAMi-core, so GPU memory can be split for its containers. */
                supports_vram_split: boolean;
                /** Format: date-time */
                updated_at: string;
            }[];
            /** Format: int32 */
            page: number;
            /** Format: int32 */
            page_size: number;
            /** Format: int64 */
            total: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
    list_images: {
        parameters: {
            query?: {
                /** @description Admins only: filter by listed (users always see listed images only). */
                listed?: boolean;
                /** @description Substring of the name. */
                name?: string;
                page?: number;
                page_size?: number;
                /** @description Filter by VRAM-split support. */
                supports_vram_split?: boolean;
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
                    "application/json": components["schemas"]["Page_Image"];
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
    create_image: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ImageFields"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Image"];
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
    get_image: {
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
                    "application/json": components["schemas"]["Image"];
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
    delete_image: {
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
    update_image: {
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
                "application/json": components["schemas"]["ImageFields"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Image"];
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
