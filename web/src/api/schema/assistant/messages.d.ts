// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'
import type { components as shared } from './shared'

export interface paths {
    "/api/v1/assistant/conversations/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A conversation's messages in order. */
        get: operations["list_messages"];
        put?: never;
        /**
         * Send a message and get the reply from the active config's provider.
         *     Streamed (`stream`, the default) as `text/event-stream`: `start` (both
         *     messages), `delta` (content/reasoning), `usage`, `error` (the reply
         *     failed or stalled), then `done` with the reply as stored. Closing the
         *     stream stops the reply; what arrived is kept (`finish_reason: stopped`).
         *     Refusals come before any event: 429 beyond the daily token limit or when
         *     the provider rate-limits, 502 when it refuses the key or cannot be
         *     reached, 504 when it does not answer in time, 409 with no active config.
         */
        post: operations["send_message"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: common["schemas"] & shared["schemas"] & {
        /** @description A whole reply: the user's message and the answer, both stored. */
        Exchange: {
            reply: components["schemas"]["Message"];
            user_message: components["schemas"]["Message"];
        };
        /**
         * @description One message: what the user sent, or a reply (possibly still arriving,
         *     stopped or failed — `finish_reason` says which).
         */
        Message: {
            /** Format: int64 */
            completion_tokens: number;
            content: string;
            /** Format: int64 */
            conversation_id: number;
            /** Format: date-time */
            created_at: string;
            /**
             * @description The provider's (`stop`, `length`, …) or ours: `stopped` (the client
             *     went away), `stalled` (no data within the idle timeout), `error`;
             *     none while the reply is arriving, and on user messages.
             */
            finish_reason?: string | null;
            /** Format: int64 */
            id: number;
            /** @description Extra facts: the model that answered, `usage_estimated`, an error text. */
            metadata: Record<string, never>;
            /** Format: int64 */
            prompt_tokens: number;
            /** @description The model's separate reasoning stream (`reasoning_content`), when it sends one. */
            reasoning: string;
            role: components["schemas"]["MessageRole"];
            /** Format: int64 */
            total_tokens: number;
        };
        /**
         * @description Who wrote a message.
         * @enum {string}
         */
        MessageRole: "system" | "user" | "assistant";
        /** @description What the client's stream carries (one SSE event each). */
        ReplyEvent: {
            content: string;
            reasoning: string;
            /** @enum {string} */
            type: "delta";
        } | (components["schemas"]["Usage"] & {
            /** @enum {string} */
            type: "usage";
        }) | {
            message: string;
            /** @enum {string} */
            type: "error";
        } | {
            message: components["schemas"]["Message"];
            /** @enum {string} */
            type: "done";
        };
        /** @description What a user sends. */
        SendMessage: {
            content: string;
            /** @description Stream the reply as Server-Sent Events (default), or answer it whole. */
            stream?: boolean;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
    list_messages: {
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
                    "application/json": components["schemas"]["Message"][];
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
    send_message: {
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
                "application/json": components["schemas"]["SendMessage"];
            };
        };
        responses: {
            /** @description the whole reply (`stream: false`), or the reply as Server-Sent Events (`stream: true`); each event's data is a ReplyEvent (`start`: ReplyStart) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Exchange"];
                    "text/event-stream": components["schemas"]["ReplyEvent"];
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
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            504: {
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
