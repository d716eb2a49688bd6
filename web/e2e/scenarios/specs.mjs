// Specs: a small CPU spec (edited: only editable fields are sent) and a GPU spec
// with one 24 GB card.

import { fillNumber, inp, shot } from '../lib/page.mjs'

export default async function specs(ctx) {
  const { page, log, names } = ctx
  await page.getByRole('menuitem', { name: '规格管理' }).click()
  await page.locator('[data-test="new-spec"]').click()
  const specDialog = page.locator('.el-dialog:visible')
  await specDialog.locator(inp('spec-name')).fill(names.spec)
  await fillNumber(specDialog, '内存 (GB)', 0.5)
  await fillNumber(specDialog, '系统盘 (GB)', 5)
  await specDialog.locator(inp('spec-price')).fill('1.5')
  await specDialog.locator('[data-test="spec-save"]').click()
  const specRow = page.locator('[data-test="specs-table"] .el-table__row', { hasText: names.spec })
  await specRow.waitFor()
  await specRow.getByText('¥1.50').waitFor()
  // Editing sends the editable fields only (the API refuses unknown ones).
  await specRow.getByRole('button', { name: '编辑' }).click()
  const specEdit = page.locator('.el-dialog:visible')
  await specEdit.locator(inp('spec-price')).fill('2.25')
  await specEdit.locator('[data-test="spec-save"]').click()
  await specEdit.waitFor({ state: 'hidden' })
  await specRow.getByText('¥2.25').waitFor()
  await shot(page, '05-specs')

  await page.locator('[data-test="new-spec"]').click()
  const gpuSpec = page.locator('.el-dialog:visible')
  await gpuSpec.locator(inp('spec-name')).fill(names.gpuSpec)
  await gpuSpec.locator('.el-form-item', { hasText: 'GPU 型号' }).locator('input').fill('RTX 4090')
  await fillNumber(gpuSpec, 'GPU 数量', 1)
  await fillNumber(gpuSpec, '单卡显存 (GB)', 24)
  await gpuSpec.locator(inp('spec-price')).fill('12.5')
  await gpuSpec.locator('[data-test="spec-save"]').click()
  await page.locator('[data-test="specs-table"] .el-table__row', { hasText: names.gpuSpec }).getByText('RTX 4090 ×1').waitFor()
  log('CPU and GPU specs created')

  // Search by name: only the GPU spec, then all again.
  const search = page.locator('input[data-test="filter-name"]')
  await search.fill(names.gpuSpec)
  await search.press('Enter')
  await page.waitForLoadState('networkidle')
  await specRow.waitFor({ state: 'detached' })
  await page.locator('[data-test="specs-table"] .el-table__row', { hasText: names.gpuSpec }).waitFor()
  await search.fill('')
  await search.press('Enter')
  await specRow.waitFor()
  log('specs searched by name')
}
