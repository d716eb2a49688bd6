// Fine-tuning jobs (模型微调): a job created from the dialog's four tabs
// (basic, GPU, the quick_test preset filling the parameters, a custom
// command) running a FAKE TRAINER — a Python script in the test Python image
// that prints Trainer dict lines and a tqdm bar and writes trainer_log.jsonl —
// to completion: its green tag and full progress bar after the 10 s refresh,
// the stat cards, the detail page's figures, loss / learning-rate chart and
// log; then a long job stopped from the list (orange 已停止) and deleted.
// No GPU here: the GPU tab is left empty.

import fs from 'node:fs'
import path from 'node:path'
import { confirmBox, inp, selectOption, shot } from '../lib/page.mjs'

const TRAINER = `import os, sys, time
steps, delay = int(sys.argv[1]), float(sys.argv[2])
out = os.environ["TIANQI_OUTPUT_DIR"]
os.makedirs(out, exist_ok=True)
for i in range(1, steps + 1):
    time.sleep(delay)
    loss = round(3.0 / i, 4)
    lr = round(5e-05 * (1 - i / steps), 10)
    sys.stderr.write("\\r%3d%%|##| %d/%d [00:%02d<00:10,  2.00it/s]" % (i * 100 // steps, i, steps, i % 60))
    sys.stderr.flush()
    print({"loss": loss, "learning_rate": lr, "epoch": round(i / steps, 2)}, flush=True)
    with open(os.path.join(out, "trainer_log.jsonl"), "a") as f:
        f.write('{"current_steps": %d, "total_steps": %d, "loss": %r, "lr": %r, "epoch": %r, "percentage": %r}\\n'
                % (i, steps, loss, lr, round(i / steps, 2), round(i * 100 / steps, 2)))
sys.stderr.write("\\n")
`

function root(ctx) {
  return path.join(ctx.dataDir, 'ft')
}

export async function setup(ctx) {
  const dataset = path.join(root(ctx), 'data')
  fs.mkdirSync(dataset, { recursive: true })
  fs.writeFileSync(path.join(dataset, 'trainer.py'), TRAINER)
  return {
    TIANQI_FINETUNE_ALLOWED_ROOTS: root(ctx),
    TIANQI_FINETUNE_OUTPUT_ROOT: path.join(root(ctx), 'out'),
    TIANQI_FINETUNE_JSONL_POLL_MS: '300',
    TIANQI_FINETUNE_STOP_GRACE_SECS: '2',
  }
}

export async function cleanup(ctx) {
  // Only this installation's job containers (`tianqi-<install>-ft-<id>`):
  // the engine is shared.
  const prefix = ctx.state.finetunePrefix
  if (!prefix) return
  const removed = await ctx.docker.removeNamed(prefix)
  if (removed) ctx.log(`cleanup removed ${removed} leftover fine-tuning container(s)`)
}

export default async function finetune(ctx) {
  const { page, log, tag } = ctx
  const dataset = path.join(root(ctx), 'data')
  // Its own node, Python image and 1-core spec (the scenario runs alone too).
  await ctx.api('POST', '/api/v1/nodes', {
    name: `ft-${tag}`, public_ip: '127.0.0.1', private_ip: '127.0.0.1', docker_address: ctx.dockerHost,
    cpu_cores: 4, memory_gb: 16, system_disk_gb: 100,
  })
  const py = process.env.TQ_TEST_PYTHON_IMAGE ?? 'tianqi-test/python:latest'
  await ctx.api('POST', '/api/v1/images', { name: `ftpy-${tag}`, address: py, keep_alive_command: ['sleep', '3600'] })
  await ctx.api('POST', '/api/v1/specs', { name: `ft1c-${tag}`, cpu_cores: 1, memory_gb: 1, system_disk_gb: 5 })

  await page.getByRole('menuitem', { name: '模型微调' }).click()
  await page.waitForURL(/\/finetune$/)
  await page.locator('[data-test="new-finetune"]').click()
  const dlg = page.locator('.el-dialog:visible')
  await dlg.locator(inp('ft-name')).fill(`sft-${tag}`)
  await dlg.locator(inp('ft-base-model')).fill('Qwen/Qwen2-0.5B')
  await dlg.locator(inp('ft-dataset')).fill(dataset)
  await selectOption(page, 'ft-image', `ftpy-${tag}`)
  await selectOption(page, 'ft-spec', `ft1c-${tag}`)
  await dlg.getByRole('tab', { name: 'GPU配置' }).click()
  await dlg.locator(inp('ft-gpus')).waitFor()
  await dlg.getByRole('tab', { name: '训练参数' }).click()
  await selectOption(page, 'ft-preset', '快速测试')
  const lr = await dlg.locator(inp('ft-lr')).inputValue()
  if (lr !== '0.00010') throw new Error(`the quick_test preset set the learning rate to ${lr}`)
  await shot(page, '30-finetune-dialog')
  await dlg.getByRole('tab', { name: '高级设置' }).click()
  await dlg.locator(inp('ft-command')).fill(['python3', `${dataset}/trainer.py`, '8', '0.4'].join('\n'))
  await dlg.locator('[data-test="ft-save"]').click()
  await dlg.waitFor({ state: 'hidden' })
  const row = page.locator('[data-test="ft-table"] .el-table__row', { hasText: `sft-${tag}` })
  await row.waitFor()
  log(`job sft-${tag} created from the dialog`)
  const [first] = (await ctx.api('GET', `/api/v1/finetune/jobs?name=sft-${tag}`)).items
  for (let i = 0; i < 100 && !ctx.state.finetunePrefix; i++) {
    const logs = await ctx.api('GET', `/api/v1/finetune/jobs/${first.id}/logs`)
    const started = logs.lines.map((l) => l.match(/started container (tianqi-[a-z0-9]+-ft-)/)).find(Boolean)
    if (started) ctx.state.finetunePrefix = started[1]
    else await page.waitForTimeout(100)
  }
  // Completed after one of the page's own 10 s refreshes.
  await row.locator('.el-tag--success', { hasText: '已完成' }).waitFor({ timeout: 40000 })
  // A finished bar is full and green (its text becomes a check mark).
  await row.locator('.el-progress.is-success[data-test="ft-progress"], [data-test="ft-progress"] .el-progress.is-success').first().waitFor()
  const width = await row.locator('[data-test="ft-progress"] .el-progress-bar__inner').first().getAttribute('style')
  if (!width?.includes('100%')) throw new Error(`the finished bar is ${width}`)
  const total = await page.locator('[data-test="ft-stat-completed"]').innerText()
  if (Number(total) < 1) throw new Error(`the completed card shows ${total}`)
  await shot(page, '31-finetune-list')

  await row.getByRole('link', { name: `sft-${tag}` }).click()
  await page.waitForURL(/\/finetune\/\d+$/)
  await page.locator('[data-test="ft-detail-status"]', { hasText: '已完成' }).waitFor()
  await page.locator('[data-test="ft-detail-latest"]', { hasText: '8 / 8' }).waitFor()
  await page.locator('[data-test="ft-detail-params"]', { hasText: '0.0001' }).waitFor()
  // Three series (raw loss, smoothed loss, learning rate) drawn as SVG paths.
  // (ECharts' first path may be a zero-size one, never "visible": count them.)
  await page.locator('[data-test="ft-chart"] svg').first().waitFor()
  await page.waitForFunction(() => document.querySelectorAll('[data-test="ft-chart"] svg path').length >= 3)
  await page.locator('[data-test="ft-log"]', { hasText: '8/8' }).waitFor()
  await page.locator('[data-test="ft-log"]', { hasText: "'loss': 0.375" }).waitFor()
  await shot(page, '32-finetune-detail')
  log('detail: figures, chart and log of the finished job')

  // A long job, stopped from the list: orange 已停止, then deleted.
  const jobs = await ctx.api('GET', `/api/v1/finetune/jobs?name=sft-${tag}`)
  const long = await ctx.api('POST', '/api/v1/finetune/jobs', {
    name: `long-${tag}`, base_model: 'Qwen/Qwen2-0.5B', dataset_path: dataset,
    custom_command: ['python3', `${dataset}/trainer.py`, '1000', '0.2'],
    image_id: jobs.items[0].spec.image_id, spec_id: jobs.items[0].spec.spec_id,
  })
  await page.getByRole('link', { name: '返回列表' }).click()
  await page.waitForURL(/\/finetune$/)
  const longRow = page.locator('[data-test="ft-table"] .el-table__row', { hasText: `long-${tag}` })
  await longRow.locator('.el-tag--primary', { hasText: '执行中' }).waitFor({ timeout: 25000 })
  await longRow.locator('[data-test="ft-stop"]').click()
  await confirmBox(page)
  await longRow.locator('.el-tag--warning', { hasText: '已停止' }).waitFor({ timeout: 30000 })
  const stopped = await ctx.api('GET', `/api/v1/finetune/jobs/${long.id}`)
  if (stopped.status !== 'stopped' || stopped.error !== '') throw new Error(`stopped job: ${JSON.stringify(stopped)}`)
  await shot(page, '33-finetune-stopped')
  await longRow.locator('[data-test="ft-delete"]').click()
  await confirmBox(page)
  await longRow.waitFor({ state: 'detached' })
  log('a long job stopped from the list (已停止) and deleted')
}
