// Jump host recordings (会话录像): the server runs with jumpbox.record on; the
// real OpenSSH client in a tmux terminal opens a shell in an instance through
// the jump host and echoes a line; the admins' recordings page lists the
// session, replays it in xterm.js (the echoed line appears; 4× and pause
// work), and deletes it after the confirmation.

import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { confirmBox, shot } from '../lib/page.mjs'

export function setup() {
  return { TIANQI_JUMPBOX_RECORD: 'true' }
}

function tmux(sock, ...args) {
  const r = spawnSync('tmux', ['-S', sock, ...args], { encoding: 'utf8' })
  if (r.error) throw new Error(`tmux: ${r.error.message} (install tmux)`)
  return r.stdout ?? ''
}

async function waitScreen(sock, needle, timeout = 20000) {
  const end = Date.now() + timeout
  for (;;) {
    const s = tmux(sock, 'capture-pane', '-p', '-J', '-t', 't')
    if (s.includes(needle)) return s
    if (Date.now() > end) throw new Error(`the ssh terminal never showed ${needle}:\n${s}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

export default async function recordings(ctx) {
  const { page, base, log, names, tag } = ctx
  const image = (await ctx.api('GET', `/api/v1/images?name=${encodeURIComponent(names.image)}`)).items.find((i) => i.name === names.image)
  const spec = (await ctx.api('GET', '/api/v1/specs?page_size=100')).items.find((s) => s.name === names.spec)
  const name = `rec-${tag}`
  const inst = await ctx.api('POST', '/api/v1/instances', { name, image_id: image.id, spec_id: spec.id })
  const info = await ctx.api('GET', '/api/v1/jumpbox/info')
  if (!info.enabled) throw new Error(`the jump host does not run: ${JSON.stringify(info)}`)

  // A real terminal: ssh in tmux, 90×25, a shell in the instance, an echo, exit.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tq-e2e-rec-'))
  const sock = path.join(dir, 'tmux.sock')
  try {
    const ssh = [
      'env', 'TERM=xterm', 'SSHPASS=' + ctx.state.adminPassword, 'sshpass', '-e', 'ssh', '-tt', '-p', String(info.port),
      '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
      '-o', 'PreferredAuthentications=password', '-o', 'PubkeyAuthentication=no', `admin+${name}@127.0.0.1`,
    ]
    tmux(sock, '-f', '/dev/null', 'new-session', '-d', '-s', 't', '-x', '90', '-y', '25', ...ssh)
    tmux(sock, 'set-option', '-t', 't', 'remain-on-exit', 'on')
    await waitScreen(sock, '#')
    tmux(sock, 'send-keys', '-t', 't', '-l', `echo played-$((40+2))-${tag}`)
    tmux(sock, 'send-keys', '-t', 't', 'Enter')
    await waitScreen(sock, `played-42-${tag}`)
    // A pause in the recording, so its replay at 1× lasts long enough to be
    // paused by a click (at 4× a short session ends before the click lands).
    tmux(sock, 'send-keys', '-t', 't', '-l', 'sleep 3')
    tmux(sock, 'send-keys', '-t', 't', 'Enter')
    await page.waitForTimeout(3500)
    tmux(sock, 'send-keys', '-t', 't', '-l', 'exit')
    tmux(sock, 'send-keys', '-t', 't', 'Enter')
    for (let i = 0; i < 100 && tmux(sock, 'display-message', '-p', '-t', 't', '#{pane_dead}').trim() !== '1'; i++) await page.waitForTimeout(100)
  } finally {
    tmux(sock, 'kill-server')
    fs.rmSync(dir, { recursive: true, force: true })
  }
  log('an ssh session through the jump host echoed a line and exited')

  // The page lists it (the writer finishes its row just after the session).
  await page.goto(`${base}/admin/recordings`)
  const row = page.locator('[data-test="recordings-table"] .el-table__row', { hasText: name })
  for (let i = 0; i < 50 && !(await row.count()); i++) {
    await page.waitForTimeout(200)
    await page.reload()
  }
  await row.waitFor()
  await row.getByText('90×25').waitFor()
  await page.getByRole('heading', { name: '会话录像' }).waitFor()

  // Replay: the echoed line appears in xterm.js; 4× and pause.
  await row.locator('[data-test="recording-play"]').click()
  const screen = page.locator('[data-test="cast-screen"]')
  await screen.locator('.xterm').waitFor()
  await page.locator('[data-test="cast-speed"]').getByText('4×').click()
  await page.waitForFunction(
    (needle) => [...document.querySelectorAll('[data-test="cast-screen"] .xterm-rows > div')].some((r) => r.textContent.includes(needle)),
    `played-42-${tag}`,
    { timeout: 20000 },
  )
  await page.locator('[data-test="cast-toggle"]', { hasText: '重新播放' }).waitFor({ timeout: 20000 })
  await shot(page, '19-recording-replay')
  await page.locator('[data-test="cast-speed"]').getByText('1×').click()
  await page.locator('[data-test="cast-toggle"]').click() // replay from the start
  await page.locator('[data-test="cast-toggle"]', { hasText: '暂停' }).waitFor()
  await page.locator('[data-test="cast-toggle"]').click()
  await page.locator('[data-test="cast-toggle"]', { hasText: '回放' }).waitFor()
  await page.keyboard.press('Escape')
  await screen.waitFor({ state: 'detached' })
  log('the recording replays in xterm.js with the echoed line; 4×, replay and pause work')

  // Delete, after the confirmation.
  await row.locator('[data-test="recording-delete"]').click()
  await confirmBox(page)
  await row.waitFor({ state: 'detached' })
  const left = await ctx.api('GET', `/api/v1/jumpbox/recordings?instance_id=${inst.id}`)
  if (left.total !== 0) throw new Error(`the recording is still listed: ${JSON.stringify(left)}`)
  log('the recording was deleted from the page')
  await ctx.api('DELETE', `/api/v1/instances/${inst.id}`)
}

export async function cleanup(ctx) {
  const removed = await ctx.docker.removeNamed(`rec-${ctx.tag}-`)
  if (removed) ctx.log(`cleanup removed ${removed} leftover recording instance container(s)`)
}
