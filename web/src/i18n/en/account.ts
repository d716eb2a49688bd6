// My account: password, API tokens.
import type { Mirror } from '../compose'
import type zh from '../zh-CN/account'

export default {
  menu: {
    myPassword: 'My password',
    myTokens: 'API tokens',
  },
  tokens: {
    create: 'Create token',
    hint: 'Long-lived tokens for scripts and automation; send them as Authorization: Bearer <token>.',
    expiresAt: 'Expires',
    expiresInDays: 'Valid for (days)',
    never: 'Never',
    lastUsed: 'Last used',
    revoke: 'Revoke',
    revokeConfirm: 'Revoke token {name}? Programs using it lose access.',
    revoked: 'Token revoked',
    secret: 'Token',
    shownOnce: 'This token is shown only once: copy it now.',
  },
} satisfies Mirror<typeof zh>
