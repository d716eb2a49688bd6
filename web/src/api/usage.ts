// Usage (计量) and quotas (配额).
import { api, getToken, toApiError, withQuery } from './client'
import { path, type Query } from './paths'
import type { MyQuota, QuotaFields, QuotaList, UsageReport } from './types'

export type UsageQuery = Query<'/api/v1/usage'>

export const getUsage = (query: UsageQuery) => api.get<UsageReport>(path('/api/v1/usage'), { ...query, format: 'json' })

/** The same report as CSV text (the JSON client would try to parse it). */
export async function usageCsv(query: UsageQuery): Promise<string> {
  const token = getToken()
  const res = await fetch(withQuery(path('/api/v1/usage'), { ...query, format: 'csv' }), {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  })
  if (!res.ok) throw await toApiError(res)
  return res.text()
}

export const myQuota = () => api.get<MyQuota>(path('/api/v1/me/quota'))
export const listQuotas = () => api.get<QuotaList>(path('/api/v1/quotas'))
export const setDefaultQuota = (q: QuotaFields) => api.put<QuotaFields>(path('/api/v1/quotas/default'), q)
export const setUserQuota = (id: number, q: QuotaFields) => api.put<QuotaFields>(path('/api/v1/quotas/{id}', { id }), q)
export const deleteUserQuota = (id: number) => api.del(path('/api/v1/quotas/{id}', { id }))
