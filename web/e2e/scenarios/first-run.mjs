// First run, as a new admin meets it: this machine's Docker Engine is node
// `local` from the start (registered by the server, not by the page), with its
// disk sizes detected; an image and a spec with the form's default values
// (系统盘 10 GB) make an instance that runs and answers in its terminal — the
// dead end this used to be (node `local` had 0 GB disks and nothing placed).
// Everything it made is removed at the end, so the scenarios after it start
// from the same catalog as before.

import { inp, selectOption, shot } from '../lib/page.mjs'

export async function setup(ctx) {
  return { TIANQI_NODES_LOCAL_SOCKET: ctx.dockerHost.slice('unix://'.length) }
}

export default async function firstRun(ctx) {
  const { page, log, tag, busybox, base } = ctx
  await page.getByRole('menuitem', { name: '节点管理' }).click()
  const local = page.locator('[data-test="nodes-table"] .el-table__row', { hasText: 'local' })
  await local.getByText('已连接').waitFor({ timeout: 40000 })
  const disks = await local.locator('[data-test="node-disks"]').innerText()
  if (!/系统盘 \d+ GB · 数据盘 \d+ GB/.test(disks)) throw new Error(`node local shows no detected disk sizes: ${disks}`)
  await shot(page, '03a-first-run-local-node')
  log(`node local registered at start: ${disks}`)

  const imageName = `first-${tag}`
  await page.getByRole('menuitem', { name: '镜像库管理' }).click()
  await page.locator('[data-test="new-image"]').click()
  const imgDialog = page.locator('.el-dialog:visible')
  await imgDialog.locator(inp('image-name')).fill(imageName)
  await imgDialog.locator(inp('image-address')).fill(busybox)
  // busybox's own command is a shell that exits without a TTY: keep it alive.
  await imgDialog.locator(inp('image-keepalive')).fill('["sleep", "3600"]')
  await imgDialog.locator('[data-test="image-save"]').click()
  await page.locator('[data-test="images-table"] .el-table__row', { hasText: imageName }).waitFor()

  // A spec with nothing but its name: the form's defaults.
  const specName = `first-spec-${tag}`
  await page.getByRole('menuitem', { name: '规格管理' }).click()
  await page.locator('[data-test="new-spec"]').click()
  const specDialog = page.locator('.el-dialog:visible')
  await specDialog.locator(inp('spec-name')).fill(specName)
  await specDialog.locator('[data-test="spec-save"]').click()
  const specRow = page.locator('[data-test="specs-table"] .el-table__row', { hasText: specName })
  await specRow.waitFor()
  const spec = (await ctx.api('GET', '/api/v1/specs?page_size=100')).items.find((s) => s.name === specName)
  if (!(spec.system_disk_gb >= 10)) throw new Error(`the default spec asks for no system disk: ${JSON.stringify(spec)}`)

  await page.getByRole('menuitem', { name: '实例管理' }).click()
  await page.locator('[data-test="new-instance"]').click()
  const dlg = page.locator('.el-dialog:visible')
  await dlg.locator(inp('instance-name')).fill(`first-${tag}`)
  await selectOption(page, 'instance-image', imageName)
  await selectOption(page, 'instance-spec', specName)
  await dlg.locator('[data-test="instance-nodes"]').getByText('local').waitFor()
  await shot(page, '03b-first-run-create')
  await dlg.locator('[data-test="instance-submit"]').click()
  await page.waitForURL(/\/instances\/\d+$/, { timeout: 120000 })
  await page.locator('[data-test="instance-status"]', { hasText: '运行中' }).waitFor({ timeout: 60000 })
  const id = Number(new URL(page.url()).pathname.split('/').pop())

  await page.getByRole('tab', { name: '终端' }).click()
  await page.locator('[data-test="terminal-state"]', { hasText: '已连接' }).waitFor()
  await page.locator('[data-test="terminal"] .xterm').click()
  await page.keyboard.type(`echo first-run-${tag}\n`)
  await page.waitForFunction(
    (want) => [...document.querySelectorAll('[data-test="terminal"] .xterm-rows > div')].some((r) => r.textContent.trim() === want),
    `first-run-${tag}`,
    { timeout: 15000 },
  )
  await shot(page, '03c-first-run-terminal')
  log('first run: node local → image → default spec → running instance with a working terminal')

  // Leave the catalog as the scenarios after this one expect it.
  await page.goto(`${base}/`)
  await ctx.api('DELETE', `/api/v1/instances/${id}`)
  await ctx.api('DELETE', `/api/v1/specs/${spec.id}`)
  const image = (await ctx.api('GET', '/api/v1/images?page_size=100')).items.find((i) => i.name === imageName)
  await ctx.api('DELETE', `/api/v1/images/${image.id}`)
  const node = (await ctx.api('GET', '/api/v1/nodes?page_size=100')).items.find((n) => n.name === 'local')
  await ctx.api('DELETE', `/api/v1/nodes/${node.id}`)
}
