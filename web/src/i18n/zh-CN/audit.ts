// 审计日志。
export default {
  menu: {
    audit: '审计日志',
  },
  audit: {
    at: '时间',
    actor: '操作人',
    method: '方法',
    route: '路由',
    resource: '资源',
    status: '状态码',
    ip: '来源 IP',
    since: '开始时间',
    until: '结束时间',
  },
}
