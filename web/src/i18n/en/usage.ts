// Usage and quotas.
import type { Mirror } from '../compose'
import type zh from '../zh-CN/usage'

export default {
  menu: {
    usage: 'Usage',
    quotas: 'Quotas',
  },
  usage: {
    csv: 'Export CSV',
    groupBy: 'Group by',
    by: { day: 'By day', user: 'By user', node: 'By node', spec: 'By spec', kind: 'By kind' },
    from: 'From',
    to: 'To',
    monthCost: 'Cost this month',
    limit: 'Limit',
    inUse: 'In use now',
    instances: 'Instances',
    costBy: 'Cost ({by})',
    chart: 'Cost bar chart',
    instanceHours: 'Instance-hours',
    gpuHours: 'GPU-hours',
    cpuCoreHours: 'CPU core-hours',
    workspace_hours: 'Workspace hours',
    task_run_hours: 'Task run hours',
    finetune_hours: 'Fine-tuning hours',
    disk_gb_hours: 'Stopped disk GB·h',
    kind: { instance: 'Running instances', disk: 'Stopped instances\' disks', workspace: 'Workspaces', task_run: 'Container task runs', finetune_job: 'Fine-tuning jobs' },
    cost: 'Cost',
    total: 'Total',
  },
  quotas: {
    target: 'Applies to',
    default: 'Default (everyone)',
    user: 'User',
    unlimited: 'No limit',
    saved: 'Quota saved',
    confirmRemove: "Remove {name}'s quota? The default applies then.",
    max_instances: 'Max running instances',
    max_gpus: 'Max GPU cards',
    max_cpu_cores: 'Max CPU cores',
    max_memory_gb: 'Max memory (GB)',
    max_monthly_cost: 'Max cost per month',
    max_monthly_gpu_hours: 'Max GPU-hours per month',
    idle_stop_minutes: 'Stop after idle (minutes)',
  },
} satisfies Mirror<typeof zh>
