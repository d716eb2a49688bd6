// My API tokens: the secret is shown once, works, and stops working when revoked
// (with confirmation); the password page of the user menu.

import { confirmBox, expectText, inp, shot } from '../lib/page.mjs'

export default async function tokens(ctx) {
  const { page, base, log, tag } = ctx
  await page.locator('[data-test="user-menu"]').click()
  await page.getByRole('menuitem', { name: 'API 令牌' }).click()
  await page.waitForURL(/\/account\/tokens/)
  await page.getByRole('button', { name: '创建令牌' }).click()
  const tokDialog = page.locator('.el-dialog:visible')
  await tokDialog.locator(inp('token-name')).fill(`ci-${tag}`)
  await tokDialog.getByRole('button', { name: '创建' }).click()
  const secret = await tokDialog.locator(inp('token-secret')).inputValue()
  if (!secret.startsWith('tqa_')) throw new Error(`unexpected token secret: ${secret}`)
  const viaToken = await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } })
  if (viaToken.status !== 200) throw new Error(`the new API token does not work: ${viaToken.status}`)
  await tokDialog.locator('.el-dialog__footer').getByRole('button', { name: '关闭' }).click()
  const tokRow = page.locator('.el-table__row', { hasText: `ci-${tag}` })
  await tokRow.waitFor()
  await shot(page, '13a-tokens')
  await tokRow.getByRole('button', { name: '撤销' }).click()
  await confirmBox(page)
  await tokRow.waitFor({ state: 'detached' })
  const revoked = await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } })
  if (revoked.status !== 401) throw new Error(`a revoked token still works: ${revoked.status}`)
  log('API token created, shown once, works, revoked')

  await page.locator('[data-test="user-menu"]').click()
  await page.getByRole('menuitem', { name: '修改密码' }).click()
  await page.waitForURL(/\/account\/password/)
  await expectText(page, '确认新密码')
}
