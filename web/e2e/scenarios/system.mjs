// The system monitor (系统监控): the page goes live over its WebSocket, shows
// this machine's host name and memory as /proc says, draws the charts from
// several pushed snapshots, lists the top processes and the test engine as a
// node (the one the nodes scenario made; registered here when run alone).

import fs from 'node:fs'
import os from 'node:os'
import { shot } from '../lib/page.mjs'

export default async function system(ctx) {
  const { page, log, names } = ctx
  const listed = await ctx.api('GET', `/api/v1/nodes?page_size=100`)
  let made = null
  if (!listed.items.some((n) => n.name === names.node)) {
    made = await ctx.api('POST', '/api/v1/nodes', {
      name: names.node, public_ip: '127.0.0.1', private_ip: '127.0.0.1', docker_address: ctx.dockerHost, cpu_cores: 2, memory_gb: 2,
    })
  }
  try {
    await checks(ctx, names, log)
  } finally {
    if (made) await ctx.api('DELETE', `/api/v1/nodes/${made.id}`)
  }
}

async function checks(ctx, names, log) {
  const { page } = ctx
  await page.getByRole('menuitem', { name: '系统监控' }).click()
  await page.waitForURL(/\/admin\/system/)
  await page.locator('[data-test="system-state"]', { hasText: '实时' }).waitFor({ timeout: 20000 })
  await page.locator('[data-test="system-host"]', { hasText: os.hostname() }).waitFor()
  // MemTotal in GiB as the page writes it (formatBytes: 2 decimals below 10, 1 below 100)
  const kib = Number(/MemTotal:\s+(\d+)/.exec(fs.readFileSync('/proc/meminfo', 'utf8'))[1])
  const v = kib / 1024 / 1024
  const gib = v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')
  await page.locator('[data-test="system-memory"]', { hasText: `${gib} GiB` }).waitFor()
  // Two lines per chart once there are at least two points (3 s apart).
  const line = page.locator('[data-test="system-usage-chart"] svg path[fill="none"]')
  for (let i = 0; i < 40 && (await line.count()) < 2; i++) await page.waitForTimeout(500)
  if ((await line.count()) < 2) throw new Error('usage chart has no lines after 20 s')
  const rows = await page.locator('[data-test="system-top-cpu"] .el-table__row').count()
  if (rows < 5) throw new Error(`top CPU list has ${rows} rows`)
  const figures = await ctx.api('GET', '/api/v1/system/nodes')
  const node = figures.find((n) => n.name === names.node)
  // the test engine runs on this machine: its CPUs are ours
  if (!node?.reachable || node.cpus !== os.cpus().length) throw new Error(`node figures: ${JSON.stringify(figures)}`)
  await page.locator('[data-test="system-nodes"] .el-table__row', { hasText: names.node }).getByText('已连接').waitFor()
  await shot(page, '16-system-monitor')
  log(`system: live, ${gib} GiB memory, charts drawn, ${rows} top processes, node ${names.node} connected`)
}
