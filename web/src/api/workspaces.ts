// Workspaces (admin): the per-user containers of the MATLAB compat API, by user id.
import { api } from './client'
import { path, type Query } from './paths'
import type { CreatedWorkspace, Page, Workspace, WorkspaceDetail, WorkspaceProfile } from './types'

export const listWorkspaces = (query: Query<'/api/v1/workspaces'>) => api.get<Page<Workspace>>(path('/api/v1/workspaces'), query)
/** The profile from the configuration (read-only); an error when workspaces are off. */
export const workspaceProfile = () => api.get<WorkspaceProfile>(path('/api/v1/workspaces/profile'))
/** The record and live health (state, CPU/memory, the web and WebSocket probes). */
export const getWorkspace = (userId: number) => api.get<WorkspaceDetail>(path('/api/v1/workspaces/{id}', { id: userId }))
/** Creates it, or starts it, or finds it running (`outcome`). */
export const createWorkspace = (userId: number) => api.post<CreatedWorkspace>(path('/api/v1/workspaces'), { user_id: userId })
export const restartWorkspace = (userId: number) => api.post<void>(path('/api/v1/workspaces/{id}/restart', { id: userId }))
/** Removes the container; the data dir stays. */
export const destroyWorkspace = (userId: number) => api.del(path('/api/v1/workspaces/{id}', { id: userId }))
