// 概览页。
export default {
  menu: {
    dashboard: '概览',
  },
  dashboard: {
    nodes: '计算节点',
    instances: '实例状态',
    capacity: '资源分配',
    disk: '磁盘',
    gpus: 'GPU 卡',
    noGpus: '暂无 GPU 节点',
    free: '空闲',
    inUse: '已分配',
    unavailable: '不可用（节点未连接）',
    freeVram: '剩余显存',
  },
}
