// The sandbox page against a stubbed fetch: runtimes, a run with a compile
// stage, statuses in words, and a Piston error message in a toast.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import SandboxView from '../src/views/SandboxView.vue'
import { i18n, setLocale } from '../src/i18n'

const stage = (over: Record<string, unknown>) => ({
  stdout: '', stderr: '', output: '', code: 0, signal: null, message: null, status: null, cpu_time: 3, wall_time: 5, memory: 1048576, ...over,
})

function stubFetch(execute: () => Response) {
  const calls: { url: string; body?: string }[] = []
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    calls.push({ url, body: init?.body as string | undefined })
    if (url === '/api/v2/runtimes') {
      return new Response(JSON.stringify([
        { language: 'python', version: '3.11.2', aliases: ['py'], runtime: 'img' },
        { language: 'c', version: '12.2.0', aliases: ['gcc'], runtime: 'img' },
      ]), { status: 200 })
    }
    if (url === '/api/v2/execute') return execute()
    return new Response('{"error":{"code":"not_found","message":"no"}}', { status: 404 })
  }))
  return calls
}

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('SandboxView', () => {
  it('runs the chosen runtime and shows both stages with their statuses', async () => {
    setLocale('zh-CN')
    setActivePinia(createPinia())
    const calls = stubFetch(() => new Response(JSON.stringify({
      language: 'c', version: '12.2.0',
      compile: stage({}),
      run: stage({ stdout: 'late\n', code: null, signal: 'SIGKILL', status: 'TO', message: 'Time limit exceeded', wall_time: 1001 }),
    }), { status: 200 }))
    const w = mount(SandboxView, { global: { plugins: [i18n, ElementPlus, createPinia()] }, attachTo: document.body })
    await flushPromises()
    // python is picked first, with its example code.
    expect((w.find('[data-test="sandbox-code"]').element as HTMLTextAreaElement).value).toContain('input()')
    await w.find('[data-test="sandbox-code"]').setValue('int main(){for(;;);}')
    await w.find('textarea[data-test="sandbox-stdin"]').setValue('in')
    await w.find('textarea[data-test="sandbox-args"]').setValue('a b\nc')
    await w.find('[data-test="sandbox-run"]').trigger('click')
    await flushPromises()
    const sent = JSON.parse(calls.find((c) => c.url === '/api/v2/execute')!.body!)
    expect(sent).toEqual({ language: 'python', version: '3.11.2', files: [{ content: 'int main(){for(;;);}' }], stdin: 'in', args: ['a b', 'c'] })
    const compile = w.find('[data-test="stage-compile"]')
    expect(compile.find('[data-test="stage-status"]').text()).toBe('成功')
    const run = w.find('[data-test="stage-run"]')
    expect(run.find('[data-test="stage-status"]').text()).toBe('TO · 超时')
    expect(run.text()).toContain('SIGKILL')
    expect(run.text()).toContain('1001 ms')
    expect(run.find('[data-test="stage-message"]').text()).toContain('Time limit exceeded')
    expect(run.find('[data-test="stage-stdout"]').text()).toBe('late')
    setLocale('en')
    await flushPromises()
    expect(run.find('[data-test="stage-status"]').text()).toBe('TO · Timed out')
    setLocale('zh-CN')
    w.unmount()
  })

  it('shows the message of a Piston error in a toast', async () => {
    setLocale('en')
    setActivePinia(createPinia())
    stubFetch(() => new Response('{"message":"run_timeout cannot exceed the configured limit of 15000"}', { status: 400 }))
    const w = mount(SandboxView, { global: { plugins: [i18n, ElementPlus, createPinia()] }, attachTo: document.body })
    await flushPromises()
    await w.find('[data-test="sandbox-run"]').trigger('click')
    await flushPromises()
    await vi.waitFor(() => expect(document.body.querySelector('.el-message--error')?.textContent).toContain('run_timeout cannot exceed the configured limit of 15000'))
    expect(w.find('[data-test="stage-run"]').exists()).toBe(false)
    setLocale('zh-CN')
    w.unmount()
  })
})
