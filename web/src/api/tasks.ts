// Tasks (任务, Mini PM2): yours; admins see all. Host-process tasks are admin-only;
// container tasks (an image and a spec, placed per run) are for everyone.
import { api } from './client'
import { path, type Query } from './paths'
import type { Page, Task, TaskFields, TaskLogTail, TaskRun, TasksFile } from './types'

export const listTasks = (query: Query<'/api/v1/tasks'>) => api.get<Page<Task>>(path('/api/v1/tasks'), query)
export const createTask = (body: TaskFields) => api.post<Task>(path('/api/v1/tasks'), body)
export const updateTask = (id: string, body: TaskFields) => api.patch<Task>(path('/api/v1/tasks/{id}', { id }), body)
export const deleteTask = (id: string) => api.del(path('/api/v1/tasks/{id}', { id }))
export const runTask = (id: string) => api.post<{ result: string }>(path('/api/v1/tasks/{id}/run', { id }))
export const stopTask = (id: string) => api.post<{ stopped: number }>(path('/api/v1/tasks/{id}/stop', { id }))
export const toggleTask = (id: string) => api.post<Task>(path('/api/v1/tasks/{id}/toggle', { id }))
export const batchTasks = (action: 'run' | 'stop' | 'delete', ids: string[]) =>
  api.post<{ items: { id: string; ok: boolean; result: string }[] }>(`/api/v1/tasks/batch/${action}`, { ids })
export const taskRuns = (id: string, query: Query<'/api/v1/tasks/{id}/runs'>) => api.get<Page<TaskRun>>(path('/api/v1/tasks/{id}/runs', { id }), query)
export const taskRunsCsv = (id: string) => api.getText(path('/api/v1/tasks/{id}/runs', { id }), { format: 'csv' })
export const taskLogs = (id: string, query: Query<'/api/v1/tasks/{id}/logs'>) => api.get<TaskLogTail>(path('/api/v1/tasks/{id}/logs', { id }), query)
export const clearTaskLogs = (id: string) => api.del(path('/api/v1/tasks/{id}/logs', { id }))
export const previewTask = (body: TaskFields) => api.post<{ next: string[] }>(path('/api/v1/tasks/preview'), body)
export const exportTasks = () => api.get<TasksFile>(path('/api/v1/tasks/export'), { format: 'json' })
export const exportTasksCsv = () => api.getText(path('/api/v1/tasks/export'), { format: 'csv' })
export const importTasks = (file: TasksFile) => api.post<{ created: string[]; updated: string[]; notes: string[] }>(path('/api/v1/tasks/import'), file)

/** The live log socket's address (docs/API.md, `GET /api/v1/tasks/{id}/logs/ws`). */
export function taskLogsUrl(id: string): string {
  const proto = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${proto}://${location.host}${path('/api/v1/tasks/{id}/logs/ws', { id })}`
}

/** As for the terminal: the token travels as a second subprotocol, never in the URL. */
export function taskLogsProtocols(token: string): string[] {
  return ['tianqi.logs', `tianqi.token.${token}`]
}
