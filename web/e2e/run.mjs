// End-to-end test of the web console: the real `tianqi` binary (debug build,
// with this console embedded), the real private dockerd of scripts/testenv.sh,
// and Debian's Chromium driven by playwright-core (no browser download).
//
//   TQ_TEST_DOCKER_HOST=unix:///…/docker.sock TQ_TEST_BUSYBOX_IMAGE=… node e2e/run.mjs
//
// This file only runs things in order; what is checked is in scenarios/, one
// file per feature (see SCENARIOS below), with the shared helpers in lib/. First
// the committed API types are compared with the server's OpenAPI document.
//
// A scenario module:
//   export default async function (ctx) { … }   the steps, in the admin's desktop page ctx.page
//   export async function setup(ctx) { … }      optional, before the server starts: answers
//                                               TIANQI_* settings the feature needs
//   export async function cleanup(ctx) { … }    optional, always, after the server stopped:
//                                               removes what the scenario left on the engine
// Scenarios build on the ones before them (the node, image and spec exist for
// the instances); after a failure the rest are skipped. ctx.state carries what
// one scenario hands to the next. Screenshots go to <repo>/target/e2e/.

import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { staleness } from '../tools/gen-api.mjs'
import { consoleWatch, launch } from './lib/browser.mjs'
import { dockerClient } from './lib/docker.mjs'
import { build, startServer } from './lib/server.mjs'
import { CHROMIUM, SHOTS, elapsed, log } from './lib/util.mjs'

// In order; adding a feature's scenario = its file in scenarios/ and one line here.
const SCENARIOS = [
  'auth', // the sign-in page's weight, the generated password and its forced change, 404
  'first-run', // this machine's Docker as node `local` with detected disks → a running instance
  'nodes', // the test engine as a node, write-only secrets, TLS fields, a GPU node
  'images',
  'specs', // a CPU spec and a GPU spec
  'instances', // placement candidates, create, stats, SSH, phone width, stop, delete, orphans
  'terminal', // logs, the web terminal and its size, followed logs
  'dashboard',
  'audit',
  'tokens', // API tokens, the password page
  'ssh-keys', // a key from ssh-keygen with its fingerprint, the duplicate's sentence under the field, delete
  'users', // a normal user: no admin menu or pages
  'workspaces',
  'sandbox',
  'recordings', // an ssh session through the jump host (OpenSSH in tmux) recorded, replayed in xterm.js at 4×, deleted
  'port-forwards', // a TCP rule from the page with traffic, counters, the switch, batch delete
  'system', // the monitor live over its WebSocket: host, charts, top processes, the test node
  'assets', // the multi-tab form, cards and warranty badge, CSV import with a bad row, export, batch delete
  'tasks', // a cron task from the dialog with its next fire times, run, history, ERROR log filter, batch delete
  'finetune', // a fake trainer from the four-tab dialog to 已完成, the detail's chart and log, a long job stopped and deleted
  'usage', // the month's cost on the dashboard, the usage page with CSV, a default quota saved and cleared
  'kubernetes', // a cluster from a kubeconfig (fake API server): scale, YAML, a followed pod log, a pod terminal, services, metrics; a read grant on one namespace
  'assistant', // AI 助手: a config (key masked) → a fake provider; a user's streamed Markdown reply, stop, inert markup, rename/delete, the daily limit
  'i18n', // English, remembered across a reload
  'signout',
]

function fail(msg) {
  console.error(`e2e: FAILED: ${msg}`)
  process.exitCode = 1
}

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

const tag = randomBytes(3).toString('hex')
const watch = consoleWatch()
// `node e2e/run.mjs auth first-run` runs only those (in SCENARIOS order); each
// scenario builds on the ones before it, so pick a prefix or scenarios that
// stand alone (auth, first-run).
const picked = process.argv.slice(2)
const unknown = picked.filter((n) => !SCENARIOS.includes(n))
if (unknown.length) {
  fail(`unknown scenario(s): ${unknown.join(', ')}`)
  process.exit(1)
}
const chosen = picked.length ? SCENARIOS.filter((n) => picked.includes(n)) : SCENARIOS
const modules = await Promise.all(chosen.map(async (name) => ({ name, ...(await import(`./scenarios/${name}.mjs`)) })))

/** What every scenario gets. */
const ctx = {
  tag,
  dockerHost,
  busybox,
  docker: dockerClient(dockerHost.slice('unix://'.length)),
  /** The names the scenarios share (the node the instances run on, …). */
  names: {
    node: `node-${tag}`,
    gpuNode: `gpu-${tag}`,
    image: `busybox-${tag}`,
    spec: `small-${tag}`,
    gpuSpec: `gpu1-${tag}`,
    instance: `e2e-${tag}`,
  },
  /** A scratch dir removed at the end; the server's data dir is `<dataDir>/data`. */
  dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'tianqi-e2e-')),
  /** Values one scenario hands to the next. */
  state: {},
  log,
  /** Excuses the next browser console error matching `re` (a step provokes it on purpose). */
  expectError: (re) => watch.expect(re),
  /** Allows console errors matching `re` until the returned function is called (it answers how many). */
  tolerateErrors: (re) => watch.tolerate(re),
  /** Stops the server; `startServer` starts it again on the same address and data (a restart under open pages). */
  stopServer: () => server.stop(),
  async startServer() {
    server = await server.restart()
  },
  /** How many excused errors have not happened. */
  pendingErrors: () => watch.pending(),
  /** Watches a page's console (every page a scenario opens). */
  watch: (page, label) => watch.watch(page, label),
  base: '',
  browser: null,
  page: null,
  /** The admin's session token, read from the desktop page. */
  async token() {
    return JSON.parse(await ctx.page.evaluate(() => localStorage.getItem('tianqi.session'))).token
  },
  /** A REST call as the admin (for setting up and checking, not what the pages should do). */
  async api(method, p, body) {
    const res = await fetch(`${ctx.base}${p}`, {
      method,
      headers: { Authorization: `Bearer ${await ctx.token()}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`)
    return text ? JSON.parse(text) : undefined
  },
  /** Runs `fn(mobile, noOverflow)` in a 390 px phone page signed in as the admin. */
  async phone(fn) {
    const phone = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
    try {
      const saved = await ctx.page.evaluate(() => localStorage.getItem('tianqi.session'))
      await phone.addInitScript((s) => localStorage.setItem('tianqi.session', s), saved)
      const mobile = await phone.newPage()
      watch.watch(mobile, 'phone')
      const noOverflow = async (what) => {
        const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        if (overflow > 0) throw new Error(`the ${what} page is ${overflow}px wider than a 390px screen`)
      }
      await fn(mobile, noOverflow)
    } finally {
      await phone.close()
    }
  },
}

const results = [] // { name, status: 'passed' | 'failed' | 'skipped', secs }
let server
let failedEarly = false

async function failureShot() {
  try {
    const pages = ctx.browser?.contexts().flatMap((c) => c.pages()) ?? []
    if (pages[0]) await pages[0].screenshot({ path: path.join(SHOTS, 'failure.png'), fullPage: true })
  } catch {
    // best effort
  }
}

try {
  build()
  fs.mkdirSync(SHOTS, { recursive: true })
  fs.rmSync(path.join(SHOTS, 'failure.png'), { force: true })
  const settings = {}
  for (const m of modules) if (m.setup) Object.assign(settings, await m.setup(ctx))
  server = await startServer(ctx.dataDir, settings)
  ctx.base = server.base
  ctx.state.initialPassword = server.initialPassword()
  if (!ctx.state.initialPassword) throw new Error('no generated admin password')
  log(`tianqi serving at ${ctx.base}`)

  // The committed API types against what this server documents.
  const schemaStart = elapsed()
  const stale = await staleness(await (await fetch(`${ctx.base}/api/openapi.json`)).json())
  results.push({ name: 'api-schema', status: stale ? 'failed' : 'passed', secs: elapsed() - schemaStart })
  if (stale) fail(stale)
  else log('web/src/api/schema/ matches the server\'s /api/openapi.json')

  ctx.browser = await launch()
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.base })
  ctx.page = await context.newPage()
  watch.watch(ctx.page, 'desktop')
  ctx.page.setDefaultTimeout(20000)

  let broken = false
  for (const m of modules) {
    if (broken) {
      results.push({ name: m.name, status: 'skipped', secs: 0 })
      continue
    }
    const start = elapsed()
    try {
      await m.default(ctx)
      const errors = watch.take()
      if (errors.length) throw new Error(`browser console errors:\n  ${errors.join('\n  ')}`)
      results.push({ name: m.name, status: 'passed', secs: elapsed() - start })
      log(`scenario ${m.name} passed (${(elapsed() - start).toFixed(1)}s)`)
    } catch (e) {
      broken = true
      results.push({ name: m.name, status: 'failed', secs: elapsed() - start })
      fail(`scenario ${m.name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
      const errors = watch.take()
      if (errors.length) console.error(`e2e: browser console errors:\n  ${errors.join('\n  ')}`)
      await failureShot()
    }
  }
  if (watch.networkChanged) log(`ignored ${watch.networkChanged} net::ERR_NETWORK_CHANGED console error(s) (host interfaces changed)`)
} catch (e) {
  failedEarly = true
  fail(e instanceof Error ? (e.stack ?? e.message) : String(e))
  await failureShot()
} finally {
  await ctx.browser?.close().catch(() => undefined)
  await server?.stop()
  for (const m of modules) {
    if (!m.cleanup) continue
    try {
      await m.cleanup(ctx)
    } catch (e) {
      console.error(`e2e: cleanup of ${m.name}: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
  fs.rmSync(ctx.dataDir, { recursive: true, force: true })
}

const count = (s) => results.filter((r) => r.status === s).length
const secs = elapsed().toFixed(1)
for (const r of results) console.log(`e2e: ${r.status.padEnd(7)} ${r.name}${r.status === 'skipped' ? '' : ` (${r.secs.toFixed(1)}s)`}`)
const failed = count('failed') + (failedEarly ? 1 : 0)
console.log(`e2e: took ${secs}s; screenshots${failed ? ' and server.log' : ''} in ${SHOTS}`)
const skipped = count('skipped') + (failedEarly ? modules.length + 1 - results.length : 0)
console.log(`e2e: ${count('passed')} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed ? 1 : 0)
