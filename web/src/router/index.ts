import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteLocationRaw, type RouteRecordRaw } from 'vue-router'
import { useAuth } from '../stores/auth'

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean
    admin?: boolean
    title?: string
  }
}

// Every page is its own chunk, loaded when first visited.
export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('../views/auth/LoginView.vue'), meta: { public: true, title: 'login.title' } },
  { path: '/change-password', name: 'force-password', component: () => import('../views/auth/ForcePasswordView.vue'), meta: { title: 'password.forceTitle' } },
  {
    path: '/',
    component: () => import('../layouts/MainLayout.vue'),
    children: [
      { path: '', name: 'dashboard', component: () => import('../views/dashboard/DashboardView.vue'), meta: { title: 'menu.dashboard' } },
      { path: 'instances', name: 'instances', component: () => import('../views/instances/InstancesView.vue'), meta: { title: 'menu.instances' } },
      { path: 'instances/:id', name: 'instance', component: () => import('../views/instances/InstanceDetailView.vue'), meta: { title: 'menu.instances' } },
      { path: 'images', name: 'images', component: () => import('../views/images/ImagesView.vue'), meta: { title: 'menu.images' } },
      { path: 'specs', name: 'specs', component: () => import('../views/specs/SpecsView.vue'), meta: { title: 'menu.specs' } },
      { path: 'sandbox', name: 'sandbox', component: () => import('../views/sandbox/SandboxView.vue'), meta: { title: 'menu.sandbox' } },
      { path: 'nodes', name: 'nodes', component: () => import('../views/nodes/NodesView.vue'), meta: { admin: true, title: 'menu.nodes' } },
      { path: 'admin/users', name: 'users', component: () => import('../views/users/UsersView.vue'), meta: { admin: true, title: 'menu.users' } },
      { path: 'admin/audit', name: 'audit', component: () => import('../views/audit/AuditView.vue'), meta: { admin: true, title: 'menu.audit' } },
      { path: 'admin/workspaces', name: 'workspaces', component: () => import('../views/workspaces/WorkspacesView.vue'), meta: { admin: true, title: 'menu.workspaces' } },
      { path: 'admin/orphans', name: 'orphans', component: () => import('../views/instances/OrphansView.vue'), meta: { admin: true, title: 'menu.orphans' } },
      { path: 'account/password', name: 'my-password', component: () => import('../views/account/PasswordView.vue'), meta: { title: 'menu.myPassword' } },
      { path: 'account/tokens', name: 'my-tokens', component: () => import('../views/account/TokensView.vue'), meta: { title: 'menu.myTokens' } },
      { path: ':rest(.*)*', name: 'not-found', component: () => import('../views/NotFoundView.vue'), meta: { title: 'notFound.title' } },
    ],
  },
]

export const router = createRouter({ history: createWebHistory(), routes })

interface AuthView {
  signedIn: boolean
  isAdmin: boolean
  user: { must_change_password: boolean } | null
}

/** Where a navigation may go: sign-in first, then a forced password change, then admin-only pages. */
export function guard(to: Pick<RouteLocationNormalized, 'meta' | 'name' | 'fullPath'>, auth: AuthView): true | RouteLocationRaw {
  if (to.meta.public) {
    return auth.signedIn && to.name === 'login' ? { name: 'dashboard' } : true
  }
  if (!auth.signedIn) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : undefined }
  if (auth.user?.must_change_password && to.name !== 'force-password') return { name: 'force-password' }
  if (to.meta.admin && !auth.isAdmin) return { name: 'dashboard' }
  return true
}

router.beforeEach((to) => guard(to, useAuth()))
