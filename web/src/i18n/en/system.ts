// System monitor (admin): this host's CPU, memory, disks, network, processes, and the Docker nodes.
import type { Mirror } from '../compose'
import type zh from '../zh-CN/system'

export default {
  menu: {
    system: 'System monitor',
  },
  system: {
    waiting: 'Fetching system figures…',
    state: {
      connecting: 'Connecting',
      live: 'Live',
      closed: 'Disconnected, reconnecting',
      ended: 'Session ended',
    },
    os: 'OS',
    kernel: 'Kernel',
    uptime: 'Uptime',
    load: 'Load (1/5/15 min)',
    processes: 'Processes',
    cpu: 'CPU',
    cores: '{n} cores',
    memory: 'Memory',
    used: 'Used',
    available: 'Available',
    usageChart: 'CPU and memory use',
    networkChart: 'Network traffic',
    rx: 'Received',
    tx: 'Sent',
    disks: 'Disks',
    mount: 'Mount point',
    device: 'Device',
    fs: 'File system',
    size: 'Used / total',
    usage: 'Use',
    topCpu: 'Top processes by CPU',
    topMemory: 'Top processes by memory',
    name: 'Name',
    nodes: 'Compute nodes',
    noNodes: 'No nodes yet',
    reachable: 'State',
    up: 'Connected',
    down: 'Unreachable',
    containers: 'Running / all containers',
    images: 'Images',
    engine: 'Docker version',
  },
} satisfies Mirror<typeof zh>
