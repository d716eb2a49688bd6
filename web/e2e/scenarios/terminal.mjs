// Logs and the web terminal, on an instance of their own (made through the API):
// the keep-alive command's first line in the logs; `echo hi` in the terminal
// reads `hi`; a narrower window changes `stty size`; a line written to the
// container's stdout from the terminal arrives in the followed logs; a server
// restart under the open terminal is reconnected by itself.

import { noEnglish, shot } from '../lib/page.mjs'

export default async function terminal(ctx) {
  const { page, base, log, names, tag } = ctx
  const image = (await ctx.api('GET', `/api/v1/images?name=${encodeURIComponent(names.image)}`)).items.find((i) => i.name === names.image)
  const spec = (await ctx.api('GET', '/api/v1/specs?page_size=100')).items.find((s) => s.name === names.spec)
  const inst = await ctx.api('POST', '/api/v1/instances', { name: `term-${tag}`, image_id: image.id, spec_id: spec.id })
  // The detail page polls the stats every 5 s, and Docker takes a second to
  // answer one: the instance is deleted only when none is in flight (a stats
  // request that meets the delete answers 503, a console error).
  const stats = new Set()
  const started = (r) => r.url().includes(`/api/v1/instances/${inst.id}/stats`) && stats.add(r)
  const done = (r) => stats.delete(r)
  page.on('request', started)
  page.on('requestfinished', done)
  page.on('requestfailed', done)
  await page.goto(`${base}/instances/${inst.id}`)
  await page.locator('[data-test="instance-status"]', { hasText: '运行中' }).waitFor({ timeout: 60000 })

  // Logs: the keep-alive command's first line, then follow.
  await page.getByRole('tab', { name: '日志' }).click()
  await page.locator('[data-test="logs"]').getByText(`hello-${tag}`).waitFor()
  await page.locator('[data-test="logs-follow"]').click()
  await page.waitForTimeout(500)
  log('logs show the container output; following')

  // The terminal: `echo hi` → `hi`.
  await page.getByRole('tab', { name: '终端' }).click()
  await page.locator('[data-test="terminal-state"]', { hasText: '已连接' }).waitFor()
  await page.locator('[data-test="terminal"] .xterm').click()
  await page.keyboard.type('echo hi\n')
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-test="terminal"] .xterm-rows > div')].some((r) => r.textContent.trim() === 'hi'),
    undefined,
    { timeout: 15000 },
  )
  // The terminal follows the window: a narrower window gives fewer columns.
  const cols = () => page.evaluate(() => document.querySelector('[data-test="terminal"] .xterm-rows > div')?.textContent.length ?? 0)
  await shot(page, '08-instance-terminal')
  await page.setViewportSize({ width: 900, height: 800 })
  await page.waitForTimeout(500)
  await page.keyboard.type('stty size\n')
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-test="terminal"] .xterm-rows > div')].some((r) => /^\d+ \d+$/.test(r.textContent.trim())),
    undefined,
    { timeout: 10000 },
  )
  const size = await page.evaluate(() =>
    [...document.querySelectorAll('[data-test="terminal"] .xterm-rows > div')].map((r) => r.textContent.trim()).filter((t) => /^\d+ \d+$/.test(t)).pop(),
  )
  const termCols = Number(size.split(' ')[1])
  if (!(termCols > 20 && termCols < 120)) throw new Error(`terminal did not follow the window: stty size ${size} (row length ${await cols()})`)
  await page.setViewportSize({ width: 1280, height: 800 })
  log(`terminal echoed hi; after a resize the shell sees ${size}`)

  // A line written to the container's stdout arrives in the followed logs.
  await page.keyboard.type(`echo followed-${tag} > /proc/1/fd/1\n`)
  await page.getByRole('tab', { name: '日志' }).click()
  await page.locator('[data-test="logs"]').getByText(`followed-${tag}`).waitFor()
  await shot(page, '08a-instance-logs')
  log('followed logs received a new line')

  // The server restarts under the open terminal: the pane says it is
  // reconnecting and comes back by itself to a new shell that answers.
  await page.getByRole('tab', { name: '终端' }).click()
  await page.locator('[data-test="terminal-state"]', { hasText: '已连接' }).waitFor()
  const outage = ctx.tolerateErrors(/WebSocket connection to .* failed|ERR_CONNECTION_REFUSED|Failed to load resource/)
  const restartAt = Date.now()
  const sawReconnecting = page.locator('[data-test="terminal-state"]', { hasText: '正在重连' }).waitFor({ timeout: 15000 })
  const stopped = ctx.stopServer()
  await sawReconnecting
  await stopped
  // While the server is down: the pane and the stats say so in Chinese.
  await page.waitForTimeout(1500)
  await noEnglish(page, 'the server down under an open terminal', { skip: ['[data-test="terminal"]'] })
  await ctx.startServer()
  await page.locator('[data-test="terminal-state"]', { hasText: '已连接' }).waitFor({ timeout: 30000 })
  const back = Date.now() - restartAt
  const failed = outage()
  const rows = () => page.evaluate(() => [...document.querySelectorAll('[data-test="terminal"] .xterm-rows > div')].map((r) => r.textContent.trim()))
  if (!(await rows()).some((r) => r.includes('已重新连接'))) throw new Error(`no reconnected line in the terminal:\n${(await rows()).join('\n')}`)
  await page.locator('[data-test="terminal"] .xterm').click()
  await page.keyboard.type('echo again-$((3+4))\n')
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-test="terminal"] .xterm-rows > div')].some((r) => r.textContent.trim() === 'again-7'),
    undefined,
    { timeout: 15000 },
  )
  await shot(page, '08b-terminal-reconnected')
  log(`server restarted under the terminal: reconnected by itself in ${(back / 1000).toFixed(1)} s (${failed} request(s) failed meanwhile); the new shell answers`)

  await page.getByRole('menuitem', { name: '实例管理' }).click()
  await page.locator('[data-test="instances-table"]').getByText(`term-${tag}`).waitFor()
  for (let i = 0; i < 100 && stats.size; i++) await page.waitForTimeout(100)
  for (const [event, f] of [['request', started], ['requestfinished', done], ['requestfailed', done]]) page.off(event, f)
  await ctx.api('DELETE', `/api/v1/instances/${inst.id}`)
}

export async function cleanup(ctx) {
  const removed = await ctx.docker.removeNamed(`term-${ctx.tag}-`)
  if (removed) ctx.log(`cleanup removed ${removed} leftover terminal instance container(s)`)
}
