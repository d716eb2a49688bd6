// End-to-end test of the web console: the real `tianqi` binary (debug build,
// with this console embedded), the real private dockerd of scripts/testenv.sh,
// and Debian's Chromium driven by playwright-core (no browser download).
//
//   TQ_TEST_DOCKER_HOST=unix:///…/docker.sock TQ_TEST_BUSYBOX_IMAGE=… node e2e/run.mjs
//
// Scenario: sign in with the generated admin password and choose a new one;
// register the test dockerd as a node; add an image and a spec; create an
// instance, see it running with stats; type `echo hi` in the terminal and read
// `hi`; stop and delete it; workspaces: create one for a user id from the page
// (a busybox image serving HTTP and TCP), see it running with healthy probes,
// restart and destroy it (data dir kept); the sandbox: python with stdin, C with
// its compile stage and args, a timeout (TO), a Piston error message in a toast,
// the warm pool; switch languages; check phone-width pages; no browser console
// errors. Screenshots go to <repo>/target/e2e/.
//
// The server is stopped and every container this run created is removed at the
// end, also when a step fails.

import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const ROOT = path.resolve(WEB, '..')
const SHOTS = path.join(ROOT, 'target', 'e2e')
const CHROMIUM = process.env.TQ_CHROMIUM ?? '/usr/bin/chromium'
const started = Date.now()

function fail(msg) {
  console.error(`e2e: FAILED: ${msg}`)
  process.exitCode = 1
}

const log = (m) => console.log(`e2e: [${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`)

// --- Preconditions: never skip silently. -----------------------------------
const dockerHost = process.env.TQ_TEST_DOCKER_HOST
const busybox = process.env.TQ_TEST_BUSYBOX_IMAGE
if (!dockerHost || !busybox) {
  fail(
    'TQ_TEST_DOCKER_HOST and TQ_TEST_BUSYBOX_IMAGE must be set (run through scripts/test.sh, ' +
      'or `source target/testenv/env` after scripts/testenv.sh up). Use `npm run test:unit` for the unit tests alone.',
  )
  process.exit(1)
}
if (!dockerHost.startsWith('unix://')) {
  fail(`TQ_TEST_DOCKER_HOST must be a unix:// socket, got ${dockerHost}`)
  process.exit(1)
}
if (!fs.existsSync(CHROMIUM)) {
  fail(`Chromium not found at ${CHROMIUM} (Debian: apt-get install chromium; scripts/testenv.sh installs it)`)
  process.exit(1)
}
const dockerSocket = dockerHost.slice('unix://'.length)

// --- Build: the console, then the binary that embeds it. --------------------
function run(cmd, args, cwd) {
  log(`${cmd} ${args.join(' ')}`)
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`)
}

// --- Docker API (for cleanup only), over the test socket. ------------------
function docker(method, p) {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: dockerSocket, path: p, method }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Removes the containers carrying a label (the sandbox's, by install id). */
async function removeLabelled(label) {
  const filters = encodeURIComponent(JSON.stringify({ label: [label] }))
  const r = await docker('GET', `/containers/json?all=true&filters=${filters}`)
  const list = r.status === 200 ? JSON.parse(r.body) : []
  for (const c of list) await docker('DELETE', `/containers/${c.Id}?force=true`)
  return list.length
}

/** True when nothing listens on the port (on any address). */
function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer()
    srv.once('error', () => resolve(false))
    srv.listen(port, '0.0.0.0', () => srv.close(() => resolve(true)))
  })
}

async function removeContainers(prefix) {
  const filters = encodeURIComponent(JSON.stringify({ name: [`^/${prefix}`] }))
  const r = await docker('GET', `/containers/json?all=true&filters=${filters}`)
  const list = r.status === 200 ? JSON.parse(r.body) : []
  for (const c of list) {
    const volumes = (c.Mounts ?? []).filter((m) => m.Type === 'volume').map((m) => m.Name)
    await docker('DELETE', `/containers/${c.Id}?force=true`)
    for (const v of volumes) await docker('DELETE', `/volumes/${encodeURIComponent(v)}?force=true`)
  }
  return list.length
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

async function waitReady(base, server) {
  for (let i = 0; i < 150; i++) {
    if (server.exitCode !== null) throw new Error(`tianqi exited with ${server.exitCode}`)
    try {
      const res = await fetch(`${base}/readyz`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error('tianqi did not become ready in 30 s')
}

// --- The scenario. ----------------------------------------------------------
const tag = randomBytes(3).toString('hex')
const instanceName = `e2e-${tag}`
const newPassword = `e2e-${randomBytes(12).toString('hex')}`
const consoleErrors = []
// Workspaces: one user id, in a random block of host ports below the ephemeral range.
const WS_IMAGE = 'tianqi-test/workspace:e2e'
const WS_USER = 7
const wsPrefix = `e2e-ws-${tag}-u`
const wsName = `${wsPrefix}${WS_USER}`
let wsHttpBase = 0
let wsWsBase = 0
let wsData = ''
let sandboxInstall = ''
let server
let browser
let dataDir

// Console errors a step provokes on purpose (Chromium logs every failed request,
// e.g. the 401 of a wrong password); each entry excuses one matching error.
const expectedErrors = []

// Chromium aborts requests in flight when the host's network interfaces change
// (net::ERR_NETWORK_CHANGED): Docker adds and removes a veth pair for every
// bridged container, and the private dockerd is shared with other test runs.
// Those are counted and logged, not the console's fault; a load they break still
// fails the step waiting for it.
let networkChanged = 0

function watch(page, label) {
  page.on('console', (m) => {
    if (m.type() !== 'error') return
    if (m.text().includes('net::ERR_NETWORK_CHANGED')) {
      networkChanged++
      return
    }
    const i = expectedErrors.findIndex((re) => re.test(m.text()))
    if (i >= 0) expectedErrors.splice(i, 1)
    else consoleErrors.push(`[${label}] console.error: ${m.text()}`)
  })
  page.on('pageerror', (e) => consoleErrors.push(`[${label}] page error: ${e.message}`))
}

// Element Plus puts extra attributes of an input component on the <input> itself.
const inp = (id) => `input[data-test="${id}"], textarea[data-test="${id}"], [data-test="${id}"] input`

async function shot(page, name) {
  await page.waitForTimeout(300)
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
}

async function expectText(page, text, timeout = 15000) {
  await page.getByText(text, { exact: false }).first().waitFor({ state: 'visible', timeout })
}

async function selectOption(page, selectTestId, optionText) {
  await page.locator(`[data-test="${selectTestId}"]`).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first().click()
}

async function confirmBox(page) {
  const box = page.locator('.el-message-box')
  await box.waitFor({ state: 'visible' })
  await box.locator('.el-button--danger, .el-button--primary').last().click()
  await box.waitFor({ state: 'hidden' })
}

async function fillNumber(page, scope, label, value) {
  const input = scope.locator('.el-form-item', { hasText: label }).locator('input').first()
  await input.fill(String(value))
  await input.blur()
}

async function scenario(base, initialPassword) {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base })
  const page = await context.newPage()
  watch(page, 'desktop')
  page.setDefaultTimeout(20000)

  // Sign in; the generated password must be replaced first. Count what the
  // sign-in page costs to load (compressed bytes on the wire).
  const loaded = []
  const onResponse = (r) => loaded.push(r)
  page.on('response', onResponse)
  await page.goto(`${base}/instances`)
  await page.waitForURL(/\/login/)
  await expectText(page, '算力平台控制台')
  await page.waitForLoadState('networkidle')
  page.off('response', onResponse)
  let wire = 0
  for (const r of loaded) wire += (await r.request().sizes()).responseBodySize
  const gz = loaded.filter((r) => r.url().includes('/assets/') && r.headers()['content-encoding'] === 'gzip').length
  log(`sign-in page: ${loaded.length} responses, ${(wire / 1024).toFixed(0)} KiB on the wire, ${gz} gzip'd assets`)
  if (gz === 0) throw new Error('console assets are not compressed')
  await shot(page, '01-login')
  await page.locator(inp('login-username')).fill('admin')
  await page.locator(inp('login-password')).fill(initialPassword)
  await page.locator('[data-test="login-submit"]').click()
  await page.waitForURL(/\/change-password/)
  await expectText(page, '请设置新密码')
  await shot(page, '02-force-password')
  await page.locator(inp('pw-current')).fill(initialPassword)
  await page.locator(inp('pw-new')).fill(newPassword)
  await page.locator(inp('pw-confirm')).fill(newPassword)
  await page.locator('[data-test="pw-submit"]').click()
  await page.waitForURL((u) => u.pathname === '/')
  await expectText(page, '计算节点')
  log('signed in and changed the generated password')

  // Register the test dockerd as a node.
  await page.getByRole('menuitem', { name: '节点管理' }).click()
  await page.waitForURL(/\/nodes/)
  await page.locator('[data-test="new-node"]').click()
  const nodeDialog = page.locator('.el-dialog:visible')
  await nodeDialog.locator(inp('node-name')).fill(`node-${tag}`)
  await nodeDialog.locator(inp('node-public-ip')).fill('127.0.0.1')
  await nodeDialog.locator(inp('node-private-ip')).fill('127.0.0.1')
  await nodeDialog.locator(inp('node-docker-address')).fill(dockerHost)
  await fillNumber(page, nodeDialog, '系统盘 (GB)', 100)
  await nodeDialog.locator(inp('node-ssh-password')).fill('ssh-secret-e2e')
  await nodeDialog.locator('[data-test="node-save"]').click()
  const nodeRow = page.locator('[data-test="nodes-table"] .el-table__row', { hasText: `node-${tag}` })
  await nodeRow.waitFor()
  await nodeRow.getByText('已连接').waitFor()
  // The secret is write-only: editing shows it as set, with a "replace" action.
  await nodeRow.getByRole('button', { name: '编辑' }).click()
  const editDialog = page.locator('.el-dialog:visible')
  await editDialog.locator('[data-test="node-ssh-password-set"]').getByText('已设置').waitFor()
  if (await editDialog.locator(inp('node-ssh-password')).count()) throw new Error('the stored SSH password is offered for editing')
  await editDialog.locator('[data-test="node-ssh-password-set"]').getByRole('button', { name: '替换' }).click()
  if ((await editDialog.locator(inp('node-ssh-password')).inputValue()) !== '') throw new Error('replacing the secret starts with its old value')
  await editDialog.locator('[data-test="node-use-tls"]').click()
  await editDialog.getByText('CA 证书 (PEM)').waitFor()
  await editDialog.getByText('客户端私钥 (PEM)').waitFor()
  await shot(page, '03a-node-edit')
  await editDialog.locator('.el-dialog__footer').getByRole('button', { name: '取消' }).click()
  await editDialog.waitFor({ state: 'hidden' })
  // A real edit keeps the secret (not sent) and the connection.
  await nodeRow.getByRole('button', { name: '编辑' }).click()
  await editDialog.locator('.el-form-item', { hasText: '区域' }).locator('input').fill('lab-a')
  await editDialog.locator('[data-test="node-save"]').click()
  await editDialog.waitFor({ state: 'hidden' })
  await nodeRow.getByText('lab-a').waitFor()
  await nodeRow.getByText('已连接').waitFor()
  await nodeRow.getByRole('button', { name: '编辑' }).click()
  await editDialog.locator('[data-test="node-ssh-password-set"]').waitFor()
  await editDialog.locator('.el-dialog__footer').getByRole('button', { name: '取消' }).click()
  await editDialog.waitFor({ state: 'hidden' })
  await nodeRow.locator('[data-test="node-test"]').click()
  await expectText(page, '连接正常')
  await shot(page, '03-nodes')
  log('node registered and connected')

  // An image and a spec.
  await page.getByRole('menuitem', { name: '镜像库管理' }).click()
  await page.locator('[data-test="new-image"]').click()
  const imgDialog = page.locator('.el-dialog:visible')
  await imgDialog.locator(inp('image-name')).fill(`busybox-${tag}`)
  await imgDialog.locator(inp('image-address')).fill(busybox)
  await imgDialog.locator(inp('image-keepalive')).fill(`["sh", "-c", "echo hello-${tag}; exec sleep 3600"]`)
  await imgDialog.locator('[data-test="image-save"]').click()
  await page.locator('[data-test="images-table"] .el-table__row', { hasText: `busybox-${tag}` }).waitFor()
  await shot(page, '04-images')

  await page.getByRole('menuitem', { name: '规格管理' }).click()
  await page.locator('[data-test="new-spec"]').click()
  const specDialog = page.locator('.el-dialog:visible')
  await specDialog.locator(inp('spec-name')).fill(`small-${tag}`)
  await fillNumber(page, specDialog, '内存 (GB)', 0.5)
  await fillNumber(page, specDialog, '系统盘 (GB)', 5)
  await specDialog.locator(inp('spec-price')).fill('1.5')
  await specDialog.locator('[data-test="spec-save"]').click()
  const specRow = page.locator('[data-test="specs-table"] .el-table__row', { hasText: `small-${tag}` })
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
  log('image and spec created')

  // A second node on the same engine that declares two 24 GB cards, and a GPU
  // spec: the create dialog lists it with each card's free VRAM (no GPU instance
  // is created: this machine has no NVIDIA runtime).
  await page.getByRole('menuitem', { name: '节点管理' }).click()
  await page.locator('[data-test="new-node"]').click()
  const gpuDialog = page.locator('.el-dialog:visible')
  await gpuDialog.locator(inp('node-name')).fill(`gpu-${tag}`)
  await gpuDialog.locator(inp('node-public-ip')).fill('127.0.0.2')
  await gpuDialog.locator(inp('node-private-ip')).fill('127.0.0.2')
  await gpuDialog.locator(inp('node-docker-address')).fill(dockerHost)
  await gpuDialog.locator('.el-form-item', { hasText: 'GPU 型号' }).locator('input').fill('RTX 4090')
  await fillNumber(page, gpuDialog, 'GPU 数量', 2)
  await fillNumber(page, gpuDialog, '单卡显存 (GB)', 24)
  await fillNumber(page, gpuDialog, '系统盘 (GB)', 100)
  await gpuDialog.locator('[data-test="node-save"]').click()
  await page.locator('[data-test="nodes-table"] .el-table__row', { hasText: `gpu-${tag}` }).getByText('已连接').waitFor()
  await page.getByRole('menuitem', { name: '规格管理' }).click()
  await page.locator('[data-test="new-spec"]').click()
  const gpuSpec = page.locator('.el-dialog:visible')
  await gpuSpec.locator(inp('spec-name')).fill(`gpu1-${tag}`)
  await gpuSpec.locator('.el-form-item', { hasText: 'GPU 型号' }).locator('input').fill('RTX 4090')
  await fillNumber(page, gpuSpec, 'GPU 数量', 1)
  await fillNumber(page, gpuSpec, '单卡显存 (GB)', 24)
  await gpuSpec.locator(inp('spec-price')).fill('12.5')
  await gpuSpec.locator('[data-test="spec-save"]').click()
  await page.locator('[data-test="specs-table"] .el-table__row', { hasText: `gpu1-${tag}` }).getByText('RTX 4090 ×1').waitFor()
  await page.getByRole('menuitem', { name: '实例管理' }).click()
  await page.locator('[data-test="new-instance"]').click()
  const probe = page.locator('.el-dialog:visible')
  await selectOption(page, 'instance-image', `busybox-${tag}`)
  await selectOption(page, 'instance-spec', `gpu1-${tag}`)
  const gpuCandidate = probe.locator('[data-test="instance-nodes"] .el-radio', { hasText: `gpu-${tag}` })
  await gpuCandidate.getByText('#0 24/24 GB').waitFor()
  await gpuCandidate.getByText('#1 24/24 GB').waitFor()
  if (await probe.locator('[data-test="instance-nodes"]').getByText(`node-${tag}`).count()) throw new Error('a node without GPUs is offered for a GPU spec')
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
  await selectOption(page, 'instance-image', `busybox-${tag}`)
  await selectOption(page, 'instance-spec', `small-${tag}`)
  await dlg.locator('[data-test="instance-nodes"]').getByText(`node-${tag}`).waitFor()
  await shot(page, '06-create-instance')
  await dlg.locator('[data-test="instance-submit"]').click()
  await page.waitForURL(/\/instances\/\d+$/, { timeout: 120000 })
  await page.locator('[data-test="instance-status"]', { hasText: '运行中' }).waitFor({ timeout: 60000 })
  await page.locator('[data-test="stats"]').waitFor({ timeout: 20000 })
  await page.locator('[data-test="stat-mem"]').waitFor()
  const ssh = await page.locator('[data-test="ssh-command"]').innerText()
  if (ssh !== 'ssh -p 2026 admin@127.0.0.1') throw new Error(`unexpected SSH command: ${ssh}`)
  await shot(page, '07-instance-stats')
  log('instance running with stats')

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

  const detailUrl = page.url()
  // Phone width.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
  const saved = await page.evaluate(() => localStorage.getItem('tianqi.session'))
  await phone.addInitScript((s) => localStorage.setItem('tianqi.session', s), saved)
  const mobile = await phone.newPage()
  watch(mobile, 'phone')
  const noOverflow = async (what) => {
    const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    if (overflow > 0) throw new Error(`the ${what} page is ${overflow}px wider than a 390px screen`)
  }
  await mobile.goto(detailUrl)
  await mobile.locator('[data-test="instance-status"]', { hasText: '运行中' }).waitFor()
  await mobile.locator('[data-test="stats"]').waitFor()
  await noOverflow('instance')
  await shot(mobile, '15-phone-instance')
  await mobile.goto(`${base}/instances`)
  await mobile.locator('[data-test="instances-table"]').getByText(instanceName).waitFor()
  await mobile.locator('[data-test="menu-toggle"]').waitFor()
  await noOverflow('instances')
  await shot(mobile, '15a-phone-instances')
  await mobile.locator('[data-test="menu-toggle"]').click()
  await mobile.getByRole('menuitem', { name: '规格管理' }).click()
  await mobile.waitForURL(/\/specs/)
  await mobile.locator('[data-test="specs-table"]').getByText(`small-${tag}`).waitFor()
  await noOverflow('specs')
  await shot(mobile, '16-phone-specs')
  await phone.close()
  log('phone width works')

  // Stop (with confirmation), then delete.
  await page.locator('[data-test="action-stop"]').click()
  await confirmBox(page)
  await page.locator('[data-test="instance-status"]', { hasText: '已停止' }).waitFor({ timeout: 30000 })
  log('instance stopped')

  // Other pages, while the instance exists.
  for (const [menu, file] of [['概览', '09-dashboard'], ['实例管理', '10-instances']]) {
    await page.getByRole('menuitem', { name: menu }).click()
    await page.waitForLoadState('networkidle')
    await shot(page, file)
  }
  await page.getByRole('menuitem', { name: '概览' }).click()
  await page.locator('.gpu-node', { hasText: `gpu-${tag}` }).getByText('剩余显存: 24 / 24 GB').first().waitFor()
  await page.locator('[data-test="dash-nodes"]').getByText('2', { exact: true }).waitFor()
  await page.getByRole('menuitem', { name: '实例管理' }).click()
  await page.locator('[data-test="instances-table"] .el-table__row', { hasText: instanceName }).getByText('已停止').waitFor()
  await page.locator('[data-test="instances-table"]').getByText(instanceName).click()
  await page.locator('[data-test="action-delete"]').click()
  await confirmBox(page)
  await page.waitForURL((u) => u.pathname === '/instances')
  await page.locator('[data-test="instances-table"]').getByText(instanceName).waitFor({ state: 'detached', timeout: 30000 })
  log('instance deleted')
  const left = await docker('GET', `/containers/json?all=true&filters=${encodeURIComponent(JSON.stringify({ name: [`^/${instanceName}-`] }))}`)
  if (JSON.parse(left.body).length !== 0) throw new Error('the container is still there after the delete')

  for (const [menu, file] of [['用户管理', '11-users'], ['审计日志', '12-audit'], ['孤儿容器', '13-orphans']]) {
    await page.getByRole('menuitem', { name: menu }).click()
    await page.waitForLoadState('networkidle')
    await shot(page, file)
  }
  await expectText(page, '没有孤儿容器')

  // My API tokens: the secret is shown once; revoke with confirmation.
  await page.locator('[data-test="user-menu"]').click()
  await page.getByRole('menuitem', { name: 'API 令牌' }).click()
  await page.waitForURL(/\/account\/tokens/)
  await page.getByRole('button', { name: '创建令牌' }).click()
  const tokDialog = page.locator('.el-dialog:visible')
  await tokDialog.locator(inp('token-name')).fill(`ci-${tag}`)
  await tokDialog.getByRole('button', { name: '创建' }).click()
  const secret = await tokDialog.locator(inp('token-secret')).inputValue()
  if (!secret.startsWith('tqa_')) throw new Error(`unexpected token secret: ${secret}`)
  const viaToken = await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } })
  if (viaToken.status !== 200) throw new Error(`the new API token does not work: ${viaToken.status}`)
  await tokDialog.locator('.el-dialog__footer').getByRole('button', { name: '关闭' }).click()
  const tokRow = page.locator('.el-table__row', { hasText: `ci-${tag}` })
  await tokRow.waitFor()
  await shot(page, '13a-tokens')
  await tokRow.getByRole('button', { name: '撤销' }).click()
  await confirmBox(page)
  await tokRow.waitFor({ state: 'detached' })
  const revoked = await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } })
  if (revoked.status !== 401) throw new Error(`a revoked token still works: ${revoked.status}`)
  log('API token created, shown once, works, revoked')

  await page.locator('[data-test="user-menu"]').click()
  await page.getByRole('menuitem', { name: '修改密码' }).click()
  await page.waitForURL(/\/account\/password/)
  await expectText(page, '确认新密码')
  await page.goto(`${base}/no-such-page`)
  await expectText(page, '页面不存在')

  // A normal user: created by the admin, sees no admin menu and cannot open admin pages.
  const userName = `u${tag}`
  const userPassword = `pw-${randomBytes(8).toString('hex')}`
  await page.getByRole('menuitem', { name: '用户管理' }).click()
  await page.getByRole('button', { name: '添加用户' }).click()
  const userDialog = page.locator('.el-dialog:visible')
  await userDialog.locator('.el-form-item', { hasText: '用户名' }).locator('input').fill(userName)
  await userDialog.locator('.el-form-item', { hasText: '密码' }).locator('input').fill(userPassword)
  await userDialog.getByRole('button', { name: '保存' }).click()
  await page.locator('.el-table__row', { hasText: userName }).getByText('普通用户').waitFor()
  const userCtx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  const userPage = await userCtx.newPage()
  watch(userPage, 'user')
  await userPage.goto(`${base}/login`)
  await userPage.locator(inp('login-username')).fill(userName)
  await userPage.locator(inp('login-password')).fill('wrong-password')
  expectedErrors.push(/status of 401/)
  await userPage.locator('[data-test="login-submit"]').click()
  await userPage.locator('[data-test="login-error"]').waitFor()
  await userPage.waitForTimeout(200)
  if (expectedErrors.length) throw new Error('the failed sign-in was not a 401')
  await userPage.locator(inp('login-password')).fill(userPassword)
  await userPage.locator('[data-test="login-submit"]').click()
  await userPage.waitForURL((u) => u.pathname === '/')
  await userPage.getByRole('menuitem', { name: '实例管理' }).waitFor()
  if (await userPage.getByRole('menuitem', { name: '节点管理' }).count()) throw new Error('a normal user sees the admin menu')
  await userPage.goto(`${base}/nodes`)
  await userPage.waitForURL((u) => u.pathname === '/')
  await userPage.getByRole('menuitem', { name: '镜像库管理' }).click()
  await userPage.locator('[data-test="images-table"]').getByText(`busybox-${tag}`).waitFor()
  if (await userPage.locator('[data-test="new-image"]').count()) throw new Error('a normal user may add images')
  await shot(userPage, '13b-user-images')
  // The sandbox is for everyone; workspaces and the pool status are not.
  await userPage.getByRole('menuitem', { name: '代码沙箱' }).click()
  await userPage.waitForURL(/\/sandbox/)
  await userPage.locator('[data-test="sandbox-run"]').waitFor()
  if (await userPage.locator('[data-test="sandbox-pool"]').count()) throw new Error('a normal user sees the sandbox pool')
  if (await userPage.getByRole('menuitem', { name: '工作空间' }).count()) throw new Error('a normal user sees the workspaces menu')
  await userPage.goto(`${base}/admin/workspaces`)
  await userPage.waitForURL((u) => u.pathname === '/')
  await userCtx.close()
  log('a normal user gets the user menu only (with the sandbox)')

  await workspaces(page, base)
  await sandbox(page, base)
  await page.getByRole('menuitem', { name: '用户管理' }).click()

  // Languages: English, remembered across a reload, then back to Chinese.
  await page.locator('[data-test="lang-switch"]').click()
  await page.getByRole('menuitem', { name: 'Instances' }).waitFor()
  await expectText(page, 'Add user')
  await page.reload()
  await page.getByRole('menuitem', { name: 'Orphan containers' }).waitFor()
  await page.getByRole('menuitem', { name: 'Dashboard' }).click()
  await expectText(page, 'Compute nodes')
  await shot(page, '14-dashboard-en')
  await page.getByRole('menuitem', { name: 'Workspaces' }).click()
  await page.locator('[data-test="ws-profile"]').getByText('Workspace profile').waitFor()
  await expectText(page, 'No workspaces yet')
  await page.getByRole('menuitem', { name: 'Sandbox' }).click()
  await expectText(page, 'Standard input')
  await page.locator('[data-test="sandbox-code"]').fill('import sys\nsys.exit(3)\n')
  await page.locator('[data-test="sandbox-run"]').click()
  await page.locator('[data-test="stage-run"] [data-test="stage-status"]', { hasText: 'Runtime error (non-zero exit)' }).waitFor({ timeout: 60000 })
  await page.locator('[data-test="stage-run"]').getByText('Exit code').waitFor()
  await page.locator('[data-test="sandbox-pool"]').getByText('Cold starts').waitFor()
  await shot(page, '21-sandbox-en')
  await page.getByRole('menuitem', { name: 'Dashboard' }).click()
  await page.locator('[data-test="lang-switch"]').click()
  await page.getByRole('menuitem', { name: '实例管理' }).waitFor()
  await expectText(page, '计算节点')
  log('language switch works and is remembered')


  // Sign out.
  await page.locator('[data-test="user-menu"]').click()
  await page.locator('[data-test="logout"]').click()
  await page.waitForURL(/\/login/)
}

async function workspaces(page, base) {
  // The profile, empty state, then create for a user id from the page.
  await page.getByRole('menuitem', { name: '工作空间' }).click()
  await page.waitForURL(/\/admin\/workspaces/)
  const profile = page.locator('[data-test="ws-profile"]')
  await profile.getByText(WS_IMAGE).waitFor()
  await profile.getByText(`node-${tag}`).waitFor()
  await profile.getByText(`${wsHttpBase} → :8888`).waitFor()
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
  await row.getByText(String(wsHttpBase + WS_USER)).waitFor()
  await row.getByText(String(wsWsBase + WS_USER)).waitFor()
  // The compat API sees the same workspace.
  const list = await (await fetch(`${base}/compat/matlab/list`)).json()
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

  // Phone width, while it exists; the sandbox page too.
  const phone = await page.context().browser().newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
  const saved = await page.evaluate(() => localStorage.getItem('tianqi.session'))
  await phone.addInitScript((s) => localStorage.setItem('tianqi.session', s), saved)
  const mobile = await phone.newPage()
  watch(mobile, 'phone')
  const noOverflow = async (what) => {
    const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    if (overflow > 0) throw new Error(`the ${what} page is ${overflow}px wider than a 390px screen`)
  }
  await mobile.goto(`${base}/admin/workspaces`)
  await mobile.locator('[data-test="workspaces-table"]').getByText(wsName).waitFor()
  await mobile.locator('[data-test="ws-profile"]').getByText(WS_IMAGE).waitFor()
  await noOverflow('workspaces')
  await shot(mobile, '22-phone-workspaces')
  await mobile.locator('[data-test="workspaces-table"] [data-test="ws-detail"]').first().click()
  await mobile.locator('[data-test="ws-web"]', { hasText: '正常' }).waitFor({ timeout: 30000 })
  await noOverflow('workspace detail')
  await shot(mobile, '22a-phone-workspace-detail')
  await mobile.goto(`${base}/sandbox`)
  await mobile.locator('[data-test="sandbox-runtime"]').getByText('python 3.11.2').waitFor()
  await mobile.locator('[data-test="sandbox-pool"]').waitFor()
  await noOverflow('sandbox')
  await shot(mobile, '23-phone-sandbox')
  await phone.close()
  log('phone width works for workspaces and the sandbox')

  // Restart (with confirmation): the same container starts again.
  const startedAt = async () => JSON.parse((await docker('GET', `/containers/${wsName}/json`)).body).State.StartedAt
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
  const gone = await docker('GET', `/containers/${wsName}/json`)
  if (gone.status !== 404) throw new Error(`the workspace container is still there after destroy (${gone.status})`)
  if (!fs.existsSync(path.join(wsData, `user_${WS_USER}`))) throw new Error('destroy removed the data dir')
  await shot(page, '17a-workspaces-destroyed')
  log('workspace destroyed; data dir kept')
}

async function sandbox(page, base) {
  const token = JSON.parse(await page.evaluate(() => localStorage.getItem('tianqi.session'))).token
  const st = await (await fetch(`${base}/api/v1/sandbox/status`, { headers: { Authorization: `Bearer ${token}` } })).json()
  if (!st.enabled) throw new Error(`the sandbox is off: ${st.reason}`)
  sandboxInstall = st.pools.install_id

  await page.getByRole('menuitem', { name: '代码沙箱' }).click()
  await page.waitForURL(/\/sandbox/)
  await page.locator('[data-test="sandbox-runtime"]').getByText('python 3.11.2').waitFor()
  const code = page.locator('[data-test="sandbox-code"]')
  const runStage = page.locator('[data-test="stage-run"]')
  const run = () => page.locator('[data-test="sandbox-run"]').click()

  // Python with stdin.
  const text = `hello-${tag}`
  await code.fill('print(input()[::-1])\n')
  await page.locator(inp('sandbox-stdin')).fill(text)
  await run()
  await runStage.locator('[data-test="stage-stdout"]', { hasText: [...text].reverse().join('') }).waitFor({ timeout: 90000 })
  await runStage.locator('[data-test="stage-status"]', { hasText: '成功' }).waitFor()
  await runStage.locator('[data-test="stage-code"]', { hasText: '0' }).waitFor()
  if (await page.locator('[data-test="stage-compile"]').count()) throw new Error('python shows a compile stage')
  await shot(page, '19-sandbox-python')
  log('sandbox: python reversed its stdin')

  // C: a compile stage, args, a non-zero exit (RE).
  await selectOption(page, 'sandbox-runtime', 'c 12.2.0')
  await code.fill('#include <stdio.h>\nint main(int argc, char **argv) {\n  printf("argc=%d %s|%s\\n", argc, argv[1], argv[2]);\n  return 3;\n}\n')
  await page.locator(inp('sandbox-stdin')).fill('')
  await page.locator(inp('sandbox-args')).fill('first arg\nsecond')
  await run()
  const compile = page.locator('[data-test="stage-compile"]')
  await compile.locator('[data-test="stage-status"]', { hasText: '成功' }).waitFor({ timeout: 90000 })
  await runStage.locator('[data-test="stage-stdout"]', { hasText: 'argc=3 first arg|second' }).waitFor()
  await runStage.locator('[data-test="stage-status"]', { hasText: 'RE' }).getByText('运行错误（非零退出）').waitFor()
  await runStage.locator('[data-test="stage-code"]', { hasText: '3' }).waitFor()
  await compile.getByText('编译阶段').waitFor()
  await shot(page, '19a-sandbox-c')
  log('sandbox: C compiled (compile stage shown), ran with args, exit 3 = RE')

  // A run_timeout above the configured maximum: Piston's {"message"} in a toast.
  await page.locator(inp('sandbox-args')).fill('')
  await selectOption(page, 'sandbox-runtime', 'python 3.11.2')
  await code.fill('while True: pass\n')
  const timeout = page.locator(inp('sandbox-timeout'))
  await timeout.fill('99999')
  await timeout.blur()
  expectedErrors.push(/status of 400/)
  await run()
  await page.locator('.el-message--error', { hasText: 'run_timeout cannot exceed the configured limit of 15000' }).waitFor()
  if (expectedErrors.length) throw new Error('the refused run was not a 400')
  log('sandbox: a Piston error message shows in a toast')

  // An endless loop with run_timeout 1000: TO, killed.
  await timeout.fill('1000')
  await timeout.blur()
  await run()
  await runStage.locator('[data-test="stage-status"]', { hasText: 'TO' }).getByText('超时').waitFor({ timeout: 60000 })
  await runStage.getByText('SIGKILL').waitFor()
  const wall = await runStage.locator('.el-descriptions__label:has-text("墙钟时间") + .el-descriptions__content').innerText()
  if (!(parseInt(wall, 10) >= 1000)) throw new Error(`a run_timeout 1000 run took ${wall}`)
  await shot(page, '20-sandbox-timeout')
  log(`sandbox: while True with run_timeout 1000 → TO after ${wall}`)

  // The pool (admin): ready, one row per runtime used.
  const pool = page.locator('[data-test="sandbox-pool"]')
  await pool.getByRole('button', { name: '刷新' }).click()
  await pool.locator('[data-test="pool-ready"]', { hasText: '就绪' }).waitFor()
  const rows = await pool.locator('[data-test="pool-table"] .el-table__row').count()
  if (rows < 2) throw new Error(`the pool table lists ${rows} runtime(s), expected python and c`)
  log(`sandbox pool: ${rows} runtimes`)
}

let failed = false
try {
  // E2E_NO_BUILD=1 reuses the last builds (handy while editing this file only).
  if (process.env.E2E_NO_BUILD !== '1') {
    run('npm', ['run', 'build'], WEB)
    run('cargo', ['build', '-p', 'tianqi'], ROOT)
  }
  // The workspace image: busybox serving HTTP on 8888 and TCP on 8765 (as in
  // crates/server/tests/api/workspaces.rs), so both probes find something.
  const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'tianqi-e2e-ws-'))
  fs.mkdirSync(path.join(ctx, 'www'))
  fs.writeFileSync(path.join(ctx, 'www', 'index.html'), 'workspace ok\n')
  fs.writeFileSync(
    path.join(ctx, 'Dockerfile'),
    `FROM ${busybox}\nCOPY www /www\nCMD ["sh", "-c", "httpd -p 8888 -h /www && exec nc -ll -p 8765 -e cat"]\n`,
  )
  run('docker', ['-H', dockerHost, 'build', '-q', '-t', WS_IMAGE, ctx], ROOT)
  fs.rmSync(ctx, { recursive: true, force: true })
  for (let i = 0; i < 50 && !wsHttpBase; i++) {
    const b = 10000 + Math.floor(Math.random() * 90) * 100
    if ((await portFree(b + WS_USER)) && (await portFree(b + 50 + WS_USER))) wsHttpBase = b
  }
  if (!wsHttpBase) throw new Error('no free port block for the workspace')
  wsWsBase = wsHttpBase + 50
  fs.mkdirSync(SHOTS, { recursive: true })
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianqi-e2e-'))
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const env = { ...process.env }
  for (const k of Object.keys(env)) if (k.startsWith('TIANQI_')) delete env[k]
  Object.assign(env, {
    TIANQI_LISTEN: `127.0.0.1:${port}`,
    TIANQI_DATA_DIR: path.join(dataDir, 'data'),
    TIANQI_NODES_LOCAL_SOCKET: '',
    TIANQI_LOG_LEVEL: 'warn',
    // The sandbox on the test engine, one warm container per runtime.
    TIANQI_SANDBOX_DOCKER_HOST: dockerHost,
    TIANQI_SANDBOX_POOL_SIZE: '1',
    TIANQI_SANDBOX_IDLE_POOL_SIZE: '1',
    // Workspaces on the node the scenario registers (node-<tag>).
    TIANQI_WORKSPACES_ENABLED: 'true',
    TIANQI_WORKSPACES_IMAGE: WS_IMAGE,
    TIANQI_WORKSPACES_NAME_TEMPLATE: `${wsPrefix}{user_id}`,
    TIANQI_WORKSPACES_MAX_USERS: '20',
    TIANQI_WORKSPACES_HTTP_PORT_BASE: String(wsHttpBase),
    TIANQI_WORKSPACES_WS_PORT_BASE: String(wsWsBase),
    TIANQI_WORKSPACES_CONTAINER_HTTP_PORT: '8888',
    TIANQI_WORKSPACES_CONTAINER_WS_PORT: '8765',
    TIANQI_WORKSPACES_DATA_ROOT: (wsData = path.join(dataDir, 'ws-data')),
    TIANQI_WORKSPACES_CPUS: '0.5',
    TIANQI_WORKSPACES_MEMORY: '64m',
    TIANQI_WORKSPACES_SHM_SIZE: '16m',
    TIANQI_WORKSPACES_NODE: `node-${tag}`,
  })
  const serverLog = fs.openSync(path.join(SHOTS, 'server.log'), 'w')
  server = spawn(path.join(ROOT, 'target', 'debug', 'tianqi'), ['serve'], { env, stdio: ['ignore', serverLog, serverLog] })
  await waitReady(base, server)
  const initialPassword = fs.readFileSync(path.join(dataDir, 'data', 'initial-admin-password'), 'utf8').trim()
  if (!initialPassword) throw new Error('no generated admin password')
  log(`tianqi serving at ${base}`)
  await scenario(base, initialPassword)
  if (networkChanged) log(`ignored ${networkChanged} net::ERR_NETWORK_CHANGED console error(s) (host interfaces changed)`)
  if (consoleErrors.length) throw new Error(`browser console errors:\n  ${consoleErrors.join('\n  ')}`)
} catch (e) {
  failed = true
  fail(e instanceof Error ? e.stack ?? e.message : String(e))
  if (consoleErrors.length) console.error(`e2e: browser console errors:\n  ${consoleErrors.join('\n  ')}`)
  try {
    const pages = browser?.contexts().flatMap((c) => c.pages()) ?? []
    if (pages[0]) await pages[0].screenshot({ path: path.join(SHOTS, 'failure.png'), fullPage: true })
  } catch {
    // best effort
  }
} finally {
  await browser?.close().catch(() => undefined)
  if (server && server.exitCode === null) {
    server.kill('SIGTERM')
    await new Promise((r) => {
      const t = setTimeout(() => {
        server.kill('SIGKILL')
        r()
      }, 5000)
      server.on('exit', () => {
        clearTimeout(t)
        r()
      })
    })
  }
  const removed = await removeContainers(`${instanceName}-`).catch(() => 0)
  if (removed) log(`cleanup removed ${removed} leftover container(s)`)
  const wsLeft = await removeContainers(wsPrefix).catch(() => 0)
  if (wsLeft) log(`cleanup removed ${wsLeft} leftover workspace container(s)`)
  const sbLeft = sandboxInstall ? await removeLabelled(`tianqi.sandbox=${sandboxInstall}`).catch(() => 0) : 0
  if (sbLeft) log(`cleanup removed ${sbLeft} leftover sandbox container(s)`)
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
}
const secs = ((Date.now() - started) / 1000).toFixed(1)
if (failed) {
  console.log(`e2e: took ${secs}s; screenshots and server.log in ${SHOTS}`)
  console.log('e2e: 0 passed, 1 failed')
  process.exit(1)
}
console.log(`e2e: took ${secs}s; screenshots in ${SHOTS}`)
console.log('e2e: 1 passed, 0 failed')
