// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'

export interface components {
    schemas: common["schemas"] & {
        /** @description A valid config in storage form (the key is kept apart: it is sealed). */
        ConfigDraft: {
            /** @description The one config conversations use. */
            active: boolean;
            /** @description The endpoint's base URL; `/chat/completions` is appended. */
            base_url: string;
            /** Format: int64 */
            max_tokens: number;
            /** @description The model a new conversation uses. */
            model: string;
            /** @description 配置名称, unique. */
            name: string;
            /** Format: double */
            temperature: number;
        };
        /** @description What a user used today, as the API shows it. */
        DailyUsage: {
            /**
             * Format: date
             * @description The UTC day counted.
             */
            day: string;
            /**
             * Format: int64
             * @description None = unlimited.
             */
            limit_tokens?: number | null;
            /** @description Whether this limit is the user's own (else the server default). */
            own_limit: boolean;
            /** Format: int64 */
            used_tokens: number;
        };
        /** @description A config as the API shows it: the key only masked. */
        ProviderConfig: components["schemas"]["ConfigDraft"] & {
            /** @description The key's last characters, e.g. `••••a1b2` (the key itself never leaves the server). */
            api_key_masked: string;
            /** Format: date-time */
            created_at: string;
            /** Format: int64 */
            id: number;
            /** Format: date-time */
            updated_at: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
