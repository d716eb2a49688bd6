// 镜像库管理。
export default {
  menu: {
    images: '镜像库管理',
  },
  images: {
    create: '添加镜像',
    edit: '编辑镜像',
    address: '镜像地址',
    split: '支持显存切分',
    keepAlive: '保活命令',
    keepAliveHint: '以空格分隔的参数；参数含空格时用 JSON 数组，如 ["sh", "-c", "echo up; exec sleep infinity"]',
    keepAliveInvalid: '应为以空格分隔的参数或字符串 JSON 数组',
    source: '来源',
    deleteConfirm: '确定删除镜像 {name}？',
  },
}
