// The AI assistant's console: the Markdown reader and its renderer (model
// output never becomes HTML: a <script>, an <img onerror>, a javascript: link
// stay inert text), and the chat page against a stubbed fetch streaming a
// reply as the server does (start, reasoning and content deltas, usage,
// done), Ctrl+Enter, stop, and a 429 refusal shown with the server's words.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import { inlines, parseMarkdown, safeHref } from '../src/utils/markdown'
import MarkdownView from '../src/components/MarkdownView'
import AssistantView from '../src/views/assistant/AssistantView.vue'
import { i18n, setLocale } from '../src/i18n'

const XSS = [
  'Here: <img src=x onerror="window.__xss=1"> and <script>window.__xss=2</script>',
  '',
  '[click](javascript:window.__xss=3) ![pic](https://example.com/a.png) <a href="javascript:alert(1)">a</a>',
  '',
  '```html',
  '<script>window.__xss=4</script>',
  '```',
  '',
  '| a | <b onmouseover=x>b</b> |',
  '|---|---|',
  '| `<i>` | **<svg onload=x>** |',
].join('\n')

describe('markdown', () => {
  it('reads the blocks chat models write', () => {
    const b = parseMarkdown('# Title\n\nSome **bold** and `code`.\n\n```rust\nfn main() {}\n```\n\n- one\n- two\n  - nested\n\n1. first\n2. second\n\n> quoted\n\n---\n\n| x | y |\n|:--|--:|\n| 1 | 2 |')
    expect(b.map((x) => x.t)).toEqual(['h', 'p', 'code', 'list', 'list', 'quote', 'hr', 'table'])
    expect(b[2]).toEqual({ t: 'code', lang: 'rust', v: 'fn main() {}' })
    const ul = b[3] as Extract<(typeof b)[number], { t: 'list' }>
    expect(ul.ordered).toBe(false)
    expect(ul.items).toHaveLength(2)
    expect(ul.items[1].map((x) => x.t)).toEqual(['p', 'list'])
    const ol = b[4] as Extract<(typeof b)[number], { t: 'list' }>
    expect(ol.ordered).toBe(true)
    const table = b[7] as Extract<(typeof b)[number], { t: 'table' }>
    expect(table.align).toEqual(['left', 'right'])
    expect(table.rows).toHaveLength(1)
  })
  it('keeps an unclosed fence (a reply still arriving) as code to the end', () => {
    expect(parseMarkdown('text\n```py\nprint(1)\n')).toEqual([
      { t: 'p', c: [{ t: 'text', v: 'text' }] },
      { t: 'code', lang: 'py', v: 'print(1)\n' },
    ])
  })
  it('reads inline marks, links and leaves snake_case alone', () => {
    expect(inlines('a **b** *c* ~~d~~ `e` snake_case_name')).toEqual([
      { t: 'text', v: 'a ' },
      { t: 'strong', c: [{ t: 'text', v: 'b' }] },
      { t: 'text', v: ' ' },
      { t: 'em', c: [{ t: 'text', v: 'c' }] },
      { t: 'text', v: ' ' },
      { t: 'del', c: [{ t: 'text', v: 'd' }] },
      { t: 'text', v: ' ' },
      { t: 'code', v: 'e' },
      { t: 'text', v: ' snake_case_name' },
    ])
    expect(inlines('see https://example.com/x.')).toEqual([
      { t: 'text', v: 'see ' },
      { t: 'link', href: 'https://example.com/x', c: [{ t: 'text', v: 'https://example.com/x' }] },
      { t: 'text', v: '.' },
    ])
  })
  it('lets only http(s) and mailto links through', () => {
    expect(safeHref('https://a.b/c')).toBe('https://a.b/c')
    expect(safeHref('mailto:x@y.z')).toBe('mailto:x@y.z')
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>', 'vbscript:x', '//evil.example', '/relative']) expect(safeHref(bad)).toBeNull()
    expect(inlines('[x](javascript:alert(1))')).toEqual([{ t: 'text', v: 'x' }])
  })
})

describe('MarkdownView', () => {
  it('renders model output as text: no script, img, svg or handler reaches the DOM', () => {
    const w = mount(MarkdownView, { props: { source: XSS }, attachTo: document.body })
    const el = w.element as HTMLElement
    expect(el.querySelectorAll('script, img, svg, iframe, b, i').length).toBe(0)
    for (const node of Array.from(el.querySelectorAll('*'))) {
      for (const a of Array.from(node.attributes)) expect(a.name.startsWith('on'), `${node.tagName} ${a.name}`).toBe(false)
    }
    const hrefs = Array.from(el.querySelectorAll('a')).map((a) => a.getAttribute('href'))
    expect(hrefs).toEqual(['https://example.com/a.png'])
    // The characters are there, as text.
    expect(el.textContent).toContain('<img src=x onerror="window.__xss=1">')
    expect(el.textContent).toContain('<script>window.__xss=2</script>')
    expect(el.querySelector('pre code')?.textContent).toBe('<script>window.__xss=4</script>')
    expect(el.querySelector('td code')?.textContent).toBe('<i>')
    expect(el.querySelector('td strong')?.textContent).toBe('<svg onload=x>')
    expect((window as unknown as { __xss?: number }).__xss).toBeUndefined()
    w.unmount()
  })
})

// --- The chat page ---------------------------------------------------------

const msg = (over: Record<string, unknown>) => ({
  id: 1, conversation_id: 5, role: 'user', content: '', reasoning: '', prompt_tokens: 0, completion_tokens: 0, total_tokens: 0,
  finish_reason: null, metadata: {}, created_at: '2026-12-03T10:00:00Z', ...over,
})
const conv = { id: 5, user_id: 2, title: '周报', model: 'glm-4-plus', system_prompt: '', temperature: 0.7, max_tokens: 4096, active: true,
  message_count: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, created_at: '2026-12-03T10:00:00Z', updated_at: '2026-12-03T10:00:00Z' }

const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`

/** A fetch answering the page's calls; `reply` answers the POST of a message. */
function stubFetch(reply: (signal: AbortSignal) => Response) {
  const calls: { url: string; method: string; body?: string }[] = []
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET'
    calls.push({ url, method, body: init?.body as string | undefined })
    const json = (v: unknown, status = 200) => new Response(JSON.stringify(v), { status, headers: { 'content-type': 'application/json' } })
    if (url.startsWith('/api/v1/assistant/conversations?')) return json({ items: [conv], total: 1, page: 1, page_size: 200 })
    if (url === '/api/v1/assistant/usage') return json({ day: '2026-12-03', used_tokens: 40, limit_tokens: 1000, own_limit: false })
    if (url === '/api/v1/assistant/conversations/5/messages' && method === 'GET') return json([])
    if (url === '/api/v1/assistant/conversations/5/messages' && method === 'POST') return reply(init!.signal!)
    return json({ error: { code: 'not_found', message: 'no' } }, 404)
  }))
  return calls
}

/** An SSE body: `parts` written in order, then (unless `hang`) closed. */
function stream(parts: string[], signal: AbortSignal, hang = false): Response {
  const enc = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of parts) c.enqueue(enc.encode(p))
      if (!hang) c.close()
      signal.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')))
    },
  })
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } })
}

async function mountChat() {
  setLocale('zh-CN')
  setActivePinia(createPinia())
  const w = mount(AssistantView, { global: { plugins: [ElementPlus, i18n] }, attachTo: document.body })
  await flushPromises()
  return w
}

async function until(f: () => boolean) {
  for (let i = 0; i < 50 && !f(); i++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r, 10))
  }
  expect(f()).toBe(true)
}

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('AssistantView', () => {
  it('streams a reply on Ctrl+Enter: reasoning folded apart, Markdown, token counts', async () => {
    const calls = stubFetch((signal) =>
      stream(
        [
          sse('start', { user_message: msg({ id: 1, content: '写个例子' }), reply: msg({ id: 2, role: 'assistant' }) }),
          sse('delta', { type: 'delta', content: '', reasoning: '先想一想' }),
          sse('delta', { type: 'delta', content: '## 例子\n\n', reasoning: '' }),
          sse('delta', { type: 'delta', content: '```py\nprint(1)\n```\n<img src=x onerror=alert(1)>', reasoning: '' }),
          sse('usage', { type: 'usage', prompt_tokens: 12, completion_tokens: 30, total_tokens: 42 }),
          sse('done', { type: 'done', message: msg({ id: 2, role: 'assistant', content: '## 例子\n\n```py\nprint(1)\n```\n<img src=x onerror=alert(1)>', reasoning: '先想一想', prompt_tokens: 12, completion_tokens: 30, total_tokens: 42, finish_reason: 'stop' }) }),
        ],
        signal,
      ),
    )
    const w = await mountChat()
    expect(w.find('[data-test="chat-title"]').text()).toBe('周报')
    expect(w.find('[data-test="chat-usage"]').text()).toBe('今日已用 40 / 1000 tokens')
    const ta = w.find('textarea[data-test="chat-input"]')
    await ta.setValue('写个例子')
    await ta.trigger('keydown', { key: 'Enter', ctrlKey: true })
    await until(() => w.findAll('[data-test="chat-tokens"]').length === 1)
    const post = calls.find((c) => c.method === 'POST')!
    expect(JSON.parse(post.body!)).toEqual({ content: '写个例子', stream: true })
    const reply = w.findAll('[data-test="chat-message"]')[1]
    expect(reply.find('[data-test="chat-reasoning"] summary').text()).toBe('思考过程')
    expect(reply.find('[data-test="chat-reasoning"]').text()).toContain('先想一想')
    expect(reply.find('[data-test="chat-markdown"] h4').text()).toBe('例子')
    expect(reply.find('pre code').text()).toBe('print(1)')
    expect(reply.find('img').exists()).toBe(false)
    expect(reply.find('[data-test="chat-markdown"]').text()).toContain('<img src=x onerror=alert(1)>')
    expect(reply.find('[data-test="chat-tokens"]').text()).toBe('Token：输入 12 / 输出 30 / 合计 42')
    expect((ta.element as HTMLTextAreaElement).value).toBe('')
    w.unmount()
  })

  it('stops a reply mid-stream and keeps what arrived', async () => {
    stubFetch((signal) =>
      stream([sse('start', { user_message: msg({ id: 1, content: 'hi' }), reply: msg({ id: 2, role: 'assistant' }) }), sse('delta', { type: 'delta', content: '前半段', reasoning: '' })], signal, true),
    )
    const w = await mountChat()
    await w.find('textarea[data-test="chat-input"]').setValue('hi')
    await w.find('[data-test="chat-send"]').trigger('click')
    await until(() => w.find('[data-test="chat-stop"]').exists() && w.text().includes('前半段'))
    await w.find('[data-test="chat-stop"]').trigger('click')
    await until(() => w.find('[data-test="chat-finish"]').exists())
    expect(w.find('[data-test="chat-finish"]').text()).toBe('已停止')
    expect(w.find('[data-test="chat-markdown"]').text()).toBe('前半段')
    expect(w.find('[data-test="chat-send"]').exists()).toBe(true)
    w.unmount()
  })

  it('shows a 429 refusal with the server’s sentence, the message kept in the box', async () => {
    stubFetch(() => new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'daily token limit reached: 1000 of 1000 tokens used today' } }), { status: 429 }))
    const w = await mountChat()
    await w.find('textarea[data-test="chat-input"]').setValue('again')
    await w.find('[data-test="chat-send"]').trigger('click')
    await until(() => w.find('[data-test="chat-error"]').exists())
    expect(w.find('[data-test="chat-error"]').text()).toContain('请求受限')
    expect(w.find('[data-test="chat-error"]').text()).toContain('1000 of 1000 tokens')
    expect((w.find('textarea[data-test="chat-input"]').element as HTMLTextAreaElement).value).toBe('again')
    w.unmount()
  })
})
