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
