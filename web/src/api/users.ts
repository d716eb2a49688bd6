// User administration (admin).
import { api } from './client'
import { path, type Query } from './paths'
import type { NewUser, Page, User, UserChange } from './types'

export const listUsers = (query: Query<'/api/v1/users'>) => api.get<Page<User>>(path('/api/v1/users'), query)
export const getUser = (id: number) => api.get<User>(path('/api/v1/users/{id}', { id }))
export const createUser = (body: NewUser) => api.post<User>(path('/api/v1/users'), body)
export const updateUser = (id: number, body: UserChange) => api.patch<User>(path('/api/v1/users/{id}', { id }), body)
export const deleteUser = (id: number) => api.del(path('/api/v1/users/{id}', { id }))
export const resetPassword = (id: number, password: string) => api.post<void>(path('/api/v1/users/{id}/password', { id }), { password })
