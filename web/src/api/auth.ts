// Sign-in and sign-out (the session token itself is kept by stores/auth.ts).
import { api } from './client'
import { path } from './paths'
import type { LoginResponse } from './types'

export const login = (username: string, password: string) => api.post<LoginResponse>(path('/api/v1/auth/login'), { username, password })

/** Revokes the session token the request is made with. */
export const logout = () => api.post<void>(path('/api/v1/auth/logout'))
