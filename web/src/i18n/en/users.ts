// Users and roles.
import type { Mirror } from '../compose'
import type zh from '../zh-CN/users'

export default {
  menu: {
    users: 'Users',
  },
  users: {
    create: 'Add user',
    email: 'Email',
    edit: 'Edit user',
    filter: 'Filter by username',
    role: 'Role',
    displayName: 'Display name',
    enabled: 'Enabled',
    disabled: 'Disabled',
    disableImpact: {
      title: 'Once {name} is disabled:',
      sessions: 'they are signed out at once: every session and API token stops working, open web terminals, SSH sessions and followed logs are cut, and their console tells them the account was disabled.',
      instances: 'their {total} instances ({running} running) are left as they are, neither stopped nor deleted; stop them from the instances page if needed. Enabling the account again gives them back.',
    },
    resetPassword: 'Reset password',
    resetPasswordOf: 'Reset the password of {name}',
    passwordReset: 'Password reset',
    deleteConfirm: 'Delete user {name}?',
  },
  roles: {
    admin: 'Admin',
    user: 'User',
  },
} satisfies Mirror<typeof zh>
