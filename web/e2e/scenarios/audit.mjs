// The audit log lists what the admin did (the node registration among it) in
// words ("创建节点"), filters by who did it, and exports the filtered entries as CSV.

import fs from 'node:fs'
import { shot } from '../lib/page.mjs'

export default async function audit(ctx) {
  const { page, log } = ctx
  await page.getByRole('menuitem', { name: '审计日志' }).click()
  await page.waitForLoadState('networkidle')
  const nodeRow = page.locator('.el-table__row', { hasText: '/api/v1/nodes' }).first()
  await nodeRow.waitFor()
  await page.locator('[data-test="audit-deed"]', { hasText: /节点/ }).first().waitFor()
  await shot(page, '12-audit')
  log('audit log lists the changes, worded')

  // Filter by actor: admin's entries only.
  await page.locator('[data-test="filter-actor"]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^admin$/ }).click()
  await page.waitForLoadState('networkidle')
  const actors = await page.locator('.el-table__row td:nth-child(2)').allInnerTexts()
  if (!actors.length || actors.some((a) => a.trim() !== 'admin')) throw new Error(`actor filter shows ${JSON.stringify(actors)}`)

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="audit-export"]').click()])
  const csv = fs.readFileSync(await download.path(), 'utf8').trimEnd().split('\n')
  if (!csv[0].startsWith('id,at,actor,actor_id,action,object,')) throw new Error(`audit CSV header: ${csv[0]}`)
  const rows = csv.slice(1)
  if (!rows.length || rows.some((r) => r.split(',')[2] !== 'admin')) throw new Error(`audit CSV rows not all admin's: ${rows.slice(0, 3)}`)
  if (!rows.some((r) => /,nodes,/.test(r))) throw new Error('audit CSV lacks the node registration')
  log(`audit filtered by actor and exported (${rows.length} rows)`)
}
