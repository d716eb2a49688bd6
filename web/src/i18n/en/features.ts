// English: one file per feature, one line each here. zh-CN/features.ts lists the same
// files, and every key exists in both languages (tests/i18n.test.ts checks).
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
