// Tasks (任务调度, Mini PM2): a task made in the dialog (a cron schedule with
// seconds, its next 5 fire times shown before saving), run from its row
// (a real /bin/sh process), its status turning 成功, its run in the history,
// the log with the ERROR filter and followed live, the switch, the CSV export
// downloaded, the batch delete, and a container task (image and spec picked in
// the dialog) whose run's output reaches the log.

import fs from 'node:fs'
import { confirmBox, expectText, inp, selectOption, shot } from '../lib/page.mjs'

export default async function tasks(ctx) {
  const { page, log } = ctx
  await page.getByRole('menuitem', { name: '任务调度' }).click()
  await page.waitForURL(/\/tasks/)
  await page.locator('[data-test="new-task"]').click()
  const dlg = page.locator('.el-dialog:visible')
  await dlg.locator(inp('tk-id')).fill('e2e-task')
  await dlg.locator(inp('tk-execute')).fill('/bin/sh')
  await dlg.locator(inp('tk-args')).fill('-c\necho INFO hello from e2e; echo ERROR boom from e2e >&2')
  await dlg.locator('[data-test="tk-kind-cron"]').click()
  await dlg.locator(inp('tk-cron')).fill('0 0 3 * * *')
  await dlg.locator(inp('tk-timezone')).fill('Europe/Berlin')
  // The schedule helper: five fire times, from the server.
  const fires = dlg.locator('[data-test="tk-fires"] .mono')
  for (let i = 0; i < 50 && (await fires.count()) !== 5; i++) await page.waitForTimeout(100)
  if ((await fires.count()) !== 5) throw new Error(`next fire times shown: ${await fires.count()}`)
  await shot(page, '21-task-dialog')
  await dlg.locator('[data-test="tk-save"]').click()
  await dlg.waitFor({ state: 'hidden' })
  const row = page.locator('[data-test="tk-table"] .el-table__row', { hasText: 'e2e-task' })
  await row.getByText('空闲').waitFor()
  await row.getByText('cron 0 0 3 * * * (Europe/Berlin)').waitFor()
  const saved = await ctx.api('GET', '/api/v1/tasks/e2e-task')
  if (saved.spec.args.length !== 2 || saved.spec.cron !== '0 0 3 * * *' || !saved.next_run_at) throw new Error(`saved: ${JSON.stringify(saved)}`)
  log('task e2e-task created with a cron schedule and its next fire times')

  await row.locator('[data-test="tk-run"]').click()
  await row.locator('[data-test="tk-status"]', { hasText: '成功' }).waitFor({ timeout: 15000 })
  await row.locator('[data-test="tk-result"]', { hasText: 'exit 0' }).waitFor()
  await row.locator('[data-test="tk-detail"]').click()
  const drawer = page.locator('[data-test="tk-drawer"]')
  await drawer.locator('[data-test="tk-runs"] .el-table__row', { hasText: 'manual' }).waitFor()
  const logBox = drawer.locator('[data-test="tk-log"]')
  await logBox.getByText('[stdout] INFO hello from e2e').waitFor()
  await drawer.locator('[data-test="tk-level"]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: 'ERROR' }).click()
  for (let i = 0; i < 50 && (await logBox.innerText()).includes('[stdout] INFO hello'); i++) await page.waitForTimeout(100)
  const text = await logBox.innerText()
  if (!text.includes('[stderr] ERROR boom from e2e') || text.includes('[stdout] INFO hello')) throw new Error(`ERROR filter shows: ${text}`)
  await shot(page, '22-task-logs')
  // The log follows live (no polling of it any more): a second run's ERROR
  // line appears by itself, its INFO line stays filtered out.
  await drawer.locator('[data-test="tk-following"]').waitFor()
  const count = (t) => t.split('[stderr] ERROR boom from e2e').length - 1
  const before = count(await logBox.innerText())
  await ctx.api('POST', '/api/v1/tasks/e2e-task/run', {})
  let live = ''
  for (let i = 0; i < 100 && count(live) <= before; i++) {
    await page.waitForTimeout(100)
    live = await logBox.innerText()
  }
  if (count(live) !== before + 1 || live.includes('[stdout] INFO hello')) throw new Error(`followed log shows: ${live}`)
  // The run history as CSV: the header and the manual run.
  const [runsFile] = await Promise.all([page.waitForEvent('download'), drawer.locator('[data-test="tk-runs-csv"]').click()])
  const runsCsv = fs.readFileSync(await runsFile.path(), 'utf8')
  if (!runsCsv.startsWith('id,task_id,trigger,attempt,status,') || !/,e2e-task,manual,1,SUCCESS,/.test(runsCsv)) throw new Error(`runs CSV: ${runsCsv}`)
  await page.locator('.el-drawer__close-btn:visible').click()
  await page.locator('.el-drawer:visible').waitFor({ state: 'hidden' })
  log('run from the row: 成功, in the history, log filtered to ERROR, a second run followed live')

  // The switch disables it (no next run); then the batch delete.
  await row.locator('[data-test="tk-switch"]').click()
  for (let i = 0; i < 50; i++) {
    const t = await ctx.api('GET', '/api/v1/tasks/e2e-task')
    if (t.status === 'DISABLED' && !t.next_run_at) break
    if (i === 49) throw new Error(`not disabled: ${JSON.stringify(t)}`)
    await page.waitForTimeout(100)
  }
  // Export as CSV: a download with the header and the task's row.
  await page.locator('[data-test="tk-export"] button').click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="tk-export-csv"]:visible').click()])
  const csv = fs.readFileSync(await download.path(), 'utf8')
  const [header, first] = csv.split('\n')
  if (!header.startsWith('id,name,status,enabled,execute_path,') || !first.startsWith('e2e-task,e2e-task,DISABLED,false,/bin/sh,')) throw new Error(`CSV export: ${csv}`)
  log('exported as CSV: header and the task\'s row')

  await page.locator('[data-test="tk-table"] thead .el-checkbox').click()
  await page.locator('[data-test="tk-batch-delete"]').click()
  await expectText(page, '确定删除选中的 1 个任务？')
  await confirmBox(page)
  await expectText(page, '暂无数据')
  const left = await ctx.api('GET', '/api/v1/tasks')
  if (left.total !== 0) throw new Error(`tasks left: ${JSON.stringify(left)}`)
  log('switch disabled it; batch delete removed it')

  // A container task: the image and spec of the catalog scenarios, picked in
  // the dialog; the run's container echoes into the log.
  await page.locator('[data-test="new-task"]').click()
  const cdlg = page.locator('.el-dialog:visible')
  await cdlg.locator('[data-test="tk-target-container"]').click()
  await selectOption(page, 'tk-image', ctx.names.image)
  await selectOption(page, 'tk-spec', ctx.names.spec)
  await cdlg.locator(inp('tk-id')).fill('e2e-box')
  await cdlg.locator(inp('tk-execute')).fill('echo')
  await cdlg.locator(inp('tk-args')).fill('hello from a container')
  await cdlg.locator('[data-test="tk-kind"] label', { hasText: '按需' }).click()
  await shot(page, '23-task-container')
  await cdlg.locator('[data-test="tk-save"]').click()
  await cdlg.waitFor({ state: 'hidden' })
  const box = page.locator('[data-test="tk-table"] .el-table__row', { hasText: 'e2e-box' })
  await box.locator('[data-test="tk-container-tag"]').waitFor()
  await box.locator('[data-test="tk-run"]').click()
  await box.locator('[data-test="tk-status"]', { hasText: '成功' }).waitFor({ timeout: 60000 })
  const boxLog = await ctx.api('GET', '/api/v1/tasks/e2e-box/logs')
  if (!JSON.stringify(boxLog.lines).includes('[stdout] hello from a container')) throw new Error(`container log: ${JSON.stringify(boxLog)}`)
  await ctx.api('DELETE', '/api/v1/tasks/e2e-box')
  log('container task from the dialog (image + spec): ran, its output in the log')
}
