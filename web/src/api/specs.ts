// Product specs (产品规格). Changes are admin-only.
import { api } from './client'
import { path, type Query } from './paths'
import type { Page, Spec, SpecFields } from './types'

export const listSpecs = (query: Query<'/api/v1/specs'>) => api.get<Page<Spec>>(path('/api/v1/specs'), query)
export const createSpec = (body: SpecFields) => api.post<Spec>(path('/api/v1/specs'), body)
export const updateSpec = (id: number, body: SpecFields) => api.patch<Spec>(path('/api/v1/specs/{id}', { id }), body)
export const deleteSpec = (id: number, force = false) => api.del(path('/api/v1/specs/{id}', { id }), force ? { force: true } : undefined)
