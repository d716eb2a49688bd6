// Usage and quotas: the month-to-date cost on the dashboard, the usage page
// (chart and table of what the earlier scenarios ran, CSV, by kind), and the quotas page:
// a default quota saved and read back, then cleared (later scenarios run freely).

import { expectText, inp, selectOption, shot } from '../lib/page.mjs'

export default async function usage(ctx) {
  const { page, log } = ctx
  await page.getByRole('menuitem', { name: '概览' }).click()
  await page.locator('[data-test="dash-month-cost"]').getByText('本月费用').waitFor()

  await page.getByRole('menuitem', { name: '用量' }).click()
  await page.getByRole('heading', { name: '用量' }).waitFor()
  await page.locator('[data-test="usage-month-cost"]').waitFor()
  await page.locator('[data-test="usage-total"]').getByText('合计').waitFor()
  const download = page.waitForEvent('download')
  await page.locator('[data-test="usage-csv"]').click()
  const file = await download
  if (!file.suggestedFilename().endsWith('.csv')) throw new Error(`CSV download named ${file.suggestedFilename()}`)
  await shot(page, '30-usage')
  log('usage page: month cost, totals, CSV download')

  // By kind: the instances and the fine-tuning jobs the earlier scenarios ran
  // are metered apart, with the fine-tuning hours as a column of their own.
  await selectOption(page, 'usage-group', '按类型')
  const table = page.locator('[data-test="usage-table"]')
  await table.locator('.el-table__row', { hasText: '实例运行' }).waitFor()
  await table.locator('.el-table__row', { hasText: '微调任务' }).waitFor()
  await table.locator('th', { hasText: '微调小时' }).waitFor()
  await shot(page, '30a-usage-by-kind')
  log('usage by kind: instances and fine-tuning jobs apart')

  await page.getByRole('menuitem', { name: '配额' }).click()
  await page.getByRole('heading', { name: '配额' }).waitFor()
  await page.locator(inp('quota-max_instances')).fill('7')
  await page.locator('[data-test="quota-save"]').click()
  await expectText(page, '配额已保存')
  await page.reload()
  await page.getByRole('heading', { name: '配额' }).waitFor()
  const v = await page.locator(inp('quota-max_instances')).inputValue()
  if (v !== '7') throw new Error(`default max_instances read back as "${v}"`)
  await shot(page, '31-quotas')
  await page.locator(inp('quota-max_instances')).fill('')
  await page.locator('[data-test="quota-save"]').click()
  await expectText(page, '配额已保存')
  log('quotas page: default quota saved, read back, cleared')
}
