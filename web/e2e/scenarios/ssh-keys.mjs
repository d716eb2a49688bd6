// 账户 → SSH 公钥: a key made by ssh-keygen is added and listed with the
// fingerprint ssh-keygen prints; the same key again gets the Chinese sentence
// under the field (nothing added); delete after the confirmation. Stands alone
// after auth.

import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { confirmBox, inp, shot } from '../lib/page.mjs'

function keygen(tag) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tq-e2e-key-'))
  const key = path.join(dir, 'id')
  const g = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `e2e-${tag}`, '-f', key], { encoding: 'utf8' })
  if (g.status !== 0) throw new Error(`ssh-keygen: ${g.stderr || g.error}`)
  const line = fs.readFileSync(`${key}.pub`, 'utf8').trim()
  const fp = spawnSync('ssh-keygen', ['-l', '-f', `${key}.pub`], { encoding: 'utf8' }).stdout.split(/\s+/)[1]
  fs.rmSync(dir, { recursive: true, force: true })
  return { line, fp }
}

export default async function sshKeys(ctx) {
  const { page, base, log, tag } = ctx
  const { line, fp } = keygen(tag)
  await page.goto(`${base}/account/ssh-keys`)
  await page.getByRole('heading', { name: 'SSH 公钥' }).waitFor()

  const add = async () => {
    await page.locator('[data-test="ssh-key-add"]').click()
    await page.locator(inp('ssh-key-text')).fill(line)
    await page.locator('[data-test="ssh-key-save"]').click()
  }
  await add()
  const row = page.locator('[data-test="ssh-keys-table"] .el-table__row', { hasText: `e2e-${tag}` })
  await row.locator('[data-test="ssh-key-fingerprint"]', { hasText: fp }).waitFor()
  log(`key added; the page shows ssh-keygen's fingerprint ${fp}`)

  ctx.expectError(/status of 409/)
  await add()
  const error = page.locator('[data-test="ssh-key-field"] .el-form-item__error')
  await error.filter({ hasText: `该公钥已添加过（名称“e2e-${tag}”）` }).waitFor()
  await shot(page, '15a-ssh-key-duplicate')
  await page.locator('.el-dialog').getByRole('button', { name: '取消' }).click()
  if ((await page.locator('[data-test="ssh-keys-table"] .el-table__row').count()) !== 1) throw new Error('the duplicate was added')
  log('the same key again: the Chinese sentence under the field, nothing added')

  await row.locator('[data-test="ssh-key-delete"]').click()
  await confirmBox(page)
  await row.waitFor({ state: 'detached' })
  const left = await ctx.api('GET', '/api/v1/me/ssh-keys')
  if (left.length !== 0) throw new Error(`keys left: ${JSON.stringify(left)}`)
  log('key deleted after the confirmation')
}
