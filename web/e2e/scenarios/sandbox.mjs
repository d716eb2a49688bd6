// The sandbox (TIANQI_SANDBOX_DOCKER_HOST = the test engine, one warm container
// per runtime): python reversing its stdin; C with its compile stage, args and
// exit 3 (RE); a run_timeout over the maximum (Piston's {"message"} in a toast,
// the 400 excused); `while True: pass` with run_timeout 1000 (TO, SIGKILL,
// ≥ 1000 ms); the pool table; the page at phone width.

import { inp, selectOption, shot } from '../lib/page.mjs'

export async function setup(ctx) {
  return {
    TIANQI_SANDBOX_DOCKER_HOST: ctx.dockerHost,
    TIANQI_SANDBOX_POOL_SIZE: '1',
    TIANQI_SANDBOX_IDLE_POOL_SIZE: '1',
  }
}

export default async function sandbox(ctx) {
  const { page, base, log, tag } = ctx
  const st = await ctx.api('GET', '/api/v1/sandbox/status')
  if (!st.enabled) throw new Error(`the sandbox is off: ${st.reason}`)
  ctx.state.sandboxInstall = st.pools.install_id

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
  ctx.expectError(/status of 400/)
  await run()
  await page.locator('.el-message--error', { hasText: 'run_timeout cannot exceed the configured limit of 15000' }).waitFor()
  if (ctx.pendingErrors()) throw new Error('the refused run was not a 400')
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

  await ctx.phone(async (mobile, noOverflow) => {
    await mobile.goto(`${base}/sandbox`)
    await mobile.locator('[data-test="sandbox-runtime"]').getByText('python 3.11.2').waitFor()
    await mobile.locator('[data-test="sandbox-pool"]').waitFor()
    await noOverflow('sandbox')
    await shot(mobile, '23-phone-sandbox')
  })
  log('phone width works for the sandbox')
}

export async function cleanup(ctx) {
  if (!ctx.state.sandboxInstall) return
  const removed = await ctx.docker.removeLabelled(`tianqi.sandbox=${ctx.state.sandboxInstall}`)
  if (removed) ctx.log(`cleanup removed ${removed} leftover sandbox container(s)`)
}
