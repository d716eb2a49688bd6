// The AI assistant (AI 助手): provider configs (admin; the key write-only),
// the caller's own conversations, and replies streamed as Server-Sent Events.
import { api, streamEvents } from './client'
import { path } from './paths'
import type { AssistantConfig, AssistantConfigFields, AssistantUsage, ChatMessage, Conversation, ConversationFields, Page, TokenUsage } from './types'

export const listConfigs = () => api.get<AssistantConfig[]>(path('/api/v1/assistant/configs'))
export const createConfig = (body: AssistantConfigFields) => api.post<AssistantConfig>(path('/api/v1/assistant/configs'), body)
/** An absent `api_key` keeps the stored key. */
export const updateConfig = (id: number, body: AssistantConfigFields) => api.patch<AssistantConfig>(path('/api/v1/assistant/configs/{id}', { id }), body)
export const deleteConfig = (id: number) => api.del(path('/api/v1/assistant/configs/{id}', { id }))
export const activateConfig = (id: number) => api.post<AssistantConfig>(path('/api/v1/assistant/configs/{id}/activate', { id }))

export const listConversations = () => api.get<Page<Conversation>>(path('/api/v1/assistant/conversations'), { page: 1, page_size: 200 })
export const createConversation = (body: ConversationFields) => api.post<Conversation>(path('/api/v1/assistant/conversations'), body)
export const getConversation = (id: number) => api.get<Conversation>(path('/api/v1/assistant/conversations/{id}', { id }))
export const updateConversation = (id: number, body: ConversationFields) => api.patch<Conversation>(path('/api/v1/assistant/conversations/{id}', { id }), body)
export const deleteConversation = (id: number) => api.del(path('/api/v1/assistant/conversations/{id}', { id }))
export const listMessages = (id: number) => api.get<ChatMessage[]>(path('/api/v1/assistant/conversations/{id}/messages', { id }))
export const myUsage = () => api.get<AssistantUsage>(path('/api/v1/assistant/usage'))

/** What a streamed reply reports, in order (the route's events). */
export interface ReplyHandlers {
  /** Both messages as stored when the reply began. */
  start: (userMessage: ChatMessage, reply: ChatMessage) => void
  delta: (content: string, reasoning: string) => void
  usage: (u: TokenUsage) => void
  /** The reply failed or stalled after it began (a `done` follows). */
  error: (message: string) => void
  /** The reply as stored. */
  done: (reply: ChatMessage) => void
}

/**
 * Sends `content` and streams the reply. A refusal before the stream (429
 * daily limit or provider rate limit, 502 bad key or unreachable, 504, 409 no
 * active config) throws an ApiError; aborting `signal` stops the reply, and
 * the server keeps what arrived (`finish_reason: stopped`).
 */
export function sendMessage(id: number, content: string, on: ReplyHandlers, signal: AbortSignal): Promise<void> {
  return streamEvents(
    path('/api/v1/assistant/conversations/{id}/messages', { id }),
    (event, data) => {
      let d: Record<string, unknown>
      try {
        d = JSON.parse(data) as Record<string, unknown>
      } catch {
        return
      }
      if (event === 'start') on.start(d.user_message as ChatMessage, d.reply as ChatMessage)
      else if (event === 'delta') on.delta(String(d.content ?? ''), String(d.reasoning ?? ''))
      else if (event === 'usage') on.usage(d as unknown as TokenUsage)
      else if (event === 'error') on.error(String(d.message ?? ''))
      else if (event === 'done') on.done(d.message as ChatMessage)
    },
    signal,
    undefined,
    { content, stream: true },
  )
}
