import { describe, expect, it, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import StatusTag from '../src/components/StatusTag.vue'
import PasswordForm from '../src/components/PasswordForm.vue'
import { i18n, setLocale } from '../src/i18n'
import { guard } from '../src/router'

const plugins = [i18n, ElementPlus]

describe('StatusTag', () => {
  it('shows the status in the chosen language with its colour', async () => {
    setLocale('zh-CN')
    const w = mount(StatusTag, { props: { status: 'running' }, global: { plugins } })
    expect(w.text()).toBe('运行中')
    expect(w.find('.el-tag').classes()).toContain('el-tag--success')
    const n = mount(StatusTag, { props: { status: 'failed', kind: 'node' }, global: { plugins } })
    expect(n.text()).toBe('连接失败')
    expect(n.find('.el-tag').classes()).toContain('el-tag--danger')
    setLocale('en')
    await flushPromises()
    expect(w.text()).toBe('Running')
    expect(n.text()).toBe('Connection failed')
    expect(localStorage.getItem('tianqi.locale')).toBe('en')
    setLocale('zh-CN')
  })
})

describe('PasswordForm', () => {
  it('validates inline: length and confirmation', async () => {
    setLocale('zh-CN')
    setActivePinia(createPinia())
    const w = mount(PasswordForm, { global: { plugins: [...plugins, createPinia()] }, attachTo: document.body })
    await w.find('[data-test="pw-new"]').setValue('short')
    await w.find('[data-test="pw-confirm"]').setValue('different')
    await w.find('form').trigger('submit')
    await flushPromises()
    await vi.waitFor(() => expect(w.findAll('.el-form-item__error')).toHaveLength(3))
    const text = w.text()
    expect(text).toContain('此项为必填项')
    expect(text).toContain('密码至少 8 个字符')
    expect(text).toContain('两次输入的密码不一致')
    expect(w.emitted('done')).toBeUndefined()
    w.unmount()
  })
})

describe('router guard', () => {
  const route = (name: string, meta: Record<string, boolean> = {}) => ({ name, meta, fullPath: `/${name}` })
  const anon = { signedIn: false, isAdmin: false, user: null }
  const user = { signedIn: true, isAdmin: false, user: { must_change_password: false } }
  const admin = { signedIn: true, isAdmin: true, user: { must_change_password: false } }
  const fresh = { signedIn: true, isAdmin: true, user: { must_change_password: true } }

  it('sends anonymous people to the sign-in page, keeping where they were going', () => {
    expect(guard(route('instances'), anon)).toEqual({ name: 'login', query: { redirect: '/instances' } })
    expect(guard(route('login', { public: true }), anon)).toBe(true)
  })
  it('forces a password change first', () => {
    expect(guard(route('instances'), fresh)).toEqual({ name: 'force-password' })
    expect(guard(route('force-password'), fresh)).toBe(true)
  })
  it('keeps users out of admin pages', () => {
    expect(guard(route('nodes', { admin: true }), user)).toEqual({ name: 'dashboard' })
    expect(guard(route('nodes', { admin: true }), admin)).toBe(true)
    expect(guard(route('login', { public: true }), user)).toEqual({ name: 'dashboard' })
  })
})
