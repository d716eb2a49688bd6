// Nodes: the test dockerd registered from the page (connected), its SSH password
// write-only (shown as set, with a "replace" action), the TLS PEM fields, an edit
// that keeps the secret, the connection test; a second node on the same engine
// declaring two 24 GB cards (for the GPU placement of the instances scenario),
// with the sanity warnings that earns it (no nvidia runtime, a twin address).

import { expectText, fillNumber, inp, shot } from '../lib/page.mjs'

export default async function nodes(ctx) {
  const { page, log, dockerHost, names } = ctx

  await page.getByRole('menuitem', { name: '节点管理' }).click()
  await page.waitForURL(/\/nodes/)
  await page.locator('[data-test="new-node"]').click()
  const nodeDialog = page.locator('.el-dialog:visible')
  await nodeDialog.locator(inp('node-name')).fill(names.node)
  await nodeDialog.locator(inp('node-public-ip')).fill('127.0.0.1')
  await nodeDialog.locator(inp('node-private-ip')).fill('127.0.0.1')
  await nodeDialog.locator(inp('node-docker-address')).fill(dockerHost)
  await fillNumber(nodeDialog, '系统盘 (GB)', 100)
  await nodeDialog.locator(inp('node-ssh-password')).fill('ssh-secret-e2e')
  await nodeDialog.locator('[data-test="node-save"]').click()
  // A row by its name cell: another row's warning may name this node too.
  const rowOf = (name) => page.locator('[data-test="nodes-table"] .el-table__row', { has: page.getByRole('cell', { name, exact: true }) })
  const nodeRow = rowOf(names.node)
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

  // A second node on the same engine that declares two 24 GB cards (no GPU
  // instance is created: this machine has no NVIDIA runtime).
  await page.locator('[data-test="new-node"]').click()
  const gpuDialog = page.locator('.el-dialog:visible')
  await gpuDialog.locator(inp('node-name')).fill(names.gpuNode)
  await gpuDialog.locator(inp('node-public-ip')).fill('127.0.0.2')
  await gpuDialog.locator(inp('node-private-ip')).fill('127.0.0.2')
  await gpuDialog.locator(inp('node-docker-address')).fill(dockerHost)
  await gpuDialog.locator('.el-form-item', { hasText: 'GPU 型号' }).locator('input').fill('RTX 4090')
  await fillNumber(gpuDialog, 'GPU 数量', 2)
  await fillNumber(gpuDialog, '单卡显存 (GB)', 24)
  await fillNumber(gpuDialog, '系统盘 (GB)', 100)
  await gpuDialog.locator('[data-test="node-save"]').click()
  const gpuRow = rowOf(names.gpuNode)
  await gpuRow.getByText('已连接').waitFor()
  // Node sanity: both mistakes are named on the row, in Chinese, and the
  // engine's runtimes are shown; the first node now shows the twin too.
  await gpuRow.locator('[data-test="node-warning"][data-code="gpus_without_nvidia_runtime"]').getByText('没有 nvidia 运行时').waitFor()
  await gpuRow.locator('[data-test="node-warning"][data-code="duplicate_docker_address"]').getByText(names.node).waitFor()
  await gpuRow.locator('[data-test="node-engine"]').getByText(/运行时 .*runc/).waitFor()
  await nodeRow.locator('[data-test="node-warning"][data-code="duplicate_docker_address"]').getByText(names.gpuNode).waitFor()
  await shot(page, '03b-node-warnings')
  log('GPU node registered; its warnings shown')
}
