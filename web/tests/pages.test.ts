// The sandbox and workspaces pages against a stubbed fetch: runtimes, a run
// with a compile stage, statuses in words, a Piston error message in a toast;
// the workspace profile, empty state, list and live probes.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import SandboxView from '../src/views/sandbox/SandboxView.vue'
import WorkspacesView from '../src/views/workspaces/WorkspacesView.vue'
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

describe('WorkspacesView', () => {
  const ws = {
    profile: 'matlab', user_id: 3, container_name: 'matlab-user-3', docker_id: 'abc', node_id: 1, http_port: 30003, ws_port: 31003,
    status: 'running', created_at: '2026-11-22T09:00:00Z', updated_at: '2026-11-22T09:00:00Z',
  }
  const profile = {
    name: 'matlab', image: 'matlab:latest', name_template: 'matlab-user-{user_id}', max_users: 100, http_port_base: 30000, ws_port_base: 31000,
    container_http_port: 8888, container_ws_port: 8765, data_root: '/srv/matlab_data', mount_path: '/home/matlab/shared', data_owner: '',
    cpu_milli: 2000, memory_bytes: 4 * 1024 ** 3, shm_bytes: 4 * 1024 ** 3, pids_limit: 4096, license_server: '', context_tags: '', node: 'local',
  }
  function stub(items: unknown[]) {
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      const json = (v: unknown, status = 200) => new Response(JSON.stringify(v), { status })
      if (url.startsWith('/api/v1/workspaces?')) return json({ items, total: items.length, page: 1, page_size: 20 })
      if (url === '/api/v1/workspaces/profile') return json(profile)
      if (url === '/api/v1/workspaces/3') {
        return json({
          workspace: ws,
          health: {
            container_name: 'matlab-user-3', running: true, started_at: '2026-11-22T09:00:01Z', cpu_percent: 2.74, memory_usage_bytes: 64 * 1024 ** 2,
            memory_limit_bytes: 4 * 1024 ** 3, memory_percent: 1.56, probes: { web_healthy: true, websocket_healthy: false, probe_ms: 12.3 }, http_port: 30003, ws_port: 31003,
          },
        })
      }
      return json({ error: { code: 'not_found', message: 'no' } }, 404)
    }))
  }

  it('shows the profile and the empty state', async () => {
    setLocale('zh-CN')
    stub([])
    const w = mount(WorkspacesView, { global: { plugins: [i18n, ElementPlus, createPinia()] }, attachTo: document.body })
    await flushPromises()
    const p = w.find('[data-test="ws-profile"]').text()
    expect(p).toContain('matlab:latest')
    expect(p).toContain('30000 → :8888')
    expect(p).toContain('CPU 2, 内存 4 GiB')
    expect(p).toContain('/srv/matlab_data')
    expect(w.find('[data-test="workspaces-table"]').text()).toContain('还没有工作空间')
    w.unmount()
  })

  it('lists workspaces and shows live probes in the detail', async () => {
    setLocale('en')
    stub([ws])
    const w = mount(WorkspacesView, { global: { plugins: [i18n, ElementPlus, createPinia()] }, attachTo: document.body })
    await flushPromises()
    const table = w.find('[data-test="workspaces-table"]').text()
    for (const s of ['matlab-user-3', 'Running', '30003', '31003']) expect(table).toContain(s)
    await w.find('[data-test="ws-detail"]').trigger('click')
    await flushPromises()
    await vi.waitFor(() => expect(document.body.querySelector('[data-test="ws-web"]')?.textContent).toBe('Healthy'))
    expect(document.body.querySelector('[data-test="ws-websocket"]')?.textContent).toBe('Unhealthy')
    expect(document.body.querySelector('[data-test="ws-cpu"]')?.textContent).toBe('2.74%')
    expect(document.body.querySelector('[data-test="ws-mem"]')?.textContent).toBe('64 MiB / 4 GiB (1.56%)')
    expect(document.body.querySelector('[data-test="ws-detail-pane"]')?.textContent).toContain('/srv/matlab_data/user_3')
    setLocale('zh-CN')
    w.unmount()
  })
})
