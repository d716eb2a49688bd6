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
