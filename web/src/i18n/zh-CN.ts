// 简体中文（默认）。每个键在 en.ts 中都有对应（tests/i18n.test.ts 检查）。
export default {
  app: { name: '天启' },
  common: {
    actions: '操作', name: '名称', back: '返回', cancel: '取消', close: '关闭', confirm: '确定', confirmTitle: '请确认',
    copied: '已复制', copy: '复制', copyFailed: '复制失败，请手动选择文本复制', create: '创建', createdAt: '创建时间',
    delete: '删除', deleted: '已删除', description: '描述', edit: '编辑', empty: '暂无数据', filterName: '按名称筛选',
    listed: '上架', no: '否', refresh: '刷新', remark: '备注', save: '保存', saved: '已保存', search: '搜索',
    select: '请选择', status: '状态', switchLanguage: '切换语言', updatedAt: '更新时间', yes: '是',
  },
  menu: {
    main: '主菜单', open: '打开菜单', admin: '系统管理', dashboard: '概览', instances: '实例管理', images: '镜像库管理',
    specs: '规格管理', nodes: '节点管理', users: '用户管理', audit: '审计日志', orphans: '孤儿容器',
    myPassword: '修改密码', myTokens: 'API 令牌', logout: '退出登录',
  },
  login: { title: '登录', subtitle: '算力平台控制台', username: '用户名', password: '密码', submit: '登录' },
  password: {
    current: '当前密码', new: '新密码', confirm: '确认新密码', submit: '修改密码', changed: '密码已修改',
    forceTitle: '请设置新密码', forceHint: '当前密码是系统生成的初始密码，请先设置您自己的密码再继续使用。',
  },
  validate: {
    required: '此项为必填项', nameTooLong: '名称最多 64 个字符', instanceName: '只能包含字母、数字、下划线和连字符',
    username: '只能包含字母、数字和 _ . -，且以字母或数字开头', usernameTooLong: '用户名最多 32 个字符',
    passwordShort: '密码至少 8 个字符', passwordLong: '密码最多 256 个字符', passwordMismatch: '两次输入的密码不一致',
    price: '请输入价格，最多 4 位小数',
  },
  status: { creating: '创建中', running: '运行中', exited: '已停止', failed: '失败', deleting: '删除中', missing: '容器丢失' },
  nodeStatus: { connected: '已连接', failed: '连接失败', unknown: '未知' },
  roles: { admin: '管理员', user: '普通用户' },
  dashboard: {
    nodes: '计算节点', instances: '实例状态', capacity: '资源分配', disk: '磁盘', gpus: 'GPU 卡',
    noGpus: '暂无 GPU 节点', free: '空闲', inUse: '已分配', freeVram: '剩余显存',
  },
  instances: {
    create: '创建实例', creating: '创建中…', name: '实例名称', namePlaceholder: '字母、数字、_ 或 -，最多 64 个字符',
    image: '镜像', spec: '产品规格', node: '节点', autoNode: '自动选择（最佳匹配）', freeVram: '单卡剩余显存',
    noCandidates: '没有可用节点能满足此规格', noImages: '暂无可用镜像', noSpecs: '此镜像暂无可用规格',
    empty: '暂无实例', filterName: '按实例名称筛选', resources: '配置', container: '容器', ssh: 'SSH 命令',
    start: '启动', stop: '停止', restart: '重启', notFound: '实例不存在或无权访问',
    created: '实例 {name} 已创建', createFailed: '实例创建失败：{error}',
    confirm: {
      stop: '确定停止实例 {name}？', restart: '确定重启实例 {name}？',
      delete: '确定删除实例 {name}？容器及其数据卷将被永久删除。',
    },
    done: { start: '实例 {name} 已启动', stop: '实例 {name} 已停止', restart: '实例 {name} 已重启', delete: '实例 {name} 已删除' },
    tabs: { stats: '监控', logs: '日志', terminal: '终端' },
  },
  stats: {
    memory: '内存', netRx: '网络接收', netTx: '网络发送', blkRead: '磁盘读取', blkWrite: '磁盘写入', pids: '进程数',
    updatedAt: '更新于 {time}', every5s: '每 5 秒自动刷新', notRunning: '实例未运行',
  },
  logs: { title: '容器日志', tail: '最近行数', follow: '实时跟踪', empty: '暂无日志' },
  terminal: {
    title: '终端', connecting: '连接中…', open: '已连接', closed: '已断开', reconnect: '重新连接',
    exited: '[shell 已退出]', notRunning: '实例运行后才能打开终端',
  },
  images: {
    create: '添加镜像', edit: '编辑镜像', address: '镜像地址', split: '支持显存切分', keepAlive: '保活命令', keepAliveHint: '以空格分隔的参数；参数含空格时用 JSON 数组，如 ["sh", "-c", "echo up; exec sleep infinity"]', keepAliveInvalid: '应为以空格分隔的参数或字符串 JSON 数组',
    source: '来源', deleteConfirm: '确定删除镜像 {name}？',
  },
  specs: {
    create: '添加规格', edit: '编辑规格', cpu: 'CPU 核数', cores: '核', memory: '内存', memoryGb: '内存 (GB)',
    systemDisk: '系统盘', dataDisk: '数据盘', systemDiskGb: '系统盘 (GB)', dataDiskGb: '数据盘 (GB)', disks: '系统盘 + 数据盘',
    gpuModel: 'GPU 型号', gpuCount: 'GPU 数量', vramGb: '单卡显存 (GB)', split: '显存切分', splitLong: '支持显存切分（按切片分配显存）',
    price: '价格', pricePerHour: '每小时价格', hour: '小时', cpuOnly: '仅 CPU', deleteConfirm: '确定删除规格 {name}？',
  },
  nodes: {
    create: '添加节点', edit: '编辑节点', docker: 'Docker 连接', checkedAt: '检测时间', resources: '资源', card: '卡',
    ip: 'IP 地址', region: '区域', publicIp: '公网 IP', privateIp: '内网 IP', dockerAddress: 'Docker 地址',
    addressHint: '格式为 unix:///路径 或 tcp://主机:端口', useTls: '使用 TLS', caCert: 'CA 证书 (PEM)',
    clientCert: '客户端证书 (PEM)', clientKey: '客户端私钥 (PEM)', sshPort: 'SSH 端口', sshUser: 'SSH 用户',
    sshPassword: 'SSH 密码', secretSet: '已设置', replace: '替换', emptyRemoves: '留空将清除',
    gpuName: 'GPU 型号', gpuCount: 'GPU 数量', vramPerCard: '单卡显存 (GB)', hamiDir: 'HAMi-core 目录',
    cpuCores: 'CPU 核数', memoryGb: '内存 (GB)', detected: '留空自动检测', cpuDesc: 'CPU 描述', memoryDesc: '内存描述',
    test: '测试连接', testOk: '节点 {name} 连接正常（Docker {version}）', testFailed: '节点 {name} 连接失败：{error}',
    saveAndTest: '保存并测试连接', savedConnected: '节点 {name} 已保存，连接正常', savedFailed: '节点 {name} 已保存，但连接失败：{error}',
    deleteConfirm: '确定删除节点 {name}？', forceConfirm: '仍要强制删除吗？',
  },
  users: {
    create: '添加用户', edit: '编辑用户', filter: '按用户名筛选', role: '角色', displayName: '显示名称',
    enabled: '启用', disabled: '已禁用', resetPassword: '重置密码', resetPasswordOf: '重置 {name} 的密码',
    passwordReset: '密码已重置', deleteConfirm: '确定删除用户 {name}？',
  },
  audit: {
    at: '时间', actor: '操作人', method: '方法', route: '路由', resource: '资源', status: '状态码', ip: '来源 IP',
    since: '开始时间', until: '结束时间',
  },
  orphans: {
    hint: '由本平台创建、但已没有对应实例的容器。删除将同时移除其数据卷。', empty: '没有孤儿容器',
    containerId: '容器 ID', instance: '实例 ID', deleteConfirm: '确定删除节点 {node} 上的容器 {name} 及其数据卷？',
  },
  tokens: {
    create: '创建令牌', hint: '用于脚本和自动化的长期令牌，在请求头中以 Authorization: Bearer <令牌> 发送。',
    expiresAt: '过期时间', expiresInDays: '有效天数', never: '永不过期', lastUsed: '最近使用', revoke: '撤销',
    revokeConfirm: '确定撤销令牌 {name}？使用它的程序将无法再访问。', revoked: '令牌已撤销', secret: '令牌',
    shownOnce: '令牌只显示这一次，请立即复制保存。',
  },
  notFound: { title: '页面不存在', hint: '您访问的页面不存在。' },
}
