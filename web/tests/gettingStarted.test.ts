// The first-run helpers on the dashboard and nodes page against a stubbed
// fetch: the banner offering this machine's Docker Engine (and registering it
// in one click), and the getting-started list (ticks, links, the sandbox image
// offered when the node has it, gone once every step is done).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import { createMemoryHistory, createRouter } from 'vue-router'
import LocalNodeBanner from '../src/components/LocalNodeBanner.vue'
import GettingStarted from '../src/views/dashboard/GettingStarted.vue'
import { i18n, setLocale } from '../src/i18n'
import { useAuth } from '../src/stores/auth'
import type { Node } from '../src/api/types'

type Handler = (url: string, init?: RequestInit) => unknown
function stubFetch(handler: Handler) {
  const calls: { method: string; url: string; body?: string }[] = []
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    calls.push({ method: init?.method ?? 'GET', url, body: init?.body as string | undefined })
    const out = handler(url, init)
    if (out === undefined) return new Response('{"error":{"code":"not_found","message":"no"}}', { status: 404 })
    return new Response(JSON.stringify(out), { status: 200 })
  }))
  return calls
}

const page = (items: unknown[]) => ({ items, total: items.length, page: 1, page_size: 100 })
const router = () => createRouter({
  history: createMemoryHistory(),
  routes: [{ path: '/', component: { template: '<div/>' } }, ...['images', 'specs', 'instances'].map((name) => ({ path: `/${name}`, name, component: { template: '<div/>' } }))],
})

function mountAs<T>(component: T, props: Record<string, unknown> = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuth().user = { id: 1, username: 'admin', role: 'admin', must_change_password: false } as never
  return mount(component as never, { props: props as never, global: { plugins: [i18n, ElementPlus, pinia, router()] }, attachTo: document.body })
}

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('LocalNodeBanner', () => {
  it('offers the engine and registers it in one click', async () => {
    setLocale('zh-CN')
    let registered = false
    const calls = stubFetch((url, init) => {
      if (url.startsWith('/api/v1/nodes/local-candidate')) {
        return { socket: '/var/run/docker.sock', answers: !registered, node_id: registered ? 7 : null, offer: !registered }
      }
      if (url.startsWith('/api/v1/nodes/local') && init?.method === 'POST') {
        registered = true
        return { id: 7, name: 'local' }
      }
    })
    const w = mountAs(LocalNodeBanner)
    await flushPromises()
    const banner = w.find('[data-test="local-node-banner"]')
    expect(banner.text()).toContain('本机的 Docker Engine 已可用')
    expect(banner.text()).toContain('/var/run/docker.sock')
    await w.find('[data-test="register-local"]').trigger('click')
    await flushPromises()
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/v1/nodes/local'])
    expect(w.emitted('registered')).toHaveLength(1)
    expect(w.find('[data-test="local-node-banner"]').exists()).toBe(false)
  })

  it('shows nothing when nothing is offered, and says it in English too', async () => {
    setLocale('en')
    stubFetch((url) => url.startsWith('/api/v1/nodes/local-candidate') ? { socket: '/s', answers: true, node_id: 3, offer: false } : undefined)
    const w = mountAs(LocalNodeBanner)
    await flushPromises()
    expect(w.find('[data-test="local-node-banner"]').exists()).toBe(false)
    expect(i18n.global.t('nodes.registerLocal')).toBe("Register this machine's Docker")
    setLocale('zh-CN')
    expect(i18n.global.t('nodes.registerLocal')).toBe('注册本机 Docker')
  })
})

describe('GettingStarted', () => {
  const node = { id: 5, name: 'local', docker_status: 'connected', docker_address: 'unix:///var/run/docker.sock' } as Node

  it('ticks what is done, links every step and offers the sandbox image the node has', async () => {
    setLocale('zh-CN')
    const images: unknown[] = []
    const calls = stubFetch((url, init) => {
      if (url.startsWith('/api/v1/images') && init?.method === 'POST') {
        images.push({ id: 1, ...JSON.parse(init.body as string) })
        return images[0]
      }
      if (url.startsWith('/api/v1/images')) return page(images)
      if (url.startsWith('/api/v1/specs')) return page([])
      if (url.startsWith('/api/v1/instances')) return page([])
      if (url.startsWith('/api/v1/nodes/5/images/present')) return { reference: 'tianqi/sandbox:bookworm', present: true }
    })
    const w = mountAs(GettingStarted, { node })
    await flushPromises()
    expect(w.find('[data-test="getting-started"]').text()).toContain('快速开始')
    for (const [step, href] of [['image', '/images'], ['spec', '/specs'], ['instance', '/instances']]) {
      const li = w.find(`[data-test="start-${step}"]`)
      expect(li.attributes('data-done')).toBe('false')
      expect(li.find('a').attributes('href')).toBe(href)
    }
    expect(calls.some((c) => c.url === '/api/v1/nodes/5/images/present?reference=tianqi%2Fsandbox%3Abookworm')).toBe(true)
    await w.find('[data-test="add-sandbox-image"]').trigger('click')
    await flushPromises()
    const sent = JSON.parse(calls.find((c) => c.method === 'POST')!.body!)
    expect(sent).toMatchObject({ address: 'tianqi/sandbox:bookworm', keep_alive_command: ['sleep', 'infinity'] })
    expect(w.find('[data-test="start-image"]').attributes('data-done')).toBe('true')
    expect(w.find('[data-test="add-sandbox-image"]').exists()).toBe(false)
  })

  it('does not offer a sandbox image the node lacks, and is gone once all is done', async () => {
    setLocale('zh-CN')
    let done = false
    stubFetch((url) => {
      if (url.startsWith('/api/v1/images')) return page(done ? [{ id: 1, address: 'x' }] : [])
      if (url.startsWith('/api/v1/specs')) return page(done ? [{ id: 1 }] : [])
      if (url.startsWith('/api/v1/instances')) return page(done ? [{ id: 1 }] : [])
      if (url.startsWith('/api/v1/nodes/5/images/present')) return { reference: 'tianqi/sandbox:bookworm', present: false }
    })
    const w = mountAs(GettingStarted, { node })
    await flushPromises()
    expect(w.find('[data-test="getting-started"]').exists()).toBe(true)
    expect(w.find('[data-test="add-sandbox-image"]').exists()).toBe(false)
    done = true
    const again = mountAs(GettingStarted, { node })
    await flushPromises()
    expect(again.find('[data-test="getting-started"]').exists()).toBe(false)
  })
})
