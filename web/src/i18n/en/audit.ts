// The audit log.
import type { Mirror } from '../compose'
import type zh from '../zh-CN/audit'

export default {
  menu: {
    audit: 'Audit log',
  },
  audit: {
    at: 'Time',
    actor: 'Actor',
    method: 'Method',
    route: 'Route',
    resource: 'Resource',
    status: 'Status',
    ip: 'Source IP',
    since: 'From',
    until: 'To',
  },
} satisfies Mirror<typeof zh>
