// The dashboard.
import type { Mirror } from '../compose'
import type zh from '../zh-CN/dashboard'

export default {
  menu: {
    dashboard: 'Dashboard',
  },
  dashboard: {
    start: {
      title: "Getting started",
      image: "Add an image",
      imageHint: "instances are created from images",
      spec: "Add a spec",
      specHint: "how much CPU, memory and disk",
      instance: "Create an instance",
      instanceHint: "run a container on a node",
      addSandbox: "Add the sandbox image {image}",
      sandboxAdded: "Sandbox image added",
      sandboxRemark: "built by scripts/run.sh (Python, bash, gcc)",
    },
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
