// Sign-in: what the page costs on the wire (gzip'd assets), the generated admin
// password, and the forced change to a new one; an unknown address shows the 404 page.

import { randomBytes } from 'node:crypto'
import { expectText, inp, shot } from '../lib/page.mjs'

export default async function auth(ctx) {
  const { page, base, log } = ctx
  const initialPassword = ctx.state.initialPassword
  const newPassword = `e2e-${randomBytes(12).toString('hex')}`

  // Count what the sign-in page costs to load (compressed bytes on the wire).
  const loaded = []
  const onResponse = (r) => loaded.push(r)
  page.on('response', onResponse)
  await page.goto(`${base}/instances`)
  await page.waitForURL(/\/login/)
  await expectText(page, '算力平台控制台')
  await page.waitForLoadState('networkidle')
  page.off('response', onResponse)
  let wire = 0
  for (const r of loaded) wire += (await r.request().sizes()).responseBodySize
  const gz = loaded.filter((r) => r.url().includes('/assets/') && r.headers()['content-encoding'] === 'gzip').length
  log(`sign-in page: ${loaded.length} responses, ${(wire / 1024).toFixed(0)} KiB on the wire, ${gz} gzip'd assets`)
  if (gz === 0) throw new Error('console assets are not compressed')
  await shot(page, '01-login')

  // The generated password must be replaced first.
  await page.locator(inp('login-username')).fill('admin')
  await page.locator(inp('login-password')).fill(initialPassword)
  await page.locator('[data-test="login-submit"]').click()
  await page.waitForURL(/\/change-password/)
  await expectText(page, '请设置新密码')
  await shot(page, '02-force-password')
  await page.locator(inp('pw-current')).fill(initialPassword)
  await page.locator(inp('pw-new')).fill(newPassword)
  await page.locator(inp('pw-confirm')).fill(newPassword)
  await page.locator('[data-test="pw-submit"]').click()
  await page.waitForURL((u) => u.pathname === '/')
  await expectText(page, '计算节点')
  ctx.state.adminPassword = newPassword
  log('signed in and changed the generated password')

  await page.goto(`${base}/no-such-page`)
  await expectText(page, '页面不存在')
  await page.getByRole('menuitem', { name: '概览' }).click()
  await page.waitForURL((u) => u.pathname === '/')
}
