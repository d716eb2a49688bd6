// SSH jump host: my SSH public keys; session recordings (admins).
import type { Mirror } from '../compose'
import type zh from '../zh-CN/jumpbox'

export default {
  menu: {
    mySshKeys: 'SSH keys',
    recordings: 'Recordings',
  },
  recordings: {
    hint: 'With jumpbox.record on, every terminal session on the jump host is recorded as an asciicast file (output only, never keystrokes).',
    user: 'User',
    instance: 'Instance',
    source: 'From',
    size: 'Terminal',
    startedAt: 'Started',
    duration: 'Duration',
    running: 'running',
    bytes: 'Output',
    truncated: 'incomplete',
    truncatedHint: 'The disk could not keep up: some output was not recorded',
    play: 'Play',
    pause: 'Pause',
    replay: 'Replay',
    speed: 'Speed',
    deleteConfirm: "Delete {user}'s recording in {instance}? The file is removed for good.",
    deleted: 'Recording deleted',
    loadFailed: 'Cannot read the recording: {reason}',
  },
  sshKeys: {
    add: 'Add key',
    hint: "With a key added, sign in to the jump host without a password: ssh -i ~/.ssh/id_ed25519 -p 2026 {user}{'@'}server",
    publicKey: 'Public key',
    publicKeyPlaceholder: 'Paste one OpenSSH public key line, e.g. the contents of ~/.ssh/id_ed25519.pub',
    namePlaceholder: "Empty: the key's comment",
    algorithm: 'Type',
    fingerprint: 'Fingerprint',
    lastUsed: 'Last used',
    deleteConfirm: 'Delete the key "{name}"? The jump host will refuse it.',
    deleted: 'Key deleted',
    added: 'Key added',
    duplicate: 'This key is already registered (as "{name}")',
  },
} satisfies Mirror<typeof zh>
