// 简体中文（默认）：每个功能一个文件，在此各占一行。en/features.ts 列出同样的文件，
// 每个键在两种语言中都有（tests/i18n.test.ts 检查）。
export { default as common } from './common'
export { default as auth } from './auth'
export { default as account } from './account'
export { default as dashboard } from './dashboard'
export { default as instances } from './instances'
export { default as images } from './images'
export { default as specs } from './specs'
export { default as nodes } from './nodes'
export { default as users } from './users'
export { default as audit } from './audit'
export { default as workspaces } from './workspaces'
export { default as sandbox } from './sandbox'
