// The audit log (admin).
import { api } from './client'
import { path, type Query } from './paths'
import type { AuditEntry, Page } from './types'

export const listAudit = (query: Query<'/api/v1/audit'>) => api.get<Page<AuditEntry>>(path('/api/v1/audit'), query)
/** The entries the filters match as CSV (the newest 100,000 at most). */
export const exportAudit = (query: Query<'/api/v1/audit/export'>) => api.getText(path('/api/v1/audit/export'), query)
