// AI 助手: the admin adds a provider config pointing at a chat-completions
// provider this process runs (lib/chat-provider.mjs); the key shows masked
// and an edit without a new key keeps it. A normal user then chats: a reply
// streamed with its reasoning folded apart and Markdown with a code block,
// token counts per message and per conversation; a slow reply stopped
// mid-stream keeps what arrived (also after a reload); a reply full of
// markup renders inert (no element, no script run); rename and delete; and
// beyond the daily limit the refusal says so.

import { randomBytes } from 'node:crypto'
import { inp, shot } from '../lib/page.mjs'
import { KEY, chatProvider } from '../lib/chat-provider.mjs'

export default async function assistant(ctx) {
  const { page, base, log, tag } = ctx
  const provider = await chatProvider()
  const userCtx = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  try {
    // --- The admin's config page.
    await page.getByRole('menuitem', { name: 'AI 模型配置' }).click()
    await page.waitForURL(/\/admin\/assistant/)
    await page.locator('[data-test="new-ai-config"]').click()
    const dlg = page.locator('.el-dialog:visible')
    await dlg.locator(inp('ai-name')).fill(`e2e-${tag}`)
    await dlg.locator(inp('ai-base-url')).fill(provider.baseUrl)
    await dlg.locator(inp('ai-model')).fill('e2e-model')
    await dlg.locator(inp('ai-key')).fill(KEY)
    await dlg.locator('[data-test="ai-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    const row = page.locator('[data-test="ai-config-table"] .el-table__row', { hasText: `e2e-${tag}` })
    await row.locator('[data-test="ai-active"]').waitFor()
    const mask = (await row.locator('[data-test="ai-key-mask"]').textContent()).trim()
    if (!mask.endsWith(KEY.slice(-4)) || mask.includes(KEY.slice(0, 8))) throw new Error(`the key shows as ${mask}`)
    const listed = JSON.stringify(await ctx.api('GET', '/api/v1/assistant/configs'))
    if (listed.includes(KEY)) throw new Error('the configs list returns the key')
    // An edit that leaves the key field empty keeps the key (the chat below uses it).
    await row.locator('[data-test="ai-edit"]').click()
    if ((await dlg.locator(inp('ai-key')).inputValue()) !== '') throw new Error('the edit form shows a key')
    await dlg.locator(inp('ai-model')).fill('e2e-model-2')
    await dlg.locator('[data-test="ai-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    await row.getByText('e2e-model-2').waitFor()
    await shot(page, '40-assistant-configs')
    log(`config e2e-${tag} → ${provider.baseUrl}, key shown as ${mask}`)

    // --- A normal user chats.
    const username = `chat${tag}`
    const password = `pw-${randomBytes(8).toString('hex')}`
    const user = await ctx.api('POST', '/api/v1/users', { username, password, role: 'user' })
    const up = await userCtx.newPage()
    ctx.watch(up, 'assistant-user')
    await up.goto(`${base}/login`)
    await up.locator(inp('login-username')).fill(username)
    await up.locator(inp('login-password')).fill(password)
    await up.locator('[data-test="login-submit"]').click()
    await up.waitForURL((u) => u.pathname === '/')
    if (await up.getByRole('menuitem', { name: 'AI 模型配置' }).count()) throw new Error('a normal user sees the configs page')
    await up.getByRole('menuitem', { name: 'AI 助手' }).click()
    await up.waitForURL(/\/assistant/)

    const input = up.locator(inp('chat-input'))
    await input.fill('写个示例')
    await input.press('Control+Enter')
    const replyOf = (n) => up.locator('[data-test="chat-message"][data-role="assistant"]').nth(n)
    const first = replyOf(0)
    await first.locator('[data-test="chat-markdown"] h4', { hasText: '示例' }).waitFor()
    await first.locator('[data-test="chat-markdown"] pre code', { hasText: 'print("hello")' }).waitFor()
    await first.locator('[data-test="chat-markdown"] strong', { hasText: '加粗' }).waitFor()
    await first.locator('[data-test="chat-markdown"] li', { hasText: '第二' }).waitFor()
    await first.locator('[data-test="chat-tokens"]', { hasText: '合计 55' }).waitFor()
    await first.locator('[data-test="chat-reasoning"] summary', { hasText: '思考过程' }).click()
    await first.locator('[data-test="chat-reasoning"]', { hasText: '先想一想。' }).waitFor()
    await up.locator('[data-test="chat-item"]', { hasText: '写个示例' }).waitFor()
    await up.locator('[data-test="chat-conv-tokens"]', { hasText: '本对话 55 tokens' }).waitFor()
    if (provider.requests[0]?.model !== 'e2e-model-2' || provider.requests[0]?.stream !== true) throw new Error(`the provider got ${JSON.stringify(provider.requests[0])}`)
    await shot(up, '41-assistant-chat')
    log('a streamed reply: reasoning, Markdown with code, 55 tokens')

    // A slow reply, stopped mid-way: what arrived stays.
    await input.fill('slow please')
    await up.locator('[data-test="chat-send"]').click()
    const slow = replyOf(1)
    await slow.getByText('片段3').waitFor()
    await up.locator('[data-test="chat-stop"]').click()
    await slow.locator('[data-test="chat-finish"]', { hasText: '已停止' }).waitFor()
    await up.locator('[data-test="chat-send"]').waitFor()
    const kept = await slow.locator('[data-test="chat-markdown"]').textContent()
    if (!kept.includes('片段1') || kept.includes('片段200')) throw new Error(`the stopped reply shows ${kept}`)
    // The server kept it too.
    await up.waitForTimeout(500)
    await up.reload()
    await replyOf(1).locator('[data-test="chat-finish"]', { hasText: '已停止' }).waitFor()
    await replyOf(1).getByText('片段1').waitFor()
    log(`a slow reply stopped after ${kept.split(' ').filter(Boolean).length} pieces, kept after a reload`)

    // Markup in a reply is text.
    await input.fill('xss test')
    await input.press('Control+Enter')
    const x = replyOf(2)
    await x.locator('[data-test="chat-tokens"]').waitFor()
    await x.getByText('<script>window.__xss=2</script>', { exact: false }).waitFor()
    const inert = await up.evaluate(() => ({
      flag: window.__xss,
      elements: document.querySelectorAll('[data-test="chat-pane"] img, [data-test="chat-pane"] script').length,
      jsLinks: document.querySelectorAll('[data-test="chat-pane"] a[href^="javascript"]').length,
    }))
    if (inert.flag !== undefined || inert.elements || inert.jsLinks) throw new Error(`the markup reply was not inert: ${JSON.stringify(inert)}`)
    await shot(up, '42-assistant-xss')
    log('a reply with <img onerror>, <script> and a javascript: link rendered as text')

    // Rename, then a second conversation deleted.
    await up.locator('[data-test="chat-item"]', { hasText: '写个示例' }).locator('[data-test="chat-item-menu"]').click()
    await up.locator('.el-dropdown-menu__item:visible', { hasText: '重命名' }).click()
    const box = up.locator('.el-message-box')
    await box.locator('input').fill('改过的标题')
    await box.getByRole('button', { name: '保存' }).click()
    await up.locator('[data-test="chat-title"]', { hasText: '改过的标题' }).waitFor()
    await up.locator('[data-test="chat-new"]').click()
    await input.fill('第二个对话')
    await input.press('Control+Enter')
    await up.locator('[data-test="chat-item"]', { hasText: '第二个对话' }).waitFor()
    await replyOf(0).locator('[data-test="chat-tokens"]').waitFor()
    await up.locator('[data-test="chat-item"]', { hasText: '第二个对话' }).locator('[data-test="chat-item-menu"]').click()
    await up.locator('.el-dropdown-menu__item:visible', { hasText: '删除' }).click()
    const confirm = up.locator('.el-message-box')
    await confirm.locator('.el-button--danger').click()
    await up.locator('[data-test="chat-item"]', { hasText: '第二个对话' }).waitFor({ state: 'detached' })
    if ((await up.locator('[data-test="chat-item"]').count()) !== 1) throw new Error('the delete removed more or less than one conversation')

    // Beyond the daily limit: refused, in words.
    await ctx.api('PUT', `/api/v1/assistant/limits/${user.id}`, { daily_tokens: 10 })
    await up.locator('[data-test="chat-item"]').first().locator('.chat-item-title').click()
    ctx.expectError(/status of 429/)
    await input.fill('one more')
    await up.locator('[data-test="chat-send"]').click()
    const alert = up.locator('[data-test="chat-error"]')
    await alert.waitFor()
    const said = await alert.textContent()
    if (!said.includes('请求受限') || !/limit/i.test(said)) throw new Error(`the 429 shows as ${said}`)
    if ((await input.inputValue()) !== 'one more') throw new Error('the refused message left the input')
    await up.locator('[data-test="chat-usage"]', { hasText: '/ 10 tokens' }).waitFor()
    await shot(up, '43-assistant-limit')
    log(`beyond the daily limit: ${said.trim().slice(0, 120)}`)
  } finally {
    await userCtx.close()
    await provider.close()
  }
}
