// The SSH jump host: your SSH public keys; the session recordings (admins).
import { api } from './client'
import { path, type Query } from './paths'
import type { JumpboxInfo, Page, Recording, SshKey } from './types'

export const listSshKeys = () => api.get<SshKey[]>(path('/api/v1/me/ssh-keys'))

/** `publicKey`: one OpenSSH line; an empty name takes the key's comment. */
export const addSshKey = (name: string, publicKey: string) =>
  api.post<SshKey>(path('/api/v1/me/ssh-keys'), { name, public_key: publicKey })

export const deleteSshKey = (id: number) => api.del(path('/api/v1/me/ssh-keys/{id}', { id }))

/** Whether the jump host runs, and the host and port to connect to. */
export const jumpboxInfo = () => api.get<JumpboxInfo>(path('/api/v1/jumpbox/info'))

export const listRecordings = (query: Query<'/api/v1/jumpbox/recordings'>) =>
  api.get<Page<Recording>>(path('/api/v1/jumpbox/recordings'), query)

/** The asciicast v2 text of one recording. */
export const recordingCast = (id: number) => api.getText(path('/api/v1/jumpbox/recordings/{id}/cast', { id }))

export const deleteRecording = (id: number) => api.del(path('/api/v1/jumpbox/recordings/{id}', { id }))
