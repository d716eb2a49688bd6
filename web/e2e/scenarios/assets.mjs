// Assets (资产管理): a server added through the multi-tab form (a U position
// refused on the page, a service tag refused by the server under its field),
// the stat cards and the warranty badge, the detail drawer, a CSV import with a
// bad row (nothing imported, each bad row listed; then the good row with
// "skip bad rows"), the CSV export as a download, search, batch delete, and
// "refresh from BMC" against sushy-static (Redfish) on loopback.

import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { freePort } from '../lib/util.mjs'
import { confirmBox, expectText, inp, shot } from '../lib/page.mjs'

const dayFromNow = (n) => new Date(Date.now() + n * 86400_000).toISOString().slice(0, 10)

async function statText(page, id) {
  return (await page.locator(`[data-test="as-stat-${id}"]`).innerText()).trim()
}

async function waitStat(page, id, want) {
  for (let i = 0; i < 50; i++) {
    if ((await statText(page, id)) === String(want)) return
    await page.waitForTimeout(100)
  }
  throw new Error(`stat ${id}: ${await statText(page, id)}, want ${want}`)
}

/** sushy-static (scripts/testenv's redfish part) serving a Dell-like system this writes. */
async function redfishMockup() {
  const bin = process.env.TQ_TEST_SUSHY_BIN
  if (!bin) throw new Error('TQ_TEST_SUSHY_BIN is not set: source target/testenv/env')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tq-redfish-'))
  const put = (p, body) => {
    fs.mkdirSync(path.join(dir, p), { recursive: true })
    fs.writeFileSync(path.join(dir, p, 'index.json'), JSON.stringify(body))
  }
  put('', { '@odata.id': '/redfish/v1', Systems: { '@odata.id': '/redfish/v1/Systems' } })
  put('Systems', { Members: [{ '@odata.id': '/redfish/v1/Systems/System.Embedded.1' }] })
  put('Systems/System.Embedded.1', {
    Model: 'PowerEdge R760', SKU: 'E2EBMC1', SerialNumber: 'CNE2E0001', PowerState: 'On', Manufacturer: 'Dell Inc.',
    ProcessorSummary: { Count: 2, CoreCount: 64, LogicalProcessorCount: 128, Model: 'Xeon Gold 6430' },
    MemorySummary: { TotalSystemMemoryGiB: 1024 }, Status: { Health: 'OK', HealthRollup: 'OK' },
  })
  const port = await freePort()
  const child = spawn(path.join(bin, 'sushy-static'), ['-i', '127.0.0.1', '-p', String(port), '-m', dir], { stdio: 'ignore' })
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((r) => net.connect(port, '127.0.0.1').on('connect', function () { this.end(); r(true) }).on('error', () => r(false)))
    if (up) break
    await new Promise((r) => setTimeout(r, 100))
  }
  return { port, stop: () => { child.kill(); fs.rmSync(dir, { recursive: true, force: true }) } }
}

export default async function assets(ctx) {
  const { page, log } = ctx
  await page.getByRole('menuitem', { name: '资产管理' }).click()
  await page.waitForURL(/\/admin\/assets/)
  await waitStat(page, 'total', 0)

  // The form: basic tab, then network (a reversed U position is refused on the page), then other.
  await page.locator('[data-test="new-asset"]').click()
  const dialog = page.locator('.el-dialog:visible')
  await dialog.locator(inp('as-hostname')).fill('e2e-gpu-01')
  await dialog.locator(inp('as-service-tag')).fill('ab/12')
  await dialog.locator(inp('as-model')).fill('PowerEdge R750xa')
  await dialog.getByRole('tab', { name: '网络与位置' }).click()
  await dialog.locator(inp('as-ip')).fill('10.10.1.21')
  await dialog.locator(inp('as-mac')).fill('B4-96-91-AA-BB-CC')
  await dialog.locator(inp('as-rack')).fill('A03')
  const u = dialog.locator(inp('as-u'))
  await u.fill('U9-U5')
  await u.blur()
  await expectText(page, '格式应为 U5 或 U5-U8')
  await u.fill('u5-u8')
  await u.blur()
  await dialog.getByRole('tab', { name: '其他信息' }).click()
  const warranty = dialog.locator('.el-form-item', { hasText: '保修到期日' }).locator('input')
  await warranty.fill(dayFromNow(20))
  await warranty.press('Enter')
  await dialog.locator(inp('as-department')).fill('AI 实验室')
  // The server refuses the service tag; the form goes back to its tab and shows why under it.
  ctx.expectError(/status of 422/)
  await dialog.locator('[data-test="as-save"]').click()
  const tagItem = dialog.locator('.el-form-item', { has: page.locator(inp('as-service-tag')) })
  await tagItem.locator('.el-form-item__error').waitFor()
  await dialog.locator(inp('as-service-tag')).fill('7xk2m93')
  await dialog.locator('[data-test="as-save"]').click()
  await dialog.waitFor({ state: 'hidden' })
  const row = page.locator('[data-test="as-table"] .el-table__row', { hasText: 'e2e-gpu-01' })
  await row.waitFor()
  await row.getByText('7XK2M93').waitFor()
  await row.getByText('A03 / U5-U8').waitFor()
  await row.locator('[data-test="as-warranty"]', { hasText: '天后过保' }).waitFor()
  await waitStat(page, 'total', 1)
  await waitStat(page, 'online', 1)
  await waitStat(page, 'w30', 1)
  await shot(page, '30-assets')
  log('asset created through the tabs; U position and service tag refused under their fields; cards and badge')

  // Detail: the MAC as the server keeps it.
  await row.locator('[data-test="as-detail"]').click()
  const drawer = page.locator('.el-drawer:visible')
  await drawer.locator('[data-test="as-detail-mac"]', { hasText: 'b4:96:91:aa:bb:cc' }).waitFor()
  await drawer.getByText('PowerEdge R750xa').waitFor()
  await page.locator('.el-drawer__close-btn:visible').click()
  await drawer.waitFor({ state: 'hidden' })

  // Import: a bad row refuses the file; each bad row is listed.
  const csv = 'hostname,service_tag,mac_address,status\ne2e-cpu-02,E2E0002,,maintenance\ne2e-bad,E2E0003,00:11,online\n'
  ctx.expectError(/status of 422/)
  const file = { name: 'assets.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }
  await page.locator('[data-test="as-import-file"]').setInputFiles(file)
  const errors = page.locator('.el-dialog:visible', { hasText: '导入错误' })
  await errors.waitFor()
  await errors.locator('.el-table__row', { hasText: 'mac_address' }).getByText('3', { exact: true }).waitFor()
  if ((await ctx.api('GET', '/api/v1/assets')).total !== 1) throw new Error('a refused import wrote rows')
  await shot(page, '31-assets-import-errors')
  // With "skip bad rows" the good row goes in; the skipped one is listed again.
  await errors.locator('[data-test="as-skip-bad"]').click()
  await errors.getByRole('button', { name: '关闭', exact: true }).click()
  await errors.waitFor({ state: 'hidden' })
  await page.locator('[data-test="as-import-file"]').setInputFiles(file)
  await expectText(page, '已导入 1 项资产，跳过 1 行')
  await page.locator('.el-dialog:visible', { hasText: '导入错误' }).getByRole('button', { name: '关闭', exact: true }).click()
  await page.locator('[data-test="as-table"] .el-table__row', { hasText: 'e2e-cpu-02' }).getByText('维护中').waitFor()
  await waitStat(page, 'maintenance', 1)
  log('import: all or nothing with each bad row listed; skip bad rows imports the rest')

  // Export: a CSV download with both assets.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="as-export"]').click()])
  const exported = fs.readFileSync(await download.path(), 'utf8')
  if (!exported.startsWith('hostname,service_tag,') || !exported.includes('7XK2M93') || !exported.includes('E2E0002')) {
    throw new Error(`export: ${exported}`)
  }

  // Search, then batch delete everything.
  await page.locator(inp('as-filter-hostname')).fill('gpu')
  await page.locator('[data-test="as-search"]').click()
  await page.locator('[data-test="as-table"] .el-table__row', { hasText: 'e2e-cpu-02' }).waitFor({ state: 'hidden' })
  await page.locator(inp('as-filter-hostname')).fill('')
  await page.locator('[data-test="as-search"]').click()
  await page.locator('[data-test="as-table"] .el-table__row', { hasText: 'e2e-cpu-02' }).waitFor()
  await page.locator('[data-test="as-table"] thead .el-checkbox').click()
  await page.locator('[data-test="as-batch-delete"]').click()
  await expectText(page, '确定删除选中的 2 项资产？')
  await confirmBox(page)
  await waitStat(page, 'total', 0)
  // Refresh from the BMC (a real Redfish server on loopback): the fields it changed are listed.
  const bmc = await redfishMockup()
  try {
    await page.locator('[data-test="new-asset"]').click()
    const d = page.locator('.el-dialog:visible')
    await d.locator(inp('as-hostname')).fill('e2e-bmc-01')
    await d.locator(inp('as-service-tag')).fill('E2EBMC1')
    await d.locator(inp('as-model')).fill('R760')
    await d.getByRole('tab', { name: '网络与位置' }).click()
    await d.locator(inp('as-bmc-address')).fill(`http://127.0.0.1:${bmc.port}`)
    await d.locator(inp('as-bmc-user')).fill('root')
    await d.locator(inp('as-bmc-password')).fill('calvin-e2e')
    await d.locator('[data-test="as-save"]').click()
    await d.waitFor({ state: 'hidden' })
    const bmcRow = page.locator('[data-test="as-table"] .el-table__row', { hasText: 'e2e-bmc-01' })
    await bmcRow.locator('[data-test="as-detail"]').click()
    const dr = page.locator('.el-drawer:visible')
    await dr.getByText('********').waitFor()
    await dr.locator('[data-test="as-bmc-refresh"]').click()
    const changes = dr.locator('[data-test="as-bmc-changes"]')
    await changes.locator('.el-table__row', { hasText: 'model' }).getByText('PowerEdge R760').waitFor()
    await changes.locator('.el-table__row', { hasText: 'memory_gb' }).getByText('1024').waitFor()
    await dr.locator('[data-test="as-bmc-health"]', { hasText: 'OK' }).waitFor()
    await shot(page, '32-assets-bmc-refresh')
    await page.locator('.el-drawer__close-btn:visible').click()
    await bmcRow.getByText('PowerEdge R760').waitFor()
    const listed = await ctx.api('GET', '/api/v1/assets')
    if (JSON.stringify(listed).includes('calvin-e2e')) throw new Error('the BMC password came back')
    const id = listed.items.find((a) => a.hostname === 'e2e-bmc-01').id
    await ctx.api('DELETE', `/api/v1/assets/${id}`)
  } finally {
    bmc.stop()
  }
  log('refresh from BMC: the changed fields listed, health shown, the password masked')
  if (ctx.pendingErrors()) throw new Error('an expected 422 did not happen')
  log('exported as CSV, searched, batch deleted')
}
