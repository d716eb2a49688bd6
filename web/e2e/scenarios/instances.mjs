// Instances: the create dialog offers the GPU node for the GPU spec with each
// card's free VRAM (and not the CPU node), Escape closes it; an instance created
// from the page (inline name validation) runs with stats and the SSH command
// (admin+NAME, the jump host's port; gone once stopped);
// its pages at phone width; stopped (with confirmation), the dashboard and list
// while it exists, two more stopped and deleted as a batch from the list's
// selection, deleted (container gone from the engine); no orphans after.

import { confirmBox, expectText, inp, noEnglish, selectOption, shot } from '../lib/page.mjs'

export default async function instances(ctx) {
  const { page, base, log, names, docker } = ctx
  const instanceName = names.instance

  // The GPU spec: the dialog lists the GPU node with each card's free VRAM.
  await page.getByRole('menuitem', { name: '实例管理' }).click()
  await page.locator('[data-test="new-instance"]').click()
  const probe = page.locator('.el-dialog:visible')
  await selectOption(page, 'instance-image', names.image)
  await selectOption(page, 'instance-spec', names.gpuSpec)
  const gpuCandidate = probe.locator('[data-test="instance-nodes"] .el-radio', { hasText: names.gpuNode })
  await gpuCandidate.getByText('#0 24/24 GB').waitFor()
  await gpuCandidate.getByText('#1 24/24 GB').waitFor()
  if (await probe.locator('[data-test="instance-nodes"]').getByText(names.node).count()) throw new Error('a node without GPUs is offered for a GPU spec')
  await shot(page, '06a-create-gpu-candidates')
  // (An open or focused select keeps Escape for itself; from a text field it closes the dialog.)
  await probe.locator(inp('instance-name')).focus()
  await page.keyboard.press('Escape')
  await probe.waitFor({ state: 'hidden' })
  log('GPU spec offers the GPU node with free VRAM per card; Escape closes the dialog')

  // Create an instance: image → specs → candidate nodes.
  await page.getByRole('menuitem', { name: '实例管理' }).click()
  await page.locator('[data-test="new-instance"]').click()
  const dlg = page.locator('.el-dialog:visible')
  const nameInput = dlg.locator(inp('instance-name'))
  await nameInput.fill('bad name!')
  await nameInput.blur()
  await dlg.getByText('只能包含字母、数字、下划线和连字符').waitFor()
  await nameInput.fill(instanceName)
  await selectOption(page, 'instance-image', names.image)
  await selectOption(page, 'instance-spec', names.spec)
  await dlg.locator('[data-test="instance-nodes"]').getByText(names.node).waitFor()
  await shot(page, '06-create-instance')
  await dlg.locator('[data-test="instance-submit"]').click()
  await page.waitForURL(/\/instances\/\d+$/, { timeout: 120000 })
  await page.locator('[data-test="instance-status"]', { hasText: '运行中' }).waitFor({ timeout: 60000 })
  await page.locator('[data-test="stats"]').waitFor({ timeout: 20000 })
  await page.locator('[data-test="stat-mem"]').waitFor()
  // The SSH command comes from the server (GET /api/v1/jumpbox/info: the port
  // the jump host really listens on) and names the instance.
  const jump = await ctx.api('GET', '/api/v1/jumpbox/info')
  const ssh = await page.locator('[data-test="ssh-command"]').innerText()
  const want = `ssh -p ${jump.port} admin+${instanceName}@127.0.0.1`
  if (!jump.enabled || ssh !== want) throw new Error(`unexpected SSH command: ${ssh} (want ${want})`)
  // The last hour's charts (sampled every second here): a line per series.
  const charts = page.locator('[data-test="stats-history"] .charts')
  await charts.waitFor({ timeout: 30000 })
  for (const [c, color] of [['history-cpu', '#409eff'], ['history-memory', '#e6a23c'], ['history-network', '#67c23a'], ['history-disk', '#909399']]) {
    await page.locator(`[data-test="${c}"] svg`).waitFor()
    // its first series drawn as a line through several points (the legend's
    // symbol has the same colour, but is a circle)
    await page.waitForFunction(
      ([sel, stroke]) => [...document.querySelectorAll(`${sel} svg path[stroke="${stroke}"]`)].some((p) => (p.getAttribute('d') ?? '').split('L').length > 3),
      [`[data-test="${c}"]`, color],
      { timeout: 20000 },
    )
  }
  await shot(page, '07-instance-stats')
  log('instance running with stats and their last-hour charts')

  // Auto stop: a run length of 3 minutes is within the 10-minute warning, so
  // the owner is warned once the autostop round (every 2 s here) has seen it;
  // cleared, the warning goes.
  await expectText(page.locator('[data-test="auto-stop-summary"]'), '未设置')
  await page.locator('[data-test="auto-stop-edit"]').click()
  const stopDlg = page.locator('[data-test="auto-stop-dialog"]')
  await stopDlg.locator('[data-test="auto-stop-after"] input').fill('0.05')
  await stopDlg.locator('[data-test="auto-stop-save"]').click()
  await stopDlg.waitFor({ state: 'hidden' })
  await expectText(page.locator('[data-test="auto-stop-summary"]'), '运行 0.05 小时后')
  const warning = page.locator('[data-test="instance-auto-stop-warning"]')
  await warning.waitFor({ timeout: 15000 })
  await expectText(warning, '达到运行时长')
  await shot(page, '07b-instance-auto-stop-warning')
  await page.locator('[data-test="auto-stop-edit"]').click()
  await stopDlg.locator('[data-test="auto-stop-after"] input').fill('')
  await stopDlg.locator('[data-test="auto-stop-save"]').click()
  await stopDlg.waitFor({ state: 'hidden' })
  await expectText(page.locator('[data-test="auto-stop-summary"]'), '未设置')
  await warning.waitFor({ state: 'detached', timeout: 15000 })
  log('auto stop: set, warned, cleared')

  // Phone width.
  const detailUrl = page.url()
  await ctx.phone(async (mobile, noOverflow) => {
    await mobile.goto(detailUrl)
    await mobile.locator('[data-test="instance-status"]', { hasText: '运行中' }).waitFor()
    await mobile.locator('[data-test="stats"]').waitFor()
    await noOverflow('instance')
    await shot(mobile, '15-phone-instance')
    await mobile.goto(`${base}/instances`)
    // A card per instance, its actions within the screen (no sideways scroll).
    const card = mobile.locator('[data-test="instance-card"]', { has: mobile.getByRole('link', { name: instanceName, exact: true }) })
    await card.waitFor()
    const stop = await card.locator('[data-test="card-stop"]').boundingBox()
    if (!stop || stop.x < 0 || stop.x + stop.width > 390) throw new Error(`the card's stop button is off the screen: ${JSON.stringify(stop)}`)
    await mobile.locator('[data-test="menu-toggle"]').waitFor()
    await noOverflow('instances')
    await shot(mobile, '15a-phone-instances')
    await mobile.locator('[data-test="menu-toggle"]').click()
    await mobile.getByRole('menuitem', { name: '规格管理' }).click()
    await mobile.waitForURL(/\/specs/)
    await mobile.locator('[data-test="specs-table"]').getByText(names.spec).waitFor()
    await noOverflow('specs')
    await shot(mobile, '16-phone-specs')
  })
  log('phone width works')

  // Stop (with confirmation), then delete.
  await page.locator('[data-test="action-stop"]').click()
  await confirmBox(page)
  await page.locator('[data-test="instance-status"]', { hasText: '已停止' }).waitFor({ timeout: 30000 })
  // A stopped instance offers no SSH command (nothing would answer it).
  await page.locator('[data-test="ssh-command"]').waitFor({ state: 'detached', timeout: 10000 })
  log('instance stopped')

  // Deleting the spec the instance uses is refused (409) and then asked
  // again, in words saying what forcing does; cancelling keeps the spec.
  await page.getByRole('menuitem', { name: '规格管理' }).click()
  const specRow = page.locator('.el-table__row', { hasText: names.spec })
  ctx.expectError(/status of 409/)
  await specRow.getByRole('button', { name: '删除' }).click()
  // (not confirmBox: the second box opens while the first fades out)
  await page.locator('.el-message-box', { hasText: '确定删除规格' }).locator('.el-button--danger').click()
  const again = page.locator('.el-message-box', { hasText: '失败后无法再重试创建' })
  await again.waitFor()
  await noEnglish(page, 'deleting a spec in use')
  await again.getByRole('button', { name: '取消' }).click()
  await again.waitFor({ state: 'hidden' })
  await specRow.waitFor()
  log('deleting the spec in use asks again, saying what forcing does; cancelled, it stays')

  // Other pages, while the instance exists.
  for (const [menu, file] of [['概览', '09-dashboard'], ['实例管理', '10-instances']]) {
    await page.getByRole('menuitem', { name: menu }).click()
    await page.waitForLoadState('networkidle')
    await shot(page, file)
  }
  const row = page.locator('[data-test="instances-table"] .el-table__row', { hasText: instanceName })
  await row.getByText('已停止').waitFor()
  // Admins see who owns each instance, and filter by owner.
  await row.locator('[data-test="instance-owner"]', { hasText: 'admin' }).first().waitFor()
  await selectOption(page, 'filter-owner', 'admin')
  await row.waitFor()

  // Batch: two more instances, selected in the list, stopped then deleted
  // together (confirmed); the one not selected is untouched.
  const image = (await ctx.api('GET', `/api/v1/images?name=${encodeURIComponent(names.image)}`)).items.find((i) => i.name === names.image)
  const spec = (await ctx.api('GET', '/api/v1/specs?page_size=100')).items.find((sp) => sp.name === names.spec)
  const batchNames = [`${instanceName}-b1`, `${instanceName}-b2`]
  for (const name of batchNames) await ctx.api('POST', '/api/v1/instances', { name, image_id: image.id, spec_id: spec.id })
  await page.reload()
  const batchRows = batchNames.map((n) => page.locator('[data-test="instances-table"] .el-table__row', { has: page.getByRole('link', { name: n, exact: true }) }))
  for (const r of batchRows) {
    await r.getByText('运行中').waitFor({ timeout: 30000 })
    await r.locator('.el-checkbox').click()
  }
  await expectText(page.locator('[data-test="batch-selected"]'), '已选 2 个')
  await expectText(page.locator('[data-test="batch-stop"]'), '停止所选 (2)')
  await page.locator('[data-test="batch-stop"]').click()
  await confirmBox(page)
  for (const r of batchRows) await r.getByText('已停止').waitFor({ timeout: 60000 })
  const mainRow = page.locator('[data-test="instances-table"] .el-table__row', { has: page.getByRole('link', { name: instanceName, exact: true }) })
  await mainRow.getByText('已停止').waitFor()
  await shot(page, '10a-instances-batch-stopped')
  for (const r of batchRows) await r.locator('.el-checkbox').click()
  await expectText(page.locator('[data-test="batch-delete"]'), '删除所选 (2)')
  await page.locator('[data-test="batch-delete"]').click()
  await confirmBox(page)
  for (const n of batchNames) await page.locator('[data-test="instances-table"]').getByRole('link', { name: n, exact: true }).waitFor({ state: 'detached', timeout: 60000 })
  for (const n of batchNames) if ((await docker.named(`${n}-`)).length !== 0) throw new Error(`${n}: the container is still there after the batch delete`)
  await mainRow.waitFor()
  log('batch stop and delete of two selected instances')

  await page.locator('[data-test="instances-table"]').getByText(instanceName, { exact: true }).click()
  await page.locator('[data-test="action-delete"]').click()
  await confirmBox(page)
  await page.waitForURL((u) => u.pathname === '/instances')
  await page.locator('[data-test="instances-table"]').getByText(instanceName, { exact: true }).waitFor({ state: 'detached', timeout: 30000 })
  log('instance deleted')
  if ((await docker.named(`${instanceName}-`)).length !== 0) throw new Error('the container is still there after the delete')

  await page.getByRole('menuitem', { name: '孤儿容器' }).click()
  await page.waitForLoadState('networkidle')
  await shot(page, '13-orphans')
  await expectText(page, '没有孤儿容器')
}

export async function setup() {
  return { TIANQI_INSTANCES_AUTOSTOP_INTERVAL_SECS: '2', TIANQI_INSTANCES_STATS_HISTORY_INTERVAL_SECS: '1' }
}

export async function cleanup(ctx) {
  const removed = await ctx.docker.removeNamed(`${ctx.names.instance}-`)
  if (removed) ctx.log(`cleanup removed ${removed} leftover instance container(s)`)
}
