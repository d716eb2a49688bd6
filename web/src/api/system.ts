// The system monitor (admin): this server's host, the Docker nodes, and the
// WebSocket that pushes both every few seconds (docs/API.md, "System monitor").
import { api } from './client'
import { path } from './paths'
import type { HostSnapshot, NodeFigures } from './types'

export const getHost = () => api.get<HostSnapshot>(path('/api/v1/system/host'))
export const getNodeFigures = () => api.get<NodeFigures[]>(path('/api/v1/system/nodes'))

/** One pushed frame: `snapshot` with the figures, or `end` when access ended. */
export type SystemFrame =
  | { type: 'snapshot'; host: HostSnapshot; nodes: NodeFigures[] }
  | { type: 'end'; reason: string }
  | { type: 'pong' }

/** The push socket's address; `interval` in seconds (1–60). */
export function systemStreamUrl(interval: number): string {
  const proto = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${proto}://${location.host}${path('/api/v1/system/ws')}?interval=${interval}`
}

/** As for the terminal: the token travels as a second subprotocol, never in the URL. */
export function systemProtocols(token: string): string[] {
  return ['tianqi.system', `tianqi.token.${token}`]
}
