// The code sandbox: Piston v2 (`/api/v2`, every signed-in user) and the pool status (admin).
import { api } from './client'
import { path } from './paths'
import type { PistonExecute, PistonResult, PistonRuntime, SandboxStatus } from './types'

export const listRuntimes = () => api.get<PistonRuntime[]>(path('/api/v2/runtimes'))
export const execute = (body: PistonExecute) => api.post<PistonResult>(path('/api/v2/execute'), body)
export const sandboxStatus = () => api.get<SandboxStatus>(path('/api/v1/sandbox/status'))
