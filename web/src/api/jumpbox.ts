// The SSH jump host: your SSH public keys.
import { api } from './client'
import { path } from './paths'
import type { JumpboxInfo, SshKey } from './types'

export const listSshKeys = () => api.get<SshKey[]>(path('/api/v1/me/ssh-keys'))

/** `publicKey`: one OpenSSH line; an empty name takes the key's comment. */
export const addSshKey = (name: string, publicKey: string) =>
  api.post<SshKey>(path('/api/v1/me/ssh-keys'), { name, public_key: publicKey })

export const deleteSshKey = (id: number) => api.del(path('/api/v1/me/ssh-keys/{id}', { id }))

/** Whether the jump host runs, and the host and port to connect to. */
export const jumpboxInfo = () => api.get<JumpboxInfo>(path('/api/v1/jumpbox/info'))
