// The menus are built from the route records' meta: the same entries, order and
// admin-only hiding as the list the layout used to keep by hand.
import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { routes } from '../src/router'
import { activeEntry, menuItems } from '../src/router/menu'

const records = createRouter({ history: createMemoryHistory(), routes }).getRoutes()
const paths = (group: 'main' | 'admin' | 'account', isAdmin: boolean) => menuItems(records, group, isAdmin).map((i) => i.path)

describe('menus from route meta', () => {
  it('lists the main pages for everyone, in order, with titles and icons', () => {
    expect(paths('main', false)).toEqual(['/', '/instances', '/images', '/specs', '/sandbox', '/tasks', '/finetune', '/k8s', '/usage', '/assistant'])
    expect(paths('main', true)).toEqual(paths('main', false))
    const items = menuItems(records, 'main', false)
    expect(items.map((i) => i.title)).toEqual(['menu.dashboard', 'menu.instances', 'menu.images', 'menu.specs', 'menu.sandbox', 'menu.tasks', 'menu.finetune', 'menu.kube', 'menu.usage', 'menu.assistant'])
    for (const i of items) expect(i.icon, i.path).toBeTruthy()
  })
  it('shows the admin group to admins only', () => {
    expect(paths('admin', true)).toEqual(['/nodes', '/admin/users', '/admin/audit', '/admin/quotas', '/admin/orphans', '/admin/workspaces', '/admin/port-forwards', '/admin/recordings', '/admin/system', '/admin/k8s-grants', '/admin/assets', '/admin/assistant'])
    expect(paths('admin', false)).toEqual([])
  })
  it('puts the account pages in the user menu', () => {
    expect(paths('account', false)).toEqual(['/account/password', '/account/tokens', '/account/ssh-keys'])
  })
  it('marks every admin menu entry admin-only for the guard too', () => {
    for (const r of records.filter((r) => r.meta.menu?.group === 'admin')) expect(r.meta.admin, r.path).toBe(true)
  })
  it('highlights the entry a page lies below', () => {
    const items = [...menuItems(records, 'main', true), ...menuItems(records, 'admin', true)]
    expect(activeEntry(items, '/')).toBe('/')
    expect(activeEntry(items, '/instances')).toBe('/instances')
    expect(activeEntry(items, '/instances/7')).toBe('/instances')
    expect(activeEntry(items, '/k8s/3')).toBe('/k8s')
    expect(activeEntry(items, '/admin/users')).toBe('/admin/users')
    expect(activeEntry(items, '/account/tokens')).toBe('/')
    expect(activeEntry(items, '/instancesX')).toBe('/')
  })
})
