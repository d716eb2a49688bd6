// The audit log (admin).
import { api } from './client'
import { path, type Query } from './paths'
import type { AuditEntry, Page } from './types'

export const listAudit = (query: Query<'/api/v1/audit'>) => api.get<Page<AuditEntry>>(path('/api/v1/audit'), query)
