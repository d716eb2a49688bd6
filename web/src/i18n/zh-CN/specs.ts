// 产品规格管理。
export default {
  menu: {
    specs: '规格管理',
  },
  specs: {
    create: '添加规格',
    edit: '编辑规格',
    cpu: 'CPU 核数',
    cores: '核',
    memory: '内存',
    memoryGb: '内存 (GB)',
    systemDisk: '系统盘',
    dataDisk: '数据盘',
    systemDiskGb: '系统盘 (GB)',
    dataDiskGb: '数据盘 (GB)',
    disks: '系统盘 + 数据盘',
    gpuModel: 'GPU 型号',
    gpuCount: 'GPU 数量',
    vramGb: '单卡显存 (GB)',
    split: '显存切分',
    splitLong: '支持显存切分（按切片分配显存）',
    price: '价格',
    pricePerHour: '每小时价格',
    hour: '小时',
    cpuOnly: '仅 CPU',
    deleteConfirm: '确定删除规格 {name}？',
  },
}
