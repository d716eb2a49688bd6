// The dashboard: both nodes connected, the GPU node's cards with their free VRAM.

import { shot } from '../lib/page.mjs'

export default async function dashboard(ctx) {
  const { page, log, names } = ctx
  await page.getByRole('menuitem', { name: '概览' }).click()
  await page.locator('.gpu-node', { hasText: names.gpuNode }).getByText('剩余显存: 24 / 24 GB').first().waitFor()
  await page.locator('[data-test="dash-nodes"]').getByText('2', { exact: true }).waitFor()
  await shot(page, '09a-dashboard-gpus')
  log('dashboard: 2 nodes connected, GPU cards with free VRAM')
}
