// The menus, built from the route records' meta (router/index.ts): a page is in
// a menu when its meta says `menu: { group, order, icon }`, and hidden from
// people the guard would turn away (`admin`). Pure, so it is unit-tested.

import type { Component } from 'vue'
import type { RouteMeta } from 'vue-router'

export interface MenuItem {
  /** The page's full path. */
  path: string
  /** i18n key of its label. */
  title: string
  icon?: Component
}

export type MenuGroup = NonNullable<RouteMeta['menu']>['group']

/**
 * The entries of one group visible to this user, in their order. `routes` is
 * `router.getRoutes()` (records with full paths).
 */
export function menuItems(routes: readonly { path: string; meta: RouteMeta }[], group: MenuGroup, isAdmin: boolean): MenuItem[] {
  return routes
    .filter((r) => r.meta.menu?.group === group && (!r.meta.admin || isAdmin))
    .sort((a, b) => a.meta.menu!.order - b.meta.menu!.order)
    .map((r) => ({ path: r.path, title: r.meta.title ?? '', icon: r.meta.menu!.icon }))
}

/** The menu entry a path belongs to: the longest entry path it is or lies below ("/" otherwise). */
export function activeEntry(items: readonly MenuItem[], path: string): string {
  const candidates = items.map((i) => i.path).filter((p) => p !== '/')
  return candidates.filter((p) => path === p || path.startsWith(p + '/')).sort((a, b) => b.length - a.length)[0] ?? '/'
}
