// Port forwarding (端口转发), admin only.
import { api } from './client'
import { path, type Query } from './paths'
import type { Page, PortForward, PortForwardFields, ServerIps } from './types'

export const listPortForwards = (query: Query<'/api/v1/port-forwards'>) => api.get<Page<PortForward>>(path('/api/v1/port-forwards'), query)
export const createPortForward = (body: PortForwardFields) => api.post<PortForward>(path('/api/v1/port-forwards'), body)
export const updatePortForward = (id: number, body: PortForwardFields) => api.patch<PortForward>(path('/api/v1/port-forwards/{id}', { id }), body)
export const deletePortForward = (id: number) => api.del(path('/api/v1/port-forwards/{id}', { id }))
/** Deletes all of them, or none when one is missing. */
export const deletePortForwards = (ids: number[]) => api.del(path('/api/v1/port-forwards'), { ids: ids.join(',') })
export const enablePortForward = (id: number) => api.post<PortForward>(path('/api/v1/port-forwards/{id}/enable', { id }))
export const disablePortForward = (id: number) => api.post<PortForward>(path('/api/v1/port-forwards/{id}/disable', { id }))
export const serverIps = () => api.get<ServerIps>(path('/api/v1/port-forwards/server-ips'))
