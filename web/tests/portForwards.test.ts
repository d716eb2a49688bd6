// The port forwarding page against a stubbed fetch: the rules with their live
// state and counters, protocol tags, the enable switch calling disable, the
// filters in the list request, and 获取服务器IP filling the source address.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import PortForwardsView from '../src/views/port-forwards/PortForwardsView.vue'
import { i18n, setLocale } from '../src/i18n'

const live = (over: Record<string, unknown>) => ({
  state: 'listening', error: null, last_error: null, active_connections: 0, total_connections: 0,
  bytes_in: 0, bytes_out: 0, rejected_connections: 0, target_address: null, ...over,
})
const rule = (over: Record<string, unknown>) => ({
  id: 1, source_ip: '0.0.0.0', source_port: 8022, protocol: 'tcp', target_ip: '10.0.0.7', target_port: 22,
  target_instance_id: null, target_instance_name: null, enabled: true, description: '', created_by: 1,
  created_at: '2026-12-01T10:00:00Z', updated_at: '2026-12-01T10:00:00Z', live: live({}), ...over,
})

function stubFetch() {
  const calls: { method: string; url: string }[] = []
  const rules = [
    rule({ live: live({ active_connections: 2, total_connections: 5, bytes_in: 2048, bytes_out: 1048576, target_address: '10.0.0.7:22' }) }),
    rule({ id: 2, protocol: 'udp', source_port: 5353, target_instance_id: 9, target_instance_name: 'dns-box', target_ip: '', target_port: 53,
      live: live({ state: 'error', error: 'cannot listen on 0.0.0.0:5353: address already in use', target_address: '172.31.250.9:53' }) }),
  ]
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET'
    calls.push({ method, url })
    if (url.startsWith('/api/v1/port-forwards?') || url === '/api/v1/port-forwards') {
      return new Response(JSON.stringify({ items: rules, total: 2, page: 1, page_size: 20 }), { status: 200 })
    }
    if (url === '/api/v1/port-forwards/1/disable') {
      return new Response(JSON.stringify(rule({ enabled: false, live: live({ state: 'stopped', total_connections: 5 }) })), { status: 200 })
    }
    if (url === '/api/v1/port-forwards/server-ips') return new Response('{"items":["192.0.2.10","192.0.2.11"]}', { status: 200 })
    if (url.startsWith('/api/v1/instances')) return new Response('{"items":[],"total":0,"page":1,"page_size":500}', { status: 200 })
    return new Response('{"error":{"code":"not_found","message":"no"}}', { status: 404 })
  }))
  return calls
}

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('PortForwardsView', () => {
  it('shows rules with live state, switches one off and fills the server IP', async () => {
    setLocale('zh-CN')
    setActivePinia(createPinia())
    const calls = stubFetch()
    const w = mount(PortForwardsView, { global: { plugins: [i18n, ElementPlus, createPinia()] }, attachTo: document.body })
    await flushPromises()
    const rows = w.findAll('[data-test="pf-table"] .el-table__body tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('0.0.0.0:8022')
    expect(rows[0].text()).toContain('TCP')
    expect(rows[0].text()).toContain('10.0.0.7:22')
    expect(rows[0].find('[data-test="pf-state"]').text()).toBe('监听中')
    expect(rows[0].find('[data-test="pf-conns"]').text()).toBe('2 / 5')
    expect(rows[0].find('[data-test="pf-bytes"]').text()).toBe('2 KiB / 1 MiB')
    expect(rows[1].text()).toContain('UDP')
    expect(rows[1].text()).toContain('dns-box:53')
    expect(rows[1].text()).toContain('→ 172.31.250.9:53')
    expect(rows[1].find('[data-test="pf-state"]').text()).toBe('错误')
    expect(rows[1].text()).toContain('address already in use')

    await rows[0].find('[data-test="pf-switch"]').trigger('click')
    await flushPromises()
    expect(calls.some((c) => c.method === 'POST' && c.url === '/api/v1/port-forwards/1/disable')).toBe(true)
    expect(w.findAll('[data-test="pf-table"] .el-table__body tr')[0].find('[data-test="pf-state"]').text()).toBe('已停止')

    await w.find('[data-test="new-port-forward"]').trigger('click')
    await flushPromises()
    await vi.waitFor(() => expect(document.body.querySelector('[data-test="pf-server-ip"]')).toBeTruthy())
    ;(document.body.querySelector('[data-test="pf-server-ip"]') as HTMLElement).click()
    await flushPromises()
    const input = document.body.querySelector('input[data-test="pf-source-ip"], [data-test="pf-source-ip"] input') as HTMLInputElement
    expect(input.value).toBe('192.0.2.10')
    expect(document.body.textContent).toContain('192.0.2.11')
    w.unmount()
  })
})
