// Fine-tuning jobs (模型微调): users their own, admins all.
import { api } from './client'
import { path, type Query } from './paths'
import type { FinetuneJob, FinetuneJobFields, FinetuneLogs, FinetuneMetrics, FinetunePreset, FinetuneStatistics, Page } from './types'

export const listFinetunePresets = () => api.get<FinetunePreset[]>(path('/api/v1/finetune/presets'))
export const listFinetuneJobs = (query: Query<'/api/v1/finetune/jobs'>) => api.get<Page<FinetuneJob>>(path('/api/v1/finetune/jobs'), query)
export const finetuneStatistics = () => api.get<FinetuneStatistics>(path('/api/v1/finetune/statistics'))
export const createFinetuneJob = (body: FinetuneJobFields) => api.post<FinetuneJob>(path('/api/v1/finetune/jobs'), body)
export const getFinetuneJob = (id: number) => api.get<FinetuneJob>(path('/api/v1/finetune/jobs/{id}', { id }))
export const deleteFinetuneJob = (id: number) => api.del(path('/api/v1/finetune/jobs/{id}', { id }))
export const stopFinetuneJob = (id: number) => api.post<FinetuneJob>(path('/api/v1/finetune/jobs/{id}/stop', { id }))
export const finetuneMetrics = (id: number) => api.get<FinetuneMetrics>(path('/api/v1/finetune/jobs/{id}/metrics', { id }))
/** Lines from `offset`; with `wait_ms` an active job's request waits for the next line. */
export const finetuneLogs = (id: number, query: Query<'/api/v1/finetune/jobs/{id}/logs'>) =>
  api.get<FinetuneLogs>(path('/api/v1/finetune/jobs/{id}/logs', { id }), query)
