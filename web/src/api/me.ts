// The signed-in user's own account: password and API tokens.
import { api } from './client'
import { path } from './paths'
import type { ApiToken, CreatedApiToken } from './types'

export const changePassword = (current: string, next: string) =>
  api.post<void>(path('/api/v1/me/password'), { current_password: current, new_password: next })

export const listTokens = () => api.get<ApiToken[]>(path('/api/v1/me/tokens'))

/** The answer carries the secret, shown this once. `expiresInDays` null: never expires. */
export const createToken = (name: string, expiresInDays: number | null) =>
  api.post<CreatedApiToken>(path('/api/v1/me/tokens'), { name, expires_in_days: expiresInDays })

export const revokeToken = (id: number) => api.del(path('/api/v1/me/tokens/{id}', { id }))
