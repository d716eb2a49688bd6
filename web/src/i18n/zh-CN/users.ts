// 用户管理与角色。
export default {
  menu: {
    users: '用户管理',
  },
  users: {
    create: '添加用户',
    email: '邮箱',
    edit: '编辑用户',
    filter: '按用户名筛选',
    role: '角色',
    displayName: '显示名称',
    enabled: '启用',
    disabled: '已禁用',
    disableImpact: {
      title: '禁用 {name} 后：',
      sessions: '该用户立即被退出登录：所有登录会话和 API 令牌失效，打开的网页终端、SSH 和日志跟踪立即断开，控制台会提示其账号已被禁用。',
      instances: '其 {total} 个实例（{running} 个运行中）保持原状，不会被停止或删除；如需停止请到实例管理中操作。重新启用后可继续使用。',
    },
    resetPassword: '重置密码',
    resetPasswordOf: '重置 {name} 的密码',
    passwordReset: '密码已重置',
    deleteConfirm: '确定删除用户 {name}？',
  },
  roles: {
    admin: '管理员',
    user: '普通用户',
  },
}
