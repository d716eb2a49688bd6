// SSH 跳板机：我的 SSH 公钥。
export default {
  menu: {
    mySshKeys: 'SSH 公钥',
  },
  sshKeys: {
    add: '添加公钥',
    hint: '添加公钥后即可免密码登录跳板机：ssh -i ~/.ssh/id_ed25519 -p 2026 {user}@服务器',
    publicKey: '公钥',
    publicKeyPlaceholder: '粘贴一行 OpenSSH 公钥，例如 ~/.ssh/id_ed25519.pub 的内容',
    namePlaceholder: '留空则使用公钥的注释',
    algorithm: '类型',
    fingerprint: '指纹',
    lastUsed: '最近使用',
    deleteConfirm: '删除公钥“{name}”？跳板机将不再接受它。',
    deleted: '公钥已删除',
    added: '公钥已添加',
  },
}
