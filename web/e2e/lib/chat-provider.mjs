// A chat-completions provider on loopback for the assistant scenario, speaking
// the OpenAI-compatible protocol Tianqi talks (POST <base>/chat/completions,
// `stream: true` answered as SSE `data:` chunks, `[DONE]` last): a reasoning
// stream (`reasoning_content`), then the content, then `usage`. What it answers
// follows the last user message: one containing "slow" comes a piece every
// 150 ms (long enough to press stop mid-way), "xss" answers markup that must
// stay inert, anything else a short Markdown answer with a code block.

import http from 'node:http'

export const KEY = 'sk-e2e-provider-0123456789'
export const MARKDOWN = '## 示例\n\n这是 **加粗** 和 `代码`。\n\n```python\nprint("hello")\n```\n\n- 第一\n- 第二'
export const XSS = 'Look: <img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> [click](javascript:window.__xss=3)'

const chunk = (delta, extra = {}) => `data: ${JSON.stringify({ id: 'e2e', object: 'chat.completion.chunk', model: 'e2e-model', choices: [{ index: 0, delta, ...extra }] })}\n\n`

/** Starts the provider; answers `{ baseUrl, requests, close() }`. */
export function chatProvider() {
  const requests = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', async () => {
      if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
        res.writeHead(404).end()
        return
      }
      if (req.headers.authorization !== `Bearer ${KEY}`) {
        res.writeHead(401, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ error: { message: 'invalid api key' } }))
        return
      }
      const b = JSON.parse(body)
      requests.push(b)
      const last = [...b.messages].reverse().find((m) => m.role === 'user')?.content ?? ''
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
      let closed = false
      res.on('close', () => (closed = true))
      const write = (s) => !closed && res.write(s)
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
      write(chunk({ role: 'assistant', reasoning_content: '先想' }))
      write(chunk({ reasoning_content: '一想。' }))
      if (last.includes('slow')) {
        for (let i = 1; i <= 200 && !closed; i++) {
          write(chunk({ content: `片段${i} ` }))
          await sleep(150)
        }
      } else {
        const text = last.includes('xss') ? XSS : MARKDOWN
        // In a few pieces, cut mid-word as real streams are.
        for (let i = 0; i < text.length; i += 7) {
          write(chunk({ content: text.slice(i, i + 7) }))
          await sleep(10)
        }
      }
      write(chunk({}, { finish_reason: 'stop' }))
      write(`data: ${JSON.stringify({ id: 'e2e', choices: [], usage: { prompt_tokens: 21, completion_tokens: 34, total_tokens: 55 } })}\n\n`)
      write('data: [DONE]\n\n')
      res.end()
    })
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        baseUrl: `http://127.0.0.1:${server.address().port}/v4`,
        requests,
        close: () => new Promise((r) => server.close(r)),
      }),
    )
  })
}
