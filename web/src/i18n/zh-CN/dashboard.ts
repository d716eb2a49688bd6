// 概览页。
export default {
  menu: {
    dashboard: '概览',
  },
  dashboard: {
    start: {
      title: "快速开始",
      image: "添加镜像",
      imageHint: "实例从镜像创建",
      spec: "添加规格",
      specHint: "规定 CPU、内存、磁盘",
      instance: "创建实例",
      instanceHint: "在节点上运行一个容器",
      addSandbox: "添加沙箱镜像 {image}",
      sandboxAdded: "已添加沙箱镜像",
      sandboxRemark: "scripts/run.sh 构建的镜像（Python、bash、gcc）",
    },
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
