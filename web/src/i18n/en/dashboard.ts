// The dashboard.
import type { Mirror } from '../compose'
import type zh from '../zh-CN/dashboard'

export default {
  menu: {
    dashboard: 'Dashboard',
  },
  dashboard: {
    nodes: 'Compute nodes',
    instances: 'Instances by status',
    capacity: 'Allocated capacity',
    disk: 'Disk',
    gpus: 'GPU cards',
    noGpus: 'No GPU nodes yet',
    free: 'Free',
    inUse: 'Allocated',
    unavailable: 'Unavailable (node not connected)',
    freeVram: 'Free VRAM',
  },
} satisfies Mirror<typeof zh>
