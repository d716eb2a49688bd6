// Images: the test busybox with a keep-alive command that prints a line (the
// instances' logs look for it); then 拉取到节点: an image in a private registry
// on this machine (Debian's docker-registry), absent from the engine, pulled
// from the images page with its progress bar to 100 %, and present after.

import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { inp, selectOption, shot } from '../lib/page.mjs'
import { freePort } from '../lib/util.mjs'

export default async function images(ctx) {
  const { page, log, names, tag, busybox } = ctx
  await page.getByRole('menuitem', { name: '镜像库管理' }).click()
  await page.locator('[data-test="new-image"]').click()
  const imgDialog = page.locator('.el-dialog:visible')
  await imgDialog.locator(inp('image-name')).fill(names.image)
  await imgDialog.locator(inp('image-address')).fill(busybox)
  await imgDialog.locator(inp('image-keepalive')).fill(`["sh", "-c", "echo hello-${tag}; exec sleep 3600"]`)
  await imgDialog.locator('[data-test="image-save"]').click()
  await page.locator('[data-test="images-table"] .el-table__row', { hasText: names.image }).waitFor()
  await shot(page, '04-images')
  log('image created')

  // A registry with the image in it, and the engine without it.
  const port = await freePort()
  const reference = `127.0.0.1:${port}/e2e/pull-${tag}:1`
  await startRegistry(ctx, port)
  docker(ctx, ['tag', busybox, reference])
  docker(ctx, ['push', reference])
  docker(ctx, ['rmi', reference])
  ctx.pulledReference = reference
  const pulled = `pull-${tag}`
  await ctx.api('POST', '/api/v1/images', { name: pulled, address: reference })
  await page.reload()
  const row = page.locator('[data-test="images-table"] .el-table__row', { hasText: pulled })
  await row.locator('[data-test="row-pull"]').click()
  const dlg = page.locator('[data-test="pull-dialog"]')
  await selectOption(page, 'pull-node', names.node)
  await dlg.locator('[data-test="pull-start"]').click()
  await dlg.locator('[data-test="pull-progress"][data-state="done"]').waitFor({ timeout: 60000 })
  await dlg.locator('[role="progressbar"][aria-valuenow="100"]').waitFor()
  await dlg.locator('[data-test="pull-summary"]').getByText('拉取完成').waitFor()
  await shot(page, '04a-image-pulled')
  const node = (await ctx.api('GET', '/api/v1/nodes?page_size=100')).items.find((n) => n.name === names.node)
  const present = await ctx.api('GET', `/api/v1/nodes/${node.id}/images/present?reference=${encodeURIComponent(reference)}`)
  if (!present.present) throw new Error(`${reference} is not on the node after the pull`)
  await dlg.getByRole('button', { name: '关闭', exact: true }).click()
  await dlg.waitFor({ state: 'hidden' })
  log('image pulled to a node from the images page, with progress to 100 %')
}

function docker(ctx, args) {
  const r = spawnSync('docker', ['-H', ctx.dockerHost, ...args], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stdout}${r.stderr}`)
}

async function startRegistry(ctx, port) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianqi-e2e-registry-'))
  const config = path.join(dir, 'registry.yml')
  fs.writeFileSync(config, `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\n`)
  const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' })
  ctx.registry = { child, dir }
  const deadline = Date.now() + 20000
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/v2/`)
      if (res.ok) return
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error('docker-registry did not answer within 20 s')
}

export async function cleanup(ctx) {
  if (ctx.pulledReference) spawnSync('docker', ['-H', ctx.dockerHost, 'rmi', '-f', ctx.pulledReference])
  if (ctx.registry) {
    ctx.registry.child.kill()
    fs.rmSync(ctx.registry.dir, { recursive: true, force: true })
  }
}
