// Port forwarding (端口转发): a TCP rule created from the page (the
// "获取服务器IP" button fills the source address; the run uses loopback) to an
// echo server in this process, traffic through it, the counters after the 5 s
// refresh, the switch turning it off (refused) and on, a UDP rule, and the
// batch delete with its confirmation.

import dgram from 'node:dgram'
import net from 'node:net'
import { confirmBox, expectText, fillNumber, inp, shot } from '../lib/page.mjs'
import { freePort } from '../lib/util.mjs'

function echoServer() {
  return new Promise((resolve) => {
    const server = net.createServer((s) => s.pipe(s))
    server.listen(0, '127.0.0.1', () => resolve(server))
  })
}

/** Sends `text` through 127.0.0.1:port and answers what came back (rejects when refused). */
function roundTrip(port, text) {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1')
    let back = ''
    c.setTimeout(5000, () => c.destroy(new Error('timed out')))
    c.on('connect', () => c.end(text))
    c.on('data', (d) => (back += d))
    c.on('end', () => resolve(back))
    c.on('error', reject)
  })
}

export default async function portForwards(ctx) {
  const { page, log } = ctx
  const echo = await echoServer()
  const udpTarget = dgram.createSocket('udp4')
  await new Promise((r) => udpTarget.bind(0, '127.0.0.1', r))
  try {
    const sourcePort = await freePort()
    await page.getByRole('menuitem', { name: '端口转发' }).click()
    await page.waitForURL(/\/admin\/port-forwards/)
    await page.locator('[data-test="new-port-forward"]').click()
    const dlg = page.locator('.el-dialog:visible')
    const ips = await ctx.api('GET', '/api/v1/port-forwards/server-ips')
    await dlg.locator('[data-test="pf-server-ip"]').click()
    if (ips.items.length > 0) {
      // The click starts a request: wait for its answer to land in the field.
      const field = dlg.locator(inp('pf-source-ip'))
      let filled = ''
      for (let i = 0; i < 50 && filled !== ips.items[0]; i++) {
        await page.waitForTimeout(100)
        filled = await field.inputValue()
      }
      if (filled !== ips.items[0]) throw new Error(`获取服务器IP filled ${filled}, server says ${ips.items}`)
    }
    // This machine's traffic stays on loopback.
    await dlg.locator(inp('pf-source-ip')).fill('127.0.0.1')
    await fillNumber(dlg, '源端口', sourcePort)
    await dlg.locator(inp('pf-target-ip')).fill('127.0.0.1')
    await fillNumber(dlg, '目标端口', echo.address().port)
    await dlg.locator(inp('pf-description')).fill('e2e echo')
    await dlg.locator('[data-test="pf-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    const row = page.locator('[data-test="pf-table"] .el-table__row', { hasText: `127.0.0.1:${sourcePort}` })
    await row.getByText('监听中').waitFor()
    await row.getByText('TCP').waitFor()
    log(`rule 127.0.0.1:${sourcePort} → echo :${echo.address().port} listening`)

    if ((await roundTrip(sourcePort, 'hello through the rule')) !== 'hello through the rule') throw new Error('echo through the rule')
    // The page refreshes every 5 s by itself.
    await row.locator('[data-test="pf-conns"]', { hasText: '0 / 1' }).waitFor({ timeout: 12000 })
    await row.locator('[data-test="pf-bytes"]', { hasText: '22 B / 22 B' }).waitFor()
    await shot(page, '20-port-forwards')

    // Off: refused at once; on again.
    await row.locator('[data-test="pf-switch"]').click()
    await row.getByText('已停止').waitFor()
    const refused = await roundTrip(sourcePort, 'x').then(
      () => false,
      () => true,
    )
    if (!refused) throw new Error('a disabled rule still forwarded')
    await row.locator('[data-test="pf-switch"]').click()
    await row.getByText('监听中').waitFor()
    if ((await roundTrip(sourcePort, 'again')) !== 'again') throw new Error('echo after enabling')
    log('switch off refused connections, on forwarded again')

    // A UDP rule through the API, shown with its protocol; then both go in one batch delete.
    const udpPort = await freePort()
    await ctx.api('POST', '/api/v1/port-forwards', {
      source_ip: '127.0.0.1', source_port: udpPort, protocol: 'udp',
      target_ip: '127.0.0.1', target_port: udpTarget.address().port,
    })
    await page.locator('[data-test="pf-filter-protocol"]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: 'UDP' }).click()
    const udpRow = page.locator('[data-test="pf-table"] .el-table__row', { hasText: `127.0.0.1:${udpPort}` })
    await udpRow.getByText('UDP').waitFor()
    if ((await page.locator('[data-test="pf-table"] .el-table__row').count()) !== 1) throw new Error('the UDP filter shows TCP rules')
    await page.locator('[data-test="pf-filter-protocol"]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '全部协议' }).click()
    await row.waitFor()
    await page.locator('[data-test="pf-table"] thead .el-checkbox').click()
    await page.locator('[data-test="pf-batch-delete"]').click()
    await expectText(page, '确定删除选中的 2 条规则？')
    await confirmBox(page)
    await expectText(page, '暂无数据')
    const left = await ctx.api('GET', '/api/v1/port-forwards')
    if (left.total !== 0) throw new Error(`rules left: ${JSON.stringify(left)}`)
    log('UDP rule, protocol filter, batch delete')
  } finally {
    echo.close()
    udpTarget.close()
  }
}
