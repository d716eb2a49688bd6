// Users: a normal user created by the admin signs in (a wrong password first:
// the 401 is expected) and sees no admin menu or admin pages, the images without
// the add button, the sandbox without its pool status, no workspaces; disabled
// by the admin (the editor says what that does), their open console is signed
// out and told why.

import { randomBytes } from 'node:crypto'
import { inp, noEnglish, shot } from '../lib/page.mjs'

export default async function users(ctx) {
  const { page, base, log, tag, names } = ctx
  await page.getByRole('menuitem', { name: '用户管理' }).click()
  await page.waitForLoadState('networkidle')
  await shot(page, '11-users')

  const userName = `u${tag}`
  const userPassword = `pw-${randomBytes(8).toString('hex')}`
  await page.getByRole('button', { name: '添加用户' }).click()
  const userDialog = page.locator('.el-dialog:visible')
  await userDialog.locator('.el-form-item', { hasText: '用户名' }).locator('input').fill(userName)
  await userDialog.locator('.el-form-item', { hasText: '密码' }).locator('input').fill(userPassword)
  await userDialog.getByRole('button', { name: '保存' }).click()
  await page.locator('.el-table__row', { hasText: userName }).getByText('普通用户').waitFor()

  const userCtx = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  try {
    const userPage = await userCtx.newPage()
    ctx.watch(userPage, 'user')
    await userPage.goto(`${base}/login`)
    await userPage.locator(inp('login-username')).fill(userName)
    await userPage.locator(inp('login-password')).fill('wrong-password')
    ctx.expectError(/status of 401/)
    await userPage.locator('[data-test="login-submit"]').click()
    await userPage.locator('[data-test="login-error"]', { hasText: '用户名或密码错误' }).waitFor()
    await noEnglish(userPage, 'a wrong password')
    await userPage.waitForTimeout(200)
    if (ctx.pendingErrors()) throw new Error('the failed sign-in was not a 401')
    await userPage.locator(inp('login-password')).fill(userPassword)
    await userPage.locator('[data-test="login-submit"]').click()
    await userPage.waitForURL((u) => u.pathname === '/')
    await userPage.getByRole('menuitem', { name: '实例管理' }).waitFor()
    if (await userPage.getByRole('menuitem', { name: '节点管理' }).count()) throw new Error('a normal user sees the admin menu')
    await userPage.goto(`${base}/nodes`)
    await userPage.waitForURL((u) => u.pathname === '/')
    await userPage.getByRole('menuitem', { name: '镜像库管理' }).click()
    await userPage.locator('[data-test="images-table"]').getByText(names.image).waitFor()
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

    // Disabling: the editor says what happens before it is saved; the
    // user's open console is signed out on its next request and told why.
    const userRow = page.locator('.el-table__row', { hasText: userName })
    await userRow.getByRole('button', { name: '编辑' }).click()
    const editDialog = page.locator('.el-dialog:visible')
    await editDialog.locator('[data-test="user-enabled"]').click()
    const impact = editDialog.locator('[data-test="disable-impact"]')
    await impact.getByText('立即被退出登录').waitFor()
    await impact.getByText('0 个实例（0 个运行中）保持原状').waitFor()
    await shot(page, '11a-user-disable-impact')
    await editDialog.getByRole('button', { name: '保存' }).click()
    await editDialog.waitFor({ state: 'hidden' })
    await userRow.getByText('已禁用').waitFor()
    ctx.expectError(/status of 401/)
    await userPage.getByRole('menuitem', { name: '实例管理' }).click()
    await userPage.waitForURL(/\/login\?.*reason=disabled/)
    await userPage.locator('[data-test="signed-out"]').getByText('您的账号已被管理员禁用').waitFor()
    await shot(userPage, '11b-user-signed-out-disabled')
    await userRow.getByRole('button', { name: '编辑' }).click()
    await editDialog.locator('[data-test="user-enabled"]').click()
    await editDialog.getByRole('button', { name: '保存' }).click()
    await editDialog.waitFor({ state: 'hidden' })
    await userRow.getByText('启用', { exact: true }).waitFor()
  } finally {
    await userCtx.close()
  }
  log('a normal user gets the user menu only (with the sandbox); disabled, they are signed out and told why')
}
