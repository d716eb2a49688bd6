// 我的账户：修改密码、API 令牌。
export default {
  menu: {
    myPassword: '修改密码',
    myTokens: 'API 令牌',
  },
  tokens: {
    create: '创建令牌',
    hint: '用于脚本和自动化的长期令牌，在请求头中以 Authorization: Bearer <令牌> 发送。',
    expiresAt: '过期时间',
    expiresInDays: '有效天数',
    never: '永不过期',
    lastUsed: '最近使用',
    revoke: '撤销',
    revokeConfirm: '确定撤销令牌 {name}？使用它的程序将无法再访问。',
    revoked: '令牌已撤销',
    secret: '令牌',
    shownOnce: '令牌只显示这一次，请立即复制保存。',
  },
}
