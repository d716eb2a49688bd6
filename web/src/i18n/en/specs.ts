// Product specs.
import type { Mirror } from '../compose'
import type zh from '../zh-CN/specs'

export default {
  menu: {
    specs: 'Specs',
  },
  specs: {
    create: 'Add spec',
    edit: 'Edit spec',
    cpu: 'CPU cores',
    // plural: `t('specs.cores', n)` → 1 core, 2 cores
    cores: 'core | cores',
    memory: 'Memory',
    memoryGb: 'Memory (GB)',
    systemDisk: 'System disk',
    dataDisk: 'Data disk',
    systemDiskGb: 'System disk (GB)',
    dataDiskGb: 'Data disk (GB)',
    disks: 'System + data disk',
    gpuModel: 'GPU model',
    gpuCount: 'GPU count',
    vramGb: 'VRAM per card (GB)',
    split: 'VRAM split',
    splitLong: 'Splits VRAM (slices of a card)',
    price: 'Price',
    pricePerHour: 'Price per hour',
    idleStop: 'Idle stop (minutes)',
    idleStopHint: 'Instances idle this long (CPU below the threshold, no terminal or SSH session) are stopped; 0 = never',
    hour: 'h',
    cpuOnly: 'CPU only',
    deleteConfirm: 'Delete spec {name}?',
    forceConfirm: 'Instances use spec “{name}”. They keep running without it, but a failed one can no longer be retried. Delete it anyway?',
  },
} satisfies Mirror<typeof zh>
