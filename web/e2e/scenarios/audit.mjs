// The audit log lists what the admin did (the node registration among it).

import { shot } from '../lib/page.mjs'

export default async function audit(ctx) {
  const { page, log } = ctx
  await page.getByRole('menuitem', { name: '审计日志' }).click()
  await page.waitForLoadState('networkidle')
  await page.locator('.el-table__row', { hasText: '/api/v1/nodes' }).first().waitFor()
  await shot(page, '12-audit')
  log('audit log lists the changes')
}
