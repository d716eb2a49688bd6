// Workspaces (the server runs with TIANQI_WORKSPACES_* pointing at the node the
// nodes scenario registers, a busybox image serving HTTP and TCP, and a random
// free host port block): the profile and the empty state, create for a user id
// from the page (the compat API sees it), live web and WebSocket probes in the
// detail, phone width, restart (Docker's StartedAt changes), destroy (the
// confirmation names the kept data dir; container gone, dir still there).

import fs from 'node:fs'
import path from 'node:path'
import { buildImage } from '../lib/docker.mjs'
import { confirmBox, expectText, inp, shot } from '../lib/page.mjs'
import { portFree } from '../lib/util.mjs'

const WS_IMAGE = 'tianqi-test/workspace:e2e'
const WS_USER = 7
// The compat routes on the main listener admit only their token.
const COMPAT_TOKEN = `e2e-compat-${Math.random().toString(36).slice(2)}`
const prefix = (ctx) => `e2e-ws-${ctx.tag}-u`

export async function setup(ctx) {
  // busybox serving HTTP on 8888 and TCP on 8765 (as in
  // crates/tianqi/tests/api/workspaces.rs), so both probes find something.
  buildImage(ctx.dockerHost, WS_IMAGE, `FROM ${ctx.busybox}\nCOPY www /www\nCMD ["sh", "-c", "httpd -p 8888 -h /www && exec nc -ll -p 8765 -e cat"]\n`, {
    'www/index.html': 'workspace ok\n',
  })
  // One user id, in a random block of host ports below the ephemeral range.
  let httpBase = 0
  for (let i = 0; i < 50 && !httpBase; i++) {
    const b = 10000 + Math.floor(Math.random() * 90) * 100
    if ((await portFree(b + WS_USER)) && (await portFree(b + 50 + WS_USER))) httpBase = b
  }
  if (!httpBase) throw new Error('no free port block for the workspace')
  const ws = { httpBase, wsBase: httpBase + 50, data: path.join(ctx.dataDir, 'ws-data') }
  ctx.state.workspaces = ws
  return {
    TIANQI_WORKSPACES_ENABLED: 'true',
    TIANQI_WORKSPACES_IMAGE: WS_IMAGE,
    TIANQI_WORKSPACES_NAME_TEMPLATE: `${prefix(ctx)}{user_id}`,
    TIANQI_WORKSPACES_MAX_USERS: '20',
    TIANQI_WORKSPACES_HTTP_PORT_BASE: String(ws.httpBase),
    TIANQI_WORKSPACES_WS_PORT_BASE: String(ws.wsBase),
    TIANQI_WORKSPACES_CONTAINER_HTTP_PORT: '8888',
    TIANQI_WORKSPACES_CONTAINER_WS_PORT: '8765',
    TIANQI_WORKSPACES_DATA_ROOT: ws.data,
    TIANQI_WORKSPACES_CPUS: '0.5',
    TIANQI_WORKSPACES_MEMORY: '64m',
    TIANQI_WORKSPACES_SHM_SIZE: '16m',
    TIANQI_WORKSPACES_NODE: ctx.names.node,
    TIANQI_WORKSPACES_COMPAT_TOKEN: COMPAT_TOKEN,
  }
}

export default async function workspaces(ctx) {
  const { page, base, log, names, docker } = ctx
  const { httpBase, wsBase, data } = ctx.state.workspaces
  const wsName = `${prefix(ctx)}${WS_USER}`

  // The profile, empty state, then create for a user id from the page.
  await page.getByRole('menuitem', { name: '工作空间' }).click()
  await page.waitForURL(/\/admin\/workspaces/)
  const profile = page.locator('[data-test="ws-profile"]')
  await profile.getByText(WS_IMAGE).waitFor()
  await profile.getByText(names.node).waitFor()
  await profile.getByText(`${httpBase} → :8888`).waitFor()
  await expectText(page, '还没有工作空间')
  await shot(page, '17-workspaces-empty')
  await page.locator('[data-test="ws-create"]').click()
  const dlg = page.locator('.el-dialog:visible')
  await dlg.locator(inp('ws-user-id')).fill(String(WS_USER))
  await dlg.locator(inp('ws-user-id')).blur()
  await dlg.locator('[data-test="ws-create-submit"]').click()
  await expectText(page, `用户 ${WS_USER} 的工作空间已创建`, 90000)
  await dlg.waitFor({ state: 'hidden' })
  const row = page.locator('[data-test="workspaces-table"] .el-table__row', { hasText: wsName })
  await row.getByText('运行中').waitFor()
  await row.getByText(String(httpBase + WS_USER)).waitFor()
  await row.getByText(String(wsBase + WS_USER)).waitFor()
  // The compat API sees the same workspace.
  const list = await (await fetch(`${base}/compat/matlab/list`, { headers: { Authorization: `Bearer ${COMPAT_TOKEN}` } })).json()
  if (!list.containers?.some((c) => c.container_id === wsName && c.status === 'running')) throw new Error(`compat /list: ${JSON.stringify(list)}`)
  await shot(page, '17b-workspaces')
  log(`workspace ${wsName} created from the page`)

  // Detail: live probes (the drawer refreshes every 5 s until both answer).
  await row.locator('[data-test="ws-detail"]').click()
  const pane = page.locator('[data-test="ws-detail-pane"]')
  await pane.locator('[data-test="ws-detail-status"]', { hasText: '运行中' }).waitFor()
  await pane.locator('[data-test="ws-web"]', { hasText: '正常' }).waitFor({ timeout: 30000 })
  await pane.locator('[data-test="ws-websocket"]', { hasText: '正常' }).waitFor({ timeout: 30000 })
  await pane.locator('[data-test="ws-mem"]', { hasText: '/ 64 MiB' }).waitFor()
  await pane.getByText(`user_${WS_USER}`).waitFor()
  await shot(page, '18-workspace-detail')
  await page.locator('.el-drawer__close-btn').click()
  await pane.waitFor({ state: 'hidden' })
  log('workspace detail: web and websocket services healthy, memory shown')

  // Phone width, while it exists.
  await ctx.phone(async (mobile, noOverflow) => {
    await mobile.goto(`${base}/admin/workspaces`)
    await mobile.locator('[data-test="workspaces-table"]').getByText(wsName).waitFor()
    await mobile.locator('[data-test="ws-profile"]').getByText(WS_IMAGE).waitFor()
    await noOverflow('workspaces')
    await shot(mobile, '22-phone-workspaces')
    await mobile.locator('[data-test="workspaces-table"] [data-test="ws-detail"]').first().click()
    await mobile.locator('[data-test="ws-web"]', { hasText: '正常' }).waitFor({ timeout: 30000 })
    await noOverflow('workspace detail')
    await shot(mobile, '22a-phone-workspace-detail')
  })
  log('phone width works for workspaces')

  // Restart (with confirmation): the same container starts again.
  const startedAt = async () => JSON.parse((await docker.request('GET', `/containers/${wsName}/json`)).body).State.StartedAt
  const before = await startedAt()
  await row.locator('[data-test="ws-restart"]').click()
  await page.locator('.el-message-box').getByText(wsName).waitFor()
  await confirmBox(page)
  await expectText(page, `用户 ${WS_USER} 的工作空间已重启`, 60000)
  const after = await startedAt()
  if (after === before) throw new Error(`restart did not restart the container (StartedAt ${before})`)
  await row.getByText('运行中').waitFor()
  log('workspace restarted')

  // Destroy: the confirmation says the data dir stays; container gone, dir kept.
  await row.locator('[data-test="ws-destroy"]').click()
  const box = page.locator('.el-message-box')
  await box.getByText('数据目录').waitFor()
  await box.getByText(`user_${WS_USER}`).waitFor()
  await box.getByText('保留').waitFor()
  await confirmBox(page)
  await row.waitFor({ state: 'detached', timeout: 30000 })
  await expectText(page, '还没有工作空间')
  const gone = await docker.request('GET', `/containers/${wsName}/json`)
  if (gone.status !== 404) throw new Error(`the workspace container is still there after destroy (${gone.status})`)
  if (!fs.existsSync(path.join(data, `user_${WS_USER}`))) throw new Error('destroy removed the data dir')
  await shot(page, '17a-workspaces-destroyed')
  log('workspace destroyed; data dir kept')
}

export async function cleanup(ctx) {
  const removed = await ctx.docker.removeNamed(prefix(ctx))
  if (removed) ctx.log(`cleanup removed ${removed} leftover workspace container(s)`)
}
