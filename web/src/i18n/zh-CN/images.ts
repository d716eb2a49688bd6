// 镜像库管理。
export default {
  menu: {
    images: '镜像库管理',
  },
  images: {
    pull: {
      action: '拉取到节点',
      title: '拉取镜像 {image} 到节点',
      node: '目标节点',
      start: '开始拉取',
      layers: '已完成 {done} / {all} 层',
      complete: '拉取完成',
      failed: '拉取失败：节点无法获取该镜像',
      done: '镜像 {image} 已拉取到节点 {node}',
    },
    create: '添加镜像',
    edit: '编辑镜像',
    address: '镜像地址',
    split: '支持显存切分',
    keepAlive: '保活命令',
    keepAliveHint: '以空格分隔的参数；参数含空格时用 JSON 数组，如 ["sh", "-c", "echo up; exec sleep infinity"]',
    keepAlivePlaceholder: '留空：运行镜像自带的命令',
    keepAliveEmpty: '留空时容器运行镜像自带的命令。若该命令是 shell（如 Debian 镜像的 bash），没有终端时会立即结束，实例随之停止：此时请填写 sleep infinity 之类的命令。',
    keepAliveShell: '{cmd} 是一个 shell，没有终端时会立即结束，容器不会保持运行。请改用 sleep infinity，或用 ["sh", "-c", "…; exec sleep infinity"]。',
    keepAliveInvalid: '应为以空格分隔的参数或字符串 JSON 数组',
    source: '来源',
    deleteConfirm: '确定删除镜像 {name}？',
    forceConfirm: '还有实例由镜像「{name}」创建。删除后它们继续运行，但失败后无法再重试创建。仍要删除吗？',
  },
}
