// SSH jump host: my SSH public keys.
import type { Mirror } from '../compose'
import type zh from '../zh-CN/jumpbox'

export default {
  menu: {
    mySshKeys: 'SSH keys',
  },
  sshKeys: {
    add: 'Add key',
    hint: 'With a key added, sign in to the jump host without a password: ssh -i ~/.ssh/id_ed25519 -p 2026 {user}@server',
    publicKey: 'Public key',
    publicKeyPlaceholder: 'Paste one OpenSSH public key line, e.g. the contents of ~/.ssh/id_ed25519.pub',
    namePlaceholder: "Empty: the key's comment",
    algorithm: 'Type',
    fingerprint: 'Fingerprint',
    lastUsed: 'Last used',
    deleteConfirm: 'Delete the key "{name}"? The jump host will refuse it.',
    deleted: 'Key deleted',
    added: 'Key added',
  },
} satisfies Mirror<typeof zh>
