// 登录、退出与修改密码。
export default {
  menu: {
    logout: '退出登录',
    apiDocs: 'API 文档',
  },
  login: {
    title: '登录',
    subtitle: '算力平台控制台',
    username: '用户名',
    password: '密码',
    submit: '登录',
    wrong: '用户名或密码错误',
    signedOut: {
      disabled: '您的账号已被管理员禁用，已退出登录。如有疑问请联系管理员。',
      revoked: '您的登录会话已被撤销（可能在别处退出或修改了密码），请重新登录。',
      expired: '登录已过期，请重新登录。',
      ended: '登录会话已失效，请重新登录。',
    },
  },
  password: {
    current: '当前密码',
    new: '新密码',
    confirm: '确认新密码',
    submit: '修改密码',
    changed: '密码已修改',
    forceTitle: '请设置新密码',
    forceHint: '当前密码是系统生成的初始密码，请先设置您自己的密码再继续使用。',
  },
}
