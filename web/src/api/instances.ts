// Instances: lifecycle, placement, stats, logs, the terminal's address; and the
// orphan containers the reconciler finds (admin).
import { api, streamEvents } from './client'
import { path, type Query } from './paths'
import type { Instance, InstanceOutcomes, LogLine, NewInstance, Orphan, Page, PlacementCandidate, Schedule, SpecPlacement, Stats, StatsHistory } from './types'

export const listInstances = (query: Query<'/api/v1/instances'>) => api.get<Page<Instance>>(path('/api/v1/instances'), query)
export const getInstance = (id: number) => api.get<Instance>(path('/api/v1/instances/{id}', { id }))
export const createInstance = (body: NewInstance) => api.post<Instance>(path('/api/v1/instances'), body)
/** The nodes that can take this spec and image, best fit first, with each card's free VRAM. */
export const placement = (query: Query<'/api/v1/instances/placement'>) => api.get<PlacementCandidate[]>(path('/api/v1/instances/placement'), query)
export const specPlacements = (query: Query<'/api/v1/instances/placement/specs'>) => api.get<SpecPlacement[]>(path('/api/v1/instances/placement/specs'), query)
export const startInstance = (id: number) => api.post<Instance>(path('/api/v1/instances/{id}/start', { id }))
export const stopInstance = (id: number) => api.post<Instance>(path('/api/v1/instances/{id}/stop', { id }))
export const restartInstance = (id: number) => api.post<Instance>(path('/api/v1/instances/{id}/restart', { id }))
/** Sets (replaces) the instance's stop time and run length; null clears. */
export const setAutoStop = (id: number, body: Schedule) => api.put<Instance>(path('/api/v1/instances/{id}/auto-stop', { id }), body)
export const deleteInstance = (id: number) => api.del(path('/api/v1/instances/{id}', { id }))
const BATCH_ROUTES = {
  start: '/api/v1/instances/batch/start',
  stop: '/api/v1/instances/batch/stop',
  delete: '/api/v1/instances/batch/delete',
} as const
/** One action on several instances; each answers for itself (`ok`, or the error its own request would get). */
export const batchInstances = (action: keyof typeof BATCH_ROUTES, ids: number[]) => api.post<InstanceOutcomes>(path(BATCH_ROUTES[action]), { ids })
export const instanceStats = (id: number) => api.get<Stats>(path('/api/v1/instances/{id}/stats', { id }))
/** The last hour: a point every `interval_secs` while it ran. */
export const instanceStatsHistory = (id: number) => api.get<StatsHistory>(path('/api/v1/instances/{id}/stats/history', { id }))
/** The last `tail` lines. */
export const instanceLogs = (id: number, tail: number) => api.get<LogLine[]>(path('/api/v1/instances/{id}/logs', { id }), { tail })

/** The last `tail` lines, then each new one as the container writes it, until `signal` aborts. */
export function followInstanceLogs(id: number, tail: number, onLine: (line: LogLine) => void, signal: AbortSignal): Promise<void> {
  return streamEvents(
    path('/api/v1/instances/{id}/logs', { id }),
    (event, data) => {
      if (event !== 'log') return
      try {
        onLine(JSON.parse(data) as LogLine)
      } catch {
        // ignore a malformed event
      }
    },
    signal,
    { follow: true, tail },
  )
}

/** The terminal's WebSocket address (docs/TERMINAL.md). */
export function terminalUrl(id: number, size: { cols: number; rows: number }): string {
  const proto = location.protocol === 'https:' ? 'wss' : 'ws'
  const q = new URLSearchParams({ cols: String(size.cols), rows: String(size.rows) })
  return `${proto}://${location.host}${path('/api/v1/instances/{id}/terminal', { id })}?${q}`
}

/**
 * The terminal's subprotocols: a browser cannot set headers on a WebSocket,
 * so the session token travels as a second subprotocol — never in the URL,
 * which proxies log and browsers keep in their history.
 */
export function terminalProtocols(token: string): string[] {
  return ['tianqi.terminal', `tianqi.token.${token}`]
}

export const listOrphans = () => api.get<Orphan[]>(path('/api/v1/admin/orphans'))
export const deleteOrphan = (o: Pick<Orphan, 'node_id' | 'container_id'>) =>
  api.del(path('/api/v1/admin/orphans/{node_id}/{container_id}', { node_id: o.node_id, container_id: o.container_id }))
