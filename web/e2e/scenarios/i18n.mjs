// Languages: English (the menu, the users page, the workspaces and sandbox
// labels), remembered across a reload, then back to Chinese.

import { expectText, shot } from '../lib/page.mjs'

export default async function i18n(ctx) {
  const { page, log } = ctx
  await page.getByRole('menuitem', { name: '用户管理' }).click()
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
}
