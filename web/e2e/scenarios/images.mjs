// Images: the test busybox with a keep-alive command that prints a line (the
// instances' logs look for it).

import { inp, shot } from '../lib/page.mjs'

export default async function images(ctx) {
  const { page, log, names, tag, busybox } = ctx
  await page.getByRole('menuitem', { name: '镜像库管理' }).click()
  await page.locator('[data-test="new-image"]').click()
  const imgDialog = page.locator('.el-dialog:visible')
  await imgDialog.locator(inp('image-name')).fill(names.image)
  await imgDialog.locator(inp('image-address')).fill(busybox)
  await imgDialog.locator(inp('image-keepalive')).fill(`["sh", "-c", "echo hello-${tag}; exec sleep 3600"]`)
  await imgDialog.locator('[data-test="image-save"]').click()
  await page.locator('[data-test="images-table"] .el-table__row', { hasText: names.image }).waitFor()
  await shot(page, '04-images')
  log('image created')
}
