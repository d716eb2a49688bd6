import type { Component } from 'vue'
import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteLocationRaw, type RouteRecordRaw } from 'vue-router'
import { Box, ChatDotRound, Coin, Connection, Cpu, DataAnalysis, DataLine, Document, EditPen, Files, Grid, Key, MagicStick, Management, Monitor, Picture, SetUp, Tickets, Timer, User, VideoPlay, Warning } from '@element-plus/icons-vue'
import { useAuth } from '../stores/auth'

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without signing in. */
    public?: boolean
    /** Admins only: the guard sends others to the dashboard, the menu hides it. */
    admin?: boolean
    /** i18n key of the page's title (the tab title, and its menu entry). */
    title?: string
    /** Where the page appears in the menus (see router/menu.ts); absent: in none. */
    menu?: { group: 'main' | 'admin' | 'account'; order: number; icon?: Component }
  }
}

// Every page is its own chunk, loaded when first visited. A page in a menu says
// so in its meta; MainLayout builds the menus from these records.
export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('../views/auth/LoginView.vue'), meta: { public: true, title: 'login.title' } },
  { path: '/change-password', name: 'force-password', component: () => import('../views/auth/ForcePasswordView.vue'), meta: { title: 'password.forceTitle' } },
  {
    path: '/',
    component: () => import('../layouts/MainLayout.vue'),
    children: [
      { path: '', name: 'dashboard', component: () => import('../views/dashboard/DashboardView.vue'), meta: { title: 'menu.dashboard', menu: { group: 'main', order: 10, icon: Monitor } } },
      { path: 'instances', name: 'instances', component: () => import('../views/instances/InstancesView.vue'), meta: { title: 'menu.instances', menu: { group: 'main', order: 20, icon: Box } } },
      { path: 'instances/:id', name: 'instance', component: () => import('../views/instances/InstanceDetailView.vue'), meta: { title: 'menu.instances' } },
      { path: 'images', name: 'images', component: () => import('../views/images/ImagesView.vue'), meta: { title: 'menu.images', menu: { group: 'main', order: 30, icon: Picture } } },
      { path: 'specs', name: 'specs', component: () => import('../views/specs/SpecsView.vue'), meta: { title: 'menu.specs', menu: { group: 'main', order: 40, icon: Tickets } } },
      { path: 'sandbox', name: 'sandbox', component: () => import('../views/sandbox/SandboxView.vue'), meta: { title: 'menu.sandbox', menu: { group: 'main', order: 50, icon: EditPen } } },
      { path: 'tasks', name: 'tasks', component: () => import('../views/tasks/TasksView.vue'), meta: { title: 'menu.tasks', menu: { group: 'main', order: 60, icon: Timer } } },
      { path: 'finetune', name: 'finetune', component: () => import('../views/finetune/FinetuneView.vue'), meta: { title: 'menu.finetune', menu: { group: 'main', order: 65, icon: MagicStick } } },
      { path: 'finetune/:id', name: 'finetune-job', component: () => import('../views/finetune/FinetuneDetailView.vue'), meta: { title: 'menu.finetune' } },
      { path: 'assistant', name: 'assistant', component: () => import('../views/assistant/AssistantView.vue'), meta: { title: 'menu.assistant', menu: { group: 'main', order: 75, icon: ChatDotRound } } },
      { path: 'k8s', name: 'kube', component: () => import('../views/kube/KubeClustersView.vue'), meta: { title: 'menu.kube', menu: { group: 'main', order: 68, icon: Grid } } },
      { path: 'k8s/:id', name: 'kube-cluster', component: () => import('../views/kube/KubeClusterView.vue'), meta: { title: 'menu.kube' } },
      { path: 'usage', name: 'usage', component: () => import('../views/usage/UsageView.vue'), meta: { title: 'menu.usage', menu: { group: 'main', order: 70, icon: DataAnalysis } } },
      { path: 'nodes', name: 'nodes', component: () => import('../views/nodes/NodesView.vue'), meta: { admin: true, title: 'menu.nodes', menu: { group: 'admin', order: 10, icon: Cpu } } },
      { path: 'admin/users', name: 'users', component: () => import('../views/users/UsersView.vue'), meta: { admin: true, title: 'menu.users', menu: { group: 'admin', order: 20, icon: User } } },
      { path: 'admin/audit', name: 'audit', component: () => import('../views/audit/AuditView.vue'), meta: { admin: true, title: 'menu.audit', menu: { group: 'admin', order: 30, icon: Document } } },
      { path: 'admin/quotas', name: 'quotas', component: () => import('../views/usage/QuotasView.vue'), meta: { admin: true, title: 'menu.quotas', menu: { group: 'admin', order: 35, icon: Coin } } },
      { path: 'admin/orphans', name: 'orphans', component: () => import('../views/instances/OrphansView.vue'), meta: { admin: true, title: 'menu.orphans', menu: { group: 'admin', order: 40, icon: Warning } } },
      { path: 'admin/workspaces', name: 'workspaces', component: () => import('../views/workspaces/WorkspacesView.vue'), meta: { admin: true, title: 'menu.workspaces', menu: { group: 'admin', order: 50, icon: Files } } },
      { path: 'admin/port-forwards', name: 'port-forwards', component: () => import('../views/port-forwards/PortForwardsView.vue'), meta: { admin: true, title: 'menu.portForwards', menu: { group: 'admin', order: 60, icon: Connection } } },
      { path: 'admin/recordings', name: 'recordings', component: () => import('../views/jumpbox/RecordingsView.vue'), meta: { admin: true, title: 'menu.recordings', menu: { group: 'admin', order: 65, icon: VideoPlay } } },
      { path: 'admin/system', name: 'system', component: () => import('../views/system/SystemView.vue'), meta: { admin: true, title: 'menu.system', menu: { group: 'admin', order: 70, icon: DataLine } } },
      { path: 'admin/k8s-grants', name: 'kube-grants', component: () => import('../views/kube/KubeGrantsView.vue'), meta: { admin: true, title: 'menu.kubeGrants', menu: { group: 'admin', order: 75, icon: Key } } },
      { path: 'admin/assets', name: 'assets', component: () => import('../views/assets/AssetsView.vue'), meta: { admin: true, title: 'menu.assets', menu: { group: 'admin', order: 80, icon: Management } } },
      { path: 'admin/assistant', name: 'assistant-configs', component: () => import('../views/assistant/AssistantConfigsView.vue'), meta: { admin: true, title: 'menu.assistantConfigs', menu: { group: 'admin', order: 85, icon: SetUp } } },
      { path: 'account/password', name: 'my-password', component: () => import('../views/account/PasswordView.vue'), meta: { title: 'menu.myPassword', menu: { group: 'account', order: 10 } } },
      { path: 'account/tokens', name: 'my-tokens', component: () => import('../views/account/TokensView.vue'), meta: { title: 'menu.myTokens', menu: { group: 'account', order: 20 } } },
      { path: 'account/ssh-keys', name: 'my-ssh-keys', component: () => import('../views/jumpbox/SshKeysView.vue'), meta: { title: 'menu.mySshKeys', menu: { group: 'account', order: 30 } } },
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
