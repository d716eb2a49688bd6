// Compute nodes (admin).
import { api, streamEvents } from './client'
import { path, type Query } from './paths'
import type { Capacity, ImagePresence, LocalCandidate, Node, NodeFields, Page } from './types'

export const listNodes = (query: Query<'/api/v1/nodes'>) => api.get<Page<Node>>(path('/api/v1/nodes'), query)
export const getNode = (id: number) => api.get<Node>(path('/api/v1/nodes/{id}', { id }))
/** Answers the node with the result of its first connection check. */
export const createNode = (body: NodeFields) => api.post<Node>(path('/api/v1/nodes'), body)
export const updateNode = (id: number, body: NodeFields) => api.patch<Node>(path('/api/v1/nodes/{id}', { id }), body)
/** `force`: also when instances still hold the node (the first answer is 409). */
export const deleteNode = (id: number, force = false) => api.del(path('/api/v1/nodes/{id}', { id }), force ? { force: true } : undefined)
/** Checks the connection now; answers the node with its new status. */
export const testNode = (id: number) => api.post<Node>(path('/api/v1/nodes/{id}/test', { id }))
export const nodeCapacity = (id: number) => api.get<Capacity>(path('/api/v1/nodes/{id}/capacity', { id }))
/** Whether this machine's Docker Engine answers and no node uses its socket yet. */
export const localCandidate = () => api.get<LocalCandidate>(path('/api/v1/nodes/local-candidate'))
/** Registers this machine's Docker Engine as node `local` (409 when already a node). */
export const registerLocalNode = () => api.post<Node>(path('/api/v1/nodes/local'))
/** Whether the node's engine has the image `reference`. */
export const nodeHasImage = (id: number, reference: string) =>
  api.get<ImagePresence>(path('/api/v1/nodes/{id}/images/present', { id }), { reference })

/**
 * Pulls the image onto the node, calling `onEvent` with each progress event
 * (and the final `done` or `error`) until the pull ends or `signal` aborts.
 */
export function pullImageToNode(nodeId: number, imageId: number, onEvent: (event: string, data: unknown) => void, signal: AbortSignal): Promise<void> {
  return streamEvents(
    path('/api/v1/nodes/{id}/images/pull', { id: nodeId }),
    (event, data) => {
      try {
        onEvent(event, JSON.parse(data))
      } catch {
        // ignore a malformed event
      }
    },
    signal,
    undefined,
    { image_id: imageId },
  )
}
